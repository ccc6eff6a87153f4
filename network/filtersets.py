"""One FilterSet per list of the network. Filters about time read the page's as-of date
(`request.as_of`), so "covered", "open" and "resident" mean: on that date."""

import datetime

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from dci_portal.filtersets import PortalFilterSet

from .bilingual import localized_field
from .models import Country, Coverage, Department, DirectorateUnit, Embassy, Region, Section
from .periods import active_on_q

YES_NO = (("yes", _("Yes")), ("no", _("No")))
RESIDENCE = (("resident", _("Resident")), ("non_resident", _("Non-resident")))


def day_of(request):
    return getattr(request, "as_of", None) or datetime.date.today()


def countries(request):
    return Country.objects.order_by(localized_field("name"))


def countries_with_embassy(request):
    return countries(request).filter(embassy__isnull=False)


def departments_open(request):
    """Departments open on the page's date: one per embassy, so the city names it."""
    return Department.objects.active_on(day_of(request)).select_related("embassy").order_by("embassy__city")


def all_departments(request):
    return Department.objects.select_related("embassy").order_by("embassy__city", "-start_date")


class DepartmentChoiceField(forms.ModelChoiceField):
    """Departments named with their period: a department that closed and reopened is two."""

    def label_from_instance(self, obj):
        return f"{obj} ({obj.period_display})"


class DepartmentFilter(django_filters.ModelChoiceFilter):
    field_class = DepartmentChoiceField


def yes_no(queryset, value, condition):
    if value == "yes":
        return queryset.filter(condition)
    if value == "no":
        return queryset.filter(~condition)
    return queryset


class AsOfFilterSet(PortalFilterSet):
    @property
    def day(self):
        return day_of(self.request)


class StatusFilterSet(AsOfFilterSet):
    """For dated records (departments, sections, coverages): open on the page's date by
    default, or not open on it, or all."""

    OPEN, CLOSED, ALL = "open", "closed", "all"

    status = django_filters.ChoiceFilter(
        label=_("Status on the date"),
        choices=((OPEN, _("Open")), (CLOSED, _("Not open")), (ALL, _("All"))),
        empty_label=None,
        method="filter_status",
    )

    def __init__(self, data=None, *args, **kwargs):
        # Without a status in the URL, the list shows what is open on the date.
        if not (data or {}).get("status"):
            data = data.copy() if data is not None else QueryDict(mutable=True)
            data["status"] = self.OPEN
        super().__init__(data, *args, **kwargs)

    def filter_status(self, queryset, name, value):
        if value == self.OPEN:
            return queryset.filter(active_on_q(self.day))
        if value == self.CLOSED:
            return queryset.exclude(active_on_q(self.day))
        return queryset


class CountryFilterSet(AsOfFilterSet):
    search_fields = ("name_en", "name_fr", "iso2", "iso3", "capital")

    region = django_filters.ModelChoiceFilter(queryset=Region.objects.all(), label=_("Region"))
    covered = django_filters.ChoiceFilter(label=_("Covered"), choices=YES_NO, method="filter_covered")
    department = django_filters.ModelChoiceFilter(
        queryset=departments_open, label=_("Covering department"), method="filter_department"
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
        return Coverage.objects.active_on(self.day).filter(country=OuterRef("pk"))

    def filter_covered(self, queryset, name, value):
        return yes_no(queryset, value, Exists(self.coverages()))

    def filter_department(self, queryset, name, value):
        return queryset.filter(Exists(self.coverages().filter(department=value)))

    def filter_residence(self, queryset, name, value):
        resident = Q(department__embassy__country=OuterRef("pk"))
        coverages = self.coverages().filter(resident if value == "resident" else ~resident)
        return queryset.filter(Exists(coverages))

    def filter_has_section(self, queryset, name, value):
        sections = Section.objects.active_on(self.day).filter(country=OuterRef("pk"))
        return yes_no(queryset, value, Exists(sections))


class DepartmentFilterSet(StatusFilterSet):
    search_fields = (
        "embassy__city",
        "embassy__country__name_en",
        "embassy__country__name_fr",
        "supervising_unit__acronym",
    )

    region = django_filters.ModelChoiceFilter(
        field_name="embassy__country__region", queryset=Region.objects.all(), label=_("Region")
    )
    country = django_filters.ModelChoiceFilter(
        field_name="embassy__country", queryset=countries_with_embassy, label=_("Country")
    )
    supervising_unit = django_filters.ModelChoiceFilter(
        queryset=DirectorateUnit.objects.all(), label=_("Supervising central unit")
    )

    class Meta:
        model = Department
        fields = ["q", "status", "region", "country", "supervising_unit"]


class SectionFilterSet(StatusFilterSet):
    search_fields = ("city", "country__name_en", "country__name_fr", "department__embassy__city")

    region = django_filters.ModelChoiceFilter(
        field_name="country__region", queryset=Region.objects.all(), label=_("Region")
    )
    country = django_filters.ModelChoiceFilter(queryset=countries, label=_("Country"))
    department = DepartmentFilter(queryset=all_departments, label=_("Department"))

    class Meta:
        model = Section
        fields = ["q", "status", "region", "country", "department"]


class EmbassyFilterSet(AsOfFilterSet):
    search_fields = ("city", "country__name_en", "country__name_fr", "country__iso2", "country__iso3")

    region = django_filters.ModelChoiceFilter(
        field_name="country__region", queryset=Region.objects.all(), label=_("Region")
    )
    has_department = django_filters.ChoiceFilter(
        label=_("Has a department open on the date"), choices=YES_NO, method="filter_has_department"
    )

    class Meta:
        model = Embassy
        fields = ["q", "region", "has_department"]

    def filter_has_department(self, queryset, name, value):
        departments = Department.objects.active_on(self.day).filter(embassy=OuterRef("pk"))
        return yes_no(queryset, value, Exists(departments))


class CoverageFilterSet(StatusFilterSet):
    search_fields = ("country__name_en", "country__name_fr", "country__iso2", "department__embassy__city")

    region = django_filters.ModelChoiceFilter(
        field_name="country__region", queryset=Region.objects.all(), label=_("Region")
    )
    country = django_filters.ModelChoiceFilter(queryset=countries, label=_("Country"))
    department = DepartmentFilter(queryset=all_departments, label=_("Department"))
    residence = django_filters.ChoiceFilter(
        label=_("Resident or non-resident"), choices=RESIDENCE, method="filter_residence"
    )

    class Meta:
        model = Coverage
        fields = ["q", "status", "region", "country", "department", "residence"]

    def filter_residence(self, queryset, name, value):
        resident = Q(country_id=F("department__embassy__country_id"))
        return queryset.filter(resident if value == "resident" else ~resident)
