"""Checks shared by the page tests of every app (generated, not pasted: each app's test
module declares its pages and calls these)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def assert_queries_do_not_grow(client, url, add_rows, django_assert_max_num_queries):
    """The page issues the same number of queries before and after `add_rows()` adds
    rows to what it shows, asserted with pytest-django's query counter."""
    baseline = count_queries(client, url)
    add_rows()
    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    assert response.status_code == 200
    return baseline
