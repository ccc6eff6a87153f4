"""History reads like a sentence: labels and display values, not codes ("Curtailed", not
"curtailed"; "—", not "None"; dates in the language's format), names of related records,
not ids, read in one query per model; every change attributed with its reason, admin
inline edits included; and a "Recent changes" page across the portal, filterable,
paginated and permission-aware."""

import datetime
import html
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from base.admin import ADMIN_INLINE_REASON
from base.services import save_validated
from network.models import Country
from postings import services
from postings.models import Person, Posting, Rank
from tests import factories
from tests.html_forms import edit_form
from tests.url_pages import page_named

D = datetime.date


def text_of(response):
    assert response.status_code == 200
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.fixture
def ended(users):
    posting = factories.PostingFactory(start_date=D(2020, 1, 1), expected_end_date=D(2022, 12, 31))
    services.posting_end(
        posting=posting,
        end_date=D(2021, 3, 31),
        end_reason=Posting.EndReason.CURTAILED,
        user=users["editor"],
        reason="Medical repatriation",
    )
    return posting


def test_a_change_reads_like_a_sentence(client_as, ended):
    text = text_of(client_as("staff").get(reverse("postings:posting_history", args=[ended.pk])))
    assert "End reason set to “Curtailed”" in text
    assert "Actual end set to “31 March 2021”" in text or "End date set to “31 March 2021”" in text
    assert "Reason: Medical repatriation" in text
    assert "Editor" in text
    for raw in ("curtailed", "None", "2021-03-31"):
        assert raw not in text, raw


def test_a_creation_lists_its_values_with_names_not_ids(client_as, ended):
    text = text_of(client_as("staff").get(reverse("postings:posting_history", args=[ended.pk])))
    assert f"Person : {ended.person}" in text
    assert f"Position : {ended.position}" in text
    assert f"{ended.person.pk}" not in text.split("History")[-1].split("Person :")[1][:20]


def test_a_changed_foreign_key_is_named(client_as, users):
    person = factories.PersonFactory(
        force="gendarmerie", rank=Rank.objects.get(force="gendarmerie", name_en="Captain")
    )
    person.rank = Rank.objects.get(force="gendarmerie", name_en="Colonel")
    save_validated(person, user=users["editor"])
    text = text_of(client_as("staff").get(reverse("postings:person_history", args=[person.pk])))
    assert "Rank changed from “Captain (National Gendarmerie)” to “Colonel (National Gendarmerie)”" in text


def test_a_cleared_value_says_what_it_was(client_as, users):
    country = Country.objects.get(iso2="NP")
    capital = country.capital
    country.capital = ""
    save_validated(country, user=users["administrator"])
    text = text_of(client_as("staff").get(reverse("network:country_history", args=["NP"])))
    assert f"Capital in English cleared (was “{capital}”)" in text


def test_history_pages_read_related_names_in_one_query_per_model(
    client_as, users, django_assert_max_num_queries
):
    person = factories.PersonFactory(force="gendarmerie")
    ranks = list(Rank.objects.filter(force="gendarmerie"))
    url = reverse("postings:person_history", args=[person.pk])
    client = client_as("staff")

    def change_rank(times):
        for i in range(times):
            person.rank = ranks[i % len(ranks)]
            save_validated(person, user=users["editor"])

    change_rank(2)
    with django_assert_max_num_queries(30) as captured:
        client.get(url)
    baseline = len(captured)
    change_rank(20)
    with django_assert_max_num_queries(baseline):
        assert client.get(url).status_code == 200


# --- the admin: inline rows --------------------------------------------------------------------


def test_an_admin_inline_edit_is_attributed_with_its_reason_and_leaves_no_empty_record(client_as, users):
    posting = Posting.objects.filter(end_date__isnull=True).select_related("person").order_by("pk").first()
    person = posting.person
    client = client_as("administrator")
    url = page_named("admin:postings_person_change").url(object_id=person.pk)
    data = edit_form(client.get(url)).data()
    field = next(
        name
        for name, value in data.items()
        if name.endswith("-expected_end_date") and value == posting.expected_end_date.isoformat()
    )
    data[field] = (posting.expected_end_date + datetime.timedelta(days=30)).isoformat()
    person_records = person.history.count()
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert person.history.count() == person_records, "the person itself did not change"
    record = posting.history.order_by("-history_date", "-history_id").first()
    assert record.history_user == users["administrator"]
    assert record.history_change_reason == str(ADMIN_INLINE_REASON % {"record": person})
    text = text_of(client_as("staff").get(reverse("postings:posting_history", args=[posting.pk])))
    assert "Expected end of tour changed from" in text
    assert "Reason: Changed in the administration, on the page of" in text


def test_saving_an_unchanged_form_writes_no_history(client_as):
    person = Person.objects.order_by("pk").first()
    client = client_as("editor")
    url = reverse("postings:person_edit", args=[person.pk])
    records = person.history.count()
    response = client.post(url, edit_form(client.get(url)).data())
    assert response.status_code == 302
    assert person.history.count() == records


# --- recent changes -----------------------------------------------------------------------------

RECENT = "recent_changes"


def entries(response):
    return response.context["entries"]


def test_recent_changes_shows_the_latest_first_as_sentences(client_as, ended):
    response = client_as("staff").get(reverse(RECENT))
    first = entries(response)[0]
    assert first.record.instance_type is Posting and first.record.id == ended.pk
    text = text_of(response)
    assert "End reason set to “Curtailed”" in text
    assert f'href="{ended.get_absolute_url()}"' in response.content.decode()


def test_recent_changes_filter_by_who_kind_and_date(client_as, users, ended):
    client = client_as("staff")
    by_editor = entries(client.get(reverse(RECENT), {"who": users["editor"].pk}))
    assert by_editor and all(entry.record.history_user_id == users["editor"].pk for entry in by_editor)
    countries = entries(client.get(reverse(RECENT), {"kind": "network.Country"}))
    assert countries and all(entry.model is Country for entry in countries)
    today = datetime.date.today()
    since_tomorrow = entries(
        client.get(reverse(RECENT), {"since": (today + datetime.timedelta(days=1)).isoformat()})
    )
    assert since_tomorrow == []
    until_today = entries(
        client.get(reverse(RECENT), {"until": today.isoformat(), "who": users["editor"].pk})
    )
    assert until_today


def test_recent_changes_is_paginated(client_as):
    response = client_as("staff").get(reverse(RECENT), {"page": 2})
    assert response.context["page"].number == 2
    assert len(entries(response)) == 50
    assert response.context["page"].paginator.count > 100


@pytest.mark.parametrize(
    "params",
    [
        {"who": "x"},
        {"kind": "auth.User"},
        {"since": "2019-02-30"},
        {"page": "-1"},
        {"page": "99999999"},
        {"who": "1\x00"},
    ],
)
def test_recent_changes_survives_bad_parameters(client_as, params):
    response = client_as("staff").get(reverse(RECENT), params)
    assert response.status_code == 200


def test_recent_changes_only_shows_records_the_user_may_view(client, users, ended):
    user = users["staff"]
    Group.objects.get(name="Staff").permissions.remove(Permission.objects.get(codename="view_posting"))
    client.force_login(user)
    response = client.get(reverse(RECENT))
    assert all(entry.model is not Posting for entry in entries(response))
    assert "Postings" not in [label for _value, label in response.context["form"].fields["kind"].choices]
    response = client.get(reverse(RECENT), {"kind": "postings.Posting"})
    assert all(entry.model is not Posting for entry in entries(response))


def test_recent_changes_hide_need_to_know_values(client_as, users):
    person = Person.objects.order_by("pk").first()
    person.service_number = "QZX-909090"
    save_validated(person, user=users["administrator"])
    staff = text_of(client_as("staff").get(reverse(RECENT), {"kind": "postings.Person"}))
    assert "QZX-909090" not in staff
    administrator = text_of(client_as("administrator").get(reverse(RECENT), {"kind": "postings.Person"}))
    assert "QZX-909090" in administrator


def test_recent_changes_keeps_its_queries(client_as, users, django_assert_max_num_queries):
    """A page of 2 changes and a page of 50 cost the same queries (names read per model)."""
    client = client_as("staff")
    url = reverse(RECENT) + f"?who={users['editor'].pk}"
    people = list(Person.objects.filter(rank__isnull=False).select_related("rank").order_by("pk")[:60])
    ranks = list(Rank.objects.all())

    def change(batch):
        for i, person in enumerate(batch):
            person.languages = f"Zqx {i}"
            person.rank = next(r for r in ranks if r.force == person.force and r.pk != person.rank_id)
            save_validated(person, user=users["editor"])
        factories.PostingFactory.create_batch(len(batch) // 10 or 1)

    change(people[:2])
    with django_assert_max_num_queries(60) as captured:
        assert len(entries(client.get(url))) == 2
    baseline = len(captured)
    change(people[2:])
    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    assert len(entries(response)) == 50


def test_recent_changes_is_in_the_navigation(client_as):
    content = client_as("staff").get(reverse("dashboard")).content.decode()
    assert f'href="{reverse(RECENT)}"' in content
