"""Bulk import and export of the network from spreadsheets (dci_portal/spreadsheets.py,
network/resources.py, postings/resources.py, the import_network and export_network
commands, and the admin's import pages).

The demo network (loaded once per session) is exported, wiped and imported back; files
with one bad row, malformed files and re-imports are checked to write nothing.
"""

import datetime
import io

import openpyxl
import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from network.models import Country, Coverage, Department, DirectorateUnit, Embassy, Region, Section
from postings.models import Person, Position, Posting, Rank, Role
from spreadsheets import registry as spreadsheets
from spreadsheets.registry import KINDS, SpreadsheetError, import_sheets, read_sheet
from tests.figures import network_figures

TODAY = datetime.date.today()
PORTAL_MODELS = (Region, Country, Embassy, DirectorateUnit, Department, Section, Coverage, Rank, Role)
PORTAL_MODELS += (Person, Position, Posting)

pytestmark = pytest.mark.django_db


# --- Helpers --------------------------------------------------------------------------------


def counts():
    return {model.__name__: model.objects.count() for model in PORTAL_MODELS}


def history_counts():
    return {model.__name__: model.history.count() for model in PORTAL_MODELS}


def wipe_portal():
    """Delete every record of the portal's tables (the test's transaction rolls back): the
    network's and the people's, and those that point into them (posting rounds, central
    units' placements). History is kept."""
    DirectorateUnit.objects.update(parent=None)
    pointing_in = [
        model
        for label in ("rounds", "network", "postings")
        for model in apps.get_app_config(label).get_models()
        if model not in PORTAL_MODELS and not model.__name__.startswith("Historical")
    ]
    for model in (*pointing_in, *reversed(PORTAL_MODELS)):
        # A plain DELETE: the collector would write a history record per row.
        model.objects.all()._raw_delete(connection.alias)


def unit_key(position):
    if position.department_id:
        return ("department", position.department.embassy.country.iso2, position.department.start_date)
    if position.section_id:
        return ("section", position.section.country.iso2, position.section.city, position.section.start_date)
    return ("central", position.central_unit.acronym)


def posting_keys():
    """Every posting by natural keys: who, where (unit, role, title), when, how it ended."""
    return {
        (
            posting.person.service_number,
            unit_key(posting.position),
            posting.position.role.code,
            posting.position.title,
            posting.position.start_date,
            posting.start_date,
            posting.expected_end_date,
            posting.end_date,
            posting.end_reason,
        )
        for posting in Posting.objects.with_people_and_places()
    }


def csv_bytes(header, rows):
    lines = [",".join(header)] + [",".join(str(cell) for cell in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def import_bytes(data, name, kind=None, **kwargs):
    return import_sheets([read_sheet(data, name=name, kind=kind)], **kwargs)


def only_problem(report):
    assert len(report.problems) == 1, [str(p) for _, p in report.problems]
    return report.problems[0][1]


@pytest.fixture
def demo_department():
    """An open department of the demo and a role of its positions."""
    department = Department.objects.active_on(TODAY).with_place().order_by("embassy__country__iso2").first()
    role = Role.objects.get(code="liaison-officer")
    return department, role


def positions_file(department, role, count, *, bad_row=None, bad_date="2019-02-30"):
    """`count` new positions in `department`; the spreadsheet row `bad_row` has a bad date."""
    header = ["department_country", "department_city", "central_unit", "section_country", "role", "title"]
    header += ["start_date"]
    rows = []
    for index in range(count):
        start = bad_date if index + 2 == bad_row else "2019-02-01"
        rows.append(
            [
                department.embassy.country.iso2,
                department.embassy.city,
                "",
                "",
                role.code,
                f"Import {index}",
                start,
            ]
        )
    return csv_bytes(header, rows)


# --- The round trip -------------------------------------------------------------------------


def test_demo_export_imports_into_an_empty_database_with_the_same_figures(tmp_path):
    before = network_figures(TODAY)
    assert (before["departments_open"], before["countries_covered"], before["people_in_post_abroad"]) == (
        76,
        157,
        300,
    )
    records_before, postings_before = counts(), posting_keys()
    call_command("export_network", str(tmp_path), verbosity=0)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{kind}.csv" for kind in KINDS)

    wipe_portal()
    assert set(counts().values()) == {0}
    call_command("import_network", str(tmp_path), verbosity=0)

    assert network_figures(TODAY) == before
    assert counts() == records_before
    assert posting_keys() == postings_before


def test_reimporting_an_export_changes_nothing(tmp_path):
    call_command("export_network", str(tmp_path), verbosity=0)
    records, history = counts(), history_counts()
    sheets = [spreadsheets.read_sheet_file(path) for path in sorted(tmp_path.iterdir())]
    with CaptureQueriesContext(connection) as queries:
        report = import_sheets(sheets)
    assert report.ok and report.written
    for file_report in report.files:
        assert file_report.totals["skip"] == file_report.rows, file_report
        assert file_report.totals["new"] == file_report.totals["update"] == 0
    assert counts() == records
    assert history_counts() == history
    # Natural keys are looked up in maps read once: no query per row (3,600+ rows here)
    # besides the savepoint that isolates each row.
    reads = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(reads) < 100, reads[:20]


def test_importing_the_same_new_file_twice_changes_nothing_the_second_time(demo_department):
    department, role = demo_department
    data = positions_file(department, role, 3)
    first = import_bytes(data, "positions.csv")
    assert first.files[0].totals["new"] == 3
    records, history = counts(), history_counts()

    second = import_bytes(data, "positions.csv")
    assert second.ok
    assert second.files[0].totals["skip"] == 3
    assert counts() == records
    assert history_counts() == history


def test_a_changed_row_updates_the_record_and_records_its_history():
    person = Person.objects.order_by("service_number").first()
    dataset = spreadsheets.export_dataset("people", Person.objects.filter(pk=person.pk))
    dataset[0] = tuple(
        "+33 1 00 00 00 00" if h == "phone" else v for h, v in zip(dataset.headers, dataset[0], strict=True)
    )
    report = import_bytes(spreadsheets.render(dataset, "csv"), "people.csv")
    assert report.files[0].totals["update"] == 1
    person.refresh_from_db()
    assert person.phone == "+33 1 00 00 00 00"
    assert person.history.first().history_change_reason == "import"


def test_xlsx_export_has_date_cells_and_imports_back_unchanged(tmp_path):
    path = tmp_path / "postings.xlsx"
    call_command("export_network", str(path), kind=["postings"], verbosity=0)
    sheet = openpyxl.load_workbook(path).active
    header = [cell.value for cell in sheet[1]]
    start = sheet.cell(row=2, column=header.index("start_date") + 1).value
    assert isinstance(start, datetime.datetime)

    report = import_sheets([spreadsheets.read_sheet_file(path)])
    assert report.ok
    assert report.files[0].totals["skip"] == Posting.objects.count()


def test_every_export_is_recognised_by_its_columns():
    for kind in KINDS:
        dataset = spreadsheets.export_dataset(kind)
        assert spreadsheets.detect_kind(list(dataset.headers)) == kind


# --- All or nothing -------------------------------------------------------------------------


def test_one_bad_row_among_500_writes_nothing_and_is_named(demo_department):
    department, role = demo_department
    data = positions_file(department, role, 500, bad_row=215)
    records = counts()

    report = import_bytes(data, "positions.csv")

    assert not report.written
    problem = only_problem(report)
    assert (problem.row, problem.column) == (215, "start_date")
    assert str(problem) == "row 215, column start_date: 2019-02-30 is not a date (use YYYY-MM-DD)"
    assert counts() == records


def test_the_command_reports_the_bad_row_and_writes_nothing(tmp_path, demo_department):
    department, role = demo_department
    path = tmp_path / "positions.csv"
    path.write_bytes(positions_file(department, role, 500, bad_row=14))
    records, err = counts(), io.StringIO()
    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import_network", str(path), stderr=err, verbosity=0)
    assert "row 14, column start_date: 2019-02-30 is not a date" in err.getvalue()
    assert counts() == records


def test_a_model_rule_broken_by_one_row_rolls_back_the_whole_file():
    """Two postings of one person that overlap: the overlap rule of the model (as in the
    UI) refuses the second row, and the first one is not kept either."""
    person = Person.objects.filter(force="police").exclude(postings__end_date__isnull=True).first()
    position_a, position_b = (
        Position.objects.filter(department__isnull=False, required_force__in=["either", "police"])
        .filter(end_date__isnull=True)
        .exclude(postings__end_date__isnull=True)
        .select_related("department__embassy__country", "role")[:2]
    )
    header = ["service_number", "central_unit", "department_country", "section_country", "role", "title"]
    header += ["start_date", "end_date", "end_reason"]
    far = datetime.date(2090, 1, 1)

    def row(position, start, end):
        iso2 = position.department.embassy.country.iso2
        return [
            person.service_number,
            "",
            iso2,
            "",
            position.role.code,
            position.title,
            start,
            end,
            "completed",
        ]

    data = csv_bytes(
        header, [row(position_a, far, far.replace(year=2092)), row(position_b, far.replace(2091), "")]
    )
    postings = Posting.objects.count()

    report = import_bytes(data, "postings.csv")

    problem = only_problem(report)
    assert problem.row == 3
    assert "already holds" in problem.message
    assert Posting.objects.count() == postings


def test_unknown_references_are_row_errors_not_creations():
    data = csv_bytes(
        ["country", "city", "department_country", "department_city", "start_date"],
        [["ES", "Sevilla", "ZZ", "Nowhere", "2020-01-01"]],
    )
    records = counts()
    problem = only_problem(import_bytes(data, "sections.csv"))
    assert (
        str(problem)
        == "row 2, column department_country: there is no department in a country with ISO code ZZ"
    )
    assert counts() == records


def test_a_position_must_name_exactly_one_unit(demo_department):
    department, role = demo_department
    data = csv_bytes(
        ["central_unit", "department_country", "section_country", "role", "title", "start_date"],
        [["DCI", department.embassy.country.iso2, "", role.code, "Two units", "2020-01-01"]],
    )
    problem = only_problem(import_bytes(data, "positions.csv"))
    assert problem.row == 2 and problem.column is None
    assert "exactly one unit" in problem.message


def test_a_row_the_database_refuses_is_explained_by_the_model_validation():
    """Constraints are left to the database on the way in; when it refuses a row, the
    row's full validation says why, and nothing is written."""
    data = csv_bytes(
        ["iso2", "iso3", "name_en", "name_fr", "region"],
        [["Q", "QQQ", "Qland", "Qterre", Region.objects.first().code]],
    )
    countries = Country.objects.count()
    problem = only_problem(import_bytes(data, "countries.csv"))
    assert problem.row == 2
    assert "country_iso2_format" in problem.message
    assert Country.objects.count() == countries


def test_a_row_repeated_in_the_file_is_an_error():
    person = Person.objects.order_by("service_number").first()
    dataset = spreadsheets.export_dataset("people", Person.objects.filter(pk=person.pk))
    dataset.append(dataset[0])
    problem = only_problem(import_bytes(spreadsheets.render(dataset, "csv"), "people.csv"))
    assert problem.row == 3
    assert "repeats row 2" in problem.message


def test_a_department_that_reopened_is_chosen_by_the_date_of_the_row():
    embassy = Embassy.objects.filter(departments__end_date__isnull=False).filter(
        departments__end_date__isnull=True
    )
    embassy = embassy.select_related("country").first()
    old, new = embassy.departments.order_by("start_date")
    # A section falls within its department's period: the old town's closes with it.
    iso2, city = embassy.country.iso2, embassy.city
    section_rows = [
        [iso2, "Old town", iso2, city, old.start_date.isoformat(), old.end_date.isoformat()],
        [iso2, "New town", iso2, city, new.start_date.isoformat(), ""],
    ]
    columns = ["country", "city", "department_country", "department_city", "start_date", "end_date"]
    data = csv_bytes(columns, section_rows)
    assert import_bytes(data, "sections.csv").written
    assert Section.objects.get(city="Old town").department == old
    assert Section.objects.get(city="New town").department == new


# --- Files that are not what they claim -------------------------------------------------------


JUNK = bytes(range(256)) * 40


@pytest.mark.parametrize(
    "name, data, kind, message",
    [
        ("people.csv", JUNK, None, "not a CSV text file: it contains binary data"),
        ("people.xlsx", JUNK, None, "not a valid XLSX workbook"),
        ("people.xlsx", b"PK\x03\x04" + JUNK, None, "not a valid XLSX workbook"),
        ("people.csv", b"service_number\tlast_name\tforce\nX1\tDupont\tpolice\n", None, "separated by tabs"),
        (
            "people.csv",
            "service_number,last_name\nX1,Müller\n".encode("latin-1"),
            None,
            "not encoded in UTF-8",
        ),
        ("file.csv", b"code,name_en\nx,y\n", "people", "not those of a people file"),
        ("people.csv", b"", None, "The file is empty"),
        ("people.ods", b"whatever", None, "Only CSV and XLSX files"),
    ],
    ids=["junk-csv", "junk-xlsx", "broken-zip", "tabs", "latin-1", "other-type", "empty", "ods"],
)
def test_a_malformed_file_gets_a_clear_error_and_writes_nothing(tmp_path, name, data, kind, message):
    path = tmp_path / name
    path.write_bytes(data)
    records, err = counts(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_network", str(path), kind=kind, stderr=err, verbosity=0)
    assert message in err.getvalue()
    assert counts() == records


def test_a_header_from_another_file_type_is_named_with_the_expected_columns():
    header = ",".join(KINDS["positions"].columns()).encode()
    with pytest.raises(SpreadsheetError) as error:
        read_sheet(header + b"\n", name="upload.csv", kind="postings")
    text = str(error.value)
    assert "They are those of a positions file" in text
    assert "Expected columns: " + ", ".join(KINDS["postings"].columns()) in text


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, settings):
    settings.SPREADSHEET_IMPORT_MAX_BYTES = 1024 * 1024
    path = tmp_path / "people.csv"
    path.write_bytes(b"service_number,last_name\n" + b"X1,Dupont\n" * 120_000)
    with pytest.raises(SpreadsheetError, match=r"larger than 1\.0 MB"):
        spreadsheets.read_sheet_file(path)


def test_the_default_size_limit_is_twenty_megabytes():
    with pytest.raises(SpreadsheetError, match="larger than 20.0 MB"):
        read_sheet(b"x" * (20 * 1024 * 1024 + 1), name="people.csv")


def test_semicolons_a_byte_order_mark_and_spreadsheet_headers_are_accepted(demo_department):
    department, role = demo_department
    iso2, city = department.embassy.country.iso2, department.embassy.city
    text = (
        "\ufeffDepartment country;Department city;Central unit;Section country;Role;Title;Start date\n"
        f"{iso2};{city};;;{role.code};Semicolon post;2020-03-01\n"
    )
    report = import_bytes(text.encode(), "positions.csv")
    assert report.written
    assert Position.objects.filter(title="Semicolon post", department=department).exists()


# --- Dry run, history, templates ------------------------------------------------------------


def test_dry_run_checks_everything_and_writes_nothing(tmp_path, demo_department):
    department, role = demo_department
    path = tmp_path / "positions.csv"
    path.write_bytes(positions_file(department, role, 5))
    records, out = counts(), io.StringIO()
    call_command("import_network", str(path), dry_run=True, stdout=out)
    assert "5 new" in out.getvalue()
    assert "nothing was written" in out.getvalue()
    assert counts() == records


def test_the_history_of_imported_rows_names_the_importing_user(tmp_path, demo_department, users):
    department, role = demo_department
    path = tmp_path / "positions.csv"
    path.write_bytes(positions_file(department, role, 2))
    call_command("import_network", str(path), user=users["editor"].username, verbosity=0)
    records = Position.history.filter(title__startswith="Import ")
    assert records.count() == 2
    assert {(r.history_user, r.history_change_reason, r.history_type) for r in records} == {
        (users["editor"], "command: import_network", "+")
    }


def test_every_template_has_the_columns_and_an_example_row_that_reads_back():
    for kind, resource in KINDS.items():
        for fmt in spreadsheets.FORMATS:
            data = spreadsheets.render(spreadsheets.template_dataset(kind), fmt)
            sheet = read_sheet(data, name=f"template.{fmt}")
            assert sheet.kind == kind
            assert list(sheet.dataset.headers) == resource.columns()
            assert len(sheet) == 1


def test_the_command_writes_a_template(tmp_path):
    out = io.StringIO()
    call_command("import_network", template="postings", stdout=out)
    header = out.getvalue().splitlines()[0]
    assert header == ",".join(KINDS["postings"].columns())
    path = tmp_path / "people.xlsx"
    call_command("import_network", template="people", output=str(path), verbosity=0)
    assert read_sheet(path.read_bytes(), name=path.name).kind == "people"


def test_the_template_view_needs_the_import_permission(client_as):
    url = reverse("imports:template", args=["people", "csv"])
    response = client_as("administrator").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="people-template.csv"'
    assert client_as("staff").get(url).status_code == 403
    unknown_kind = reverse("imports:template", args=["nonsense", "csv"])
    assert client_as("administrator").get(unknown_kind).status_code == 404


def test_exports_do_not_query_per_row(django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        dataset = spreadsheets.export_dataset("postings")
    assert len(dataset) == Posting.objects.count()


def test_importing_people_or_postings_needs_the_sensitive_permission(users):
    editor = users["editor"]
    assert spreadsheets.can_import(editor, "positions")
    assert not spreadsheets.can_import(editor, "people")
    assert not spreadsheets.can_export(editor, "postings")
    editor.user_permissions.add(Permission.objects.get(codename="view_sensitive_personnel"))
    editor = type(editor).objects.get(pk=editor.pk)  # fresh permission cache
    assert spreadsheets.can_import(editor, "people")
    assert spreadsheets.can_export(editor, "postings")


# --- The admin ---------------------------------------------------------------------------------


def admin_url(model, view, **kwargs):
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        pytest.skip(f"{model.__name__} admin has no spreadsheet import yet")


def upload(data, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


def people_file_with(changed_phone=True, new=2, bad_email=False):
    """Two existing people (one with a new phone number) and `new` new ones."""
    existing = Person.objects.order_by("service_number")[:2]
    dataset = spreadsheets.export_dataset("people", Person.objects.filter(pk__in=[p.pk for p in existing]))
    if changed_phone:
        phone = dataset.headers.index("phone")
        first = list(dataset[0])
        first[phone] = "+33 1 11 11 11 11"
        dataset[0] = tuple(first)
    for index in range(new):
        email = "not-an-email" if bad_email and index == 1 else f"new{index}@interieur.gouv.fr"
        row = dict.fromkeys(dataset.headers, "") | {
            "service_number": f"ZZ-{index:06d}",
            "last_name": f"Newcomer{index}",
            "first_name": "Alex",
            "force": "police",
            "rank": "Police Captain",
            "email": email,
        }
        dataset.append([row[column] for column in dataset.headers])
    return spreadsheets.render(dataset, "csv")


def test_admin_import_shows_a_preview_then_imports_on_confirmation(client_as, users):
    client = client_as("administrator")
    url = admin_url(Person, "import")
    page = client.get(url)
    assert page.status_code == 200
    assert admin_url(Person, "import_template", fmt="csv") in page.content.decode()

    people = Person.objects.count()
    preview = client.post(
        url, {"resource": "0", "format": "0", "import_file": upload(people_file_with(), "p.csv")}
    )
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "2 new, 1 changed, 1 unchanged, 0 with errors" in text
    assert Person.objects.count() == people  # the preview writes nothing

    confirm = preview.context["confirm_form"]
    response = client.post(admin_url(Person, "process_import"), confirm.initial)
    assert response.status_code == 302
    assert Person.objects.count() == people + 2
    created = Person.objects.get(service_number="ZZ-000000")
    assert created.history.get().history_user == users["administrator"]


def test_admin_confirmation_of_a_file_that_no_longer_imports_writes_nothing(client_as):
    from django.contrib.messages import get_messages

    client = client_as("administrator")
    data = people_file_with(changed_phone=False, new=1)
    preview = client.post(
        admin_url(Person, "import"), {"resource": "0", "format": "0", "import_file": upload(data, "p.csv")}
    )
    confirm = preview.context["confirm_form"]
    # Between the preview and the confirmation, the rank the new person names is renamed.
    Rank.objects.filter(name_en="Police Captain").update(
        name_en="Captain", name_fr="Capitaine", abbreviation="C"
    )
    people = Person.objects.count()

    response = client.post(admin_url(Person, "process_import"), confirm.initial)

    assert response.status_code == 302 and response["Location"] == admin_url(Person, "import")
    message = str(next(iter(get_messages(response.wsgi_request))))
    assert message == "Nothing was imported: row 4, column rank: there is no rank called Police Captain"
    assert Person.objects.count() == people


def test_admin_import_lists_the_problems_and_offers_no_confirmation(client_as):
    client = client_as("administrator")
    data = people_file_with(changed_phone=False, new=3, bad_email=True)
    response = client.post(
        admin_url(Person, "import"), {"resource": "0", "format": "0", "import_file": upload(data, "p.csv")}
    )
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    problems = response.context["result"].problems
    assert [(p.row, p.column) for p in problems] == [(5, "email")]
    assert "Enter a valid email address." in response.content.decode()


def test_admin_import_refuses_a_malformed_file_on_the_form(client_as):
    client = client_as("administrator")
    response = client.post(
        admin_url(Person, "import"),
        {"resource": "0", "format": "1", "import_file": upload(JUNK, "people.xlsx")},
    )
    assert response.status_code == 200
    assert "This file is not a valid XLSX workbook." in response.context["form"].errors["import_file"]


def test_admin_export_and_template(client_as):
    client = client_as("administrator")
    response = client.post(admin_url(Person, "export"), {"format": "0", "resource": "0"})
    assert response.status_code == 200
    sheet = read_sheet(response.content, name="people.csv")
    assert len(sheet) == Person.objects.count()

    template = client.get(admin_url(Coverage, "import_template", fmt="xlsx"))
    assert template.status_code == 200
    assert read_sheet(template.content, name="coverage.xlsx").kind == "coverage"


def test_admin_import_and_export_of_people_need_the_sensitive_permission(client, users):
    editor = users["editor"]
    editor.is_staff = True
    editor.save(update_fields=["is_staff"])
    client.force_login(editor)
    assert client.get(admin_url(Person, "import")).status_code == 403
    assert client.get(admin_url(Person, "export")).status_code == 403
    assert client.get(admin_url(Position, "import")).status_code == 200
