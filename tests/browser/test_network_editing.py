"""A Network editor changes the network in a real browser (issue 15): closes a
department and hands its coverage to a neighbour, reopens a department, moves a central
unit, opens a section abroad. Each change is dated in the future, so the other browser
tests (which look at today) see the network as the demo built it.

Around each change the dashboard and the coverage report must agree: the report's
totals are the dashboard's figures on the same day, before and after the change."""

import datetime
import re

import pytest

from tests.browser.conftest import accessibility_violations

pytestmark = pytest.mark.browser

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
REPORT_OF_DASHBOARD = {  # the report's totals and the dashboard figures they are
    "departments": "departments_open",
    "countries_covered": "countries_covered",
    "people": "people_in_post_abroad",
    "vacancies": "vacancies_abroad",
}


def as_of(path, day):
    return f"{path}{'&' if '?' in path else '?'}as_of={day.isoformat()}"


def figures(page, path, day, selector="[data-figure]", key="data-figure"):
    page.goto(as_of(path, day))
    marks = page.locator(selector)
    return {
        marks.nth(i).get_attribute(key): int(re.sub(r"\D", "", marks.nth(i).inner_text()))
        for i in range(marks.count())
    }


def dashboard_and_report(page, day):
    """The dashboard's figures on `day`, after checking the report agrees with them."""
    dashboard = figures(page, "/", day, "#figures [data-figure]")
    report = figures(page, "/reports/coverage/", day, "#report-figures [data-total]", "data-total")
    for total, figure in REPORT_OF_DASHBOARD.items():
        assert report[total] == dashboard[figure], (day, total, report, dashboard)
    return dashboard


def choose(select, prefix):
    """Select the option of `select` whose label starts with `prefix`."""
    labels = select.locator("option").all_inner_texts()
    label = next(text for text in labels if text.strip().startswith(prefix))
    select.select_option(label=label.strip())


def coverage_text(page, iso2, day):
    page.goto(as_of(f"/network/countries/{iso2}/", day))
    return page.locator("#coverage-on-day").inner_text()


def test_close_a_department_and_hand_its_coverage_to_a_neighbour(page_as, axe):
    last_day = TODAY + 60 * DAY
    days = (last_day, last_day + DAY)
    manager = page_as("manager")
    before = {day: dashboard_and_report(manager, day) for day in days}
    assert "ISD Hanoi" in coverage_text(manager, "KH", last_day + DAY)

    page = page_as("network_editor")
    page.goto("/network/departments/?q=Hanoi")
    page.get_by_role("link", name="Hanoi", exact=True).click()
    page.get_by_role("link", name="Close", exact=True).click()
    page.get_by_label("Last day open").fill(last_day.isoformat())
    page.get_by_role("button", name="Show what closing on this day touches").click()
    summary = page.locator("#closure-summary")
    assert last_day.strftime("%Y") in summary.inner_text()
    coverage = page.locator("#closure-coverages select")
    assert coverage.count() == 2  # Vietnam and Cambodia
    for i in range(coverage.count()):
        choose(coverage.nth(i), "ISD Bangkok")
    assert page.locator("#closure-postings li").count() > 0
    assert accessibility_violations(axe, page) == []
    page.get_by_label("Reason for the change").fill("Regional hub in Bangkok")
    page.get_by_role("button", name="Close the department").click()
    page.wait_for_url(re.compile(r"/network/departments/\d+/"))
    assert page.locator(".alert-success").is_visible()

    after = {day: dashboard_and_report(manager, day) for day in days}
    assert after[last_day] == before[last_day], "its last day is as before"
    moved = after[last_day + DAY]
    assert moved["departments_open"] == before[last_day + DAY]["departments_open"] - 1
    assert moved["countries_covered"] == before[last_day + DAY]["countries_covered"]
    assert moved["people_in_post_abroad"] < before[last_day + DAY]["people_in_post_abroad"]
    for iso2 in ("VN", "KH"):
        assert "ISD Hanoi" in coverage_text(manager, iso2, last_day)
        assert "ISD Bangkok" in coverage_text(manager, iso2, last_day + DAY)
    assert dashboard_and_report(manager, TODAY) == dashboard_and_report(page_as("manager"), TODAY)


def test_reopen_a_department_with_its_earlier_period_on_the_page(page_as):
    reopened = TODAY + 90 * DAY
    manager = page_as("manager")
    before = {day: dashboard_and_report(manager, day) for day in (reopened - DAY, reopened)}
    page = page_as("network_editor")
    page.goto("/network/departments/?status=all&q=Riga")
    page.get_by_role("link", name="Riga", exact=True).click()
    riga_url = page.url.split("?")[0]
    page.get_by_role("link", name="Reopen", exact=True).click()
    page.get_by_label("First day open").fill(reopened.isoformat())
    page.get_by_label("It covers its host country from that day").check()
    page.get_by_label("Reason for the change").fill("Reopening in Riga")
    page.get_by_role("button", name="Reopen").click()
    page.wait_for_url(re.compile(r"/network/departments/\d+/"))
    assert page.url.split("?")[0] != riga_url
    periods = page.locator("#department-periods")
    assert periods.get_by_role("link", name="ISD Riga").count() == 1  # the earlier period, linked
    assert "1992" in periods.inner_text() and str(reopened.year) in periods.inner_text()
    assert "ISD Vilnius" in coverage_text(page, "LV", reopened - DAY)
    assert "ISD Riga" in coverage_text(page, "LV", reopened)
    after = {day: dashboard_and_report(manager, day) for day in (reopened - DAY, reopened)}
    assert after[reopened - DAY] == before[reopened - DAY]
    assert after[reopened]["departments_open"] == before[reopened]["departments_open"] + 1
    assert after[reopened]["countries_covered"] == before[reopened]["countries_covered"]


def test_move_a_central_unit_and_see_the_old_place_on_earlier_days(page_as):
    moved_on = TODAY + 30 * DAY
    page = page_as("network_editor")
    page.goto("/network/units/")
    page.locator("[data-unit='BSP'] > h2").get_by_role("link", name="BSP").click()
    page.get_by_role("link", name="Move", exact=True).click()
    choose(page.get_by_label("New parent unit"), "SDCT")
    page.get_by_label("First day in the new place").fill(moved_on.isoformat())
    page.get_by_label("Reason for the change").fill("Foresight joins technical cooperation")
    page.get_by_role("button", name="Move the unit").click()
    page.wait_for_url(re.compile(r"/network/units/\d+/"))
    assert page.locator(".alert-success").is_visible()
    for day, parent in ((moved_on - DAY, "SDS"), (moved_on, "SDCT")):
        page.goto(as_of("/network/units/", day))
        assert page.locator(f"[data-unit='{parent}'] [data-unit='BSP']").count() == 1, (day, parent)
    # A move under its own sub-unit is refused, with the reason, and changes nothing.
    page.goto("/network/units/")
    page.locator("[data-unit='SDS'] > h2").get_by_role("link", name="SDS").click()
    page.get_by_role("link", name="Move", exact=True).click()
    choose(page.get_by_label("New parent unit"), "BAEM")
    page.get_by_label("First day in the new place").fill(TODAY.isoformat())
    page.get_by_label("Reason for the change").fill("A loop")
    page.get_by_role("button", name="Move the unit").click()
    assert page.get_by_text(re.compile("one of its own sub-units")).is_visible()
    page.goto("/network/units/")
    assert page.locator("[data-unit='DCI'] > ul > [data-unit='SDS']").count() == 1


def test_open_a_section_in_another_country_with_its_positions(page_as):
    opens = TODAY + 45 * DAY
    manager = page_as("manager")
    before = {day: dashboard_and_report(manager, day) for day in (opens - DAY, opens)}
    page = page_as("network_editor")
    page.goto("/network/sections/")
    page.get_by_role("link", name="Add", exact=True).click()
    choose(page.get_by_label("Attached to the department"), "ISD Madrid")
    page.get_by_role("combobox", name=re.compile(r"^Country")).select_option(label="Portugal")
    page.get_by_label(re.compile(r"^\s*City\W*$")).fill("Porto")  # not "City in French"
    page.get_by_label("First day open").fill(opens.isoformat())
    page.get_by_label("Role, position 1").select_option(label="Liaison officer")
    page.get_by_label("Title, position 1").fill("Liaison officer (drugs)")
    page.get_by_label("Theme, position 1").select_option(label="Drug trafficking")
    page.get_by_label("Role, position 2").select_option(label="Assistant")
    page.get_by_label("Required force, position 2").select_option(label="Any (civilians included)")
    page.get_by_role("button", name="Open the section").click()
    page.wait_for_url(re.compile(r"/network/sections/\d+/"))
    assert page.get_by_role("heading", level=1).inner_text() == "ISS Porto"
    page.goto(as_of(page.url.split("?")[0], opens))
    establishment = page.get_by_role("region", name=re.compile("Establishment table"))
    assert establishment.get_by_text(re.compile(r"^vacant$", re.I)).count() == 2
    after = {day: dashboard_and_report(manager, day) for day in (opens - DAY, opens)}
    assert after[opens - DAY] == before[opens - DAY]
    assert after[opens]["sections_open"] == before[opens]["sections_open"] + 1
    assert after[opens]["vacancies_abroad"] == before[opens]["vacancies_abroad"] + 2
    page.goto(as_of("/network/countries/PT/", opens))
    assert "ISS Porto" in page.locator("#sections").inner_text()
