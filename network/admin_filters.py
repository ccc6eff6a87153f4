"""Admin list filters of the network shared with postings: "one department", "one
region" (following a path to it) and resident or not. Each loads its choices in one
query (the department filter labels departments with their embassy's city)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from base.admin import RecordChoiceFilter
from base.bilingual import local_text

from .models import Department, Region


class DepartmentFilter(RecordChoiceFilter):
    title = _("department")
    parameter_name = "department"
    paths = ("department",)

    def choices_queryset(self, request):
        return Department.objects.select_related("embassy").order_by(
            local_text("city", "embassy__"), "-start_date"
        )

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
