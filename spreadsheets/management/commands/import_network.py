"""Import the network from spreadsheet files (CSV or XLSX), all or nothing.

    manage.py import_network FILE_OR_FOLDER [...] [--kind KIND] [--dry-run] [--user NAME]
    manage.py import_network --template KIND [--output people.xlsx]

Files are checked first (format, encoding, separator, columns), then imported in
dependency order in one transaction through the same validation as the UI; any problem
in any row of any file writes nothing. A folder written by export_network imports back.
"""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from tqdm import tqdm

from base.audit import AuditedCommand
from spreadsheets.registry import (
    KINDS,
    SpreadsheetError,
    import_sheets,
    problem_lines,
    read_sheet_file,
    render,
    template_dataset,
)

# Below this many rows the import is over before a progress bar is worth drawing.
PROGRESS_MIN_ROWS = 1000
REASON = "command: import_network"


class Command(AuditedCommand):
    help = (
        "Import network records from CSV (UTF-8, comma or semicolon) or XLSX files, or from folders of "
        f"them. File types ({', '.join(KINDS)}) are detected from the columns or the file name. "
        "Nothing is written unless every row of every file is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="Files, or folders of .csv/.xlsx files.")
        parser.add_argument("--kind", choices=list(KINDS), help="File type of every file given.")
        parser.add_argument("--dry-run", action="store_true", help="Check everything, write nothing.")
        parser.add_argument("--user", help="Username the changes are attributed to in the history.")
        parser.add_argument(
            "--template", choices=list(KINDS), help="Write a blank file of this type with an example row."
        )
        parser.add_argument(
            "--output", help="With --template: the file to write (.csv or .xlsx); default: CSV on stdout."
        )
        parser.add_argument("--max-problems", type=int, default=50, help="Problems listed at most (0: all).")

    def handle(self, *args, paths, kind, dry_run, user, template, output, max_problems, verbosity, **options):
        if template:
            return self.write_template(template, output)
        if not paths:
            raise CommandError("Give at least one file or folder to import (or --template KIND).")
        author = self.find_user(user)
        sheets, unreadable = [], []
        for path in self.expand(paths):
            try:
                sheets.append(read_sheet_file(path, kind=kind))
            except (SpreadsheetError, OSError) as error:
                unreadable.append(f"{path}: {error}")
        if unreadable:
            for line in unreadable:
                self.stderr.write(line)
            raise CommandError("Nothing was written: these files can't be imported as they are.")

        total = sum(len(sheet) for sheet in sheets)
        disable = True if verbosity == 0 or total < PROGRESS_MIN_ROWS else None  # None: only on a terminal
        with tqdm(total=total, unit="rows", file=sys.stderr, disable=disable) as bar:
            report = import_sheets(sheets, user=author, reason=REASON, dry_run=dry_run, progress=bar.update)

        if verbosity >= 1:
            for file_report in report.files:
                self.stdout.write(f"{file_report.name} ({file_report.kind}): {file_report.summary}")
        if not report.ok:
            for line in problem_lines(report, limit=max_problems or None):
                self.stderr.write(line)
            raise CommandError(f"Nothing was written: {len(report.problems)} problem(s) to fix.")
        if verbosity >= 1:
            if dry_run:
                self.stdout.write(self.style.SUCCESS("Dry run: every row is valid; nothing was written."))
            else:
                self.stdout.write(self.style.SUCCESS(f"Imported {total} rows from {len(sheets)} file(s)."))

    def expand(self, paths):
        for given in paths:
            path = Path(given)
            if path.is_dir():
                found = sorted(p for p in path.iterdir() if p.suffix.lower() in (".csv", ".xlsx"))
                if not found:
                    raise CommandError(f"{path} holds no .csv or .xlsx file.")
                yield from found
            elif path.exists():
                yield path
            else:
                raise CommandError(f"{path} does not exist.")

    def find_user(self, username):
        if not username:
            return None
        User = get_user_model()
        try:
            return User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"There is no user {username!r}.") from None

    def write_template(self, kind, output):
        fmt = "xlsx" if output and output.lower().endswith(".xlsx") else "csv"
        data = render(template_dataset(kind), fmt)
        if output:
            Path(output).write_bytes(data)
            self.stdout.write(f"{output}: blank {kind} file with an example row")
        else:
            self.stdout.write(data.decode("utf-8-sig"), ending="")
