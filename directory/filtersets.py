"""One FilterSet per list of the network. Filters about time read the page's as-of date
(`request.as_of`), so "covered", "open" and "resident" mean: on that date, as the
figures of the register define them (network/figures.py)."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from base.asof import day_of
from base.filtersets import (
    YES_NO,
    PortalFilterSet,
    StatusFilterSet,
    TypeaheadFilter,
    yes_no,
)
from base.periods import open_on_q
from network import choosers, figures
from network.models import Country, Coverage, Department, DirectorateUnit, Embassy, Region, Section
from network.selectors import countries_by_name

RESIDENT, NON_RESIDENT = "resident", "non_resident"
RESIDENCE = ((RESIDENT, _("Resident")), (NON_RESIDENT, _("Non-resident")))


def departments_open(request):
    """Departments open on the page's date: one per embassy, so the city names it."""
    return Department.objects.active_on(day_of(request)).select_related("embassy").order_by("embassy__city")


def with_residence(coverages, value):
    return coverages.resident() if value == RESIDENT else coverages.non_resident()


class CountryFilterSet(PortalFilterSet):
    region = django_filters.ModelChoiceFilter(queryset=Region.objects.all(), label=_("Region"))
    covered = django_filters.ChoiceFilter(label=_("Covered"), choices=YES_NO, method="filter_covered")
    department = TypeaheadFilter(
        chooser=choosers.DEPARTMENTS,
        queryset=departments_open,
        widget_params={"open": "1"},
        label=_("Covering department"),
        method="filter_department",
    )
    residence = django_filters.ChoiceFilter(
        label=_("Resident or non-resident"), choices=RESIDENCE, method="filter_residence"
    )
    has_section = django_filters.ChoiceFilter(
        label=_("Has a section"), choices=YES_NO, method="filter_has_section"
    )

    class Meta:
        model = Country
        fields = ["q", "region", "covered", "department", "residence", "has_section"]

    def coverages(self):
        return figures.COUNTRIES_COVERED.rows(self.day).filter(country=OuterRef("pk"))

    def filter_covered(self, queryset, name, value):
        return yes_no(queryset, value, Exists(self.coverages()))

    def filter_department(self, queryset, name, value):
        return queryset.filter(Exists(self.coverages().filter(department=value)))

    def filter_residence(self, queryset, name, value):
        return queryset.filter(Exists(with_residence(self.coverages(), value)))

    def filter_has_section(self, queryset, name, value):
        sections = figures.SECTIONS_OPEN.rows(self.day).filter(country=OuterRef("pk"))
        return yes_no(queryset, value, Exists(sections))


class DepartmentFilterSet(StatusFilterSet):
    region = django_filters.ModelChoiceFilter(
        field_name="embassy__country__region", queryset=Region.objects.all(), label=_("Region")
    )
    country = TypeaheadFilter(
        chooser=choosers.COUNTRIES,
        field_name="embassy__country",
        queryset=lambda request: countries_by_name().filter(embassy__isnull=False),
        label=_("Country"),
    )
    supervising_unit = django_filters.ModelChoiceFilter(
        queryset=DirectorateUnit.objects.all(), label=_("Supervising central unit")
    )

    class Meta:
        model = Department
        fields = ["q", "status", "region", "country", "supervising_unit"]


class SectionFilterSet(StatusFilterSet):
    region = django_filters.ModelChoiceFilter(
        field_name="country__region", queryset=Region.objects.all(), label=_("Region")
    )
    country = TypeaheadFilter(chooser=choosers.COUNTRIES, label=_("Country"))
    department = TypeaheadFilter(chooser=choosers.DEPARTMENTS, label=_("Department"))

    class Meta:
        model = Section
        fields = ["q", "status", "region", "country", "department"]


class EmbassyFilterSet(StatusFilterSet):
    open_q = staticmethod(open_on_q)

    region = django_filters.ModelChoiceFilter(
        field_name="country__region", queryset=Region.objects.all(), label=_("Region")
    )
    has_department = django_filters.ChoiceFilter(
        label=_("Has a department open on the date"), choices=YES_NO, method="filter_has_department"
    )

    class Meta:
        model = Embassy
        fields = ["q", "status", "region", "has_department"]

    def filter_has_department(self, queryset, name, value):
        departments = figures.DEPARTMENTS_OPEN.rows(self.day).filter(embassy=OuterRef("pk"))
        return yes_no(queryset, value, Exists(departments))


class CoverageFilterSet(StatusFilterSet):
    region = django_filters.ModelChoiceFilter(
        field_name="country__region", queryset=Region.objects.all(), label=_("Region")
    )
    country = TypeaheadFilter(chooser=choosers.COUNTRIES, label=_("Country"))
    department = TypeaheadFilter(chooser=choosers.DEPARTMENTS, label=_("Department"))
    residence = django_filters.ChoiceFilter(
        label=_("Resident or non-resident"), choices=RESIDENCE, method="filter_residence"
    )

    class Meta:
        model = Coverage
        fields = ["q", "status", "region", "country", "department", "residence"]

    def filter_residence(self, queryset, name, value):
        return with_residence(queryset, value)
