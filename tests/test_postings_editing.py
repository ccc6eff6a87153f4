"""What is proper to editing people, positions and postings in the browser: the rules of
the postings services explained next to their field and writing nothing, the end of a
tour, need-to-know fields, the forms' short lists and pre-filled values. The generic
part — who may open and post each form, what it saves, with history, its buttons and
queries — is generated per model in tests/test_pages.py.
"""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from postings.models import Force, Person, Position, Posting
from tests import factories
from tests.view_tests import links_to

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


def test_person_and_position_pages_offer_to_post_only_to_editors(client_as, held):
    """The "Post this person" link of a person's page, "Fill this vacancy" of a vacant position's."""
    held.end_date, held.end_reason = D(2021, 1, 31), Posting.EndReason.COMPLETED
    held.save()
    post_person = f"{reverse('postings:posting_add')}?person={held.person.pk}"
    fill = f"{reverse('postings:posting_add')}?position={held.position.pk}"
    for role, allowed in [("staff", False), ("manager", False), ("editor", True)]:
        client = client_as(role)
        person_page = client.get(held.person.get_absolute_url()).content.decode()
        position_page = client.get(f"{held.position.get_absolute_url()}?as_of=2021-06-01").content.decode()
        assert links_to(person_page, post_person) is allowed, role
        assert links_to(position_page, fill) is allowed, role


# --- Opening, changing and ending postings ---------------------------------------------


def test_a_posting_without_expected_end_gets_the_normal_tour_of_its_role(client_as, held):
    person = factories.PersonFactory(last_name="Zqxnewcomer", force=Force.GENDARMERIE)
    position = factories.PositionFactory(start_date=D(2015, 1, 1))
    response = client_as("editor").post(
        reverse("postings:posting_add"),
        {"person": person.pk, "position": position.pk, "start_date": "2021-09-01", "expected_end_date": ""},
    )
    assert response.status_code == 302
    posting = Posting.objects.get(person=person)
    assert posting.expected_end_date == position.role.tour_end(D(2021, 9, 1))


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


def test_an_ended_posting_keeps_its_note_and_leaves_the_position_vacant(client_as, users, held):
    client = client_as("editor")
    response = client.post(
        reverse("postings:posting_end", args=[held.pk]),
        {"end_date": "2021-06-30", "end_reason": Posting.EndReason.CURTAILED, "note": "Medical repatriation"},
    )
    assert response.status_code == 302
    latest = held.history.first()
    assert latest.history_user == users["editor"] and latest.history_change_reason == "Medical repatriation"
    position_url = reverse("postings:position_detail", args=[held.position.pk])
    before = client.get(f"{position_url}?as_of=2021-06-30")
    after = client.get(f"{position_url}?as_of=2021-07-01")
    assert before.context["holding_on_day"] == held
    assert after.context["is_vacant_on_day"] and after.context["holding_on_day"] is None
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


def test_an_expected_end_before_the_start_is_refused(client_as, held):
    url = reverse("postings:posting_edit", args=[held.pk])
    response = client_as("editor").post(url, {"start_date": "2020-01-01", "expected_end_date": "2019-06-30"})
    assert response.status_code == 200
    assert response.context["form"].errors["expected_end_date"]
    held.refresh_from_db()
    assert held.expected_end_date == D(2022, 12, 31)


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
