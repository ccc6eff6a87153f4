"""Reading and writing spreadsheet files, whatever records they hold: the checks a file
passes before anything is imported (size, format, encoding, separator, columns), the
bytes of an export or a blank template, and who may import or export a file type.

Used by the admin's import pages (spreadsheets/admin_mixin.py) and by
spreadsheets/registry.py (the registry of file types and the import itself).

Files are read as streams, within limits (IMPORT_MAX_ROWS, IMPORT_MAX_COLUMNS, and the
uncompressed size of an XLSX): the first row or column past a limit stops the reading
with a message naming it, whatever the file declares. `check_size(size, data, fmt)`
measures a file that way and says whether its import fits in a request
(`fits_in_a_request`) or belongs to a background job.
"""

import csv
import dataclasses
import io
import zipfile
from pathlib import Path

import tablib
from django.conf import settings
from django.utils.translation import gettext as _

from base.exports import safe_dataset
from postings.models import SENSITIVE_PERMISSION

from .resources import cell_text

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ZIP_MAGIC = b"PK\x03\x04"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Rows and columns of a file, whatever its size in bytes: a small XLSX can declare (or
# hold, compressed) millions of rows. Reading stops, with a message naming the limit, at
# the first row or column past it; nothing is read whole before that.
DEFAULT_MAX_ROWS = 100_000
DEFAULT_MAX_COLUMNS = 100
# An import of more rows than this takes longer than a request may: a background job's.
DEFAULT_REQUEST_MAX_ROWS = 5_000
# The XML inside an XLSX (zip) file, uncompressed: bounded before a byte is parsed.
DEFAULT_MAX_XLSX_EXPANDED_BYTES = 400 * 1024 * 1024


class SpreadsheetError(Exception):
    """A file that can't be read as what it claims to be; the message says why."""


def max_bytes():
    return getattr(settings, "SPREADSHEET_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_rows():
    return getattr(settings, "IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


def max_columns():
    return getattr(settings, "IMPORT_MAX_COLUMNS", DEFAULT_MAX_COLUMNS)


def request_max_rows():
    return getattr(settings, "IMPORT_REQUEST_MAX_ROWS", DEFAULT_REQUEST_MAX_ROWS)


@dataclasses.dataclass(frozen=True)
class FileSize:
    """How big an import is: its rows (header and blank lines included) and columns."""

    rows: int
    columns: int

    @property
    def fits_in_a_request(self):
        """False when the import takes longer than a request may (IMPORT_REQUEST_MAX_ROWS):
        run it as a background job instead."""
        return self.rows <= request_max_rows() + 1


def check_size(size, data=None, fmt=None):
    """Refuse a file over the size limit in bytes; with its `data` (and format), also one
    over the row or column limits, reading it as a stream. Returns its FileSize (rows,
    columns, `fits_in_a_request`) when `data` is given."""
    limit = max_bytes()
    if size > limit:
        raise SpreadsheetError(
            _("The file is larger than %(limit)s MB (it has %(size)s MB); split it into smaller files.")
            % {"limit": round(limit / 1024 / 1024, 1), "size": round(size / 1024 / 1024, 1)}
        )
    if data is None:
        return None
    if not data:
        raise SpreadsheetError(_("The file is empty."))
    rows = columns = 0
    for number, cells in _numbered_rows(data, fmt or format_of(data)):
        rows, columns = number, max(columns, len(cells))
    return FileSize(rows=rows, columns=columns)


def _too_many_rows():
    return SpreadsheetError(
        _(
            "The file has more than %(limit)s rows: the most an import may hold. "
            "Split it into files of %(limit)s rows at most."
        )
        % {"limit": max_rows()}
    )


def _too_many_columns():
    return SpreadsheetError(
        _("The file has more than %(limit)s columns: the most an import may hold. Remove the extra columns.")
        % {"limit": max_columns()}
    )


def format_of(data, name=""):
    suffix = Path(name).suffix.lower()
    if suffix in (".xls", ".ods", ".numbers", ".xlsb"):
        raise SpreadsheetError(
            _("Only CSV and XLSX files can be imported: save this %(suffix)s file as .xlsx or as CSV UTF-8.")
            % {"suffix": suffix}
        )
    if suffix in (".xlsx", ".xlsm") or data.startswith(ZIP_MAGIC):
        return "xlsx"
    return "csv"


def column_name(value):
    """Header cells are read leniently: 'Start date' is the column start_date."""
    return "_".join(cell_text(value).casefold().replace("-", " ").split())


def read_table(data, fmt):
    """The header and the rows of a CSV or XLSX file, as a tablib Dataset with
    `row_numbers`; raises SpreadsheetError when the file is not what it claims."""
    if not data:
        raise SpreadsheetError(_("The file is empty."))
    return _dataset(_numbered_rows(data, fmt))


def _numbered_rows(data, fmt):
    """(row number, cells) of every row, streamed, within the row and column limits
    (header and blank rows count): the first row past a limit stops the reading."""
    last_row, last_column = max_rows() + 1, max_columns()  # + 1: the header
    rows = _xlsx_rows(data) if fmt == "xlsx" else enumerate(_csv_rows(data), start=1)
    for number, cells in rows:
        if number > last_row:
            raise _too_many_rows()
        if len(cells) > last_column:
            if any(cell_text(cell) for cell in cells[last_column:]):
                raise _too_many_columns()
            cells = cells[:last_column]
        yield number, cells


def _csv_rows(data):
    if data.startswith(ZIP_MAGIC):
        raise SpreadsheetError(_("This file is an XLSX workbook, not a CSV file: import it as XLSX."))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SpreadsheetError(
            _("This file is encoded in UTF-16: save it as “CSV UTF-8” and import it again.")
        )
    if b"\x00" in data:
        raise SpreadsheetError(
            _("This file is not a CSV text file: it contains binary data. Import a CSV (UTF-8) or XLSX file.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SpreadsheetError(
            _(
                "This file is not encoded in UTF-8: byte 0x%(byte)s on line %(line)s is not valid UTF-8 "
                "(the file was probably saved as Latin-1 or Windows-1252). "
                "Save it as “CSV UTF-8” and import it again."
            )
            % {"byte": data[error.start : error.start + 1].hex().upper(), "line": line}
        ) from None
    first_line = text.lstrip("\n\r").split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    if first_line.count(delimiter) == 0:
        for other, label in (("\t", _("tabs")), ("|", _("vertical bars"))):
            if other in first_line:
                raise SpreadsheetError(
                    _("The columns of this file are separated by %(found)s: use commas or semicolons.")
                    % {"found": label}
                )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        yield from reader
    except csv.Error as error:
        raise SpreadsheetError(
            _("Line %(line)s is not valid CSV: %(error)s.") % {"line": reader.line_num, "error": error}
        ) from None


def _xlsx_rows(data):
    """(row number, values) of the first sheet's rows as they are stored: the dimension
    the file declares (which may be A1:XFD1048576) is ignored, and rows and cells the
    file leaves out are not made up."""
    import openpyxl  # imported here: only XLSX imports need it loaded
    from openpyxl.worksheet._reader import WorkSheetParser

    if not data.startswith(ZIP_MAGIC):
        raise SpreadsheetError(_("This file is not a valid XLSX workbook."))
    try:
        expanded = sum(member.file_size for member in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, ValueError):
        raise SpreadsheetError(_("This file is not a valid XLSX workbook.")) from None
    expanded_limit = getattr(settings, "IMPORT_MAX_XLSX_EXPANDED_BYTES", DEFAULT_MAX_XLSX_EXPANDED_BYTES)
    if expanded > expanded_limit:
        raise SpreadsheetError(
            _("This workbook holds more than %(limit)s MB once uncompressed; split it into smaller files.")
            % {"limit": round(expanded_limit / 1024 / 1024)}
        )
    last_column = max_columns() + 1  # one past the limit: enough to see a file goes over it
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        # A zip that isn't a workbook, or a damaged one: openpyxl's own message is
        # about zip members and XML, not something a person can act on.
        raise SpreadsheetError(_("This file is not a valid XLSX workbook.")) from None
    try:
        sheet = workbook.active
        # openpyxl's own iteration pads every row to the declared width and makes up the
        # missing rows up to the declared height: its parser gives what the file holds.
        with sheet._get_source() as source:
            parser = WorkSheetParser(
                source,
                sheet._shared_strings,
                data_only=True,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
            )
            for number, cells in _parsed(parser):
                values = [None] * min(max((cell["column"] for cell in cells), default=0), last_column)
                for cell in cells:
                    if cell["column"] <= last_column:
                        values[cell["column"] - 1] = cell["value"]
                    elif cell["value"] not in (None, ""):
                        values.append(cell["value"])  # past the limit: refused by the caller
                yield number, values
    finally:
        workbook.close()


def _parsed(parser):
    """The parser's rows; a damaged sheet is a SpreadsheetError."""
    try:
        yield from parser.parse()
    except Exception:
        raise SpreadsheetError(_("This file is not a valid XLSX workbook.")) from None


def _dataset(rows):
    """A Dataset of the (number, cells) `rows`: the first row with a value is the header."""
    rows = iter(rows)
    for _number, first in rows:
        if any(cell_text(cell) for cell in first):
            break
    else:
        raise SpreadsheetError(_("The file is empty."))
    header = [column_name(cell) for cell in first]
    while header and not header[-1]:
        header.pop()
    if "" in header:
        raise SpreadsheetError(
            _("Column %(number)s of the header has no name.") % {"number": header.index("") + 1}
        )
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise SpreadsheetError(
            _("These columns appear twice: %(columns)s.") % {"columns": ", ".join(repeated)}
        )
    dataset = tablib.Dataset(headers=header)
    numbers = []
    width = len(header)
    for number, row in rows:
        cells = list(row)
        if not any(cell_text(cell) for cell in cells):
            continue  # blank lines are skipped; the numbers of the others don't change
        if any(cell_text(cell) for cell in cells[width:]):
            raise SpreadsheetError(
                _("Row %(row)s has more cells than the header has columns (%(count)s).")
                % {"row": number, "count": width}
            )
        cells = cells[:width] + [""] * (width - len(cells))
        dataset.append(["" if cell is None else cell for cell in cells])
        numbers.append(number)
    dataset.row_numbers = numbers
    return dataset


def check_columns(headers, resource, *, kind_of=None):
    """Raise unless `headers` are columns of `resource`'s file type: every required
    column, nothing unknown. `kind_of(headers)` may name the type they are from."""
    expected = resource.columns()
    missing = [column for column in resource.required_columns() if column not in headers]
    unexpected = [column for column in headers if column not in expected]
    if not missing and not unexpected:
        return
    details = []
    if missing:
        details.append(_("missing: %(columns)s") % {"columns": ", ".join(missing)})
    if unexpected:
        details.append(_("unexpected: %(columns)s") % {"columns": ", ".join(unexpected)})
    message = _("The columns of this file are not those of a %(kind)s file (%(details)s).") % {
        "kind": resource.kind,
        "details": "; ".join(details),
    }
    other = kind_of(headers) if kind_of else None
    if other and other != resource.kind:
        message += " " + _("They are those of a %(kind)s file.") % {"kind": other}
    message += " " + _("Expected columns: %(columns)s.") % {"columns": ", ".join(expected)}
    raise SpreadsheetError(message)


# --- Writing ------------------------------------------------------------------------------


def template_dataset(resource):
    """A blank file of `resource`'s type: its columns and one example row."""
    columns = resource.columns()
    dataset = tablib.Dataset(headers=columns, title=resource.kind)
    dataset.append([resource.example_row.get(column, "") for column in columns])
    return dataset


def render(dataset, fmt):
    """The bytes of a CSV (UTF-8 with a byte-order mark, so that Excel reads the
    accents) or XLSX file, with no cell a spreadsheet would run as a formula."""
    safe_dataset(dataset)
    if fmt == "xlsx":
        if not dataset.title:
            dataset.title = "data"
        return dataset.export("xlsx")
    return ("\ufeff" + dataset.export("csv")).encode("utf-8")


def file_name(kind, fmt, *, template=False):
    return f"{kind}-template.{fmt}" if template else f"{kind}.{fmt}"


# --- Permissions -----------------------------------------------------------------------------


def _model_permission(resource, action):
    opts = resource._meta.model._meta
    return f"{opts.app_label}.{action}_{opts.model_name}"


def import_permissions(resource):
    """Importing writes: the add and change permissions of the model; people and
    postings files also carry service numbers, so SENSITIVE_PERMISSION too."""
    needed = [_model_permission(resource, "add"), _model_permission(resource, "change")]
    if resource.sensitive:
        needed.append(SENSITIVE_PERMISSION)
    return tuple(needed)


def can_import(user, resource):
    return user.has_perms(import_permissions(resource))


def can_export(user, resource):
    needed = [_model_permission(resource, "view")]
    if resource.sensitive:
        needed.append(SENSITIVE_PERMISSION)
    return user.has_perms(needed)
