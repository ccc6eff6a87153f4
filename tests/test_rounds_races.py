"""Two managers decide the same notice at the same moment: exactly one decision stands,
the other is refused with a message, and nothing of it is written.

Each manager is a thread with its own database connection (as in tests/test_races.py).
The decision locks the notice (SELECT … FOR UPDATE) inside its transaction, so the second
waits for the first and then finds the notice decided; without the lock, the database
still settles it (one decision per notice, one holder per position on a date). SQLite
serialises writers and has no such locks: skipped there.
"""

import threading
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection

from base.groups import MANAGERS
from postings.models import Posting
from rounds import services
from rounds.models import Decision, Round
from tests.rounds_world import apply, make_round, make_world, notice_of
from tests.test_races import demo_network_restored, run_at_once  # noqa: F401 - fixture

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the race is settled by PostgreSQL's row locks and constraints; SQLite serialises writers",
)
REFUSALS = ("already decided", "conflicts with a record saved at the same moment", "already held by")


def contested_notice(django_user_model):
    world = make_world(django_user_model)
    managers = []
    for name in ("first", "second"):
        user = django_user_model.objects.create_user(username=f"race-{name}", password="x" * 20)
        user.groups.add(Group.objects.get(name=MANAGERS))
        managers.append(user)
    round = make_round(world, positions=[world.ending])
    notice = notice_of(round, world.ending)
    alice, bruno = apply(world, "alice", notice), apply(world, "bruno", notice)
    services.round_move(round=round, to=Round.State.CLOSED)
    services.applications_shortlist(notice=notice, choices={alice.pk: (True, 1), bruno.pk: (True, 2)})
    calls = [
        lambda application=application, manager=manager: services.notice_decide(
            notice=notice,
            application=application,
            start_date=notice.available_from,
            grounds=f"Chosen by {manager.username}",
            user=manager,
        )
        for application, manager in ((alice, managers[0]), (bruno, managers[1]))
    ]
    return world, notice, calls


def assert_exactly_one_decision(results, world, notice):
    won = [result for result in results if isinstance(result, Decision)]
    lost = [result for result in results if not isinstance(result, Decision)]
    assert len(won) == 1 and len(lost) == 1, results
    assert isinstance(lost[0], ValidationError), repr(lost[0])
    assert any(words in " ".join(lost[0].messages) for words in REFUSALS), lost[0].messages
    decision = Decision.objects.get(notice=notice)
    assert decision == won[0]
    planned = Posting.objects.filter(position=world.ending, start_date=notice.available_from)
    assert list(planned) == [decision.posting], "one planned posting, the winner's"
    loser = world.bruno if decision.person == world.alice else world.alice
    current = Posting.objects.get(person=loser, end_date__isnull=True)
    assert current.start_date.year == 2020, "the loser's own posting is untouched"
    assert Decision.history.filter(notice_id=notice.pk).count() == 1, "only the winner is in History"


def test_two_managers_decide_the_same_notice_at_the_same_moment(
    demo_network_restored,  # noqa: F811
    transactional_db,
    django_user_model,
):
    world, notice, calls = contested_notice(django_user_model)
    results = run_at_once(*calls)
    assert_exactly_one_decision(results, world, notice)


def test_without_the_lock_the_database_still_keeps_one_decision(
    demo_network_restored,  # noqa: F811
    transactional_db,
    django_user_model,
):
    """Both managers pass every check before either writes: the constraints decide."""
    world, notice, calls = contested_notice(django_user_model)
    checked = threading.Barrier(2, timeout=30)
    original = services._refuse_if_decided

    def check_then_wait(locked_notice):
        original(locked_notice)
        checked.wait()

    def read_without_lock(notice):
        return type(notice).objects.select_related("round", "position__role").get(pk=notice.pk)

    unlocked = mock.patch.object(services, "_lock_notice", read_without_lock)
    with unlocked, mock.patch.object(services, "_refuse_if_decided", check_then_wait):
        results = run_at_once(*calls)
    assert_exactly_one_decision(results, world, notice)
