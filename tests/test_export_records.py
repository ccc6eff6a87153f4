"""Every export of the portal's records is recorded — who, when, what, which filters, how
many rows — and administrators read the record in the admin (issue 12, defect 4)."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from base.models import ExportRecord
from network.models import Country, Department
from postings.models import Person
from rounds.models import Round
from tests.test_import_export import admin_url

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def only_record():
    records = list(ExportRecord.objects.all())
    assert len(records) == 1, records
    return records[0]


def test_a_list_export_is_recorded_with_its_filters_and_rows(client_as, users):
    europe = Country.objects.filter(region__code__isnull=False).values_list("region__code", flat=True).first()
    response = client_as("staff").get(reverse("network:country_list"), {"region": europe, "_export": "csv"})
    assert response.status_code == 200
    record = only_record()
    assert record.user == users["staff"] and record.username == users["staff"].username
    assert record.kind == "list: countries" and record.file_format == "csv"
    assert record.filters == {"region": europe}
    lines = response.getvalue().decode("utf-8-sig").strip().splitlines()
    assert record.rows == len(lines) - 1
    assert abs((record.exported_at.date() - TODAY).days) <= 1


def test_showing_a_list_records_nothing(client_as):
    assert client_as("staff").get(reverse("postings:person_list")).status_code == 200
    assert not ExportRecord.objects.exists()


def test_the_central_units_export_is_recorded(client_as):
    client_as("staff").get(reverse("network:unit_list"), {"_export": "csv"})
    assert only_record().kind == "list: central units"


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_report_exports_are_recorded(client_as, fmt):
    response = client_as("manager").get(reverse(f"reports:coverage_{fmt}"), {"covered": "yes"})
    assert response.status_code == 200
    record = only_record()
    assert (record.kind, record.file_format, record.filters) == (
        "report: country coverage",
        fmt,
        {"covered": "yes"},
    )
    assert record.rows > 0


def test_the_admin_export_is_recorded(client_as, users):
    response = client_as("administrator").post(admin_url(Person, "export"), {"format": "0", "resource": "0"})
    assert response.status_code == 200
    record = only_record()
    assert (record.user, record.kind, record.file_format) == (users["administrator"], "admin: people", "csv")
    assert record.rows == Person.objects.count()


def test_the_export_network_command_is_recorded(tmp_path):
    call_command("export_network", str(tmp_path / "people.csv"), kind=["people"], verbosity=0)
    record = only_record()
    assert record.user is None and record.username.endswith("(command)")
    assert (record.kind, record.rows) == ("command export_network: people", Person.objects.count())
    call_command("export_network", str(tmp_path / "all"), verbosity=0)
    assert ExportRecord.objects.count() > 2


def test_briefs_pdf_and_contact_cards_are_recorded(client_as):
    client = client_as("staff")
    nepal = Country.objects.get(iso2="NP")
    person = Person.objects.order_by("pk").first()
    department = Department.objects.active_on(TODAY).first()
    assert client.get(reverse("briefs:country_team_vcf", args=[nepal.iso2])).status_code == 200
    assert client.get(reverse("briefs:person_vcard", args=[person.pk])).status_code == 200
    assert client.get(reverse("briefs:department_brief_pdf", args=[department.pk])).status_code == 200
    kinds = {record.file_format: record for record in ExportRecord.objects.all()}
    assert set(kinds) == {"vcf", "pdf"}
    records = ExportRecord.objects.order_by("pk")
    assert records[0].kind == f"team contact cards: {nepal}" and records[0].rows > 0
    assert records[1].kind == f"contact card: {person}" and records[1].rows == 1
    assert records[2].kind == f"brief: {department}"[:100]


def test_a_posting_round_export_is_recorded(client_as):
    round = Round.objects.order_by("pk").first()
    if round is None:
        pytest.skip("the demo has no posting round")
    assert client_as("manager").get(reverse("rounds:round_export", args=[round.pk])).status_code == 200
    record = only_record()
    assert record.file_format == "xlsx" and record.filters == {"round": round.pk}


def test_each_page_of_an_api_list_is_recorded(client_as, users):
    client = client_as("staff")
    response = client.get("/api/people/", {"q": "a"})
    assert response.status_code == 200
    record = only_record()
    assert (record.kind, record.file_format, record.filters) == ("API: people", "json", {"q": "a"})
    assert record.rows == len(response.json()["results"])
    client.get("/api/people/1234567/")  # one record, not an export
    assert ExportRecord.objects.count() == 1


def test_administrators_read_the_record_in_the_admin_and_nobody_changes_it(client_as, users):
    client_as("staff").get(reverse("network:country_list"), {"_export": "csv"})
    record = only_record()
    admin = client_as("administrator")
    listing = admin.get(reverse("admin:base_exportrecord_changelist"))
    assert listing.status_code == 200
    assert (
        "list: countries" in listing.content.decode() and users["staff"].username in listing.content.decode()
    )
    assert admin.get(reverse("admin:base_exportrecord_delete", args=[record.pk])).status_code == 403
    assert admin.post(reverse("admin:base_exportrecord_add"), {}).status_code == 403
    for role in ("staff", "editor", "manager"):
        assert client_as(role).get(reverse("admin:base_exportrecord_changelist")).status_code in {302, 403}


def test_the_record_keeps_the_name_when_the_account_is_deleted(client_as, users):
    client_as("editor").get(reverse("postings:person_list"), {"_export": "csv"})
    users["editor"].delete()
    record = only_record()
    assert record.user is None and record.username == "test-editor"
