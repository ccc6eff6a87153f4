"""Posting rounds (issue 14): the round's states, the notices proposed from the register,
applications for oneself with their eligibility rules, the committee's shortlist and
decision — a planned posting of the register — and the history of each step."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from base.periods import add_months
from postings.models import Posting
from postings.services import posting_open
from reports.coverage import rotation_outlook
from rounds import services
from rounds.models import Application, Decision, Round, VacancyNotice
from rounds.selectors import proposals, state_changes
from tests import factories
from tests.rounds_world import DAY, TODAY, WINDOW_END, WINDOW_START, apply, make_round, make_world, notice_of

State = Round.State


@pytest.fixture
def world(db, django_user_model):
    return make_world(django_user_model)


def messages_of(error):
    return " ".join(error.value.messages)


# --- the register's definitions ---------------------------------------------------------


def test_ending_between_is_ending_within_on_the_same_window(db):
    """The round's window rule and the rotation window are one rule (PostingQuerySet)."""
    for months in (3, 6, 12):
        within = set(Posting.objects.ending_within(TODAY, months).values_list("pk", flat=True))
        between = Posting.objects.ending_between(TODAY, TODAY, add_months(TODAY, months))
        assert within == set(between.values_list("pk", flat=True))
        assert within


def test_proposals_follow_the_register(world):
    round = services.round_create(
        name="Proposals",
        applications_open=TODAY,
        applications_close=TODAY + 10 * DAY,
        postings_start=WINDOW_START,
        postings_end=WINDOW_END,
    )
    found = {p.position: p for p in proposals(round)}
    ending = found[world.ending]
    assert ending.reason == VacancyNotice.Reason.TOUR_ENDING
    assert ending.outgoing_posting == world.holder_posting
    assert ending.available_from == world.holder_posting.expected_end_date + DAY
    assert found[world.vacant].reason == VacancyNotice.Reason.VACANT
    assert found[world.new].reason == VacancyNotice.Reason.NEW_POSITION
    assert found[world.new].available_from == world.new.start_date
    assert world.outside not in found, "a tour ending after the window is not proposed"
    seats = {p.position for p in found.values() if p.position.central_unit_id}
    assert not seats, "only positions abroad"
    # Every tour-ending proposal is a posting of the one rule, and every one of them is proposed
    # unless its position is already taken care of.
    rule = Posting.objects.abroad().ending_between(TODAY, WINDOW_START, WINDOW_END)
    proposed = {p.outgoing_posting.pk for p in found.values() if p.outgoing_posting}
    assert proposed <= set(rule.values_list("pk", flat=True))


def test_a_position_already_taken_care_of_is_not_proposed(world):
    round = make_round(world, positions=[world.ending, world.vacant], state=State.DRAFT)
    other = services.round_create(
        name="Another",
        applications_open=TODAY,
        applications_close=TODAY + 10 * DAY,
        postings_start=WINDOW_START,
        postings_end=WINDOW_END,
    )
    found = {p.position for p in proposals(other)}
    assert world.ending not in found and world.vacant not in found, "a live round already offers them"
    assert world.new in found
    # A successor already posted to the new position: nothing to offer there.
    posting_open(person=factories.PersonFactory(), position=world.new, start_date=world.new.start_date)
    assert world.new not in {p.position for p in proposals(other)}
    # Nor is a position offered twice in the same round.
    assert not {p.position for p in proposals(round)} & {world.ending, world.vacant}


# --- the round's states ------------------------------------------------------------------


def test_the_round_moves_through_its_states_with_who_and_why(world, users):
    manager = users["manager"]
    round = services.round_create(
        user=manager,
        name="States",
        applications_open=TODAY,
        applications_close=TODAY + 10 * DAY,
        postings_start=WINDOW_START,
        postings_end=WINDOW_END,
    )
    assert round.state == State.DRAFT
    with pytest.raises(ValidationError) as refused:
        services.round_move(round=round, to=State.OPEN, user=manager)
    assert "at least one vacancy notice" in messages_of(refused)
    services.notices_create(round=round, proposals=proposals(round)[:1], user=manager)
    for to, reason in (
        (State.OPEN, "as planned"),
        (State.CLOSED, "deadline"),
        (State.OPEN, "extended by a week"),
        (State.CLOSED, ""),
        (State.DECIDED, "committee met"),
        (State.ARCHIVED, ""),
    ):
        services.round_move(round=round, to=to, user=manager, reason=reason)
        assert Round.objects.get(pk=round.pk).state == to
        record = round.history.order_by("-history_date", "-history_id").first()
        assert record.history_user == manager
        assert record.state == to
        if reason:
            assert reason in record.history_change_reason
    states = [change.state for change in state_changes(round)]
    assert states == ["draft", "open", "closed", "open", "closed", "decided", "archived"]


@pytest.mark.parametrize(
    ("path", "to"),
    [([], State.CLOSED), ([], State.DECIDED), ([State.OPEN], State.DECIDED), ([State.OPEN], State.ARCHIVED)],
)
def test_a_move_the_state_machine_does_not_allow_is_refused_with_a_message(world, path, to):
    round = make_round(world, positions=[world.vacant], state=State.DRAFT)
    for state in path:
        services.round_move(round=round, to=state)
    before = Round.objects.get(pk=round.pk).state
    with pytest.raises(ValidationError) as refused:
        services.round_move(round=round, to=to)
    text = messages_of(refused)
    assert str(State(before).label) in text and str(State(to).label) in text
    assert Round.objects.get(pk=round.pk).state == before


def test_an_archived_round_moves_no_more(world):
    round = make_round(world, positions=[world.vacant], state=State.CLOSED)
    services.round_move(round=round, to=State.DECIDED)
    services.round_move(round=round, to=State.ARCHIVED)
    with pytest.raises(ValidationError, match="archived"):
        services.round_move(round=round, to=State.OPEN)
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.round_update(round=round, name="Renamed")


def test_the_round_s_dates_must_be_in_order(db):
    with pytest.raises(ValidationError) as refused:
        services.round_create(
            name="Backwards",
            applications_open=TODAY,
            applications_close=TODAY + 10 * DAY,
            postings_start=TODAY + 5 * DAY,
            postings_end=TODAY + 100 * DAY,
        )
    assert "after applications close" in messages_of(refused)
    assert not Round.objects.filter(name="Backwards").exists()


# --- notices -----------------------------------------------------------------------------


def test_notices_change_only_while_the_round_is_a_draft(world):
    round = make_round(world, positions=[world.ending, world.vacant], state=State.DRAFT)
    notice = notice_of(round, world.ending)
    services.notice_update(notice=notice, languages="English, German", min_seniority=40)
    services.round_move(round=round, to=State.OPEN)
    notice.refresh_from_db()
    with pytest.raises(ValidationError, match="only while the round is a draft"):
        services.notice_update(notice=notice, languages="Spanish")
    with pytest.raises(ValidationError, match="only while the round is a draft"):
        services.notice_delete(notice=notice)
    with pytest.raises(ValidationError, match="only while the round is a draft"):
        services.notices_create(round=round, proposals=proposals(round)[:1])


def test_a_notice_cannot_accept_a_force_its_position_refuses(world):
    round = make_round(world, positions=[world.vacant], state=State.DRAFT)
    notice = notice_of(round, world.vacant)  # the position requires the National Police
    with pytest.raises(ValidationError) as refused:
        services.notice_update(notice=notice, required_force="either")
    assert "cannot accept more than that" in messages_of(refused)
    with pytest.raises(ValidationError, match="highest rank cannot be below"):
        services.notice_update(notice=notice, required_force="police", min_seniority=60, max_seniority=40)


# --- applications ------------------------------------------------------------------------


def test_a_member_of_staff_applies_for_themselves(world):
    round = make_round(world)
    application = apply(world, "alice", notice_of(round, world.ending))
    assert application.person == world.alice
    assert application.preference == 1
    record = application.history.first()
    assert record.history_user == world.users["alice"]


def test_a_login_without_a_person_cannot_apply(world):
    round = make_round(world)
    with pytest.raises(ValidationError, match="not linked to a person"):
        apply(world, "carla", notice_of(round, world.ending))


def test_applications_only_while_the_round_is_open_and_within_its_dates(world):
    round = make_round(world, state=State.DRAFT)
    notice = notice_of(round, world.ending)
    with pytest.raises(ValidationError, match="not open to applications"):
        apply(world, "alice", notice)
    services.round_move(round=round, to=State.OPEN)
    services.round_update(round=round, applications_open=TODAY + 2 * DAY)
    with pytest.raises(ValidationError, match="Applications open on"):
        apply(world, "alice", notice)
    services.round_update(round=round, applications_open=TODAY - 9 * DAY, applications_close=TODAY - DAY)
    with pytest.raises(ValidationError, match="Applications closed on"):
        apply(world, "alice", notice)
    assert not Application.objects.filter(round=round).exists()


def test_up_to_n_applications_ranked_and_the_others_move_down(world):
    round = make_round(world)  # two applications per candidate
    ending, new, vacant = (notice_of(round, p) for p in (world.ending, world.new, world.vacant))
    first = apply(world, "alice", ending)
    second = apply(world, "alice", new, preference=1)  # put first: the other moves down
    first.refresh_from_db()
    assert (second.preference, first.preference) == (1, 2)
    with pytest.raises(ValidationError) as refused:
        apply(world, "alice", vacant)
    assert "2 notices of this round, the most it allows" in messages_of(refused)
    # Withdrawing one makes room, and the ranking closes up.
    services.application_withdraw(user=world.users["alice"], notice=new)
    first.refresh_from_db()
    assert first.preference == 1
    third = apply(world, "alice", vacant, preference=2)
    assert third.preference == 2
    # Applying again to a withdrawn notice brings the same application back.
    services.application_withdraw(user=world.users["alice"], notice=vacant)
    again = apply(world, "alice", new, preference=1)
    assert again.pk == second.pk and again.status == Application.Status.SUBMITTED


def test_eligibility_force(world):
    round = make_round(world)
    with pytest.raises(ValidationError) as refused:
        apply(world, "gaston", notice_of(round, world.vacant))  # police only
    assert "open to National Police" in messages_of(refused)
    assert "National Gendarmerie" in messages_of(refused)


def test_eligibility_rank_band(world):
    round = make_round(world, state=State.DRAFT)
    notice, other = notice_of(round, world.ending), notice_of(round, world.new)
    services.notice_update(notice=notice, min_seniority=60)
    services.notice_update(notice=other, max_seniority=60)
    services.round_move(round=round, to=State.OPEN)
    with pytest.raises(ValidationError, match="below the lowest rank"):
        apply(world, "alice", notice)  # captain: 50
    assert apply(world, "gaston", notice)  # lieutenant-colonel: 71
    with pytest.raises(ValidationError, match="above the highest rank"):
        apply(world, "gaston", other)
    assert apply(world, "alice", other)


def test_eligibility_minimum_time_in_current_post(world):
    round = make_round(world, min_months_in_post=120)
    with pytest.raises(ValidationError) as refused:
        apply(world, "alice", notice_of(round, world.ending))
    assert "120 months in post" in messages_of(refused)


def test_eligibility_already_holding_a_planned_posting(world):
    round = make_round(world)
    elsewhere = factories.PositionFactory(department=world.department, start_date=datetime.date(2010, 1, 1))
    current = Posting.objects.get(person=world.bruno, end_date__isnull=True)
    current.end_date, current.end_reason = TODAY + 30 * DAY, Posting.EndReason.TRANSFERRED
    current.save()
    posting_open(person=world.bruno, position=elsewhere, start_date=TODAY + 31 * DAY)
    with pytest.raises(ValidationError) as refused:
        apply(world, "bruno", notice_of(round, world.ending))
    assert "already has a planned posting" in messages_of(refused)


def test_withdrawal_only_while_the_round_is_open(world):
    round = make_round(world)
    notice = notice_of(round, world.ending)
    apply(world, "alice", notice)
    services.round_move(round=round, to=State.CLOSED)
    with pytest.raises(ValidationError, match="only while the round is open"):
        services.application_withdraw(user=world.users["alice"], notice=notice)
    with pytest.raises(ValidationError, match="no application to this notice"):
        services.application_withdraw(user=world.users["bruno"], notice=notice)


# --- the committee -----------------------------------------------------------------------


@pytest.fixture
def contested(world, users):
    """A closed round where Alice and Bruno applied to the ending position, Alice also to the new one."""
    round = make_round(world, manager=users["manager"])
    ending, new = notice_of(round, world.ending), notice_of(round, world.new)
    alice = apply(world, "alice", ending)
    bruno = apply(world, "bruno", ending)
    alice_new = apply(world, "alice", new, preference=2)
    services.round_move(round=round, to=State.CLOSED, user=users["manager"])
    round.refresh_from_db()
    return round, ending, new, alice, bruno, alice_new


def test_the_shortlist_ranks_candidates_once(contested, users):
    _round, ending, _new, alice, bruno, _ = contested
    services.applications_shortlist(notice=ending, choices={alice.pk: (True, 1), bruno.pk: (True, 2)})
    with pytest.raises(ValidationError, match="cannot both be ranked 1"):
        services.applications_shortlist(notice=ending, choices={alice.pk: (True, 1), bruno.pk: (True, 1)})
    alice.refresh_from_db()
    assert alice.shortlisted and alice.committee_rank == 1


def decide(notice, application, user=None, start=None, grounds="Best candidate"):
    return services.notice_decide(
        notice=notice,
        application=application,
        start_date=start or max(notice.available_from, WINDOW_START),
        grounds=grounds,
        user=user,
    )


def test_a_decision_plans_the_posting_and_hands_the_others_over(contested, world, users, client_as):
    _round, ending, _new, alice, bruno, _ = contested
    services.applications_shortlist(notice=ending, choices={alice.pk: (True, 1), bruno.pk: (True, 2)})
    start = ending.available_from
    decision = decide(ending, alice, users["manager"], start=start, grounds="Languages and experience")
    planned = decision.posting
    assert (planned.person, planned.position, planned.start_date) == (world.alice, world.ending, start)
    assert planned.expected_end_date == world.ending.role.tour_end(start)
    assert planned.start_date > TODAY, "a planned posting"
    # The outgoing holder's tour ends the day before; so does Alice's current posting.
    world.holder_posting.refresh_from_db()
    assert world.holder_posting.end_date == start - DAY
    assert world.holder_posting.end_reason == Posting.EndReason.COMPLETED
    alice_before = Posting.objects.get(person=world.alice, start_date=datetime.date(2020, 1, 1))
    assert (alice_before.end_date, alice_before.end_reason) == (start - DAY, Posting.EndReason.TRANSFERRED)
    # The history says who and why, on the decision and on every posting it wrote.
    for record in (decision.history.first(), planned.history.first(), world.holder_posting.history.first()):
        assert record.history_user == users["manager"]
        assert "Languages and experience" in record.history_change_reason
    # The network shows the planned posting on its start date, not before.
    client = client_as("staff")
    url = reverse("postings:position_detail", args=[world.ending.pk])
    before = client.get(url, {"as_of": (start - DAY).isoformat()}).content.decode()
    on_the_day = client.get(url, {"as_of": start.isoformat()}).content.decode()
    holder = on_the_day.split('id="holder-on-day"')[1].split("</div>")[0]
    assert world.alice.last_name.upper() in holder
    assert world.alice.last_name.upper() not in before.split('id="holder-on-day"')[1].split("</div>")[0]
    # The rotation outlook counts the successor: the position is not vacant when the tour ends.
    outlook = rotation_outlook(TODAY)
    row = next(r for r in outlook.rows if r.department_id == world.department.pk)
    leaving = next(p for p in row.postings if p.pk == world.holder_posting.pk)
    assert leaving.successor_posted


def test_a_decision_needs_a_closed_round_a_shortlisted_candidate_and_a_date_in_the_window(contested, users):
    round, ending, _new, alice, bruno, _ = contested
    with pytest.raises(ValidationError, match="Shortlist a candidate"):
        decide(ending, alice)
    services.applications_shortlist(notice=ending, choices={alice.pk: (True, 1)})
    with pytest.raises(ValidationError, match="starts after today"):
        decide(ending, alice, start=TODAY)
    with pytest.raises(ValidationError, match="postings start"):
        decide(ending, alice, start=WINDOW_END + DAY)
    services.round_move(round=round, to=State.OPEN)
    with pytest.raises(ValidationError, match="once applications are closed"):
        decide(ending, alice)
    assert not Decision.objects.filter(notice=ending).exists()
    assert not Posting.objects.filter(person=alice.person, start_date__gt=TODAY).exists()


def test_a_candidate_selected_twice_is_refused_naming_the_other_notice(contested):
    _round, ending, new, alice, bruno, alice_new = contested
    services.applications_shortlist(notice=ending, choices={alice.pk: (True, 1)})
    services.applications_shortlist(notice=new, choices={alice_new.pk: (True, 1)})
    decide(ending, alice)
    with pytest.raises(ValidationError) as refused:
        decide(new, alice_new)
    assert "already selected for" in messages_of(refused)
    assert str(ending) in messages_of(refused)


def test_a_notice_decided_twice_is_refused_naming_the_decision(contested, users):
    _round, ending, _new, alice, bruno, _ = contested
    services.applications_shortlist(notice=ending, choices={alice.pk: (True, 1), bruno.pk: (True, 2)})
    decide(ending, alice, users["manager"])
    with pytest.raises(ValidationError) as refused:
        decide(ending, bruno, users["manager"])
    text = messages_of(refused)
    assert "already decided" in text and world_name(alice) in text
    with pytest.raises(ValidationError, match="decided: its shortlist"):
        services.applications_shortlist(notice=ending, choices={bruno.pk: (False, None)})


def world_name(application):
    return application.person.full_name


def test_a_position_filled_twice_is_refused_naming_the_posting(contested, world):
    _round, ending, _new, alice, bruno, _ = contested
    # Someone was posted there from elsewhere meanwhile (an editor, another round).
    services.applications_shortlist(notice=ending, choices={alice.pk: (True, 1)})
    world.holder_posting.end_date = ending.available_from - DAY
    world.holder_posting.end_reason = Posting.EndReason.COMPLETED
    world.holder_posting.save()
    other = factories.PersonFactory(last_name="Otherround")
    posting_open(person=other, position=world.ending, start_date=ending.available_from)
    with pytest.raises(ValidationError) as refused:
        decide(ending, alice)
    assert "already held by" in messages_of(refused) and "OTHERROUND" in messages_of(refused)
    assert not Decision.objects.exists() or not Decision.objects.filter(notice=ending).exists()
    world.holder_posting.refresh_from_db()
    assert world.holder_posting.end_date == ending.available_from - DAY, "nothing of the refused decision"
    alice_now = Posting.objects.get(person=world.alice, start_date=datetime.date(2020, 1, 1))
    assert alice_now.end_date is None
