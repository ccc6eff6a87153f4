"""Small files that declare or hold huge sheets, for the import limits' tests and
scripts/bench_import.py; and a way to read one in a child process whose memory and time
are capped, so that a reader that does not stream fails the test instead of the machine."""

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
HEADER = ("code", "name_en", "name_fr")


def _workbook_bytes(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _rewrite_sheet(data, change):
    """`data` (an XLSX) with its first sheet's XML passed through `change`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                content = change(content)
            target.writestr(member.filename, content)
    return out.getvalue()


def dimension_bomb():
    """A workbook of two rows (5 KB) that declares the largest sheet Excel allows and
    styles its last cell, XFD1048576, empty: a reader that pads rows to the declared
    width and makes up the rows in between holds 17 billion cells."""
    data = _workbook_bytes([HEADER, ("zz", "Zedland", "Zedlande")])

    def change(xml):
        xml = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml)
        return xml.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>')

    return _rewrite_sheet(data, change)


def many_rows_xlsx(rows):
    """A workbook of `rows` rows of numbers, its sheet XML streamed into the zip (2 million
    rows: a few MB)."""
    out = io.BytesIO()
    template = zipfile.ZipFile(io.BytesIO(_workbook_bytes([HEADER])))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in template.infolist():
            if member.filename != "xl/worksheets/sheet1.xml":
                target.writestr(member.filename, template.read(member.filename))
        xml = template.read("xl/worksheets/sheet1.xml").decode()
        head, _, tail = xml.partition("<sheetData>")
        header_row, _, tail = tail.partition("</sheetData>")
        head = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="A1:C{rows + 1}"', head)
        with target.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f"{head}<sheetData>{header_row}".encode())
            batch = []
            for _n in range(rows):
                # Rows and cells may go unnumbered: the XML repeats itself and compresses
                # a thousandfold.
                batch.append("<row><c><v>1</v></c><c><v>2</v></c></row>")
                if len(batch) == 10_000:
                    sheet.write("".join(batch).encode())
                    batch = []
            sheet.write(("".join(batch) + f"</sheetData>{tail}").encode())
    return out.getvalue()


def many_rows_csv(rows):
    return ("code,name_en,name_fr\n" + "".join(f"c{n},Country {n},Pays {n}\n" for n in range(rows))).encode()


CHILD = """
import json, os, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (__LIMIT__, __LIMIT__))
import django
django.setup()
from spreadsheets.files import SpreadsheetError, read_table
data = open(sys.argv[1], "rb").read()
started = time.perf_counter()
try:
    outcome = {"rows": len(read_table(data, sys.argv[2]))}
except SpreadsheetError as error:
    outcome = {"refused": str(error)}
except MemoryError:
    outcome = {"memory_error": True}
outcome["seconds"] = round(time.perf_counter() - started, 2)
outcome["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print(json.dumps(outcome))
"""


def read_in_child(path, fmt, *, memory_mb=1500, timeout=120, root=ROOT, env=None):
    """Read the file at `path` with spreadsheets.files.read_table in a child process whose
    address space is capped at `memory_mb`; returns {"rows": n} or {"refused": message}
    (or {"memory_error": True}, {"timeout": True}), with "seconds" and "peak_rss_mb"."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dci_portal.test_settings",
        "PYTHONPATH": str(root),
        **(env or {}),
    }
    code = CHILD.replace("__LIMIT__", str(memory_mb * 1024 * 1024))
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, str(path), fmt],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=root,
            env=environment,
        )
    except subprocess.TimeoutExpired:
        return {"timeout": True, "seconds": timeout}
    if done.returncode != 0:
        return {"crashed": done.stderr[-2000:]}
    return json.loads(done.stdout.strip().splitlines()[-1])
