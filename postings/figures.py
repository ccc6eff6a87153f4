"""Figures about people and positions, on a day: who is in post where, the vacancies,
the tours ending. Entries of the register (base/figures.py, docs/figures.md).

People are counted by their postings: a person holds at most one posting on a day (a
database rule), so postings active on a day and people in post are the same count.

"For a country" means, everywhere in the portal (lists, pages, report, exports):
the people — or positions — of a unit *based* in the country (a department in its
embassy, or a section located there), plus those of the department that covers it
*from another country* (non-resident coverage: New Delhi's team for Nepal). A
department's own host country is not "covered from elsewhere" even when another
department covers it: its team still sits there. The three parts are disjoint.

Figures can be narrowed (the report's filters): `force` keeps the people of a force,
or the vacancies they could fill; `role` keeps the postings or positions of a role.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from base.figures import Figure, Part
from network.models import Country, Coverage, Department, Section

from .models import (
    BASED_IN_COUNTRY,
    Person,
    Position,
    Posting,
    Rank,
    RequiredForce,
    Role,
    abroad_q,
    in_france_q,
)

ENDING_MONTHS = 6  # the report's and the dashboard's rotation window
ROTATION_WINDOWS = (3, 6, 12)  # the rotation plan's and the outlook's choices


def active_postings(day):
    return Posting.objects.active_on(day)


def ending_postings(day, months=ENDING_MONTHS):
    return Posting.objects.ending_within(day, months)


def vacant_positions(day):
    return Position.objects.vacant_on(day)


def open_positions(day):
    return Position.objects.active_on(day)


def narrow_postings(force=None, role=None):
    q = Q()
    if force:
        q &= Q(person__force=force)
    if role:
        q &= Q(position__role=role)
    return q


def narrow_positions(force=None, role=None):
    q = Q()
    if force:
        q &= Q(required_force__in=RequiredForce.accepting(force))
    if role:
        q &= Q(role=role)
    return q


def anywhere(day):
    return Q()


def abroad(prefix):
    return lambda day: abroad_q(prefix)


def in_france(prefix):
    return lambda day: in_france_q(prefix)


def covering_from_elsewhere(prefix):
    """Rows of a department (reached through `prefix`) that covers, on the day, a
    country other than its host; the owner path goes through that coverage."""
    return lambda day: Q(
        **{f"{prefix}coverages__in": Coverage.objects.active_on(day).non_resident().values("pk")}
    )


def rows_of(source, narrow, condition=anywhere):
    """A part's rows: `source(day)` meeting `condition(day)`, the owner's `where` and the
    narrowing, in one filter() (a condition on a coverage and the owner follow one join).
    `months` narrows a source of tours ending (the rotation window)."""

    def rows(day, where, months=None, **narrowing):
        rows = source(day) if months is None else source(day, months)
        return rows.filter(where & condition(day) & narrow(**narrowing))

    return rows


STAFF = rows_of(active_postings, narrow_postings)
ENDING = rows_of(ending_postings, narrow_postings)
VACANCIES = rows_of(vacant_positions, narrow_positions)


# --- The whole network ---------------------------------------------------------------

PEOPLE_IN_POST_ABROAD = Figure(
    "people_in_post_abroad",
    _("people in post abroad"),
    _("People holding on the day a position of a department or of a section."),
    None,
    (Part(rows_of(active_postings, narrow_postings, abroad("position__"))),),
)
PEOPLE_IN_POST_IN_FRANCE = Figure(
    "people_in_post_in_france",
    _("people in post in the central entity"),
    _("People holding on the day a position of a central unit, in France."),
    None,
    (Part(rows_of(active_postings, narrow_postings, in_france("position__"))),),
)
VACANCIES_ABROAD = Figure(
    "vacancies_abroad",
    _("vacant positions abroad"),
    _("Positions of departments and sections open on the day that nobody holds on the day."),
    None,
    (Part(rows_of(vacant_positions, narrow_positions, abroad(""))),),
)
POSTINGS_ENDING_ABROAD = Figure(
    "postings_ending_abroad",
    _("tours abroad ending within 6 months"),
    _(
        "Postings abroad running on the day whose tour is expected to end between the day and "
        "six months later (both included)."
    ),
    None,
    (Part(rows_of(ending_postings, narrow_postings, abroad("position__"))),),
)

# --- For a country -------------------------------------------------------------------

STAFF_FOR_COUNTRY = Figure(
    "staff_for_country",
    _("Staff in post"),
    _(
        "People in post on the day in a department based in the country, in a section located "
        "in it, or in the department that covers it from another country."
    ),
    Country,
    (
        *(Part(STAFF, owner=f"position__{path}") for path in BASED_IN_COUNTRY),
        Part(
            rows_of(active_postings, narrow_postings, covering_from_elsewhere("position__department__")),
            owner="position__department__coverages__country",
        ),
    ),
)
VACANCIES_FOR_COUNTRY = Figure(
    "vacancies_for_country",
    _("Vacant positions"),
    _("Vacancies on the day in the same units as the staff in post for the country."),
    Country,
    (
        *(Part(VACANCIES, owner=path) for path in BASED_IN_COUNTRY),
        Part(
            rows_of(vacant_positions, narrow_positions, covering_from_elsewhere("department__")),
            owner="department__coverages__country",
        ),
    ),
)
ENDING_FOR_COUNTRY = Figure(
    "ending_for_country",
    _("Tours ending within 6 months"),
    _("Postings of the staff in post for the country whose tour is expected to end within six months."),
    Country,
    (
        *(Part(ENDING, owner=f"position__{path}") for path in BASED_IN_COUNTRY),
        Part(
            rows_of(ending_postings, narrow_postings, covering_from_elsewhere("position__department__")),
            owner="position__department__coverages__country",
        ),
    ),
)
# --- For a department or a section -----------------------------------------------------

DEPARTMENT_STAFF = Figure(
    "department_staff",
    _("Staff in post"),
    _("People in post on the day in the department's own positions (its sections apart)."),
    Department,
    (Part(STAFF, owner="position__department"),),
)
DEPARTMENT_STAFF_WITH_SECTIONS = Figure(
    "department_staff_with_sections",
    _("Staff incl. sections"),
    _("People in post on the day in the department's positions and in those of its sections."),
    Department,
    (
        Part(STAFF, owner="position__department"),
        Part(STAFF, owner="position__section__department"),
    ),
)
DEPARTMENT_VACANCIES = Figure(
    "department_vacancies",
    _("Vacancies"),
    _("The department's own positions open on the day that nobody holds (its sections apart)."),
    Department,
    (Part(VACANCIES, owner="department"),),
)
DEPARTMENT_VACANCIES_WITH_SECTIONS = Figure(
    "department_vacancies_with_sections",
    _("Vacancies incl. sections"),
    _("Vacancies on the day in the department's positions and in those of its sections."),
    Department,
    (
        Part(VACANCIES, owner="department"),
        Part(VACANCIES, owner="section__department"),
    ),
)
DEPARTMENT_ENDING_WITH_SECTIONS = Figure(
    "department_ending_with_sections",
    _("Tours ending"),
    _(
        "Postings running on the day in the department's positions and its sections' whose tour is "
        "expected to end within the window (6 months unless said otherwise)."
    ),
    Department,
    (
        Part(ENDING, owner="position__department"),
        Part(ENDING, owner="position__section__department"),
    ),
)
SECTION_STAFF = Figure(
    "section_staff",
    _("Staff in post"),
    _("People in post on the day in the section's positions."),
    Section,
    (Part(STAFF, owner="position__section"),),
)
SECTION_VACANCIES = Figure(
    "section_vacancies",
    _("Vacancies"),
    _("The section's positions open on the day that nobody holds."),
    Section,
    (Part(VACANCIES, owner="section"),),
)

# --- Reference data (the admin's columns) ------------------------------------------------

ROLE_POSITIONS_OPEN = Figure(
    "role_positions_open",
    _("positions open"),
    _("Positions of the role open on the day, held or vacant."),
    Role,
    (Part(rows_of(open_positions, narrow_positions), owner="role"),),
)
ROLE_PEOPLE_IN_POST = Figure(
    "role_people_in_post",
    _("in post"),
    _("People holding on the day a position of the role."),
    Role,
    (Part(STAFF, owner="position__role"),),
)
RANK_PEOPLE = Figure(
    "rank_people",
    _("people"),
    _("People of the rank, in post or not, whatever the day."),
    Rank,
    (Part(lambda day, where, **_narrowing: Person.objects.filter(where), owner="rank"),),
)
