"""The layout in a real browser: for every role and both languages no page of the main
journeys is wider than the window at 1280, 1366 and 390 px; the menus open and close
(Bootstrap's JavaScript under the strict CSP); the error pages render in the layout."""

import re

import pytest

from tests.browser.conftest import accessibility_violations, logged_in_context

pytestmark = pytest.mark.browser

WIDTHS = (1280, 1366, 390)
ROLES = ("staff", "editor", "manager", "administrator", "superuser")
PAGES = (
    "/",
    "/network/countries/",
    "/network/countries/NP/",
    "/network/countries/NP/history/",
    "/network/departments/",
    "/network/sections/",
    "/network/embassies/",
    "/network/units/",
    "/network/coverages/",
    "/postings/people/",
    "/postings/positions/",
    "/postings/positions/vacancies/",
    "/postings/postings/",
    "/postings/postings/rotation-plan/",
    "/postings/postings/add/",
    "/reports/coverage/",
    "/reports/rotation/",
    "/search/?q=new",
    "/no-such-page/",
)
# Record pages, reached from the first record link of their list.
RECORDS_FROM = (
    "/network/departments/",
    "/network/sections/",
    "/network/embassies/",
    "/postings/people/",
    "/postings/positions/",
    "/postings/postings/",
)

WIDER_THAN_WINDOW = "document.documentElement.scrollWidth - window.innerWidth"


def too_wide(page):
    """{width: overflow in px} for the widths at which the page is wider than the window."""
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate(WIDER_THAN_WINDOW)
        if overflow > 0:
            found[width] = overflow
    return found


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("role", ROLES)
def test_no_page_is_wider_than_the_window(browser, portal_url, role, language):
    context, page = logged_in_context(browser, portal_url, role, language)
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    try:
        problems, paths = {}, list(PAGES)
        for path in paths:  # grows with a record page of each list in RECORDS_FROM
            page.goto(path)
            if path in RECORDS_FROM:
                link = page.locator(f"#results tbody a[href^='{path}']").first
                assert link.count(), f"no record on {path}"
                paths.append(link.get_attribute("href").split("?")[0])
            overflow = too_wide(page)
            if overflow:
                problems[path] = overflow
        assert problems == {}, f"wider than the window ({role}, {language}): {problems}"
        assert refused == []
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("role", ["staff", "superuser"])
def test_the_menus_open_and_log_out_is_within_reach_at_every_width(browser, portal_url, role, language):
    context, page = logged_in_context(browser, portal_url, role, language)
    log_out = "Log out" if language == "en" else "Se déconnecter"
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto("/")
            toggler = page.locator(".navbar-toggler")
            if toggler.is_visible():
                toggler.click()
            menus = page.locator("#portal-nav .dropdown-toggle")
            for index in range(menus.count()):
                menus.nth(index).click()
                menu = page.locator("#portal-nav .dropdown-menu.show")
                assert menu.count() == 1, (width, index)
                box = menu.bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= width, (width, index, box)
                assert page.evaluate(WIDER_THAN_WINDOW) <= 0, (width, index)
            button = page.get_by_role("button", name=log_out)
            assert button.is_visible(), width
            box = button.bounding_box()
            assert box["x"] + box["width"] <= width
    finally:
        context.close()


def test_a_menu_opens_by_keyboard_and_takes_the_user_there(browser, portal_url):
    context, page = logged_in_context(browser, portal_url, "staff")
    try:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.get_by_role("button", name="People & postings").focus()
        page.keyboard.press("Enter")
        page.keyboard.press("ArrowDown")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        assert focused == "People"
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/postings/people/$"))
        assert page.get_by_role("button", name="People & postings").get_attribute("class").endswith("active")
    finally:
        context.close()


def test_the_keyboard_focus_is_clearly_visible_on_the_header(browser, portal_url):
    context, page = logged_in_context(browser, portal_url, "staff")
    try:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.keyboard.press("Tab")  # the skip link
        page.keyboard.press("Tab")  # the brand, on the navy header
        style = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [document.activeElement.className, s.outlineStyle, s.outlineWidth, s.outlineColor]; })()"
        )
        assert style == ["navbar-brand", "solid", "3px", "rgb(255, 191, 71)"]
    finally:
        context.close()


def test_filters_fold_away_on_a_phone(browser, portal_url):
    context, page = logged_in_context(browser, portal_url, "staff")
    try:
        page.set_viewport_size({"width": 390, "height": 800})
        page.goto("/postings/people/")
        results = page.locator("#results").bounding_box()
        assert results["y"] < 800, "the first results are on the first screen"
        force = page.get_by_role("complementary", name="Filter").get_by_label("Force")
        assert not force.is_visible()
        page.get_by_role("button", name="Show filters").click()
        force.wait_for(state="visible")
        page.set_viewport_size({"width": 1280, "height": 800})
        assert force.is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_error_pages_render_in_the_layout(browser, production_portal_url, axe, language):
    """In production mode (in development Django shows its debugging pages instead)."""
    portal_url = production_portal_url
    context, page = logged_in_context(browser, portal_url, "staff", language)
    try:
        response = page.goto("/no-such-page/")
        assert response.status == 404
        assert page.locator("header .bg-portal").is_visible()
        heading = page.get_by_role("heading", level=1).inner_text()
        assert heading == ("Page not found" if language == "en" else "Page introuvable")
        assert page.locator("#portal-nav .dropdown-toggle").count() >= 2
        response = page.goto("/reports/coverage/")
        assert response.status == 403
        assert "Managers" in page.locator("#granting-group").inner_text()
        page.get_by_role(
            "link", name="Go to the dashboard" if language == "en" else "Aller au tableau de bord"
        ).click()
        page.wait_for_url(f"{portal_url}/")
        page.goto("/no-such-page/")
        assert accessibility_violations(axe, page) == []
    finally:
        context.close()
