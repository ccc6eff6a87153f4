"""The demo network as a plan: plain Python records keyed by natural keys, computed
from the data modules and a seeded random generator, with dates relative to `today`.

Nothing here touches the database; `sync.py` writes a plan. Every rule of the
models holds by construction (one holder per position and one posting per person
on any date, postings inside their position's period, coverage inside the
department's period, ranks of the person's force); `checks.py` proves it on the
database afterwards.
"""

import datetime
import random
import re
import unicodedata
from dataclasses import dataclass, field

from base.periods import add_months
from postings.models import Force, Posting, RequiredForce

from . import contacts, geography, organisation, people
from .departments import DEPARTMENTS, FORCES, FRENCH_REGIONAL, POSITION_KINDS, SECTIONS, THEMES, PositionKind

DAY = datetime.timedelta(days=1)
DIRECTORATE_CREATED = datetime.date(2010, 9, 1)
HISTORY_YEARS = 10
EndReason = Posting.EndReason

# Chance that an earlier tour in a post went to someone already known to the network
# (the people rotate), by career track.
REUSE = {"officer": 0.6, "assistant": 0.25, "civil": 0.4, "volunteer": 0.0}
RANK_ENGLISH = {(force, name_fr): name_en for force, name_en, name_fr, _abbr, _sen in organisation.RANKS}
TOKEN = re.compile(
    r"^(?P<kind>[a-z]+)(?:-(?P<theme>[a-z]+))?(?:/(?P<force>[PGEA]))?(?P<vacant>!)?"
    r"(?:\+(?P<start>new|\d{4}-\d\d-\d\d))?(?:~(?P<end>\d{4}-\d\d-\d\d))?$"
)


def parse_date(text):
    return datetime.date.fromisoformat(text) if text else None


@dataclass
class PlannedPosition:
    key: tuple
    unit: tuple  # ("central", acronym) | ("department", department key) | ("section", section key)
    kind: PositionKind
    title: str
    title_fr: str
    start: datetime.date
    end: datetime.date | None
    required_force: str
    theme: str
    cooperation: str
    body: str
    vacant: bool
    new: bool
    country: str  # where it serves (iso2; FR for the central entity)

    def accepts(self, force):
        if self.required_force == RequiredForce.ANY:
            return True
        if self.required_force == RequiredForce.EITHER:
            return force in (Force.POLICE, Force.GENDARMERIE)
        return force == self.required_force


@dataclass
class PlannedPerson:
    track: str
    force: str
    postings: list = field(default_factory=list)  # latest first
    held: set = field(default_factory=set)
    service_number: str = ""
    first_name: str = ""
    last_name: str = ""
    fields: dict = field(default_factory=dict)

    @property
    def earliest_start(self):
        return self.postings[-1].start

    @property
    def level(self):
        return max(p.position.kind.level for p in self.postings)


@dataclass
class PlannedPosting:
    position: PlannedPosition
    start: datetime.date
    end: datetime.date | None
    expected_end: datetime.date
    curtailed: bool = False
    closing: bool = False
    person: PlannedPerson | None = None
    end_reason: str = ""


@dataclass
class Plan:
    today: datetime.date
    regions: dict = field(default_factory=dict)
    countries: dict = field(default_factory=dict)
    embassies: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    placements: dict = field(default_factory=dict)
    departments: dict = field(default_factory=dict)
    coverages: dict = field(default_factory=dict)
    sections: dict = field(default_factory=dict)
    roles: dict = field(default_factory=dict)
    ranks: dict = field(default_factory=dict)
    positions: list = field(default_factory=list)
    people: list = field(default_factory=list)
    postings: list = field(default_factory=list)


def ascii_slug(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]+", "-", text.lower()).strip("-")


class Planner:
    def __init__(self, today, seed=2010):
        self.today = today
        self.rng = random.Random(seed)
        self.plan = Plan(today=today)
        self.horizon = add_months(today, -12 * HISTORY_YEARS)

    def build(self):
        self.geography()
        self.organisation()
        self.network()
        self.establishment()
        self.history()
        self.identities()
        return self.plan

    # --- geography and organisation -------------------------------------------------

    def geography(self):
        plan = self.plan
        for code, (order, name_en, name_fr, _countries) in geography.REGIONS.items():
            plan.regions[code] = {"name_en": name_en, "name_fr": name_fr, "order": order}
        for row in geography.iso_countries():
            plan.countries[row["iso2"]] = row
        with_embassy = {spec.host for spec in DEPARTMENTS}
        for spec in DEPARTMENTS:
            with_embassy.update(token.split(":")[0] for token in spec.covers.split())
        for iso2 in sorted(with_embassy - geography.NO_EMBASSY):
            capital = plan.countries[iso2]["capital"].removesuffix(", D.C.")
            city = geography.EMBASSY_CITIES.get(iso2, capital)
            plan.embassies[iso2] = {
                "city": city,
                "city_fr": geography.french_city(city),
                **contacts.embassy_contacts(iso2),
            }

    def organisation(self):
        plan = self.plan
        for acronym, parent, kind, name_en, name_fr, _staff in organisation.CENTRAL_UNITS:
            plan.units[acronym] = {"parent": parent, "kind": kind, "name_en": name_en, "name_fr": name_fr}
        for acronym, parent, until in organisation.EARLIER_PLACES:
            plan.placements[(acronym, parse_date(until))] = parent
        for code, (abbr, name_en, name_fr, heads, abroad, tour, order) in organisation.ROLES.items():
            plan.roles[code] = {
                "abbreviation": abbr,
                "name_en": name_en,
                "name_fr": name_fr,
                "heads_department": heads,
                "abroad": abroad,
                "tour_months": tour,
                "order": order,
                "minimum_rank_seniority": organisation.MINIMUM_RANK_SENIORITY.get(code),
            }
        for force, name_en, name_fr, abbr, seniority in organisation.RANKS:
            plan.ranks[(force, name_en)] = {"name_fr": name_fr, "abbreviation": abbr, "seniority": seniority}

    # --- departments, coverage, sections --------------------------------------------

    def network(self):
        plan = self.plan
        for spec in DEPARTMENTS:
            start, end = parse_date(spec.opened), parse_date(spec.closed)
            key = (spec.host, start)
            region = plan.countries[spec.host]["region"]
            plan.departments[key] = {
                "start_date": start,
                "end_date": end,
                "supervising_unit": organisation.SUPERVISING_BUREAU[region],
                "notes": spec.notes,
                "spec": spec,
                **contacts.unit_contacts("department", spec.host, plan.embassies[spec.host]["city"], key),
            }
            self.cover(key, spec.host, start, end)
            for token in spec.covers.split():
                iso2, *dates = token.split(":") + ["", ""]
                self.cover(key, iso2, parse_date(dates[0]) or start, parse_date(dates[1]) or end)
        for spec in SECTIONS:
            start, end = parse_date(spec.opened), parse_date(spec.closed)
            department = self.department_on(spec.department_host, start)
            plan.sections[(department, spec.city)] = {
                "country": spec.country,
                "city_fr": geography.french_city(spec.city),
                "start_date": start,
                "end_date": end,
                "spec": spec,
                **contacts.unit_contacts("section", spec.country, spec.city, (department, spec.city)),
            }

    def cover(self, department, iso2, start, end):
        dept = self.plan.departments[department]
        if start < dept["start_date"] or (dept["end_date"] and (end is None or end > dept["end_date"])):
            raise ValueError(f"coverage of {iso2} outside the period of the department {department}")
        self.plan.coverages[(department, iso2, start)] = {"end_date": end}

    def department_on(self, host, day):
        for key, dept in self.plan.departments.items():
            if (
                key[0] == host
                and dept["start_date"] <= day
                and (dept["end_date"] is None or dept["end_date"] >= day)
            ):
                return key
        raise ValueError(f"no department in {host} on {day}")

    # --- positions -------------------------------------------------------------------

    def establishment(self):
        plan = self.plan
        for acronym, *_rest, staff in organisation.CENTRAL_UNITS:
            self.positions(("central", acronym), staff, DIRECTORATE_CREATED, None, "FR")
        for key, dept in plan.departments.items():
            spec = dept["spec"]
            self.positions(
                ("department", key), spec.staff, dept["start_date"], dept["end_date"], key[0], spec.regional
            )
        for key, section in plan.sections.items():
            self.positions(
                ("section", key), section["spec"].staff, section["start_date"], section["end_date"],
                section["country"],
            )  # fmt: skip

    def positions(self, unit, staff, unit_start, unit_end, country, regional=""):
        titles = {}
        for token in staff.split():
            match = TOKEN.match(token)
            if match is None or match["kind"] not in POSITION_KINDS:
                raise ValueError(f"bad staff token {token!r} in {unit}")
            kind = POSITION_KINDS[match["kind"]]
            theme, body, title, title_fr = kind.theme, kind.body, kind.title, kind.title_fr
            if match["theme"]:
                theme, body, suffix, suffix_fr = THEMES[match["theme"]]
                title, title_fr = f"{title} ({suffix})", f"{title_fr} ({suffix_fr})"
            if kind.role == "regional-isa" and regional:
                title, title_fr = f"{title} for {regional}", f"{title_fr} pour {FRENCH_REGIONAL[regional]}"
            titles[(kind.role, title)] = titles.get((kind.role, title), 0) + 1
            if titles[(kind.role, title)] > 1:
                title, title_fr = (
                    f"{title} {titles[(kind.role, title)]}",
                    f"{title_fr} {titles[(kind.role, title)]}",
                )
            new = match["start"] == "new"
            if new:
                start = self.today - self.rng.randint(20, 75) * DAY
            else:
                start = parse_date(match["start"]) or unit_start
            end = parse_date(match["end"]) or unit_end
            force = FORCES[match["force"]] if match["force"] else kind.force
            self.plan.positions.append(
                PlannedPosition(
                    key=(unit, kind.role, title),
                    unit=unit,
                    kind=kind,
                    title=title,
                    title_fr=title_fr,
                    start=start,
                    end=end,
                    required_force=force,
                    theme=theme,
                    cooperation=kind.cooperation,
                    body=body,
                    vacant=bool(match["vacant"]) or new,
                    new=new,
                    country=country,
                )
            )

    # --- postings --------------------------------------------------------------------

    def tour(self, position):
        return self.plan.roles[position.kind.role]["tour_months"]

    def history(self):
        """Tours of every position back to the history horizon, then who held them."""
        current, past = [], []
        for position in self.plan.positions:
            chain = self.chain(position)
            if chain and chain[0].end is None:
                current.append(chain[0])
                chain = chain[1:]
            past.extend(chain)
        # Today's holders are all different people; earlier tours go, latest first, to
        # people already known (their next tour starts after it ends) or to new ones.
        for posting in current:
            self.hold(posting, self.new_person(posting.position))
        past.sort(key=lambda p: (p.end, p.start, str(p.position.key)), reverse=True)
        pools = {track: [] for track in REUSE}
        for person in self.plan.people:
            pools[person.track].append(person)
        for posting in past:
            position = posting.position
            person = None
            if self.rng.random() < REUSE[position.kind.track]:
                candidates = [
                    candidate
                    for candidate in pools[position.kind.track]
                    if 1 <= (candidate.earliest_start - posting.end).days <= 400
                    and position.accepts(candidate.force)
                    and position.key not in candidate.held
                    and len(candidate.postings) < 5
                    and candidate.postings[-1].position.kind.level - 2
                    <= position.kind.level
                    <= candidate.postings[-1].position.kind.level + 1
                ]
                if candidates:
                    person = self.rng.choice(candidates)
            if person is None:
                person = self.new_person(position)
                pools[person.track].append(person)
            posting.end_reason = self.end_reason(posting, person)
            self.hold(posting, person)
        self.plan.postings.sort(key=lambda p: (p.start, str(p.position.key)))

    def chain(self, position):
        """The tours of one position, latest first; the first is today's when it is filled."""
        rng, today = self.rng, self.today
        tour = self.tour(position)
        tours = []
        if position.new:
            return tours
        if position.end is not None and position.end < today:
            end, closing = position.end, True
        elif position.vacant:
            end, closing = today - rng.randint(10, 240) * DAY, False
        else:
            months = rng.randint(12, 24) if position.kind.track == "volunteer" else tour
            start = max(today - rng.randint(30, months * 30 - 10) * DAY, position.start)
            tours.append(PlannedPosting(position, start, None, add_months(start, months) - DAY))
            end, closing = start - self.gap(), False
        while end >= max(self.horizon, position.start):
            expected = end
            curtailed = False
            draw = rng.random()
            if position.kind.track == "volunteer":
                months = rng.randint(12, 24)
            elif draw < 0.15 and not closing:
                months, curtailed = rng.randint(8, tour - 4), True
            elif draw < 0.3:
                months = tour + 12
            else:
                months = tour
            start = add_months(end + DAY, -months)
            if curtailed:
                expected = add_months(start, tour) - DAY
            if start < position.start:
                if (end - position.start).days < 120:
                    break
                start = position.start
            tours.append(PlannedPosting(position, start, end, expected, curtailed=curtailed, closing=closing))
            end, closing = start - self.gap(), False
        return tours

    def gap(self):
        """Days between a holder leaving and the next arriving (a handover or a vacancy)."""
        if self.rng.random() < 0.5:
            return self.rng.randint(1, 14) * DAY
        return self.rng.randint(15, 150) * DAY

    def end_reason(self, posting, person):
        if posting.closing:
            return EndReason.POSITION_CLOSED
        if posting.curtailed:
            return EndReason.CURTAILED
        if person.postings and (person.earliest_start - posting.end).days <= 92:
            return EndReason.TRANSFERRED
        if not person.postings and posting.position.kind.level >= 4 and self.rng.random() < 0.25:
            return EndReason.RETIRED
        return EndReason.OTHER if self.rng.random() < 0.03 else EndReason.COMPLETED

    def hold(self, posting, person):
        posting.person = person
        person.postings.append(posting)
        person.held.add(posting.position.key)
        self.plan.postings.append(posting)

    def new_person(self, position):
        track = position.kind.track
        if position.required_force in (RequiredForce.POLICE, RequiredForce.GENDARMERIE):
            force = Force(position.required_force)
        elif track in ("volunteer", "civil") or (track == "assistant" and self.rng.random() < 0.3):
            force = Force.CIVILIAN
        else:
            police = sum(p.force == Force.POLICE for p in self.plan.people[-40:])
            gendarmes = sum(p.force == Force.GENDARMERIE for p in self.plan.people[-40:])
            force = Force.POLICE if police < gendarmes else Force.GENDARMERIE
            if self.rng.random() < 0.3:
                force = self.rng.choice([Force.POLICE, Force.GENDARMERIE])
        person = PlannedPerson(track=track, force=force)
        self.plan.people.append(person)
        return person

    # --- who they are ------------------------------------------------------------------

    def identities(self):
        rng = self.rng
        taken_names, taken_numbers = set(), set()
        prefixes = {Force.POLICE: "PN", Force.GENDARMERIE: "GN", Force.CIVILIAN: "CV"}
        for person in self.plan.people:
            while True:
                name = (rng.choice(people.FIRST_NAMES), rng.choice(people.LAST_NAMES))
                if name not in taken_names:
                    break
            taken_names.add(name)
            while True:
                number = f"{prefixes[person.force]}-{rng.randint(100000, 999999)}"
                if number not in taken_numbers:
                    break
            taken_numbers.add(number)
            person.first_name, person.last_name = name
            person.service_number = number
            person.fields = self.person_fields(person)

    def person_fields(self, person):
        """The Person fields of a planned person; the rank as its natural key (force, English name)."""
        rng = self.rng
        latest = person.postings[0]
        first, last = ascii_slug(person.first_name), ascii_slug(person.last_name)
        domain = "gendarmerie.interieur.gouv.fr" if person.force == Force.GENDARMERIE else "interieur.gouv.fr"
        rank = None
        if person.force != Force.CIVILIAN:
            french = rng.choice(organisation.RANKS_BY_LEVEL[person.force][max(1, person.level)])
            rank = (person.force, RANK_ENGLISH[(person.force, french)])
        languages = ["English"]
        local = geography.LANGUAGES.get(latest.position.country)
        extra = rng.choice(people.EXTRA_LANGUAGES) if rng.random() < 0.3 else None
        for language in (local, extra):
            if language and language not in languages:
                languages.append(language)
        if person.track == "civil":
            specialties = rng.sample(people.CIVIL_SPECIALTIES, 2)
        elif person.track in ("assistant", "volunteer"):
            specialties = rng.sample(people.SUPPORT_SPECIALTIES, rng.randint(1, 2))
        else:
            specialties = rng.sample(people.SPECIALTIES, rng.randint(1, 3))

        def digits(count):
            return " ".join(f"{rng.randint(0, 99):02d}" for _ in range(count))

        if latest.position.unit[0] == "central" and latest.end is None:
            phone = f"+33 1 80 15 {digits(2)}"
        else:
            phone = f"+33 6 {digits(4)}"
        personal = rng.random() < 0.6
        return {
            "last_name": person.last_name,
            "first_name": person.first_name,
            "force": person.force,
            "rank": rank,
            "email": f"{first}.{last}@{domain}",
            "phone": phone,
            "personal_email": (
                f"{first[0]}{last}{rng.randint(1, 99)}@{rng.choice(people.PERSONAL_EMAIL_DOMAINS)}"
                if personal
                else ""
            ),
            "personal_phone": f"+33 7 {digits(4)}" if personal else "",
            "mobile": contacts.person_mobile(
                person.service_number, latest.position.unit[0] != "central" and latest.end is None
            ),
            "languages": ", ".join(languages),
            "languages_fr": ", ".join(geography.FRENCH_LANGUAGE_NAMES[language] for language in languages),
            "specialties": ", ".join(specialties),
            "specialties_fr": ", ".join(people.FRENCH_SPECIALTIES[specialty] for specialty in specialties),
        }


def build_plan(today, seed=2010):
    return Planner(today, seed).build()
