"""Pages of people, positions and postings: each page is declared once (PAGES) and every
check runs over the declarations — status for staff and anonymous users, queries that do
not grow with rows, CSV equal to the screen, sensitive data, filters and the as-of date.

The rows the tests add are named "Zqx…" so a quick search (`q=Zqx`) puts exactly them on
the page, whatever the demo network holds.
"""

import csv
import datetime
import io
import itertools
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from network.models import Section
from postings.models import Force, Position, Posting
from tests import factories
from tests.page_checks import assert_queries_do_not_grow

D = datetime.date
AS_OF = D(2021, 6, 1)
START = D(2020, 1, 1)
SOON = D(2021, 8, 1)  # a tour ending within 3 months of AS_OF
LATER = D(2021, 10, 15)  # within 6 months, not 3
MARK = "Zqx"
HISTORY_START = D(2000, 1, 1)

pytestmark = pytest.mark.django_db


# --- A small, known corner of the network ----------------------------------------------


@dataclass
class World:
    """One department (in `country`) with a section (in `other_country`), a central unit,
    and people named Zqx… posted there in turn: department, section, central, not in post."""

    region: object
    country: object
    other_country: object
    department: object
    section: object
    central_unit: object
    role: object
    rank: object
    counter: itertools.count = field(default_factory=lambda: itertools.count(1))
    people: list = field(default_factory=list)

    KINDS = ("department", "section", "central", "none")

    def new_position(self, kind, title, **extra):
        unit = {
            "department": {"department": self.department},
            "section": {"department": None, "section": self.section},
            "central": {"department": None, "central_unit": self.central_unit},
        }[kind]
        extra.setdefault("start_date", START)
        return factories.PositionFactory(role=self.role, title=title, **unit, **extra)

    def add_people(self, count):
        """`count` people, each with a position of their own: held on AS_OF (tour ending
        SOON or LATER) or, for those not in post, vacant."""
        added = []
        for _ in range(count):
            number = next(self.counter)
            kind = self.KINDS[number % len(self.KINDS)]
            person = factories.PersonFactory(
                last_name=f"{MARK}person{number:03d}",
                service_number=f"ZQX{number:05d}",
                force=Force.POLICE,
                rank=self.rank,
                languages="English, Pashto" if number % 2 else "Spanish",
                personal_phone=f"+33 6 00 00 {number:04d}",
            )
            title = f"{MARK}position{number:03d}"
            person.kind, person.position_title = kind, title
            person.tour_end = None if kind == "none" else (SOON if number % 2 else LATER)
            if kind == "none":
                self.new_position("department", title)
            else:
                factories.PostingFactory(
                    person=person,
                    position=self.new_position(kind, title),
                    start_date=START,
                    expected_end_date=person.tour_end,
                )
            added.append(person)
        self.people.extend(added)
        return added

    def of_kind(self, kind):
        return [person for person in self.people if person.kind == kind]


@pytest.fixture
def world():
    region = factories.RegionFactory()
    country = factories.CountryFactory(region=region)
    other_country = factories.CountryFactory(region=region)
    department = factories.DepartmentFactory(embassy__country=country, embassy__city=f"{MARK}city")
    section = Section.objects.create(
        department=department, country=other_country, city=f"{MARK}sectioncity", start_date=START
    )
    world = World(
        region=region,
        country=country,
        other_country=other_country,
        department=department,
        section=section,
        central_unit=factories.DirectorateUnitFactory(),
        role=factories.RoleFactory(tour_months=24),
        rank=factories.RankFactory(force=Force.POLICE),
    )
    world.add_people(5)
    return world


def add_sequential_postings(count, *, person=None, position=None, world=None, first=HISTORY_START):
    """`count` ended postings one after another (30 days each) for `person` or in `position`."""
    for index in range(count):
        start = first + datetime.timedelta(days=30 * index)
        factories.PostingFactory(
            person=person or factories.PersonFactory(force=Force.POLICE, rank=world.rank),
            position=position
            or world.new_position(World.KINDS[index % 3], f"History post {index}", start_date=first),
            start_date=start,
            end_date=start + datetime.timedelta(days=29),
            end_reason=Posting.EndReason.COMPLETED,
        )


def add_history(obj, count):
    """`count` changes to `obj`, each a history record."""
    for index in range(count):
        if isinstance(obj, Position):
            obj.title = f"{MARK}retitled {index}"
        elif isinstance(obj, Posting):
            obj.expected_end_date = SOON + datetime.timedelta(days=index + 1)
        else:
            obj.specialties = f"change {index}"
        obj.save()


# --- The pages, declared once ----------------------------------------------------------


@dataclass(frozen=True)
class Page:
    name: str
    query: str = ""  # a list's query string that shows the world's rows only
    target: str | None = None  # detail pages: how to find the object in the world
    grow: str = "people"  # what to add for the query-count check
    is_list: bool = False

    def __str__(self):
        return f"{self.name}{'?' + self.query if self.query else ''}"

    def obj(self, world):
        first = world.people[0]  # in post on AS_OF
        posting = first.postings.get(start_date=START)
        return {"person": first, "position": posting.position, "posting": posting}[self.target]

    def url(self, world, extra=""):
        query = "&".join(part for part in (f"as_of={AS_OF}", self.query, extra) if part)
        if self.target is None:
            return f"{reverse(self.name)}?{query}"
        return f"{reverse(self.name, args=[self.obj(world).pk])}?{query}"

    def add_rows(self, world, count):
        if self.grow == "people":
            world.add_people(count)
        elif self.grow == "postings_of_person":
            add_sequential_postings(count, person=self.obj(world), world=world)
        elif self.grow == "holders":
            add_sequential_postings(count, position=self.obj(world), world=world)
        elif self.grow == "history":
            add_history(self.obj(world), count)


def list_page(name, query=""):
    return Page(name, query=f"q={MARK}&per_page=250{'&' + query if query else ''}", is_list=True)


PAGES = [
    list_page("postings:person_list"),
    list_page("postings:position_list"),
    list_page("postings:vacancy_list"),
    list_page("postings:posting_list"),
    list_page("postings:posting_list", "active=all"),
    list_page("postings:rotation_plan", "months=12"),
    Page("postings:person_detail", target="person", grow="postings_of_person"),
    Page("postings:position_detail", target="position", grow="holders"),
    Page("postings:posting_detail", target="posting", grow="people"),
    Page("postings:person_history", target="person", grow="history"),
    Page("postings:position_history", target="position", grow="history"),
    Page("postings:posting_history", target="posting", grow="history"),
]
LISTS = [page for page in PAGES if page.is_list]


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_staff_can_open_every_page(client_as, world, page):
    response = client_as("staff").get(page.url(world))
    assert response.status_code == 200


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_anonymous_users_are_sent_to_login(client_as, world, page):
    response = client_as(None).get(page.url(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("page", PAGES, ids=str)
@pytest.mark.parametrize("role", ["staff", "administrator"])
def test_queries_do_not_grow_from_5_to_50_rows(client_as, world, page, role, django_assert_max_num_queries):
    client = client_as(role)
    url = page.url(world)
    baseline = assert_queries_do_not_grow(
        client, url, lambda: page.add_rows(world, 45), django_assert_max_num_queries
    )
    assert baseline < 25, f"{page}: {baseline} queries"
    if page.is_list:  # the added rows are on the page
        assert client.get(url).context["table"].paginator.count >= 10


@pytest.mark.parametrize("page", LISTS, ids=str)
def test_csv_export_queries_do_not_grow(client_as, world, page, django_assert_max_num_queries):
    assert_queries_do_not_grow(
        client_as("staff"),
        page.url(world, "_export=csv"),
        lambda: page.add_rows(world, 45),
        django_assert_max_num_queries,
    )


# --- CSV = what is on screen --------------------------------------------------------------


class TableRows(HTMLParser):
    """The text of each cell of the first table's body."""

    def __init__(self):
        super().__init__()
        self.rows, self.in_body, self.cell = [], False, None

    def handle_starttag(self, tag, attrs):
        if tag == "tbody" and not self.rows:
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append([])
        elif self.in_body and tag == "td":
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_body = False
        elif tag == "td" and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def screen_rows(response):
    parser = TableRows()
    parser.feed(response.content.decode())
    return parser.rows


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


FILTERED_LISTS = [
    ("postings:person_list", "in_post=abroad&sort=-name"),
    ("postings:position_list", "vacant=no&sort=unit"),
    ("postings:vacancy_list", "sort=-position"),
    ("postings:posting_list", "ending_before=2021-09-01"),
    ("postings:rotation_plan", "months=3"),
]


@pytest.mark.parametrize(("name", "filters"), FILTERED_LISTS)
def test_csv_export_is_the_filtered_list_on_screen(client_as, world, name, filters):
    world.add_people(7)
    client = client_as("staff")
    page = list_page(name, filters)
    on_screen = screen_rows(client.get(page.url(world)))
    exported = csv_rows(client.get(page.url(world, "_export=csv")))
    header, exported = exported[0], exported[1:]
    assert on_screen, "the filter should leave rows to compare"
    assert len(header) == len(on_screen[0])
    assert [row[0] for row in exported] == [row[0] for row in on_screen]
    if name != "postings:vacancy_list":  # the filter did filter
        assert len(screen_rows(client.get(list_page(name).url(world)))) > len(on_screen)


# --- Sensitive personnel data --------------------------------------------------------------


@pytest.mark.parametrize(("role", "shown"), [("staff", False), ("editor", False), ("administrator", True)])
def test_sensitive_fields_only_for_those_allowed(client_as, world, role, shown):
    client = client_as(role)
    person = world.people[0]
    secrets = [person.service_number, person.personal_phone]
    pages = {
        "list": client.get(list_page("postings:person_list").url(world)).content.decode(),
        "csv": "\n".join(
            map(",".join, csv_rows(client.get(list_page("postings:person_list").url(world, "_export=csv"))))
        ),
        "detail": client.get(Page("postings:person_detail", target="person").url(world)).content.decode(),
    }
    for where, text in pages.items():
        assert (person.service_number in text) is shown, (where, role)
    assert (secrets[1] in pages["detail"]) is shown
    assert ("Service number" in pages["list"]) is shown


@pytest.mark.parametrize(("role", "found"), [("staff", 0), ("administrator", 1)])
def test_search_by_service_number_needs_the_permission(client_as, world, role, found):
    url = f"{reverse('postings:person_list')}?q={world.people[0].service_number}"
    response = client_as(role).get(url)
    assert response.context["table"].paginator.count == found


# --- Filters, on the as-of date ------------------------------------------------------------


def names(response):
    return {row[0] for row in screen_rows(response)}


def shown(people):
    return {str(person) for person in people}


def test_people_filters_read_the_posting_on_the_date(client_as, world):
    world.add_people(8)
    client = client_as("staff")
    url = list_page("postings:person_list").url
    abroad = world.of_kind("department") + world.of_kind("section")
    assert names(client.get(url(world, "in_post=abroad"))) == shown(abroad)
    assert names(client.get(url(world, "in_post=central"))) == shown(world.of_kind("central"))
    assert names(client.get(url(world, "in_post=none"))) == shown(world.of_kind("none"))
    assert names(client.get(url(world, f"country={world.country.pk}"))) == shown(world.of_kind("department"))
    assert names(client.get(url(world, f"region={world.region.pk}"))) == shown(abroad)
    assert names(client.get(url(world, f"department={world.department.pk}"))) == shown(abroad)
    assert names(client.get(url(world, f"role={world.role.pk}&in_post=central"))) == shown(
        world.of_kind("central")
    )
    assert names(client.get(url(world, "languages=pashto"))) == shown(
        person for person in world.people if "Pashto" in person.languages
    )
    # Before anyone was posted, nobody was in post.
    before = url(world).replace(f"as_of={AS_OF}", "as_of=2019-06-01")
    assert names(client.get(f"{before}&in_post=none")) == shown(world.people)


def test_position_filters_and_vacancies(client_as, world):
    world.add_people(8)
    client = client_as("staff")
    vacant = {person.position_title for person in world.of_kind("none")}
    assert names(client.get(list_page("postings:position_list").url(world, "vacant=yes"))) == vacant
    assert names(client.get(list_page("postings:vacancy_list").url(world))) == vacant
    in_section = {person.position_title for person in world.of_kind("section")}
    assert (
        names(client.get(list_page("postings:position_list").url(world, "unit_kind=section"))) == in_section
    )
    # On a date before the positions opened they are closed, and nothing is vacant.
    early = list_page("postings:position_list").url(world, "status=closed").replace(str(AS_OF), "2019-01-01")
    assert len(names(client.get(early))) == len(world.people)
    assert (
        names(client.get(list_page("postings:vacancy_list").url(world).replace(str(AS_OF), "2019-01-01")))
        == set()
    )


def test_posting_list_shows_the_date_by_default_and_all_on_request(client_as, world):
    ended = world.people[0]
    add_sequential_postings(2, person=ended, world=world, first=D(2015, 1, 1))
    client = client_as("staff")
    url = list_page("postings:posting_list").url
    on_date = screen_rows(client.get(url(world)))
    every = screen_rows(client.get(url(world, "active=all")))
    assert len(every) == len(on_date) + 2
    assert len(screen_rows(client.get(url(world, "active_on=2015-01-15")))) == 1
    soon = [person for person in world.people if person.tour_end == SOON]
    assert names(client.get(url(world, "ending_before=2021-09-01"))) == shown(soon)


@pytest.mark.parametrize(("months", "ending"), [("3", {SOON}), ("6", {SOON, LATER}), ("", {SOON, LATER})])
def test_rotation_plan_window(client_as, world, months, ending):
    world.add_people(4)
    response = client_as("staff").get(list_page("postings:rotation_plan").url(world, f"months={months}"))
    expected = [person for person in world.people if person.tour_end in ending]
    assert names(response) == shown(expected)


def test_bad_filter_values_are_explained_not_errors(client_as, world):
    client = client_as("staff")
    for page, query in [
        ("postings:posting_list", "active_on=not-a-date"),
        ("postings:rotation_plan", "months=7"),
        ("postings:person_list", "department=abc"),
        ("postings:position_list", "vacant=maybe&per_page=9999"),
    ]:
        response = client.get(f"{reverse(page)}?{query}")
        assert response.status_code == 200
        assert response.context["filter"].errors


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
    rows = {row[0]: row for row in screen_rows(client.get(list_page("postings:person_list").url(world)))}
    in_section = world.of_kind("section")[0]
    assert rows[str(in_section)][5] == str(world.other_country)
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


def test_htmx_requests_get_the_results_only(client_as, world):
    url = list_page("postings:person_list", "in_post=central").url(world)
    response = client_as("staff").get(url, headers={"HX-Request": "true", "HX-Target": "results"})
    content = response.content.decode()
    assert "<html" not in content and "<table" in content
    assert names(response) == shown(world.of_kind("central"))
