"""What every file the portal writes shares: cells a spreadsheet cannot run.

A value typed by a user that starts like a formula ("=HYPERLINK(…)", "+33…", "@SUM")
would run when the file is opened in Excel or LibreOffice. Every export — list CSVs,
the coverage report's CSV/XLSX, the admin's spreadsheet exports, `export_network` —
passes its text cells through `safe_cell`.
"""

import csv
import tempfile

import openpyxl
from django.http import FileResponse, StreamingHttpResponse

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
    """An XLSX file written row by row (openpyxl's write-only mode keeps no cell in
    memory) into a temporary file, then sent from that file."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for row in rows:
        sheet.append(safe_row(row))
    file = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    workbook.save(file)
    file.seek(0)
    return FileResponse(
        file,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
