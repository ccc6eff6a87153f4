"""Imports read in bounded memory (spreadsheets/files.py): the dimension an XLSX declares
is ignored, rows and columns are capped with a message naming the limit, and a refused
file changes nothing. The huge files are read in a child process with capped memory
(tests/spreadsheet_bombs.py), so that a reader that does not stream fails here."""

import io

import pytest
from django.core.management import CommandError, call_command

from network.models import Country, Region
from spreadsheets import files
from spreadsheets.registry import SpreadsheetError, read_sheet
from tests import spreadsheet_bombs as bombs
from tests.test_import_export import admin_url, upload

pytestmark = pytest.mark.django_db

# What the child process may use, and what a streaming reader needs (Django included).
CHILD_MEMORY_MB = 1500
BOUNDED_RSS_MB = 400


def test_a_workbook_declaring_the_largest_sheet_is_read_in_bounded_memory(tmp_path):
    path = tmp_path / "countries.xlsx"
    path.write_bytes(bombs.dimension_bomb())
    assert path.stat().st_size < 10_000
    outcome = bombs.read_in_child(path, "xlsx", memory_mb=CHILD_MEMORY_MB, timeout=60)
    assert f"more than {files.DEFAULT_MAX_ROWS} rows" in outcome.get("refused", ""), outcome
    assert outcome["seconds"] < 10
    assert outcome["peak_rss_mb"] < BOUNDED_RSS_MB


def test_a_two_million_row_workbook_is_refused_naming_the_limit_in_bounded_memory(tmp_path):
    path = tmp_path / "countries.xlsx"
    path.write_bytes(bombs.many_rows_xlsx(2_000_000))
    assert path.stat().st_size < files.DEFAULT_MAX_BYTES  # under the size limit: the rows must be capped
    outcome = bombs.read_in_child(path, "xlsx", memory_mb=CHILD_MEMORY_MB, timeout=120)
    assert f"more than {files.DEFAULT_MAX_ROWS} rows" in outcome.get("refused", ""), outcome
    assert outcome["peak_rss_mb"] < BOUNDED_RSS_MB


def test_the_declared_dimension_is_ignored():
    """A sheet declared A1:XFD1048576 whose rows are all there reads as its rows."""
    data = bombs._rewrite_sheet(
        bombs._workbook_bytes([bombs.HEADER, ("zz", "Zedland", "Zedlande")]),
        lambda xml: xml.replace(b'<dimension ref="A1:C2"', b'<dimension ref="A1:XFD1048576"'),
    )
    dataset = files.read_table(data, "xlsx")
    assert list(dataset.headers) == list(bombs.HEADER)
    assert dataset[0] == ("zz", "Zedland", "Zedlande")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_file_over_the_row_limit_is_refused_by_the_command_and_changes_nothing(tmp_path, settings, fmt):
    settings.IMPORT_MAX_ROWS = 50
    rows = [("code", "name_en", "name_fr")] + [(f"r{n}", f"Region {n}", f"Région {n}") for n in range(51)]
    path = tmp_path / f"regions.{fmt}"
    if fmt == "csv":
        path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    else:
        path.write_bytes(bombs._workbook_bytes(rows))
    before, err = Region.objects.count(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_network", str(path), stderr=err, verbosity=0)
    assert "more than 50 rows" in err.getvalue()
    assert Region.objects.count() == before

    # At the limit, the file imports.
    path.write_text("\n".join(",".join(row) for row in rows[:-1]) + "\n", encoding="utf-8")
    path = path.rename(path.with_suffix(".csv"))
    call_command("import_network", str(path), verbosity=0)
    assert Region.objects.count() == before + 50


def test_a_file_over_the_column_limit_is_refused_naming_the_limit(settings):
    settings.IMPORT_MAX_COLUMNS = 5
    header = "code,name_en,name_fr," + ",".join(f"extra{n}" for n in range(3))
    with pytest.raises(SpreadsheetError, match="more than 5 columns"):
        read_sheet(f"{header}\nzz,Z,Z,1,2,3\n".encode(), name="regions.csv")
    # Empty cells past the limit (a spreadsheet's formatting) are not columns.
    dataset = files.read_table(b"code,name_en,name_fr" + b"," * 20 + b"\nzz,Z,Z\n", "csv")
    assert list(dataset.headers) == ["code", "name_en", "name_fr"]


def test_the_admin_import_form_names_the_row_limit(client_as, settings):
    settings.IMPORT_MAX_ROWS = 20
    data = bombs.many_rows_csv(30)
    before = Country.objects.count()
    response = client_as("administrator").post(
        admin_url(Country, "import"),
        {"resource": "0", "format": "0", "import_file": upload(data, "countries.csv")},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["import_file"]
    assert any("more than 20 rows" in error for error in errors), errors
    assert Country.objects.count() == before


def test_check_size_says_whether_an_import_fits_in_a_request(settings):
    """What a view uses to send an import to a background job instead of the request."""
    settings.IMPORT_REQUEST_MAX_ROWS = 10
    small = bombs.many_rows_csv(10)
    large = bombs.many_rows_csv(11)
    assert files.check_size(len(small), small, "csv") == files.FileSize(rows=11, columns=3)
    assert files.check_size(len(small), small, "csv").fits_in_a_request
    assert not files.check_size(len(large), large, "csv").fits_in_a_request
    assert not files.check_size(10, bombs.many_rows_xlsx(11), "xlsx").fits_in_a_request
    settings.IMPORT_MAX_ROWS = 5
    with pytest.raises(SpreadsheetError, match="more than 5 rows"):
        files.check_size(len(small), small, "csv")
