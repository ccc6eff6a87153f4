"""Write the network to spreadsheet files, one per type of record, with the columns
import_network reads: an export imports back unchanged."""

import sys
from pathlib import Path

from django.core.management.base import CommandError

from base.audit import AuditedCommand
from base.exports import record_export
from spreadsheets.registry import FORMATS, KINDS, export_dataset, file_name, render


class Command(AuditedCommand):
    help = (
        "Export the network to CSV or XLSX files. OUTPUT is a folder that receives one file per type "
        f"({', '.join(KINDS)}), or, with a single --kind, a file name ('-': standard output). "
        "People and postings files carry service numbers: keep them safe."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", help="A folder (created if needed), or a file with a single --kind.")
        parser.add_argument(
            "--kind", action="append", choices=list(KINDS), help="Type of records to export (repeatable)."
        )
        parser.add_argument("--format", choices=FORMATS, help="csv (default) or xlsx.")

    def handle(self, *args, output, kind=None, format=None, verbosity=1, **options):
        kinds = kind or list(KINDS)
        target = Path(output)
        if len(kinds) == 1 and (output == "-" or target.suffix.lower() in (".csv", ".xlsx")):
            fmt = format or ("xlsx" if target.suffix.lower() == ".xlsx" else "csv")
            dataset = export_dataset(kinds[0], native=fmt == "xlsx")
            record_export(kind=f"command export_network: {kinds[0]}", file_format=fmt, rows=len(dataset))
            data = render(dataset, fmt)
            if output == "-":
                self.stdout.flush()
                sys.stdout.buffer.write(data)
                sys.stdout.buffer.flush()
                return
            target.write_bytes(data)
            written = [(target, kinds[0])]
        else:
            if target.exists() and not target.is_dir():
                raise CommandError(
                    f"{target} is a file: give a folder, or a single --kind to write one file."
                )
            target.mkdir(parents=True, exist_ok=True)
            fmt = format or "csv"
            written = []
            for each in kinds:
                path = target / file_name(each, fmt)
                dataset = export_dataset(each, native=fmt == "xlsx")
                record_export(kind=f"command export_network: {each}", file_format=fmt, rows=len(dataset))
                path.write_bytes(render(dataset, fmt))
                written.append((path, each))
        if verbosity >= 1:
            for path, each in written:
                self.stdout.write(f"{path}  ({each})")
