"""The read-only JSON API: schema, permissions of every endpoint for every group (with
tokens; tests/test_access_matrix.py walks them with sessions), need-to-know, answers
equal to the pages on past, present and future dates, query counts constant in page
size, tokens (hash only, revoked, expired) and throttling per token.

Endpoints are found by walking the URL configuration, like the pages.
"""

import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.views import APIView

from api.models import ApiToken, hash_token
from api.pagination import MAX_PAGE_SIZE
from api.services import token_create, token_revoke
from base.services import save_validated
from network.models import Country, Coverage, Department, DirectorateUnit, Embassy, Region, Section
from postings import figures
from postings.models import Person, Position, Role
from tests.factories import FREE_ISO2, FREE_ISO3
from tests.test_access_matrix import ROLES, expected_roles
from tests.test_sensitive_data import SensitiveValues
from tests.url_pages import all_pages

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
WITHOUT_PERMISSION = ("staff", "editor", "manager")
API_PAGES = [page for page in all_pages() if page.namespaces[:1] == ("api",) and page.is_subclass(APIView)]
LIST_PAGES = [page for page in API_PAGES if page.name.endswith("_list")]
FIGURE = re.compile(r'data-figure="(\w+)" data-of="(\d+)">(\d+)<')


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()  # throttle counts live in the cache; a test's tokens may reuse ids
    yield
    cache.clear()


@pytest.fixture
def tokens(users):
    """{role: raw token} for every role."""
    return {role: token_create(user=user, name=f"test {role}")[1] for role, user in users.items()}


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def get_json(client, url, raw=None, **params):
    response = client.get(url, params, **(bearer(raw) if raw else {}))
    return response, (response.json() if response["Content-Type"].startswith("application/json") else None)


def test_the_walk_finds_every_endpoint():
    names = {page.name for page in API_PAGES}
    for segment in ("countries", "regions", "embassies", "departments", "sections", "central_units"):
        assert {f"api:{segment}_list", f"api:{segment}_detail"} <= names
    for segment in ("coverages", "people", "positions", "postings"):
        assert {f"api:{segment}_list", f"api:{segment}_detail"} <= names
    assert {"api:coverage_report", "api:schema"} <= names


# --- The schema ---------------------------------------------------------------------------


def test_the_openapi_schema_validates_and_documents_every_endpoint(client_as):
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)  # raises on an invalid OpenAPI 3 document
    assert schema["openapi"].startswith("3.")
    for page in API_PAGES:
        if page.name != "api:schema":
            path = "/" + re.sub(r"<\w+:(\w+)>", r"{\1}", page.route).replace("{pk}", "{id}")
            assert path in schema["paths"], path
            operation = schema["paths"][path]["get"]
            assert "as_of" in {parameter["name"] for parameter in operation.get("parameters", [])}, path
    assert "apiToken" in schema["components"]["securitySchemes"]
    response = client_as("staff").get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200 and json.loads(response.content)["paths"]


def test_the_documentation_page_serves_swagger_ui_from_the_portal(client_as):
    html = client_as("staff").get(reverse("api:docs")).content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "<script>" not in html


# --- Who may read what ------------------------------------------------------------------------


@pytest.mark.parametrize("page", API_PAGES, ids=str)
def test_every_endpoint_follows_the_role_matrix_with_tokens(client, tokens, page):
    url = page.url()
    allowed = expected_roles(page)
    for role in ROLES:
        response = client.get(url, **bearer(tokens[role]))
        expected = 200 if role in allowed else 403
        assert response.status_code == expected, f"{role} {url}: {response.status_code}"
        if role in allowed:
            assert client.post(url, **bearer(tokens[role])).status_code == 405, "read-only"
    assert client.get(url).status_code == 401, "anonymous"
    assert client.get(url, **bearer("dci_not-a-token")).status_code == 401
    assert client.get(url, HTTP_AUTHORIZATION="Bearer").status_code == 401


def test_the_coverage_report_is_for_managers_and_is_the_register_s(client, client_as, tokens):
    from reports.coverage import coverage_report

    url = reverse("api:coverage_report")
    assert client.get(url, **bearer(tokens["staff"])).status_code == 403
    params = {"as_of": "2019-03-01", "region": "asia"}
    response, data = get_json(client, url, tokens["manager"], **params)
    assert response.status_code == 200
    report = coverage_report(datetime.date(2019, 3, 1), region=Region.objects.get(code="asia"))
    assert data["as_of"] == "2019-03-01"
    assert [row["iso2"] for row in data["rows"]] == [row.iso2 for row in report.rows]
    assert [row["people"] for row in data["rows"]] == [row.people for row in report.rows]
    assert data["totals"]["people"] == report.totals.people
    # The same document as the report's JSON export (but when and by whom it was made).
    export = json.loads(client_as("manager").get(reverse("reports:coverage_json"), params).content)
    for key in ("rows", "totals", "by_region", "roles", "parameters"):
        assert data[key] == export[key], key
    response, data = get_json(client, url, tokens["manager"], region="nowhere")
    assert response.status_code == 400 and "region" in data


# --- Need-to-know -------------------------------------------------------------------------------


def secure_lines():
    return {
        re.sub(r"\D", "", number)
        for model in (Department, Section)
        for number in model.objects.exclude(secure_line="").values_list("secure_line", flat=True)
    }


@pytest.mark.parametrize("role", WITHOUT_PERMISSION)
def test_no_endpoint_returns_a_sensitive_value_without_the_permission(client, tokens, role):
    sensitive, lines = SensitiveValues(), secure_lines()
    for page in API_PAGES:
        if page.name == "api:schema":
            continue
        response = client.get(page.url(), {"page_size": MAX_PAGE_SIZE}, **bearer(tokens[role]))
        if response.status_code == 403:
            continue
        text = response.content.decode()
        leaked = sensitive.found_in(text)
        leaked |= {re.sub(r"\D", "", m) for m in re.findall(r"\+?\d[\d .\-]{5,}\d", text)} & lines
        assert not leaked, f"{role} gets {sorted(leaked)[:4]} from {page.url()}"
        for field in ("service_number", "mobile", "personal_email", "personal_phone", "secure_line"):
            assert f'"{field}"' not in text, f"{role} gets the field {field} from {page.url()}"


def test_administrators_get_the_need_to_know_fields(client, tokens):
    raw = tokens["administrator"]
    _response, people = get_json(client, reverse("api:people_list"), raw, in_post="abroad")
    person = people["results"][0]
    assert {"service_number", "mobile", "personal_email", "personal_phone"} <= set(person)
    assert person["service_number"] == Person.objects.get(pk=person["id"]).service_number
    _response, departments = get_json(client, reverse("api:departments_list"), raw)
    assert all("secure_line" in department for department in departments["results"])
    _response, postings = get_json(client, reverse("api:postings_list"), raw)
    assert "service_number" in postings["results"][0]["person"]
    _response, staff_view = get_json(client, reverse("api:postings_list"), tokens["staff"])
    assert "service_number" not in staff_view["results"][0]["person"]


def test_the_quick_search_cannot_find_anyone_by_a_hidden_field(client, tokens):
    person = Person.objects.exclude(mobile="").first()
    for field in ("service_number", "mobile"):
        _response, data = get_json(
            client, reverse("api:people_list"), tokens["staff"], q=getattr(person, field)
        )
        assert person.pk not in {row["id"] for row in data["results"]}, field
    _response, data = get_json(
        client, reverse("api:people_list"), tokens["administrator"], q=person.service_number
    )
    assert person.pk in {row["id"] for row in data["results"]}


# --- The same answers as the pages, on any date ------------------------------------------------


def page_figures(html):
    return {(key, int(owner)): int(value) for key, owner, value in FIGURE.findall(html)}


@pytest.mark.parametrize(
    "day", [datetime.date(2019, 3, 1), TODAY, TODAY + datetime.timedelta(days=400)], ids=str
)
def test_as_of_answers_as_the_pages_do(client_as, users, day):
    raw = token_create(user=users["staff"], name="as_of")[1]
    client = client_as("staff")
    api = {}
    for segment, page, figure_keys in (
        ("countries", "network:country_list", ("staff_for_country", "vacancies_for_country")),
        ("departments", "network:department_list", ("department_staff_with_sections",)),
    ):
        response, data = get_json(
            client, reverse(f"api:{segment}_list"), raw, as_of=day, page_size=MAX_PAGE_SIZE
        )
        assert data["as_of"] == day.isoformat()
        html = client.get(reverse(page), {"as_of": day.isoformat(), "per_page": 250}).content.decode()
        shown = page_figures(html)
        rows = {row["id"]: row for row in data["results"]}
        assert data["count"] == len({owner for _key, owner in shown}), segment
        for (key, owner), value in shown.items():
            if key in figure_keys:
                assert rows[owner]["figures"][key] == value, (segment, key, owner)
        api[segment] = rows
    # Who covers a country on the day: as the country page says.
    for iso2 in ("NP", "LT", "LV"):
        country = Country.objects.get(iso2=iso2)
        context = client.get(country.get_absolute_url(), {"as_of": day.isoformat()}).context
        coverage = api["countries"][country.pk]["coverage"]
        assert (coverage["department"] if coverage else None) == (
            context["coverage"].department_id if context["coverage"] else None
        ), iso2
    # The people in post for a country: the country page's team.
    nepal = Country.objects.get(iso2="NP")
    response, data = get_json(client, reverse("api:people_list"), raw, as_of=day, country=nepal.pk)
    team = client.get(nepal.get_absolute_url(), {"as_of": day.isoformat()}).context["postings"]
    based = {p.person_id for p in team if p.position.country == nepal}
    assert based <= {row["id"] for row in data["results"]}


def test_a_bad_date_is_a_400_with_a_message(client, tokens):
    response, data = get_json(client, reverse("api:countries_list"), tokens["staff"], as_of="2019-02-30")
    assert response.status_code == 400 and "as_of" in data


def test_the_pages_filters_apply(client_as, tokens):
    region = Region.objects.get(code="asia")
    response, data = get_json(
        client_as(None), reverse("api:countries_list"), tokens["staff"], region=region.pk
    )
    assert data["count"] == Country.objects.filter(region=region).count()
    csv = client_as("staff").get(reverse("network:country_list"), {"region": region.pk, "_export": "csv"})
    assert data["count"] == len(csv.getvalue().decode("utf-8-sig").strip().splitlines()) - 1
    response, data = get_json(
        client_as(None), reverse("api:positions_list"), tokens["staff"], vacant="yes", status="open"
    )
    assert data["count"] == Position.objects.vacant_on(TODAY).count()


def test_figures_come_from_the_register(client, tokens):
    nepal = Country.objects.get(iso2="NP")
    _response, data = get_json(client, reverse("api:countries_detail", args=["np"]), tokens["staff"])
    assert data["iso2"] == "NP" and data["iso3"] == "NPL"
    assert data["figures"] == {
        "staff_for_country": figures.STAFF_FOR_COUNTRY.count(TODAY, nepal),
        "vacancies_for_country": figures.VACANCIES_FOR_COUNTRY.count(TODAY, nepal),
    }


# --- Query counts constant in page size ----------------------------------------------------------

# What a list needs in its URL to list every record (not only those open on the date).
EVERY_RECORD = {
    "api:departments_list": {"status": "all"},
    "api:sections_list": {"status": "all"},
    "api:coverages_list": {"status": "all"},
    "api:postings_list": {"active": "all"},
}


@pytest.fixture
def many_rows():
    """At least MAX_PAGE_SIZE records of every kind: the demo's and made-up ones."""
    region = Region.objects.first()
    Region.objects.bulk_create(
        Region(code=f"qz-{i}", name_en=f"Qz region {i}", name_fr=f"Région qz {i}", order=99)
        for i in range(500)
    )
    used = set(Country.objects.values_list("iso2", flat=True))
    free = [code for code in FREE_ISO2 if code not in used][:350]
    countries = Country.objects.bulk_create(
        Country(iso2=code, iso3=FREE_ISO3[i], name_en=f"Qzland {i}", name_fr=f"Qzterre {i}", region=region)
        for i, code in enumerate(free)
    )
    Embassy.objects.bulk_create(
        Embassy(country=country, city=f"Qzcity {country.iso2}") for country in countries
    )
    unit = DirectorateUnit.objects.first()
    DirectorateUnit.objects.bulk_create(
        DirectorateUnit(
            acronym=f"QZ{i}", name_en=f"Qz bureau {i}", name_fr=f"Bureau qz {i}", kind="bureau", parent=unit
        )
        for i in range(500)
    )
    old = datetime.date(2000, 1, 1)
    departments = Department.objects.bulk_create(
        Department(
            embassy=embassy,
            supervising_unit=unit,
            start_date=old.replace(year=year),
            end_date=old.replace(year=year, month=12),
        )
        for embassy in Embassy.objects.filter(city__startswith="Qzcity")
        for year in (2000, 2002)
    )
    Coverage.objects.bulk_create(
        Coverage(department=d, country=d.embassy.country, start_date=d.start_date, end_date=d.end_date)
        for d in departments
    )
    department = Department.objects.active_on(TODAY).first()
    Section.objects.bulk_create(
        Section(
            department=department, country=department.embassy.country, city=f"Qzsection {i}", start_date=old
        )
        for i in range(500)
    )
    role = Role.objects.first()
    Position.objects.bulk_create(
        Position(central_unit=unit, role=role, title=f"Qz post {i}", start_date=old) for i in range(200)
    )


@pytest.mark.parametrize("page", LIST_PAGES, ids=str)
def test_queries_do_not_grow_from_10_to_500_rows(client, users, many_rows, page):
    raw = token_create(user=users["administrator"], name="queries")[1]
    url, params = page.url(), EVERY_RECORD.get(page.name, {})
    client.get(url, params, **bearer(raw))  # warm up (caches, last use of the token)
    counts = {}
    for size in (10, MAX_PAGE_SIZE):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {**params, "page_size": size}, **bearer(raw))
        assert response.status_code == 200
        assert len(response.json()["results"]) == size, f"{page}: fewer than {size} rows to list"
        counts[size] = len(queries)
    assert counts[10] == counts[MAX_PAGE_SIZE], f"{page}: {counts}"
    assert counts[10] <= 10, f"{page}: {counts[10]} queries"


def test_a_page_size_over_the_maximum_is_the_maximum(client, tokens):
    _response, data = get_json(client, reverse("api:people_list"), tokens["staff"], page_size=100000)
    assert len(data["results"]) == MAX_PAGE_SIZE
    response, _data = get_json(client, reverse("api:people_list"), tokens["staff"], page=99999)
    assert response.status_code == 404


# --- Tokens ------------------------------------------------------------------------------------


def test_only_a_hash_of_a_token_is_stored(users):
    token, raw = token_create(user=users["staff"], name="script")
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert raw not in json.dumps(stored, default=str)
    assert stored["key_hash"] == hash_token(raw) and raw.startswith(stored["key_prefix"])
    assert ApiToken.objects.find(raw) == token


def test_revoked_expired_and_inactive_tokens_are_refused(client, users):
    url = reverse("api:regions_list")
    token, raw = token_create(user=users["staff"], name="script")
    assert client.get(url, **bearer(raw)).status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None
    token_revoke(token=token)
    assert client.get(url, **bearer(raw)).status_code == 401
    token, raw = token_create(user=users["staff"], name="script", days=30)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    assert client.get(url, **bearer(raw)).status_code == 401
    token, raw = token_create(user=users["editor"], name="script", days=None)
    users["editor"].is_active = False
    users["editor"].save()
    assert client.get(url, **bearer(raw)).status_code == 401
    assert client.get(url, HTTP_AUTHORIZATION="Token " + raw + "x").status_code == 401
    assert client.get(url, HTTP_AUTHORIZATION="Bearer " + "é" * 5).status_code == 401


def test_a_user_makes_and_revokes_their_tokens_on_their_page(client_as, users):
    client = client_as("staff")
    url = reverse("api:tokens")
    response = client.post(url, {"name": "Monday spreadsheet", "expires_in": "30"})
    assert response.status_code == 200
    raw = re.search(r"dci_[\w-]{43}", response.content.decode()).group()
    token = ApiToken.objects.get(user=users["staff"])
    assert token.key_hash == hash_token(raw) and token.name == "Monday spreadsheet"
    assert (token.expires_at - token.created_at).days == 30
    assert raw not in client.get(url).content.decode(), "shown once"
    assert client.get(reverse("api:regions_list"), **bearer(raw)).status_code == 200
    other, _raw = token_create(user=users["editor"], name="not yours")
    assert client.post(url, {"revoke": other.pk}).status_code == 404
    assert client.post(url, {"revoke": token.pk}).status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert ApiToken.objects.get(pk=other.pk).revoked_at is None
    assert client.get(reverse("api:regions_list"), **bearer(raw)).status_code == 401


def test_a_superuser_makes_a_token_in_the_admin_and_sees_it_once(client, django_user_model, users):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x" * 20)
    client.force_login(admin)
    response = client.post(
        reverse("admin:api_apitoken_add"),
        {"user": users["manager"].pk, "name": "report export", "expires_at_0": "", "expires_at_1": ""},
    )
    assert response.status_code == 200, response.content.decode()[:500]
    raw = re.search(r"dci_[\w-]{43}", response.content.decode()).group()
    token = ApiToken.objects.get(user=users["manager"])
    assert token.key_hash == hash_token(raw)
    listing = client.get(reverse("admin:api_apitoken_changelist")).content.decode()
    assert token.key_prefix in listing and raw not in listing
    client.post(
        reverse("admin:api_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


# --- Throttling ----------------------------------------------------------------------------------


@override_settings(API_TOKEN_THROTTLE_RATE="3/minute")
def test_each_token_is_throttled_on_its_own(client, client_as, users):
    url = reverse("api:regions_list")
    first = token_create(user=users["staff"], name="first")[1]
    second = token_create(user=users["staff"], name="second")[1]
    for _ in range(3):
        assert client.get(url, **bearer(first)).status_code == 200
    refused = client.get(url, **bearer(first))
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert client.get(url, **bearer(second)).status_code == 200
    session = client_as("staff")
    for _ in range(5):
        assert session.get(url).status_code == 200, "the browser's session is not throttled"


def test_need_to_know_values_for_sections_too(client, tokens):
    section = Section.objects.first()
    section.secure_line = "+33 1 86 95 66 01"
    save_validated(section, reason="test")
    _response, data = get_json(client, reverse("api:sections_detail", args=[section.pk]), tokens["staff"])
    assert "secure_line" not in data and data["phone"] == section.phone
    _response, data = get_json(
        client, reverse("api:sections_detail", args=[section.pk]), tokens["administrator"]
    )
    assert data["secure_line"] == section.secure_line
