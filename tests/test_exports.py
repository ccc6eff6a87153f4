"""No export can run a formula in the reader's spreadsheet: a cell that starts with =, +,
-, @, a tab or a carriage return is quoted as text ("'=…") by the one shared helper,
base.exports.safe_cell, in every export — every list's CSV, the coverage report's CSV
and XLSX, the admin's spreadsheet exports and `export_network` — found by walking them,
not listed by hand."""

import csv
import io

import openpyxl
import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from base.exports import FORMULA_STARTS, safe_cell
from base.views import ObjectListView
from network.models import Region
from postings.models import Person
from spreadsheets.admin_mixin import SpreadsheetImportExportMixin
from spreadsheets.registry import FORMATS, KINDS
from tests import factories
from tests.url_pages import all_pages

pytestmark = pytest.mark.django_db

HOSTILE = {start: f'{start}HYPERLINK("http://evil.example","x")' for start in FORMULA_STARTS}


@pytest.fixture
def hostile(db):
    """Records whose text starts like a formula, one per dangerous first character."""
    region = Region.objects.create(code="zz-hostile", name_en=HOSTILE["="], name_fr=HOSTILE["+"], order=99)
    country = factories.CountryFactory(region=region, name_en=HOSTILE["@"], capital=HOSTILE["-"])
    department = factories.DepartmentFactory(embassy__country=country, embassy__city=HOSTILE["\t"])
    factories.CoverageFactory(department=department, country=country)
    position = factories.PositionFactory(department=department, title=HOSTILE["\r"])
    factories.PostingFactory(
        position=position, person__last_name=HOSTILE["="], person__first_name=HOSTILE["+"]
    )
    return set(HOSTILE.values())


def unsafe_cells(cells):
    return [
        cell for cell in cells if isinstance(cell, str) and cell.strip("\ufeff").startswith(FORMULA_STARTS)
    ]


def csv_cells(content, delimiter=","):
    text = content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) for cell in row]


def xlsx_cells(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [cell.value for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def test_the_helper_quotes_every_formula_start():
    for start, text in HOSTILE.items():
        assert safe_cell(text) == "'" + text, repr(start)
    assert safe_cell("Nepal") == "Nepal" and safe_cell(3) == 3


@pytest.mark.parametrize(
    "page", [p for p in all_pages() if not p.is_admin and p.is_subclass(ObjectListView)], ids=str
)
def test_every_list_csv_quotes_formulas(client_as, hostile, page):
    response = client_as("administrator").get(
        page.url(), {"_export": "csv", "status": "all", "per_page": 250}
    )
    assert response.status_code == 200
    cells = csv_cells(b"".join(response.streaming_content) if response.streaming else response.content)
    assert not unsafe_cells(cells), f"{page}: {unsafe_cells(cells)[:3]}"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_report_exports_quote_formulas(client_as, hostile, fmt):
    response = client_as("manager").get(reverse(f"reports:coverage_{fmt}"))
    cells = csv_cells(response.content, ";") if fmt == "csv" else xlsx_cells(response.content)
    assert any(isinstance(c, str) and c.lstrip("'") in hostile for c in cells), (
        "the hostile country is exported"
    )
    assert not unsafe_cells(cells)


def spreadsheet_admins():
    return [a for a in admin.site._registry.values() if isinstance(a, SpreadsheetImportExportMixin)]


@pytest.mark.parametrize("model_admin", spreadsheet_admins(), ids=lambda a: a.model._meta.label)
@pytest.mark.parametrize("fmt", FORMATS)
def test_admin_exports_quote_formulas(admin_client, hostile, model_admin, fmt):
    opts = model_admin.model._meta
    formats = [f().get_title() for f in model_admin.get_export_formats()]
    response = admin_client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_export"),
        {"format": formats.index(fmt), "resource": 0, "export_items": []},
    )
    assert response.status_code == 200, response.content[:500]
    cells = csv_cells(response.content) if fmt == "csv" else xlsx_cells(response.content)
    assert not unsafe_cells(cells), f"{opts.label}: {unsafe_cells(cells)[:3]}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_network_quotes_formulas_and_imports_back(tmp_path, hostile, fmt):
    call_command("export_network", str(tmp_path), "--format", fmt, stdout=io.StringIO())
    for kind in KINDS:
        content = (tmp_path / f"{kind}.{fmt}").read_bytes()
        cells = csv_cells(content) if fmt == "csv" else xlsx_cells(content)
        assert not unsafe_cells(cells), f"{kind}.{fmt}: {unsafe_cells(cells)[:3]}"
    # The quote is read back as the original text: an export still imports back unchanged.
    call_command("import_network", str(tmp_path), "--dry-run", stdout=io.StringIO(), stderr=io.StringIO())
    assert Person.objects.filter(last_name=HOSTILE["="]).exists()
