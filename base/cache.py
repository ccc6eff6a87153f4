"""The shared cache (Redis): figures every page repeats, computed once for all the
application servers, and never stale.

A cached figure is stored under the network's *data version*, a number kept in the
cache itself. Every save or delete of a record of the network, the postings or the
rounds bumps it (signals below; bulk writes of commands call `bump_data_version`), once
at once and once more when the transaction commits: a figure computed in between, from
data about to change, is left under a version no one reads any more. Old entries simply
expire.

If Redis cannot be reached the portal still works: `ResilientRedisCache` answers "not
cached" instead of failing (and stops trying for a few seconds), so figures are
computed, sessions read from the database (`cached_db`), and nothing breaks.
"""

import logging
import threading
import time
import uuid

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

DATA_VERSION_KEY = "network-data-version"
FIGURE_TIMEOUT = 60 * 60  # seconds; entries of an old version expire on their own
# The version itself lasts longer; when it expires, a new random one invalidates everything.
VERSION_TIMEOUT = 7 * 24 * 60 * 60
# The apps whose records the figures count.
COUNTED_APPS = ("network", "postings", "rounds")
RETRY_AFTER = 5  # seconds without trying Redis after it failed


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, answering like an empty cache while Redis is down."""

    _down_until = 0.0
    _lock = threading.Lock()

    def _guarded(name, fallback=None):  # noqa: N805 - a decorator factory used in the class body
        def method(self, *args, **kwargs):
            if time.monotonic() < type(self)._down_until:
                return fallback(*args, **kwargs) if callable(fallback) else fallback
            try:
                return getattr(super(), name)(*args, **kwargs)
            except (RedisError, OSError) as error:
                with type(self)._lock:
                    type(self)._down_until = time.monotonic() + RETRY_AFTER
                logger.warning("Redis unavailable (%s): %s; computing without the cache.", name, error)
                return fallback(*args, **kwargs) if callable(fallback) else fallback

        method.__name__ = name
        return method

    get = _guarded("get", lambda key, default=None, version=None: default)
    get_many = _guarded("get_many", {})
    set = _guarded("set")
    set_many = _guarded("set_many", [])
    add = _guarded("add", False)
    touch = _guarded("touch", False)
    delete = _guarded("delete", False)
    delete_many = _guarded("delete_many")
    has_key = _guarded("has_key", False)
    incr = _guarded("incr")
    clear = _guarded("clear")
    del _guarded


# Within one request the version is read once (DataVersionPerRequest below): its figures
# and page parts then come from one state of the data, in one Redis round trip fewer each.
_request = threading.local()


class DataVersionPerRequest:
    """Middleware: the data version is read at most once per request (a write in the
    request forgets it, so what follows the write is read under the new version)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _request.active, _request.version = True, None
        try:
            return self.get_response(request)
        finally:
            _request.active, _request.version = False, None


def data_version():
    """The current data version, or None when the cache cannot keep one (Redis down)."""
    if getattr(_request, "active", False) and _request.version is not None:
        return _request.version
    version = cache.get(DATA_VERSION_KEY)
    if version is None:
        # Missing (first use, or evicted): start from a value never used before, so
        # entries stored under an earlier version cannot be read again.
        cache.add(DATA_VERSION_KEY, uuid.uuid4().int % 10**12, timeout=VERSION_TIMEOUT)
        version = cache.get(DATA_VERSION_KEY)
    if getattr(_request, "active", False):
        _request.version = version
    return version


def bump_data_version():
    _request.version = None
    try:
        cache.incr(DATA_VERSION_KEY)
    except ValueError:  # missing: any new value will do
        cache.set(DATA_VERSION_KEY, uuid.uuid4().int % 10**12, timeout=VERSION_TIMEOUT)


def _data_changed(sender, **kwargs):
    if sender._meta.app_label in COUNTED_APPS:
        bump_data_version()
        transaction.on_commit(bump_data_version, robust=True)


def connect_signals():
    post_save.connect(_data_changed, dispatch_uid="base.cache.saved")
    post_delete.connect(_data_changed, dispatch_uid="base.cache.deleted")
    m2m_changed.connect(_data_changed, dispatch_uid="base.cache.m2m")


_MISSING = object()


def cached(key, compute):
    """`compute()`, kept in the cache under `key` for the current data version."""
    version = data_version()
    if version is None:
        return compute()
    full_key = f"figure:{version}:{key}"
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(full_key, value, FIGURE_TIMEOUT)
    return value
