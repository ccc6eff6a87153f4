"""One write path, validated once: the browser's forms, the admin (its forms, inlines and
bulk action), the spreadsheet import and the commands all write through the service
layer (base/services.py), which runs the model's rules exactly once per record written,
and each main write stays within its query-count baseline (tests/baselines.json).
"""

import datetime
import io
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from base import services
from network.models import Coverage, Department
from postings.models import Force, Person, Position, Posting
from spreadsheets.registry import export_dataset, import_sheets, read_sheet, render
from tests import factories
from tests.baselines import BASELINES

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def held(db):
    position = factories.PositionFactory(start_date=D(2015, 1, 1), title="Zqw post")
    return factories.PostingFactory(
        position=position,
        person__last_name="Zqwholder",
        start_date=D(2020, 1, 1),
        expected_end_date=D(2023, 8, 31),
    )


@pytest.fixture
def vacant(db):
    return factories.PositionFactory(start_date=D(2015, 1, 1), title="Zqw vacant post")


@pytest.fixture
def free_person(db):
    return factories.PersonFactory(last_name="Zqwfree", force=Force.POLICE)


class Validations:
    """Counts the model validations (full_clean) per record, whoever calls them."""

    def __init__(self):
        self.calls = []

    def __enter__(self):
        real = Model.full_clean
        calls = self.calls

        def counting(instance, *args, **kwargs):
            calls.append(instance)
            return real(instance, *args, **kwargs)

        self.patch = mock.patch.object(Model, "full_clean", counting)
        self.patch.start()
        return self

    def __exit__(self, *exc):
        self.patch.stop()

    def per_record(self):
        counts = {}
        for instance in self.calls:
            key = (type(instance).__name__, instance.pk)
            counts[key] = counts.get(key, 0) + 1
        return counts


def measured(write):
    """(validations per record, queries) of `write()`."""
    with Validations() as validations, CaptureQueriesContext(connection) as queries:
        write()
    return validations.per_record(), len(queries)


def assert_validated_once(per_record, expected_records):
    assert per_record, "nothing was validated"
    assert all(count == 1 for count in per_record.values()), f"validated more than once: {per_record}"
    assert len(per_record) == expected_records, per_record


# --- The main writes, in the browser ------------------------------------------------------
# Each: prepare(held, vacant, free_person) -> (url, data, check); only the POST is measured.


def open_posting(held, vacant, free_person):
    data = {
        "person": free_person.pk,
        "position": vacant.pk,
        "start_date": "2024-09-01",
        "expected_end_date": "",
    }
    return (
        reverse("postings:posting_add"),
        data,
        lambda: Posting.objects.filter(person=free_person, position=vacant).exists(),
    )


def end_posting(held, vacant, free_person):
    data = {"end_date": "2023-06-30", "end_reason": Posting.EndReason.CURTAILED, "note": "Zqw"}
    return (
        reverse("postings:posting_end", args=[held.pk]),
        data,
        lambda: Posting.objects.get(pk=held.pk).end_date == D(2023, 6, 30),
    )


def edit_posting(held, vacant, free_person):
    data = {"start_date": "2020-01-01", "expected_end_date": "2024-12-31", "end_date": "", "end_reason": ""}
    return (
        reverse("postings:posting_edit", args=[held.pk]),
        data,
        lambda: Posting.objects.get(pk=held.pk).expected_end_date == D(2024, 12, 31),
    )


def start_coverage(held, vacant, free_person):
    country, department = factories.CountryFactory(), held.position.department
    data = {"department": department.pk, "country": country.pk, "start_date": "2016-01-01", "end_date": ""}
    return (
        reverse("network:coverage_add"),
        data,
        lambda: Coverage.objects.filter(country=country, department=department).exists(),
    )


def end_coverage(held, vacant, free_person):
    coverage = factories.CoverageFactory(department=held.position.department, start_date=D(2016, 1, 1))
    return (
        reverse("network:coverage_end", args=[coverage.pk]),
        {"end_date": "2021-12-31"},
        lambda: Coverage.objects.get(pk=coverage.pk).end_date == D(2021, 12, 31),
    )


BROWSER_WRITES = {
    "posting_open": open_posting,
    "posting_end": end_posting,
    "posting_edit": edit_posting,
    "coverage_start": start_coverage,
    "coverage_end": end_coverage,
}


@pytest.mark.parametrize("name", BROWSER_WRITES)
def test_each_browser_write_validates_once_within_its_query_baseline(
    client_as, held, vacant, free_person, name
):
    client = client_as("editor")
    url, data, done = BROWSER_WRITES[name](held, vacant, free_person)
    responses = []
    per_record, queries = measured(lambda: responses.append(client.post(url, data)))
    assert responses[0].status_code == 302, responses[0].content.decode()[:2000]
    assert done()
    assert_validated_once(per_record, expected_records=1)
    baseline = BASELINES["writes"][name]
    assert queries <= baseline, f"{name}: {queries} queries, the baseline is {baseline}"


# --- The admin: forms, inlines, bulk action ---------------------------------------------------


@pytest.fixture
def admin_client(client, db):
    user = User.objects.create_superuser("zqw-admin", "zqw@example.org", "x" * 16)
    client.force_login(user)
    return client


def admin_form_data(client, url, **changes):
    """The admin form's current values (as a browser would send them) with `changes`."""
    from tests.html_forms import edit_form

    form = edit_form(client.get(url))
    return form.data(**changes)


def test_admin_change_validates_once_and_records_the_user(admin_client, held):
    url = reverse("admin:postings_posting_change", args=[held.pk])
    data = admin_form_data(admin_client, url, expected_end_date="2024-06-30")
    per_record, _queries = measured(lambda: admin_client.post(url, data))
    assert_validated_once(per_record, expected_records=1)
    held.refresh_from_db()
    assert held.expected_end_date == D(2024, 6, 30)
    record = held.history.latest("history_date")
    assert record.history_user.username == "zqw-admin"
    assert record.history_change_reason


def test_admin_inline_row_validates_once(admin_client, held):
    person = held.person
    url = reverse("admin:postings_person_change", args=[person.pk])
    data = admin_form_data(admin_client, url)
    prefix = next(key for key in data if key.endswith("-0-expected_end_date")).removesuffix(
        "-0-expected_end_date"
    )
    data[f"{prefix}-0-expected_end_date"] = "2024-03-31"
    per_record, _queries = measured(lambda: admin_client.post(url, data))
    held.refresh_from_db()
    assert held.expected_end_date == D(2024, 3, 31)
    assert per_record[("Posting", held.pk)] == 1, per_record
    record = held.history.latest("history_date")
    assert record.history_user.username == "zqw-admin" and record.history_change_reason


def test_admin_bulk_end_validates_each_posting_once(admin_client, held):
    other = factories.PostingFactory(start_date=D(2020, 1, 1))
    url = reverse("admin:postings_posting_changelist")
    data = {
        "action": "end_postings",
        "_selected_action": [held.pk, other.pk],
        "apply": "1",
        "end_date": "2023-03-31",
        "end_reason": Posting.EndReason.COMPLETED,
        "note": "Zqw bulk",
    }
    per_record, _queries = measured(lambda: admin_client.post(url, data))
    assert_validated_once(per_record, expected_records=2)
    assert set(Posting.objects.filter(pk__in=[held.pk, other.pk]).values_list("end_date", flat=True)) == {
        D(2023, 3, 31)
    }


# --- The spreadsheet import and the commands -------------------------------------------------


def postings_file(posting, **changes):
    """The postings file of `posting` with the cells of its row changed."""
    dataset = export_dataset("postings", Posting.objects.filter(pk=posting.pk))
    row = list(dataset[0])
    for column, value in changes.items():
        row[dataset.headers.index(column)] = value
    dataset[0] = row
    return dataset


def test_import_validates_each_row_once_and_a_blank_expected_end_gets_a_normal_tour(held):
    # A new posting of the same person, before the held one, without an expected end.
    dataset = postings_file(
        held, start_date="2019-01-01", expected_end_date="", end_date="2019-06-30", end_reason="completed"
    )
    sheet = read_sheet(render(dataset, "csv"), name="postings.csv")
    per_record, _queries = measured(lambda: import_sheets([sheet]))
    imported = Posting.objects.get(person=held.person, start_date=D(2019, 1, 1))
    assert imported.expected_end_date == held.position.role.tour_end(D(2019, 1, 1))
    assert_validated_once(per_record, expected_records=1)


def test_a_command_writes_through_the_services(tmp_path, held):
    dataset = postings_file(
        held,
        start_date="2018-01-01",
        expected_end_date="2018-12-31",
        end_date="2018-12-31",
        end_reason="completed",
    )
    path = tmp_path / "postings.csv"
    path.write_bytes(render(dataset, "csv"))
    per_record, _queries = measured(
        lambda: call_command("import_network", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    )
    assert Posting.objects.filter(person=held.person, start_date=D(2018, 1, 1)).exists()
    assert_validated_once(per_record, expected_records=1)


def test_services_validate_a_changed_record_again(held):
    """The mark a form leaves is for the state it validated: a change after it re-validates."""
    services.validate(held)
    assert services.is_validated(held)
    held.end_date = D(2019, 1, 1)  # before its start: must not be saved unvalidated
    assert not services.is_validated(held)
    with pytest.raises(ValidationError) as refused:
        services.save_validated(held)
    assert "cannot be before the start" in str(refused.value)
    held.refresh_from_db()
    assert held.end_date is None


def test_rejected_writes_change_nothing(client_as, held, free_person):
    """A posting for someone already in post is refused with the conflict named; the
    database is unchanged."""
    client = client_as("editor")
    before = (
        Posting.objects.count(),
        Person.objects.count(),
        Position.objects.count(),
        Department.objects.count(),
    )
    response = client.post(
        reverse("postings:posting_add"),
        {"person": held.person.pk, "position": held.position.pk, "start_date": "2021-01-01"},
    )
    assert response.status_code == 200
    assert "Zqwholder".upper() in response.content.decode()
    assert (
        Posting.objects.count(),
        Person.objects.count(),
        Position.objects.count(),
        Department.objects.count(),
    ) == before
