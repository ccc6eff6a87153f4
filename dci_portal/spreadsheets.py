"""Spreadsheet files of the network, for the admin and the commands alike.

One file per type of record (`KINDS`, in the order a whole network imports: regions,
countries, embassies, central units, departments, sections, coverage, ranks, roles,
people, positions, postings), as CSV (UTF-8, comma or semicolon) or XLSX.

- `read_sheet` checks a file before anything is written: size, format (an XLSX that is
  not a workbook, binary junk posing as CSV), encoding, separator, and the columns of
  its header (the file type is detected from them when not given).
- `import_sheets` imports several files in ONE transaction, in dependency order, through
  the resources (django-import-export, network/resources.py, postings/resources.py),
  which write with `save_validated`: the model rules run as in the UI. Any problem in
  any file, or a dry run, rolls everything back.
- `export_dataset` writes the same columns, so an export imports back unchanged;
  `template_dataset` is a blank file of a type with one example row.

Row numbers in messages are the spreadsheet's: the header is row 1.

People and postings files carry service numbers (the natural key of a person): reading
or writing them needs SENSITIVE_PERMISSION on top of the model permissions.
"""

import csv
import dataclasses
import io
from pathlib import Path

import tablib
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from network.resources import (
    CountryResource,
    CoverageResource,
    DepartmentResource,
    DirectorateUnitResource,
    EmbassyResource,
    Problem,
    RegionResource,
    SectionResource,
    cell_text,
)
from postings.resources import PersonResource, PositionResource, PostingResource, RankResource, RoleResource

from .access import SENSITIVE_PERMISSION

RESOURCES = (
    RegionResource,
    CountryResource,
    EmbassyResource,
    DirectorateUnitResource,
    DepartmentResource,
    SectionResource,
    CoverageResource,
    RankResource,
    RoleResource,
    PersonResource,
    PositionResource,
    PostingResource,
)
KINDS = {resource.kind: resource for resource in RESOURCES}
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


# --- Reading ---------------------------------------------------------------------------


@dataclasses.dataclass
class Sheet:
    """A file read and checked: its type and its rows (a tablib Dataset whose
    `row_numbers` give each row's number in the spreadsheet)."""

    name: str
    kind: str
    dataset: tablib.Dataset

    def __len__(self):
        return len(self.dataset)


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


def detect_kind(headers):
    """The file type whose columns these are, or None."""
    present = set(headers)
    fits = [
        kind
        for kind, resource in KINDS.items()
        if set(resource.required_columns()) <= present <= set(resource.columns())
    ]
    if len(fits) > 1:
        fits = [kind for kind in fits if set(KINDS[kind].columns()) == present] or fits
    return fits[0] if len(fits) == 1 else None


def check_columns(headers, kind):
    resource = KINDS[kind]
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
        "kind": kind,
        "details": "; ".join(details),
    }
    other = detect_kind(headers)
    if other and other != kind:
        message += " " + _("They are those of a %(kind)s file.") % {"kind": other}
    message += " " + _("Expected columns: %(columns)s.") % {"columns": ", ".join(expected)}
    raise SpreadsheetError(message)


def read_sheet(data, *, name="", kind=None, fmt=None):
    """Read and check one file (bytes); `kind` is detected from the header when None."""
    check_size(len(data))
    dataset = read_table(data, fmt or format_of(data, name))
    headers = list(dataset.headers)
    if kind is None:
        stem = Path(name).stem.casefold()
        kind = stem if stem in KINDS else detect_kind(headers)
        if kind is None:
            raise SpreadsheetError(
                _("The columns of this file are not those of any file type (%(kinds)s). Found: %(found)s.")
                % {"kinds": ", ".join(KINDS), "found": ", ".join(headers)}
            )
    check_columns(headers, kind)
    return Sheet(name=name, kind=kind, dataset=dataset)


def read_sheet_file(path, *, kind=None):
    path = Path(path)
    check_size(path.stat().st_size)  # before reading a huge file into memory
    return read_sheet(path.read_bytes(), name=path.name, kind=kind)


# --- Importing -----------------------------------------------------------------------------


@dataclasses.dataclass
class FileReport:
    name: str
    kind: str
    rows: int
    totals: dict = dataclasses.field(default_factory=dict)
    problems: list = dataclasses.field(default_factory=list)
    checked: bool = True

    @property
    def summary(self):
        if not self.checked:
            return _("not checked: an earlier file has problems")
        t = self.totals
        return _(
            "%(rows)s rows: %(new)s new, %(changed)s changed, %(unchanged)s unchanged, %(errors)s with errors"
        ) % {
            "rows": self.rows,
            "new": t.get("new", 0),
            "changed": t.get("update", 0),
            "unchanged": t.get("skip", 0),
            "errors": t.get("invalid", 0) + t.get("error", 0),
        }


@dataclasses.dataclass
class ImportReport:
    files: list
    dry_run: bool

    @property
    def problems(self):
        return [(report, problem) for report in self.files for problem in report.problems]

    @property
    def ok(self):
        return not self.problems

    @property
    def written(self):
        return self.ok and not self.dry_run


def sort_sheets(sheets):
    order = {kind: index for index, kind in enumerate(KINDS)}
    return sorted(sheets, key=lambda sheet: order[sheet.kind])


def import_sheets(sheets, *, user=None, reason="import", dry_run=False, progress=None, html_diff=False):
    """Import `sheets` (from `read_sheet`) in dependency order in one transaction.

    Nothing is written if any row of any file has a problem, or on a dry run; after
    the first file with problems the later ones are not checked (their references
    would fail for the wrong reason). `progress(n)` is called as rows are done.
    """
    reports = []
    failed = False
    with transaction.atomic():
        for sheet in sort_sheets(sheets):
            if failed:
                reports.append(FileReport(sheet.name, sheet.kind, len(sheet), checked=False))
                continue
            resource = KINDS[sheet.kind](html_diff=html_diff)
            result = resource.import_data(
                sheet.dataset,
                dry_run=False,
                user=user,
                reason=reason,
                file_name=sheet.name,
                progress=progress,
            )
            report = FileReport(sheet.name, sheet.kind, len(sheet), dict(result.totals), result.problems)
            reports.append(report)
            failed = bool(report.problems)
        if failed or dry_run:
            transaction.set_rollback(True)
    return ImportReport(files=reports, dry_run=dry_run)


# --- Exporting and templates -----------------------------------------------------------------


def export_dataset(kind, queryset=None, *, native=False):
    """The records of `kind` with the columns of its file; `native` keeps dates and
    numbers typed (for XLSX)."""
    return KINDS[kind]().export(queryset, force_native_type=native)


def template_dataset(kind):
    resource = KINDS[kind]
    columns = resource.columns()
    dataset = tablib.Dataset(headers=columns, title=kind)
    dataset.append([resource.example_row.get(column, "") for column in columns])
    return dataset


def render(dataset, fmt):
    """The bytes of a CSV (UTF-8 with a byte-order mark, so that Excel reads the
    accents) or XLSX file."""
    if fmt == "xlsx":
        if not dataset.title:
            dataset.title = "data"
        return dataset.export("xlsx")
    return ("\ufeff" + dataset.export("csv")).encode("utf-8")


def file_name(kind, fmt, *, template=False):
    return f"{kind}-template.{fmt}" if template else f"{kind}.{fmt}"


# --- Permissions -------------------------------------------------------------------------------


def _model_permission(resource, action):
    opts = resource._meta.model._meta
    return f"{opts.app_label}.{action}_{opts.model_name}"


def can_import(user, kind):
    """Importing writes: the add and change permissions of the model; people and
    postings files also carry service numbers, so SENSITIVE_PERMISSION too."""
    resource = KINDS[kind]
    needed = [_model_permission(resource, "add"), _model_permission(resource, "change")]
    if resource.sensitive:
        needed.append(SENSITIVE_PERMISSION)
    return user.has_perms(needed)


def can_export(user, kind):
    resource = KINDS[kind]
    needed = [_model_permission(resource, "view")]
    if resource.sensitive:
        needed.append(SENSITIVE_PERMISSION)
    return user.has_perms(needed)


def problem_lines(report, limit=None):
    """The problems of an import as lines of text, `limit` at most."""
    lines = [f"{file_report.name}: {problem}" for file_report, problem in report.problems]
    if limit is not None and len(lines) > limit:
        hidden = len(lines) - limit
        lines = lines[:limit] + [
            ngettext("… and %(count)s more problem", "… and %(count)s more problems", hidden)
            % {"count": hidden}
        ]
    return lines


__all__ = ["KINDS", "Problem", "SpreadsheetError"]
