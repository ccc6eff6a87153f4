"""A small, controlled corner of the network for the posting-round tests: one
department with positions in each situation a round meets, candidates in post in France,
their logins linked to them, and a round whose windows are relative to today."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import Group

from base.groups import STAFF
from postings.models import Force, RequiredForce
from postings.services import posting_open
from rounds import services
from rounds.models import Round
from rounds.selectors import proposals
from tests import factories

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
WINDOW_START = TODAY + 60 * DAY
WINDOW_END = TODAY + 240 * DAY


@dataclass
class World:
    department: object
    ending: object  # a position whose holder's tour ends in the window
    vacant: object  # a vacant position, police only
    new: object  # a position opening in the window
    outside: object  # a position whose holder's tour ends after the window
    central: object  # a central unit, where the candidates serve
    holder: object
    holder_posting: object
    alice: object  # police captain, in post in France since 2020
    bruno: object  # police captain, in post in France since 2020
    gaston: object  # gendarme
    users: dict  # "alice", "bruno", "gaston", "carla" (a staff login with no person) -> user


def make_world(django_user_model, manager=None):
    department = factories.DepartmentFactory(start_date=datetime.date(2010, 1, 1))
    role = factories.RoleFactory(tour_months=36)
    either, police = RequiredForce.EITHER, RequiredForce.POLICE
    start = datetime.date(2010, 1, 1)
    ending = factories.PositionFactory(
        department=department, role=role, required_force=either, start_date=start
    )
    vacant = factories.PositionFactory(
        department=department, role=role, required_force=police, start_date=start
    )
    new = factories.PositionFactory(
        department=department, role=role, required_force=either, start_date=TODAY + 100 * DAY
    )
    outside = factories.PositionFactory(
        department=department, role=role, required_force=either, start_date=start
    )
    unit = factories.DirectorateUnitFactory()
    captain = factories.RankFactory(force=Force.POLICE, name_en="Round test captain", seniority=50)
    lieutenant_colonel = factories.RankFactory(
        force=Force.GENDARMERIE, name_en="Round test lieutenant-colonel", seniority=71
    )
    holder = factories.PersonFactory(force=Force.POLICE, rank=captain, last_name="Holderround")
    holder_posting = posting_open(
        person=holder,
        position=ending,
        start_date=TODAY - 3 * 365 * DAY,
        expected_end_date=TODAY + 90 * DAY,
    )
    posting_open(
        person=factories.PersonFactory(force=Force.POLICE, rank=captain),
        position=outside,
        start_date=TODAY - 365 * DAY,
        expected_end_date=TODAY + 400 * DAY,
    )
    people = {}
    for name, force, rank in (
        ("alice", Force.POLICE, captain),
        ("bruno", Force.POLICE, captain),
        ("gaston", Force.GENDARMERIE, lieutenant_colonel),
    ):
        person = factories.PersonFactory(
            force=force, rank=rank, last_name=f"{name.title()}round", email=f"{name}@person.example"
        )
        seat = factories.PositionFactory(
            central_unit=unit, department=None, role=role, required_force=RequiredForce.ANY, start_date=start
        )
        posting_open(person=person, position=seat, start_date=datetime.date(2020, 1, 1))
        people[name] = person
    users = {}
    for name in ("alice", "bruno", "gaston", "carla"):
        user = django_user_model.objects.create_user(
            username=f"round-{name}",
            password="x" * 20,
            email=f"{name}@login.example",
            first_name=name.title(),
        )
        user.groups.add(Group.objects.get(name=STAFF))
        if name in people:
            services.account_link(user=user, person=people[name])
        users[name] = user
    return World(
        department=department,
        ending=ending,
        vacant=vacant,
        new=new,
        outside=outside,
        central=unit,
        holder=holder,
        holder_posting=holder_posting,
        alice=people["alice"],
        bruno=people["bruno"],
        gaston=people["gaston"],
        users=users,
    )


def make_round(world, *, name="Test round", positions=None, state=Round.State.OPEN, manager=None, **fields):
    """A round with notices for `positions` (default: the world's ending, vacant and new
    positions), moved to `state` through the services."""
    values = {
        "name": name,
        "applications_open": TODAY - 5 * DAY,
        "applications_close": TODAY + 20 * DAY,
        "postings_start": WINDOW_START,
        "postings_end": WINDOW_END,
        "max_applications": 2,
        "min_months_in_post": 12,
        **fields,
    }
    round = services.round_create(user=manager, **values)
    wanted = positions or [world.ending, world.vacant, world.new]
    chosen = [p for p in proposals(round) if p.position in wanted]
    assert {p.position for p in chosen} == set(wanted), "the register proposes these positions"
    services.notices_create(round=round, proposals=chosen, user=manager)
    path = {
        Round.State.DRAFT: [],
        Round.State.OPEN: [Round.State.OPEN],
        Round.State.CLOSED: [Round.State.OPEN, Round.State.CLOSED],
    }[state]
    for to in path:
        services.round_move(round=round, to=to, user=manager)
    round.refresh_from_db()
    return round


def notice_of(round, position):
    return round.notices.get(position=position)


def apply(world, name, notice, preference=1, motivation="I would like this post.", available_from=None):
    return services.application_submit(
        user=world.users[name],
        notice=notice,
        preference=preference,
        motivation=motivation,
        available_from=available_from or notice.available_from,
    )
