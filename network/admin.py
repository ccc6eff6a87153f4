"""Django admin of the network: regions, countries, embassies, central units,
departments, sections and coverage.

Every changelist issues the same number of queries for 10 rows or 10,000: each admin
selects the relations its `__str__` and columns read (`list_select_related`) and its
figures are columns of the register (`figure_display`), annotated by PortalAdmin.
postings/admin.py re-registers the department, section and central-unit admins with
their positions inline; spreadsheets/admin.py adds import and export to each.
"""

from django.contrib import admin
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.utils.translation import gettext_lazy as _

from base.admin import (
    PeriodStatusFilter,
    PortalAdmin,
    PortalTabularInline,
    YesNoFilter,
    figure_display,
    today,
)

from . import figures
from .admin_filters import DepartmentFilter, RegionFilter, ResidentFilter
from .models import Country, Coverage, Department, DirectorateUnit, Embassy, Region, Section, UnitPlacement

# --- Filters that need this app's models -----------------------------------------------


class CoveredTodayFilter(YesNoFilter):
    title = _("covered today")
    parameter_name = "covered"

    def condition(self, day):
        return Exists(figures.COUNTRIES_COVERED.rows(day).filter(country=OuterRef("pk")))


class DepartmentOpenTodayFilter(YesNoFilter):
    title = _("department open today")
    parameter_name = "open"

    def condition(self, day):
        return Exists(figures.DEPARTMENTS_OPEN.rows(day).filter(embassy=OuterRef("pk")))


class CountryRegionFilter(RegionFilter):
    paths = ("country__region",)


class EmbassyRegionFilter(RegionFilter):
    paths = ("country__region",)


class DepartmentRegionFilter(RegionFilter):
    paths = ("embassy__country__region",)


# --- Inlines ---------------------------------------------------------------------------


class DepartmentCoverageInline(PortalTabularInline):
    model = Coverage
    fk_name = "department"
    fields = ("country", "start_date", "end_date")
    autocomplete_fields = ("country",)
    select_related = ("country", "department__embassy")
    overlap_keys = ("country",)
    verbose_name_plural = _("countries covered")


class CountryCoverageInline(PortalTabularInline):
    model = Coverage
    fk_name = "country"
    fields = ("department", "start_date", "end_date")
    autocomplete_fields = ("department",)
    select_related = ("country", "department__embassy")
    overlap_keys = ("country",)
    verbose_name_plural = _("coverage history")


class SectionInline(PortalTabularInline):
    model = Section
    fields = ("city", "city_fr", "country", "start_date", "end_date")
    autocomplete_fields = ("country",)
    show_change_link = True


class EmbassyDepartmentInline(PortalTabularInline):
    model = Department
    fields = ("supervising_unit", "start_date", "end_date")
    autocomplete_fields = ("supervising_unit",)
    select_related = ("embassy",)
    overlap_keys = ("embassy",)
    show_change_link = True


# --- Model admins ----------------------------------------------------------------------


@admin.register(Region)
class RegionAdmin(PortalAdmin):
    list_display = ("name_en", "name_fr", "code", "order", "countries")
    search_fields = Region.SEARCH_FIELDS
    ordering = ("order", "name_en")

    countries = figure_display(figures.REGION_COUNTRIES, _("countries"))


@admin.register(Country)
class CountryAdmin(PortalAdmin):
    list_display = (
        "iso2",
        "iso3",
        "name_en",
        "name_fr",
        "region",
        "capital",
        "capital_fr",
        "covered_today_by",
    )
    list_filter = ("region", CoveredTodayFilter)
    list_select_related = ("region",)
    search_fields = Country.SEARCH_FIELDS
    ordering = ("name_en",)
    inlines = [CountryCoverageInline]

    def get_queryset(self, request):
        day = today()
        covering = figures.COUNTRIES_COVERED.rows(day).filter(country=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .annotate(covered_by_city=Subquery(covering.values("department__embassy__city")[:1]))
            .prefetch_related(
                Prefetch(
                    "coverages",
                    queryset=Coverage.objects.active_on(day).select_related("department__embassy"),
                    to_attr="coverages_today",
                )
            )
        )

    @admin.display(description=_("covered today by"), ordering="covered_by_city")
    def covered_today_by(self, obj):
        coverage = next(iter(obj.coverages_today), None)
        return str(coverage.department) if coverage else "—"


@admin.register(Embassy)
class EmbassyAdmin(PortalAdmin):
    list_display = ("city", "city_fr", "country", "country__region", "department_open_today")
    list_filter = (EmbassyRegionFilter, DepartmentOpenTodayFilter)
    list_select_related = ("country__region",)
    search_fields = Embassy.SEARCH_FIELDS
    autocomplete_fields = ("country",)
    ordering = ("country__name_en",)
    inlines = [EmbassyDepartmentInline]
    fieldsets = [
        (None, {"fields": ("country", "city", "city_fr")}),
        (_("Contact"), {"fields": ("switchboard",)}),
    ]

    def get_queryset(self, request):
        open_today = figures.DEPARTMENTS_OPEN.rows(today()).filter(embassy=OuterRef("pk"))
        return super().get_queryset(request).annotate(department_open_today=Exists(open_today))

    @admin.display(description=_("department open today"), boolean=True, ordering="department_open_today")
    def department_open_today(self, obj):
        return obj.department_open_today


# Parents loaded with each central unit, enough for the depth of the directorate's tree.
UNIT_TREE_DEPTH = 4


@admin.register(DirectorateUnit)
class DirectorateUnitAdmin(PortalAdmin):
    list_display = ("acronym", "name_en", "name_fr", "kind", "tree_path", "departments_supervised")
    list_filter = ("kind",)
    list_select_related = ("__".join(["parent"] * UNIT_TREE_DEPTH),)
    search_fields = DirectorateUnit.SEARCH_FIELDS
    autocomplete_fields = ("parent",)
    ordering = ("acronym",)

    departments_supervised = figure_display(
        figures.UNIT_DEPARTMENTS_SUPERVISED, _("departments supervised today")
    )

    @admin.display(description=_("place in the directorate"))
    def tree_path(self, obj):
        """Acronyms from the top of the tree, read from the parents already loaded."""
        parent_field = DirectorateUnit._meta.get_field("parent")
        path, unit = [obj.acronym], obj
        while unit.parent_id is not None:
            if not parent_field.is_cached(unit):
                path.append("…")
                break
            unit = unit.parent
            path.append(unit.acronym)
        return " › ".join(reversed(path))


@admin.register(UnitPlacement)
class UnitPlacementAdmin(PortalAdmin):
    """Where units sat before their moves (the portal's "Move" page writes them; the
    tree of a day reads them, see DirectorateUnit)."""

    list_display = ("unit", "parent", "until")
    list_select_related = ("unit", "parent")
    str_select_related = ("unit", "parent")
    search_fields = ("unit__acronym", "parent__acronym")
    autocomplete_fields = ("unit", "parent")
    ordering = ("unit__acronym", "until")


@admin.register(Department)
class DepartmentAdmin(PortalAdmin):
    list_display = (
        "__str__",
        "embassy__country",
        "embassy__country__region",
        "supervising_unit__acronym",
        "start_date",
        "end_date",
        "countries_covered",
    )
    list_filter = (
        PeriodStatusFilter,
        DepartmentRegionFilter,
        ("supervising_unit", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("embassy__country__region", "supervising_unit")
    str_select_related = ("embassy",)
    search_fields = Department.SEARCH_FIELDS
    autocomplete_fields = ("embassy", "supervising_unit")
    ordering = ("embassy__city", "-start_date")
    inlines = [DepartmentCoverageInline, SectionInline]
    fieldsets = [
        (None, {"fields": ("embassy", "supervising_unit", "start_date", "end_date", "notes")}),
        (_("Contact"), {"fields": ("phone", "email", "secure_line")}),
    ]

    countries_covered = figure_display(figures.DEPARTMENT_COUNTRIES_COVERED, _("countries covered today"))


class SectionRegionFilter(RegionFilter):
    paths = ("country__region",)


@admin.register(Section)
class SectionAdmin(PortalAdmin):
    list_display = ("__str__", "country", "department", "start_date", "end_date")
    list_filter = (PeriodStatusFilter, DepartmentFilter, SectionRegionFilter)
    list_select_related = ("country", "department__embassy")
    search_fields = Section.SEARCH_FIELDS
    autocomplete_fields = ("department", "country")
    ordering = ("city",)
    fieldsets = [
        (None, {"fields": ("department", "country", "city", "city_fr", "start_date", "end_date")}),
        (_("Contact"), {"fields": ("phone", "email", "secure_line")}),
    ]


@admin.register(Coverage)
class CoverageAdmin(PortalAdmin):
    list_display = ("country", "department", "is_resident", "start_date", "end_date")
    list_filter = (PeriodStatusFilter, ResidentFilter, CountryRegionFilter, DepartmentFilter)
    list_select_related = ("country", "department__embassy")
    str_select_related = ("country", "department__embassy")
    search_fields = Coverage.SEARCH_FIELDS
    autocomplete_fields = ("department", "country")
    ordering = ("country__name_en", "-start_date")

    @admin.display(description=_("resident"), boolean=True)
    def is_resident(self, obj):
        return obj.is_resident
