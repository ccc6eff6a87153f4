"""The dashboard (every figure links to the list that shows exactly those rows) and the
global search of the header (people, countries, embassies, departments, positions, as of
the page's date; full-text on PostgreSQL, a plain search elsewhere)."""

import datetime

import pytest
from django.urls import reverse

from base.filtersets import SEARCH_MAX_LENGTH
from dci_portal.search import RESULTS_PER_GROUP
from dci_portal.views import DASHBOARD
from tests import factories
from tests.page_checks import assert_queries_do_not_grow

D = datetime.date
TODAY = datetime.date.today()
A_YEAR_AGO = TODAY - datetime.timedelta(days=365)
QUERY_BUDGET = 25

pytestmark = pytest.mark.django_db


# --- Dashboard -------------------------------------------------------------------------------


def figure_cards(client, query=""):
    response = client.get(reverse("dashboard") + query)
    assert response.status_code == 200
    return {card["figure"].key: card for card in response.context["figure_cards"]}


@pytest.mark.parametrize("day", [TODAY, A_YEAR_AGO], ids=["today", "a year ago"])
@pytest.mark.parametrize("key", [figure.key for figure, _url, _params in DASHBOARD])
def test_each_figure_links_to_a_list_of_exactly_that_many_rows(client_as, key, day):
    client = client_as("staff")
    query = "" if day == TODAY else f"?as_of={day.isoformat()}"
    card = figure_cards(client, query)[key]
    assert card["url"], f"{key} has no link"
    if day != TODAY:
        assert f"as_of={day.isoformat()}" in card["url"]
    listing = client.get(card["url"])
    assert listing.status_code == 200
    assert not listing.context["filter"].errors, listing.context["filter"].errors
    assert listing.context["table"].paginator.count == card["value"]


def test_dashboard_shows_the_links_and_stays_within_its_query_budget(
    client_as, django_assert_max_num_queries
):
    client = client_as("staff")
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(reverse("dashboard"))
    content = response.content.decode()
    for card in response.context["figure_cards"]:
        assert f'href="{card["url"]}"' in content.replace("&amp;", "&")
    assert f'href="{reverse("network:country_list")}?covered=yes"' in content


NAVIGATION = [
    "dashboard",
    "network:country_list",
    "network:department_list",
    "network:section_list",
    "network:embassy_list",
    "network:unit_list",
    "postings:person_list",
    "postings:position_list",
    "postings:vacancy_list",
    "postings:posting_list",
    "postings:rotation_plan",
]


def test_navigation_links_every_directory_page_and_marks_the_current_one(client_as):
    client = client_as("staff")
    content = client.get(reverse("network:department_list") + "?as_of=2020-01-01").content.decode()
    for name in NAVIGATION:
        assert f'href="{reverse(name)}?as_of=2020-01-01"' in content, name
        assert client.get(reverse(name)).status_code == 200, name
    current = f'aria-current="page" href="{reverse("network:department_list")}?as_of=2020-01-01"'
    assert current in content
    assert content.count('aria-current="page"') == 1
    # Coverage is edited by Editors: its list is in their menu only.
    other_page = reverse("network:embassy_list")
    assert f'href="{reverse("network:coverage_list")}"' not in client.get(other_page).content.decode()
    editor_menu = client_as("editor").get(other_page).content.decode()
    assert f'href="{reverse("network:coverage_list")}"' in editor_menu


# --- Search ------------------------------------------------------------------------------------


@pytest.fixture
def place():
    """A department in an embassy of a country with a French name, a vacant desk and a
    person posted there in 2015–2016 only."""
    country = factories.CountryFactory(name_en="Qzxland", name_fr="Qzxpays", capital="Qzxville")
    embassy = factories.EmbassyFactory(country=country, city="Qzxcity")
    department = factories.DepartmentFactory(embassy=embassy, start_date=D(2010, 1, 1))
    factories.CoverageFactory(department=department, country=country, start_date=D(2010, 1, 1))
    role = factories.RoleFactory()
    desk = factories.PositionFactory(
        department=department, role=role, title="Qzxdesk", start_date=D(2010, 1, 1)
    )
    factories.PositionFactory(
        department=department,
        role=role,
        title="Qzxold desk",
        start_date=D(2010, 1, 1),
        end_date=D(2012, 1, 1),
    )
    posting = factories.PostingFactory(
        position=desk,
        person__last_name="Qzxsearchperson",
        person__first_name="Dominique",
        person__service_number="QZX-404142",
        start_date=D(2015, 1, 1),
        end_date=D(2016, 12, 31),
        end_reason="completed",
    )
    return {
        "country": country,
        "embassy": embassy,
        "department": department,
        "desk": desk,
        "posting": posting,
    }


def search(client, query, as_of=None):
    params = {"q": query}
    if as_of:
        params["as_of"] = as_of.isoformat()
    response = client.get(reverse("search"), params)
    assert response.status_code == 200
    return response


def found(response, key):
    results = response.context["results"] or {}
    sections = {section["key"]: section for section in results.get("sections", ())}
    return sections[key]["results"] if key in sections else None


def test_empty_search_explains_what_can_be_searched(client_as):
    response = search(client_as("staff"), "")
    assert response.context["results"] is None
    assert 'id="search-tips"' in response.content.decode()


@pytest.mark.parametrize(
    "query,message",
    [
        ("x" * (SEARCH_MAX_LENGTH + 1), "too long"),
        ("%%% ___ ' \"", "Type a name"),
        ("x" * 10_000, "too long"),
    ],
    ids=["just too long", "no word", "very long"],
)
def test_unusable_search_shows_a_message(client_as, query, message):
    response = search(client_as("staff"), query)
    results = response.context["results"]
    assert "sections" not in results
    assert message in results["error"]
    assert 'id="search-error"' in response.content.decode()


def test_finds_a_person_and_where_they_were_posted_on_the_date(client_as, place):
    client = client_as("staff")
    department_url = place["department"].get_absolute_url()
    then = search(client, "Qzxsearchperson", as_of=D(2015, 6, 1))
    (person,) = found(then, "people")
    assert person == place["posting"].person
    assert [posting.position for posting in person.postings_on_day] == [place["desk"]]
    assert f"{department_url}?as_of=2015-06-01" in then.content.decode()
    (person,) = found(search(client, "Qzxsearchperson"), "people")
    assert person.postings_on_day == []


@pytest.mark.parametrize(
    "query,key",
    [
        ("qzxsearchp", "people"),  # the start of a word, any case
        ("Dominique Qzxsearchperson", "people"),  # every word, in any order
        ("Qzxpays", "countries"),  # the French name
        ("Qzxville", "countries"),  # the capital
        ("Qzxcity", "embassies"),
        ("Qzxcity", "departments"),
        ("Qzxdesk", "positions"),
    ],
)
def test_finds_each_kind_of_record(client_as, place, query, key):
    results = found(search(client_as("staff"), query), key)
    expected = {
        "people": place["posting"].person,
        "countries": place["country"],
        "embassies": place["embassy"],
        "departments": place["department"],
        "positions": place["desk"],
    }[key]
    assert results == [expected]


def test_every_word_must_match_and_closed_positions_are_left_out(client_as, place):
    client = client_as("staff")
    assert found(search(client, "Qzxsearchperson Nobody"), "people") == []
    assert found(search(client, "Qzxold"), "positions") == []
    assert [p.title for p in found(search(client, "Qzxold", as_of=D(2011, 1, 1)), "positions")] == [
        "Qzxold desk"
    ]


@pytest.mark.parametrize("query", ["QZX-404142", "404142", "qzx-4041"])
def test_service_numbers_only_for_those_allowed(client_as, place, query):
    """Matched as a whole (full-text parsing would cut "QZX-404142" in two), and only
    for those who may see them."""
    assert found(search(client_as("staff"), query), "people") == []
    staff_by_name = search(client_as("staff"), "Qzxsearchperson").content.decode()
    assert "QZX-404142" not in staff_by_name
    administrator = search(client_as("administrator"), query)
    assert found(administrator, "people") == [place["posting"].person]
    assert "QZX-404142" in administrator.content.decode()


def test_search_queries_do_not_grow_and_link_to_the_full_list(
    client_as, place, django_assert_max_num_queries
):
    client = client_as("staff")

    def add_people(count):
        for _ in range(count):
            factories.PostingFactory(
                position=factories.PositionFactory(
                    department=place["department"], role=place["desk"].role, start_date=D(2010, 1, 1)
                ),
                person__last_name="Qzxmany",
                start_date=D(2020, 1, 1),
            )

    add_people(5)
    url = reverse("search") + "?q=Qzxmany"
    baseline = assert_queries_do_not_grow(client, url, lambda: add_people(45), django_assert_max_num_queries)
    assert baseline <= QUERY_BUDGET
    response = client.get(url)
    (people,) = [section for section in response.context["results"]["sections"] if section["key"] == "people"]
    assert people["count"] == 50
    assert len(people["results"]) == RESULTS_PER_GROUP
    assert people["more_url"] in response.content.decode().replace("&amp;", "&")
    assert client.get(people["more_url"]).context["table"].paginator.count == 50


def test_header_search_box_is_on_every_page(client_as):
    content = client_as("staff").get(reverse("network:country_list")).content.decode()
    assert f'action="{reverse("search")}"' in content
    assert 'for="global-search"' in content
