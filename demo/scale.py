"""A network many times larger in people and history than the demo, for benchmarks.

Built on the demo's geography and units. The overlap rules hold by construction:
people and positions are split into cohorts; a cohort's time is cut into tours of
one length, and in each tour the cohort's people are a permutation of its
positions, each posting starting and ending inside its tour. Rows go in with
bulk_create, without history records.
"""

import datetime
import random
from collections import Counter

from base.cache import bump_data_version
from base.periods import add_months
from network.models import Department, Section
from postings.figures import PEOPLE_IN_POST_ABROAD
from postings.models import Force, Person, Position, Posting, Rank, RequiredForce, Role

from . import people as names
from .organisation import RANKS_BY_LEVEL

DAY = datetime.timedelta(days=1)
PREFIX = "SC-"
TITLE = "Scale post"
HISTORY_YEARS = 20
COHORTS = 48
BATCH = 5000
ROLES = [("liaison-officer", 5), ("deputy-isa", 2), ("technical-expert", 2), ("assistant", 2)]


def scale_data():
    """Querysets of what a previous run made: (postings, positions, people)."""
    people = Person.objects.filter(service_number__startswith=PREFIX)
    positions = Position.objects.filter(title__startswith=TITLE)
    return Posting.objects.filter(person__in=people), positions, people


def delete_scale_data():
    """Remove a previous scale network. Raw deletes: these rows have no history to keep,
    and loading 200,000 postings to send delete signals would take minutes."""
    for queryset in scale_data():
        queryset._raw_delete(queryset.db)
    bump_data_version()  # raw deletes send no signal: figures cached before them are stale


def generate(*, factor, today, seed=2010, log=lambda message: None):
    """Add `factor` times the demo's people in post abroad, as many positions, and
    about 20 years of tours; returns {"people": n, "positions": n, "postings": n}."""
    rng = random.Random(seed)
    base = PEOPLE_IN_POST_ABROAD.count(today)
    count = factor * base
    units = _units_open_on(today)
    if not units or not count:
        raise ValueError("The demo network must be loaded first (manage.py load_demo_network).")
    history_start = add_months(today, -12 * HISTORY_YEARS)
    roles = {role.code: role for role in Role.objects.filter(code__in=[code for code, _w in ROLES])}
    role_choices = [roles[code] for code, weight in ROLES for _ in range(weight)]
    ranks = {(rank.force, rank.name_fr): rank for rank in Rank.objects.all()}

    positions = []
    for index in range(count):
        kind, unit = units[index % len(units)]
        role = rng.choice(role_choices)
        positions.append(
            Position(
                **{kind: unit},
                role=role,
                title=f"{TITLE} {index + 1:06d}",
                start_date=max(unit.start_date, history_start),
                required_force=RequiredForce.EITHER,
                theme=Position.Theme.ADMINISTRATION if role.code == "assistant" else Position.Theme.GENERAL,
            )
        )
    Position.objects.bulk_create(positions, batch_size=BATCH)
    log(f"{len(positions)} positions")

    people = []
    for index in range(count):
        force = Force.POLICE if index % 2 == 0 else Force.GENDARMERIE
        first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
        rank = ranks[(force, rng.choice(RANKS_BY_LEVEL[force][rng.choice([1, 2, 2, 3, 4])]))]
        people.append(
            Person(
                service_number=f"{PREFIX}{index + 1:07d}",
                first_name=first,
                last_name=last,
                force=force,
                rank=rank,
                email=f"scale.{index + 1}@interieur.gouv.fr",
                languages="English",
            )
        )
    Person.objects.bulk_create(people, batch_size=BATCH)
    log(f"{len(people)} people")

    reasons = Counter()
    batch, total = [], 0
    for cohort in range(COHORTS):
        members = range(cohort, count, COHORTS)
        cohort_positions = [positions[i] for i in members]
        cohort_people = [people[i] for i in members]
        size = len(cohort_people)
        if not size:
            continue
        tour = rng.choice([24, 36, 36, 36, 48])
        period_start = add_months(history_start, cohort % tour)
        period = 0
        while period_start <= today:
            period_end = add_months(period_start, tour) - DAY
            shift = period * 7 + 1
            for j, person in enumerate(cohort_people):
                position = cohort_positions[(j + shift) % size]
                posting = _posting(rng, person, position, period_start, period_end, today, tour)
                if posting is None:
                    continue
                reasons[posting.end_reason] += 1
                batch.append(posting)
                if len(batch) >= BATCH:
                    Posting.objects.bulk_create(batch, batch_size=BATCH)
                    total += len(batch)
                    batch = []
            period_start, period = period_end + DAY, period + 1
    Posting.objects.bulk_create(batch, batch_size=BATCH)
    total += len(batch)
    log(f"{total} postings")
    return {"people": len(people), "positions": len(positions), "postings": total}


def _posting(rng, person, position, period_start, period_end, today, tour):
    """The posting of `person` in `position` during one tour (inside it), or None (a vacancy)."""
    if rng.random() < 0.05:
        return None
    start = max(period_start + rng.randint(0, 20) * DAY, position.start_date)
    if start > min(period_end, today):
        return None
    posting = Posting(person=person, position=position, start_date=start, expected_end_date=period_end)
    draw = rng.random()
    if period_end < today:
        if draw < 0.08:
            posting.end_date = min(start + rng.randint(90, tour * 20) * DAY, period_end)
            posting.end_reason = Posting.EndReason.CURTAILED
        else:
            posting.end_date = max(period_end - rng.randint(0, 10) * DAY, start)
            posting.end_reason = Posting.EndReason.TRANSFERRED if draw < 0.6 else Posting.EndReason.COMPLETED
    elif draw < 0.03 and (today - start).days > 30:
        posting.end_date = start + rng.randint(1, (today - start).days - 1) * DAY
        posting.end_reason = Posting.EndReason.CURTAILED
    return posting


def _units_open_on(day):
    departments = [("department", d) for d in Department.objects.active_on(day).order_by("pk")]
    sections = [("section", s) for s in Section.objects.active_on(day).order_by("pk")]
    return departments + sections
