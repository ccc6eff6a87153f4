"""Base FilterSets of the portal's lists.

Every list has a quick search `q` over the fields named in `search_fields`, and reads
the page's as-of date (`request.as_of`), so that "open", "covered" or "in post" mean:
on that date. Bad values leave the form invalid (shown to the user), never a 500.
"""

from functools import reduce
from operator import or_

import django_filters
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from .access import search_fields
from .asof import day_of
from .forms import PeriodChoiceField
from .periods import active_on_q

SEARCH_MAX_LENGTH = 100
YES_NO = (("yes", _("Yes")), ("no", _("No")))


def search_q(fields, text):
    """Q for rows where every word of `text` is in one of `fields`: the quick search."""
    condition = Q()
    for word in text.split():
        condition &= reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields), Q(pk__in=[]))
    return condition


def yes_no(queryset, value, condition):
    if value == "yes":
        return queryset.filter(condition)
    if value == "no":
        return queryset.filter(~condition)
    return queryset


class PeriodChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = PeriodChoiceField


class PortalFilterSet(django_filters.FilterSet):
    """Always bound, so that filters with a default (`defaults`) apply on a bare URL
    and the form shows the default it applies. The quick search matches the model's
    SEARCH_FIELDS that the user may see."""

    q = django_filters.CharFilter(
        method="search", label=_("Search"), max_length=SEARCH_MAX_LENGTH, strip=True
    )

    defaults: dict = {}

    @property
    def search_fields(self):
        return search_fields(getattr(self.request, "user", None), self._meta.model)

    def __init__(self, data=None, *args, **kwargs):
        data = QueryDict(mutable=True) if data is None else data.copy()
        for name, value in self.defaults.items():
            if not data.get(name):
                data[name] = value
        super().__init__(data, *args, **kwargs)

    @property
    def day(self):
        return day_of(self.request)

    def search(self, queryset, name, value):
        return queryset.filter(search_q(self.search_fields, value)) if value else queryset


class StatusFilterSet(PortalFilterSet):
    """For dated records (departments, sections, coverages, positions): open on the
    page's date by default, or not open on it, or all."""

    OPEN, CLOSED, ALL = "open", "closed", "all"
    defaults = {"status": OPEN}
    # Q for the records open on a day: a Period's, or a Lifespan's (periods.open_on_q).
    open_q = staticmethod(active_on_q)

    status = django_filters.ChoiceFilter(
        label=_("Status on the date"),
        choices=((OPEN, _("Open")), (CLOSED, _("Not open")), (ALL, _("All"))),
        empty_label=None,
        method="filter_status",
    )

    def filter_status(self, queryset, name, value):
        if value == self.OPEN:
            return queryset.filter(self.open_q(self.day))
        if value == self.CLOSED:
            return queryset.exclude(self.open_q(self.day))
        return queryset
