"""Country and department briefs (page, PDF) and contact cards (.vcf).

Every count a brief shows is checked against the register (figure.count); the team is
`postings_for_country`'s; need-to-know contact details (a professional mobile, a
secure line) reach the administrators and nobody else, in the page, the PDF and the
cards.
"""

import datetime
import re
import shutil
import subprocess

import pytest
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from base.contacts import tel_uri
from base.services import save_validated
from network import figures as network_figures
from network.models import Country, Coverage, Department
from network.selectors import coverage_of_country_on
from postings import figures
from postings.selectors import postings_for_country

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
WITHOUT_PERMISSION = ("staff", "editor", "manager")
SECURE_LINE = "+33 1 86 95 42 24"
MOBILE = "+33 6 55 44 33 22"
FIGURE = re.compile(r'data-figure="(\w+)" data-of="(\d+)">(\d+)<')


def shown_figures(html):
    return {(key, int(owner)): int(value) for key, owner, value in FIGURE.findall(html)}


def pdf_text(content):
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: `make test` installs Debian's poppler-utils")
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


@pytest.fixture
def nepal():
    """Nepal, covered from New Delhi (non-resident), with a section in Kathmandu."""
    return Country.objects.get(iso2="NP")


@pytest.fixture
def need_to_know(nepal):
    """A secure line for the department covering Nepal and a mobile for its first officer."""
    department = coverage_of_country_on(nepal, TODAY).department
    department.secure_line = SECURE_LINE
    save_validated(department, reason="test")
    person = postings_for_country(TODAY, nepal).first().person
    person.mobile = MOBILE
    save_validated(person, reason="test")
    return department, person


def brief_url(country, output="", day=None):
    name = {"": "country_brief", "pdf": "country_brief_pdf", "vcf": "country_team_vcf"}[output]
    url = reverse(f"briefs:{name}", args=[country.iso2])
    return f"{url}?as_of={day.isoformat()}" if day else url


# --- The page ---------------------------------------------------------------------------


@pytest.mark.parametrize("iso2", ["NP", "IN", "FR"])
def test_country_brief_shows_the_team_and_the_figures_of_the_register(client_as, iso2):
    country = Country.objects.get(iso2=iso2)
    response = client_as("staff").get(brief_url(country))
    assert response.status_code == 200
    html = response.content.decode()
    shown = shown_figures(html)
    for figure in (
        figures.STAFF_FOR_COUNTRY,
        figures.VACANCIES_FOR_COUNTRY,
        figures.ENDING_FOR_COUNTRY,
        network_figures.COUNTRY_SECTIONS,
    ):
        assert shown[(figure.key, country.pk)] == figure.count(TODAY, country), figure.key
    team = list(postings_for_country(TODAY, country))
    assert len(team) == figures.STAFF_FOR_COUNTRY.count(TODAY, country)
    for posting in team:
        assert posting.person.full_name in html
    assert "map-highlight" in html, "the country is outlined on the map"


def test_a_brief_of_a_past_date_shows_the_network_of_that_date(client_as):
    coverage = Coverage.objects.filter(end_date__lt=TODAY).select_related("country", "department").first()
    day = coverage.end_date - datetime.timedelta(days=1)
    assert coverage_of_country_on(coverage.country, day).department == coverage.department
    response = client_as("staff").get(brief_url(coverage.country, day=day))
    html = response.content.decode()
    covered_by = html[html.index('id="brief-covered-by"') :][:300]
    assert str(coverage.department) in covered_by
    shown = shown_figures(html)
    assert shown[("staff_for_country", coverage.country.pk)] == figures.STAFF_FOR_COUNTRY.count(
        day, coverage.country
    )


def test_department_brief_shows_its_team_with_sections_and_its_figures(client_as):
    department = Department.objects.active_on(TODAY).filter(sections__isnull=False).first()
    response = client_as("staff").get(reverse("briefs:department_brief", args=[department.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    shown = shown_figures(html)
    for figure, extra in (
        (network_figures.DEPARTMENT_COUNTRIES_COVERED, {}),
        (figures.DEPARTMENT_STAFF_WITH_SECTIONS, {}),
        (figures.DEPARTMENT_VACANCIES_WITH_SECTIONS, {}),
        (figures.DEPARTMENT_ENDING_WITH_SECTIONS, {"months": figures.ENDING_MONTHS}),
    ):
        assert shown[(figure.key, department.pk)] == figure.count(TODAY, department, **extra), figure.key
    for posting in figures.DEPARTMENT_STAFF_WITH_SECTIONS.rows(TODAY, department).select_related("person"):
        assert posting.person.full_name in html


def test_the_country_and_department_pages_link_their_brief(client_as, nepal):
    client = client_as("staff")
    html = client.get(nepal.get_absolute_url()).content.decode()
    assert reverse("briefs:country_brief", args=["NP"]) in html
    department = coverage_of_country_on(nepal, TODAY).department
    html = client.get(department.get_absolute_url()).content.decode()
    assert reverse("briefs:department_brief", args=[department.pk]) in html


def test_the_brief_prints_without_the_menu(client_as, nepal):
    """The print stylesheet hides the portal's header and footer; the running header
    (date, "Restricted") repeats on every printed page."""
    html = client_as("staff").get(brief_url(nepal)).content.decode()
    assert 'class="brief-frame"' in html and "<thead><tr><td>" in html
    assert "briefs/brief.css" in html


def test_brief_queries_do_not_grow_with_the_team(client_as, django_assert_max_num_queries):
    hosts = [
        d.embassy.country for d in Department.objects.active_on(TODAY).select_related("embassy__country")
    ]
    sizes = sorted((figures.STAFF_FOR_COUNTRY.count(TODAY, c), c.iso2) for c in hosts)
    (small, small_iso2), (large, large_iso2) = sizes[0], sizes[-1]
    assert large > small + 3
    client = client_as("staff")
    with CaptureQueriesContext(connection) as few:
        client.get(brief_url(Country.objects.get(iso2=small_iso2)))
    with django_assert_max_num_queries(len(few)):
        response = client.get(brief_url(Country.objects.get(iso2=large_iso2)))
    assert response.status_code == 200


# --- Need-to-know -------------------------------------------------------------------------


@pytest.mark.parametrize("role", WITHOUT_PERMISSION)
def test_need_to_know_contacts_stay_hidden_without_the_permission(client_as, nepal, need_to_know, role):
    client = client_as(role)
    digits = {re.sub(r"\D", "", number) for number in (SECURE_LINE, MOBILE)}
    for output in ("", "pdf", "vcf"):
        response = client.get(brief_url(nepal, output))
        assert response.status_code == 200
        text = pdf_text(response.content) if output == "pdf" else response.content.decode()
        found = {d for d in digits if d in re.sub(r"\D", "", text)}
        assert not found, f"{role} sees {found} in the brief ({output or 'page'})"


def test_administrators_get_the_need_to_know_contacts(client_as, nepal, need_to_know):
    department, person = need_to_know
    client = client_as("administrator")
    html = client.get(brief_url(nepal)).content.decode()
    assert SECURE_LINE in html and MOBILE in html
    assert SECURE_LINE in pdf_text(client.get(brief_url(nepal, "pdf")).content)
    cards = list(vobject.readComponents(client.get(brief_url(nepal, "vcf")).content.decode()))
    phones = {tel.value for card in cards for tel in card.contents.get("tel", [])}
    assert tel_uri(MOBILE) in phones


# --- The PDF --------------------------------------------------------------------------------


def test_the_server_made_pdf_opens_and_holds_the_team(client_as, nepal):
    response = client_as("staff").get(brief_url(nepal, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="brief-NP-{TODAY.isoformat()}.pdf"'
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    flat = " ".join(text.split())
    for posting in postings_for_country(TODAY, nepal):
        assert posting.person.last_name.upper() in flat
    assert "Restricted" in flat and "Nepal" in flat
    for menu in ("Dashboard", "Log out", "Search the network"):
        assert menu not in flat


def test_the_department_pdf_opens(client_as):
    department = Department.objects.active_on(TODAY).first()
    response = client_as("staff").get(reverse("briefs:department_brief_pdf", args=[department.pk]))
    assert response.status_code == 200
    assert department.embassy.city in " ".join(pdf_text(response.content).split())


# --- Contact cards --------------------------------------------------------------------------


def test_a_team_vcf_parses_back_with_one_card_per_member(client_as, nepal):
    response = client_as("staff").get(brief_url(nepal, "vcf"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vcard")
    cards = list(vobject.readComponents(response.content.decode()))
    team = list(postings_for_country(TODAY, nepal))
    assert len(cards) == len(team) == figures.STAFF_FOR_COUNTRY.count(TODAY, nepal) > 0
    for card, posting in zip(cards, team, strict=True):
        assert card.version.value == "4.0"
        assert card.fn.value == posting.person.display_name
        assert card.org.value[-1] == str(posting.position.unit)
        assert posting.person.service_number not in card.serialize()
    assert len({card.uid.value for card in cards}) == len(cards)


def test_a_person_vcf_holds_their_work_contacts_only(client_as):
    from postings.models import Person

    person = Person.objects.exclude(personal_email="").exclude(email="").exclude(mobile="").first()
    client = client_as("administrator")
    response = client.get(reverse("briefs:person_vcard", args=[person.pk]))
    (card,) = vobject.readComponents(response.content.decode())
    assert card.email.value == person.email
    assert person.personal_email not in card.serialize(), "personal contacts never go in a card"
    assert tel_uri(person.mobile) in {tel.value for tel in card.contents["tel"]}
    response = client_as("staff").get(reverse("briefs:person_vcard", args=[person.pk]))
    (card,) = vobject.readComponents(response.content.decode())
    assert tel_uri(person.mobile) not in {tel.value for tel in card.contents.get("tel", [])}
