"""Reads of posting rounds: the notices a round proposes from the register, the rounds
and notices as pages list them, a candidate's own applications, and each notice's
candidates with what the committee weighs. A fixed number of queries per page."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from postings.models import Position, Posting
from postings.selectors import PLACE_RELATED, POSITION_RELATED

from . import figures
from .eligibility import eligibility_problems, rank_band, rank_labels
from .models import Application, Decision, Round, VacancyNotice

DAY = datetime.timedelta(days=1)
# Rounds whose notices still stand: a position they offer is not proposed again.
LIVE_STATES = (Round.State.DRAFT, Round.State.OPEN, Round.State.CLOSED)
NOTICE_RELATED = tuple(f"position__{path}" for path in POSITION_RELATED) + ("position__section__department",)


@dataclass
class Proposal:
    """A position the register says the round could offer, and why."""

    position: Position
    reason: str
    available_from: datetime.date
    outgoing_posting: Posting | None = None

    @property
    def key(self):
        return str(self.position.pk)


def proposals(round, day=None, ignore_rounds=()):
    """What `round` could offer, from the register's definitions, on `day` (today):
    positions abroad whose holder's tour is expected to end within the postings window
    (`ending_between`), positions abroad vacant on `day` (`vacant_on`) still open when
    the window starts, and positions abroad opening after `day` and by the window's end.
    Left out: positions a successor is already posted to (`planned`) and those a live
    round already offers (but not the rounds of `ignore_rounds`). Three queries."""
    day = day or datetime.date.today()
    first, last = round.postings_start, round.postings_end
    offered = Q(round__state__in=LIVE_STATES, decision__isnull=True)
    if round.pk is not None:
        offered |= Q(round=round)
    offered = VacancyNotice.objects.filter(offered).exclude(round__in=list(ignore_rounds))
    taken = Q(pk__in=offered.values("position")) | Q(pk__in=Posting.objects.planned(day).values("position"))
    found = []
    ending = (
        Posting.objects.abroad()
        .ending_between(day, first, last)
        .exclude(position__in=Position.objects.filter(taken).values("pk"))
        .with_people_and_places()
        .select_related("position__section__department")
        .order_by("expected_end_date", "pk")
    )
    for posting in ending:
        available = min(posting.expected_end_date + DAY, last)
        found.append(Proposal(posting.position, VacancyNotice.Reason.TOUR_ENDING, available, posting))
    positions = (
        Position.objects.abroad().exclude(taken).select_related(*POSITION_RELATED, "section__department")
    )
    vacant = (
        positions.vacant_on(day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .order_by("start_date", "pk")
    )
    found += [Proposal(position, VacancyNotice.Reason.VACANT, first) for position in vacant]
    new = positions.filter(start_date__gt=day, start_date__lte=last).order_by("start_date", "pk")
    found += [Proposal(p, VacancyNotice.Reason.NEW_POSITION, max(first, p.start_date)) for p in new]
    return found


def rounds_listed(with_applications=False):
    rounds = Round.objects.annotate(**{figures.ROUND_NOTICES.key: figures.ROUND_NOTICES.annotation(None)})
    if with_applications:
        rounds = rounds.annotate(
            **{figures.ROUND_APPLICATIONS.key: figures.ROUND_APPLICATIONS.annotation(None)}
        )
    return rounds.order_by("-postings_start", "name", "pk")


def notices_of(round, with_candidates=False):
    """The round's notices with their position and place; with the count of candidates
    (NOTICE_CANDIDATES) and the decision for those who may see them."""
    notices = VacancyNotice.objects.filter(round=round).select_related(*NOTICE_RELATED, "round")
    if with_candidates:
        notices = notices.annotate(
            **{figures.NOTICE_CANDIDATES.key: figures.NOTICE_CANDIDATES.annotation(None)}
        ).select_related("decision__person__rank")
    return notices.order_by("available_from", "pk")


def with_rank_bands(notices):
    """The notices (a list), each with `rank_band` in words; one query for all."""
    notices = list(notices)
    labels = rank_labels()
    for notice in notices:
        notice.rank_band = rank_band(notice, labels)
    return notices


def notice_detail():
    return VacancyNotice.objects.select_related(*NOTICE_RELATED, "round", "outgoing_posting__person__rank")


def applications_of(person, round=None):
    """`person`'s own applications (withdrawn ones too), newest round first, by their ranking."""
    applications = Application.objects.filter(person=person).select_related(
        "round", *(f"notice__{path}" for path in NOTICE_RELATED)
    )
    if round is not None:
        applications = applications.filter(round=round)
    return applications.order_by("-round__postings_start", "round", "status", "preference", "pk")


def candidates_of(notice, day=None):
    """The standing applications to `notice`, shortlisted first by the committee's
    ranking, then by the candidates' own ranking; each candidate with `current` (the
    posting active on `day`), `abroad_before` (postings abroad ended before `day`),
    `planned` (postings starting after `day`) and `problems` (what the eligibility rules
    say today). Five queries, whatever the number of candidates."""
    day = day or datetime.date.today()
    applications = list(
        Application.objects.filter(notice=notice, status=Application.Status.SUBMITTED)
        .select_related("person__rank")
        .prefetch_related(
            Prefetch(
                "person__postings",
                queryset=Posting.objects.active_on(day).select_related(*PLACE_RELATED),
                to_attr="current_postings",
            ),
            Prefetch(
                "person__postings",
                queryset=Posting.objects.abroad()
                .filter(end_date__lt=day)
                .select_related(*PLACE_RELATED)
                .order_by("-start_date"),
                to_attr="abroad_before",
            ),
            Prefetch(
                "person__postings",
                queryset=Posting.objects.planned(day).select_related(*PLACE_RELATED),
                to_attr="planned",
            ),
        )
        .order_by("-shortlisted", "committee_rank", "preference", "person__last_name", "pk")
    )
    for application in applications:
        person = application.person
        application.current = person.current_postings[0] if person.current_postings else None
        application.problems = eligibility_problems(
            person, notice, day=day, current=application.current, planned=person.planned
        )
    return applications


def decisions_of(round):
    return (
        Decision.objects.filter(round=round)
        .select_related(
            "person__rank",
            "decided_by",
            "posting",
            *(f"notice__{path}" for path in NOTICE_RELATED),
        )
        .order_by("notice__available_from", "pk")
    )


@dataclass
class StateChange:
    state: str
    label: str
    when: datetime.datetime
    user: object
    reason: str


def state_changes(round):
    """Each state the round entered, when, by whom and why: from its history."""
    records = round.history.select_related("history_user").order_by("history_date", "history_id")
    changes, previous = [], None
    for record in records:
        if record.state != previous:
            changes.append(
                StateChange(
                    state=record.state,
                    label=Round.State(record.state).label,
                    when=record.history_date,
                    user=record.history_user,
                    reason=record.history_change_reason or "",
                )
            )
            previous = record.state
    return changes
