"""Spreadsheet files of the network, for the admin and the commands alike.

One file per type of record (`KINDS`, in the order a whole network imports: regions,
countries, embassies, central units, departments, sections, coverage, ranks, roles,
people, positions, postings), as CSV (UTF-8, comma or semicolon) or XLSX.

- `read_sheet` checks a file before anything is written: size, format (an XLSX that is
  not a workbook, binary junk posing as CSV), encoding, separator, and the columns of
  its header (the file type is detected from them when not given); the checks
  themselves are in spreadsheets/files.py, which the admin uses too.
- `import_sheets` imports several files in ONE transaction, in dependency order, through
  the resources (django-import-export, spreadsheets/network.py, spreadsheets/postings.py),
  which write through the service layer: the model rules run once, as in the UI. Any
  problem in any file, or a dry run, rolls everything back.
- `export_dataset` writes the same columns, so an export imports back unchanged;
  `template_dataset` is a blank file of a type with one example row.

Row numbers in messages are the spreadsheet's: the header is row 1.

People and postings files carry service numbers (the natural key of a person): reading
or writing them needs SENSITIVE_PERMISSION on top of the model permissions.
"""

import dataclasses
from pathlib import Path

import tablib
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import files
from .files import (  # noqa: F401 - the file API, in one place for callers
    CONTENT_TYPES,
    FORMATS,
    SpreadsheetError,
    check_size,
    file_name,
    max_bytes,
    read_table,
    render,
)
from .network import (
    CountryResource,
    CoverageResource,
    DepartmentResource,
    DirectorateUnitResource,
    EmbassyResource,
    RegionResource,
    SectionResource,
)
from .postings import PersonResource, PositionResource, PostingResource, RankResource, RoleResource

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


@dataclasses.dataclass
class Sheet:
    """A file read and checked: its type and its rows (a tablib Dataset whose
    `row_numbers` give each row's number in the spreadsheet)."""

    name: str
    kind: str
    dataset: tablib.Dataset

    def __len__(self):
        return len(self.dataset)


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


def read_sheet(data, *, name="", kind=None, fmt=None):
    """Read and check one file (bytes); `kind` is detected from the header when None."""
    check_size(len(data))
    dataset = read_table(data, fmt or files.format_of(data, name))
    headers = list(dataset.headers)
    if kind is None:
        stem = Path(name).stem.casefold()
        kind = stem if stem in KINDS else detect_kind(headers)
        if kind is None:
            raise SpreadsheetError(
                _("The columns of this file are not those of any file type (%(kinds)s). Found: %(found)s.")
                % {"kinds": ", ".join(KINDS), "found": ", ".join(headers)}
            )
    files.check_columns(headers, KINDS[kind], kind_of=detect_kind)
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
    return files.template_dataset(KINDS[kind])


def import_permissions(resource):
    return files.import_permissions(resource)


def can_import(user, kind):
    return files.can_import(user, KINDS[kind])


def can_export(user, kind):
    return files.can_export(user, KINDS[kind])


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
