"""What a member of staff, an editor and a manager do in the portal, in a real browser."""

import datetime
import re

import pytest

from tests.browser.conftest import accessibility_violations, switch_to_french

pytestmark = pytest.mark.browser


def results_count(page):
    text = page.locator("#results").get_by_text(re.compile(r"^\s*\d+ results?\s*$")).first.inner_text()
    return int(text.split()[0])


def test_dashboard_figure_leads_to_the_matching_list(page_as):
    page = page_as("staff")
    card = page.locator("[data-figure='countries_covered']")
    covered = int(card.inner_text())
    assert covered > 0
    card.click()
    page.wait_for_url(re.compile(r"/network/countries/\?"))
    assert results_count(page) == covered


def test_find_who_covers_nepal_from_the_dashboard(page_as):
    page = page_as("staff")
    page.get_by_label("Search the network").fill("Nepal")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name="Nepal", exact=True).first.click()
    page.wait_for_url(re.compile(r"/network/countries/NP/"))
    coverage = page.get_by_role("region", name=re.compile("Coverage on"))
    assert "ISD New Delhi" in coverage.inner_text()
    assert "Non-resident" in coverage.inner_text()
    people = page.get_by_role("region", name=re.compile("Staff in post for this country"))
    assert people.get_by_role("row").count() > 1  # header + at least one officer


def test_filter_people_by_force_and_region(page_as):
    page = page_as("staff")
    page.goto("/postings/people/")
    total = results_count(page)
    filters = page.get_by_role("complementary", name="Filter")  # not the column chooser's boxes
    filters.get_by_label("Force").select_option(label="National Gendarmerie")
    filters.get_by_label("Region").select_option(label="Asia")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"force=gendarmerie"))
    page.wait_for_function("() => /region=/.test(location.search)")
    filtered = results_count(page)
    assert 0 < filtered < total
    forces = page.locator("#results tbody tr td:nth-child(2)").all_inner_texts()
    assert forces and set(forces) == {"National Gendarmerie"}


def test_open_a_department_and_see_its_vacancies(page_as):
    page = page_as("staff")
    page.goto("/network/departments/?sort=-vacancies")
    first_row = page.locator("#results tbody tr").first
    vacancies = int(first_row.locator("td").last.inner_text())
    assert vacancies > 0
    first_row.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/network/departments/\d+/"))
    establishment = page.get_by_role("region", name=re.compile("Establishment table"))
    assert establishment.get_by_text(re.compile(r"^vacant$", re.I)).count() == vacancies


def test_editor_ends_a_posting_and_the_position_becomes_vacant(page_as):
    page = page_as("editor")
    page.goto("/network/countries/NP/")
    people = page.get_by_role("region", name=re.compile("Staff in post for this country"))
    people.locator("tbody tr").first.locator("td").nth(1).get_by_role("link").click()
    page.wait_for_url(re.compile(r"/postings/positions/\d+/"))
    position_url = page.url.split("?")[0]
    page.get_by_role("link", name="Details of this posting").click()
    page.get_by_role("link", name="End this posting").click()
    today = datetime.date.today()
    page.get_by_label("Last day of the posting").fill(today.isoformat())
    page.get_by_label("End reason").select_option(label="Curtailed")
    page.get_by_role("button", name="End the posting").click()
    page.wait_for_url(re.compile(r"/postings/postings/\d+/"))
    assert page.locator(".alert-success").is_visible()
    tomorrow = today + datetime.timedelta(days=1)
    page.goto(f"{position_url}?as_of={tomorrow.isoformat()}")
    assert page.locator("#holder-on-day").get_by_text(re.compile(r"^vacant$", re.I)).is_visible()


def test_switch_to_french(page_as):
    page = page_as("staff")
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change").click()
    nav = page.get_by_role("navigation", name=re.compile("navigation", re.I))
    nav.get_by_role("button", name="Réseau", exact=True).click()
    assert nav.get_by_role("link", name="Pays", exact=True).is_visible()
    page.goto("/network/countries/DE/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Allemagne")
    assert page.locator("html").get_attribute("lang") == "fr"


def test_as_of_date_in_the_past_shows_that_network(page_as):
    page = page_as("staff")
    page.goto("/network/countries/LV/")
    assert "ISD Vilnius" in page.get_by_role("region", name=re.compile("Coverage on")).inner_text()
    page.get_by_label("Network as of").fill("2010-06-01")
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_url(re.compile(r"as_of=2010-06-01"))
    assert "ISD Riga" in page.get_by_role("region", name=re.compile("Coverage on")).inner_text()
    assert page.get_by_role("status").filter(has_text="as it was on").is_visible()
    # links keep the date: the department page opens on the same day
    page.get_by_role("link", name="ISD Riga").first.click()
    assert "as_of=2010-06-01" in page.url


PAGES_FOR_AXE = [
    ("staff", "/"),
    ("staff", "/postings/people/"),
    ("staff", "/network/countries/NP/"),
    ("editor", "/postings/postings/add/"),
]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(("role", "path"), PAGES_FOR_AXE, ids=[path for _, path in PAGES_FOR_AXE])
def test_no_wcag_21_aa_violations(page_as, axe, role, path, language):
    page = page_as(role)
    if language == "fr":
        switch_to_french(page)
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == language
    assert accessibility_violations(axe, page) == []
