"""Writes that span models. Views, admin, import and commands all go through these,
so each rule (overlaps, tour length, end reason) exists once: in the models' `clean`,
which every function here calls through `full_clean` before saving."""

import calendar
import datetime

from django.db import transaction

from network.services import save_validated

from .models import Person, Position, Posting


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expected_end_for(position, start_date):
    """End of a normal tour of duty in `position` starting on `start_date`."""
    return add_months(start_date, position.role.tour_months) - datetime.timedelta(days=1)


@transaction.atomic
def posting_open(
    *,
    person: Person,
    position: Position,
    start_date: datetime.date,
    expected_end_date: datetime.date | None = None,
    user=None,
    reason="",
) -> Posting:
    """Post `person` to `position` from `start_date`. Raises ValidationError naming
    the conflicting posting if the person or the position is taken on those dates."""
    posting = Posting(
        person=person,
        position=position,
        start_date=start_date,
        expected_end_date=expected_end_date or expected_end_for(position, start_date),
    )
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
    """End several postings on one date, all or nothing (admin bulk action)."""
    ended = []
    for posting in postings:
        if posting.end_date is not None and posting.end_date <= end_date:
            continue
        ended.append(
            posting_end(posting=posting, end_date=end_date, end_reason=end_reason, user=user, reason=reason)
        )
    return ended
