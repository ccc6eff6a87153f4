"""What makes the pages fast at 100× gives the same answers as the plain way: figures of a
list from one GROUP BY, rows of a page found by key first, streamed exports, and figures
kept in the shared cache — never stale after a write, and not needed when Redis is down."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.cache import cache
from django.test.utils import override_settings
from django.urls import reverse

from base import cache as shared_cache
from base.figures import REGISTER
from postings.figures import PEOPLE_IN_POST_ABROAD, STAFF_FOR_COUNTRY
from postings.models import Person, Posting
from postings.selectors import people_on, positions_on
from tests import scenarios

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def scenario(db):
    return scenarios.build()


@pytest.fixture
def root(db, django_user_model, client):
    user = django_user_model.objects.create_superuser("fast-root", "root@example.org", "x" * 16)
    client.force_login(user)
    return client


@pytest.mark.parametrize("key", sorted(key for key, figure in REGISTER.items() if figure.of is not None))
def test_grouped_figure_columns_equal_the_count(scenario, key):
    figure = REGISTER[key]
    owners = scenario.owners(figure.of) or list(figure.of.objects.all()[:5])
    for day in scenarios.DAYS.values():
        grouped = dict(
            figure.of.objects.filter(pk__in=[owner.pk for owner in owners])
            .annotate(value=figure.annotation(day, grouped=True))
            .values_list("pk", "value")
        )
        for owner in owners:
            assert grouped[owner.pk] == figure.count(day, owner), (key, day, owner)


@pytest.mark.parametrize(
    ("url_name", "sort", "rows"),
    [
        ("postings:person_list", "country", lambda: people_on(TODAY).order_by("posted_country", "pk")),
        ("postings:person_list", "-expected_end", lambda: people_on(TODAY).order_by("-posted_until", "pk")),
        ("postings:position_list", "holder", lambda: positions_on(TODAY).order_by("holder_key", "pk")),
    ],
)
def test_a_deep_page_shows_the_rows_of_the_plain_slice(root, url_name, sort, rows):
    """The page's rows, found by key first, are those (and in the order) of the sorted
    list cut at the page — on the last page too."""
    per_page = 25
    total = rows().count()
    last = (total - 1) // per_page + 1
    for page in (2, last):
        response = root.get(reverse(url_name), {"sort": sort, "page": page, "per_page": per_page})
        assert response.status_code == 200
        shown = [row.record.pk for row in response.context["table"].paginated_rows]
        expected = list(rows().values_list("pk", flat=True)[(page - 1) * per_page : page * per_page])
        assert shown == expected, (url_name, sort, page)


def test_list_exports_are_streamed_and_equal(root):
    url = reverse("postings:person_list")
    response = root.get(url, {"_export": "csv", "sort": "name"})
    assert response.streaming
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert len(rows) == Person.objects.count() + 1
    workbook = root.get(url, {"_export": "xlsx", "sort": "name"})
    assert workbook.streaming
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.getvalue()), read_only=True).active
    cells = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert cells == rows


def test_a_cached_figure_changes_with_the_next_write():
    before = PEOPLE_IN_POST_ABROAD.count(TODAY)
    assert cache.get(f"figure:{shared_cache.data_version()}:people_in_post_abroad:count:{TODAY}:None:")
    posting = Posting.objects.active_on(TODAY).filter(position__department__isnull=False).first()
    posting.end_date, posting.end_reason = TODAY - datetime.timedelta(days=1), Posting.EndReason.OTHER
    posting.save()
    assert PEOPLE_IN_POST_ABROAD.count(TODAY) == before - 1


def test_pages_work_while_redis_is_down(root, test_cache):
    counted = PEOPLE_IN_POST_ABROAD.count(TODAY)
    nowhere = {**test_cache, "LOCATION": "redis://127.0.0.1:9/0"}  # the discard port: nothing listens
    with override_settings(CACHES={"default": nowhere}):
        shared_cache.ResilientRedisCache._down_until = 0
        assert shared_cache.data_version() is None
        response = root.get(reverse("dashboard"))
        assert response.status_code == 200
        assert f'data-figure="people_in_post_abroad">{counted}<' in response.content.decode()
        by_country = STAFF_FOR_COUNTRY.by_owner(TODAY)
        assert sum(by_country.values()) >= counted
    shared_cache.ResilientRedisCache._down_until = 0
