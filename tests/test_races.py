"""Two editors save conflicting postings at the same moment: exactly one succeeds, the
other gets the conflict message and nothing of it is written.

Each editor is a thread with its own database connection. Validation alone cannot
settle such a race (both check before either writes); PostgreSQL's exclusion
constraints (network/exclusion.py) do, and `save_validated` turns the refusal into
the message. SQLite has no such constraints and serialises writers: skipped there.
"""

import datetime
import threading
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, connections

from postings import services
from postings.models import Force, Posting
from tests import factories

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the race is settled by PostgreSQL's exclusion constraints; SQLite serialises writers",
)

START = datetime.date(2031, 1, 5)
CONFLICT_WORDS = ("already holds", "already held by", "conflicts with a record saved at the same moment")


@pytest.fixture(scope="module")
def demo_network_restored(django_db_blocker):
    """transactional_db empties the database after each test; put the session's demo
    network back, once, for the tests that follow this module."""
    yield
    with django_db_blocker.unblock():
        call_command("load_demo_network", verbosity=0, force=True)


def run_at_once(*calls):
    """Run each call in its own thread (own connection), released together; return
    what each returned or raised."""
    start = threading.Barrier(len(calls), timeout=30)
    results = [None] * len(calls)

    def run(index, call):
        try:
            start.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects it
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck (lock not released?)"
    return results


def both_validated_before_either_writes(validations):
    """Make each thread wait, after its first validation, until the other has validated
    too: the database constraint, not validation, must then settle the race.
    `validations` counts the validations of each thread."""
    validated = threading.Barrier(2, timeout=30)
    original = Posting.full_clean

    def full_clean(self, *args, **kwargs):
        name = threading.current_thread().name
        validations[name] = validations.get(name, 0) + 1
        original(self, *args, **kwargs)
        if validations[name] == 1:
            validated.wait()

    return mock.patch.object(Posting, "full_clean", full_clean)


def conflicting_calls(case):
    department = factories.DepartmentFactory(start_date=datetime.date(2030, 1, 1))
    role = factories.RoleFactory()
    positions = [
        factories.PositionFactory(department=department, role=role, start_date=datetime.date(2030, 1, 1))
        for _ in range(2)
    ]
    people = [factories.PersonFactory(force=Force.POLICE) for _ in range(2)]
    if case == "same person":
        pairs = [(people[0], positions[0]), (people[0], positions[1])]
    else:
        pairs = [(people[0], positions[0]), (people[1], positions[0])]
    calls = [
        lambda person=person, position=position: services.posting_open(
            person=person, position=position, start_date=START
        )
        for person, position in pairs
    ]
    return calls, pairs


def assert_exactly_one_wins(results, pairs, case):
    won = [result for result in results if isinstance(result, Posting)]
    lost = [result for result in results if not isinstance(result, Posting)]
    assert len(won) == 1 and len(lost) == 1, results
    error = lost[0]
    assert isinstance(error, ValidationError), repr(error)
    message = " ".join(error.messages)
    assert any(words in message for words in CONFLICT_WORDS), message
    person, position = pairs[0]
    involved = Posting.objects.filter(person=person) if case == "same person" else position.postings.all()
    assert list(involved) == won
    assert Posting.history.filter(id__in=[p.pk for p in involved]).count() == 1, (
        "only the winner is in History"
    )


@pytest.mark.parametrize("case", ["same person", "same position"])
def test_two_editors_at_the_same_moment(demo_network_restored, transactional_db, case):
    calls, pairs = conflicting_calls(case)
    results = run_at_once(*calls)
    assert_exactly_one_wins(results, pairs, case)


@pytest.mark.parametrize("case", ["same person", "same position"])
def test_the_database_settles_a_race_that_validation_cannot_see(
    demo_network_restored, transactional_db, case
):
    calls, pairs = conflicting_calls(case)
    validations = {}
    with both_validated_before_either_writes(validations):
        results = run_at_once(*calls)
    assert_exactly_one_wins(results, pairs, case)
    # The loser passed validation, was refused by the database, and was validated
    # again by save_validated to name the conflict.
    assert sorted(validations.values()) == [1, 2], validations
