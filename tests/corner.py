"""A small, known corner of the network, built beside the demo network by the page tests
(tests/view_tests.py, tests/test_pages.py and the pages' specific tests):

    home        a country with an embassy and `department` (open since OPENED), which covers it
    neighbour   a country covered by `department` from home (non-resident), with its `section`
    unit        a central unit, which supervises `department`

People are added on demand: `post()` puts one person in post in a given unit since START;
`add_people(n)` adds people in turn in the section, the central unit, not in post (their
own position vacant) and the department, with tours ending SOON or LATER after AS_OF,
the day the page tests look at.

Every name starts with MARK, so that a quick search (`q=Qzx`) puts exactly the corner's
records on a page, whatever the demo network holds.
"""

import datetime
import itertools
from functools import cached_property

from network.models import Section
from postings.models import Force, Posting
from tests import factories

D = datetime.date
MARK = "Qzx"
OPENED = D(2000, 1, 1)  # the corner's department, section and embassy
START = D(2020, 1, 1)  # people in post from this day
AS_OF = D(2021, 6, 1)  # the day the page tests look at
SOON = D(2021, 8, 1)  # a tour ending within 3 months of AS_OF
LATER = D(2021, 10, 15)  # within 6 months of AS_OF, not 3
HISTORY_START = D(2000, 1, 1)  # ended postings follow one another from this day (to 2004 for 50)


class Corner:
    KINDS = ("department", "section", "central", "none")  # add_people's turn, by number % 4

    def __init__(self):
        self.numbers = itertools.count(1)
        self.people_numbers = itertools.count(1)
        self.past_months = itertools.count()  # one-month periods of the 1990s, one after another
        self.ended_months = itertools.count()  # 30-day periods from HISTORY_START, one after another
        self.people = []
        self.region = factories.RegionFactory(name_en=f"{MARK} region", name_fr=f"Région {MARK}")
        self.unit = factories.DirectorateUnitFactory(acronym=f"{MARK.upper()}U", name_en=f"{MARK} bureau")
        self.country = self.new_country("home")
        self.embassy = factories.EmbassyFactory(country=self.country, city=f"{MARK}capital")
        self.department = factories.DepartmentFactory(
            embassy=self.embassy, supervising_unit=self.unit, start_date=OPENED
        )
        self.coverage = factories.CoverageFactory(
            department=self.department, country=self.country, start_date=OPENED
        )
        self.neighbour = self.new_country("neighbour")
        factories.CoverageFactory(department=self.department, country=self.neighbour, start_date=OPENED)
        self.section = self.new_section(self.department, self.neighbour)
        self.role = factories.RoleFactory(tour_months=24)
        self.rank = factories.RankFactory(force=Force.POLICE)

    def number(self):
        return next(self.numbers)

    # --- The network ------------------------------------------------------------------

    def new_country(self, label=None):
        name = f"{MARK}land {label or self.number()}"
        return factories.CountryFactory(region=self.region, name_en=name, name_fr=f"{name} (fr)")

    def new_section(self, department, country):
        return Section.objects.create(
            department=department, country=country, city=f"{MARK}section {self.number()}", start_date=OPENED
        )

    def covered_countries(self, count):
        """`count` countries covered by `department` (non-resident), each with a section."""
        countries = [self.new_country() for _ in range(count)]
        for country in countries:
            factories.CoverageFactory(department=self.department, country=country, start_date=OPENED)
            self.new_section(self.department, country)
        return countries

    def new_department(self, supervising_unit=None, **dates):
        embassy = factories.EmbassyFactory(country=self.new_country(), city=f"{MARK}city {self.number()}")
        dates.setdefault("start_date", OPENED)
        return factories.DepartmentFactory(
            embassy=embassy, supervising_unit=supervising_unit or self.unit, **dates
        )

    def past_month(self):
        """The first and last day of a month of the 1990s no other call returned."""
        number = next(self.past_months)
        assert number < 120, "the 1990s are full"
        start = D(1990 + number // 12, number % 12 + 1, 1)
        return start, start.replace(day=28)

    def past_coverage(self, country):
        """A one-month coverage of `country` in the 1990s by a department of its own."""
        start, end = self.past_month()
        department = self.new_department(start_date=D(1990, 1, 1))
        return factories.CoverageFactory(
            department=department, country=country, start_date=start, end_date=end
        )

    # --- People -----------------------------------------------------------------------

    def post(self, *, past=False, **unit):
        """A position in `unit` (department=…, section=… or central_unit=…), held since
        START and, if `past`, held before by someone else. Returns the person in post."""
        unit = {"department": None, **unit}
        position = factories.PositionFactory(
            role=self.role, title=f"{MARK} post {self.number()}", start_date=OPENED, **unit
        )
        if past:
            factories.PostingFactory(
                position=position, start_date=D(2010, 1, 1), end_date=D(2019, 12, 31), end_reason="completed"
            )
        posting = factories.PostingFactory(
            position=position, start_date=START, person__last_name=f"{MARK}person{self.number():03d}"
        )
        return posting.person

    def new_position(self, kind, title, **extra):
        """A position of the corner's department, section or central unit."""
        unit = {
            "department": {"department": self.department},
            "section": {"department": None, "section": self.section},
            "central": {"department": None, "central_unit": self.unit},
        }[kind]
        extra.setdefault("start_date", START)
        return factories.PositionFactory(role=self.role, title=title, **unit, **extra)

    def add_people(self, count):
        """`count` people, each with a position of their own (titled like them): held
        since START with a tour ending SOON or LATER or, for those not in post, vacant.
        Each person records `kind`, `position_title` and `tour_end`."""
        added = []
        for _ in range(count):
            number = next(self.people_numbers)
            kind = self.KINDS[number % len(self.KINDS)]
            person = factories.PersonFactory(
                last_name=f"{MARK}officer{number:03d}",
                service_number=f"{MARK.upper()}{number:05d}",
                force=Force.POLICE,
                rank=self.rank,
                languages="English, Pashto" if number % 2 else "Spanish",
                personal_phone=f"+33 6 00 00 {number:04d}",
            )
            person.kind, person.position_title = kind, f"{MARK}position{number:03d}"
            person.tour_end = None if kind == "none" else (SOON if number % 2 else LATER)
            if kind == "none":
                self.new_position("department", person.position_title)
            else:
                factories.PostingFactory(
                    person=person,
                    position=self.new_position(kind, person.position_title),
                    start_date=START,
                    expected_end_date=person.tour_end,
                )
            added.append(person)
        self.people.extend(added)
        return added

    def of_kind(self, kind):
        return [person for person in self.people if person.kind == kind]

    @cached_property
    def held(self):
        """A posting in the department, running on AS_OF (its person is not in `people`)."""
        number = self.number()
        return factories.PostingFactory(
            person=factories.PersonFactory(
                last_name=f"{MARK}holder{number:03d}", force=Force.POLICE, rank=self.rank
            ),
            position=self.new_position("department", f"{MARK} held post {number}"),
            start_date=START,
            expected_end_date=LATER,
        )

    def ended_postings(self, count, *, person=None, position=None, first=None):
        """`count` postings, 30 days each, one after another from `first` (by default,
        after those this method made before), of `person` or in `position` (the other
        side made up)."""
        postings = []
        for index in range(count):
            start = HISTORY_START + datetime.timedelta(days=30 * next(self.ended_months))
            if first is not None:
                start = first + datetime.timedelta(days=30 * index)
            postings.append(
                factories.PostingFactory(
                    person=person
                    or factories.PersonFactory(
                        last_name=f"{MARK}former{self.number():03d}", force=Force.POLICE, rank=self.rank
                    ),
                    position=position
                    or self.new_position(
                        self.KINDS[index % 3], f"{MARK} past post {self.number()}", start_date=start
                    ),
                    start_date=start,
                    end_date=start + datetime.timedelta(days=29),
                    end_reason=Posting.EndReason.COMPLETED,
                )
            )
        return postings
