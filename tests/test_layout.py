"""The layout every page shares: the grouped menu and the account menu, breadcrumbs, the
error pages, one date format per language, and what a phone's width leaves out."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from base.dates import display_date
from base.errors import server_error
from base.groups import EDITORS, MANAGERS, groups_granting
from network.models import Country, Department
from postings.models import Person, Posting
from tests.main_pages import main_page_urls

D = datetime.date


def french(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    return client


def html_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def main_nav(html):
    return re.search(r'<nav class="navbar.*?</nav>', html, re.S).group(0)


def menus(html):
    """{menu label: [entry labels]} of the main navigation, and the top-level links."""
    nav = main_nav(html)
    found = {}
    for label, entries in re.findall(
        r"dropdown-toggle[^>]*>([^<]+)</button>\s*<ul[^>]*>(.*?)</ul>", nav, re.S
    ):
        found[label.strip()] = [
            text.strip() for text in re.findall(r'class="dropdown-item[^"]*"[^>]*>([^<]+)<', entries)
        ]
    found[None] = [
        text.strip() for text in re.findall(r'class="nav-link[^"]*"[^>]*href="[^"]*">([^<]+)</a>', nav)
    ]
    return found


# --- Navigation --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_see_the_network_and_people_menus_without_reports_or_admin(client_as):
    found = menus(html_of(client_as("staff"), reverse("dashboard")))
    assert found["Network"] == ["Countries", "Departments", "Sections", "Embassies", "Central units"]
    assert found["People & postings"] == [
        "People",
        "Positions",
        "Vacancies",
        "Postings",
        "Rotation plan",
        "Posting rounds",
    ]
    assert "Reports" not in found  # a menu left without entries is not shown
    assert found[None] == ["Dashboard", "Recent changes"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "reports", "admin", "coverage"),
    [
        ("editor", False, False, True),
        ("manager", True, False, False),
        ("administrator", True, True, True),
    ],
)
def test_each_role_sees_the_entries_its_permissions_open(client_as, role, reports, admin, coverage):
    found = menus(html_of(client_as(role), reverse("dashboard")))
    assert (found.get("Reports") == ["Coverage report", "Rotation outlook"]) is reports
    assert ("Admin" in found[None]) is admin
    assert ("Coverage" in found["Network"]) is coverage


@pytest.mark.django_db
def test_a_superuser_sees_every_entry(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="x" * 12))
    found = menus(html_of(client, reverse("dashboard")))
    assert {"Network", "People & postings", "Reports"} <= set(found)
    assert found[None] == ["Dashboard", "Recent changes", "Admin"]


@pytest.mark.django_db
def test_the_menu_of_a_record_page_is_marked_active(client_as):
    html = html_of(client_as("staff"), reverse("network:country_detail", args=["NP"]))
    nav = main_nav(html)
    assert re.search(r'dropdown-toggle active"[^>]*>Network<', nav)
    assert not re.search(r'dropdown-toggle active"[^>]*>People', nav)
    assert 'aria-current="page"' not in nav  # the country page is no entry of the menu


@pytest.mark.django_db
def test_the_account_menu_names_the_user_and_logs_out_by_post(client_as, users):
    html = html_of(client_as("editor"), reverse("dashboard"))
    account = re.search(r"dropdown-toggle[^>]*>Editor</button>\s*<ul[^>]*>(.*?)</ul>", html, re.S).group(1)
    assert f"Signed in as {users['editor'].username}" in account
    assert re.search(rf'<form method="post" action="{reverse("logout")}">.*Log out</button>', account, re.S)


@pytest.mark.django_db
def test_the_menu_is_in_french_for_french_users(client_as):
    found = menus(html_of(french(client_as("manager")), reverse("dashboard")))
    assert "Pays" in found["Réseau"]
    assert found["Rapports"] == ["Rapport de couverture", "Prévisions de relève"]
    assert "Personnels et affectations" in found and "People & postings" not in found


# --- Breadcrumbs -------------------------------------------------------------------------------


def breadcrumbs(html):
    trail = re.search(r'<ol class="breadcrumb[^"]*">(.*?)</ol>', html, re.S).group(1)
    return [
        (re.sub(r"<[^>]+>", "", item).strip(), (re.search(r'href="([^"]*)"', item) or [None, None])[1])
        for item in re.findall(r"<li[^>]*>(.*?)</li>", trail, re.S)
    ]


@pytest.mark.django_db
def test_a_record_page_has_breadcrumbs_that_keep_the_date(client_as):
    url = reverse("network:country_detail", args=["NP"]) + "?as_of=2020-01-01"
    html = html_of(client_as("staff"), url)
    assert breadcrumbs(html) == [
        ("Dashboard", "/?as_of=2020-01-01"),
        ("Countries", reverse("network:country_list") + "?as_of=2020-01-01"),
        ("Nepal", None),
    ]
    assert '<li class="breadcrumb-item active" aria-current="page">Nepal</li>' in html


@pytest.mark.django_db
def test_edit_history_and_new_pages_have_breadcrumbs(client_as):
    client = client_as("editor")
    person = Person.objects.order_by("pk").first()
    detail = person.get_absolute_url()
    edit = breadcrumbs(html_of(client, reverse("postings:person_edit", args=[person.pk])))
    assert edit == [
        ("Dashboard", "/"),
        ("People", reverse("postings:person_list")),
        (str(person), detail),
        ("Edit", None),
    ]
    history = breadcrumbs(html_of(client, reverse("postings:person_history", args=[person.pk])))
    assert history[-2:] == [(str(person), detail), ("History", None)]
    new = breadcrumbs(html_of(client, reverse("postings:posting_add")))
    assert new == [("Dashboard", "/"), ("Postings", reverse("postings:posting_list")), ("New", None)]
    unit = Department.objects.first().supervising_unit
    assert breadcrumbs(html_of(client, unit.get_absolute_url()))[1] == (
        "Central units",
        reverse("network:unit_list"),
    )


@pytest.mark.django_db
def test_list_pages_have_no_breadcrumbs(client_as):
    assert 'class="breadcrumb' not in html_of(client_as("staff"), reverse("postings:person_list"))


# --- Error pages -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_404_in_the_layout_with_the_menu_and_a_search(client_as):
    html = html_of(client_as("staff"), "/no-such-page/", status=404)
    assert "Page not found" in html and "Error 404" in html
    assert menus(html)["Network"]
    assert f'action="{reverse("search")}"' in html
    assert f'href="{reverse("dashboard")}"' in html


@pytest.mark.django_db
def test_404_of_a_missing_record_in_french(client_as):
    html = html_of(french(client_as("staff")), reverse("network:country_detail", args=["QQ"]), status=404)
    assert '<html lang="fr">' in html
    assert "Page introuvable" in html and "Aller au tableau de bord" in html


@pytest.mark.django_db
def test_404_for_an_anonymous_visitor_has_no_menu(client):
    html = html_of(client, "/no-such-page/", status=404)
    assert "Page not found" in html
    assert "dropdown-toggle" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "url_name", "group"),
    [
        ("editor", "reports:coverage", MANAGERS),
        ("staff", "postings:person_add", EDITORS),
        ("manager", "network:coverage_add", EDITORS),
    ],
)
def test_403_names_the_group_that_grants_access(client_as, role, url_name, group):
    html = html_of(client_as(role), reverse(url_name), status=403)
    assert "You do not have access to this page" in html
    granting = re.search(r'<p id="granting-group">(.*?)</p>', html, re.S).group(1)
    assert f"<strong>{group}</strong>" in granting
    assert menus(html)["Network"]  # in the full layout, with a way on


@pytest.mark.django_db
def test_403_in_french(client_as):
    html = html_of(french(client_as("staff")), reverse("reports:coverage"), status=403)
    assert "Vous n’avez pas accès à cette page" in html
    assert "<strong>Managers</strong>" in html


@pytest.mark.django_db
def test_the_granting_group_is_the_least_powerful_one():
    assert groups_granting(["network.export_coverage_report"]) == [MANAGERS, "Administrators"]
    assert groups_granting(["postings.add_person", "network.add_coverage"])[0] == EDITORS
    assert groups_granting(["postings.add_person", "network.export_coverage_report"]) == ["Administrators"]
    assert groups_granting([]) == []


@pytest.mark.django_db
def test_403_when_no_group_grants_the_permission(client_as, users):
    Permission.objects.get(codename="export_coverage_report").group_set.clear()
    html = html_of(client_as("manager"), reverse("reports:coverage"), status=403)
    assert "No group of the portal grants access to this page" in html


@pytest.mark.django_db
def test_400_for_a_host_the_portal_does_not_serve():
    html = html_of(Client(HTTP_HOST="elsewhere.example"), "/", status=400)
    assert "The portal could not understand this request" in html


@pytest.mark.django_db
def test_an_expired_form_is_explained(users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["staff"])
    response = client.post(reverse("set_language"), {"language": "fr"})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()


def test_500_renders_without_database_or_request_context():
    """Not marked django_db: any query would fail the test."""
    request = RequestFactory().get("/somewhere/")
    for language, heading in (("en", "Something went wrong"), ("fr", "Une erreur s’est produite")):
        with translation.override(language):
            response = server_error(request)
        html = response.content.decode()
        assert response.status_code == 500
        assert f'<html lang="{language}">' in html and heading in html
        assert 'class="navbar navbar-dark bg-portal' in html  # the site's header
        assert "/static/css/portal.css" in html


def test_the_error_handlers_are_the_portals():
    from dci_portal import urls

    assert urls.handler500 == "base.errors.server_error"
    assert {urls.handler400, urls.handler403, urls.handler404} == {
        "base.errors.bad_request",
        "base.errors.permission_denied",
        "base.errors.page_not_found",
    }


@pytest.mark.django_db
def test_the_lock_out_page_is_in_the_layout(client, settings):
    settings.AXES_FAILURE_LIMIT = 1
    client.post(reverse("login"), {"username": "nobody", "password": "wrong-password"})
    response = client.post(reverse("login"), {"username": "nobody", "password": "wrong-password"})
    html = response.content.decode()
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in html and "Error 429" in html
    assert 'class="navbar navbar-dark bg-portal' in html


# --- Dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "day", "expected"),
    [
        ("en", D(1984, 9, 1), "1 September 1984"),
        ("en", D(2021, 8, 16), "16 August 2021"),
        ("fr", D(1984, 9, 1), "1er septembre 1984"),
        ("fr", D(2021, 8, 16), "16 août 2021"),
        ("fr", D(2021, 8, 11), "11 août 2021"),
        ("en", None, ""),
    ],
)
def test_one_date_format_per_language(language, day, expected):
    with translation.override(language):
        assert display_date(day) == expected


def test_dates_and_times_share_the_format():
    moment = datetime.datetime(2024, 3, 1, 14, 5, tzinfo=datetime.UTC)
    with translation.override("fr"):
        assert display_date(moment) == "1er mars 2024 à 15:05"  # Paris time
    with translation.override("en"):
        assert display_date(moment) == "1 March 2024, 15:05"


class TextOnly(HTMLParser):
    """The text a reader sees: no attributes, no script or style."""

    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(html):
    parser = TextOnly()
    parser.feed(html)
    return " ".join(parser.parts)


FRENCH_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
FRENCH_FIRST_WITHOUT_ORDINAL = re.compile(rf"\b1 ({FRENCH_MONTHS})\b")
OTHER_DATE_FORMATS = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_pages_show_dates_in_the_one_format(client_as, language):
    client = client_as("administrator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    long_date = re.compile(r"\b\d{1,2}(er)? [a-zéû]+ \d{4}\b", re.I)
    seen_long = 0
    for url in main_page_urls():
        text = visible_text(html_of(client, url))
        assert not OTHER_DATE_FORMATS.findall(text), (url, OTHER_DATE_FORMATS.findall(text)[:3])
        seen_long += len(long_date.findall(text))
        if language == "fr":
            assert not FRENCH_FIRST_WITHOUT_ORDINAL.search(text), url
    assert seen_long > 20


@pytest.mark.django_db
def test_csv_exports_keep_iso_dates(client_as):
    client = french(client_as("staff"))
    content = client.get(reverse("postings:posting_list") + "?_export=csv").getvalue().decode("utf-8-sig")
    first = Posting.objects.order_by("start_date").first().start_date
    assert re.search(r"\d{4}-\d{2}-\d{2}", content)
    assert "septembre" not in content and "/" + str(first.year) not in content


# --- Phone width -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_list_filters_fold_behind_a_button_below_the_large_width(client_as):
    html = html_of(client_as("staff"), reverse("postings:person_list"))
    assert re.search(r'<div class="collapse d-lg-block" id="filters">\s*<form', html)
    assert re.search(
        r'<button class="[^"]*d-lg-none[^"]*"[^>]*data-bs-target="#filters"[^>]*aria-controls="filters"', html
    )


def hidden_on_phones(attrs):
    classes = re.search(r'class="([^"]*)"', attrs)
    return bool(classes) and {"d-none", "d-md-table-cell"} <= set(classes.group(1).split())


@pytest.mark.django_db
def test_tables_keep_their_priority_columns_on_a_phone(client_as):
    html = html_of(client_as("administrator"), reverse("postings:person_list"))
    head = re.search(r"<thead.*?</thead>", html, re.S).group(0)
    headers = {
        re.sub(r"<[^>]+>|\s+", " ", label).strip(): attrs
        for attrs, label in re.findall(r"<th ([^>]*)>(.*?)</th>", head, re.S)
    }
    hidden = {label for label, attrs in headers.items() if hidden_on_phones(attrs)}
    assert {"Name", "Posted at"}.isdisjoint(hidden)
    assert {"Service number", "Force", "Rank", "Expected end of tour"} <= hidden
    row = re.search(r"<tbody.*?<tr[^>]*>(.*?)</tr>", html, re.S).group(1)
    cells = re.findall(r"<td([^>]*)>", row)
    assert len(cells) == len(headers)
    assert sum(hidden_on_phones(cell) for cell in cells) == len(hidden)


@pytest.mark.django_db
def test_no_bare_htmx_attributes(client_as):
    """The Nu checker rejects `hx-*`; htmx reads `data-hx-*` the same."""
    client = client_as("administrator")
    for url in (reverse("postings:person_list"), reverse("network:country_list")):
        html = html_of(client, url)
        assert "data-hx-" in html
        assert not re.search(r"\shx-[a-z]", html), url


@pytest.mark.django_db
def test_the_country_page_leaves_secondary_columns_to_wider_screens(client_as):
    html = html_of(client_as("editor"), Country.objects.get(iso2="NP").get_absolute_url())
    people = re.search(r'<table[^>]*id="people-covering".*?</table>', html, re.S).group(0)
    assert people.count('class="d-none d-md-table-cell"') >= 3


# --- Pages that explain themselves -------------------------------------------------------------


@pytest.mark.django_db
def test_a_planned_posting_says_when_it_starts(client_as):
    posting = Posting.objects.filter(end_date__isnull=True).order_by("pk").first()
    before = posting.start_date - datetime.timedelta(days=3)
    url = f"{posting.get_absolute_url()}?as_of={before.isoformat()}"
    html = html_of(client_as("staff"), url)
    state = re.search(r'<dd[^>]*id="posting-state">(.*?)</dd>', html, re.S).group(1).strip()
    assert state == f"Planned: starts on {display_date(posting.start_date)}"


@pytest.mark.django_db
def test_an_invalid_end_date_does_not_change_the_page_heading(client_as):
    posting = Posting.objects.filter(end_date__isnull=True).order_by("pk").first()
    too_early = posting.start_date - datetime.timedelta(days=30)
    response = client_as("editor").post(
        reverse("postings:posting_end", args=[posting.pk]),
        {"end_date": too_early.isoformat(), "end_reason": "completed"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["form"].errors
    intro = re.search(r"<main.*?<form", html, re.S).group(0)
    assert posting.period_display in intro
    assert display_date(too_early) not in intro
