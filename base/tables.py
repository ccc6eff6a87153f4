"""What every table of the portal shares: links that keep the as-of date, CSV that
Excel opens with accents and cannot run, need-to-know columns hidden from users
without the permission, and figures marked for the consistency tests."""

import django_tables2 as tables
from django.core.paginator import Paginator
from django.db.models import F, QuerySet, Subquery
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django_tables2.export import TableExport
from django_tables2.rows import BoundRows
from django_tables2.utils import Accessor

from .access import can_view_sensitive
from .asof import AS_OF_PARAM
from .dates import display_date
from .exports import safe_dataset
from .expressions import InPage

EMPTY = "—"
PAGE_SIZES = (25, 50, 100, 250)
NUMBER = {"th": {"class": "text-end"}, "td": {"class": "text-end"}}
BELOW_MD_HIDDEN = "d-none d-md-table-cell"  # Bootstrap: not shown on a phone's width


def with_as_of(url, request):
    if not url or request is None or getattr(request, "as_of_is_today", True):
        return url
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{AS_OF_PARAM}={request.as_of.isoformat()}"


def as_of_link(accessor=None):
    """A `linkify` callable: the object's page, on the table's as-of date.

    `accessor` names the related object to link to ("department", "position.department");
    without it the row's own object.
    """

    def url(record, table):
        target = Accessor(accessor).resolve(record, quiet=True) if accessor else record
        if target is None or not hasattr(target, "get_absolute_url"):
            return None
        return with_as_of(target.get_absolute_url(), getattr(table, "request", None))

    return url


def hide_on_phones(column):
    """Add the class that hides `column`'s header and cells below Bootstrap's md width."""
    attrs = dict(column.attrs)
    for part in ("th", "td"):
        cell = dict(attrs.get(part, attrs.get("cell", {})))
        cell["class"] = f"{cell.get('class', '')} {BELOW_MD_HIDDEN}".strip()
        attrs[part] = cell
    column.attrs = attrs


class PortalTable(tables.Table):
    """Base table. `sensitive_columns` are dropped for users who may not see the
    model's need-to-know fields (see base/access.py), on screen and in exports alike.

    `priority_columns` are the few a phone shows (the others are on the record's page);
    without them every column shows at every width."""

    sensitive_columns: tuple = ()
    priority_columns: tuple = ()

    class Meta:
        template_name = "django_tables2/bootstrap5-responsive.html"
        # htmx swaps sorting and paging in place; links in rows open pages normally.
        attrs = {
            "class": "table table-sm table-striped table-hover align-middle",
            "tbody": {"data-hx-boost": "false"},
        }

    @property
    def order_by(self):
        return self._order_by

    @order_by.setter
    def order_by(self, value):
        # Rows that tie on the sorted column keep one order (by pk): pages never repeat
        # a row and the CSV lists rows as the screen does (PostgreSQL returns ties in any order).
        tables.Table.order_by.fset(self, value)
        queryset = getattr(self.data, "data", None)
        if isinstance(queryset, QuerySet) and queryset.query.order_by:
            self.data.data = queryset.order_by(*queryset.query.order_by, "pk")

    def __init__(self, *args, user=None, **kwargs):
        if self.sensitive_columns and not can_view_sensitive(user, self._meta.model):
            kwargs["exclude"] = (*kwargs.get("exclude", ()), *self.sensitive_columns)
        super().__init__(*args, **kwargs)
        if self.priority_columns:
            for bound in self.columns:
                if bound.name not in self.priority_columns:
                    hide_on_phones(bound.column)

    def paginate(self, paginator_class=Paginator, per_page=None, page=1, *args, **kwargs):
        # django-tables2 passes ?per_page= straight from the URL: a negative size breaks
        # the paginator (a 500), a huge one returns every row. Out of range: the default.
        if per_page is not None and not 1 <= per_page <= max(PAGE_SIZES):
            per_page = None
        super().paginate(paginator_class, per_page, page, *args, **kwargs)
        queryset = getattr(self.data, "data", None)
        if isinstance(queryset, QuerySet) and self.page.paginator.count:
            # The page's rows in one query, but found first by their keys alone: the sort
            # computes only what it orders by, and the columns' subqueries (figures, the
            # posting of the day) run for this page's rows, not for every row skipped.
            start = self.page.start_index() - 1
            keys = queryset.prefetch_related(None).values("pk")[start : self.page.end_index()]
            self.page.object_list = BoundRows(queryset.filter(InPage(F("pk"), Subquery(keys))), table=self)


class FigureColumn(tables.Column):
    """A figure of the register (base/figures.py), read from the annotation of the
    same name that the list's selector added with `figure.annotation(day)`. Each cell
    says which figure it shows and of which row, for the consistency tests."""

    def __init__(self, figure, *, verbose_name=None, accessor=None, **kwargs):
        self.figure = figure
        attrs = {
            "th": {"class": "text-end"},
            "td": {"class": "text-end", "data-figure": figure.key, "data-of": lambda record: record.pk},
        }
        super().__init__(verbose_name or figure.label, accessor=accessor or figure.key, attrs=attrs, **kwargs)


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
    """Dates as the language shows them on screen (base/dates.py), ISO 8601 in CSV, an
    empty cell for no date."""

    def render(self, value):
        return display_date(value)

    def value(self, value, **kwargs):
        return value.isoformat() if value else ""


class ExcelFriendlyExport(TableExport):
    """CSV with a UTF-8 byte-order mark so Excel reads French accents correctly, and no
    cell a spreadsheet would run as a formula."""

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        return safe_dataset(super().table_to_dataset(table, exclude_columns, dataset_kwargs))

    def export(self):
        content = super().export()
        if self.format == self.CSV:
            return "\ufeff" + content
        return content

    def content_type(self):
        if self.format == self.CSV:
            return "text/csv; charset=utf-8"
        return super().content_type()


def _has_callable(attrs):
    return any(
        callable(value) or (isinstance(value, dict) and _has_callable(value)) for value in attrs.values()
    )


def _cell_html(value, localize):
    # What {{ cell }}, {{ cell|localize }} and {{ cell|unlocalize }} write in a template.
    if localize is None:
        value = formats.localize(value)
    elif localize:
        value = formats.localize(value, use_l10n=True)
    else:
        value = str(value)
    return conditional_escape(value)


def rows_html(table):
    """The <tr>s of a table's page, as django-tables2's template writes them, built in
    Python: the template's per-cell lookups were a third of a list page's time.

    A column's <td> attributes are worked out once per table unless they depend on the
    row (a callable, such as a figure cell's `data-of`)."""
    columns = list(table.columns)
    if not columns:
        return ""
    fixed_td = {}
    for column in columns:
        attrs = {**table.attrs, **column.column.attrs}
        if not _has_callable(attrs.get("td", attrs.get("cell", {}))):
            fixed_td[column.name] = column.attrs["td"].as_html()
    rows = []
    for row in table.paginated_rows:
        cells = []
        for column in columns:
            cell = row.get_cell(column.name)
            td = fixed_td.get(column.name)
            if td is None:
                column.current_value, column.current_record = cell, row.record
                td = column.attrs["td"].as_html()
            cells.append(f"<td {td}>{_cell_html(cell, column.localize)}</td>")
        rows.append(f"<tr {row.attrs.as_html()}>{''.join(cells)}</tr>")
    if not rows and table.empty_text:
        rows.append(f'<tr><td colspan="{len(columns)}">{conditional_escape(table.empty_text)}</td></tr>')
    return mark_safe("\n".join(rows))
