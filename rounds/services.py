"""Writes of posting rounds. Every page, the admin and the demo call these; each change
validates once (base.services.save_validated), is attributed in the history to its user
with a reason, and writes its e-mails to the outbox in the same transaction.

A decision posts the selected candidate through postings.services (posting_end for the
postings it hands over, posting_open for the planned posting), so the register's rules —
one holder per position and one posting per person on a date — hold, and name the
conflict when they do not.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from base.services import delete_attributed, save_validated
from postings.models import Posting
from postings.services import posting_end, posting_open

from . import mail
from .eligibility import eligibility_problems
from .models import (
    DECIDE_PERMISSION,
    MOVE_LABELS,
    TRANSITIONS,
    Account,
    Application,
    Decision,
    Round,
    VacancyNotice,
)

State = Round.State
DAY = datetime.timedelta(days=1)


def today():
    return datetime.date.today()


# --- accounts --------------------------------------------------------------------------


def person_of(user):
    """The person of the register `user` logs in as, or None."""
    account = Account.objects.filter(user_id=getattr(user, "pk", None)).select_related("person__rank").first()
    return account.person if account is not None else None


@transaction.atomic
def account_link(*, user, person, language="", by=None, reason=""):
    """Link `user` to `person` (None: unlink), with the language of their e-mails."""
    account = Account.objects.filter(user=user).first() or Account(user=user)
    account.person, account.language = person, language
    return save_validated(account, user=by, reason=reason)


@transaction.atomic
def account_set_language(*, user, language):
    account = Account.objects.filter(user=user).first() or Account(user=user)
    account.language = language
    return save_validated(account, user=user, reason=_("E-mail language chosen"))


# --- rounds ----------------------------------------------------------------------------


@transaction.atomic
def round_create(*, user=None, reason="", **fields):
    return save_validated(Round(state=State.DRAFT, **fields), user=user, reason=reason or _("Round created"))


@transaction.atomic
def round_update(*, round, user=None, reason="", **fields):
    if round.state in (State.DECIDED, State.ARCHIVED):
        raise ValidationError(
            _("A %(state)s round cannot be changed.") % {"state": round.get_state_display().lower()}
        )
    for name, value in fields.items():
        setattr(round, name, value)
    return save_validated(round, user=user, reason=reason)


@transaction.atomic
def round_move(*, round, to, user=None, reason=""):
    """Move `round` to the state `to` if TRANSITIONS allow it; the history says who, when
    and why. Opening the round for the first time tells staff by e-mail."""
    locked = Round.objects.select_for_update().get(pk=round.pk)
    if to not in TRANSITIONS[locked.state]:
        allowed = ", ".join(str(State(state).label) for state in TRANSITIONS[locked.state])
        raise ValidationError(
            _("A round that is “%(state)s” cannot become “%(to)s”; it can become: %(allowed)s.")
            % {
                "state": locked.get_state_display(),
                "to": State(to).label if to in State.values else to,
                "allowed": allowed or _("nothing (it is archived)"),
            }
        )
    if to == State.OPEN and not locked.notices.exists():
        raise ValidationError(_("A round opens with at least one vacancy notice."))
    first_opening = locked.state == State.DRAFT and to == State.OPEN
    label = MOVE_LABELS[(locked.state, to)]
    locked.state = to
    save_validated(locked, user=user, reason=f"{label}: {reason}" if reason else str(label))
    round.state = to
    if first_opening:
        mail.queue(
            "round_opened",
            mail.recipients_of_users(mail.users_with_permission("rounds.apply_to_round")),
            round=locked,
            url=mail.absolute_url(locked.get_absolute_url()),
        )
    return locked


# --- notices ---------------------------------------------------------------------------


def _while_draft(round, what):
    if round.state != State.DRAFT:
        raise ValidationError(
            _("%(what)s only while the round is a draft: once it is open, candidates rely on its notices.")
            % {"what": what}
        )


def default_descriptions(position):
    """A first description of the notice, in English and French, for the manager to complete."""
    role, unit = position.role, position.unit
    with translation.override("en"):
        english = f"{position.label} ({role.name_en}), {unit}."
    with translation.override("fr"):
        french = f"{position.label} ({role.name_fr}), {unit}."
    return english, french


@transaction.atomic
def notices_create(*, round, proposals, user=None, reason=""):
    """Publish the reviewed `proposals` (selectors.Proposal) as notices of `round`, all or
    nothing, each with the position's required force and a description to complete."""
    _while_draft(round, _("Notices are added"))
    created = []
    for proposal in proposals:
        position = proposal.position
        english, french = default_descriptions(position)
        notice = VacancyNotice(
            round=round,
            position=position,
            reason=proposal.reason,
            outgoing_posting=proposal.outgoing_posting,
            available_from=proposal.available_from,
            required_force=position.required_force,
            description_en=english,
            description_fr=french,
        )
        created.append(save_validated(notice, user=user, reason=reason or _("Proposed from the register")))
    return created


@transaction.atomic
def notice_update(*, notice, user=None, reason="", **fields):
    _while_draft(notice.round, _("Notices are changed"))
    for name, value in fields.items():
        setattr(notice, name, value)
    return save_validated(notice, user=user, reason=reason)


@transaction.atomic
def notice_delete(*, notice, user=None, reason=""):
    _while_draft(notice.round, _("Notices are removed"))
    delete_attributed(notice, user=user, reason=reason)


# --- applications ----------------------------------------------------------------------


def _person_or_refuse(user):
    person = person_of(user)
    if person is None:
        raise ValidationError(
            _("Your login is not linked to a person of the register: ask an administrator to link it.")
        )
    return person


def _accepting_applications(round, day):
    if round.state != State.OPEN:
        raise ValidationError(
            _("The round “%(round)s” is not open to applications (it is %(state)s).")
            % {"round": round, "state": round.get_state_display().lower()}
        )
    if day < round.applications_open:
        raise ValidationError(
            _("Applications open on %(day)s.") % {"day": date_format(round.applications_open)}
        )
    if day > round.applications_close:
        raise ValidationError(
            _("Applications closed on %(day)s.") % {"day": date_format(round.applications_close)}
        )


def _rank(applications, user, reason):
    """Number the active applications 1, 2, 3… in their order; save those that change."""
    for number, application in enumerate(applications, start=1):
        if application.preference != number:
            application.preference = number
            save_validated(application, user=user, reason=reason)


@transaction.atomic
def application_submit(*, user, notice, preference, motivation, available_from, reason=""):
    """Apply, for oneself, to `notice` (or change one's application to it), ranked
    `preference` among one's choices in the round (the others move down). Refused, with
    every reason, when the round is not open, the candidate has used all the
    applications the round allows or is not eligible (rounds/eligibility.py)."""
    person = _person_or_refuse(user)
    Account.objects.select_for_update().filter(user=user).first()  # one submission at a time per person
    notice = VacancyNotice.objects.select_related("round", "position").get(pk=notice.pk)
    round, day = notice.round, today()
    _accepting_applications(round, day)
    application = Application.objects.filter(notice=notice, person=person).first()
    others = list(
        Application.objects.filter(round=round, person=person, status=Application.Status.SUBMITTED)
        .exclude(notice=notice)
        .order_by("preference", "pk")
    )
    if len(others) >= round.max_applications:
        count = round.max_applications
        raise ValidationError(
            ngettext(
                "You have already applied to %(count)s notice of this round, the most it allows: "
                "withdraw it first.",
                "You have already applied to %(count)s notices of this round, the most it allows: "
                "withdraw one of them first.",
                count,
            )
            % {"count": count}
        )
    problems = eligibility_problems(person, notice, day=day)
    if problems:
        raise ValidationError(problems)
    is_new = application is None or not application.is_active
    if application is None:
        application = Application(round=round, notice=notice, person=person)
    application.motivation, application.available_from = motivation, available_from
    application.status = Application.Status.SUBMITTED
    why = reason or (_("Application submitted") if is_new else _("Application changed"))
    # Its place among the candidate's choices: the others move down to make room.
    ordered = list(others)
    ordered.insert(max(1, min(preference, len(others) + 1)) - 1, application)
    for number, item in enumerate(ordered, start=1):
        if item is application or item.preference != number:
            item.preference = number
            save_validated(item, user=user, reason=why)
    if is_new:
        context = {"notice": notice, "application": application, "person": person}
        candidate = mail.recipient_of_person(person)
        if candidate:
            mail.queue(
                "application_received",
                [candidate],
                round=round,
                template="application_received_candidate",
                url=mail.absolute_url(notice.get_absolute_url()),
                **context,
            )
        mail.queue(
            "application_received",
            mail.recipients_of_users(mail.users_with_permission(DECIDE_PERMISSION)),
            round=round,
            template="application_received_managers",
            url=mail.absolute_url(reverse("rounds:notice_candidates", args=[notice.pk])),
            **context,
        )
    return application


@transaction.atomic
def application_withdraw(*, user, notice, reason=""):
    """Withdraw one's own application to `notice`, while the round is open."""
    person = _person_or_refuse(user)
    Account.objects.select_for_update().filter(user=user).first()
    application = (
        Application.objects.select_related("round", "notice__position")
        .filter(notice=notice, person=person, status=Application.Status.SUBMITTED)
        .first()
    )
    if application is None:
        raise ValidationError(_("You have no application to this notice."))
    if application.round.state != State.OPEN:
        raise ValidationError(_("Applications can be withdrawn only while the round is open."))
    application.status = Application.Status.WITHDRAWN
    application.shortlisted, application.committee_rank = False, None
    why = reason or _("Application withdrawn")
    save_validated(application, user=user, reason=why)
    remaining = Application.objects.filter(
        round=application.round, person=person, status=Application.Status.SUBMITTED
    ).order_by("preference", "pk")
    _rank(list(remaining), user, why)
    mail.queue(
        "application_withdrawn",
        mail.recipients_of_users(mail.users_with_permission(DECIDE_PERMISSION)),
        round=application.round,
        notice=application.notice,
        person=person,
    )
    return application


# --- selection ---------------------------------------------------------------------------


def _selecting(round):
    if round.state not in (State.OPEN, State.CLOSED):
        raise ValidationError(
            _("Candidates are shortlisted while the round is open or closed (it is %(state)s).")
            % {"state": round.get_state_display().lower()}
        )


@transaction.atomic
def applications_shortlist(*, notice, choices, user=None, reason=""):
    """Shortlist and rank the candidates of `notice`: `choices` is {application pk:
    (shortlisted, committee rank or None)}. Two shortlisted candidates cannot share a rank."""
    notice = _lock_notice(notice)
    _selecting(notice.round)
    if Decision.objects.filter(notice=notice).exists():
        raise ValidationError(_("This notice is decided: its shortlist can no longer change."))
    applications = {
        a.pk: a
        for a in Application.objects.filter(
            notice=notice, status=Application.Status.SUBMITTED
        ).select_related("person__rank")
    }
    ranks = {}
    for pk, (shortlisted, rank) in choices.items():
        application = applications.get(pk)
        if application is None:
            raise ValidationError(_("That application is not one of this notice's."))
        rank = rank if shortlisted else None
        if rank is not None and rank in ranks:
            raise ValidationError(
                _("%(first)s and %(second)s cannot both be ranked %(rank)s.")
                % {
                    "first": ranks[rank].person.full_name,
                    "second": application.person.full_name,
                    "rank": rank,
                }
            )
        if rank is not None:
            ranks[rank] = application
        if (application.shortlisted, application.committee_rank) != (shortlisted, rank):
            application.shortlisted, application.committee_rank = shortlisted, rank
            save_validated(application, user=user, reason=reason or _("Shortlist changed"))
    return list(applications.values())


def _lock_notice(notice):
    """The notice, locked until the transaction ends: two managers deciding it at the
    same moment take turns (PostgreSQL; SQLite lets one writer at a time anyway)."""
    return (
        VacancyNotice.objects.select_for_update(of=("self",))
        .select_related("round", "position__role")
        .get(pk=notice.pk)
    )


def _refuse_if_decided(notice):
    existing = Decision.objects.filter(notice=notice).select_related("person", "decided_by").first()
    if existing is not None:
        raise ValidationError(
            _("%(notice)s is already decided: %(person)s was selected by %(user)s on %(day)s.")
            % {
                "notice": notice,
                "person": existing.person.full_name,
                "user": existing.decided_by.get_full_name() or existing.decided_by.get_username()
                if existing.decided_by
                else _("someone"),
                "day": date_format(existing.decided_at.date()),
            }
        )


def handover_postings(notice, person, start_date, day):
    """The postings running on `day` with no end that the new posting takes over: the
    outgoing holder's in this position, the candidate's own. Each ends the day before
    `start_date`; a posting already ending, or a planned one, is left to the overlap rule."""
    running = Posting.objects.active_on(day).filter(end_date__isnull=True, start_date__lt=start_date)
    holder = running.filter(position=notice.position).select_related("person").first()
    own = running.filter(person=person).select_related("position").first()
    return [posting for posting in dict.fromkeys([holder, own]) if posting is not None]


@transaction.atomic
def notice_decide(*, notice, application, start_date, expected_end_date=None, grounds, user=None):
    """Select `application`'s candidate for `notice`: end the postings handed over (the
    outgoing holder's, the candidate's current one) the day before `start_date` and post
    the candidate from `start_date` (a planned posting). Exactly one decision per notice
    and one selection per candidate in a round (checked under a lock on the notice, and by
    the database). Refused, naming the conflict, when either is taken."""
    notice = _lock_notice(notice)
    round, day = notice.round, today()
    if round.state != State.CLOSED:
        raise ValidationError(
            _("Decisions are recorded once applications are closed (the round is %(state)s).")
            % {"state": round.get_state_display().lower()}
        )
    _refuse_if_decided(notice)
    application = (
        Application.objects.select_related("person__rank").filter(pk=application.pk, notice=notice).first()
    )
    if application is None or not application.is_active:
        raise ValidationError(_("That candidate has no application to this notice."))
    if not application.shortlisted:
        raise ValidationError(_("Shortlist a candidate before selecting them."))
    person = application.person
    elsewhere = Decision.objects.filter(round=round, person=person).select_related("notice__position").first()
    if elsewhere is not None:
        raise ValidationError(
            _("%(person)s is already selected for %(notice)s in this round.")
            % {"person": person.full_name, "notice": elsewhere.notice}
        )
    if start_date <= day:
        raise ValidationError({"start_date": _("A decision plans a posting: it starts after today.")})
    if not round.postings_start <= start_date <= round.postings_end:
        raise ValidationError(
            {
                "start_date": _("The round's postings start %(window)s.") % {"window": round.postings_window},
            }
        )
    why = _("Posting round “%(round)s”: %(grounds)s") % {"round": round, "grounds": grounds}
    for posting in handover_postings(notice, person, start_date, day):
        if posting.person_id == person.pk:
            end_reason = Posting.EndReason.TRANSFERRED
        elif posting.expected_end_date and posting.expected_end_date > start_date:
            end_reason = Posting.EndReason.CURTAILED
        else:
            end_reason = Posting.EndReason.COMPLETED
        posting_end(posting=posting, end_date=start_date - DAY, end_reason=end_reason, user=user, reason=why)
    planned = posting_open(
        person=person,
        position=notice.position,
        start_date=start_date,
        expected_end_date=expected_end_date,
        user=user,
        reason=why,
    )
    decision = Decision(
        round=round,
        notice=notice,
        application=application,
        person=person,
        posting=planned,
        grounds=grounds,
        decided_by=user if getattr(user, "is_authenticated", False) else None,
    )
    save_validated(decision, user=user, reason=grounds)
    candidates = Application.objects.filter(
        notice=notice, status=Application.Status.SUBMITTED
    ).select_related("person__account__user")
    for candidate in candidates:
        recipient = mail.recipient_of_person(candidate.person)
        if recipient:
            mail.queue(
                "decision",
                [recipient],
                round=round,
                template="decision_selected" if candidate.pk == application.pk else "decision_not_selected",
                notice=notice,
                person=candidate.person,
                posting=planned,
                url=mail.absolute_url(notice.get_absolute_url()),
            )
    return decision
