"""Reads of the network's pages as of a date: each list's rows with the figures its
table shows (annotations from the register: network/figures.py, postings/figures.py)
and what its links need, in the same few queries for 5 rows or 5,000."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Exists, OuterRef, Prefetch, Q, Subquery, Value, When

from base.bilingual import local_text
from network import figures as network_figures
from network.models import Country, Coverage, Department, DirectorateUnit, Embassy, Section, resident_q
from network.selectors import local_name, unit_parents_on
from postings import figures as postings_figures
from postings.models import Position, Posting, based_in_q
from postings.selectors import (
    PLACE_RELATED,
    POSITION_RELATED,
    positions_with_holders_on,
    title_sort_key,
    unit_sort_key,
)

RESIDENT, NON_RESIDENT = "resident", "non_resident"


def annotate_figures(queryset, day, *figures, grouped=True):
    """`queryset` with one annotation per figure, named by its key: from one GROUP BY per
    part for a list (`grouped`), counted for its rows alone for one record."""
    return queryset.annotate(**{figure.key: figure.annotation(day, grouped=grouped) for figure in figures})


def countries_listed_on(day, grouped=True):
    """Countries with, on `day`: `coverage_on_day` (a list of at most one coverage, with
    its department), `covering_city`, `residence` ("resident", "non_resident" or "" when
    not covered) and the figure `staff_for_country` (`grouped`: for many countries, not
    for the few a search finds)."""
    coverage = Coverage.objects.active_on(day).filter(country=OuterRef("pk"))
    queryset = (
        Country.objects.select_related("region")
        .annotate(
            local_name=local_name(),
            capital_name=local_text("capital"),
            covering_city=Subquery(
                coverage.annotate(city=local_text("city", "department__embassy__")).values("city")[:1]
            ),
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
        queryset,
        day,
        postings_figures.STAFF_FOR_COUNTRY,
        postings_figures.VACANCIES_FOR_COUNTRY,
        grouped=grouped,
    )


DEPARTMENT_FIGURES = (
    network_figures.DEPARTMENT_COUNTRIES_COVERED,
    postings_figures.DEPARTMENT_STAFF_WITH_SECTIONS,
    postings_figures.DEPARTMENT_VACANCIES_WITH_SECTIONS,
)


def departments_listed_on(day, grouped=True):
    """Departments with their place and, on `day`, the figures of DEPARTMENT_FIGURES
    (`grouped`: for many departments; not for the few of one embassy)."""
    queryset = Department.objects.with_place().annotate(
        city_name=local_text("city", "embassy__"), country_name=local_name("embassy__country__")
    )
    return annotate_figures(queryset, day, *DEPARTMENT_FIGURES, grouped=grouped)


def sections_listed_on(day):
    queryset = Section.objects.select_related("department__embassy", "country__region").annotate(
        city_name=local_text("city"),
        department_city=local_text("city", "department__embassy__"),
        country_name=local_name("country__"),
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
            city_name=local_text("city"),
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
        department_city=local_text("city", "department__embassy__"),
        residence=Case(When(resident_q(), then=Value(RESIDENT)), default=Value(NON_RESIDENT)),
    )


def central_unit_tree_on(day):
    """The central units open on `day` as the tree of that day (a unit moved later still
    sits under its old parent): the roots, each unit with `subunits` (its children,
    by acronym) and `open_positions` (positions open on `day` with their `holders`).
    Four queries, whatever the size of the tree."""
    units = list(
        DirectorateUnit.objects.active_on(day)
        .prefetch_related(
            Prefetch("positions", queryset=positions_with_holders_on(day), to_attr="open_positions")
        )
        .order_by("acronym")
    )
    parents = unit_parents_on(day, units)
    open_units = {unit.pk for unit in units}
    by_parent = {}
    for unit in units:
        parent = parents[unit.pk]
        # A parent closed that day (it cannot happen through the services) leaves a root.
        by_parent.setdefault(parent if parent in open_units else None, []).append(unit)
    for unit in units:
        unit.subunits = by_parent.get(unit.pk, [])
    return by_parent.get(None, [])


def unit_place_on(unit, day):
    """(parent, sub-units) of `unit` on `day`: where it sits in that day's tree."""
    parents = unit_parents_on(day)
    parent_pk = parents.get(unit.pk)
    children = [pk for pk, parent in parents.items() if parent == unit.pk]
    parent = DirectorateUnit.objects.filter(pk=parent_pk).first() if parent_pk else None
    return parent, DirectorateUnit.objects.active_on(day).filter(pk__in=children).order_by("acronym")


def department_with_figures(department, day):
    """`department` with the attributes named by the keys of DEPARTMENT_FIGURES and
    DEPARTMENT_STAFF / DEPARTMENT_VACANCIES (its own positions only), on `day`."""
    figures = (
        *DEPARTMENT_FIGURES,
        postings_figures.DEPARTMENT_STAFF,
        postings_figures.DEPARTMENT_VACANCIES,
    )
    return annotate_figures(
        Department.objects.with_place().filter(pk=department.pk), day, *figures, grouped=False
    ).get()


# --- What a closure touches ------------------------------------------------------------


@dataclass
class Closure:
    """What closing a unit after `day` (its last day) touches: the records running past
    that day, and those that would only begin after it (the closure is refused while
    there are any: they must change first)."""

    day: datetime.date
    positions: list  # open past `day`, each with `holders`: its postings active on `day`
    postings: list  # running past `day`, in those positions
    coverages: list = field(default_factory=list)
    sections: list = field(default_factory=list)

    @property
    def after(self):
        return self.day + datetime.timedelta(days=1)

    @property
    def starting_later(self):
        records = (*self.coverages, *self.sections, *self.positions, *self.postings)
        return [record for record in records if record.start_date > self.day]


def closure_of(day, positions_q, *, coverages=None, sections=None):
    """The Closure after `day` of the positions matching `positions_q` (and, for a
    department, its coverages and sections)."""
    after = day + datetime.timedelta(days=1)
    positions = (
        Position.objects.filter(positions_q)
        .overlapping(after, None)
        .select_related(*POSITION_RELATED)
        .prefetch_related(
            Prefetch(
                "postings",
                queryset=Posting.objects.active_on(day).select_related("person__rank"),
                to_attr="holders",
            )
        )
        .order_by(
            local_text("city", "section__").asc(nulls_first=True), "role__order", title_sort_key(), "pk"
        )
    )
    postings = (
        Posting.objects.filter(position__in=Position.objects.filter(positions_q).overlapping(after, None))
        .overlapping(after, None)
        .select_related("person__rank", *PLACE_RELATED)
        .order_by(
            local_text("city", "position__section__").asc(nulls_first=True),
            "position__role__order",
            "person__last_name",
            "pk",
        )
    )
    return Closure(
        day=day,
        positions=list(positions),
        postings=list(postings),
        coverages=list(
            coverages.overlapping(after, None)
            .select_related("country", "department__embassy")
            .annotate(country_name=local_name("country__"))
            .order_by("country_name")
        )
        if coverages is not None
        else [],
        sections=list(
            sections.overlapping(after, None).select_related("country").order_by(local_text("city"), "pk")
        )
        if sections is not None
        else [],
    )


def closure_of_department(department, day):
    return closure_of(
        day,
        based_in_q(department=department),
        coverages=department.coverages.all(),
        sections=department.sections.all(),
    )


def closure_of_section(section, day):
    return closure_of(day, Q(section=section))


def closure_of_unit(unit, day):
    return closure_of(day, Q(central_unit=unit))


def vacancies_from(day, exclude_q=None):
    """Positions open and vacant on `day` (the register's vacancy, `vacant_on`), less
    those matching `exclude_q`: where a posting can move to on that day."""
    positions = Position.objects.vacant_on(day).select_related(*POSITION_RELATED)
    if exclude_q is not None:
        positions = positions.exclude(exclude_q)
    return positions.order_by(unit_sort_key(), "role__order", title_sort_key(), "pk")
