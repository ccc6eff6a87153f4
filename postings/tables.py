"""Tables of people, positions and postings. Every computed column reads what the list's
selector prefetched or annotated (see postings/selectors.py), and sorts on an annotation."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from base.tables import EMPTY, DateColumn, ObjectColumn, PortalTable, as_of_link, with_as_of

from .models import Person, Position, Posting


def posting_on_day(person):
    """The posting `people_on` prefetched for the as-of date, or None."""
    postings = getattr(person, "postings_on_day", ())
    return postings[0] if postings else None


def holder_on_day(position):
    """The person `positions_on` prefetched as holder on the as-of date, or None."""
    postings = getattr(position, "holdings_on_day", ())
    return postings[0].person if postings else None


def position_label(position):
    return position.label


class PersonTable(PortalTable):
    priority_columns = ("name", "posted_at")

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
        get=lambda person: posting_on_day(person) and posting_on_day(person).position.country,
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
    priority_columns = ("position", "unit", "holder")

    position = ObjectColumn(
        _("Position"),
        get=lambda position: position,
        text=position_label,
        order_by=("title_key", "role__order"),
    )
    role = tables.Column(_("Role"), accessor="role__name", order_by=("role__order", "role__name_en"))
    unit = ObjectColumn(_("Unit"), get=lambda position: position.unit, order_by=("unit_key",))
    country = ObjectColumn(_("Country"), get=lambda position: position.country, order_by=("country_key",))
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


class PostSomeoneColumn(tables.Column):
    """A vacancy's "Post someone here": the new-posting form with the position chosen."""

    def __init__(self):
        super().__init__(
            verbose_name=_("Action"),
            accessor="pk",
            orderable=False,
            empty_values=(),
            exclude_from_export=True,
        )

    def render(self, record, table):
        url = with_as_of(
            f"{reverse('postings:posting_add')}?position={record.pk}", getattr(table, "request", None)
        )
        return format_html(
            '<a class="btn btn-sm btn-outline-success text-nowrap" href="{}">{}</a>',
            url,
            _("Post someone here"),
        )


class PostingTable(PortalTable):
    priority_columns = ("person", "position", "start_date")

    person = ObjectColumn(
        _("Person"), get=lambda posting: posting.person, order_by=("person__last_name", "person__first_name")
    )
    position = ObjectColumn(
        _("Position"),
        get=lambda posting: posting.position,
        text=position_label,
        order_by=("title_key", "position__role__order"),
    )
    unit = ObjectColumn(_("Unit"), get=lambda posting: posting.position.unit, order_by=("unit_key",))
    country = ObjectColumn(
        _("Country"), get=lambda posting: posting.position.country, order_by=("country_key",)
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
