"""Base FilterSets of the portal's lists.

Every list has a quick search `q` (the portal's one matching rule, base/search.py: the
model's SEARCH_FIELDS that the user may see, accents and case ignored, best match
first), and reads the page's as-of date (`request.as_of`), so that "open", "covered" or
"in post" mean: on that date. Bad values leave the form invalid (shown to the user),
never a 500. The filters a user set are listed (`active_filters`) for the list's chips.
"""

import datetime
from dataclasses import dataclass

import django_filters
from django import forms
from django.http import QueryDict
from django.template.defaultfilters import date as format_date
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import search as matching
from .access import search_fields
from .asof import AS_OF_PARAM, day_of
from .forms import FIND_BUTTON, FINDER_SUFFIX, PeriodChoiceField, TypeaheadChoiceField
from .periods import active_on_q
from .search import SEARCH_MAX_LENGTH, search_q  # noqa: F401 - the rule's home is base.search

YES_NO = (("yes", _("Yes")), ("no", _("No")))
# Parameters of a list that are not filters: kept when a filter is removed.
LIST_PARAMS = (AS_OF_PARAM, "sort", "per_page")


@dataclass
class ActiveFilter:
    """A filter the user set: its label, what it is set to, and the list without it."""

    name: str
    label: str
    value: str
    remove_url: str


def yes_no(queryset, value, condition):
    if value == "yes":
        return queryset.filter(condition)
    if value == "no":
        return queryset.filter(~condition)
    return queryset


class PeriodChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = PeriodChoiceField


class TypeaheadFilter(django_filters.ModelChoiceFilter):
    """A record chosen by typing its name (base.forms.TypeaheadChoiceField); give it a
    `chooser` (base/choosers.py) and, when the list offers fewer, a `queryset`."""

    field_class = TypeaheadChoiceField

    def __init__(self, *args, chooser, **kwargs):
        kwargs.setdefault("queryset", lambda request: chooser.queryset())
        super().__init__(*args, chooser=chooser, **kwargs)


class PortalFilterSet(django_filters.FilterSet):
    """Always bound, so that filters with a default (`defaults`) apply on a bare URL
    and the form shows the default it applies. The quick search matches the model's
    SEARCH_FIELDS that the user may see."""

    q = django_filters.CharFilter(
        method="search", label=pgettext_lazy("filter", "Search"), max_length=SEARCH_MAX_LENGTH, strip=True
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
        if not value:
            return queryset
        fields, identifiers = matching.fields_for(self._meta.model, getattr(self.request, "user", None))
        try:
            return matching.search(queryset, fields, value, identifiers=identifiers)
        except matching.SearchError as error:
            self.form.add_error(name, str(error))
            return queryset.none()

    @property
    def form(self):
        form = super().form
        for name, field in form.fields.items():
            if isinstance(field, TypeaheadChoiceField):
                field.shows(self.data.get(name), self.data.get(f"{name}{FINDER_SUFFIX}", ""))
        return form

    def active_filters(self):
        """The filters the user set (a default applied without asking is not one), each
        with the URL of the list without it; the list's chips."""
        form = self.form
        form.is_valid()
        cleaned = getattr(form, "cleaned_data", {})
        active = []
        for name, field in form.fields.items():
            raw = [value for value in self.data.getlist(name) if value not in ("", None)]
            if not raw or name not in cleaned or cleaned[name] in (None, "", [], ()):
                continue
            if name in self.defaults and raw == [str(self.defaults[name])]:
                continue
            active.append(
                ActiveFilter(
                    name=name,
                    label=str(field.label or name),
                    value=display_value(field, cleaned[name]),
                    remove_url=self.url_without(name),
                )
            )
        return active

    def url_without(self, *names):
        """The list's query string without the filters `names` (and its page)."""
        data = QueryDict(mutable=True)
        for key, values in getattr(self.request, "GET", QueryDict()).lists():
            if key in names or key == "page" or key in self._finder_params(names):
                continue
            data.setlist(key, values)
        query = data.urlencode()
        return f"{self.request.path}?{query}" if query else self.request.path

    def _finder_params(self, names):
        return {f"{name}{FINDER_SUFFIX}" for name in names} | {FIND_BUTTON}

    def clear_url(self):
        """The list with no filter set: only its date, sort and page size are kept."""
        request = getattr(self.request, "GET", QueryDict())
        names = [key for key in request if key not in LIST_PARAMS]
        return self.url_without(*names)


def display_value(field, value):
    """How a cleaned filter value reads: a choice's label, a record's name, a date."""
    if isinstance(field, forms.ModelChoiceField):
        return str(field.label_from_instance(value))
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): label for key, label in field.choices}
        if isinstance(value, (list, tuple)):
            return ", ".join(str(labels.get(str(item), item)) for item in value)
        return str(labels.get(str(value), value))
    if isinstance(value, datetime.date):
        return format_date(value, "DATE_FORMAT")
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    return str(value)


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
