"""django-tables2 reads the signature of a column's render/value/linkify function for
every cell (`call_with_appropriate`): `inspect.signature` ~40 times per row, most of a
list's or a CSV's Python time. The signature of a function never changes: read it once
per function (bound methods by their function, as the signature leaves `self` out)."""

import functools
import inspect

from django_tables2 import utils

_uncached_signature = utils.signature


@functools.lru_cache(maxsize=4096)
def _signature_of(function, bound):
    return _uncached_signature(function.__get__(object()) if bound else function)


def cached_signature(fn):
    if inspect.ismethod(fn):
        return _signature_of(fn.__func__, True)
    try:
        return _signature_of(fn, False)
    except TypeError:  # not hashable
        return _uncached_signature(fn)


def install():
    utils.signature = cached_signature
