"""Figures of the network itself, on a day: departments, embassies, countries covered,
sections. Entries of the register (base/figures.py, docs/figures.md); figures about
people and positions are in postings/figures.py."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from base.figures import Figure, Part

from .models import Country, Coverage, Department, DirectorateUnit, Embassy, Region, Section


def _departments_open(day, where, **_narrowing):
    return Department.objects.active_on(day).filter(where)


def _embassies_with_department(day, where, **_narrowing):
    return Embassy.objects.filter(
        where, Exists(Department.objects.active_on(day).filter(embassy=OuterRef("pk")))
    )


def _coverages(day, where, **_narrowing):
    return Coverage.objects.active_on(day).filter(where)


def _resident_coverages(day, where, **_narrowing):
    return Coverage.objects.active_on(day).resident().filter(where)


def _non_resident_coverages(day, where, **_narrowing):
    return Coverage.objects.active_on(day).non_resident().filter(where)


def _sections_open(day, where, **_narrowing):
    return Section.objects.active_on(day).filter(where)


DEPARTMENTS_OPEN = Figure(
    "departments_open",
    _("departments open"),
    _("Internal Security Departments whose period (opening to closing date) includes the day."),
    None,
    (Part(_departments_open),),
)
EMBASSIES_WITH_DEPARTMENT = Figure(
    "embassies_with_department",
    _("embassies with a department"),
    _("Embassies in which a department is open on the day."),
    None,
    (Part(_embassies_with_department),),
)
COUNTRIES_COVERED = Figure(
    "countries_covered",
    _("countries covered"),
    _(
        "Countries covered by a department on the day (at most one department covers a country "
        "on a day), resident or not."
    ),
    None,
    (Part(_coverages),),
)
COUNTRIES_COVERED_RESIDENT = Figure(
    "countries_covered_resident",
    _("countries covered by a resident department"),
    _("Countries covered on the day by the department of their own embassy."),
    None,
    (Part(_resident_coverages),),
)
COUNTRIES_COVERED_NON_RESIDENT = Figure(
    "countries_covered_non_resident",
    _("countries covered from another country"),
    _("Countries covered on the day by a department based in another country (non-resident coverage)."),
    None,
    (Part(_non_resident_coverages),),
)
SECTIONS_OPEN = Figure(
    "sections_open",
    _("sections open"),
    _("Internal Security Sections whose period includes the day."),
    None,
    (Part(_sections_open),),
)

# --- Per record -----------------------------------------------------------------------

DEPARTMENT_COUNTRIES_COVERED = Figure(
    "department_countries_covered",
    _("Countries covered"),
    _("Countries the department covers on the day, its host country included when it covers it."),
    Department,
    (Part(_coverages, owner="department"),),
)
EMBASSY_DEPARTMENTS = Figure(
    "embassy_departments",
    _("Departments over time"),
    _("Departments the embassy has had, open or closed, whatever the day (a reopening is a new one)."),
    Embassy,
    (Part(lambda day, where, **_narrowing: Department.objects.filter(where), owner="embassy"),),
)
UNIT_DEPARTMENTS_SUPERVISED = Figure(
    "unit_departments_supervised",
    _("Departments supervised"),
    _("Departments open on the day that the central unit supervises."),
    DirectorateUnit,
    (Part(_departments_open, owner="supervising_unit"),),
)
REGION_COUNTRIES = Figure(
    "region_countries",
    _("Countries"),
    _("Countries of the region, whatever the day."),
    Region,
    (Part(lambda day, where, **_narrowing: Country.objects.filter(where), owner="region"),),
)
COUNTRY_SECTIONS = Figure(
    "country_sections",
    _("Sections"),
    _("Internal Security Sections open on the day located in the country."),
    Country,
    (Part(_sections_open, owner="country"),),
)
