"""Each invariant of the model rejects its bad case: in validation (every database) and
in the database itself (check constraints everywhere, exclusion constraints on PostgreSQL)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from base.services import save_validated
from network.models import Coverage, Department
from postings import services
from postings.models import Force, Posting
from tests import factories

D = datetime.date
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="exclusion constraints exist on PostgreSQL only"
)
pytestmark = pytest.mark.django_db


def rejected_by_database(save):
    """True when the database itself refuses the write (validation bypassed)."""
    try:
        with transaction.atomic():
            save()
    except IntegrityError:
        return True
    return False


# --- end ≥ start, on every dated model -------------------------------------------


@pytest.mark.parametrize(
    "factory",
    [
        factories.DepartmentFactory,
        factories.CoverageFactory,
        factories.PositionFactory,
        factories.PostingFactory,
    ],
    ids=lambda f: f._meta.model.__name__,
)
def test_end_before_start_is_rejected(factory):
    record = factory(start_date=D(2020, 5, 1))
    record.end_date = D(2020, 4, 30)
    with pytest.raises(ValidationError, match="end date cannot be before the start date"):
        record.clean()
    assert rejected_by_database(
        lambda: type(record).objects.filter(pk=record.pk).update(end_date=D(2020, 4, 30))
    )


# --- coverage: one department per country on any date ----------------------------


def test_second_department_covering_a_country_is_named():
    first = factories.CoverageFactory(start_date=D(2018, 1, 1), end_date=D(2021, 12, 31))
    other_department = factories.DepartmentFactory(start_date=D(2010, 1, 1))
    clash = Coverage(department=other_department, country=first.country, start_date=D(2021, 6, 1))
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    message = " ".join(error.value.messages)
    assert first.country.name_en in message
    assert first.department.embassy.city in message
    # the day after the first coverage ends is free
    Coverage(department=other_department, country=first.country, start_date=D(2022, 1, 1)).full_clean()


@on_postgres
def test_database_rejects_overlapping_coverage():
    first = factories.CoverageFactory(start_date=D(2018, 1, 1))
    other_department = factories.DepartmentFactory(start_date=D(2010, 1, 1))
    clash = Coverage(department=other_department, country=first.country, start_date=D(2030, 1, 1))
    assert rejected_by_database(lambda: Coverage.objects.bulk_create([clash]))


def test_coverage_outside_department_period_is_rejected():
    department = factories.DepartmentFactory(start_date=D(2015, 1, 1), end_date=D(2018, 12, 31))
    coverage = Coverage(department=department, country=factories.CountryFactory(), start_date=D(2016, 1, 1))
    with pytest.raises(ValidationError, match="within the department"):
        coverage.full_clean()


# --- department: one per embassy on a date (closes and reopens are new records) ---


def test_embassy_has_one_department_at_a_time():
    riga = factories.DepartmentFactory(start_date=D(1992, 1, 1), end_date=D(2015, 8, 31))
    reopened = Department(
        embassy=riga.embassy, supervising_unit=riga.supervising_unit, start_date=D(2015, 1, 1)
    )
    with pytest.raises(ValidationError, match=riga.embassy.city):
        reopened.full_clean()
    reopened.start_date = D(2022, 9, 1)
    reopened.full_clean()


@on_postgres
def test_database_rejects_two_departments_in_one_embassy():
    first = factories.DepartmentFactory(start_date=D(2000, 1, 1))
    clash = Department(
        embassy=first.embassy, supervising_unit=first.supervising_unit, start_date=D(2001, 1, 1)
    )
    assert rejected_by_database(lambda: Department.objects.bulk_create([clash]))


# --- postings: one per person, one holder per position, on any date ---------------


@pytest.fixture
def held_position():
    posting = services.posting_open(
        person=factories.PersonFactory(last_name="Durand"),
        position=factories.PositionFactory(title="Liaison officer — drugs"),
        start_date=D(2019, 9, 1),
    )
    return posting


def test_person_cannot_hold_two_postings_at_once(held_position):
    other_position = factories.PositionFactory()
    with pytest.raises(ValidationError) as error:
        services.posting_open(person=held_position.person, position=other_position, start_date=D(2020, 1, 1))
    message = " ".join(error.value.messages)
    assert "DURAND" in message and "already holds" in message and "Liaison officer — drugs" in message


def test_position_cannot_have_two_holders_at_once(held_position):
    with pytest.raises(ValidationError) as error:
        services.posting_open(
            person=factories.PersonFactory(), position=held_position.position, start_date=D(2021, 3, 1)
        )
    message = " ".join(error.value.messages)
    assert "is already held by" in message and "DURAND" in message


def test_after_the_end_the_position_can_be_filled(held_position):
    services.posting_end(posting=held_position, end_date=D(2022, 8, 31), end_reason="completed")
    successor = services.posting_open(
        person=factories.PersonFactory(), position=held_position.position, start_date=D(2022, 9, 1)
    )
    assert successor.expected_end_date == D(2025, 8, 31)  # the role's 36-month tour


@on_postgres
@pytest.mark.parametrize("shared", ["person", "position"])
def test_database_rejects_overlapping_postings(held_position, shared):
    clash = Posting(
        person=held_position.person if shared == "person" else factories.PersonFactory(),
        position=held_position.position if shared == "position" else factories.PositionFactory(),
        start_date=D(2020, 1, 1),
    )
    assert rejected_by_database(lambda: Posting.objects.bulk_create([clash]))


def test_ended_posting_needs_a_reason(held_position):
    held_position.end_date = D(2020, 1, 1)
    with pytest.raises(ValidationError) as error:
        held_position.full_clean()
    assert "end_reason" in error.value.message_dict
    assert rejected_by_database(
        lambda: Posting.objects.filter(pk=held_position.pk).update(end_date=D(2020, 1, 1))
    )


def test_expected_end_before_start_is_rejected(held_position):
    held_position.expected_end_date = D(2019, 1, 1)
    with pytest.raises(ValidationError):
        held_position.full_clean()
    assert rejected_by_database(
        lambda: Posting.objects.filter(pk=held_position.pk).update(expected_end_date=D(2019, 1, 1))
    )


def test_posting_outside_the_position_period_is_rejected():
    position = factories.PositionFactory(start_date=D(2018, 1, 1), end_date=D(2019, 12, 31))
    with pytest.raises(ValidationError, match="within the position"):
        services.posting_open(person=factories.PersonFactory(), position=position, start_date=D(2019, 6, 1))


def test_position_requiring_gendarmerie_rejects_a_police_officer():
    position = factories.PositionFactory(required_force="gendarmerie")
    with pytest.raises(ValidationError, match="requires"):
        services.posting_open(
            person=factories.PersonFactory(force=Force.POLICE), position=position, start_date=D(2020, 1, 1)
        )


# --- positions belong to exactly one unit -----------------------------------------


def test_position_in_two_units_is_rejected():
    position = factories.PositionFactory.build(
        department=factories.DepartmentFactory(),
        central_unit=factories.DirectorateUnitFactory(),
        role=factories.RoleFactory(),
    )
    with pytest.raises(ValidationError, match="exactly one unit") as error:
        position.full_clean()
    assert len(error.value.messages) == 1, "the rule is said once, not once per place it is checked"
    assert rejected_by_database(lambda: type(position).objects.bulk_create([position]))


def test_the_service_explains_a_rule_the_database_enforces():
    """The service leaves check constraints to the database on the way in, and names the
    rule when the database refuses: nothing written, the message once."""
    position = factories.PositionFactory.build(
        department=factories.DepartmentFactory(),
        central_unit=factories.DirectorateUnitFactory(),
        role=factories.RoleFactory(),
    )
    before = type(position).objects.count()
    with pytest.raises(ValidationError) as error:
        save_validated(position)
    assert [message for message in error.value.messages if "exactly one unit" in message] == [
        error.value.messages[0]
    ]
    assert len(error.value.messages) == 1
    assert type(position).objects.count() == before


# --- the central entity: a tree ---------------------------------------------------------


def test_a_unit_cannot_be_placed_under_itself_or_one_of_its_sub_units():
    top = factories.DirectorateUnitFactory(acronym="ZQT")
    middle = factories.DirectorateUnitFactory(acronym="ZQM", parent=top)
    bottom = factories.DirectorateUnitFactory(acronym="ZQB", parent=middle)
    for unit, parent, message in (
        (top, bottom, "ZQT cannot be placed under ZQB, which is one of its own sub-units."),
        (top, middle, "ZQT cannot be placed under ZQM, which is one of its own sub-units."),
        (middle, middle, "A unit cannot be its own parent unit."),
    ):
        unit.parent = parent
        with pytest.raises(ValidationError) as error:
            save_validated(unit)
        assert error.value.message_dict == {"parent": [message]}
        unit.refresh_from_db()
    top.parent = None
    assert save_validated(top).parent is None
    bottom.parent = top  # moving a unit elsewhere in the tree is fine
    assert save_validated(bottom).parent == top


# --- people: rank of the right force, unique service numbers ----------------------


def test_rank_of_the_other_force_is_rejected():
    gendarme_rank = factories.RankFactory(force=Force.GENDARMERIE, name_en="Test colonel", abbreviation="Col")
    person = factories.PersonFactory.build(force=Force.POLICE, rank=gendarme_rank)
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "rank" in error.value.message_dict


def test_service_numbers_are_unique():
    existing = factories.PersonFactory()
    duplicate = factories.PersonFactory.build(service_number=existing.service_number, rank=existing.rank)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "service_number" in error.value.message_dict
    assert rejected_by_database(lambda: type(duplicate).objects.bulk_create([duplicate]))


def test_country_codes_are_unique_and_well_formed():
    existing = factories.CountryFactory()
    duplicate = factories.CountryFactory.build(iso2=existing.iso2, region=existing.region)
    assert rejected_by_database(lambda: type(duplicate).objects.bulk_create([duplicate]))
    lowercase = factories.CountryFactory.build(iso2="fr", region=existing.region)
    with pytest.raises(ValidationError):
        lowercase.full_clean()
    assert rejected_by_database(lambda: type(lowercase).objects.bulk_create([lowercase]))
