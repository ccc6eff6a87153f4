"""List filters of the admin shared by both apps: a dated record's status today, and
"one department / one region" filters that follow a path to it.

Every filter here issues at most one query for its choices (none per choice): the
department filter labels its choices with the embassy's city, so it loads departments
with their embassies, which Django's RelatedFieldListFilter would not.
"""

import datetime

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Department, Region
from .periods import active_on_q


class PeriodStatusFilter(admin.SimpleListFilter):
    """Active today / ended / not yet started, for any Period model."""

    title = _("status today")
    parameter_name = "status"

    ACTIVE, ENDED, FUTURE = "active", "ended", "future"

    def lookups(self, request, model_admin):
        return [
            (self.ACTIVE, _("Active today")),
            (self.ENDED, _("Ended")),
            (self.FUTURE, _("Not yet started")),
        ]

    def queryset(self, request, queryset):
        today = datetime.date.today()
        if self.value() == self.ACTIVE:
            return queryset.filter(active_on_q(today))
        if self.value() == self.ENDED:
            return queryset.filter(end_date__lt=today)
        if self.value() == self.FUTURE:
            return queryset.filter(start_date__gt=today)
        return queryset


class RecordChoiceFilter(admin.SimpleListFilter):
    """Keep the rows that reach the chosen record through any of `paths`.

    Subclasses say which records are offered (`choices_queryset`) and how they are
    labelled (`label`); one query builds the whole list of choices.
    """

    paths: tuple[str, ...] = ()

    def choices_queryset(self, request):
        raise NotImplementedError

    def label(self, record):
        return str(record)

    def lookups(self, request, model_admin):
        return [(str(record.pk), self.label(record)) for record in self.choices_queryset(request)]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            # A hand-edited URL: the admin shows its "incorrect lookup" page, not an error.
            raise IncorrectLookupParameters(value)
        condition = Q()
        for path in self.paths:
            condition |= Q(**{path: int(value)})
        return queryset.filter(condition)


class DepartmentFilter(RecordChoiceFilter):
    title = _("department")
    parameter_name = "department"
    paths = ("department",)

    def choices_queryset(self, request):
        return Department.objects.select_related("embassy").order_by("embassy__city", "-start_date")

    def label(self, record):
        if record.end_date is None:
            return str(record)
        return _("%(department)s (%(period)s)") % {"department": record, "period": record.period_display}


class RegionFilter(RecordChoiceFilter):
    title = _("region")
    parameter_name = "region"
    paths = ("region",)

    def choices_queryset(self, request):
        return Region.objects.all()


class ResidentFilter(admin.SimpleListFilter):
    """Coverage of the department's host country, or of another country ("compétence régionale")."""

    title = _("kind of coverage")
    parameter_name = "resident"

    def lookups(self, request, model_admin):
        return [("yes", _("Resident")), ("no", _("Non-resident"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.resident()
        if self.value() == "no":
            return queryset.non_resident()
        return queryset


class YesNoFilter(admin.SimpleListFilter):
    """A yes/no filter on a boolean condition `condition(today)` (a Q or expression)."""

    def condition(self, today):
        raise NotImplementedError

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(self.condition(datetime.date.today()))
        if self.value() == "no":
            return queryset.exclude(self.condition(datetime.date.today()))
        return queryset
