"""What every table of the portal shares: links that keep the as-of date, CSV that
Excel opens with accents, columns hidden from users without the right permission."""

import django_tables2 as tables
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django_tables2.export import TableExport
from django_tables2.utils import Accessor

from .asof import AS_OF_PARAM


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


class PortalTable(tables.Table):
    """Base table. `sensitive_columns` are dropped for users without the permission
    to see sensitive personnel data, on screen and in exports alike."""

    sensitive_columns: tuple = ()

    class Meta:
        template_name = "django_tables2/bootstrap5-responsive.html"
        # htmx swaps sorting and paging in place; links in rows open pages normally.
        attrs = {
            "class": "table table-sm table-striped table-hover align-middle",
            "tbody": {"hx-boost": "false"},
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
        from .access import SENSITIVE_PERMISSION

        if self.sensitive_columns and not (user and user.has_perm(SENSITIVE_PERMISSION)):
            kwargs["exclude"] = (*kwargs.get("exclude", ()), *self.sensitive_columns)
        super().__init__(*args, **kwargs)

    def paginate(self, paginator_class=Paginator, per_page=None, page=1, *args, **kwargs):
        # django-tables2 passes ?per_page= straight from the URL: a negative size breaks
        # the paginator (a 500), a huge one returns every row. Out of range: the default.
        from .generic import PAGE_SIZES

        if per_page is not None and not 1 <= per_page <= max(PAGE_SIZES):
            per_page = None
        return super().paginate(paginator_class, per_page, page, *args, **kwargs)


# What Excel takes for the start of a formula (the coverage report's exports quote them too).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExcelFriendlyExport(TableExport):
    """CSV with a UTF-8 byte-order mark so Excel reads French accents correctly."""

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        # A value typed by a user that starts like a formula ("=HYPERLINK(…)") would run
        # in the reader's spreadsheet: quote it as text.
        for index, row in enumerate(dataset):
            if any(isinstance(cell, str) and cell.startswith(FORMULA_STARTS) for cell in row):
                dataset[index] = [
                    "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell
                    for cell in row
                ]
        return dataset

    def export(self):
        content = super().export()
        if self.format == self.CSV:
            return "\ufeff" + content
        return content

    def content_type(self):
        if self.format == self.CSV:
            return "text/csv; charset=utf-8"
        return super().content_type()
