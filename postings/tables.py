"""Tables of people, positions and postings. Every computed column reads what the list's
selector prefetched or annotated (see postings/selectors.py), and sorts on an annotation."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dci_portal.tables import PortalTable, as_of_link, with_as_of

from .models import Person, Position, Posting

EMPTY = "—"


def posting_on_day(person):
    """The posting `people_on` prefetched for the as-of date, or None."""
    postings = getattr(person, "postings_on_day", ())
    return postings[0] if postings else None


def holder_on_day(position):
    """The person `positions_on` prefetched as holder on the as-of date, or None."""
    postings = getattr(position, "holdings_on_day", ())
    return postings[0].person if postings else None


def country_of(position):
    if position is None:
        return None
    if position.department_id:
        return position.department.embassy.country
    if position.section_id:
        return position.section.country
    return None


def position_label(position):
    return position.title or position.role.name


class ObjectColumn(tables.Column):
    """A column showing an object computed from the row by `get(record)`, linked to its
    page on the as-of date; `text(obj)` gives the text (default `str`). The same text
    goes to the CSV export, without the link."""

    def __init__(self, verbose_name, get, *, text=str, link=True, empty=EMPTY, **kwargs):
        self.get, self.text, self.empty = get, text, empty
        kwargs.setdefault("orderable", "order_by" in kwargs)
        if link:
            kwargs["linkify"] = self.url
        super().__init__(verbose_name, accessor="pk", empty_values=(), **kwargs)

    def url(self, record, table):
        obj = self.get(record)
        if obj is None or not hasattr(obj, "get_absolute_url"):
            return None
        return with_as_of(obj.get_absolute_url(), getattr(table, "request", None))

    def render(self, record):
        obj = self.get(record)
        if obj is None:
            return self.empty(record) if callable(self.empty) else self.empty
        return self.text(obj)

    def value(self, record):
        obj = self.get(record)
        return "" if obj is None else str(self.text(obj))


class DateColumn(tables.DateColumn):
    """Short dates on screen, ISO 8601 in CSV, an empty cell for no date."""

    def value(self, value, **kwargs):
        return value.isoformat() if value else ""


class PersonTable(PortalTable):
    name = ObjectColumn(
        _("Name"),
        get=lambda person: person,
        text=lambda person: person.display_name,
        order_by=("last_name", "first_name"),
    )
    service_number = tables.Column(_("Service number"))
    force = tables.Column(_("Force"))
    rank = tables.Column(_("Rank"), accessor="rank__name", order_by=("rank__seniority",))
    role = ObjectColumn(
        _("Role"),
        get=lambda person: posting_on_day(person) and posting_on_day(person).position.role,
        link=False,
        order_by=("posted_role",),
    )
    posted_at = ObjectColumn(
        _("Posted at"),
        get=lambda person: posting_on_day(person) and posting_on_day(person).position.unit,
        empty=_("Not in post"),
        order_by=("posted_unit",),
    )
    country = ObjectColumn(
        _("Country"),
        get=lambda person: posting_on_day(person) and country_of(posting_on_day(person).position),
        order_by=("posted_country",),
    )
    expected_end = DateColumn(
        verbose_name=_("Expected end of tour"), accessor="posted_until", order_by=("posted_until",)
    )

    sensitive_columns = ("service_number",)

    class Meta(PortalTable.Meta):
        model = Person
        fields = ("name", "service_number", "force", "rank", "role", "posted_at", "country", "expected_end")


def _vacant_or_dash(position):
    return _("Vacant") if position.open_on_day else EMPTY


class PositionTable(PortalTable):
    position = ObjectColumn(
        _("Position"), get=lambda position: position, text=position_label, order_by=("title", "role__order")
    )
    role = tables.Column(_("Role"), accessor="role__name", order_by=("role__order", "role__name_en"))
    unit = ObjectColumn(_("Unit"), get=lambda position: position.unit, order_by=("unit_key",))
    country = ObjectColumn(_("Country"), get=country_of, order_by=("country_key",))
    theme = tables.Column(_("Theme"))
    required_force = tables.Column(_("Required force"))
    cooperation_kind = tables.Column(_("Kind of cooperation"))
    serving_body = tables.Column(_("On behalf of"))
    holder = ObjectColumn(_("Holder"), get=holder_on_day, empty=_vacant_or_dash, order_by=("holder_key",))
    status = ObjectColumn(
        _("Status"),
        # A state here, not a date column's heading ("Closed" there is when it closed).
        get=lambda position: _("Open") if position.open_on_day else pgettext_lazy("status", "Closed"),
        link=False,
        order_by=("-open_on_day",),
    )

    class Meta(PortalTable.Meta):
        model = Position
        fields = (
            "position",
            "role",
            "unit",
            "country",
            "theme",
            "required_force",
            "cooperation_kind",
            "serving_body",
            "holder",
            "status",
        )


class PostingTable(PortalTable):
    person = ObjectColumn(
        _("Person"), get=lambda posting: posting.person, order_by=("person__last_name", "person__first_name")
    )
    position = ObjectColumn(
        _("Position"),
        get=lambda posting: posting.position,
        text=position_label,
        order_by=("position__title", "position__role__order"),
    )
    unit = ObjectColumn(_("Unit"), get=lambda posting: posting.position.unit, order_by=("unit_key",))
    country = ObjectColumn(
        _("Country"), get=lambda posting: country_of(posting.position), order_by=("country_key",)
    )
    start_date = DateColumn(verbose_name=_("Start"), linkify=as_of_link())
    expected_end_date = DateColumn(verbose_name=_("Expected end of tour"))
    end_date = DateColumn(verbose_name=_("Actual end"))
    end_reason = tables.Column(_("End reason"))

    class Meta(PortalTable.Meta):
        model = Posting
        fields = (
            "person",
            "position",
            "unit",
            "country",
            "start_date",
            "expected_end_date",
            "end_date",
            "end_reason",
        )
