"""What every file the portal writes shares: cells a spreadsheet cannot run.

A value typed by a user that starts like a formula ("=HYPERLINK(…)", "+33…", "@SUM")
would run when the file is opened in Excel or LibreOffice. Every export — list CSVs,
the coverage report's CSV/XLSX, the admin's spreadsheet exports, `export_network` —
passes its text cells through `safe_cell`.
"""

import csv
import getpass

from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _

from .errors import RequestRefused
from .xlsx import xlsx_chunks

# The URL parameter that asks a page for a file instead of the page (django-tables2's).
EXPORT_PARAM = "_export"

# What Excel and LibreOffice take for the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value`, with a text that starts like a formula quoted as text ("'=…")."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(value) for value in values]


def safe_dataset(dataset):
    """Quote the formula-like cells of a tablib Dataset in place; returns it."""
    for index, row in enumerate(dataset):
        if any(isinstance(cell, str) and cell.startswith(FORMULA_STARTS) for cell in row):
            dataset[index] = safe_row(row)
    return dataset


# --- Streamed files: rows are written as they are read, in flat memory -----------------

STREAM_ROWS = 500  # rows read from the database, and written, per chunk


class _Echo:
    """A file-like object for csv.writer that hands each written line back."""

    def write(self, value):
        return value


def csv_lines(rows):
    """The rows as CSV text in chunks: a UTF-8 byte-order mark first (Excel then reads
    accents right), formula-like cells quoted."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    chunk = []
    for row in rows:
        chunk.append(writer.writerow(safe_row(row)))
        if len(chunk) >= STREAM_ROWS:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def csv_response(rows, filename):
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(rows, filename, title):
    """An XLSX file sent as it is written, row by row (base/xlsx.py)."""
    response = StreamingHttpResponse(
        xlsx_chunks((safe_row(row) for row in rows), title),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def requested_format(request, offered):
    """The file format `request` asks for (?_export=csv), None for the page itself; a
    format the page does not offer is a 400 that names those it does."""
    fmt = request.GET.get(EXPORT_PARAM, "")
    if not fmt:
        return None
    if fmt not in offered:
        raise RequestRefused(
            _("This page cannot be exported as “%(format)s”: it is exported as %(offered)s only.")
            % {"format": fmt[:20], "offered": ", ".join(f.upper() for f in offered)}
        )
    return fmt


# Parameters that say how a list is shown, not which rows it holds.
NOT_FILTERS = {EXPORT_PARAM, "page", "per_page", "sort", "csrfmiddlewaretoken"}


def filters_of(params):
    """The filters of a request's query (a QueryDict): {name: value or [values]}."""
    filters = {}
    for name, values in params.lists():
        values = [value for value in values if value != ""]
        if name not in NOT_FILTERS and values:
            filters[name[:100]] = values[0][:200] if len(values) == 1 else [v[:200] for v in values[:20]]
    return filters


def system_account():
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # a container's process may have no account name
        return "unknown"


def record_export(*, user=None, kind, file_format, filters=None, rows=None):
    """Record that records were exported (base.models.ExportRecord): by `user` (None: a
    command, recorded under the system account that ran it), `kind` ("list: people",
    "report: coverage"…), `file_format`, with `filters` ({name: value}) and `rows`."""
    from .models import ExportRecord

    if user is not None and user.is_authenticated:
        username = user.get_username()
    else:
        user, username = None, f"{system_account()} (command)"
    return ExportRecord.objects.create(
        user=user,
        username=username,
        kind=str(kind)[:100],
        file_format=file_format,
        filters=filters or {},
        rows=rows,
    )
