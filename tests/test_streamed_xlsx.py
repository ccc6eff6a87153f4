"""A list's XLSX is sent as it is written (base/xlsx.py): the first bytes leave before
the rows are all read, and the file reads back in a spreadsheet library as the same
rows as the list's CSV, with a bold, frozen, filterable header."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from base.xlsx import column_letters, xlsx_chunks
from tests.test_exports import HOSTILE, hostile, unsafe_cells  # noqa: F401 - the fixture

ROWS = 5_000


def read(content):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def test_column_letters():
    assert [column_letters(i) for i in (0, 25, 26, 51, 52, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]


def test_cells_keep_their_type_and_text():
    rows = [
        ["Name", "Count", "Since", "At", "Resident", "Empty"],
        [
            "Noël <b> & « Côte d'Ivoire »",
            3,
            datetime.date(2024, 5, 1),
            datetime.datetime(2024, 5, 1, 12, 30),
            True,
            None,
        ],
        ["bell\x07 inside", 2.5, "", "", False, ""],
    ]
    sheet = read(b"".join(xlsx_chunks(rows, "People: [all]")))
    assert sheet.title == "People   all "  # no character a sheet name cannot hold
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("Name", "Count", "Since", "At", "Resident", "Empty")
    assert values[1][:5] == (
        "Noël <b> & « Côte d'Ivoire »",
        3,
        datetime.datetime(2024, 5, 1),
        datetime.datetime(2024, 5, 1, 12, 30),
        True,
    )
    assert values[2][:2] == ("bell inside", 2.5) and values[2][4] is False
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:F3"
    assert sheet["C2"].is_date


def test_the_first_bytes_leave_before_the_rows_are_read():
    read_so_far = []

    def rows():
        yield ["Number", "Text"]
        for number in range(ROWS):
            read_so_far.append(number)
            yield [number, f"row {number} " * 8]

    chunks = xlsx_chunks(rows(), "Numbers")
    first = next(chunks)
    assert first.startswith(b"PK") and not read_so_far
    second = next(chunks)
    assert second and len(read_so_far) < ROWS
    content = first + second + b"".join(chunks)
    sheet = read(content)
    assert sheet.max_row == ROWS + 1 and sheet.cell(ROWS + 1, 1).value == ROWS - 1


@pytest.mark.django_db
def test_a_list_xlsx_is_streamed_and_holds_the_csv_rows(client_as, hostile):  # noqa: F811
    client = client_as("administrator")
    url = reverse("postings:person_list")
    response = client.get(url, {"_export": "xlsx"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    sheet = read(b"".join(response.streaming_content))
    xlsx_rows = [
        ["" if value is None else str(value) for value in row] for row in sheet.iter_rows(values_only=True)
    ]
    csv_response = client.get(url, {"_export": "csv"})
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    csv_rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(csv_rows) > 1 and xlsx_rows == csv_rows
    cells = [cell for row in xlsx_rows for cell in row]
    assert any(HOSTILE["="].lower() in cell.lower() for cell in cells), "the hostile person is exported"
    assert not unsafe_cells(cells)
