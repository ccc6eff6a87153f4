"""The forgiving search (base/search.py), the one matching rule of the global search,
every list's quick search and the typeahead choosers: accents and case ignored on every
database, small typos forgiven on PostgreSQL, the best match first, need-to-know
identifiers only for those allowed, and a clear message for what cannot be searched."""

import pytest
from django.db import connection
from django.urls import reverse

from base.search import SearchError, fold, search, search_words
from network.models import Country
from postings.models import Person
from tests import factories
from tests.page_checks import assert_queries_do_not_grow

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")

# What a keyboard without French accents types, and what the data holds.
PLAIN_AND_ACCENTED = [("noel", "Noël"), ("Bogota", "Bogotá"), ("cote d'ivoire", "Côte d'Ivoire")]


@pytest.mark.parametrize(
    "text,folded",
    [
        ("Noël", "noel"),
        ("Côte d’Ivoire", "cote d'ivoire"),
        ("TÜRKIYE", "turkiye"),
        ("Œuvre Straße Łódź", "oeuvre strasse lodz"),
        ("Hervé", "herve"),
        (None, None),
    ],
)
def test_fold_lowers_and_strips_accents(text, folded):
    assert fold(text) == folded


def test_the_database_folds_as_python_does(db):
    """The same `portal_fold` on both databases: unaccent on PostgreSQL, `fold` on SQLite."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT portal_fold(%s), portal_fold(%s)", ["Côte d'Ivoire", "Türkiye NOËL"])
        assert cursor.fetchone() == ("cote d'ivoire", "turkiye noel")


def test_search_words_refuse_what_cannot_be_searched():
    with pytest.raises(SearchError, match="cannot be searched"):
        search_words("a\x00b")
    with pytest.raises(SearchError, match="too long"):
        search_words("x" * 101)
    assert search_words("Côte d’Ivoire!") == ["cote", "ivoire"]
    assert search_words("d e") == ["d", "e"]


def global_results(client, query, key):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    results = response.context["results"] or {}
    sections = {section["key"]: section for section in results.get("sections", ())}
    return [str(record) for record in sections[key]["results"]] if key in sections else []


@pytest.mark.parametrize("plain,accented", PLAIN_AND_ACCENTED)
def test_the_global_search_ignores_accents_and_case(client_as, plain, accented):
    client = client_as("staff")
    for key in ("people", "countries", "embassies", "departments"):
        expected = global_results(client, accented, key)
        assert global_results(client, plain, key) == expected, key
        assert global_results(client, plain.upper(), key) == expected, key
    assert any(global_results(client, plain, key) for key in ("people", "countries", "embassies"))


@pytest.mark.parametrize(
    "query,country",
    [("Turkiye", "TR"), ("cote d'ivoire", "CI"), ("bogota", "CO"), ("CURACAO", "CW"), ("reunion", "RE")],
)
def test_countries_are_found_without_accents(client_as, query, country):
    expected = str(Country.objects.get(iso2=country))
    assert global_results(client_as("staff"), query, "countries")[0] == expected


@pytest.mark.parametrize("plain,accented", [("noel", "Noël"), ("herve", "Hervé")])
def test_the_list_quick_search_ignores_accents_and_case(client_as, plain, accented):
    client = client_as("staff")
    url = reverse("postings:person_list")

    def found(query):
        table = client.get(url, {"q": query, "per_page": 250}).context["table"]
        return sorted(row.record.pk for row in table.page.object_list)

    expected = found(accented)
    assert expected, f"the demo network has people named {accented}"
    assert found(plain) == expected
    assert found(plain.upper()) == expected


def test_the_best_match_comes_first(db):
    """Exact name, then a name starting with the query, then a word of it, then anywhere."""
    inside = factories.PersonFactory(last_name="Lezqxmartin")
    word = factories.PersonFactory(last_name="Dos Zqxmartin")
    prefix = factories.PersonFactory(last_name="Zqxmartinez")
    exact = factories.PersonFactory(last_name="Zqxmartin")
    found = list(search(Person.objects.order_by("last_name"), ["last_name", "first_name"], "zqxmartin"))
    # On PostgreSQL near misses (MARTIN) follow.
    assert found[:4] == [exact, prefix, word, inside]


def test_every_word_must_match(db):
    factories.PersonFactory(last_name="Zqxword", first_name="Anne")
    factories.PersonFactory(last_name="Zqxword", first_name="Marc")
    found = search(Person.objects.all(), ["last_name", "first_name"], "zqxword ANNE")
    assert [person.first_name for person in found] == ["Anne"]


def test_a_nul_byte_in_a_list_search_is_refused_with_a_message(client_as):
    response = client_as("staff").get(reverse("postings:person_list"), {"q": "a\x00b"})
    assert response.status_code == 200
    assert response.context["filter"].errors
    assert "Some filters could not be applied" in response.content.decode()


def test_a_list_search_keeps_its_queries_when_people_are_added(client_as, django_assert_max_num_queries):
    client = client_as("staff")
    factories.PersonFactory.create_batch(3, last_name="Zqxmany")
    url = reverse("postings:person_list") + "?q=zqxmany"

    def add_people():
        factories.PersonFactory.create_batch(40, last_name="Zqxmany")

    assert_queries_do_not_grow(client, url, add_people, django_assert_max_num_queries)


# --- PostgreSQL: typos and indexes ------------------------------------------------------------


@pytest.mark.postgres
@on_postgres
@pytest.mark.parametrize("typo,country", [("Bogta", "CO"), ("Turkye", "TR"), ("Mozambik", "MZ")])
def test_small_typos_are_forgiven_on_postgresql(client_as, typo, country):
    assert global_results(client_as("staff"), typo, "countries")[0] == str(Country.objects.get(iso2=country))


@pytest.mark.postgres
@on_postgres
def test_a_typo_ranks_after_exact_matches(db):
    exact = factories.PersonFactory(last_name="Zqxdupont")
    near = factories.PersonFactory(last_name="Zqxdupond")
    found = list(search(Person.objects.all(), ["last_name"], "zqxdupont"))
    assert found[:2] == [exact, near]


@pytest.mark.postgres
@on_postgres
def test_the_search_can_use_its_trigram_indexes(db):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # On the demo's few hundred people, a full pass over the name-order index is cheaper
        # than any search index; without it (dropped inside the test's transaction, rolled
        # back) the plan shows whether the search predicate can use its trigram index.
        cursor.execute("DROP INDEX person_by_name")
        cursor.execute(
            "EXPLAIN SELECT id FROM postings_person WHERE portal_fold(last_name) LIKE %s "
            "OR portal_fold(last_name) %%> %s",
            ["%dupon%", "dupnt"],
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "postings_person_last_name_fold_trgm" in plan, plan


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite only")
def test_sqlite_does_not_guess_at_typos(db):
    assert not search(Country.objects.all(), ["capital"], "Bogta").exists()
    assert search(Country.objects.all(), ["capital"], "Bogota").exists()
