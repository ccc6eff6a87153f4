"""Reading and writing spreadsheet files, whatever records they hold: the checks a file
passes before anything is imported (size, format, encoding, separator, columns), the
bytes of an export or a blank template, and who may import or export a file type.

Used by the admin's import pages (spreadsheets/admin_mixin.py) and by
spreadsheets/registry.py (the registry of file types and the import itself).
"""

import csv
import io
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


class SpreadsheetError(Exception):
    """A file that can't be read as what it claims to be; the message says why."""


def max_bytes():
    return getattr(settings, "SPREADSHEET_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def check_size(size):
    limit = max_bytes()
    if size > limit:
        raise SpreadsheetError(
            _("The file is larger than %(limit)s MB (it has %(size)s MB); split it into smaller files.")
            % {"limit": round(limit / 1024 / 1024, 1), "size": round(size / 1024 / 1024, 1)}
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
    return _dataset(_xlsx_rows(data) if fmt == "xlsx" else _csv_rows(data))


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
        return list(reader)
    except csv.Error as error:
        raise SpreadsheetError(
            _("Line %(line)s is not valid CSV: %(error)s.") % {"line": reader.line_num, "error": error}
        ) from None


def _xlsx_rows(data):
    import openpyxl  # imported here: only XLSX imports need it loaded

    if not data.startswith(ZIP_MAGIC):
        raise SpreadsheetError(_("This file is not a valid XLSX workbook."))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return [list(row) for row in workbook.active.iter_rows(values_only=True)]
        finally:
            workbook.close()
    except Exception:
        # A zip that isn't a workbook, or a damaged one: openpyxl's own message is
        # about zip members and XML, not something a person can act on.
        raise SpreadsheetError(_("This file is not a valid XLSX workbook.")) from None


def _dataset(rows):
    while rows and not any(cell_text(cell) for cell in rows[0]):
        rows = rows[1:]
    if not rows:
        raise SpreadsheetError(_("The file is empty."))
    header = [column_name(cell) for cell in rows[0]]
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
    for number, row in enumerate(rows[1:], start=2):
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
