"""The global search of the header: people, countries, embassies, departments and
positions, as of the page's date, by the portal's one matching rule (base/search.py):
accents and case ignored, small typos forgiven on PostgreSQL, the best match first.
Identifiers (service numbers) are matched as typed, and only for users allowed to see
them.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from base import search as matching
from base.access import model_permission
from base.periods import active_on_q
from base.tables import with_as_of
from directory import selectors as directory
from network.models import Country, Department, Embassy
from postings import selectors as postings
from postings.models import Person, Position

RESULTS_PER_GROUP = 20


class QueryError(ValueError):
    pass


def search_words(query):
    """The words of `query` to search for; QueryError says why there are none."""
    try:
        words = matching.search_words(query)
    except matching.SearchError as error:
        raise QueryError(str(error)) from None
    if not words:
        raise QueryError(_("Type a name, a city or a country to search for."))
    return words


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
        return matching.fields_for(self.model, user)


GROUPS = (
    Group("people", _("People"), Person, "postings:person_list", "", postings.people_on),
    Group(
        "countries",
        _("Countries"),
        Country,
        "network:country_list",
        "",
        # Figures counted for the few rows found, not grouped for every country.
        lambda day: directory.countries_listed_on(day, grouped=False).order_by("local_name"),
    ),
    Group(
        "embassies",
        _("Embassies"),
        Embassy,
        "network:embassy_list",
        "",
        lambda day: directory.embassies_listed_on(day).order_by("city_name"),
    ),
    Group(
        "departments",
        _("Departments"),
        Department,
        "network:department_list",
        "status=all",
        lambda day: directory.departments_listed_on(day, grouped=False).order_by("city_name", "-start_date"),
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
    search_words(query)
    sections = []
    for group in GROUPS:
        if not user.has_perm(group.permission):
            continue
        fields, identifiers = group.fields(user)
        found = matching.search(group.queryset(day), fields, query, identifiers=identifiers)
        count = found.count()
        params = "&".join(filter(None, [group.list_params, urlencode({"q": query.strip()})]))
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
