"""The register's definitions (docs/figures.md) written again the slowest, plainest way:
Python loops over every record, no query tricks. The consistency tests check that each
figure's one implementation gives these numbers, on the awkward scenario network and
the demo network, on several dates.
"""

import datetime

from base.periods import add_months
from network.models import Country, Coverage, Department, DirectorateUnit, Embassy, Region, Section
from postings.models import FORCES_ACCEPTED, Person, Position, Posting, Rank, Role
from rounds.models import Application, VacancyNotice


def active(record, day):
    return record.start_date <= day and (record.end_date is None or record.end_date >= day)


class Network:
    """Every record, loaded once, with the relations the definitions follow."""

    def __init__(self):
        self.departments = {d.pk: d for d in Department.objects.select_related("embassy")}
        self.sections = {s.pk: s for s in Section.objects.all()}
        self.coverages = list(Coverage.objects.all())
        self.positions = {p.pk: p for p in Position.objects.all()}
        self.postings = list(Posting.objects.select_related("person"))
        self.countries = list(Country.objects.all())
        self.embassies = list(Embassy.objects.all())

    # --- what a position is ---------------------------------------------------------

    def host_country(self, department_id):
        return self.departments[department_id].embassy.country_id

    def base_country(self, position):
        if position.department_id:
            return self.host_country(position.department_id)
        if position.section_id:
            return self.sections[position.section_id].country_id
        return None

    def abroad(self, position):
        return position.department_id is not None or position.section_id is not None

    def department_of(self, position, with_sections):
        if position.department_id:
            return position.department_id
        if with_sections and position.section_id:
            return self.sections[position.section_id].department_id
        return None

    def covered_from_elsewhere(self, department_id, day):
        """Countries `department_id` covers on `day` other than its host country."""
        return {
            c.country_id
            for c in self.coverages
            if c.department_id == department_id
            and active(c, day)
            and c.country_id != self.host_country(department_id)
        }

    def serves(self, position, country_id, day):
        """The "for a country" rule: based there, or its department covers it from elsewhere."""
        if self.base_country(position) == country_id:
            return True
        return bool(position.department_id) and country_id in self.covered_from_elsewhere(
            position.department_id, day
        )

    # --- rows --------------------------------------------------------------------------

    def in_post(self, day):
        return [p for p in self.postings if active(p, day)]

    def vacancies(self, day):
        held = {p.position_id for p in self.in_post(day)}
        return [p for p in self.positions.values() if active(p, day) and p.pk not in held]

    def ending(self, day, months=6):
        last = add_months(day, months)
        return [p for p in self.in_post(day) if p.expected_end_date and day <= p.expected_end_date <= last]

    # --- the register ------------------------------------------------------------------

    def figure(self, key, day, owner=None, force=None, role=None, months=6):
        def narrowed_postings(postings):
            return [
                p
                for p in postings
                if (not force or p.person.force == force)
                and (not role or self.positions[p.position_id].role_id == role)
            ]

        def narrowed_positions(positions):
            return [
                p
                for p in positions
                if (not force or force in FORCES_ACCEPTED[p.required_force])
                and (not role or p.role_id == role)
            ]

        def position_of(posting):
            return self.positions[posting.position_id]

        in_post = narrowed_postings(self.in_post(day))
        vacancies = narrowed_positions(self.vacancies(day))
        ending = narrowed_postings(self.ending(day, months))
        o = getattr(owner, "pk", owner)
        counts = {
            "departments_open": lambda: sum(active(d, day) for d in self.departments.values()),
            "embassies_with_department": lambda: len(
                {d.embassy_id for d in self.departments.values() if active(d, day)}
            ),
            "countries_covered": lambda: len({c.country_id for c in self.coverages if active(c, day)}),
            "countries_covered_resident": lambda: len(
                {
                    c.country_id
                    for c in self.coverages
                    if active(c, day) and c.country_id == self.host_country(c.department_id)
                }
            ),
            "countries_covered_non_resident": lambda: len(
                {
                    c.country_id
                    for c in self.coverages
                    if active(c, day) and c.country_id != self.host_country(c.department_id)
                }
            ),
            "sections_open": lambda: sum(active(s, day) for s in self.sections.values()),
            "people_in_post_abroad": lambda: sum(self.abroad(position_of(p)) for p in in_post),
            "people_in_post_in_france": lambda: sum(
                position_of(p).central_unit_id is not None for p in in_post
            ),
            "vacancies_abroad": lambda: sum(self.abroad(p) for p in vacancies),
            "postings_ending_abroad": lambda: sum(self.abroad(position_of(p)) for p in ending),
            "staff_for_country": lambda: sum(self.serves(position_of(p), o, day) for p in in_post),
            "vacancies_for_country": lambda: sum(self.serves(p, o, day) for p in vacancies),
            "ending_for_country": lambda: sum(self.serves(position_of(p), o, day) for p in ending),
            "country_sections": lambda: sum(
                active(s, day) and s.country_id == o for s in self.sections.values()
            ),
            "department_countries_covered": lambda: sum(
                active(c, day) and c.department_id == o for c in self.coverages
            ),
            "department_staff": lambda: sum(self.department_of(position_of(p), False) == o for p in in_post),
            "department_staff_with_sections": lambda: sum(
                self.department_of(position_of(p), True) == o for p in in_post
            ),
            "department_vacancies": lambda: sum(self.department_of(p, False) == o for p in vacancies),
            "department_vacancies_with_sections": lambda: sum(
                self.department_of(p, True) == o for p in vacancies
            ),
            "department_ending_with_sections": lambda: sum(
                self.department_of(position_of(p), True) == o for p in ending
            ),
            "section_staff": lambda: sum(position_of(p).section_id == o for p in in_post),
            "section_vacancies": lambda: sum(p.section_id == o for p in vacancies),
            "embassy_departments": lambda: sum(d.embassy_id == o for d in self.departments.values()),
            "unit_departments_supervised": lambda: sum(
                active(d, day) and d.supervising_unit_id == o for d in self.departments.values()
            ),
            "region_countries": lambda: sum(c.region_id == o for c in self.countries),
            "role_positions_open": lambda: sum(
                active(p, day) and p.role_id == o for p in self.positions.values()
            ),
            "role_people_in_post": lambda: sum(position_of(p).role_id == o for p in in_post),
            "rank_people": lambda: Person.objects.filter(rank_id=o).count(),
            "round_notices": lambda: sum(n.round_id == o for n in VacancyNotice.objects.all()),
            "round_applications": lambda: sum(
                a.status == Application.Status.SUBMITTED and a.notice.round_id == o
                for a in Application.objects.select_related("notice")
            ),
            "notice_candidates": lambda: sum(
                a.status == Application.Status.SUBMITTED and a.notice_id == o
                for a in Application.objects.all()
            ),
        }
        return counts[key]()


OWNER_MODELS = {
    "country": Country,
    "department": Department,
    "section": Section,
    "embassy": Embassy,
    "unit": DirectorateUnit,
    "region": Region,
    "role": Role,
    "rank": Rank,
}
TODAY = datetime.date.today()
