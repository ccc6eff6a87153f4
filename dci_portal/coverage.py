"""The country coverage report and the rotation outlook: reads that span the network
and postings apps, on one date, in a fixed number of queries.

Definitions (the same on the page, in every export and on the map):

* **Rows**: every country of the register, covered or not.
* **State** on the day: *hosts a department* (a department is open in the country's
  embassy), else *covered non-resident* (a department elsewhere covers it), else
  *not covered*.
* **People in post covering a country** on the day: the distinct people who hold, on
  that day, a position of
  (a) the department that covers the country (resident or not: New Delhi's team covers
      Nepal),
  (b) the department hosted in the country's embassy, if any (normally the same as a),
  (c) a section located in the country, whatever department it is attached to.
  A department covering several countries is therefore counted in each of their rows.
  The same units give the row's vacant positions (open on the day, nobody holding them)
  and postings ending within 6 months (still running on the day, tour expected to end
  in [day, day + 6 months], the rule of `postings_ending_between`).
* **Totals** are over the rows shown and count each person, position, department once:
  people = distinct people over the rows, vacancies = distinct positions, departments =
  distinct departments hosted in or covering the countries shown, countries covered =
  rows covered. Every position abroad belongs to a department (in an embassy, in a
  country) or a section (in a country), so with no filter the totals are exactly the
  dashboard's `network_figures(day)`: `departments_open`, `countries_covered`,
  `people_in_post_abroad`, `vacant_positions_abroad`.
* **Filters**: region and coverage choose the rows; force and role narrow what is
  counted (people of that force or in positions of that role; vacant positions of that
  role, or open to that force), not the rows.
"""

import datetime
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from network import selectors as network
from network.models import Country
from postings import selectors as postings
from postings.models import Force, Position, Posting, RequiredForce, Role
from postings.services import add_months

ENDING_MONTHS = 6
ROTATION_HORIZONS = (3, 6, 12)


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
    # What the row counts, kept for the distinct totals.
    _postings: dict = field(default_factory=dict, repr=False)
    _vacancies: set = field(default_factory=set, repr=False)
    _sections: set = field(default_factory=set, repr=False)

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


def _index(record, by_department, by_country):
    """File a posting or position record under the country where its unit is (the
    department's embassy or the section's country) and under its department."""
    by_country[record["department_country_id"] or record["section_country_id"]].append(record)
    if record["department_id"]:
        by_department[record["department_id"]].append(record)


def _totals(rows, role_codes):
    postings_seen, vacancies, sections, departments = {}, set(), set(), set()
    totals = CoverageTotals(countries=len(rows))
    totals.by_state = dict.fromkeys(State.order, 0)
    for row in rows:
        postings_seen.update(row._postings)
        vacancies |= row._vacancies
        sections |= row._sections
        departments.update(d for d in (row.department_id, row.hosted_department_id) if d)
        totals.countries_covered += row.covered
        totals.by_state[row.state] += 1
    people_by_force, people_by_role = defaultdict(set), defaultdict(set)
    for record in postings_seen.values():
        people_by_force[record["force"]].add(record["person_id"])
        people_by_role[record["role_code"]].add(record["person_id"])
    totals.people = len({record["person_id"] for record in postings_seen.values()})
    totals.by_force = {force: len(people_by_force[force]) for force in FORCE_COLUMNS}
    totals.by_role = {code: len(people_by_role[code]) for code in role_codes}
    totals.role_counts = [totals.by_role[code] for code in role_codes]
    totals.vacancies = len(vacancies)
    totals.ending = sum(record["ending"] for record in postings_seen.values())
    totals.sections = len(sections)
    totals.departments = len(departments)
    return totals


def coverage_report(day, *, region=None, force=None, role=None, covered=None, ordering=None):
    """The coverage report on `day` (see the module's docstring for what each figure
    means). `region` and `role` are model instances or None; `force` a `Force` value;
    `covered` a `Covered` value; `ordering` a key of SORTS, "-" first for descending.

    Eight queries, whatever the number of countries, departments and people.
    """
    ordering = ordering or DEFAULT_SORT
    if ordering.lstrip("-") not in SORTS:
        raise ValueError(f"Unknown sort key: {ordering!r}")

    coverages = network.coverage_by_country_on(day)
    hosted = {d.embassy.country_id: d for d in network.departments_open_on(day)}

    posting_filter, vacancy_filter = Q(), Q()
    if force:
        posting_filter &= Q(person__force=force)
        # Positions a member of `force` may hold: the rule of Position.accepts_force.
        accepted = [rf for rf in RequiredForce.values if Position(required_force=rf).accepts_force(force)]
        vacancy_filter &= Q(required_force__in=accepted)
    if role:
        posting_filter &= Q(position__role=role)
        vacancy_filter &= Q(role=role)

    ending_ids = set(
        postings.postings_abroad_ending_between(day, add_months(day, ENDING_MONTHS))
        .filter(posting_filter)
        .values_list("pk", flat=True)
    )
    # Each record is indexed by the country where its unit is (the department's
    # embassy, or the section), and by its department for non-resident coverage.
    postings_by_department, postings_by_country = defaultdict(list), defaultdict(list)
    for record in (
        postings.postings_abroad_active_on(day)
        .filter(posting_filter)
        .values(
            "pk",
            "person_id",
            force=F("person__force"),
            role_code=F("position__role__code"),
            department_id=F("position__department_id"),
            department_country_id=F("position__department__embassy__country_id"),
            section_country_id=F("position__section__country_id"),
        )
    ):
        record["ending"] = record["pk"] in ending_ids
        _index(record, postings_by_department, postings_by_country)

    vacant_by_department, vacant_by_country = defaultdict(list), defaultdict(list)
    for record in (
        postings.vacant_positions_abroad_on(day)
        .filter(vacancy_filter)
        .values(
            "pk",
            "department_id",
            department_country_id=F("department__embassy__country_id"),
            section_country_id=F("section__country_id"),
        )
    ):
        _index(record, vacant_by_department, vacant_by_country)

    sections_by_country = defaultdict(list)
    for section in network.sections_open_on(day).values("pk", "country_id", "city"):
        sections_by_country[section["country_id"]].append(section)

    countries = Country.objects.select_related("region")
    if region is not None:
        countries = countries.filter(region=region)

    rows = []
    for country in countries:
        coverage = coverages.get(country.pk)
        host = hosted.get(country.pk)
        if covered == Covered.NO and coverage is not None:
            continue
        if covered in (Covered.YES, Covered.RESIDENT, Covered.NON_RESIDENT) and coverage is None:
            continue
        if covered == Covered.RESIDENT and not coverage.is_resident:
            continue
        if covered == Covered.NON_RESIDENT and coverage.is_resident:
            continue
        row = CoverageRow(
            country_id=country.pk,
            name=country.name,
            iso2=country.iso2,
            iso3=country.iso3,
            iso_numeric=country.iso_numeric,
            region=country.region.name,
            region_code=country.region.code,
            region_order=country.region.order,
            state=State.HOST if host else (State.NON_RESIDENT if coverage else State.UNCOVERED),
            hosted_department_id=host.pk if host else None,
        )
        if coverage is not None:
            department = coverage.department
            row.covered = True
            row.resident = coverage.is_resident
            row.covered_since = coverage.start_date
            row.department_id = department.pk
            row.department = str(department)
            row.department_city = department.embassy.city
            row.department_country = department.embassy.country.name
            row._postings.update((r["pk"], r) for r in postings_by_department.get(department.pk, ()))
            row._vacancies.update(r["pk"] for r in vacant_by_department.get(department.pk, ()))
        row._postings.update((r["pk"], r) for r in postings_by_country.get(country.pk, ()))
        row._vacancies.update(r["pk"] for r in vacant_by_country.get(country.pk, ()))
        sections = sections_by_country.get(country.pk, ())
        row._sections = {s["pk"] for s in sections}
        row.sections = len(sections)
        row.section_cities = sorted((s["city"] for s in sections), key=sort_text)
        rows.append(row)

    roles = _role_columns(rows, role)
    role_codes = [code for code, _abbr, _name in roles]
    for row in rows:
        _count_people(row, role_codes)

    key = SORTS[ordering.lstrip("-")][1]
    rows.sort(key=lambda row: sort_text(row.name))
    rows.sort(key=key, reverse=ordering.startswith("-"))

    by_region = defaultdict(list)
    for row in rows:
        by_region[(row.region_order, row.region, row.region_code)].append(row)
    summaries = [
        RegionSummary(region=name, code=code, totals=_totals(region_rows, role_codes))
        for (_order, name, code), region_rows in sorted(by_region.items(), key=lambda item: item[0][:2])
    ]
    return CoverageReport(
        day=day,
        rows=rows,
        totals=_totals(rows, role_codes),
        roles=roles,
        by_region=summaries,
        sort=ordering,
    )


def _count_people(row, role_codes):
    people_by_force, people_by_role, people = defaultdict(set), defaultdict(set), set()
    for record in row._postings.values():
        people.add(record["person_id"])
        people_by_force[record["force"]].add(record["person_id"])
        people_by_role[record["role_code"]].add(record["person_id"])
    row.people = len(people)
    row.by_force = {force: len(people_by_force[force]) for force in FORCE_COLUMNS}
    row.by_role = {code: len(people_by_role[code]) for code in role_codes}
    row.role_counts = [row.by_role[code] for code in role_codes]
    row.vacancies = len(row._vacancies)
    row.ending = sum(record["ending"] for record in row._postings.values())


def _role_columns(rows, role):
    """The role columns: the chosen role, else every role served abroad plus any other
    role someone holds in the rows (data, not code)."""
    if role is not None:
        roles = [role]
    else:
        held = {record["role_code"] for row in rows for record in row._postings.values()}
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

    @property
    def ending_counts(self):
        return [self.ending[months] for months in ROTATION_HORIZONS]

    @property
    def vacant_counts(self):
        return [self.vacant_then[months] for months in ROTATION_HORIZONS]


@dataclass
class RotationOutlook:
    day: datetime.date
    horizons: dict  # months -> date
    rows: list
    totals: RotationRow


def _abroad_department():
    """The department a position abroad belongs to: its own, or its section's."""
    return Coalesce("department_id", "section__department_id")


def rotation_outlook(day, *, region=None, force=None, role=None):
    """Per department open on `day`: people in post, postings whose tour ends within
    3, 6 and 12 months (cumulative, rule of `postings_ending_between`), and positions
    vacant today and on each horizon date (open then, nobody holding them then —
    successors already posted count as holders). Seven queries."""
    horizons = {months: add_months(day, months) for months in ROTATION_HORIZONS}
    last = horizons[ROTATION_HORIZONS[-1]]
    departments = network.departments_open_on(day).order_by("embassy__city")
    if region is not None:
        departments = departments.filter(embassy__country__region=region)
    posting_filter, position_filter = Q(), Q()
    if force:
        posting_filter &= Q(person__force=force)
        accepted = [rf for rf in RequiredForce.values if Position(required_force=rf).accepts_force(force)]
        position_filter &= Q(required_force__in=accepted)
    if role:
        posting_filter &= Q(position__role=role)
        position_filter &= Q(role=role)

    rows = {
        d.pk: RotationRow(
            department_id=d.pk,
            department=str(d),
            city=d.embassy.city,
            country=d.embassy.country.name,
            region=d.embassy.country.region.name,
            ending=dict.fromkeys(ROTATION_HORIZONS, 0),
            vacant_then=dict.fromkeys(ROTATION_HORIZONS, 0),
        )
        for d in departments
    }
    people = (
        postings.postings_abroad_active_on(day)
        .filter(posting_filter)
        .values(unit=Coalesce("position__department_id", "position__section__department_id"))
        .annotate(n=Count("person_id", distinct=True))
        .order_by()
    )
    for item in people:
        if item["unit"] in rows:
            rows[item["unit"]].people = item["n"]

    later = Posting.objects.filter(position=OuterRef("position"), start_date__gt=OuterRef("start_date"))
    ending = (
        postings.postings_abroad_ending_between(day, last)
        .filter(posting_filter)
        .annotate(
            unit=Coalesce("position__department_id", "position__section__department_id"),
            successor_posted=Exists(later),
        )
    )
    for posting in ending:
        row = rows.get(posting.unit)
        if row is None:
            continue
        row.postings.append(posting)
        for months, horizon in horizons.items():
            row.ending[months] += posting.expected_end_date <= horizon

    for months, horizon in ((0, day), *horizons.items()):
        vacant = (
            postings.vacant_positions_abroad_on(horizon)
            .filter(position_filter)
            .values(unit=_abroad_department())
            .annotate(n=Count("pk"))
            .order_by()
        )
        for item in vacant:
            row = rows.get(item["unit"])
            if row is None:
                continue
            if months == 0:
                row.vacant_now = item["n"]
            else:
                row.vacant_then[months] = item["n"]

    totals = RotationRow(
        department_id=0,
        department="",
        city="",
        country="",
        region="",
        people=sum(r.people for r in rows.values()),
        vacant_now=sum(r.vacant_now for r in rows.values()),
        ending={m: sum(r.ending[m] for r in rows.values()) for m in ROTATION_HORIZONS},
        vacant_then={m: sum(r.vacant_then[m] for r in rows.values()) for m in ROTATION_HORIZONS},
    )
    return RotationOutlook(day=day, horizons=horizons, rows=list(rows.values()), totals=totals)
