"""What a brief holds: a country's or a department's team at a glance on one day.

Every count is a figure of the register (network/figures.py, postings/figures.py),
computed by its one implementation; the lists are the rows those figures count (the
team of a country is `postings.selectors.postings_for_country`). Contact details are
those the reader may see (base/contacts.py): a brief never holds a number its reader
could not see on the pages.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from base.bilingual import local_text
from base.contacts import contact_fields, contacts_of
from network import figures as network_figures
from network.models import Department, Section
from network.selectors import coverage_of_country_on, local_name
from postings import figures
from postings.models import Person
from postings.selectors import PLACE_RELATED, postings_for_country, title_sort_key
from reports.coverage import coverage_report

TEAM_RELATED = ("person__rank", *PLACE_RELATED)
POSITION_RELATED = (
    "role",
    "department__embassy__country",
    "section__department__embassy",
    "section__country",
)


@dataclass
class Figure:
    """A figure of the register shown by a brief: its value for `owner` on the day."""

    figure: object
    value: int
    owner: object

    @property
    def key(self):
        return self.figure.key

    @property
    def label(self):
        return self.figure.label


@dataclass
class Brief:
    kind: str  # "country" or "department"
    subject: object  # the Country or the Department
    day: datetime.date
    generated_at: datetime.datetime
    figures: list
    team: list  # postings, each with `contacts`
    sections: list  # sections open on the day, each with `contacts`
    vacancies: list  # positions
    ending: list  # postings whose tour ends within ENDING_MONTHS
    units: list  # the units to call (department, embassy), each with `contacts`
    map_report: object
    highlight: set
    facts: dict = field(default_factory=dict)  # what the kind of brief adds

    ending_months = figures.ENDING_MONTHS

    @property
    def people(self):
        """The people of the team (for contact cards)."""
        return [posting.person for posting in self.team]


def with_contacts(records, user, model, get=lambda record: record):
    """`records` as a list, each with `contacts`: those of `get(record)` the user may see."""
    records = list(records)
    fields = contact_fields(user, model)
    for record in records:
        record.contacts = contacts_of(get(record), user, fields)
    return records


def team_of(postings, user):
    return with_contacts(postings.select_related(*TEAM_RELATED), user, Person, lambda posting: posting.person)


def units_to_call(user, *units):
    """The distinct units among `units` (None skipped), each with its contacts."""
    seen, found = set(), []
    for unit in units:
        if unit is None or (type(unit), unit.pk) in seen:
            continue
        seen.add((type(unit), unit.pk))
        unit.contacts = contacts_of(unit, user)
        found.append(unit)
    return found


def positions(queryset):
    return list(queryset.select_related(*POSITION_RELATED).order_by("role__order", title_sort_key(), "pk"))


def country_brief(country, day, user):
    """The brief of `country` on `day`, as `user` may see it."""
    embassy = getattr(country, "embassy", None)  # None when France has no embassy there
    coverage = coverage_of_country_on(country, day)
    hosted = None
    if embassy is not None:
        hosted = Department.objects.active_on(day).with_place().filter(embassy=embassy).first()
    covering = coverage.department if coverage else None
    counted = (
        figures.STAFF_FOR_COUNTRY,
        figures.VACANCIES_FOR_COUNTRY,
        figures.ENDING_FOR_COUNTRY,
        network_figures.COUNTRY_SECTIONS,
    )
    return Brief(
        kind="country",
        subject=country,
        day=day,
        generated_at=timezone.localtime(),
        figures=[Figure(figure, figure.count(day, country), country) for figure in counted],
        team=team_of(postings_for_country(day, country), user),
        sections=with_contacts(
            network_figures.COUNTRY_SECTIONS.rows(day, country)
            .select_related("department__embassy")
            .order_by(local_text("city"), "pk"),
            user,
            Section,
        ),
        vacancies=positions(figures.VACANCIES_FOR_COUNTRY.rows(day, country)),
        ending=team_of(
            figures.ENDING_FOR_COUNTRY.rows(day, country).order_by("expected_end_date", "pk"), user
        ),
        units=units_to_call(user, covering, hosted, covering.embassy if covering else None, embassy),
        map_report=coverage_report(day, region=country.region),
        highlight={country.pk},
        facts={"embassy": embassy, "coverage": coverage, "hosted_department": hosted},
    )


def department_brief(department, day, user):
    """The brief of `department` (its sections included) on `day`, as `user` may see it."""
    coverages = list(
        network_figures.DEPARTMENT_COUNTRIES_COVERED.rows(day, department)
        .select_related("country__region")
        .order_by(local_name("country__"), "pk")
    )
    regions = {coverage.country.region for coverage in coverages}
    region = regions.pop() if len(regions) == 1 else None
    counted = (
        (network_figures.DEPARTMENT_COUNTRIES_COVERED, {}),
        (figures.DEPARTMENT_STAFF_WITH_SECTIONS, {}),
        (figures.DEPARTMENT_VACANCIES_WITH_SECTIONS, {}),
        (figures.DEPARTMENT_ENDING_WITH_SECTIONS, {"months": figures.ENDING_MONTHS}),
    )
    team = figures.DEPARTMENT_STAFF_WITH_SECTIONS.rows(day, department).order_by(
        "position__role__order", "person__last_name", "pk"
    )
    ending = figures.DEPARTMENT_ENDING_WITH_SECTIONS.rows(
        day, department, months=figures.ENDING_MONTHS
    ).order_by("expected_end_date", "pk")
    return Brief(
        kind="department",
        subject=department,
        day=day,
        generated_at=timezone.localtime(),
        figures=[
            Figure(figure, figure.count(day, department, **extra), department) for figure, extra in counted
        ],
        team=team_of(team, user),
        sections=with_contacts(
            network_figures.SECTIONS_OPEN.rows(day)
            .filter(department=department)
            .select_related("country", "department__embassy")
            .order_by(local_text("city"), "pk"),
            user,
            Section,
        ),
        vacancies=positions(figures.DEPARTMENT_VACANCIES_WITH_SECTIONS.rows(day, department)),
        ending=team_of(ending, user),
        units=units_to_call(user, department, department.embassy),
        map_report=coverage_report(day, region=region),
        highlight={coverage.country_id for coverage in coverages} or {department.embassy.country_id},
        facts={"coverages": coverages, "open_on_day": department.is_active_on(day)},
    )
