"""A small network of awkward cases, built through the services (every write validated),
beside the demo network. Names start with "Zq" so that a quick search (`q=Zq`) shows
exactly its records. Dates are relative to today, so that a past date, today and a
future date each see something different.

    country  region  embassy  department(s)                 covered by
    A        north   yes      DA (open)                     DA until HANDOVER, then DB (A hosts DA but
                                                            is covered by another department)
    B        north   yes      DB (open)                     DB (resident); a section SB of DA is in B
    C        south   yes      DC (open)                     DC (resident)
    E        south   no       —                             DC (non-resident); a section SE of DC is in E
    F        north   no       —                             DB until the 15th of a month, DC from the 16th
                                                            (non-resident coverage changing hands
                                                            mid-month, across regions)
    G        south   yes      DG1 (closed), DG2 (reopened)  DG1 while it was open, DG2 since it reopened

People: in the departments' own positions, in the sections (a person posted to a
section), in a central unit; one vacancy in DA, one in SE; a tour of DB ending within
six months, a planned posting in DB starting after today, a posting of DG1 ended when
it closed.
"""

import datetime
from dataclasses import dataclass, field

from base.services import save_validated
from network.models import Country, Department, DirectorateUnit, Embassy, Region, Section
from network.services import coverage_end, coverage_start
from postings.models import Force, Person, Position, Posting, Rank, Role
from postings.services import posting_open
from tests.factories import FREE_ISO2, FREE_ISO3

MARK = "Zq"
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def _mid_month_before(day, months_back):
    """The 15th of the month `months_back` months before `day`'s."""
    month = day.month - 1 - months_back
    return datetime.date(day.year + month // 12, month % 12 + 1, 15)


OPENED = TODAY - datetime.timedelta(days=3000)
HANDOVER = TODAY - datetime.timedelta(days=100)  # A: covered by DB from this day
F_HANDOVER = _mid_month_before(TODAY, 2)  # F: DB until this 15th, DC from the 16th
DG1_CLOSED = TODAY - datetime.timedelta(days=500)
DG2_OPENED = TODAY - datetime.timedelta(days=60)
PAST = TODAY - datetime.timedelta(days=150)  # before A's handover, after DG1 closed
LONG_AGO = DG1_CLOSED - datetime.timedelta(days=30)  # DG1 still open
FUTURE = TODAY + datetime.timedelta(days=90)  # the planned posting has started
DAYS = {"long ago": LONG_AGO, "past": PAST, "today": TODAY, "future": FUTURE}


@dataclass
class Scenario:
    regions: dict = field(default_factory=dict)
    countries: dict = field(default_factory=dict)
    departments: dict = field(default_factory=dict)
    sections: dict = field(default_factory=dict)
    embassies: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    roles: dict = field(default_factory=dict)
    people: list = field(default_factory=list)
    positions: list = field(default_factory=list)
    postings: list = field(default_factory=list)

    def owners(self, model):
        """The scenario's records of `model` (the owners of its figures)."""
        by_model = {
            Region: self.regions,
            Country: self.countries,
            Department: self.departments,
            Section: self.sections,
            Embassy: self.embassies,
            DirectorateUnit: self.units,
            Role: self.roles,
        }
        by_list = {Person: self.people, Position: self.positions, Posting: self.postings}
        if model in by_list:
            return list(by_list[model])
        return list(by_model.get(model, {}).values())


def build():
    s = Scenario()
    s.regions = {
        key: save_validated(
            Region(code=f"zq-{key}", name_en=f"{MARK} {key}", name_fr=f"{MARK} {key} (fr)", order=90)
        )
        for key in ("north", "south")
    }
    # Codes no real country uses (the factories take theirs from the start of these lists).
    iso, iso3 = iter(FREE_ISO2[-6:]), iter(FREE_ISO3[-6:])
    for key, region in (
        ("A", "north"),
        ("B", "north"),
        ("C", "south"),
        ("E", "south"),
        ("F", "north"),
        ("G", "south"),
    ):
        s.countries[key] = save_validated(
            Country(
                iso2=next(iso),
                iso3=next(iso3),
                name_en=f"{MARK}land {key}",
                name_fr=f"{MARK}terre {key}",
                region=s.regions[region],
            )
        )
    s.units["U"] = save_validated(
        DirectorateUnit(acronym="ZQU", name_en=f"{MARK} bureau", name_fr=f"{MARK} bureau (fr)", kind="bureau")
    )
    for key in ("A", "B", "C", "G"):
        s.embassies[key] = save_validated(Embassy(country=s.countries[key], city=f"{MARK}city {key}"))

    def department(key, embassy, start, end=None):
        s.departments[key] = save_validated(
            Department(
                embassy=s.embassies[embassy], supervising_unit=s.units["U"], start_date=start, end_date=end
            )
        )
        return s.departments[key]

    da, db, dc = department("DA", "A", OPENED), department("DB", "B", OPENED), department("DC", "C", OPENED)
    dg1 = department("DG1", "G", OPENED, DG1_CLOSED)
    dg2 = department("DG2", "G", DG2_OPENED)

    coverage_end(
        coverage=coverage_start(department=da, country=s.countries["A"], start_date=OPENED),
        end_date=HANDOVER - DAY,
    )
    coverage_start(department=db, country=s.countries["A"], start_date=HANDOVER)
    coverage_start(department=db, country=s.countries["B"], start_date=OPENED)
    coverage_start(department=dc, country=s.countries["C"], start_date=OPENED)
    coverage_start(department=dc, country=s.countries["E"], start_date=OPENED)
    coverage_end(
        coverage=coverage_start(department=db, country=s.countries["F"], start_date=OPENED),
        end_date=F_HANDOVER,
    )
    coverage_start(department=dc, country=s.countries["F"], start_date=F_HANDOVER + DAY)
    coverage_start(department=dg1, country=s.countries["G"], start_date=OPENED, end_date=DG1_CLOSED)
    coverage_start(department=dg2, country=s.countries["G"], start_date=DG2_OPENED)

    s.sections["SB"] = save_validated(
        Section(department=da, country=s.countries["B"], city=f"{MARK}section B", start_date=OPENED)
    )
    s.sections["SE"] = save_validated(
        Section(department=dc, country=s.countries["E"], city=f"{MARK}section E", start_date=OPENED)
    )

    s.roles = {
        "officer": save_validated(
            Role(code="zq-officer", name_en=f"{MARK} officer", name_fr=f"{MARK} officier", tour_months=36)
        ),
        "assistant": save_validated(
            Role(
                code="zq-assistant",
                name_en=f"{MARK} assistant",
                name_fr=f"{MARK} assistant(e)",
                tour_months=24,
            )
        ),
    }
    ranks = {
        force: save_validated(
            Rank(
                force=force, name_en=f"{MARK} rank", name_fr=f"{MARK} grade", abbreviation="Zq", seniority=40
            )
        )
        for force in (Force.POLICE, Force.GENDARMERIE)
    }
    numbers = iter(range(1, 1000))

    def position(role="officer", start=OPENED, end=None, **unit):
        title = f"{MARK} post {next(numbers)}"
        s.positions.append(
            save_validated(Position(role=s.roles[role], title=title, start_date=start, end_date=end, **unit))
        )
        return s.positions[-1]

    def person(force=Force.POLICE):
        number = next(numbers)
        new = save_validated(
            Person(
                service_number=f"ZQ-{number:06d}",
                last_name=f"{MARK}person{number:03d}",
                first_name="Camille",
                force=force,
                rank=ranks.get(force),
            )
        )
        s.people.append(new)
        return new

    def post(position, start, expected_end=None, force=Force.POLICE):
        return posting_open(
            person=person(force), position=position, start_date=start, expected_end_date=expected_end
        )

    # DA: one held, one vacant.
    post(position(department=da), OPENED + DAY)
    position(department=da)
    # DB: a gendarme, a tour ending within six months, a planned posting after today.
    post(position(department=db), OPENED + DAY, force=Force.GENDARMERIE)
    post(
        position(department=db),
        TODAY - datetime.timedelta(days=700),
        expected_end=TODAY + datetime.timedelta(days=45),
    )
    post(position(department=db, role="assistant"), TODAY + datetime.timedelta(days=30))
    # DC and its section in E (a person posted to a section); a vacancy in the section.
    post(position(department=dc), OPENED + DAY, expected_end=TODAY + datetime.timedelta(days=120))
    post(position(section=s.sections["SE"], role="assistant"), OPENED + DAY)
    position(section=s.sections["SE"])
    # DA's section in B.
    post(position(section=s.sections["SB"]), TODAY - datetime.timedelta(days=300))
    # DG1: its posting ended when it closed; DG2: posted since it reopened.
    s.postings.append(
        save_validated(
            Posting(
                person=person(),
                position=position(department=dg1, end=DG1_CLOSED),
                start_date=OPENED + DAY,
                end_date=DG1_CLOSED,
                end_reason=Posting.EndReason.POSITION_CLOSED,
            )
        )
    )
    post(position(department=dg2, start=DG2_OPENED), DG2_OPENED)
    # The central entity, in France.
    post(position(central_unit=s.units["U"]), OPENED + DAY)
    return s
