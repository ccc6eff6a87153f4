"""The country coverage report and the rotation outlook: reads that span the network
and postings apps, on one date, in a fixed number of queries.

Every figure here is a figure of the register (docs/figures.md), computed by its one
implementation (network/figures.py, postings/figures.py):

* **Rows**: every country, covered or not (region and coverage filters choose rows).
* **State** on the day: *hosts a department* (a department is open in the country's
  embassy), else *covered non-resident* (a department elsewhere covers it), else
  *not covered*.
* **People in post**, by force and role: `staff_for_country` — the people of a
  department based in the country, of a section located in it, and of the department
  covering it from another country (New Delhi's team for Nepal). **Vacant positions**
  and **tours ending within 6 months**: the same units (`vacancies_for_country`,
  `ending_for_country`).
* **Totals** over the rows shown: countries, countries covered, departments open in
  those countries and sections are sums of the rows. People, vacancies and tours ending
  count each person or position once (`rows_of_owners`), though a department covering
  several countries appears in each of their rows: those totals are less than the sum
  of the rows, and the page and the exports say so. Unfiltered, they are the
  dashboard's `people_in_post_abroad`, `vacancies_abroad`, `postings_ending_abroad`,
  `departments_open`, `countries_covered` and `sections_open`.
* **Narrowing**: force and role narrow what is counted (people of that force or in
  positions of that role; vacant positions of that role, or open to that force), not
  the rows.
"""

import datetime
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from base.bilingual import local_text
from base.periods import add_months
from network import figures as network_figures
from network import selectors as network
from network.models import Country
from postings import figures
from postings.models import Force, Posting, Role

ROTATION_HORIZONS = figures.ROTATION_WINDOWS

# Said on the page and in every export, beside the totals that are not sums of rows.
DEFINITION = _(
    "People in post for a country: the people of a department based in it, of a section located "
    "in it, or of the department that covers it from another country."
)
TOTALS_NOTE = _(
    "A department covering several countries is counted in each of their rows: the totals of people, "
    "vacant positions and tours ending count each person and position once, so they are less than "
    "the sum of the rows."
)
REGIONS_NOTE = _(
    "A department covering countries in several regions is counted in each of those regions: the "
    "overall total counts each person and position once."
)


class State:
    HOST = "host"
    NON_RESIDENT = "non_resident"
    UNCOVERED = "uncovered"

    labels = {
        HOST: _("Hosts a department"),
        NON_RESIDENT: _("Covered non-resident"),
        UNCOVERED: _("Not covered"),
    }
    order = (HOST, NON_RESIDENT, UNCOVERED)


class Covered:
    """Values of the `covered` filter."""

    YES = "yes"
    NO = "no"
    RESIDENT = "resident"
    NON_RESIDENT = "non_resident"

    choices = (
        (YES, _("Covered")),
        (RESIDENT, _("Covered, resident")),
        (NON_RESIDENT, _("Covered, non-resident")),
        (NO, _("Not covered")),
    )


FORCE_COLUMNS = (Force.POLICE, Force.GENDARMERIE, Force.CIVILIAN)
FORCE_LABELS = {
    Force.POLICE: _("Police"),
    Force.GENDARMERIE: _("Gendarmerie"),
    Force.CIVILIAN: _("Other"),
}


def sort_text(value):
    """Case- and accent-insensitive key, so "Égypte" sorts among the E's."""
    decomposed = unicodedata.normalize("NFKD", str(value or ""))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# sort key -> (label, key function on a row). Anything else in `?sort=` is refused.
SORTS = {
    "country": (_("Country"), lambda row: sort_text(row.name)),
    "region": (_("Region"), lambda row: (row.region_order, sort_text(row.region))),
    "state": (_("State"), lambda row: State.order.index(row.state)),
    "department": (_("Covering department"), lambda row: sort_text(row.department_city) or "\uffff"),
    "since": (_("Covered since"), lambda row: row.covered_since or datetime.date.max),
    "people": (_("People in post"), lambda row: row.people),
    "police": (FORCE_LABELS[Force.POLICE], lambda row: row.by_force[Force.POLICE]),
    "gendarmerie": (FORCE_LABELS[Force.GENDARMERIE], lambda row: row.by_force[Force.GENDARMERIE]),
    "other": (FORCE_LABELS[Force.CIVILIAN], lambda row: row.by_force[Force.CIVILIAN]),
    "vacancies": (_("Vacant positions"), lambda row: row.vacancies),
    "ending": (_("Postings ending within 6 months"), lambda row: row.ending),
    "sections": (_("Sections"), lambda row: row.sections),
}
DEFAULT_SORT = "country"


@dataclass
class CoverageRow:
    country_id: int
    name: str
    iso2: str
    iso3: str
    iso_numeric: str
    region: str
    region_code: str
    region_order: int
    region_id: int
    state: str
    covered: bool = False
    resident: bool | None = None
    covered_since: datetime.date | None = None
    department_id: int | None = None
    department: str = ""
    department_city: str = ""
    department_country: str = ""
    hosted_department_id: int | None = None
    people: int = 0
    by_force: dict = field(default_factory=dict)
    by_role: dict = field(default_factory=dict)
    vacancies: int = 0
    ending: int = 0
    sections: int = 0
    section_cities: list = field(default_factory=list)
    role_counts: list = field(default_factory=list)  # by_role in the order of the role columns

    @property
    def state_label(self):
        return State.labels[self.state]

    @property
    def coverage_label(self):
        if not self.covered:
            return ""
        return _("Resident") if self.resident else _("Non-resident")


@dataclass
class CoverageTotals:
    countries: int = 0
    countries_covered: int = 0
    departments: int = 0
    people: int = 0
    by_force: dict = field(default_factory=dict)
    by_role: dict = field(default_factory=dict)
    vacancies: int = 0
    ending: int = 0
    sections: int = 0
    by_state: dict = field(default_factory=dict)
    role_counts: list = field(default_factory=list)


@dataclass
class RegionSummary:
    region: str
    code: str
    totals: CoverageTotals


@dataclass
class CoverageReport:
    day: datetime.date
    rows: list
    totals: CoverageTotals
    roles: list  # [(code, abbreviation or name, full name)] — the role columns
    by_region: list
    sort: str


def _totals(rows, distinct, role_codes):
    """The totals of `rows`: additive ones summed over the rows; people, vacancies and
    tours ending from `distinct` ({figure key: {(force, role): n} or {(): n}}), which
    counts each person and position once over the rows' countries."""
    totals = CoverageTotals(countries=len(rows))
    totals.by_state = dict.fromkeys(State.order, 0)
    for row in rows:
        totals.countries_covered += row.covered
        totals.departments += row.hosted_department_id is not None
        totals.sections += row.sections
        totals.by_state[row.state] += 1
    totals.by_force = dict.fromkeys(FORCE_COLUMNS, 0)
    totals.by_role = dict.fromkeys(role_codes, 0)
    for (force, role_code), count in distinct["staff"].items():
        totals.people += count
        totals.by_force[force] += count
        if role_code in totals.by_role:
            totals.by_role[role_code] += count
    totals.role_counts = [totals.by_role[code] for code in role_codes]
    totals.vacancies = distinct["vacancies"].get((), 0)
    totals.ending = distinct["ending"].get((), 0)
    return totals


def _distinct_figures(rows, day, narrowing):
    """{group: {figure: counts}} for the totals: each person and position once over the
    countries of `rows`, overall (group None) and by region (group: region id)."""
    countries = [row.country_id for row in rows]
    found = {}
    for name, figure, extra in (
        ("staff", figures.STAFF_FOR_COUNTRY, ("person__force", "position__role__code")),
        ("vacancies", figures.VACANCIES_FOR_COUNTRY, ()),
        ("ending", figures.ENDING_FOR_COUNTRY, ()),
    ):
        for group in (None, "region"):
            counts = figure.distinct_counts(day, countries, group=group, extra=extra, **narrowing)
            for (group_value, *values), count in counts.items():
                found.setdefault(group_value if group else None, {}).setdefault(name, {})[tuple(values)] = (
                    count
                )
    return found


def _keep(coverage, covered):
    """Whether a country with `coverage` (or None) passes the `covered` filter."""
    if covered is None:
        return True
    if covered == Covered.NO:
        return coverage is None
    if coverage is None:
        return False
    if covered == Covered.RESIDENT:
        return coverage.is_resident
    if covered == Covered.NON_RESIDENT:
        return not coverage.is_resident
    return True


def coverage_report(day, *, region=None, force=None, role=None, covered=None, ordering=None):
    """The coverage report on `day` (see the module's docstring for what each figure
    means). `region` and `role` are model instances or None; `force` a `Force` value;
    `covered` a `Covered` value; `ordering` a key of SORTS, "-" first for descending.

    A fixed number of queries, whatever the number of countries, departments and people.
    """
    ordering = ordering or DEFAULT_SORT
    if ordering.lstrip("-") not in SORTS:
        raise ValueError(f"Unknown sort key: {ordering!r}")
    narrowing = {"force": force or None, "role": role}

    coverages = network.coverage_by_country_on(day)
    hosted = {d.embassy.country_id: d for d in network.departments_open_on(day)}
    staff = figures.STAFF_FOR_COUNTRY.by_owner(day, "person__force", "position__role__code", **narrowing)
    vacancies = figures.VACANCIES_FOR_COUNTRY.by_owner(day, **narrowing)
    ending = figures.ENDING_FOR_COUNTRY.by_owner(day, **narrowing)
    countries = Country.objects.select_related("region")
    if region is not None:
        countries = countries.filter(region=region)
    sections_by_country = defaultdict(list)
    for section in network_figures.COUNTRY_SECTIONS.rows_of_owners(day, countries).values(
        "country_id", city_name=local_text("city")
    ):
        sections_by_country[section["country_id"]].append(section["city_name"])

    rows = []
    for country in countries:
        coverage = coverages.get(country.pk)
        if not _keep(coverage, covered):
            continue
        host = hosted.get(country.pk)
        row = CoverageRow(
            country_id=country.pk,
            name=country.name,
            iso2=country.iso2,
            iso3=country.iso3,
            iso_numeric=country.iso_numeric,
            region=country.region.name,
            region_code=country.region.code,
            region_order=country.region.order,
            region_id=country.region_id,
            state=State.HOST if host else (State.NON_RESIDENT if coverage else State.UNCOVERED),
            hosted_department_id=host.pk if host else None,
            vacancies=vacancies[country.pk],
            ending=ending[country.pk],
        )
        if coverage is not None:
            department = coverage.department
            row.covered = True
            row.resident = coverage.is_resident
            row.covered_since = coverage.start_date
            row.department_id = department.pk
            row.department = str(department)
            row.department_city = department.embassy.local_city
            row.department_country = department.embassy.country.name
        cities = sections_by_country.get(country.pk, ())
        row.sections = len(cities)
        row.section_cities = sorted(cities, key=sort_text)
        rows.append(row)

    roles = _role_columns(staff, role)
    role_codes = [code for code, _abbr, _name in roles]
    staff_by_country = defaultdict(list)
    for (country_id, force, role_code), count in staff.items():
        staff_by_country[country_id].append((force, role_code, count))
    for row in rows:
        _count_people(row, staff_by_country[row.country_id], role_codes)

    key = SORTS[ordering.lstrip("-")][1]
    rows.sort(key=lambda row: sort_text(row.name))
    rows.sort(key=key, reverse=ordering.startswith("-"))

    distinct = _distinct_figures(rows, day, narrowing)
    empty = {"staff": {}, "vacancies": {}, "ending": {}}
    by_region = defaultdict(list)
    for row in rows:
        by_region[(row.region_order, row.region, row.region_code, row.region_id)].append(row)
    summaries = [
        RegionSummary(
            region=name, code=code, totals=_totals(region_rows, {**empty, **distinct.get(pk, {})}, role_codes)
        )
        for (_order, name, code, pk), region_rows in sorted(by_region.items(), key=lambda item: item[0][:2])
    ]
    return CoverageReport(
        day=day,
        rows=rows,
        totals=_totals(rows, {**empty, **distinct.get(None, {})}, role_codes),
        roles=roles,
        by_region=summaries,
        sort=ordering,
    )


def _count_people(row, staff, role_codes):
    """The row's people, by force and by role, from the figure's counts of its country
    by (force, role): a person holds one posting on a day, so the groups add up."""
    row.by_force = dict.fromkeys(FORCE_COLUMNS, 0)
    row.by_role = dict.fromkeys(role_codes, 0)
    for force, role_code, count in staff:
        row.people += count
        row.by_force[force] += count
        if role_code in row.by_role:
            row.by_role[role_code] += count
    row.role_counts = [row.by_role[code] for code in role_codes]


def _role_columns(staff, role):
    """The role columns: the chosen role, else every role served abroad plus any other
    role someone holds for a country (data, not code)."""
    if role is not None:
        roles = [role]
    else:
        held = {role_code for (_country, _force, role_code) in staff}
        roles = Role.objects.filter(Q(abroad=True) | Q(code__in=held))
    return [(r.code, r.abbreviation or r.name, r.name) for r in roles]


# --- Rotation outlook -------------------------------------------------------------


@dataclass
class RotationRow:
    department_id: int
    department: str
    city: str
    country: str
    region: str
    people: int = 0
    vacant_now: int = 0
    ending: dict = field(default_factory=dict)  # months -> postings ending by then
    vacant_then: dict = field(default_factory=dict)  # months -> positions vacant on that day
    postings: list = field(default_factory=list)  # the postings ending within the last horizon
    horizons: dict = field(default_factory=dict)  # months -> date

    @property
    def ending_counts(self):
        """[(months, postings ending within them)], shortest first."""
        return [(months, self.ending[months]) for months in ROTATION_HORIZONS]

    @property
    def vacant_counts(self):
        """[(horizon date, positions vacant then)], nearest first."""
        return [(self.horizons[months], self.vacant_then[months]) for months in ROTATION_HORIZONS]


@dataclass
class RotationOutlook:
    day: datetime.date
    horizons: dict  # months -> date
    rows: list
    totals: RotationRow


def rotation_outlook(day, *, region=None, force=None, role=None):
    """Per department open on `day`, its sections included: people in post, tours
    ending within 3, 6 and 12 months (cumulative), and positions vacant today and on
    each horizon date (open then, nobody holding them then — successors already posted
    count as holders). All figures of the register; a fixed number of queries."""
    horizons = {months: add_months(day, months) for months in ROTATION_HORIZONS}
    narrowing = {"force": force or None, "role": role}
    departments = network.departments_open_on(day).order_by(local_text("city", "embassy__"), "pk")
    if region is not None:
        departments = departments.filter(embassy__country__region=region)
    rows = {
        d.pk: RotationRow(
            department_id=d.pk,
            department=str(d),
            city=d.embassy.local_city,
            country=d.embassy.country.name,
            region=d.embassy.country.region.name,
            horizons=horizons,
        )
        for d in departments
    }
    people = figures.DEPARTMENT_STAFF_WITH_SECTIONS.by_owner(day, **narrowing)
    vacant_now = figures.DEPARTMENT_VACANCIES_WITH_SECTIONS.by_owner(day, **narrowing)
    ending = {
        months: figures.DEPARTMENT_ENDING_WITH_SECTIONS.by_owner(day, months=months, **narrowing)
        for months in ROTATION_HORIZONS
    }
    vacant_then = {
        months: figures.DEPARTMENT_VACANCIES_WITH_SECTIONS.by_owner(horizon, **narrowing)
        for months, horizon in horizons.items()
    }
    for pk, row in rows.items():
        row.people, row.vacant_now = people[pk], vacant_now[pk]
        row.ending = {months: ending[months][pk] for months in ROTATION_HORIZONS}
        row.vacant_then = {months: vacant_then[months][pk] for months in ROTATION_HORIZONS}

    # Who leaves, and whether a successor is already posted.
    later = Posting.objects.filter(position=OuterRef("position"), start_date__gt=OuterRef("start_date"))
    leaving = (
        figures.DEPARTMENT_ENDING_WITH_SECTIONS.rows_of_owners(
            day, list(rows), months=ROTATION_HORIZONS[-1], **narrowing
        )
        .select_related("person__rank", "position__role", "position__section")
        .annotate(
            unit=Coalesce("position__department_id", "position__section__department_id"),
            successor_posted=Exists(later),
        )
        .order_by("expected_end_date", "pk")
    )
    for posting in leaving:
        rows[posting.unit].postings.append(posting)

    totals = RotationRow(
        department_id=0,
        department="",
        city="",
        country="",
        region="",
        horizons=horizons,
        people=sum(r.people for r in rows.values()),
        vacant_now=sum(r.vacant_now for r in rows.values()),
        ending={m: sum(r.ending[m] for r in rows.values()) for m in ROTATION_HORIZONS},
        vacant_then={m: sum(r.vacant_then[m] for r in rows.values()) for m in ROTATION_HORIZONS},
    )
    return RotationOutlook(day=day, horizons=horizons, rows=list(rows.values()), totals=totals)
