"""Writes of people, positions and postings. Pages, the admin, the import and the
commands all call these (or base.services.save_validated for a plain edit), so each
rule — overlaps, force, tour within the position, end reason, the normal tour when no
expected end is given — runs once, in the models' `clean`, through `save_validated`."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from base.services import save_validated, validate

from .models import Person, Position, Posting, implausibilities


class ImplausiblePosting(Exception):  # noqa: N818 - a question to the editor, not an error
    """The posting breaks no rule but looks unusual (`warnings`): ask before saving."""

    def __init__(self, warnings):
        super().__init__(" ".join(warnings))
        self.warnings = warnings


@transaction.atomic
def posting_open(
    *,
    person: Person,
    position: Position,
    start_date: datetime.date,
    expected_end_date: datetime.date | None = None,
    user=None,
    reason="",
    confirmed=True,
) -> Posting:
    """Post `person` to `position` from `start_date` (a normal tour when no expected
    end is given). Raises ValidationError naming the conflicting posting if the person
    or the position is taken on those dates. Unless `confirmed`, an implausible posting
    (models.implausibilities) raises ImplausiblePosting once the rules pass; confirmed,
    its history says what was confirmed."""
    posting = Posting(
        person=person, position=position, start_date=start_date, expected_end_date=expected_end_date
    )
    validate(posting)  # the rules first: an error is not a question
    warnings = implausibilities(person, position)
    if warnings and not confirmed:
        raise ImplausiblePosting(warnings)
    if warnings:
        reason = " ".join(filter(None, [reason, _("Confirmed despite: %s") % " ".join(warnings)]))
    return save_validated(posting, user=user, reason=reason)


@transaction.atomic
def posting_end(
    *, posting: Posting, end_date: datetime.date, end_reason: str, user=None, reason=""
) -> Posting:
    """End `posting` on `end_date` (inclusive) for `end_reason`."""
    posting.end_date = end_date
    posting.end_reason = end_reason
    return save_validated(posting, user=user, reason=reason)


@transaction.atomic
def posting_update(*, posting: Posting, user=None, reason="", **fields) -> Posting:
    for name, value in fields.items():
        setattr(posting, name, value)
    return save_validated(posting, user=user, reason=reason)


@transaction.atomic
def postings_end_many(*, postings, end_date, end_reason, user=None, reason=""):
    """End several postings on one date, all or nothing (the admin's bulk action).
    Postings already ended by `end_date` are left as they are."""
    ended = []
    for posting in postings:
        if posting.end_date is not None and posting.end_date <= end_date:
            continue
        ended.append(
            posting_end(posting=posting, end_date=end_date, end_reason=end_reason, user=user, reason=reason)
        )
    return ended


@transaction.atomic
def posting_move(
    *, posting: Posting, position: Position, day: datetime.date, user=None, reason=""
) -> Posting:
    """The person of `posting` goes on in `position` from `day`: the posting ends the day
    before (transferred) and a new one opens, keeping the expected end of tour when it
    falls on or after `day` (a normal tour otherwise). Returns the new posting."""
    expected = posting.expected_end_date
    posting_end(
        posting=posting,
        end_date=day - datetime.timedelta(days=1),
        end_reason=Posting.EndReason.TRANSFERRED,
        user=user,
        reason=reason,
    )
    return posting_open(
        person=posting.person,
        position=position,
        start_date=day,
        expected_end_date=expected if expected and expected >= day else None,
        user=user,
        reason=reason,
    )


@transaction.atomic
def position_close(*, position: Position, end_date: datetime.date, user=None, reason="") -> Position:
    """`end_date` is the position's last day; refused while a posting in it runs past."""
    position.end_date = end_date
    return save_validated(position, user=user, reason=reason)
