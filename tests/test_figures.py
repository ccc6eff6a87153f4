"""One truth: every figure of the register equals its definition, on every page and
export that shows it, on an awkward network (tests/scenarios.py), on a past date, today,
a future date and a date when a closed department was still open.

Three layers of checks, all generated (nothing here names a page by hand):
1. each figure's one implementation equals its plain definition (tests/figure_oracle.py),
   for every owner of the scenario, narrowed or not, counted one by one, in a list
   column, grouped for the report and as distinct totals;
2. every page found by walking the URLs (lists, detail pages, dashboard, report,
   rotation outlook), every list's CSV, the report's CSV/XLSX/JSON and every admin
   changelist with figure columns show the register's value wherever they show a figure
   (pages mark figures with data-figure, see base/figures.py);
3. guards: a table or admin column titled like a figure must be the register's figure;
   the register and docs/figures.md list the same figures; every figure is shown
   somewhere.
"""

import csv
import datetime
import io
import json
import re
from html.parser import HTMLParser

import openpyxl
import pytest
from django.contrib import admin
from django.urls import reverse

from base.admin import PortalAdmin
from base.figures import REGISTER
from base.tables import FigureColumn, PortalTable
from base.views import ObjectDetailView, ObjectListView
from network.models import Country
from postings.models import Force
from tests import scenarios
from tests.figure_oracle import Network
from tests.url_pages import CannotBuildUrl, all_pages

pytestmark = pytest.mark.django_db

DAYS = scenarios.DAYS
# The report and its exports are checked on fewer dates: they are the slowest pages.
REPORT_DAYS = {when: DAYS[when] for when in ("past", "today", "future")}
NARROWINGS = {"all": {}, "gendarmes": {"force": Force.GENDARMERIE}, "officers": {"role": "officer"}}


@pytest.fixture
def scenario(db):
    return scenarios.build()


@pytest.fixture
def root(db, django_user_model, client):
    """A client of a superuser: sees every page, field and admin column."""
    user = django_user_model.objects.create_superuser("figures-root", "root@example.org", "x" * 16)
    client.force_login(user)
    return client


def narrowing_for(scenario, name):
    narrowing = dict(NARROWINGS[name])
    if "role" in narrowing:
        narrowing["role"] = scenario.roles[narrowing["role"]]
    return narrowing


# --- 1. Each implementation equals its definition ---------------------------------------


@pytest.mark.parametrize("key", sorted(REGISTER))
def test_each_figure_equals_its_definition(scenario, key):
    figure, network = REGISTER[key], Network()
    owners = [None] if figure.of is None else scenario.owners(figure.of) or list(figure.of.objects.all()[:5])
    assert owners, f"no owner to check {key} on"
    for when, day in DAYS.items():
        for owner in owners:
            expected = network.figure(key, day, owner)
            assert figure.count(day, owner) == expected, (key, when, owner)
        if figure.of is None:
            continue
        # The same figure as a list column and grouped by owner (the report) agrees.
        annotated = dict(
            figure.of.objects.filter(pk__in=[o.pk for o in owners])
            .annotate(value=figure.annotation(day))
            .values_list("pk", "value")
        )
        grouped = figure.by_owner(day)
        for owner in owners:
            assert annotated[owner.pk] == grouped[owner.pk] == network.figure(key, day, owner), (
                key,
                when,
                owner,
            )


@pytest.mark.parametrize("key", ["staff_for_country", "vacancies_for_country", "ending_for_country"])
@pytest.mark.parametrize("narrowed", ["gendarmes", "officers"])
def test_narrowed_figures_equal_their_definition(scenario, key, narrowed):
    figure, network = REGISTER[key], Network()
    narrowing = narrowing_for(scenario, narrowed)
    oracle_narrowing = {k: getattr(v, "pk", v) for k, v in narrowing.items()}
    for day in DAYS.values():
        for country in scenario.countries.values():
            assert figure.count(day, country, **narrowing) == network.figure(
                key, day, country, **oracle_narrowing
            )


@pytest.mark.parametrize("key", ["staff_for_country", "vacancies_for_country", "ending_for_country"])
def test_totals_count_each_person_and_position_once(scenario, key):
    """Over several countries, a department covering more than one of them counts once:
    the distinct total is the size of the union of the countries' rows."""
    figure = REGISTER[key]
    countries = [c.pk for c in scenario.countries.values()]
    for day in DAYS.values():
        union = set()
        for country in countries:
            union |= set(figure.rows(day, country).values_list("pk", flat=True))
        assert figure.rows_of_owners(day, countries).count() == len(union)
        assert sum(figure.distinct_counts(day, countries).values()) == len(union)
        by_region = figure.distinct_counts(day, countries, group="region")
        for region in scenario.regions.values():
            in_region = [c.pk for c in scenario.countries.values() if c.region_id == region.pk]
            assert by_region.get((region.pk,), 0) == figure.rows_of_owners(day, in_region).count()


def test_the_awkward_cases_count_where_the_register_says(scenario):
    """The cases the register's words settle, spelled out on the scenario."""
    staff = REGISTER["staff_for_country"]
    a, f = scenario.countries["A"], scenario.countries["F"]
    da, db = scenario.departments["DA"], scenario.departments["DB"]
    # A hosts DA but is covered by DB since the handover: both teams are A's staff then.
    before, after = scenarios.HANDOVER - scenarios.DAY, scenarios.HANDOVER
    da_staff = REGISTER["department_staff"].count(before, da)
    db_staff = REGISTER["department_staff"].count(after, db)
    assert staff.count(before, a) == da_staff
    assert staff.count(after, a) == da_staff + db_staff
    # F changes hands on the 16th: DB's team the day before, DC's the day after.
    dc = scenario.departments["DC"]
    assert staff.count(scenarios.F_HANDOVER, f) == REGISTER["department_staff"].count(
        scenarios.F_HANDOVER, db
    )
    next_day = scenarios.F_HANDOVER + scenarios.DAY
    assert staff.count(next_day, f) == REGISTER["department_staff"].count(next_day, dc)


# --- 2. Every page and export shows the register's value ------------------------------


class FigureMarks(HTMLParser):
    """The elements of a page marked data-figure, with their text."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.marks, self.open = [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        for mark in self.open:
            mark["depth"] += 1
        if "data-figure" in attrs:
            self.open.append({"attrs": attrs, "text": "", "depth": 0})

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        for mark in list(self.open):
            if mark["depth"] == 0:
                self.open.remove(mark)
                self.marks.append(mark)
            else:
                mark["depth"] -= 1

    def handle_data(self, data):
        for mark in self.open:
            mark["text"] += data


def marks_of(html):
    parser = FigureMarks()
    parser.feed(html)
    return parser.marks


def assert_marks_equal_the_register(html, day, url, narrowing=None):
    """Every figure a page marks equals the register's count; returns the keys seen.
    (Each figure is evaluated once for all its owners, with `by_owner`: part 1 of this
    module proves it equal to `count` and to the definition.)"""
    seen, expected_by = set(), {}
    for mark in marks_of(html):
        attrs = mark["attrs"]
        key = attrs["data-figure"]
        assert key in REGISTER, f"{url}: {key!r} is not a figure of the register"
        figure = REGISTER[key]
        when = datetime.date.fromisoformat(attrs["data-day"]) if attrs.get("data-day") else day
        extra = {"months": int(attrs["data-months"])} if attrs.get("data-months") else {}
        arguments = {**(narrowing or {}), **extra}
        cache_key = (key, when, tuple(sorted((k, str(v)) for k, v in arguments.items())))
        if cache_key not in expected_by:
            expected_by[cache_key] = figure.by_owner(when, **arguments) if figure.of else figure.count(when)
        found = expected_by[cache_key]
        expected = found[int(attrs["data-of"])] if figure.of else found
        shown = mark["text"].strip()
        assert shown == str(expected), (
            f"{url}: {key} of #{attrs.get('data-of')} on {when} shows {shown!r}, the register says {expected}"
        )
        seen.add(key)
    return seen


def as_of(url, day):
    return f"{url}{'&' if '?' in url else '?'}as_of={day.isoformat()}"


def list_pages():
    return [page for page in all_pages() if not page.is_admin and page.is_subclass(ObjectListView)]


def detail_pages():
    return [page for page in all_pages() if not page.is_admin and page.is_subclass(ObjectDetailView)]


def detail_urls(page, scenario):
    """The page for each of the scenario's records of its kind (the demo's first few for
    kinds the scenario has none of, e.g. posting rounds)."""
    kwarg = getattr(page.view_class, "slug_url_kwarg", None) if page.view_class.slug_field != "slug" else None
    key = "iso2" if kwarg == "iso2" else "pk"
    owners = scenario.owners(page.model) or list(page.model.objects.order_by("pk")[:3])
    return [page.url(**{key: getattr(owner, key)}) for owner in owners]


SCENARIO_ROWS = "q=Zq&per_page=250&status=all"


@pytest.mark.parametrize("page", list_pages(), ids=str)
def test_list_pages_and_their_csv_show_the_registers_figures(root, scenario, page):
    figure_columns = [
        (name, column)
        for name, column in page.view_class.table_class.base_columns.items()
        if isinstance(column, FigureColumn)
    ]
    for day in DAYS.values():
        url = as_of(f"{page.url()}?{SCENARIO_ROWS}", day)
        response = root.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert_marks_equal_the_register(html, day, url)
        if not figure_columns:
            continue
        # The CSV of the same rows: each figure column equals the page's, row for row.
        rows = list(csv.reader(io.StringIO(root.get(f"{url}&_export=csv").getvalue().decode("utf-8-sig"))))
        header, body = rows[0], rows[1:]
        for _name, column in figure_columns:
            on_page = [
                m["text"].strip() for m in marks_of(html) if m["attrs"]["data-figure"] == column.figure.key
            ]
            in_csv = [row[header.index(str(column.verbose_name))] for row in body]
            assert in_csv == on_page, f"{url}: the CSV's {column.verbose_name} differs from the page's"


@pytest.mark.parametrize("page", detail_pages(), ids=str)
def test_detail_pages_show_the_registers_figures(root, scenario, page):
    urls = detail_urls(page, scenario)
    assert urls, f"{page}: no {page.model._meta.verbose_name} to show"
    for day in DAYS.values():
        for url in urls:
            response = root.get(as_of(url, day))
            assert response.status_code == 200, url
            assert_marks_equal_the_register(response.content.decode(), day, url)


REPORT_PAGES = ["dashboard", "reports:coverage", "reports:rotation", "network:unit_list"]


NARROWED_PAGES = [
    (name, narrowed)
    for name in REPORT_PAGES
    for narrowed in (NARROWINGS if name.startswith("reports:") else ["all"])  # only reports narrow
]


@pytest.mark.parametrize(("name", "narrowed"), NARROWED_PAGES)
def test_dashboard_and_reports_show_the_registers_figures(root, scenario, name, narrowed):
    narrowing = narrowing_for(scenario, narrowed)
    params = {"force": narrowing.get("force", ""), "role": getattr(narrowing.get("role"), "code", "")}
    query = "&".join(f"{k}={v}" for k, v in params.items() if v)
    for day in REPORT_DAYS.values():
        url = as_of(f"{reverse(name)}?{query}", day)
        response = root.get(url)
        assert response.status_code == 200, url
        assert_marks_equal_the_register(response.content.decode(), day, url, narrowing)


@pytest.mark.parametrize("narrowed", list(NARROWINGS))
def test_report_exports_show_the_registers_figures(root, scenario, narrowed):
    narrowing = narrowing_for(scenario, narrowed)
    params = {"force": narrowing.get("force", ""), "role": getattr(narrowing.get("role"), "code", "")}
    figures = {
        "people": REGISTER["staff_for_country"],
        "vacancies": REGISTER["vacancies_for_country"],
        "ending": REGISTER["ending_for_country"],
        "sections": REGISTER["country_sections"],
    }
    countries = {country.iso2: country for country in scenario.countries.values()}
    for day in REPORT_DAYS.values():
        query = {**{k: v for k, v in params.items() if v}, "as_of": day.isoformat()}
        expected = {
            iso2: {name: figure.count(day, country, **narrowing) for name, figure in figures.items()}
            for iso2, country in countries.items()
        }
        # JSON
        data = json.loads(root.get(reverse("reports:coverage_json"), query).content)
        shown = {row["iso2"]: row for row in data["rows"] if row["iso2"] in countries}
        for iso2, values in expected.items():
            row = shown[iso2]
            assert (row["people"], row["vacancies"], row["ending_within_6_months"], row["sections"]) == (
                values["people"],
                values["vacancies"],
                values["ending"],
                values["sections"],
            ), (day, iso2)
        # CSV and XLSX: the columns of the same names.
        headers = {
            "people": "People in post",
            "vacancies": "Vacant positions",
            "ending": "Postings ending within 6 months",
            "sections": "Sections",
        }
        content = root.get(reverse("reports:coverage_csv"), query).content.decode("utf-8-sig")
        lines = list(csv.reader(io.StringIO(content), delimiter=";"))
        header_index = next(i for i, line in enumerate(lines) if line and line[0] == "Country")
        xlsx = openpyxl.load_workbook(io.BytesIO(root.get(reverse("reports:coverage_xlsx"), query).content))
        sheet_rows = [[cell.value for cell in row] for row in xlsx.worksheets[0].iter_rows()]
        for table in (lines[header_index:], sheet_rows):
            header, body = table[0], table[1:]
            iso_column = header.index("ISO code")
            for row in body:
                if row[iso_column] in expected:
                    for name, label in headers.items():
                        assert int(row[header.index(label)]) == expected[row[iso_column]][name], (day, row)


def admins_with_figures():
    return [
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, PortalAdmin) and model_admin.figure_columns()
    ]


ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
CHECKBOX = re.compile(r'name="_selected_action" value="(\d+)"')


def admin_cells(html, field):
    """{pk: text of the row's `field` cell} of a changelist."""
    cells = {}
    for row in ROW.findall(html):
        pk = CHECKBOX.search(row)
        cell = re.search(rf'<td class="field-{field}[^"]*">(.*?)</td>', row, re.S)
        if pk and cell:
            cells[int(pk.group(1))] = re.sub(r"<[^>]+>", "", cell.group(1)).strip()
    return cells


@pytest.mark.parametrize("model_admin", admins_with_figures(), ids=lambda a: a.model._meta.label)
def test_admin_columns_show_the_registers_figures(root, scenario, model_admin):
    """The admin's figures are today's."""
    opts = model_admin.model._meta
    owners = scenario.owners(model_admin.model) or list(model_admin.model.objects.all()[:20])
    html = root.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        {"id__in": ",".join(str(o.pk) for o in owners)},
    ).content.decode()
    today = datetime.date.today()
    for column in model_admin.figure_columns():
        name = next(n for n in model_admin.list_display if getattr(model_admin, n, None) == column)
        cells = admin_cells(html, name)
        assert set(cells) == {o.pk for o in owners}, f"{opts.label}: rows missing from the changelist"
        for owner in owners:
            assert cells[owner.pk] == str(column.figure.count(today, owner)), (opts.label, name, owner)


# --- 3. Guards: a figure shown anywhere is the register's --------------------------------


def labels():
    return {str(figure.label).casefold(): key for key, figure in REGISTER.items()}


def all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from all_subclasses(sub)


def test_a_table_column_titled_like_a_figure_is_that_figure():
    all_pages()  # imports every view, hence every table
    figure_labels = labels()
    for table in all_subclasses(PortalTable):
        for name, column in table.base_columns.items():
            title = str(column.verbose_name or "").casefold()
            if title in figure_labels:
                assert isinstance(column, FigureColumn), (
                    f"{table.__name__}.{name} shows '{column.verbose_name}' without the register's figure "
                    f"{figure_labels[title]!r}: use FigureColumn"
                )


def test_an_admin_column_titled_like_a_figure_is_that_figure():
    figure_labels = labels()
    for model_admin in admin.site._registry.values():
        for name in model_admin.list_display:
            column = getattr(model_admin, name, None) if isinstance(name, str) else None
            title = str(getattr(column, "short_description", "")).casefold()
            if title in figure_labels or title.replace(" today", "") in figure_labels:
                assert hasattr(column, "figure"), (
                    f"{type(model_admin).__name__}.{name} shows '{title}' without a figure of the register: "
                    "use base.admin.figure_display"
                )


def test_the_register_and_docs_figures_md_list_the_same_figures(settings):
    with open(settings.BASE_DIR / "docs" / "figures.md", encoding="utf-8") as doc:
        documented = set(re.findall(r"^\| `(\w+)` \|", doc.read(), re.M))
    assert documented == set(REGISTER)


def test_every_figure_is_shown_somewhere(root, scenario):
    """A walk of every page of the portal (the scenario's records, then a sample record
    for pages of other kinds) checks every figure it meets and reaches every figure (the
    admin shows the reference-data ones)."""
    today = datetime.date.today()
    shown = {c.figure.key for model_admin in admins_with_figures() for c in model_admin.figure_columns()}
    for page in list_pages():
        shown |= assert_marks_equal_the_register(
            root.get(f"{page.url()}?{SCENARIO_ROWS}").content.decode(), today, page
        )
    for page in detail_pages():
        for url in detail_urls(page, scenario):
            shown |= assert_marks_equal_the_register(root.get(url).content.decode(), today, url)
    for page in all_pages():
        if page.is_admin or page.name is None:
            continue
        try:
            url = page.url()
        except CannotBuildUrl:
            continue
        response = root.get(url)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            shown |= assert_marks_equal_the_register(response.content.decode(), today, url)
    assert shown == set(REGISTER), f"never shown: {sorted(set(REGISTER) - shown)}"


def test_scenario_countries_are_all_in_the_report(root, scenario):
    assert Country.objects.filter(name_en__startswith=scenarios.MARK).count() == len(scenario.countries)
