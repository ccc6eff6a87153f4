"""Bad input never breaks anything: hostile filter parameters, sort keys, page numbers,
as-of dates, URL segments, form values and uploads get a clear message, a 400 or a
404 — never a server error — and change nothing in the database.

The pages are found by walking the URL configuration (tests/url_pages.py); their
parameters are read from their filtersets and from the GET forms they show, so new
pages and new filters are covered as they appear.
"""

import csv
import datetime
import hashlib
import html
import io
import string

import pytest
from django import forms
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from base import views as generic
from base.models import ExportRecord
from postings.models import Person, Posting
from tests.html_forms import edit_form, forms_of
from tests.url_pages import all_pages, page_named

# Parameters every list understands besides its filters (django-tables2's sort and
# page, the page size, the as-of date, the export switch).
COMMON_PARAMS = ("q", "sort", "page", "per_page", "as_of", "_export")

HOSTILE_VALUES = (
    "x" * 10_000,
    "<script>alert('xss')</script>",
    "' OR 1=1 --",
    '"; DROP TABLE postings_person; --',
    "\x00",
    "a\x00b",
    "2019-02-30",
    "99999-01-01",
    "0000-00-00",
    "1899-12-31",
    "-1",
    "0",
    "9" * 40,
    "1e309",
    "NaN",
    "[]",
    "{'a': 1}",
    "../../../../etc/passwd",
    "\u202egnp.exe",
    "\ud7ff\ue000\U0010ffff",
    "😀" * 50,
    " ",
)
# The ones sent to every parameter of every page (each request costs a page render).
HOSTILE_PARAM_VALUES = (
    "x" * 10_000,
    "<script>alert('xss')</script>",
    "' OR 1=1 --",
    "a\x00b",
    "2019-02-30",
    "99999-01-01",
    "-1",
    "9" * 40,
    "1e309",
    "\u202egnp.exe😀",
)
# Raw query strings: broken UTF-8 and malformed percent-encoding.
RAW_QUERY_VALUES = ("%ff%fe", "%c0%af", "%zz%")

# Pages that are not worth fuzzing: log-in/out, the language switch, the health check.
NOT_FUZZED = {"login", "logout", "set_language", "healthz"}
PROBE_ROLE = "administrator"  # sees every column, sensitive ones included


def get_pages():
    """Pages read with GET parameters: lists, reports, exports, search, dashboard."""
    return [
        page
        for page in all_pages()
        if not page.is_admin
        and not page.params
        and page.name not in NOT_FUZZED
        and not hasattr(page.view_class, "get_form_class")
    ]


def list_pages():
    return [page for page in all_pages() if page.is_list and not page.params]


def pages_with_params():
    return [page for page in all_pages() if not page.is_admin and page.params]


def form_pages():
    """Pages that edit data with a form (create, edit, end…), not deletions."""
    return [
        page
        for page in all_pages()
        if not page.is_admin
        and page.view_class is not None
        and hasattr(page.view_class, "get_form_class")
        and not page.is_subclass(generic.ObjectDeleteView)
        and not page.is_list
        and page.name not in NOT_FUZZED
    ]


# --- the state of the database -----------------------------------------------------------


# Written by reads: each request of a logged-in user renews its session, and each export
# (an API page too) is recorded (base.models.ExportRecord).
WRITTEN_BY_READS = (Session, ExportRecord)


def snapshot():
    """Row count and highest primary key of every table (WRITTEN_BY_READS aside)."""
    state = {}
    for model in apps.get_models():
        if model in WRITTEN_BY_READS:
            continue
        manager = model._base_manager
        state[model._meta.label] = (manager.count(), manager.aggregate(top=Max("pk"))["top"])
    return state


def fingerprint():
    """A hash of every row of every table: "byte for byte unchanged"."""
    digest = hashlib.sha256()
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
        if model in WRITTEN_BY_READS:
            continue
        digest.update(model._meta.label.encode())
        for row in model._base_manager.order_by("pk").values_list():
            digest.update(repr(row).encode())
    return digest.hexdigest()


def assert_no_change(before, label):
    after = snapshot()
    changed = {table: (before[table], after[table]) for table in before if before[table] != after[table]}
    assert not changed, f"{label} changed the database: {changed}"


def assert_not_a_server_error(response, label):
    assert response.status_code < 500, f"{label}: {response.status_code}"


# --- the parameters of a page ------------------------------------------------------------


def filterset_params(page):
    filterset_class = getattr(page.view_class, "filterset_class", None) if page.view_class else None
    if filterset_class is None:
        return set()
    model = page.model or filterset_class._meta.model
    form = filterset_class(data={}, queryset=model._default_manager.none()).form
    names = set()
    for bound in form:
        widget = bound.field.widget
        if isinstance(widget, forms.MultiWidget):
            names.update(f"{bound.html_name}{suffix}" for suffix in widget.widgets_names)
        else:
            names.add(bound.html_name)
    return names


_param_cache = {}


def params_of(client, page):
    """Filterset fields, fields of the page's GET forms and the common list params; for
    a page that is not HTML (an export), those of the HTML pages beside it."""
    if page not in _param_cache:
        names = set(COMMON_PARAMS) | filterset_params(page)
        response = client.get(page.url())
        if response.get("Content-Type", "").startswith("text/html"):
            for form in forms_of(response.content.decode()):
                if form.method == "get":
                    names |= form.names
        else:
            for sibling in get_pages():
                if sibling.namespaces == page.namespaces and sibling.name != page.name:
                    if sibling not in _param_cache and not is_html(client, sibling):
                        continue
                    names |= set(params_of(client, sibling))
        _param_cache[page] = sorted(names)
    return _param_cache[page]


def is_html(client, page):
    return client.get(page.url()).get("Content-Type", "").startswith("text/html")


def valid_values():
    """Values that exist, so random combinations also reach the filtering code."""
    person = Person.objects.order_by("pk").first()
    return [str(person.pk), person.last_name, "police", "gendarmerie", "1", "true", "name", "-name"]


def get(client, page, data=None, raw_query=None):
    url = page.url()
    if raw_query is not None:
        return client.get(f"{url}?{raw_query}")
    return client.get(url, data or {})


# --- hypothesis: random values for every parameter of every page -----------------------

scalar = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40),
    st.text(alphabet=string.printable, max_size=12),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)).map(str),
    st.tuples(st.integers(-99999, 99999), st.integers(-5, 99), st.integers(-5, 99)).map(
        lambda t: f"{t[0]}-{t[1]:02}-{t[2]:02}"
    ),
    st.sampled_from(HOSTILE_VALUES),
)


@pytest.mark.parametrize("page", list_pages(), ids=str)
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_parameters_never_break_a_page(client_as, page, data):
    client = client_as(PROBE_ROLE)
    names = params_of(client, page)
    value = st.one_of(scalar, st.sampled_from(valid_values()))
    query = data.draw(
        st.dictionaries(
            st.sampled_from(names),
            st.one_of(value, st.lists(value, min_size=2, max_size=3)),
            max_size=len(names),
        ),
        label="query",
    )
    before = snapshot()
    response = get(client, page, query)
    assert_not_a_server_error(response, f"{page} {query!r}")
    assert_no_change(before, f"{page} {query!r}")


# --- explicit hostile values ---------------------------------------------------------------


@pytest.mark.parametrize("page", get_pages(), ids=str)
def test_hostile_values_in_every_parameter_never_break_a_page(client_as, page):
    client = client_as(PROBE_ROLE)
    names = params_of(client, page)
    before = snapshot()
    for value in HOSTILE_PARAM_VALUES:
        response = get(client, page, dict.fromkeys(names, value))
        assert_not_a_server_error(response, f"{page} = {value[:30]!r}")
    for raw in RAW_QUERY_VALUES:
        response = get(client, page, raw_query="&".join(f"{name}={raw}" for name in names))
        assert_not_a_server_error(response, f"{page} = {raw!r}")
    assert_no_change(before, str(page))


@pytest.mark.parametrize("value", ["2019-02-30", "99999-01-01", "yesterday", "%ff%fe", "x" * 10_000])
def test_a_bad_as_of_date_falls_back_to_today_with_a_message(client_as, value):
    client = client_as("staff")
    response = client.get(page_named("dashboard").url(), {"as_of": value})
    assert response.status_code == 200
    assert response.wsgi_request.as_of == datetime.date.today()
    messages = [str(message) for message in response.context["messages"]]
    assert messages and ("date" in messages[0] or "range" in messages[0]), messages


@pytest.mark.parametrize("page", pages_with_params(), ids=str)
def test_hostile_url_segments_give_not_found(client_as, page):
    client = client_as(PROBE_ROLE)
    before = snapshot()
    for value in ("0", "9" * 30, "-1", "x" * 1000, "%3Cscript%3E", "%ff%fe", "' OR 1=1 --"):
        kwargs = dict.fromkeys(page.params, value)
        url = page.url(**kwargs)
        response = client.get(url)
        assert response.status_code in {400, 404}, f"{url}: {response.status_code}"
    assert_no_change(before, str(page))


# --- forms ---------------------------------------------------------------------------------


@pytest.mark.parametrize("page", form_pages(), ids=str)
def test_hostile_values_prefilling_a_form_never_break_it(client_as, page):
    """Forms read initial values from the URL (e.g. "post this person": ?person=12)."""
    client = client_as(PROBE_ROLE)
    form = edit_form(client.get(page.url()))
    names = sorted(form.names - {"csrfmiddlewaretoken"})
    before = snapshot()
    for value in ("x" * 10_000, "<script>alert('xss')</script>", "9" * 40, "2019-02-30"):
        response = client.get(page.url(), dict.fromkeys(names, value))
        assert_not_a_server_error(response, f"{page} = {value[:30]!r}")
    response = client.get(f"{page.url()}?" + "&".join(f"{name}=%ff%fe" for name in names))
    assert_not_a_server_error(response, f"{page} = %ff%fe")
    assert_no_change(before, str(page))


def typed_fields(form):
    return {name for name, kind in form.kinds.items() if kind in {"date", "select", "number", "email"}}


@pytest.mark.parametrize("page", form_pages(), ids=str)
def test_hostile_form_values_are_rejected_and_change_nothing(client_as, page):
    client = client_as(PROBE_ROLE)
    url = page.url()
    response = client.get(url)
    assert response.status_code == 200
    form = edit_form(response)
    fields = {name for name in form.names if name != "csrfmiddlewaretoken"}
    if not typed_fields(form):
        pytest.skip(f"{page}: free text only, nothing that a hostile value can make invalid")
    before = fingerprint()
    for value in HOSTILE_PARAM_VALUES:
        response = client.post(url, {**form.data(), **dict.fromkeys(fields, value)})
        assert response.status_code == 200, (
            f"{page} accepted or broke on {value[:30]!r}: {response.status_code}"
        )
    response = client.generic(
        "POST",
        url,
        "&".join(f"{name}=%ff%fe" for name in fields).encode(),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in {200, 400}
    assert fingerprint() == before, f"{page}: a rejected form changed the database"


def test_a_rejected_overlapping_posting_leaves_the_database_byte_for_byte_unchanged(client_as):
    page = page_named("postings:posting_add")
    if page is None:
        pytest.skip("no page to add a posting yet")
    posting = Posting.objects.filter(end_date__isnull=True).select_related("person").order_by("pk").first()
    other = (
        Posting.objects.filter(end_date__isnull=True)
        .exclude(person=posting.person)
        .exclude(position=posting.position)
        .order_by("pk")
        .first()
    )
    client = client_as("editor")
    form = edit_form(client.get(page.url()))
    # The person is already in post: a second posting from tomorrow overlaps.
    data = form.data(
        person=str(posting.person_id),
        position=str(other.position_id),
        start_date=(datetime.date.today() + datetime.timedelta(days=1)).isoformat(),
    )
    history_before = {model: model.history.count() for model in (Person, Posting)}
    before = fingerprint()
    response = client.post(page.url(), data)
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert str(posting.person) in text, "the message names the conflicting posting"
    assert fingerprint() == before
    assert {model: model.history.count() for model in (Person, Posting)} == history_before


# --- uploads -----------------------------------------------------------------------------

HOSTILE_UPLOADS = {
    "binary.csv": bytes(range(256)) * 8,
    "broken-utf8.csv": b"last_name,first_name\n\xff\xfe\xc0\xaf,x\n",
    "huge-cell.csv": b"last_name,first_name\n" + b"x" * 10_000 + b",<script>alert(1)</script>\n",
    "formula.csv": b"last_name,first_name\n=cmd|' /C calc'!A0,' OR 1=1 --\n",
    "empty.csv": b"",
    "not-a-spreadsheet.xlsx": b"PK\x03\x04 this is not a zip",
}


def import_pages():
    return [
        page
        for page in all_pages()
        if page.is_admin and (page.name or "").endswith("_import") and "process_import" not in page.name
    ]


@pytest.mark.skipif(not import_pages(), reason="no import page in the admin yet")
@pytest.mark.parametrize("page", import_pages() or [None], ids=str)
def test_hostile_uploads_are_rejected_and_change_nothing(client_as, page):
    client = client_as("administrator")
    url = page.url()
    response = client.get(url)
    assert response.status_code == 200
    form = edit_form(response)
    file_field = next(name for name, kind in form.kinds.items() if kind == "file")
    format_field = next((name for name in form.options if "format" in name), None)
    formats = [value for value in form.options.get(format_field, []) if value] or [""]
    before = fingerprint()
    for filename, content in HOSTILE_UPLOADS.items():
        for format_value in formats:
            data = form.data(**({format_field: format_value} if format_field else {}))
            data[file_field] = SimpleUploadedFile(filename, content)
            response = client.post(url, data)
            label = f"{page} {filename} as format {format_value}"
            assert_not_a_server_error(response, label)
            assert response.status_code == 200, label
            assert 'name="import_file_name"' not in response.content.decode(), f"{label} offered to confirm"
    assert fingerprint() == before, f"{page}: a rejected upload changed the database"


# --- exports -----------------------------------------------------------------------------


def test_a_value_that_looks_like_a_formula_is_exported_as_text(client_as, users):
    """An editor types "=HYPERLINK(…)" as a name: the CSV that Staff download must not
    run it in their spreadsheet."""
    from base.services import save_validated

    person = Person.objects.order_by("pk").first()
    person.first_name = '=HYPERLINK("http://attacker.example","Open")'
    person.rank = None  # the name column then starts with the first name
    save_validated(person, user=users["editor"])
    page = page_named("postings:person_list")
    if page is None:
        pytest.skip("no person list yet")
    response = client_as("staff").get(page.url(), {"q": person.last_name, "_export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert not any(cell.startswith("=") for cell in cells), rows
    assert any(cell.startswith("'=HYPERLINK") for cell in cells), rows


# --- requests that made a server error before (issue 12, defect 6) ------------------------


# The formats each page offers: lists CSV and XLSX, the tree of central units CSV.
OFFERED_FORMATS = {
    "network:country_list": ("csv", "xlsx"),
    "postings:person_list": ("csv", "xlsx"),
    "network:unit_list": ("csv",),
}


@pytest.mark.parametrize("fmt", ["yaml", "ods", "xls", "latex", "json", "xlsx", "html"])
@pytest.mark.parametrize("page", sorted(OFFERED_FORMATS))
def test_an_export_format_the_page_does_not_offer_is_a_clear_400(client_as, page, fmt):
    offered = OFFERED_FORMATS[page]
    if fmt in offered:
        pytest.skip(f"{page} offers {fmt}")
    response = client_as(PROBE_ROLE).get(page_named(page).url(), {"_export": fmt})
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    named = ", ".join(f.upper() for f in offered)
    assert f"cannot be exported as “{fmt}”: it is exported as {named} only" in text
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(("fmt", "content_type"), [("csv", "text/csv"), ("xlsx", "application/vnd.openxml")])
def test_an_offered_export_format_still_exports(client_as, fmt, content_type):
    response = client_as(PROBE_ROLE).get(page_named("network:country_list").url(), {"_export": fmt})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)


@pytest.mark.parametrize(
    "url",
    [
        "/network/countries/F%00R/",
        "/network/countries/F%00R/history/",
        "/briefs/countries/F%00R/",
        "/postings/people/%00/",
    ],
)
def test_a_nul_character_in_the_address_is_a_clear_400(client_as, url):
    response = client_as(PROBE_ROLE).get(url)
    assert response.status_code == 400, url
    assert "NUL character" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/network/countries/?q=a%00b",
        "/network/countries/?region%00=x",
        "/postings/choices/people/?q=a%00b",
        "/postings/choices/positions/?q=a%00b",
        "/postings/postings/add/?person_q=a%00b&_find=1",
        "/postings/postings/add/?position_q=a%00b&_find=1",
    ],
)
def test_a_nul_character_in_a_search_gets_a_message_not_an_error(client_as, url):
    response = client_as(PROBE_ROLE).get(url)
    assert response.status_code in {200, 400}, url


@pytest.mark.parametrize("field", ["person_q", "position_q"])
def test_a_nul_character_in_the_posting_forms_search_is_rejected_and_changes_nothing(client_as, field):
    client = client_as(PROBE_ROLE)
    before = fingerprint()
    response = client.post(
        page_named("postings:posting_add").url(),
        {field: "Dup\x00ont", "_find": "1", "start_date": "2031-01-01"},
    )
    assert response.status_code in {200, 400}
    assert fingerprint() == before
