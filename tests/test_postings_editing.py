"""Editing people, positions and postings in the browser: Editors write through the
postings services (the model's rules, history with the user), conflicts are explained
and write nothing, and users without the permission get 403 and see no edit buttons."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from postings.models import Force, Person, Position, Posting

from tests import factories

D = datetime.date
START = D(2020, 1, 1)

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(db):
    """A position in a department held since START by a police officer."""
    position = factories.PositionFactory(start_date=D(2015, 1, 1), title="Zqx liaison post")
    posting = factories.PostingFactory(
        position=position,
        person__last_name="Zqxholder",
        person__force=Force.POLICE,
        start_date=START,
        expected_end_date=D(2022, 12, 31),
    )
    return posting


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def edit_urls(posting):
    person, position = posting.person, posting.position
    return [
        reverse("postings:person_add"),
        reverse("postings:person_edit", args=[person.pk]),
        reverse("postings:person_delete", args=[person.pk]),
        reverse("postings:position_add"),
        reverse("postings:position_edit", args=[position.pk]),
        reverse("postings:position_delete", args=[position.pk]),
        reverse("postings:posting_add"),
        reverse("postings:posting_edit", args=[posting.pk]),
        reverse("postings:posting_end", args=[posting.pk]),
        reverse("postings:posting_delete", args=[posting.pk]),
    ]


# --- Who may edit --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "manager"])
def test_users_without_the_permission_get_403_and_nothing_changes(client_as, held, role):
    client = client_as(role)
    before = (Person.objects.count(), Position.objects.count(), Posting.objects.count())
    for url in edit_urls(held):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"end_date": "2021-01-01", "end_reason": "completed"}).status_code == 403, url
    assert (Person.objects.count(), Position.objects.count(), Posting.objects.count()) == before
    held.refresh_from_db()
    assert held.end_date is None


@pytest.mark.parametrize(
    ("role", "sees_buttons"), [("staff", False), ("editor", True), ("administrator", True)]
)
def test_edit_buttons_only_for_editors(client_as, held, role, sees_buttons):
    client = client_as(role)
    pages = {
        reverse("postings:person_detail", args=[held.person.pk]): [
            reverse("postings:person_edit", args=[held.person.pk]),
            f"{reverse('postings:posting_add')}?person={held.person.pk}",
        ],
        reverse("postings:position_detail", args=[held.position.pk]): [
            reverse("postings:position_edit", args=[held.position.pk])
        ],
        reverse("postings:posting_detail", args=[held.pk]): [
            reverse("postings:posting_edit", args=[held.pk]),
            reverse("postings:posting_end", args=[held.pk]),
            reverse("postings:posting_delete", args=[held.pk]),
        ],
        reverse("postings:person_list"): [reverse("postings:person_add")],
        reverse("postings:position_list"): [reverse("postings:position_add")],
        reverse("postings:posting_list"): [reverse("postings:posting_add")],
    }
    for page, links in pages.items():
        content = client.get(page).content.decode()
        for link in links:
            assert (f'href="{link}' in content) is sees_buttons, (page, link)


@pytest.mark.parametrize(
    "name", ["postings:person_add", "postings:position_add", "postings:posting_add", "postings:posting_end"]
)
def test_edit_forms_open_for_editors(client_as, held, name):
    url = reverse(name, args=[held.pk]) if name == "postings:posting_end" else reverse(name)
    response = client_as("editor").get(url)
    assert response.status_code == 200
    assert b"<label" in response.content


# --- Opening, changing and ending postings ---------------------------------------------


def test_editor_opens_a_posting(client_as, users, held):
    person = factories.PersonFactory(last_name="Zqxnewcomer", force=Force.GENDARMERIE)
    position = factories.PositionFactory(start_date=D(2015, 1, 1))
    response = client_as("editor").post(
        reverse("postings:posting_add"),
        {"person": person.pk, "position": position.pk, "start_date": "2021-09-01", "expected_end_date": ""},
    )
    posting = Posting.objects.get(person=person)
    assert response.status_code == 302
    assert response["Location"] == posting.get_absolute_url()
    assert posting.position == position and posting.start_date == D(2021, 9, 1)
    assert posting.expected_end_date == position.role.tour_end(D(2021, 9, 1))
    assert any("was saved" in message for message in messages_of(response))
    record = posting.history.get()
    assert record.history_user == users["editor"]
    history = client_as("editor").get(reverse("postings:posting_history", args=[posting.pk]))
    assert users["editor"].first_name in history.content.decode()


@pytest.mark.parametrize(
    ("who", "message"),
    [("same_person", "already holds"), ("same_position", "is already held by")],
)
def test_an_overlapping_posting_is_explained_and_nothing_is_written(client_as, held, who, message):
    other_position = factories.PositionFactory(start_date=D(2015, 1, 1))
    other_person = factories.PersonFactory(force=Force.POLICE)
    data = {
        "same_person": {"person": held.person.pk, "position": other_position.pk},
        "same_position": {"person": other_person.pk, "position": held.position.pk},
    }[who]
    count = Posting.objects.count()
    response = client_as("editor").post(reverse("postings:posting_add"), {**data, "start_date": "2021-03-01"})
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert str(held.person) in content or str(held.position) in content  # names the conflicting posting
    assert Posting.objects.count() == count


def test_a_person_of_the_wrong_force_is_refused_next_to_the_field(client_as, held):
    position = factories.PositionFactory(required_force="gendarmerie", start_date=D(2015, 1, 1))
    response = client_as("editor").post(
        reverse("postings:posting_add"),
        {"person": held.person.pk, "position": position.pk, "start_date": "2025-01-01"},
    )
    assert response.status_code == 200
    assert "requires" in " ".join(response.context["form"].errors["person"])
    assert not Posting.objects.filter(position=position).exists()


def test_posting_form_is_prefilled_from_vacancy_and_person_pages(client_as, held):
    client = client_as("editor")
    position_url = reverse("postings:position_detail", args=[held.position.pk])
    # Vacant after the holder leaves: the position's page offers to fill it.
    held.end_date, held.end_reason = D(2021, 1, 31), Posting.EndReason.COMPLETED
    held.save()
    page = client.get(f"{position_url}?as_of=2021-06-01").content.decode()
    fill = f"{reverse('postings:posting_add')}?position={held.position.pk}&amp;as_of=2021-06-01"
    assert fill in page
    form = client.get(fill.replace("&amp;", "&")).context["form"]
    assert form.initial["position"] == held.position.pk
    assert form.initial["start_date"] == D(2021, 6, 1)
    form = client.get(f"{reverse('postings:posting_add')}?person={held.person.pk}").context["form"]
    assert form.initial["person"] == held.person.pk


def test_editor_ends_a_posting_and_the_position_becomes_vacant(client_as, users, held):
    client = client_as("editor")
    response = client.post(
        reverse("postings:posting_end", args=[held.pk]),
        {"end_date": "2021-06-30", "end_reason": Posting.EndReason.CURTAILED, "note": "Medical repatriation"},
    )
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.end_date == D(2021, 6, 30) and held.end_reason == Posting.EndReason.CURTAILED
    assert any("ended" in message for message in messages_of(response))
    latest = held.history.first()
    assert latest.history_user == users["editor"] and latest.history_change_reason == "Medical repatriation"
    position_url = reverse("postings:position_detail", args=[held.position.pk])
    before = client.get(f"{position_url}?as_of=2021-06-30")
    after = client.get(f"{position_url}?as_of=2021-07-01")
    assert before.context["holding_on_day"] == held
    assert after.context["is_vacant_on_day"] and "Vacant" in after.content.decode()
    vacancies = client.get(f"{reverse('postings:vacancy_list')}?as_of=2021-07-01&q=Zqx")
    assert held.position in list(vacancies.context["table"].data)


def test_ending_needs_a_reason_and_a_date_after_the_start(client_as, held):
    client = client_as("editor")
    url = reverse("postings:posting_end", args=[held.pk])
    assert client.get(f"{url}?as_of=2021-03-15").context["form"]["end_date"].value() == D(2021, 3, 15)
    response = client.post(url, {"end_date": "2019-12-31", "end_reason": Posting.EndReason.COMPLETED})
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"]
    response = client.post(url, {"end_date": "2021-06-30", "end_reason": ""})
    assert response.context["form"].errors["end_reason"]
    held.refresh_from_db()
    assert held.end_date is None


def test_editor_changes_posting_dates(client_as, held):
    client = client_as("editor")
    url = reverse("postings:posting_edit", args=[held.pk])
    response = client.post(url, {"start_date": "2020-01-01", "expected_end_date": "2023-06-30"})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.expected_end_date == D(2023, 6, 30)
    response = client.post(url, {"start_date": "2020-01-01", "expected_end_date": "2019-06-30"})
    assert response.status_code == 200
    assert "cannot be before the start date" in " ".join(response.context["form"].errors["expected_end_date"])
    held.refresh_from_db()
    assert held.expected_end_date == D(2023, 6, 30)


def test_moving_a_posting_onto_another_changes_nothing(client_as, held):
    earlier = factories.PostingFactory(
        person=held.person,
        position=factories.PositionFactory(start_date=D(2015, 1, 1)),
        start_date=D(2017, 1, 1),
        end_date=D(2019, 12, 31),
        end_reason=Posting.EndReason.COMPLETED,
    )
    response = client_as("editor").post(
        reverse("postings:posting_edit", args=[earlier.pk]),
        {
            "start_date": "2017-01-01",
            "expected_end_date": "",
            "end_date": "2020-03-31",
            "end_reason": Posting.EndReason.COMPLETED,
        },
    )
    assert response.status_code == 200
    assert "already holds" in response.content.decode()
    earlier.refresh_from_db()
    assert earlier.end_date == D(2019, 12, 31)


# --- People and positions --------------------------------------------------------------------


PERSON = {
    "last_name": "Zqxnouveau",
    "first_name": "Léa",
    "force": Force.POLICE,
    "service_number": "ZQX-77",
    "email": "lea.zqxnouveau@interieur.gouv.fr",
    "personal_phone": "+33 6 11 22 33 44",
    "languages": "English, Arabic",
}


def test_editor_creates_a_person_and_cannot_see_sensitive_fields_when_changing(client_as, users):
    client = client_as("editor")
    response = client.post(reverse("postings:person_add"), PERSON)
    person = Person.objects.get(last_name="Zqxnouveau")
    assert response["Location"] == person.get_absolute_url()
    assert person.service_number == "ZQX-77" and person.history.get().history_user == users["editor"]
    edit = reverse("postings:person_edit", args=[person.pk])
    page = client.get(edit)
    assert "service_number" not in page.context["form"].fields
    assert "ZQX-77" not in page.content.decode() and "+33 6 11 22 33 44" not in page.content.decode()
    response = client.post(edit, {**PERSON, "service_number": "HACKED", "languages": "Russian"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.languages == "Russian" and person.service_number == "ZQX-77"
    admin_form = client_as("administrator").get(edit).context["form"]
    assert "service_number" in admin_form.fields


def test_a_rank_of_the_other_force_is_refused_next_to_the_field(client_as):
    rank = factories.RankFactory(force=Force.GENDARMERIE, name_en="Zqx colonel")
    response = client_as("editor").post(reverse("postings:person_add"), {**PERSON, "rank": rank.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["rank"]
    assert not Person.objects.filter(last_name="Zqxnouveau").exists()


def test_a_duplicate_service_number_is_refused(client_as, held):
    response = client_as("editor").post(
        reverse("postings:person_add"), {**PERSON, "service_number": held.person.service_number}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["service_number"]


@pytest.mark.parametrize("units", [(), ("department", "central_unit")], ids=["no unit", "two units"])
def test_a_position_belongs_to_exactly_one_unit(client_as, held, units):
    department = held.position.department
    values = {"department": department.pk, "central_unit": department.supervising_unit.pk}
    data = {
        "role": held.position.role.pk,
        "title": "Zqx new post",
        "required_force": "either",
        "theme": "drugs",
        "cooperation_kind": "operational",
        "serving_body": "dci",
        "start_date": "2021-01-01",
        **{unit: values[unit] for unit in units},
    }
    client = client_as("editor")
    response = client.post(reverse("postings:position_add"), data)
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1 and "exactly one unit" in errors[0]
    assert not Position.objects.filter(title="Zqx new post").exists()
    response = client.post(
        reverse("postings:position_add"), {**data, "central_unit": "", "department": department.pk}
    )
    position = Position.objects.get(title="Zqx new post")
    assert response["Location"] == position.get_absolute_url()
    assert position.department == department and position.theme == "drugs"


def test_a_person_with_postings_cannot_be_deleted(client_as, held):
    client = client_as("editor")
    response = client.post(reverse("postings:person_delete", args=[held.person.pk]))
    assert response.status_code == 302
    assert Person.objects.filter(pk=held.person.pk).exists()
    assert any("cannot be deleted" in message for message in messages_of(response))


def test_delete_after_confirmation(client_as, held):
    client = client_as("editor")
    url = reverse("postings:posting_delete", args=[held.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Yes, delete" in confirm.content.decode()
    response = client.post(url)
    assert response["Location"] == reverse("postings:posting_list")
    assert not Posting.objects.filter(pk=held.pk).exists()
    person = held.person
    response = client.post(reverse("postings:person_delete", args=[person.pk]))
    assert not Person.objects.filter(pk=person.pk).exists()


def test_posting_form_queries_do_not_grow_with_people_and_positions(
    client_as, held, django_assert_max_num_queries
):
    from tests.page_checks import assert_queries_do_not_grow

    def add_rows():
        for _ in range(20):
            factories.PostingFactory(start_date=START)

    client = client_as("editor")
    for url in (
        reverse("postings:posting_add"),
        reverse("postings:position_add"),
        reverse("postings:person_add"),
    ):
        assert_queries_do_not_grow(client, url, add_rows, django_assert_max_num_queries)


def option_values(response, name):
    return [str(value) for value, _ in response.context["form"].fields[name].choices if value != ""]


def test_posting_form_lists_a_short_list_and_finds_the_others(client_as, held):
    """Without JavaScript the person and position selects list a few records; "Find"
    (a submit button) narrows them to what was typed and saves nothing; a pre-filled
    person stays listed; any person may be chosen, listed or not."""
    from postings.choosers import PEOPLE

    factories.PersonFactory.create_batch(3, first_name="Zqxfind")
    client = client_as("editor")
    url = reverse("postings:posting_add")
    everyone = option_values(client.get(url), "person")
    assert len(everyone) == min(PEOPLE.limit, Person.objects.count())
    postings_before = Posting.objects.count()
    found = client.post(url, {"person_q": "zqxfind", "position_q": "Zqx liaison", "_find": "person"})
    assert found.status_code == 200 and not found.context["form"].errors
    assert Posting.objects.count() == postings_before
    assert sorted(option_values(found, "person")) == sorted(
        str(pk) for pk in Person.objects.filter(first_name="Zqxfind").values_list("pk", flat=True)
    )
    assert option_values(found, "position") == [str(held.position.pk)]
    # A pre-filled person stays listed whatever the search; anyone may be chosen.
    prefilled = client.post(url, {"person": held.person.pk, "person_q": "zqxfind", "_find": "person"})
    assert str(held.person.pk) in option_values(prefilled, "person")
    outsider = factories.PersonFactory(last_name="Zqxoutsider", force=Force.POLICE)
    assert str(outsider.pk) not in option_values(found, "person")
    position = factories.PositionFactory(start_date=D(2015, 1, 1), required_force="any")
    response = client.post(
        url,
        {"person": outsider.pk, "position": position.pk, "start_date": "2030-01-01", "person_q": "zqxfind"},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Posting.objects.filter(person=outsider, position=position).exists()
