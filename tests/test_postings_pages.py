"""What is proper to the pages of people, positions and postings: need-to-know data, the
filters and the as-of date, the rotation plan's window, the dashboard's figures. What
every page shares — access, queries, CSV, htmx, sorting, bad filters — is generated per
model in tests/test_pages.py.

The people the tests add (tests/corner.py, `add_people`) are named "Qzx…", so a quick
search (`q=Qzx`) puts exactly them on the page, whatever the demo network holds.
"""

import datetime

import pytest
from django.urls import reverse

from postings.models import Posting
from tests import factories
from tests.corner import AS_OF, LATER, MARK, SOON
from tests.view_tests import csv_table, screen_table

D = datetime.date

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(corner):
    """The corner with five people: in the section, the central unit, not in post, the
    department, the section again (tests/corner.py, `add_people`)."""
    corner.add_people(5)
    return corner


def list_url(name, *query):
    """A list of the world's rows on AS_OF."""
    return f"{reverse(name)}?{'&'.join([f'as_of={AS_OF}', f'q={MARK}', 'per_page=250', *query])}"


def names(response):
    """The first cell of each row of the page's table (none when the page shows its
    empty state instead of a table)."""
    if 'id="empty-state"' in response.content.decode():
        return set()
    return {row[0] for row in screen_table(response)[1]}


def shown(people):
    return {str(person) for person in people}


# --- Sensitive personnel data --------------------------------------------------------------


@pytest.mark.parametrize(("role", "visible"), [("staff", False), ("editor", False), ("administrator", True)])
def test_sensitive_fields_only_for_those_allowed(client_as, world, role, visible):
    client = client_as(role)
    person = world.people[0]
    header, rows = csv_table(client.get(list_url("postings:person_list", "_export=csv")))
    pages = {
        "list": client.get(list_url("postings:person_list")).content.decode(),
        "csv": "\n".join(map(",".join, [header, *rows])),
        "detail": client.get(f"{person.get_absolute_url()}?as_of={AS_OF}").content.decode(),
    }
    for where, text in pages.items():
        assert (person.service_number in text) is visible, (where, role)
    assert (person.personal_phone in pages["detail"]) is visible
    assert ("Service number" in pages["list"]) is visible


@pytest.mark.parametrize(("role", "found"), [("staff", 0), ("administrator", 1)])
def test_search_by_service_number_needs_the_permission(client_as, world, role, found):
    url = f"{reverse('postings:person_list')}?q={world.people[0].service_number}"
    response = client_as(role).get(url)
    assert response.context["table"].paginator.count == found


# --- Filters, on the as-of date ------------------------------------------------------------


def test_people_filters_read_the_posting_on_the_date(client_as, world):
    world.add_people(8)
    client = client_as("staff")

    def people(*query):
        return names(client.get(list_url("postings:person_list", *query)))

    abroad = world.of_kind("department") + world.of_kind("section")
    assert people("in_post=abroad") == shown(abroad)
    assert people("in_post=central") == shown(world.of_kind("central"))
    assert people("in_post=none") == shown(world.of_kind("none"))
    # A person in a section is based in the section's country, not the department's.
    assert people(f"country={world.country.pk}") == shown(world.of_kind("department"))
    assert people(f"country={world.neighbour.pk}") == shown(world.of_kind("section"))
    assert people(f"region={world.region.pk}") == shown(abroad)
    assert people(f"department={world.department.pk}") == shown(abroad)
    assert people(f"role={world.role.pk}", "in_post=central") == shown(world.of_kind("central"))
    assert people("languages=pashto") == shown(
        person for person in world.people if "Pashto" in person.languages
    )
    # Before anyone was posted, nobody was in post.
    before = list_url("postings:person_list", "in_post=none").replace(f"as_of={AS_OF}", "as_of=2019-06-01")
    assert names(client.get(before)) == shown(world.people)


def test_position_filters_and_vacancies(client_as, world):
    world.add_people(8)
    client = client_as("staff")
    vacant = {person.position_title for person in world.of_kind("none")}
    assert names(client.get(list_url("postings:position_list", "vacant=yes"))) == vacant
    assert names(client.get(list_url("postings:vacancy_list"))) == vacant
    in_section = {person.position_title for person in world.of_kind("section")}
    assert names(client.get(list_url("postings:position_list", "unit_kind=section"))) == in_section
    # On a date before the positions opened they are closed, and nothing is vacant.
    early = list_url("postings:position_list", "status=closed").replace(str(AS_OF), "2019-01-01")
    assert len(names(client.get(early))) == len(world.people)
    assert names(client.get(list_url("postings:vacancy_list").replace(str(AS_OF), "2019-01-01"))) == set()


def test_posting_list_shows_the_date_by_default_and_all_on_request(client_as, world):
    world.ended_postings(2, person=world.people[0], first=D(2015, 1, 1))
    client = client_as("staff")
    on_date = screen_table(client.get(list_url("postings:posting_list")))[1]
    every = screen_table(client.get(list_url("postings:posting_list", "active=all")))[1]
    assert len(every) == len(on_date) + 2
    assert len(screen_table(client.get(list_url("postings:posting_list", "active_on=2015-01-15")))[1]) == 1
    soon = [person for person in world.people if person.tour_end == SOON]
    assert names(client.get(list_url("postings:posting_list", "ending_before=2021-09-01"))) == shown(soon)


@pytest.mark.parametrize(("months", "ending"), [("3", {SOON}), ("6", {SOON, LATER}), ("", {SOON, LATER})])
def test_rotation_plan_window(client_as, world, months, ending):
    world.add_people(4)
    response = client_as("staff").get(list_url("postings:rotation_plan", f"months={months}"))
    expected = [person for person in world.people if person.tour_end in ending]
    assert names(response) == shown(expected)


# --- As of a date ---------------------------------------------------------------------


def test_person_page_shows_the_posting_of_the_date(client_as, world):
    person = world.people[0]
    old_position = world.new_position("section", f"{MARK}old post")
    factories.PostingFactory(
        person=person,
        position=old_position,
        start_date=D(2016, 1, 1),
        end_date=D(2018, 12, 31),
        end_reason=Posting.EndReason.COMPLETED,
    )
    client = client_as("staff")
    url = reverse("postings:person_detail", args=[person.pk])
    past = client.get(f"{url}?as_of=2017-03-01")
    assert past.context["current_posting"].position == old_position
    assert f"{MARK}old post" in past.content.decode()
    assert client.get(f"{url}?as_of={AS_OF}").context["current_posting"].position != old_position
    assert client.get(f"{url}?as_of=2019-06-01").context["current_posting"] is None
    # Links on the page keep the date.
    assert f"{old_position.get_absolute_url()}?as_of=2017-03-01" in past.content.decode()


def test_people_list_shows_where_each_was_posted_on_the_date(client_as, world):
    client = client_as("staff")
    rows = {row[0]: row for row in screen_table(client.get(list_url("postings:person_list")))[1]}
    in_section = world.of_kind("section")[0]
    assert rows[str(in_section)][5] == str(world.neighbour)
    assert rows[str(world.of_kind("none")[0])][4] == "Not in post"


def test_lists_reconcile_with_the_dashboard_figures(client_as):
    """The dashboard's cards link to these lists: same day, same count (demo data)."""
    from tests.figures import network_figures

    client = client_as("staff")
    for day in (datetime.date.today(), D(2019, 3, 1)):
        figures = network_figures(day)
        for url, key in [
            (f"{reverse('postings:person_list')}?in_post=abroad", "people_in_post_abroad"),
            (f"{reverse('postings:person_list')}?in_post=central", "people_in_post_in_france"),
            (f"{reverse('postings:vacancy_list')}?unit_kind=abroad", "vacancies_abroad"),
            (f"{reverse('postings:position_list')}?vacant=yes&unit_kind=abroad", "vacancies_abroad"),
        ]:
            response = client.get(f"{url}&as_of={day}")
            assert response.context["table"].paginator.count == figures[key], (url, day)
    assert figures["people_in_post_abroad"] > 0
