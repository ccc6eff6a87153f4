"""Typeahead choosers (base/choosers.py): JSON endpoints per kind of record (login and
view permission; need-to-know fields never shown; bounded; the portal's search rule),
the forms and filters that use them (a few options rendered, whatever the number of
records), "Post someone here", and the warning an implausible posting asks to confirm."""

import datetime
import html
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from base.groups import STAFF
from base.views import TypeaheadView
from network.models import Country, Department
from postings import choosers
from postings.models import Force, Person, Position, Posting, Rank, Role
from tests import factories

D = datetime.date
ENDPOINTS = {
    "network:country_choices": Country,
    "network:department_choices": Department,
    "network:section_choices": None,
    "network:unit_choices": None,
    "postings:person_choices": Person,
    "postings:position_choices": Position,
}


def choices(client, name, **params):
    response = client.get(reverse(name), params)
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_every_endpoint_is_a_typeahead_view():
    from tests.url_pages import all_pages

    routed = {page.name for page in all_pages() if page.is_subclass(TypeaheadView)}
    assert routed == set(ENDPOINTS)


@pytest.mark.parametrize("name", ENDPOINTS)
def test_each_endpoint_answers_staff_with_a_bounded_list(client_as, name):
    data = choices(client_as("staff"), name)
    assert 0 < len(data["results"]) <= TypeaheadView.limit
    assert all(set(result) == {"value", "label"} for result in data["results"])


@pytest.mark.parametrize("name", ENDPOINTS)
def test_endpoints_need_a_login(client, name):
    response = client.get(reverse(name), {"q": "a"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_endpoints_need_the_view_permission(client, users):
    user = users["staff"]
    group = Group.objects.get(name=STAFF)
    group.permissions.remove(Permission.objects.get(codename="view_person"))
    client.force_login(user)
    assert client.get(reverse("postings:person_choices"), {"q": "a"}).status_code == 403
    assert client.get(reverse("network:country_choices"), {"q": "a"}).status_code == 200


@pytest.mark.parametrize(
    "name,query,expected",
    [
        ("network:country_choices", "cote d'ivoire", "Côte d'Ivoire"),
        ("network:country_choices", "TURKIYE", "Türkiye"),
        ("network:country_choices", "bogota", "Colombia"),  # the capital
        ("network:department_choices", "bogota", "ISD Bogotá"),
    ],
)
def test_endpoints_search_as_the_portal_does(client_as, name, query, expected):
    labels = [result["label"] for result in choices(client_as("staff"), name, q=query)["results"]]
    assert labels and labels[0].startswith(expected), labels


def test_people_are_found_without_accents_best_match_first(client_as):
    client = client_as("staff")
    plain = choices(client, "postings:person_choices", q="noel")["results"]
    accented = choices(client, "postings:person_choices", q="Noël")["results"]
    assert plain and plain == accented
    assert all("NOËL" in result["label"] for result in plain[:3])


def test_results_are_bounded_and_say_there_are_more(client_as):
    factories.PersonFactory.create_batch(TypeaheadView.limit + 5, last_name="Zqxmany")
    data = choices(client_as("staff"), "postings:person_choices", q="zqxmany")
    assert len(data["results"]) == TypeaheadView.limit
    assert data["more"] is True


def test_open_keeps_records_open_on_the_page_date(client_as):
    department = factories.DepartmentFactory(start_date=D(2000, 1, 1), end_date=D(2005, 1, 1))
    city = department.embassy.city
    client = client_as("staff")
    assert choices(client, "network:department_choices", q=city)["results"]
    assert not choices(client, "network:department_choices", q=city, open="1")["results"]
    assert choices(client, "network:department_choices", q=city, open="1", as_of="2003-01-01")["results"]


def test_need_to_know_fields_are_never_shown_and_searched_only_by_those_allowed(client_as):
    person = factories.PersonFactory(last_name="Zqxsecret", service_number="QZX-777111")
    staff = client_as("staff")
    assert choices(staff, "postings:person_choices", q="QZX-777111")["results"] == []
    for role in ("staff", "administrator"):
        client = client_as(role)
        found = choices(client, "postings:person_choices", q="Zqxsecret")["results"]
        assert [result["value"] for result in found] == [str(person.pk)]
        assert "QZX-777111" not in str(found)
    administrator = client_as("administrator")
    by_number = choices(administrator, "postings:person_choices", q="QZX-777111")["results"]
    assert [result["value"] for result in by_number] == [str(person.pk)]
    assert "QZX-777111" not in str(by_number)


@pytest.mark.parametrize("query", ["a\x00b", "x" * 101])
def test_an_unusable_query_gets_a_message_not_an_error(client_as, query):
    response = client_as("staff").get(reverse("postings:person_choices"), {"q": query})
    assert response.status_code in {200, 400}
    data = response.json()
    assert data["results"] == [] or len(data["results"]) <= TypeaheadView.limit
    if "\x00" in query:
        assert response.status_code == 400 and "cannot be searched" in data["error"]


@pytest.mark.parametrize("name", ["postings:person_choices", "postings:position_choices"])
def test_endpoint_queries_do_not_grow(client_as, name, django_assert_max_num_queries):
    client = client_as("staff")
    factories.PostingFactory.create_batch(3, person__last_name="Zqxgrow", position__title="Zqxgrow post")
    url = reverse(name) + "?q=zqxgrow"
    with django_assert_max_num_queries(10) as captured:
        client.get(url)
    baseline = len(captured)
    factories.PostingFactory.create_batch(30, person__last_name="Zqxgrow", position__title="Zqxgrow post")
    with django_assert_max_num_queries(baseline):
        assert client.get(url).status_code == 200


# --- forms and filters ------------------------------------------------------------------------


def options_of(response, name):
    match = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', response.content.decode(), re.S)
    assert match, f"no <select name={name}>"
    return re.findall(r'<option value="([^"]*)"', match.group(1))


def test_the_posting_form_renders_few_options_and_a_typeahead(client_as):
    factories.PersonFactory.create_batch(60, last_name="Zqxcrowd")
    response = client_as("editor").get(reverse("postings:posting_add"))
    content = response.content.decode()
    for name, chooser in (("person", choosers.PEOPLE), ("position", choosers.POSITIONS)):
        assert len([value for value in options_of(response, name) if value]) == chooser.limit
        assert f'data-typeahead-url="{reverse(chooser.url_name)}' in content
    assert 'name="person_q"' in content and 'name="_find"' in content  # the way without JavaScript
    assert 'src="/static/js/typeahead.js"' in content
    assert 'id="find-heading"' not in content  # no separate "Find" form any more


@pytest.mark.parametrize(
    "name,fields",
    [
        ("postings:position_add", ("department", "section", "central_unit")),
        ("network:coverage_add", ("country", "department")),
    ],
)
def test_long_choice_lists_of_forms_are_typeaheads(client_as, name, fields):
    content = client_as("editor").get(reverse(name)).content.decode()
    for field in fields:
        assert re.search(rf'<select name="{field}"[^>]*data-typeahead-url=', content), field


@pytest.mark.parametrize(
    "name,fields",
    [
        ("postings:person_list", ("country", "department")),
        ("postings:posting_list", ("person", "country", "department")),
        ("network:section_list", ("country", "department")),
        ("network:country_list", ("department",)),
    ],
)
def test_long_choice_lists_of_filters_are_typeaheads(client_as, name, fields):
    content = client_as("staff").get(reverse(name)).content.decode()
    for field in fields:
        assert re.search(rf'<select name="{field}"[^>]*data-typeahead-url=', content), field


def test_the_person_filter_of_postings_shows_the_person_and_filters(client_as):
    posting = Posting.objects.select_related("person__rank").order_by("pk").first()
    client = client_as("staff")
    response = client.get(reverse("postings:posting_list"), {"person": posting.person.pk, "active": "all"})
    rows = [row.record for row in response.context["table"].page.object_list]
    assert rows and all(row.person_id == posting.person_id for row in rows)
    options = options_of(response, "person")
    assert str(posting.person.pk) in options and len(options) <= choosers.PEOPLE.limit + 2
    assert choosers.person_label(posting.person) in html.unescape(response.content.decode())


# --- Post someone here -------------------------------------------------------------------------


@pytest.fixture
def vacancy(db):
    position = factories.PositionFactory(
        role=Role.objects.get(code="isa"),
        title="Zqx vacant ISA",
        start_date=D(2000, 1, 1),
        required_force="either",
    )
    return position


def test_a_vacant_position_offers_post_someone_here_to_editors(client_as, vacancy):
    url = reverse("postings:position_detail", args=[vacancy.pk])
    add_url = f"{reverse('postings:posting_add')}?position={vacancy.pk}"
    assert add_url in html.unescape(client_as("editor").get(url).content.decode())
    assert add_url not in html.unescape(client_as("staff").get(url).content.decode())
    form = client_as("editor").get(add_url).context["form"]
    assert form.initial["position"] == vacancy.pk
    assert str(vacancy.pk) in options_of(client_as("editor").get(add_url), "position")


def test_the_vacancies_list_offers_post_someone_here_on_each_row(client_as, vacancy):
    url = reverse("postings:vacancy_list") + "?q=Zqx+vacant"
    add_url = f"{reverse('postings:posting_add')}?position={vacancy.pk}"
    assert add_url in html.unescape(client_as("editor").get(url).content.decode())
    assert add_url not in html.unescape(client_as("staff").get(url).content.decode())


# --- implausible postings ------------------------------------------------------------------------


def warrant_officer():
    rank = Rank.objects.get(force=Force.GENDARMERIE, name_en="Warrant Officer")
    return factories.PersonFactory(last_name="Zqxwarrant", force=Force.GENDARMERIE, rank=rank)


def test_a_warrant_officer_as_isa_is_a_warning_to_confirm(client_as, users, vacancy):
    person = warrant_officer()
    client = client_as("editor")
    url = reverse("postings:posting_add")
    data = {"person": person.pk, "position": vacancy.pk, "start_date": "2031-01-01"}
    response = client.post(url, data)
    assert response.status_code == 200
    content = html.unescape(response.content.decode())
    assert (
        'id="posting-warnings"' in content and "Squadron Leader" in content and "Warrant Officer" in content
    )
    assert 'name="confirm"' in content
    assert not Posting.objects.filter(person=person).exists()
    # Ticking the box without the pair the warning was about does not do.
    response = client.post(url, {**data, "confirm": "on"})
    assert response.status_code == 200 and not Posting.objects.filter(person=person).exists()
    pair = response.context["form"].confirmed_pair
    response = client.post(url, {**data, "confirm": "on", "confirmed_pair": pair})
    assert response.status_code == 302
    posting = Posting.objects.get(person=person)
    record = posting.history.get()
    assert record.history_user == users["editor"]
    assert "Warrant Officer" in record.history_change_reason


def test_a_senior_officer_as_isa_is_no_question(client_as, vacancy):
    rank = Rank.objects.get(force=Force.GENDARMERIE, name_en="Colonel")
    person = factories.PersonFactory(force=Force.GENDARMERIE, rank=rank)
    response = client_as("editor").post(
        reverse("postings:posting_add"),
        {"person": person.pk, "position": vacancy.pk, "start_date": "2031-01-01"},
    )
    assert response.status_code == 302
    assert Posting.objects.filter(person=person).exists()


def test_the_position_required_force_stays_an_error(client_as, vacancy):
    vacancy.required_force = "police"
    vacancy.save()
    person = warrant_officer()
    response = client_as("editor").post(
        reverse("postings:posting_add"),
        {"person": person.pk, "position": vacancy.pk, "start_date": "2031-01-01", "confirm": "on"},
    )
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert not response.context["form"].warnings  # an error is not a question
    assert not Posting.objects.filter(person=person).exists()


def test_the_minimum_rank_is_data_filled_by_the_demo_and_edited_in_the_admin(client_as):
    assert Role.objects.get(code="isa").minimum_rank_seniority is not None
    assert Role.objects.get(code="assistant").minimum_rank_seniority is None
    role = Role.objects.get(code="isa")
    content = client_as("administrator").get(reverse("admin:postings_role_change", args=[role.pk])).content
    assert b'name="minimum_rank_seniority"' in content
