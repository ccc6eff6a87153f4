"""Reads of the network's pages as of a date: each list's rows with the figures its
table shows (annotations from the register: network/figures.py, postings/figures.py)
and what its links need, in the same few queries for 5 rows or 5,000."""

from django.db.models import Case, Exists, OuterRef, Prefetch, Subquery, Value, When

from network import figures as network_figures
from network.models import Country, Coverage, Department, DirectorateUnit, Embassy, Section, resident_q
from network.selectors import local_name
from postings import figures as postings_figures
from postings.selectors import positions_with_holders_on

RESIDENT, NON_RESIDENT = "resident", "non_resident"


def annotate_figures(queryset, day, *figures):
    """`queryset` with one annotation per figure, named by its key."""
    return queryset.annotate(**{figure.key: figure.annotation(day) for figure in figures})


def countries_listed_on(day):
    """Countries with, on `day`: `coverage_on_day` (a list of at most one coverage, with
    its department), `covering_city`, `residence` ("resident", "non_resident" or "" when
    not covered) and the figure `staff_for_country`."""
    coverage = Coverage.objects.active_on(day).filter(country=OuterRef("pk"))
    queryset = (
        Country.objects.select_related("region")
        .annotate(
            local_name=local_name(),
            covering_city=Subquery(coverage.values("department__embassy__city")[:1]),
            resident=Exists(coverage.filter(resident_q())),
        )
        .annotate(
            residence=Case(
                When(covering_city__isnull=True, then=Value("")),
                When(resident=True, then=Value(RESIDENT)),
                default=Value(NON_RESIDENT),
            )
        )
        .prefetch_related(
            Prefetch(
                "coverages",
                queryset=Coverage.objects.active_on(day).select_related("department__embassy"),
                to_attr="coverage_on_day",
            )
        )
    )
    return annotate_figures(
        queryset, day, postings_figures.STAFF_FOR_COUNTRY, postings_figures.VACANCIES_FOR_COUNTRY
    )


DEPARTMENT_FIGURES = (
    network_figures.DEPARTMENT_COUNTRIES_COVERED,
    postings_figures.DEPARTMENT_STAFF_WITH_SECTIONS,
    postings_figures.DEPARTMENT_VACANCIES_WITH_SECTIONS,
)


def departments_listed_on(day):
    """Departments with their place and, on `day`, the figures of DEPARTMENT_FIGURES."""
    queryset = Department.objects.with_place().annotate(country_name=local_name("embassy__country__"))
    return annotate_figures(queryset, day, *DEPARTMENT_FIGURES)


def sections_listed_on(day):
    queryset = Section.objects.select_related("department__embassy", "country__region").annotate(
        country_name=local_name("country__")
    )
    return annotate_figures(queryset, day, postings_figures.SECTION_STAFF, postings_figures.SECTION_VACANCIES)


def embassies_listed_on(day):
    """Embassies with `department_on_day` (a list of at most one department open on
    `day`), `department_start` (its opening date, to sort by) and the figure
    `embassy_departments` (over all time)."""
    open_department = Department.objects.active_on(day).filter(embassy=OuterRef("pk"))
    queryset = (
        Embassy.objects.select_related("country__region")
        .annotate(
            country_name=local_name("country__"),
            department_start=Subquery(open_department.values("start_date")[:1]),
        )
        .prefetch_related(
            Prefetch("departments", queryset=Department.objects.active_on(day), to_attr="department_on_day")
        )
    )
    return annotate_figures(queryset, day, network_figures.EMBASSY_DEPARTMENTS)


def coverages_listed():
    """Every coverage (all periods), with `residence`."""
    return Coverage.objects.select_related("country__region", "department__embassy__country").annotate(
        country_name=local_name("country__"),
        residence=Case(When(resident_q(), then=Value(RESIDENT)), default=Value(NON_RESIDENT)),
    )


def central_unit_tree_on(day):
    """The central units as a tree: the roots, each unit with `subunits` (its children,
    by acronym) and `open_positions` (positions open on `day` with their `holders`).
    Three queries, whatever the size of the tree."""
    units = list(
        DirectorateUnit.objects.prefetch_related(
            Prefetch("positions", queryset=positions_with_holders_on(day), to_attr="open_positions")
        ).order_by("acronym")
    )
    by_parent = {}
    for unit in units:
        by_parent.setdefault(unit.parent_id, []).append(unit)
    for unit in units:
        unit.subunits = by_parent.get(unit.pk, [])
    return by_parent.get(None, [])


def department_with_figures(department, day):
    """`department` with the attributes named by the keys of DEPARTMENT_FIGURES and
    DEPARTMENT_STAFF / DEPARTMENT_VACANCIES (its own positions only), on `day`."""
    figures = (
        *DEPARTMENT_FIGURES,
        postings_figures.DEPARTMENT_STAFF,
        postings_figures.DEPARTMENT_VACANCIES,
    )
    return annotate_figures(Department.objects.with_place().filter(pk=department.pk), day, *figures).get()
