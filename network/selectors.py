"""Reads of the network as of a date. Figures (counts) are in network/figures.py;
reads that bring in people and positions are in postings and directory."""

import datetime

from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf

from base.bilingual import local_text, localized_field

from .models import Country, Coverage, Department, DirectorateUnit, UnitPlacement, parents_on


def local_name(prefix=""):
    """The name in the active language (English when the French one is missing), to sort by."""
    return Coalesce(NullIf(F(f"{prefix}{localized_field('name')}"), Value("")), F(f"{prefix}name_en"))


def countries_by_name():
    """Every country, sorted by its name in the active language."""
    return Country.objects.order_by(local_name(), "pk")


def departments_open_on(day):
    return Department.objects.active_on(day).with_place()


def departments_by_place():
    """Every department (a closed and reopened one is two), by city, newest first."""
    return Department.objects.select_related("embassy").order_by(
        local_text("city", "embassy__"), "-start_date"
    )


def coverages_on(day):
    return Coverage.objects.active_on(day).select_related("country__region", "department__embassy__country")


def coverage_of_country_on(country, day):
    """The coverage of `country` on `day`, or None: who covered Nepal on 1 March 2019?"""
    return coverages_on(day).filter(country=country).first()


def coverage_by_country_on(day):
    """{country_id: Coverage} for every country covered on `day` (one query)."""
    return {coverage.country_id: coverage for coverage in coverages_on(day)}


def unit_parents_on(day, units=None):
    """{unit pk: parent pk or None} on `day`: each unit's place in the tree that day
    (DirectorateUnit's docstring). `units` (with their `parent_id`) saves a query."""
    if units is None:
        latest = dict(DirectorateUnit.objects.values_list("pk", "parent_id"))
    else:
        latest = {unit.pk: unit.parent_id for unit in units}
    placements = (
        UnitPlacement.objects.filter(until__gte=day)
        .order_by("until")
        .values_list("unit_id", "parent_id", "until")
    )
    return parents_on(day, latest, placements)


def units_open_on(day):
    return DirectorateUnit.objects.active_on(day).order_by("acronym")


def places_of_unit(unit):
    """Where `unit` has sat, oldest first: [(parent or None, from day or None, until day or None)]."""
    placements = list(unit.placements.select_related("parent").order_by("until"))
    places, start = [], unit.start_date
    for placement in placements:
        places.append((placement.parent, start, placement.until))
        start = placement.until + datetime.timedelta(days=1)
    places.append((unit.parent, start, unit.end_date))
    return places
