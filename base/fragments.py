"""Parts of pages kept in the shared cache: a list's rendered table, filter form and
row count; a record's details, search results, typeahead answers, the coverage report.

Rendering a page of 25 rows and a filter form costs a list page most of its time (the
database answers in a few milliseconds). What such a part shows depends only on the
request's address (filters, sort, page, as-of date), its language, what the user is
allowed to see, and the data: so it is kept under the data version (base/cache.py),
which every write of the network, the postings or the rounds moves on. Users with the
same permissions share it. A view whose rows depend on who asks (not only on their
permissions) does not share: `shared_fragments = False`.
"""

import datetime
import hashlib

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.translation import get_language

from .asof import day_of
from .cache import COUNTED_APPS, cached


def _digest(*parts):
    return hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()


def audience(user):
    """Who sees the same thing: superusers alike, others by their permissions (worked
    out once per request's user)."""
    if user.is_superuser:
        return "superuser"
    if not hasattr(user, "_fragment_audience"):
        user._fragment_audience = _digest(*sorted(user.get_all_permissions()))
    return user._fragment_audience


def request_key(request, *more, ignore=()):
    """The address with its query (parameters sorted, less `ignore`), language, date and
    audience."""
    query = sorted(
        (name, value) for name, values in request.GET.lists() if name not in ignore for value in values
    )
    day, today = day_of(request), datetime.date.today()
    return _digest(request.path, query, get_language(), day, today, audience(request.user), *more)


def cached_fragment(kind, request, render, *more, ignore=()):
    return cached(f"fragment:{kind}:{request_key(request, *more, ignore=ignore)}", render)


class CachedCountPaginator(Paginator):
    """A paginator whose count of a network or postings query is kept in the shared
    cache (by its SQL) until the next write: deep pages and the results line stop
    counting 200,000 rows on every request."""

    @cached_property
    def count(self):
        queryset = getattr(getattr(self.object_list, "data", None), "data", self.object_list)
        if not isinstance(queryset, QuerySet) or queryset.model._meta.app_label not in COUNTED_APPS:
            return super().count
        try:
            # The rows' keys alone: the columns (figures…) need not be compiled to count.
            sql = str(queryset.order_by().values("pk").query)
        except Exception:  # noqa: BLE001 - a query that cannot be printed (empty IN…): count it
            return super().count
        return cached(f"count:{_digest(queryset.db, sql)}", lambda: super(CachedCountPaginator, self).count)
