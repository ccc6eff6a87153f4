"""Reads of the network as of a date. Views, reports, admin and commands call these."""

from django.db.models import Exists, OuterRef

from .models import Country, Coverage, Department, Embassy, Section


def departments_open_on(day):
    return Department.objects.active_on(day).with_place()


def embassies_with_department_on(day):
    return Embassy.objects.filter(Exists(Department.objects.active_on(day).filter(embassy=OuterRef("pk"))))


def coverages_on(day):
    return Coverage.objects.active_on(day).select_related("country__region", "department__embassy__country")


def countries_covered_on(day):
    return Country.objects.filter(Exists(Coverage.objects.active_on(day).filter(country=OuterRef("pk"))))


def coverage_of_country_on(country, day):
    """The coverage of `country` on `day`, or None: who covered Nepal on 1 March 2019?"""
    return coverages_on(day).filter(country=country).first()


def coverage_by_country_on(day):
    """{country_id: Coverage} for every country covered on `day` (one query)."""
    return {coverage.country_id: coverage for coverage in coverages_on(day)}


def sections_open_on(day):
    return Section.objects.active_on(day).select_related("department__embassy", "country")
