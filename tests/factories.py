"""factory-boy factories for a small, controlled corner of the network."""

import datetime
import itertools
import string

import factory
import pycountry

from network.models import Country, Coverage, Department, DirectorateUnit, Embassy, Region
from postings.models import Force, Person, Position, Posting, Rank, Role

START = datetime.date(2015, 1, 1)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-region-{n}")
    name_en = factory.Sequence(lambda n: f"Test region {n}")
    name_fr = factory.Sequence(lambda n: f"Région test {n}")


def _unassigned_codes(width):
    """Letter codes that no real country (nor Kosovo's XK/XKX) uses, in a fixed order."""
    taken = {getattr(c, "alpha_2" if width == 2 else "alpha_3") for c in pycountry.countries} | {"XK", "XKX"}
    every_code = map("".join, itertools.product(string.ascii_uppercase, repeat=width))
    return [code for code in every_code if code not in taken]


FREE_ISO2 = _unassigned_codes(2)
FREE_ISO3 = _unassigned_codes(3)


class CountryFactory(factory.django.DjangoModelFactory):
    """Countries with ISO codes no real country uses, so they never clash with the demo."""

    class Meta:
        model = Country

    iso2 = factory.Sequence(lambda n: FREE_ISO2[n % len(FREE_ISO2)])
    iso3 = factory.Sequence(lambda n: FREE_ISO3[n % len(FREE_ISO3)])
    name_en = factory.Sequence(lambda n: f"Testland {n}")
    name_fr = factory.Sequence(lambda n: f"Terre-test {n}")
    capital = "Testville"
    region = factory.SubFactory(RegionFactory)


class EmbassyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Embassy

    country = factory.SubFactory(CountryFactory)
    city = factory.Sequence(lambda n: f"Testcity {n}")


class DirectorateUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectorateUnit

    acronym = factory.Sequence(lambda n: f"TU{n}")
    name_en = factory.Sequence(lambda n: f"Test unit {n}")
    name_fr = factory.Sequence(lambda n: f"Unité test {n}")
    kind = DirectorateUnit.Kind.BUREAU


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    embassy = factory.SubFactory(EmbassyFactory)
    supervising_unit = factory.SubFactory(DirectorateUnitFactory)
    start_date = START


class CoverageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coverage

    department = factory.SubFactory(DepartmentFactory)
    country = factory.SubFactory(CountryFactory)
    start_date = START


class RankFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rank
        django_get_or_create = ("force", "name_en")

    force = Force.POLICE
    name_en = "Test commander"
    name_fr = "Commandant test"
    abbreviation = "Cdt"
    seniority = 50


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-role-{n}")
    name_en = factory.Sequence(lambda n: f"Test role {n}")
    name_fr = factory.Sequence(lambda n: f"Rôle test {n}")
    tour_months = 36


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    service_number = factory.Sequence(lambda n: f"T{n:07d}")
    last_name = factory.Sequence(lambda n: f"Testperson{n}")
    first_name = "Camille"
    force = Force.POLICE
    rank = factory.SubFactory(RankFactory, force=factory.SelfAttribute("..force"))


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    department = factory.SubFactory(DepartmentFactory)
    role = factory.SubFactory(RoleFactory)
    title = factory.Sequence(lambda n: f"Test position {n}")
    start_date = START


class PostingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Posting

    person = factory.SubFactory(PersonFactory)
    position = factory.SubFactory(PositionFactory)
    start_date = datetime.date(2020, 1, 1)
