"""Pages of the network: countries, departments, sections, embassies, central units and
coverage. Each page is declared once (LIST_PAGES, DETAIL_PAGES, HISTORY_PAGES) with how
to grow what it shows; every check runs over the declarations — status for staff and
anonymous users, queries that do not grow with rows, CSV equal to the screen, bad input.

The rows the tests add are named "Qzx…" so a quick search (`q=Qzx`) puts exactly them
on the page, whatever the demo network holds.
"""

import csv
import datetime
import io
import itertools
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.figures import network_figures
from directory import selectors
from network.models import Coverage, Department, DirectorateUnit, Section
from tests import factories
from tests.page_checks import assert_queries_do_not_grow

D = datetime.date
MARK = "Qzx"
OPENED = D(2000, 1, 1)
IN_POST_FROM = D(2020, 1, 1)
# The most queries any network page may issue, whatever it shows (session, user and
# permissions included). A page over budget has a query per row somewhere.
QUERY_BUDGET = 20

pytestmark = pytest.mark.django_db


# --- A small, known corner of the network ----------------------------------------------


class Corner:
    """A department in an embassy of `country` covering it, a section there, a central
    unit supervising the department, and helpers adding rows named Qzx…"""

    def __init__(self):
        self.numbers = itertools.count(1)
        self.past_months = itertools.count()  # one-month periods of the 1990s, one after another
        self.region = factories.RegionFactory(name_en=f"{MARK} region", name_fr=f"Région {MARK}")
        self.unit = factories.DirectorateUnitFactory(acronym=f"{MARK.upper()}U", name_en=f"{MARK} bureau")
        self.country = self.new_country("home")
        self.embassy = factories.EmbassyFactory(country=self.country, city=f"{MARK}capital")
        self.department = factories.DepartmentFactory(
            embassy=self.embassy, supervising_unit=self.unit, start_date=OPENED
        )
        self.coverage = factories.CoverageFactory(
            department=self.department, country=self.country, start_date=OPENED
        )
        self.section = self.new_section(self.department, self.country)
        self.role = factories.RoleFactory()

    def number(self):
        return next(self.numbers)

    def new_country(self, label=None):
        name = f"{MARK}land {label or self.number()}"
        return factories.CountryFactory(region=self.region, name_en=name, name_fr=f"{name} (fr)")

    def new_section(self, department, country):
        return Section.objects.create(
            department=department, country=country, city=f"{MARK}section {self.number()}", start_date=OPENED
        )

    def new_department(self, supervising_unit=None, **dates):
        embassy = factories.EmbassyFactory(country=self.new_country(), city=f"{MARK}city {self.number()}")
        dates.setdefault("start_date", OPENED)
        return factories.DepartmentFactory(
            embassy=embassy, supervising_unit=supervising_unit or self.unit, **dates
        )

    def post(self, *, past=False, **unit):
        """A position in `unit` (department=…, section=… or central_unit=…), held today,
        and if `past`, held before by someone else. Returns the person in post."""
        unit = {"department": None, **unit}
        position = factories.PositionFactory(role=self.role, start_date=OPENED, **unit)
        if past:
            factories.PostingFactory(
                position=position, start_date=D(2010, 1, 1), end_date=D(2019, 12, 31), end_reason="completed"
            )
        posting = factories.PostingFactory(
            position=position,
            start_date=IN_POST_FROM,
            person__last_name=f"{MARK}person{self.number():03d}",
        )
        return posting.person

    def past_month(self):
        """The first and last day of a month of the 1990s no other call returned."""
        number = next(self.past_months)
        assert number < 120, "the 1990s are full"
        start = D(1990 + number // 12, number % 12 + 1, 1)
        return start, start.replace(day=28)

    def past_coverage(self, country):
        """A one-month coverage of `country` in the 1990s by a department of its own."""
        start, end = self.past_month()
        department = self.new_department(start_date=D(1990, 1, 1))
        return factories.CoverageFactory(
            department=department, country=country, start_date=start, end_date=end
        )


@pytest.fixture
def corner(db):
    return Corner()


# --- How each page grows: add `n` rows it shows, return texts that must then be on it ---


def grow_countries(c, n):
    countries = [c.new_country() for _ in range(n)]
    for country in countries:
        factories.CoverageFactory(department=c.department, country=country, start_date=OPENED)
        c.new_section(c.department, country)
    return [country.name_en for country in countries]


def grow_departments(c, n):
    cities = []
    for _ in range(n):
        department = c.new_department()
        factories.CoverageFactory(department=department, country=department.country, start_date=OPENED)
        c.post(department=department)
        factories.PositionFactory(department=department, role=c.role, start_date=OPENED)  # a vacancy
        cities.append(department.embassy.city)
    return cities


def grow_sections(c, n):
    sections = [c.new_section(c.department, c.country) for _ in range(n)]
    for section in sections:
        c.post(section=section)
    return [section.city for section in sections]


def grow_embassies(c, n):
    return [c.new_department().embassy.city for _ in range(n)]


def grow_coverages(c, n):
    return grow_countries(c, n)


def grow_country_detail(c, n):
    people = [c.post(department=c.department).last_name for _ in range(n)]
    sections = [c.new_section(c.new_department(), c.country) for _ in range(n)]
    for section in sections:
        c.post(section=section)
    past = [c.past_coverage(c.country) for _ in range(n)]
    return people + [section.city for section in sections] + [cov.department.embassy.city for cov in past]


def grow_department_detail(c, n):
    people = [c.post(department=c.department, past=True).last_name for _ in range(n)]
    countries = grow_countries(c, n)
    return people + countries


def grow_section_detail(c, n):
    return [c.post(section=c.section, past=True).last_name for _ in range(n)]


def grow_embassy_detail(c, n):
    for _ in range(n):
        start, end = c.past_month()
        factories.DepartmentFactory(
            embassy=c.embassy, supervising_unit=c.unit, start_date=start, end_date=end
        )
    return []  # the new rows all read "ISD Qzxcapital": checked by count instead


def grow_unit_tree(c, n):
    acronyms = []
    for _ in range(n):
        child = factories.DirectorateUnitFactory(acronym=f"QZX{c.number()}", parent=c.unit)
        c.post(central_unit=child)
        acronyms.append(child.acronym)
    return acronyms


def grow_unit_detail(c, n):
    people = [c.post(central_unit=c.unit, past=True).last_name for _ in range(n)]
    supervised = [c.new_department(supervising_unit=c.unit).embassy.city for _ in range(n)]
    subunits = [
        factories.DirectorateUnitFactory(acronym=f"QZX{c.number()}", parent=c.unit).acronym for _ in range(n)
    ]
    return people + supervised + subunits


def grow_coverage_history(c, n):
    for _ in range(n):
        c.coverage.end_date = D(2030, 1, 1) + datetime.timedelta(days=c.number())
        c.coverage.save()
    return []


# --- The pages ---------------------------------------------------------------------------


@dataclass
class Page:
    name: str
    grow: object
    target: object = None  # corner -> the object of a detail page
    query: str = ""
    key: str = "pk"  # the URL argument taken from the target
    sort: str = ""  # for lists: a sort by the first column, descending

    def __str__(self):
        return self.name

    def url(self, c, extra=""):
        args = [getattr(self.target(c), self.key)] if self.target else []
        query = "&".join(filter(None, [self.query, extra]))
        return reverse(self.name, args=args) + (f"?{query}" if query else "")

    def add_rows(self, c, n):
        return self.grow(c, n)


def history_page(name, attribute, target, key="pk"):
    """The history page of `target`, grown by changing its `attribute` (one record each)."""

    def grow(c, n):
        obj = target(c)
        for _ in range(n):
            setattr(obj, attribute, f"{MARK} {c.number()}")
            obj.save()
        return [getattr(obj, attribute)]

    return Page(name, grow, target, key=key)


ON_PAGE = f"q={MARK}&per_page=250"

LIST_PAGES = [
    Page("network:country_list", grow_countries, query=ON_PAGE, sort="-name"),
    Page("network:department_list", grow_departments, query=ON_PAGE, sort="-city"),
    Page("network:section_list", grow_sections, query=ON_PAGE, sort="-city"),
    Page("network:embassy_list", grow_embassies, query=ON_PAGE, sort="-city"),
    Page("network:coverage_list", grow_coverages, query=f"{ON_PAGE}&status=all", sort="-country"),
]
DETAIL_PAGES = [
    Page("network:country_detail", grow_country_detail, lambda c: c.country, key="iso2"),
    Page("network:department_detail", grow_department_detail, lambda c: c.department),
    Page("network:section_detail", grow_section_detail, lambda c: c.section),
    Page("network:embassy_detail", grow_embassy_detail, lambda c: c.embassy),
    Page("network:unit_list", grow_unit_tree),
    Page("network:unit_detail", grow_unit_detail, lambda c: c.unit),
]
HISTORY_PAGES = [
    history_page("network:country_history", "capital", lambda c: c.country, key="iso2"),
    history_page("network:department_history", "notes", lambda c: c.department),
    history_page("network:section_history", "city", lambda c: c.section),
    history_page("network:embassy_history", "city", lambda c: c.embassy),
    history_page("network:unit_history", "name_en", lambda c: c.unit),
    Page("network:coverage_history", grow_coverage_history, lambda c: c.coverage),
]
ALL_PAGES = LIST_PAGES + DETAIL_PAGES + HISTORY_PAGES


def test_every_network_page_is_declared():
    """A network page added without a declaration here fails this test."""
    from tests.url_pages import all_pages

    declared = {page.name for page in ALL_PAGES} | {
        "network:coverage_add",
        "network:coverage_edit",
        "network:coverage_end",
        "network:coverage_delete",
        # The typeahead endpoints: their queries are counted in tests/test_typeahead.py.
        "network:country_choices",
        "network:department_choices",
        "network:section_choices",
        "network:unit_choices",
    }
    routed = {page.name for page in all_pages() if page.name and page.name.startswith("network:")}
    assert routed == declared


@pytest.mark.parametrize("page", ALL_PAGES, ids=str)
def test_page_opens_for_staff_and_sends_anonymous_users_to_log_in(client_as, corner, page):
    url = page.url(corner)
    assert client_as("staff").get(url).status_code == 200
    response = client_as(None).get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("page", ALL_PAGES, ids=str)
def test_queries_do_not_grow_with_rows(
    client_as, corner, page, django_assert_max_num_queries, record_property
):
    """Measured with 5 rows, then with 50 (every one of them on the page)."""
    client = client_as("staff")
    url = page.url(corner)
    page.add_rows(corner, 5)
    expected = []
    baseline = assert_queries_do_not_grow(
        client, url, lambda: expected.extend(page.add_rows(corner, 45)), django_assert_max_num_queries
    )
    record_property("queries", baseline)
    assert baseline <= QUERY_BUDGET, f"{page}: {baseline} queries"
    response = client.get(url)
    content = response.content.decode().lower()  # people's last names are shown in capitals
    missing = [text for text in expected if text.lower() not in content]
    assert not missing, f"{page}: rows added but not on the page: {missing[:5]}"
    if page.name == "network:embassy_detail":
        assert len(response.context["departments"]) == 51


# --- CSV: the filtered list on screen -------------------------------------------------------


class TableParser(HTMLParser):
    """The header and body cells of the first <table> of a page, as text."""

    def __init__(self):
        super().__init__()
        self.header, self.rows, self.cell, self.depth, self.done = [], [], None, 0, False

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        if tag == "table":
            self.depth += 1
        elif tag == "tr" and self.depth:
            self.rows.append([])
        elif tag in ("td", "th") and self.depth:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
            self.done = True
        elif tag in ("td", "th") and self.cell is not None:
            text = " ".join("".join(self.cell).split())
            self.rows[-1].append("" if text == "—" else text)
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def screen_table(response):
    parser = TableParser()
    parser.feed(response.content.decode())
    return parser.rows[0], parser.rows[1:]


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return rows[0], rows[1:]


ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})?$")


def without_dates(exported, *tables):
    """The tables less the date columns of `exported` (the screen shows dates localised,
    the CSV as ISO dates)."""
    dates = {i for i in range(len(exported[0])) if all(ISO_DATE.match(row[i]) for row in exported)}
    return [[[cell for i, cell in enumerate(row) if i not in dates] for row in table] for table in tables]


@pytest.mark.parametrize("page", LIST_PAGES, ids=str)
def test_csv_export_is_the_filtered_list_on_screen(client_as, corner, page):
    client = client_as("staff")
    names = page.add_rows(corner, 4)
    url = page.url(corner, f"sort={page.sort}")
    screen_header, screen = screen_table(client.get(url))
    header, rows = csv_rows(client.get(f"{url}&_export=csv"))
    assert header == screen_header
    assert len(rows) == len(screen) >= len(names)
    exported, shown = without_dates(rows, rows, screen)
    assert exported == shown
    assert all(row[0].startswith(MARK) for row in rows), "the quick search filtered the export"
    assert set(names) <= {row[0] for row in rows}


def test_unit_tree_exports_one_row_per_position(client_as, corner):
    people = grow_unit_tree(corner, 3)
    response = client_as("staff").get(reverse("network:unit_list") + "?_export=csv")
    header, rows = csv_rows(response)
    assert header[:2] == ["Level", "Unit"]
    ours = [row for row in rows if row[4] == corner.unit.acronym]
    assert [row[1] for row in ours] == people
    (level,) = {row[0] for row in rows if row[1] == corner.unit.acronym}
    assert {row[0] for row in ours} == {str(int(level) + 1)}
    assert all(row[7].startswith("Cdt Camille QZXPERSON") for row in ours)


@pytest.mark.parametrize("page", LIST_PAGES, ids=str)
def test_every_column_sorts_both_ways(client_as, corner, page):
    client = client_as("staff")
    names = page.add_rows(corner, 3)
    columns = [
        column.name for column in client.get(page.url(corner)).context["table"].columns if column.orderable
    ]
    assert len(columns) >= 4
    for column in columns:
        for sort in (column, f"-{column}"):
            response = client.get(page.url(corner, f"sort={sort}"))
            assert response.status_code == 200, sort
            assert set(names) <= {str(cell) for cell in first_column(response)}, sort


def first_column(response):
    table = response.context["table"]
    name = table.columns[0].name
    return [row.get_cell_value(name) for row in table.paginated_rows]


@pytest.mark.parametrize("page", LIST_PAGES, ids=str)
def test_htmx_gets_only_the_results(client_as, corner, page):
    names = page.add_rows(corner, 2)
    response = client_as("staff").get(page.url(corner), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    content = response.content.decode()
    assert "<html" not in content and "<table" in content
    assert all(name in content for name in names)


# --- Bad input: a message, never a server error ---------------------------------------------

BAD_PARAMETERS = [
    ("region=999999999", "Select a valid choice"),
    ("q=" + "x" * 10_000, "at most 100 characters"),
    ("as_of=2021-02-30", "is not a date"),
    ("as_of=99999-01-01", "is not a date"),
    ("per_page=-1&page=999&sort=no_such_column", None),
]


@pytest.mark.parametrize("page", LIST_PAGES, ids=str)
@pytest.mark.parametrize("query,message", BAD_PARAMETERS, ids=lambda v: str(v)[:20])
def test_bad_filter_values_show_a_message(client_as, corner, page, query, message):
    response = client_as("staff").get(reverse(page.name) + "?" + query)
    assert response.status_code == 200
    if message:
        assert message in response.content.decode()


@pytest.mark.parametrize(
    "page,query",
    [
        (Page("network:country_list", None), "department=abc&covered=maybe&residence=x"),
        (Page("network:department_list", None), "status=sometimes&supervising_unit=0"),
        (Page("network:coverage_list", None), "department=999999&country=-1"),
    ],
    ids=str,
)
def test_unknown_choices_show_a_message(client_as, page, query):
    response = client_as("staff").get(reverse(page.name) + "?" + query)
    assert response.status_code == 200
    assert "Some filters could not be applied" in response.content.decode()
    assert response.context["table"].paginator.count == 0


# --- Filters, on the page's date ----------------------------------------------------------


def listed(client, name, query):
    """The records a list shows with `query`."""
    response = client.get(f"{reverse(name)}?{query}&per_page=250")
    assert response.status_code == 200
    return list(response.context["table"].data)


def test_country_filters(client_as, corner):
    client = client_as("staff")
    non_resident = corner.new_country()
    factories.CoverageFactory(department=corner.department, country=non_resident, start_date=OPENED)
    uncovered = corner.new_country()
    home = corner.country

    def countries(query):
        return set(listed(client, "network:country_list", f"q={MARK}&{query}"))

    assert countries("covered=yes") == {home, non_resident}
    assert countries("covered=no") == {uncovered}
    assert countries("residence=non_resident") == {non_resident}
    assert countries("residence=resident") == {home}
    assert countries("has_section=yes") == {home}
    assert countries(f"department={corner.department.pk}") == {home, non_resident}
    assert set(listed(client, "network:country_list", f"region={corner.region.pk}&covered=no")) == {uncovered}


def test_department_list_shows_open_departments_with_their_figures(client_as, corner):
    client = client_as("staff")
    closed = corner.new_department(end_date=D(2010, 12, 31))
    corner.post(department=corner.department)
    factories.PositionFactory(department=corner.department, role=corner.role, start_date=OPENED)
    (row,) = listed(client, "network:department_list", f"q={MARK}")
    assert row == corner.department
    figures = (row.department_countries_covered, row.department_staff_with_sections)
    assert (*figures, row.department_vacancies_with_sections) == (1, 1, 1)
    assert listed(client, "network:department_list", f"q={MARK}&status=closed") == [closed]
    assert len(listed(client, "network:department_list", f"q={MARK}&status=all")) == 2
    # On a day when both were open.
    assert len(listed(client, "network:department_list", f"q={MARK}&as_of=2005-06-01")) == 2


def test_department_figures_add_up_to_the_dashboard(client_as):
    """Staff and vacancies of every department, its sections included, are the
    dashboard's people in post abroad and vacancies abroad (the demo network, today)."""
    today = datetime.date.today()
    figures = network_figures(today)
    departments = list(selectors.departments_listed_on(today))
    assert sum(d.department_staff_with_sections for d in departments) == figures["people_in_post_abroad"]
    assert sum(d.department_vacancies_with_sections for d in departments) == figures["vacancies_abroad"]
    assert sum(d.department_countries_covered for d in departments) == figures["countries_covered"]


# --- As of a date in the past ----------------------------------------------------------------


@pytest.fixture
def handover(corner):
    """A country covered by department A (2005–2014), then by department B (from 2015)."""
    country = corner.new_country("handover")
    first = corner.new_department(start_date=D(2005, 1, 1))
    second = corner.new_department(start_date=D(2015, 1, 1))
    factories.CoverageFactory(
        department=first, country=country, start_date=D(2005, 1, 1), end_date=D(2014, 12, 31)
    )
    factories.CoverageFactory(department=second, country=country, start_date=D(2015, 1, 1))
    person = corner.post(department=first)
    return country, first, second, person


def text_of(response, element_id):
    content = response.content.decode()
    start = content.index(f'id="{element_id}"')
    return content[start : content.index("</", content.index(">", start) + 1) + 200]


def test_country_page_shows_the_coverage_of_its_date(client_as, handover):
    country, first, second, _person = handover
    client = client_as("staff")
    url = reverse("network:country_detail", args=[country.iso2])
    past = client.get(f"{url}?as_of=2010-06-01")
    assert str(first) in text_of(past, "coverage-on-day")
    assert f"{first.get_absolute_url()}?as_of=2010-06-01" in past.content.decode()
    today = client.get(url)
    assert str(second) in text_of(today, "coverage-on-day")
    assert past.context["coverage"].department == first
    assert today.context["coverage"].department == second
    assert len(today.context["coverage_history"]) == 2
    before = client.get(f"{url}?as_of=2001-01-01")
    assert before.context["coverage"] is None


def test_country_list_and_department_page_follow_the_date(client_as, handover):
    country, first, second, person = handover
    client = client_as("staff")
    (row,) = listed(client, "network:country_list", f"q={country.name_en}&as_of=2010-06-01")
    assert row.coverage_on_day[0].department == first
    assert row.staff_for_country == 0  # the person came in 2020
    (row,) = listed(client, "network:country_list", f"q={country.name_en}")
    assert row.coverage_on_day[0].department == second
    assert row.staff_for_country == 0  # the person is in the first department, which no longer covers it
    department_page = client.get(first.get_absolute_url() + "?as_of=2010-06-01")
    assert [c.country for c in department_page.context["coverages"]] == [country]
    assert list(client.get(first.get_absolute_url()).context["coverages"]) == []
    holders = client.get(first.get_absolute_url()).context["positions"]
    assert [posting.person for position in holders for posting in position.holders] == [person]


def test_people_covering_a_country_are_its_department_and_sections(client_as, corner):
    client = client_as("staff")
    in_department = corner.post(department=corner.department)
    in_section = corner.post(section=corner.section)
    elsewhere = corner.post(department=corner.new_department())
    response = client.get(corner.country.get_absolute_url())
    people = [posting.person for posting in response.context["postings"]]
    assert set(people) == {in_department, in_section}
    assert elsewhere not in people
    (row,) = listed(client, "network:country_list", f"q={corner.country.name_en}")
    assert row.staff_for_country == 2


# --- Editing coverage ------------------------------------------------------------------------


def coverage_form(department, country, start, end=""):
    return {
        "department": department.pk,
        "country": country.pk,
        "start_date": start.isoformat(),
        "end_date": end and end.isoformat(),
    }


def test_editor_adds_a_coverage(client_as, corner, users):
    client = client_as("editor")
    country = corner.new_country()
    add_url = reverse("network:coverage_add")
    assert client.get(f"{add_url}?country={country.pk}").context["form"].initial["country"] == country.pk
    response = client.post(add_url, coverage_form(corner.department, country, D(2024, 1, 1)), follow=True)
    coverage = Coverage.objects.get(country=country)
    assert (coverage.department, coverage.start_date, coverage.end_date) == (
        corner.department,
        D(2024, 1, 1),
        None,
    )
    assert response.redirect_chain[-1][0] == country.get_absolute_url()
    assert "was saved" in response.content.decode()
    assert coverage.history.first().history_user == users["editor"]


def test_overlapping_coverage_names_the_department_and_writes_nothing(client_as, corner):
    client = client_as("editor")
    other = corner.new_department()
    before = Coverage.objects.count()
    response = client.post(
        reverse("network:coverage_add"), coverage_form(other, corner.country, D(2020, 1, 1))
    )
    assert response.status_code == 200
    assert f"is already covered by {corner.department}" in response.content.decode()
    assert Coverage.objects.count() == before


def test_coverage_field_errors_are_next_to_their_field(client_as, corner):
    response = client_as("editor").post(
        reverse("network:coverage_add"),
        {"department": corner.department.pk, "country": "", "start_date": "x"},
    )
    form = response.context["form"]
    assert set(form.errors) == {"country", "start_date"}
    assert (
        'id="error_1_id_country"' in response.content.decode()
        or "invalid-feedback" in response.content.decode()
    )


def test_editor_ends_changes_and_deletes_a_coverage(client_as, corner):
    client = client_as("editor")
    coverage = corner.coverage
    end_url = reverse("network:coverage_end", args=[coverage.pk])
    response = client.post(end_url, {"end_date": "1999-01-01"})
    assert response.status_code == 200 and "cannot be before the start date" in response.content.decode()
    response = client.post(end_url, {"end_date": "2030-06-30"})
    assert response.status_code == 302
    coverage.refresh_from_db()
    assert coverage.end_date == D(2030, 6, 30)

    edit_url = reverse("network:coverage_edit", args=[coverage.pk])
    client.post(edit_url, coverage_form(corner.department, corner.country, D(2001, 1, 1), D(2030, 6, 30)))
    coverage.refresh_from_db()
    assert coverage.start_date == D(2001, 1, 1)

    delete_url = reverse("network:coverage_delete", args=[coverage.pk])
    assert "Yes, delete" in client.get(delete_url).content.decode()
    response = client.post(delete_url)
    assert response.url == corner.country.get_absolute_url()
    assert not Coverage.objects.filter(pk=coverage.pk).exists()


EDIT_URLS = [
    ("network:coverage_add", lambda c: []),
    ("network:coverage_edit", lambda c: [c.coverage.pk]),
    ("network:coverage_end", lambda c: [c.coverage.pk]),
    ("network:coverage_delete", lambda c: [c.coverage.pk]),
]


@pytest.mark.parametrize("name,args", EDIT_URLS, ids=[name for name, _ in EDIT_URLS])
def test_staff_get_403_on_edit_urls_and_change_nothing(client_as, corner, name, args):
    client = client_as("staff")
    url = reverse(name, args=args(corner))
    assert client.get(url).status_code == 403
    before = list(Coverage.objects.values_list("pk", "start_date", "end_date").order_by("pk"))
    assert (
        client.post(url, coverage_form(corner.department, corner.new_country(), D(2024, 1, 1))).status_code
        == 403
    )
    assert list(Coverage.objects.values_list("pk", "start_date", "end_date").order_by("pk")) == before


@pytest.mark.parametrize(
    "role,sees_buttons", [("staff", False), ("manager", False), ("editor", True), ("administrator", True)]
)
def test_edit_buttons_only_for_those_allowed(client_as, corner, role, sees_buttons):
    client = client_as(role)
    edit_url = reverse("network:coverage_edit", args=[corner.coverage.pk])
    country_page = client.get(corner.country.get_absolute_url()).content.decode()
    assert (reverse("network:coverage_add") in country_page) is sees_buttons
    assert (edit_url in country_page) is sees_buttons
    listing = client.get(reverse("network:coverage_list") + f"?q={MARK}").content.decode()
    assert (edit_url in listing) is sees_buttons


def test_detail_pages_link_their_history(client_as, corner):
    client = client_as("staff")
    coverage_history = reverse("network:coverage_history", args=[corner.coverage.pk])
    assert coverage_history in client.get(corner.country.get_absolute_url()).content.decode()
    assert client.get(coverage_history).status_code == 200
    for page in HISTORY_PAGES:
        if page.name == "network:coverage_history":
            continue  # coverage has no page of its own: it is on the country's (checked above)
        detail = page.name.replace("_history", "_detail")
        target = page.target(corner)
        key = getattr(target, page.key)
        response = client.get(reverse(detail, args=[key]))
        assert reverse(page.name, args=[key]) in response.content.decode(), page


def test_unit_tree_nests_units_with_their_people(client_as, corner):
    child = factories.DirectorateUnitFactory(acronym="QZXCHILD", parent=corner.unit)
    person = corner.post(central_unit=child)
    vacant = factories.PositionFactory(
        department=None, central_unit=child, role=corner.role, title="Qzx vacant desk", start_date=OPENED
    )
    response = client_as("staff").get(reverse("network:unit_list"))
    (ours,) = [unit for unit in response.context["roots"] if unit == corner.unit]
    assert ours.subunits == [child]
    (shown,) = ours.subunits
    assert {position.pk: [p.person for p in position.holders] for position in shown.open_positions} == {
        person.postings.get().position_id: [person],
        vacant.pk: [],
    }
    assert DirectorateUnit.objects.filter(parent=None).count() == len(response.context["roots"])


def test_country_urls_accept_lower_case_codes(client_as, corner):
    response = client_as("staff").get(reverse("network:country_detail", args=[corner.country.iso2.lower()]))
    assert response.status_code == 200
    assert response.context["object"] == corner.country


def test_country_names_follow_the_language(client_as, corner):
    client = client_as("staff")
    url = reverse("network:country_list") + f"?q={MARK}"
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"{corner.country.name_fr}</a>" in french
    assert f"{corner.country.name_en}</a>" in english
    assert corner.country.name_fr not in english


def test_sections_on_the_department_page(client_as, corner):
    closed = Section.objects.create(
        department=corner.department,
        country=corner.country,
        city="Qzxclosed",
        start_date=OPENED,
        end_date=D(2005, 1, 1),
    )
    response = client_as("staff").get(corner.department.get_absolute_url())
    sections = {section: section.open_on_day for section in response.context["sections"]}
    assert sections == {corner.section: True, closed: False}
    assert Department.objects.get(pk=corner.department.pk).sections.count() == 2
