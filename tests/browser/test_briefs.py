"""The country brief printed by a real browser, and the API's pages, in Chromium."""

import re
import shutil
import subprocess

import pytest

from tests.browser.conftest import accessibility_violations

pytestmark = pytest.mark.browser

MENU = ("Dashboard", "Log out", "Search the network", "Network as of")


def pdf_text(content):
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: `make test` installs Debian's poppler-utils")
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode("utf-8").split())


def test_chromium_prints_the_country_brief_with_its_team_and_no_menu(page_as):
    page = page_as("staff")
    page.goto("/network/countries/NP/")
    page.get_by_role("link", name="Country brief").click()
    page.wait_for_url(re.compile(r"/briefs/countries/NP/"))
    team = page.locator("#brief-team tbody tr td:first-child").all_inner_texts()
    assert team, "the brief lists the team"
    assert page.get_by_role("link", name="Dashboard").is_visible(), "on screen, the menu is there"

    text = pdf_text(page.pdf(format="A4", print_background=True))
    for name in team:
        assert name.split()[-1] in text, f"{name} is not in the printed brief"  # cells wrap: the last name
    assert "Restricted" in text and "Nepal" in text
    assert re.search(r"As of \d{1,2} \w+ \d{4}", text), "the running header gives the date"
    for label in MENU:
        assert label not in text, f"the printed brief shows the menu ({label})"


def test_the_brief_prints_on_a4_with_a_header_on_every_page(page_as):
    page = page_as("staff")
    page.goto("/briefs/countries/IN/")
    content = page.pdf(format="A4")
    pages = int(re.search(rb"/Count (\d+)", content).group(1))
    text = pdf_text(content)
    assert text.count("Country brief: India") >= pages, "the header repeats on each printed page"


@pytest.mark.parametrize("path", ["/briefs/countries/NP/", "/api/tokens/"])
def test_brief_and_token_pages_have_no_wcag_21_aa_violations(page_as, axe, path):
    page = page_as("staff")
    page.goto(path)
    assert accessibility_violations(axe, page) == []


def test_the_api_documentation_runs_under_the_portal_s_csp(page_as):
    page = page_as("staff")
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto("/api/")
    page.get_by_text("/api/countries/", exact=True).first.wait_for()
    assert not [e for e in errors if "Content Security Policy" in e], errors
