"""Reads of the network as of a date. Views, reports, admin and commands call these."""

from django.db.models import Case, Exists, F, Func, IntegerField, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf

from .bilingual import localized_field
from .models import Country, Coverage, Department, DirectorateUnit, Embassy, Section
from .periods import active_on_q


def departments_open_on(day):
    return Department.objects.active_on(day).with_place()


def embassies_with_department_on(day):
    return Embassy.objects.filter(Exists(Department.objects.active_on(day).filter(embassy=OuterRef("pk"))))


def coverages_on(day):
    return Coverage.objects.active_on(day).select_related("country__region", "department__embassy__country")


def countries_covered_on(day):
    return Country.objects.filter(Exists(Coverage.objects.active_on(day).filter(country=OuterRef("pk"))))


def coverage_of_country_on(country, day):
    """The coverage of `country` on `day`, or None: who covered Nepal on 1 March 2019?"""
    return coverages_on(day).filter(country=country).first()


def coverage_by_country_on(day):
    """{country_id: Coverage} for every country covered on `day` (one query)."""
    return {coverage.country_id: coverage for coverage in coverages_on(day)}


def sections_open_on(day):
    return Section.objects.active_on(day).select_related("department__embassy", "country")


# --- The network browser: lists and detail pages as of a date ----------------------------
#
# Staff in post and vacancies live in `postings`, which depends on `network`. To keep the
# imports one-way, these reads reach positions and postings through the reverse relations
# `postings` declares (Department.positions, Position.postings), never by importing it.
# Every list annotates its counts with correlated subqueries, so a page costs the same few
# queries for 5 rows or 5,000.


def _model_at(model, *relations):
    """The model reached from `model` through `relations`, e.g. Department → positions."""
    for name in relations:
        model = model._meta.get_field(name).related_model
    return model


def _positions():
    return _model_at(Department, "positions").objects


def _postings():
    return _model_at(Department, "positions", "postings").objects


def count_of(queryset):
    """A correlated subquery counting the rows of `queryset` (0 when there are none)."""
    counted = queryset.order_by().annotate(
        _count=Func(F("pk"), function="COUNT", output_field=IntegerField())
    )
    return Coalesce(Subquery(counted.values("_count")), 0)


def local_name(prefix=""):
    """The name in the active language (English when the French one is missing), to sort by."""
    return Coalesce(NullIf(F(f"{prefix}{localized_field('name')}"), Value("")), F(f"{prefix}name_en"))


def _vacant_positions_on(day):
    """The vacancies on `day` (Position.objects.vacant_on, reached without importing postings)."""
    return _positions().vacant_on(day)


def _staff_covering_country_on(day):
    """Count of people in post on `day` covering the outer country: in the positions of
    the department covering it that day and in those of the sections in it."""
    in_department = _postings().filter(
        active_on_q(day),
        active_on_q(day, "position__department__coverages__"),
        position__department__coverages__country=OuterRef("pk"),
    )
    in_sections = _postings().filter(active_on_q(day), position__section__country=OuterRef("pk"))
    return count_of(in_department) + count_of(in_sections)


def countries_with_coverage_on(day):
    """Countries with, on `day`: `coverage_on_day` (a list of at most one coverage, with
    its department), `covering_city`, `residence` ("resident", "non_resident" or "" when
    not covered) and `staff_covering`."""
    coverage = Coverage.objects.active_on(day).filter(country=OuterRef("pk"))
    return (
        Country.objects.select_related("region")
        .annotate(
            local_name=local_name(),
            covering_city=Subquery(coverage.values("department__embassy__city")[:1]),
            resident=Exists(coverage.filter(department__embassy__country=OuterRef("pk"))),
            staff_covering=_staff_covering_country_on(day),
        )
        .annotate(
            residence=Case(
                When(covering_city__isnull=True, then=Value("")),
                When(resident=True, then=Value("resident")),
                default=Value("non_resident"),
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


def departments_with_figures_on(day):
    """Departments with, on `day`: `countries_covered`, `staff_in_post` (people holding
    its own positions; sections count apart) and `vacancies`."""
    return Department.objects.with_place().annotate(
        countries_covered=count_of(Coverage.objects.active_on(day).filter(department=OuterRef("pk"))),
        staff_in_post=count_of(_postings().active_on(day).filter(position__department=OuterRef("pk"))),
        vacancies=count_of(_vacant_positions_on(day).filter(department=OuterRef("pk"))),
    )


def sections_with_figures_on(day):
    return Section.objects.select_related("department__embassy", "country__region").annotate(
        staff_in_post=count_of(_postings().active_on(day).filter(position__section=OuterRef("pk"))),
        vacancies=count_of(_vacant_positions_on(day).filter(section=OuterRef("pk"))),
    )


def embassies_with_departments_on(day):
    """Embassies with `department_on_day` (a list of at most one department open on
    `day`), `department_start` (its opening date, to sort by) and `departments_count`
    (over all time)."""
    open_department = Department.objects.active_on(day).filter(embassy=OuterRef("pk"))
    return (
        Embassy.objects.select_related("country__region")
        .annotate(
            country_name=local_name("country__"),
            department_start=Subquery(open_department.values("start_date")[:1]),
            departments_count=count_of(Department.objects.filter(embassy=OuterRef("pk"))),
        )
        .prefetch_related(
            Prefetch("departments", queryset=Department.objects.active_on(day), to_attr="department_on_day")
        )
    )


def coverages_listed_on(day):
    """Every coverage (all periods), with `residence` and whether it is active on `day`."""
    return Coverage.objects.select_related("country__region", "department__embassy__country").annotate(
        country_name=local_name("country__"),
        residence=Case(
            When(country_id=F("department__embassy__country_id"), then=Value("resident")),
            default=Value("non_resident"),
        ),
    )


def positions_with_holders_on(day):
    """Positions open on `day`, each with `holders`: its postings active on `day`
    (one, or none when the position is vacant), with the person and rank."""
    return (
        _positions()
        .active_on(day)
        .select_related("role")
        .prefetch_related(
            Prefetch(
                "postings",
                queryset=_postings().active_on(day).select_related("person__rank"),
                to_attr="holders",
            )
        )
    )


def holders_history(**position_lookups):
    """Every posting (all periods) in the positions matching `position_lookups`, e.g.
    department=…, newest first: the history of holders of a unit."""
    return (
        _postings()
        .filter(**{f"position__{key}": value for key, value in position_lookups.items()})
        .select_related("person__rank", "position__role")
        .order_by("-start_date", "-pk")
    )


def postings_covering_country_on(country, day):
    """Postings active on `day` of the people covering `country`: in the positions of
    the department covering it that day and of the sections in it (as `staff_covering`)."""
    where = Q(position__section__country=country)
    coverage = Coverage.objects.active_on(day).filter(country=country).first()
    if coverage is not None:
        where |= Q(position__department=coverage.department_id)
    return (
        _postings()
        .active_on(day)
        .filter(where)
        .select_related(
            "person__rank", "position__role", "position__department__embassy", "position__section"
        )
        .order_by("position__role__order", "person__last_name", "pk")
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
