"""Lists explain themselves: the filters a user set are chips, each removable, with
"clear all" (the as-of date kept); the columns shown are the user's choice, remembered
per table (a form that works without JavaScript); an empty result says which filters
matched nothing and offers to clear them."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from base.models import TablePreference
from network.models import Region
from tests import factories
from tests.page_checks import assert_queries_do_not_grow

PEOPLE = "postings:person_list"


def chips(response):
    return {chip.name: chip for chip in response.context["active_filters"]}


def query_of(url):
    return parse_qs(urlsplit(html.unescape(url)).query)


@pytest.fixture
def asia(db):
    return Region.objects.get(code="asia")


def test_each_filter_set_is_a_chip_with_its_label_and_value(client_as, asia):
    response = client_as("staff").get(
        reverse(PEOPLE), {"force": "gendarmerie", "region": asia.pk, "q": "noel", "as_of": "2020-01-01"}
    )
    found = chips(response)
    assert set(found) == {"force", "region", "q"}
    assert (found["force"].label, found["force"].value) == ("Force", "National Gendarmerie")
    assert (found["region"].label, found["region"].value) == ("Region", "Asia")
    content = html.unescape(response.content.decode())
    assert 'id="active-filters"' in content
    assert "Force: National Gendarmerie" in content


def test_removing_a_chip_keeps_the_others_and_the_date(client_as, asia):
    response = client_as("staff").get(
        reverse(PEOPLE), {"force": "gendarmerie", "region": asia.pk, "as_of": "2020-01-01", "page": "2"}
    )
    without_force = query_of(chips(response)["force"].remove_url)
    assert without_force == {"region": [str(asia.pk)], "as_of": ["2020-01-01"]}
    assert chips(response)["force"].remove_url.startswith(reverse(PEOPLE))
    cleared = query_of(response.context["clear_filters_url"])
    assert cleared == {"as_of": ["2020-01-01"]}


def test_a_default_filter_is_not_a_chip(client_as):
    response = client_as("staff").get(reverse("network:department_list"))
    assert chips(response) == {}
    response = client_as("staff").get(reverse("network:department_list"), {"status": "all"})
    assert chips(response)["status"].value == "All"


def test_an_empty_result_says_what_matched_nothing(client_as, asia):
    response = client_as("staff").get(
        reverse(PEOPLE), {"force": "gendarmerie", "region": asia.pk, "q": "zzqqxx"}
    )
    assert response.context["table"].paginator.count == 0
    content = html.unescape(response.content.decode())
    assert "No people match: Search = zzqqxx, Force = National Gendarmerie, Region = Asia." in content
    assert 'id="empty-state"' in content
    assert f'href="{reverse(PEOPLE)}"' in content  # clear the filters
    assert "<table" not in content.split('id="results"')[1]


def test_the_empty_state_in_french(client_as, asia):
    client = client_as("staff")
    client.cookies["django_language"] = "fr"
    content = html.unescape(
        client.get(reverse(PEOPLE), {"q": "zzqqxx"}, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    )
    assert "zzqqxx" in content and 'id="empty-state"' in content
    assert "No people match" not in content
    assert "Aucun résultat dans la liste des personnels pour\u00a0: Recherche = zzqqxx." in content


def test_invalid_filters_are_not_an_empty_state(client_as):
    response = client_as("staff").get(reverse(PEOPLE), {"force": "nonsense"})
    assert 'id="empty-state"' not in response.content.decode()
    assert "Some filters could not be applied" in response.content.decode()


# --- the column chooser -------------------------------------------------------------------------


def headers(response):
    table = response.content.decode().split('class="results-table"')[1].split("</thead>")[0]
    return [
        html.unescape(re.sub(r"<[^>]+>", "", th)).strip() for th in re.findall(r"<th\b.*?</th>", table, re.S)
    ]


def test_the_column_chooser_is_a_plain_form(client_as):
    content = client_as("staff").get(reverse(PEOPLE)).content.decode()
    chooser = content.split('id="column-chooser"')[1].split("</details>")[0]
    assert '<form method="post"' in chooser and "csrfmiddlewaretoken" in chooser
    assert 'name="columns" value="force"' in chooser
    assert 'value="name"' not in chooser  # the column naming the row stays


def test_chosen_columns_are_remembered_per_user_and_table(client_as, users):
    client = client_as("staff")
    url = reverse(PEOPLE) + "?force=police"
    response = client.post(url, {"columns": ["force", "country"], "columns_action": "save", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert TablePreference.objects.get(user=users["staff"]).columns == ["force", "country"]
    shown = headers(client.get(url))
    assert shown[:1] == ["Name"] and "Force" in shown and "Country" in shown
    assert "Rank" not in shown and "Posted at" not in shown
    # Another list and another user keep their default columns.
    assert "Role" in headers(client.get(reverse("postings:position_list")))
    assert "Rank" in headers(client_as("editor").get(url))


def test_the_export_keeps_every_column(client_as):
    client = client_as("staff")
    url = reverse(PEOPLE)
    client.post(url, {"columns": ["force"], "columns_action": "save"})
    header = client.get(url, {"_export": "csv"}).getvalue().decode("utf-8-sig").splitlines()[0]
    assert "Rank" in header and "Posted at" in header


def test_default_columns_again(client_as, users):
    client = client_as("staff")
    url = reverse(PEOPLE)
    client.post(url, {"columns": ["force"], "columns_action": "save"})
    client.post(url, {"columns_action": "reset"})
    assert not TablePreference.objects.filter(user=users["staff"]).exists()
    assert "Rank" in headers(client.get(url))


@pytest.mark.parametrize("bad", [["nonsense", "<script>"], ["x" * 5000], []])
def test_unknown_columns_are_ignored(client_as, users, bad):
    client = client_as("staff")
    response = client.post(reverse(PEOPLE), {"columns": bad, "columns_action": "save"})
    assert response.status_code == 302
    assert TablePreference.objects.get(user=users["staff"]).columns == []
    assert headers(client.get(reverse(PEOPLE))) == ["Name"]


def test_next_must_stay_on_the_portal(client_as):
    response = client_as("staff").post(
        reverse(PEOPLE), {"columns": ["force"], "columns_action": "save", "next": "https://example.com/"}
    )
    assert response["Location"] == reverse(PEOPLE)


def test_a_list_with_chosen_columns_keeps_its_queries(client_as, django_assert_max_num_queries):
    client = client_as("staff")
    url = reverse(PEOPLE) + "?q=zqxcols"
    client.post(url, {"columns": ["force", "country"], "columns_action": "save"})
    factories.PostingFactory.create_batch(3, person__last_name="Zqxcols")
    assert_queries_do_not_grow(
        client,
        url,
        lambda: factories.PostingFactory.create_batch(30, person__last_name="Zqxcols"),
        django_assert_max_num_queries,
    )
