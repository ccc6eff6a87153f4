"""Finding and choosing, in a real browser: the global search forgives missing accents,
a typeahead chooser picks a person with the keyboard alone (WAI-ARIA combobox), the
lists show their filters as chips, and these pages stay free of WCAG 2.1 AA violations."""

import re

import pytest

from tests.browser.conftest import accessibility_violations, switch_to_french

pytestmark = pytest.mark.browser

SECTIONS = ("people", "countries", "embassies", "departments", "positions")


def search_results(page, query):
    """{section: [result texts]} of the global search for `query`, typed in the header."""
    page.get_by_label("Search the network").fill(query)
    page.get_by_label("Search the network").press("Enter")
    page.wait_for_selector("#search-summary")
    return {
        key: page.locator(f"#search-{key} li").all_inner_texts()
        for key in SECTIONS
        if page.locator(f"#search-{key}").count()
    }


@pytest.mark.parametrize(
    ("plain", "accented"), [("noel", "Noël"), ("Bogota", "Bogotá"), ("cote d'ivoire", "Côte d'Ivoire")]
)
def test_the_global_search_finds_without_accents_what_it_finds_with_them(page_as, plain, accented):
    page = page_as("staff")
    expected = search_results(page, accented)
    assert any(expected.values()), f"“{accented}” finds something"
    assert search_results(page, plain) == expected


def combobox(page, name):
    return page.get_by_role("combobox", name=name)


def test_a_typeahead_picks_a_person_by_keyboard(page_as):
    page = page_as("editor")
    page.goto("/postings/postings/add/")
    person = combobox(page, "Person")
    assert person.get_attribute("aria-expanded") == "false"
    assert page.locator("select[name=person]").is_hidden()  # the select keeps the value, out of sight
    assert page.locator("[data-typeahead-finder]").first.is_hidden()  # no "Find" box with JavaScript
    person.focus()
    page.keyboard.type("noel")
    options = page.locator(".typeahead-listbox [role=option]")
    options.first.wait_for()
    assert person.get_attribute("aria-expanded") == "true"
    assert all("NOËL" in text for text in options.all_inner_texts()[:3])
    # The live region says how many matched.
    assert re.search(r"\d+ matches", page.locator(".typeahead [role=status]").first.inner_text())
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    active = person.get_attribute("aria-activedescendant")
    chosen = page.locator(f"#{active}")
    label, value = chosen.inner_text(), chosen.get_attribute("data-value")
    assert "NOËL" in label
    page.keyboard.press("Enter")
    assert person.get_attribute("aria-expanded") == "false"
    assert person.input_value() == label
    assert page.locator("select[name=person]").input_value() == value
    # Escape, the list closed, clears the choice.
    page.keyboard.press("Escape")
    assert person.input_value() == "" and page.locator("select[name=person]").input_value() == ""


def test_post_someone_here_prefills_the_position_and_the_typeahead_shows_it(page_as):
    page = page_as("editor")
    page.goto("/postings/positions/vacancies/")
    link = page.get_by_role("link", name="Post someone here").first
    position_url = page.locator("#results tbody tr").first.get_by_role("link").first.get_attribute("href")
    link.click()
    page.wait_for_url(re.compile(r"/postings/postings/add/\?position=\d+"))
    position = combobox(page, "Position")
    assert position.input_value(), "the chosen position is named in the combobox"
    position_id = re.search(r"/positions/(\d+)/", position_url).group(1)
    assert page.locator("select[name=position]").input_value() == position_id


def test_a_list_filtered_by_typeahead_shows_chips_and_clears_them(page_as):
    page = page_as("staff")
    page.goto("/postings/people/?force=gendarmerie")
    country = combobox(page, "Country")
    country.focus()
    page.keyboard.type("cote d")
    page.locator(".typeahead-listbox [role=option]", has_text="Côte d'Ivoire").wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_function("() => /country=/.test(location.search)")
    chips = page.locator("#active-filters")
    chips.get_by_role("link", name=re.compile("Country: Côte d'Ivoire")).wait_for()
    assert chips.get_by_role("link", name=re.compile("Force: National Gendarmerie")).is_visible()
    chips.get_by_role("link", name=re.compile("Force: National Gendarmerie")).click()
    page.wait_for_function("() => !/force=/.test(location.search) && /country=/.test(location.search)")
    page.get_by_role("link", name="Clear all filters").click()
    page.wait_for_function("() => !/country=/.test(location.search)")
    assert page.locator("#active-filters").count() == 0


PAGES_FOR_AXE = [
    ("staff", "/postings/people/?force=gendarmerie&q=zzqqxx"),
    ("staff", "/changes/"),
    ("editor", "/postings/postings/add/"),
]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(("role", "path"), PAGES_FOR_AXE, ids=[path for _, path in PAGES_FOR_AXE])
def test_no_wcag_21_aa_violations_with_a_typeahead_open(page_as, axe, role, path, language):
    page = page_as(role)
    if language == "fr":
        switch_to_french(page)
    page.goto(path)
    if "add" in path:
        page.locator(".typeahead input[role=combobox]").first.focus()
        page.keyboard.type("mar")
        page.locator(".typeahead-listbox [role=option]").first.wait_for()
        page.keyboard.press("ArrowDown")
    assert accessibility_violations(axe, page) == []


def test_an_error_on_a_typeahead_field_is_shown_beside_it(page_as):
    """The hidden select keeps its place after the combobox: Bootstrap shows its message."""
    page = page_as("editor")
    page.goto("/postings/positions/vacancies/?required_force=police")
    page.get_by_role("link", name="Post someone here").first.click()
    page.wait_for_url(re.compile(r"\?position=\d+"))
    combobox(page, "Person").focus()
    page.keyboard.type("noel delphine")  # a squadron leader of the gendarmerie
    page.locator(".typeahead-listbox [role=option]").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    message = page.locator(".invalid-feedback").first
    assert message.is_visible()
    assert "requires" in message.inner_text()
