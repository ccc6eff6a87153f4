"""The global search of the header: people, countries, embassies, departments and
positions, as of the page's date.

On PostgreSQL it is a full-text search (the "simple" configuration: names are neither
English nor French words; every word of the query matches the start of a word, so
"del" finds New Delhi). Elsewhere every word must appear somewhere in the fields.
Identifiers (service numbers) are matched as a whole string instead, on every database:
full-text parsing would cut "PN-123456" into "pn" and "-123456". They are searched only
for users allowed to see them.
"""

import re
from dataclasses import dataclass
from functools import reduce
from operator import or_
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from base.access import model_permission, search_fields
from base.filtersets import SEARCH_MAX_LENGTH
from base.periods import active_on_q
from base.tables import with_as_of
from directory import selectors as directory
from network.models import Country, Department, Embassy
from postings import selectors as postings
from postings.models import Person, Position

RESULTS_PER_GROUP = 20
MAX_WORDS = 8


class QueryError(ValueError):
    pass


def search_words(query):
    """The words of `query` (letters and digits only; at most MAX_WORDS)."""
    if len(query) > SEARCH_MAX_LENGTH:
        raise QueryError(
            _("The search is too long: use at most %(max)d characters.") % {"max": SEARCH_MAX_LENGTH}
        )
    if "\x00" in query:
        # PostgreSQL refuses NUL in any string; no name contains one.
        raise QueryError(_("The search contains a character that cannot be searched for."))
    words = re.findall(r"[^\W_]+", query)
    if not words:
        raise QueryError(_("Type a name, a city or a country to search for."))
    return words[:MAX_WORDS]


def matching(queryset, fields, words, *, query="", identifiers=()):
    """Rows of `queryset` where every word matches one of `fields`, or where one of the
    `identifiers` contains the whole `query`."""
    if connection.vendor == "postgresql":
        # Words are letters and digits only, so the raw query cannot be malformed.
        search = SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config="simple")
        queryset = queryset.annotate(search_document=SearchVector(*fields, config="simple"))
        condition = Q(search_document=search)
    else:
        condition = Q()
        for word in words:
            condition &= reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields))
    for field in identifiers:
        condition |= Q(**{f"{field}__icontains": query.strip()})
    return queryset.filter(condition)


@dataclass
class Group:
    key: str
    label: str
    model: type
    list_url_name: str
    list_params: str
    queryset: object  # a callable (day) -> queryset

    @property
    def permission(self):
        return model_permission(self.model, "view")

    def fields(self, user):
        """Names are searched word by word; need-to-know identifiers (a service number),
        only for those who may see them, as a whole."""
        fields = search_fields(user, self.model)
        sensitive = set(getattr(self.model, "SENSITIVE_FIELDS", ()))
        return [f for f in fields if f not in sensitive], [f for f in fields if f in sensitive]


GROUPS = (
    Group("people", _("People"), Person, "postings:person_list", "", postings.people_on),
    Group(
        "countries",
        _("Countries"),
        Country,
        "network:country_list",
        "",
        lambda day: directory.countries_listed_on(day).order_by("local_name"),
    ),
    Group(
        "embassies",
        _("Embassies"),
        Embassy,
        "network:embassy_list",
        "",
        lambda day: directory.embassies_listed_on(day).order_by("city"),
    ),
    Group(
        "departments",
        _("Departments"),
        Department,
        "network:department_list",
        "status=all",
        lambda day: directory.departments_listed_on(day).order_by("embassy__city", "-start_date"),
    ),
    Group(
        "positions",
        _("Positions open on the date"),
        Position,
        "postings:position_list",
        "status=open",
        lambda day: postings.positions_on(day).filter(active_on_q(day)).order_by("unit_key", "role__order"),
    ),
)


def search(query, *, user, day, request=None):
    """[{group, results (at most RESULTS_PER_GROUP), count, more_url}] for the groups
    `user` may see, each queried as of `day`. Raises QueryError for an unusable query."""
    words = search_words(query)
    sections = []
    for group in GROUPS:
        if not user.has_perm(group.permission):
            continue
        fields, identifiers = group.fields(user)
        found = matching(group.queryset(day), fields, words, query=query, identifiers=identifiers)
        count = found.count()
        params = "&".join(filter(None, [group.list_params, urlencode({"q": " ".join(words)})]))
        sections.append(
            {
                "key": group.key,
                "label": group.label,
                "results": list(found[:RESULTS_PER_GROUP]) if count else [],
                "count": count,
                "more_url": with_as_of(f"{reverse(group.list_url_name)}?{params}", request),
            }
        )
    return sections
