"""Parts of pages kept in the shared cache (base/fragments.py: a list's table, filter form
and count; a country's and a department's details; search results; the coverage
report) are never stale after a write, and never shown to someone who would see
something else: another language, another date, other permissions."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from base.cache import DATA_VERSION_KEY, DataVersionPerRequest, bump_data_version, data_version
from base.services import save_validated
from network.models import Country
from postings.models import Person
from tests import factories

pytestmark = pytest.mark.django_db


def html(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def nepal(db):
    return Country.objects.get(iso2="NP")


def pages_naming(country):
    return [
        (reverse("network:country_list"), {"q": country.name_en[:4]}),
        (reverse("network:country_list"), {"sort": "-name", "per_page": 250}),
        (country.get_absolute_url(), {}),
        (reverse("search"), {"q": country.name_en}),
        (reverse("reports:coverage"), {}),
    ]


def test_a_write_shows_at_once_on_every_cached_page(client_as, nepal):
    client = client_as("manager")
    pages = pages_naming(nepal)
    for url, params in pages:
        html(client, url, **params)
        assert "Zqxrenamed" not in html(client, url, **params)  # now served from the cache
    nepal.name_en = "Nepal Zqxrenamed"
    save_validated(nepal)
    for url, params in pages:
        params = {**params, "q": "Nepal"} if "q" in params else params
        assert "Zqxrenamed" in html(client, url, **params), url


def test_the_count_of_a_list_follows_writes(client_as):
    client = client_as("staff")
    url = reverse("postings:person_list")
    before = client.get(url).context["table"].paginator.count
    assert client.get(url).context["table"].paginator.count == before == Person.objects.count()
    factories.PersonFactory(last_name="Zqxcounted")
    assert client.get(url).context["table"].paginator.count == before + 1


def test_a_page_from_the_cache_reads_no_posting(client_as, nepal):
    client = client_as("staff")
    for url, params in pages_naming(nepal)[:4]:
        html(client, url, **params)
        with CaptureQueriesContext(connection) as captured:
            html(client, url, **params)
        tables = " ".join(query["sql"] for query in captured.captured_queries)
        assert "postings_posting" not in tables, url


def test_each_permission_set_gets_its_own(client_as):
    person = Person.objects.exclude(service_number="").order_by("pk").first()
    url = reverse("postings:person_list")
    params = {"q": person.last_name}
    assert person.service_number in html(client_as("administrator"), url, **params)
    assert person.service_number not in html(client_as("staff"), url, **params)
    assert person.service_number in html(client_as("administrator"), url, **params)


def test_each_language_and_date_gets_its_own(client_as, nepal):
    client = client_as("staff")
    url = reverse("network:country_list")
    english = html(client, url, q="Nepal")
    french = client.get(url, {"q": "Nepal"}, headers={"accept-language": "fr"}).content.decode()
    assert "Népal" in french and "Népal" not in english
    assert 'data-figure="staff_for_country"' in english
    past = html(client, nepal.get_absolute_url(), as_of="1990-01-01")
    today = html(client, nepal.get_absolute_url())
    assert "1990" in past and past != today


def test_the_data_version_is_read_once_per_request_and_follows_its_writes(rf):
    seen = []

    def view(request):
        seen.append(data_version())
        cache.incr(DATA_VERSION_KEY)  # another server writes: this request keeps its state
        seen.append(data_version())
        bump_data_version()  # this request writes: what follows reads the new state
        seen.append(data_version())
        return HttpResponse()

    DataVersionPerRequest(view)(rf.get("/"))
    assert seen[0] == seen[1] != seen[2]
    cache.incr(DATA_VERSION_KEY)
    assert data_version() == seen[2] + 1  # outside a request, nothing is kept


def test_the_filter_form_is_shared_by_sorts_and_pages_but_not_by_filters(client_as):
    client = client_as("staff")
    url = reverse("postings:person_list")
    for params in ({"q": "zqxfirst", "sort": "name"}, {"q": "zqxfirst", "sort": "-name", "page": 2}):
        assert 'value="zqxfirst"' in html(client, url, **params)
    other = html(client, url, q="zqxsecond", sort="name")
    assert 'value="zqxsecond"' in other and 'value="zqxfirst"' not in other
