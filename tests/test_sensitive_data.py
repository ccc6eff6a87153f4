"""Need-to-know: service numbers and personal contact details (Person.SENSITIVE_FIELDS)
are shown and exported only to holders of the "view sensitive personnel data"
permission (Administrators). Everyone else gets the directory without them: on pages,
in CSV/XLSX/JSON exports, in search results, in History and in the admin.

Pages are found by walking the URL configuration; each response is scanned for every
sensitive value of every person, so a new page or column that leaks one fails here.
"""

import io
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from base.groups import EDITORS
from postings.models import SENSITIVE_PERMISSION, Person, Posting
from tests.url_pages import all_pages, page_named

WITHOUT_PERMISSION = ("staff", "editor", "manager")
NOT_SCANNED = {"login", "logout", "set_language", "healthz"}
PHONE_LIKE = re.compile(r"\+?\d[\d .\-]{5,}\d")
TOKEN = re.compile(r"[\w.@+\-]+")


def requires(*names):
    missing = [name for name in names if page_named(name) is None]
    return pytest.mark.skipif(bool(missing), reason=f"page not built yet: {', '.join(missing)}")


# --- finding sensitive values in any response -------------------------------------------


def digits(text):
    return re.sub(r"\D", "", text)


class SensitiveValues:
    """Every sensitive value of every person, found in a text in one pass."""

    def __init__(self):
        self.tokens, self.phones = set(), set()
        for row in Person.objects.values_list(*Person.SENSITIVE_FIELDS):
            for value in filter(None, row):
                if PHONE_LIKE.fullmatch(value):
                    self.phones.add(digits(value))
                else:
                    self.tokens.add(value)
        assert self.tokens and self.phones, "the demo network has sensitive values to look for"

    def found_in(self, text):
        found = set(TOKEN.findall(text)) & self.tokens
        found |= {digits(match) for match in PHONE_LIKE.findall(text)} & self.phones
        return found


def text_of(response):
    content_type = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in content_type or content[:2] == b"PK":
        import openpyxl

        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            " ".join(str(cell) for cell in row if cell is not None)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return content.decode("utf-8", errors="replace")


@pytest.fixture
def sensitive(db):
    return SensitiveValues()


@pytest.fixture
def person(db):
    """A person in post with a service number and personal contact details."""
    return (
        Person.objects.exclude(personal_email="")
        .exclude(personal_phone="")
        .filter(postings__end_date__isnull=True)
        .order_by("pk")
        .first()
    )


def assert_nothing_sensitive(client, url, sensitive, label, query=None, echo=None):
    """`echo`: what the user typed, shown back in the search box (not a leak)."""
    response = client.get(url, query)
    assert response.status_code == 200, f"{label} {url}: {response.status_code}"
    text = text_of(response)
    if echo:
        text = text.replace(echo, "")
    leaked = sensitive.found_in(text)
    assert not leaked, f"{label} sees {sorted(leaked)[:5]} on {url}"
    return response


# --- every page of the portal, as each role without the permission -------------------


def scanned_pages():
    """Pages without parameters (lists, reports, exports, search, dashboard) and the
    pages of one person, one of their postings and its position."""
    return [page for page in all_pages() if not page.is_admin and page.name not in NOT_SCANNED]


def urls_of(page, person):
    if not page.params:
        urls = [page.url()]
        view = page.view_class
        for export_format in getattr(view, "export_formats", ()) if view else ():
            urls.append(f"{page.url()}?_export={export_format}")
        return urls
    model = page.model
    posting = person.postings.order_by("-start_date").first()
    target = {Person: person, Posting: posting, type(posting.position): posting.position}.get(model)
    if target is None:
        return [page.url()]
    return [page.url(**{page.params[0]: target.pk})]


@pytest.mark.parametrize("page", scanned_pages(), ids=str)
def test_pages_and_exports_hide_sensitive_data_without_the_permission(client_as, sensitive, person, page):
    for role in WITHOUT_PERMISSION:
        client = client_as(role)
        for url in urls_of(page, person):
            response = client.get(url)
            if response.status_code in {302, 403, 404, 405}:
                continue  # not for this role, or not a page to read (the access test checks which)
            assert response.status_code == 200, f"{role} {url}: {response.status_code}"
            leaked = sensitive.found_in(text_of(response))
            assert not leaked, f"{role} sees {sorted(leaked)[:5]} on {url}"


@requires("search")
@pytest.mark.parametrize("role", WITHOUT_PERMISSION)
def test_search_results_hide_sensitive_data_and_cannot_be_searched_by_it(client_as, sensitive, person, role):
    client = client_as(role)
    url = reverse("search")
    response = assert_nothing_sensitive(client, url, sensitive, role, query={"q": person.last_name})
    assert person.last_name.upper() in response.content.decode().upper(), "the person is found by name"
    for field in Person.SENSITIVE_FIELDS:
        value = getattr(person, field)
        response = assert_nothing_sensitive(client, url, sensitive, role, query={"q": value}, echo=value)
        assert person.last_name.upper() not in response.content.decode().upper(), (
            f"searching by {field} finds the person: it confirms whose {field} it is"
        )


@requires("postings:person_list")
@pytest.mark.parametrize("role", WITHOUT_PERMISSION)
def test_the_person_list_cannot_be_filtered_by_service_number(client_as, person, role):
    response = client_as(role).get(reverse("postings:person_list"), {"q": person.service_number})
    assert response.status_code == 200
    assert person.last_name.upper() not in response.content.decode().upper()


# --- administrators see them ---------------------------------------------------------------


@requires("postings:person_detail")
def test_administrators_see_sensitive_data_on_the_person_page(client_as, users, person, sensitive):
    assert users["administrator"].has_perm(SENSITIVE_PERMISSION)
    url = reverse("postings:person_detail", args=[person.pk])
    html = client_as("administrator").get(url).content.decode()
    for field in Person.SENSITIVE_FIELDS:
        assert getattr(person, field) in html, field
    # The scanner the other tests rely on finds all three on this page.
    expected = {person.service_number, person.personal_email, digits(person.personal_phone)}
    assert sensitive.found_in(html) >= expected


@requires("postings:person_list")
def test_administrators_get_service_numbers_in_the_list_and_its_export(client_as, person):
    client = client_as("administrator")
    url = reverse("postings:person_list")
    assert person.service_number in client.get(url, {"q": person.last_name}).content.decode()
    export = client.get(url, {"q": person.last_name, "_export": "csv"})
    assert export.status_code == 200
    assert person.service_number in text_of(export)


@requires("search")
def test_administrators_find_a_person_by_service_number(client_as, person):
    response = client_as("administrator").get(reverse("search"), {"q": person.service_number})
    assert person.last_name.upper() in response.content.decode().upper()


# --- the admin ---------------------------------------------------------------------------


@pytest.fixture
def admin_without_permission(django_user_model):
    """Someone let into the admin (is_staff) with the Editors' permissions only."""
    user = django_user_model.objects.create_user(username="admin-editor", password="x" * 20, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    assert not user.has_perm(SENSITIVE_PERMISSION)
    return user


def admin_pages_of_people():
    return [
        page
        for page in all_pages()
        if page.is_admin and page.model is not None and page.model._meta.app_label == "postings" and page.name
    ]


def test_the_admin_hides_sensitive_data_without_the_permission(
    client, admin_without_permission, sensitive, person
):
    client.force_login(admin_without_permission)
    checked = 0
    for page in admin_pages_of_people():
        kwargs = {}
        if page.model is Person and page.params:
            kwargs = {page.params[0]: person.pk}
            if "history_id" in page.params or "_1" in page.params:
                continue  # one historical record: covered by the person's History list
        response = client.get(page.url(**kwargs) if kwargs else page.url())
        if response.status_code != 200:
            continue  # refused (no permission) or a redirect
        leaked = sensitive.found_in(text_of(response))
        assert not leaked, f"{page}: {sorted(leaked)[:5]}"
        checked += 1
    assert checked >= 5
    # Searching the admin by service number finds no one.
    changelist = reverse("admin:postings_person_changelist")
    html = client.get(changelist, {"q": person.service_number}).content.decode()
    assert person.last_name.upper() not in html.upper()
    # The change form has no input for the sensitive fields.
    html = client.get(reverse("admin:postings_person_change", args=[person.pk])).content.decode()
    for field in Person.SENSITIVE_FIELDS:
        assert f'name="{field}"' not in html, field


def test_administrators_see_sensitive_data_in_the_admin(client_as, person):
    client = client_as("administrator")
    html = client.get(
        reverse("admin:postings_person_changelist"), {"q": person.service_number}
    ).content.decode()
    assert person.service_number in html
    html = client.get(reverse("admin:postings_person_change", args=[person.pk])).content.decode()
    assert 'name="service_number"' in html and person.personal_email in html


# --- History --------------------------------------------------------------------------------


@requires("postings:person_history")
def test_history_hides_changes_of_sensitive_fields_without_the_permission(client_as, person, sensitive):
    from base.services import save_validated

    old_number = person.service_number
    person.service_number = "PN-999001"
    person.personal_email = "changed.personal@example.org"
    save_validated(person, reason="correction")
    url = reverse("postings:person_history", args=[person.pk])
    for role in WITHOUT_PERMISSION:
        html = client_as(role).get(url).content.decode()
        for value in (old_number, "PN-999001", "changed.personal@example.org"):
            assert value not in html, (role, value)
    html = client_as("administrator").get(url).content.decode()
    assert "PN-999001" in html and old_number in html
