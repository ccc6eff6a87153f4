"""Things that hold for a period of time: start date, optional end date (inclusive).

Every dated record of the network (department, section, coverage, position, posting)
shares this base, so "active on a date" and "overlaps" are written once.
"""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .dates import display_date


def active_on_q(day, prefix=""):
    """Q for records (reached through `prefix`, e.g. "postings__") active on `day`."""
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


def overlapping_q(start, end):
    """Q for periods that share at least one day with [start, end] (end None = open)."""
    q = Q(end_date__isnull=True) | Q(end_date__gte=start)
    if end is not None:
        q &= Q(start_date__lte=end)
    return q


def within(outer_start, outer_end, start, end):
    """Whether the period [start, end] lies within [outer_start, outer_end] (an empty
    end: still open; an empty outer start: before the records begin)."""
    return (outer_start is None or (start is not None and outer_start <= start)) and (
        outer_end is None or (end is not None and end <= outer_end)
    )


def add_months(day, months):
    """`day` moved by `months` months (negative: back), on the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def format_period(start, end):
    if start is None:  # a lifespan that began before the records
        return _("until %(end)s") % {"end": display_date(end)} if end else _("with no recorded dates")
    if end is None:
        return _("from %(start)s") % {"start": display_date(start)}
    return _("from %(start)s to %(end)s") % {"start": display_date(start), "end": display_date(end)}


class PeriodQuerySet(models.QuerySet):
    def active_on(self, day=None):
        return self.filter(active_on_q(day or datetime.date.today()))

    def overlapping(self, start, end):
        return self.filter(overlapping_q(start, end))


class Period(models.Model):
    start_date = models.DateField(_("start date"), db_index=True)
    end_date = models.DateField(_("end date"), null=True, blank=True, db_index=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            )
        ]

    @property
    def period_display(self):
        return format_period(self.start_date, self.end_date)

    def is_active_on(self, day=None):
        day = day or datetime.date.today()
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})

    def check_no_overlap(self, others, message, limit=2):
        """Raise if records of `others` share a day with this one, naming (up to `limit`)
        of them.

        `message` is a callable taking a conflicting record and returning the text;
        the overlap rule itself lives here once, for every dated model.
        """
        if not self.start_date or (self.end_date and self.end_date < self.start_date):
            return
        # One query: `others` carries the relations the messages read (select_related).
        conflicts = others.overlapping(self.start_date, self.end_date).exclude(pk=self.pk)[:limit]
        texts = list(dict.fromkeys(message(conflict) for conflict in conflicts))
        if texts:
            raise ValidationError([ValidationError(text, code="overlap") for text in texts])


def open_on_q(day, prefix=""):
    """Q for records with a lifespan (reached through `prefix`) open on `day`: an empty
    opening date means "before the records begin"."""
    return (Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": day})) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


class LifespanQuerySet(models.QuerySet):
    def active_on(self, day=None):
        return self.filter(open_on_q(day or datetime.date.today()))


class Lifespan(models.Model):
    """The opening and closing dates of a standing body (an embassy, a central unit),
    read like a Period (`is_active_on`, `period_display`) but whose opening may predate
    the records (an empty start date). Bodies that exist for a period and are
    replaced by new records (departments, sections) are Periods."""

    start_date = models.DateField(
        _("opening date"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Leave empty when it opened before the portal's records begin."),
    )
    end_date = models.DateField(
        _("closing date"), null=True, blank=True, db_index=True, help_text=_("Last day it is open.")
    )

    objects = LifespanQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="%(app_label)s_%(class)s_closes_after_opening",
                violation_error_message=_("The closing date cannot be before the opening date."),
            )
        ]

    @property
    def period_display(self):
        return format_period(self.start_date, self.end_date)

    def is_active_on(self, day=None):
        day = day or datetime.date.today()
        return (self.start_date is None or self.start_date <= day) and (
            self.end_date is None or self.end_date >= day
        )

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The closing date cannot be before the opening date.")})

    def covers_period(self, start, end):
        """Whether the lifespan includes every day from `start` to `end` (None: open)."""
        return within(self.start_date, self.end_date, start, end)
