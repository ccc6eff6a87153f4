"""Write a plan to the database, keyed by natural keys: create what is missing,
update what differs, leave the rest alone, so a second run on the same day writes
nothing. Writes go in bulk, each with its django-simple-history record."""

import re
from collections import Counter

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from network.models import (
    Country,
    Coverage,
    Department,
    DirectorateUnit,
    Embassy,
    Region,
    Section,
    UnitPlacement,
)
from postings.models import Person, Position, Posting, Rank, Role
from rounds.models import Application, Decision

REASON = "load_demo_network"
BATCH = 500
DEMO_SERVICE_NUMBER = re.compile(r"^(PN|GN|CV)-\d{6}$")
UNIT_CONTACTS = ("phone", "email", "secure_line")


class Syncer:
    def __init__(self, plan, reason=REASON):
        self.plan = plan
        self.reason = reason
        self.written = Counter()  # "created Posting" -> n

    def sync(self, model, desired, key_of, queryset=None):
        """Make the rows of `model` keyed by `key_of(row)` match `desired` ({key: {attname: value}}).

        Returns {key: pk} for the desired keys."""
        existing = {}
        for obj in queryset if queryset is not None else model.objects.all():
            existing.setdefault(key_of(obj), obj)
        creates, updates, changed = [], [], set()
        for key, values in desired.items():
            obj = existing.get(key)
            if obj is None:
                creates.append((key, model(**values)))
                continue
            diff = [name for name, value in values.items() if getattr(obj, name) != value]
            if diff:
                for name in diff:
                    setattr(obj, name, values[name])
                changed.update(diff)
                updates.append(obj)
        if creates:
            bulk_create_with_history(
                [obj for _key, obj in creates], model, batch_size=BATCH, default_change_reason=self.reason
            )
            self.written[f"created {model.__name__}"] += len(creates)
        if updates:
            bulk_update_with_history(
                updates, model, sorted(changed), batch_size=BATCH, default_change_reason=self.reason
            )
            self.written[f"updated {model.__name__}"] += len(updates)
        pks = {key: obj.pk for key, obj in existing.items() if key in desired}
        pks.update({key: obj.pk for key, obj in creates})
        return pks

    def delete(self, objs):
        for obj in objs:
            obj._change_reason = self.reason
            obj.delete()
            self.written[f"deleted {type(obj).__name__}"] += 1

    def run(self):
        plan = self.plan
        region = self.sync(
            Region, {code: {"code": code, **v} for code, v in plan.regions.items()}, _attr("code")
        )
        country = self.sync(
            Country,
            {
                iso2: {
                    "iso2": iso2,
                    "iso3": row["iso3"],
                    "iso_numeric": row["iso_numeric"],
                    "name_en": row["name_en"],
                    "name_fr": row["name_fr"],
                    "capital": row["capital"],
                    "capital_fr": row["capital_fr"],
                    "region_id": region[row["region"]],
                }
                for iso2, row in plan.countries.items()
            },
            _attr("iso2"),
        )
        iso2_of = _inverse(country)
        embassy = self.sync(
            Embassy,
            {
                iso2: {
                    "country_id": country[iso2],
                    "city": e["city"],
                    "city_fr": e["city_fr"],
                    "switchboard": e["switchboard"],
                }
                for iso2, e in plan.embassies.items()
            },
            lambda e: iso2_of.get(e.country_id),
        )
        unit = {}
        for depth in range(4):
            level = {a: u for a, u in plan.units.items() if _depth(plan.units, a) == depth}
            unit.update(
                self.sync(
                    DirectorateUnit,
                    {
                        acronym: {
                            "acronym": acronym,
                            "kind": u["kind"],
                            "name_en": u["name_en"],
                            "name_fr": u["name_fr"],
                            "parent_id": unit[u["parent"]] if u["parent"] else None,
                        }
                        for acronym, u in level.items()
                    },
                    _attr("acronym"),
                )
            )
        acronym_of = _inverse(unit)
        self.sync(
            UnitPlacement,
            {
                (acronym, until): {"unit_id": unit[acronym], "parent_id": unit[parent], "until": until}
                for (acronym, until), parent in plan.placements.items()
            },
            lambda p: (acronym_of.get(p.unit_id), p.until),
        )
        embassy_iso2 = _inverse(embassy)
        department = self.sync(
            Department,
            {
                key: {
                    "embassy_id": embassy[key[0]],
                    "start_date": d["start_date"],
                    "end_date": d["end_date"],
                    "supervising_unit_id": unit[d["supervising_unit"]],
                    "notes": d["notes"],
                    **{name: d[name] for name in UNIT_CONTACTS},
                }
                for key, d in plan.departments.items()
            },
            lambda d: (embassy_iso2.get(d.embassy_id), d.start_date),
        )
        department_key = _inverse(department)
        section = self.sync(
            Section,
            {
                key: {
                    "department_id": department[key[0]],
                    "city": key[1],
                    "city_fr": s["city_fr"],
                    "country_id": country[s["country"]],
                    "start_date": s["start_date"],
                    "end_date": s["end_date"],
                    **{name: s[name] for name in UNIT_CONTACTS},
                }
                for key, s in plan.sections.items()
            },
            lambda s: (department_key.get(s.department_id), s.city),
        )
        self.sync(
            Coverage,
            {
                key: {
                    "department_id": department[key[0]],
                    "country_id": country[key[1]],
                    "start_date": key[2],
                    "end_date": c["end_date"],
                }
                for key, c in plan.coverages.items()
            },
            lambda c: (department_key.get(c.department_id), iso2_of.get(c.country_id), c.start_date),
        )
        role = self.sync(Role, {code: {"code": code, **r} for code, r in plan.roles.items()}, _attr("code"))
        rank = self.sync(
            Rank,
            {key: {"force": key[0], "name_en": key[1], **r} for key, r in plan.ranks.items()},
            lambda r: (r.force, r.name_en),
        )
        self.people_and_postings(unit, department, section, role, rank)

    def people_and_postings(self, unit, department, section, role, rank):
        plan = self.plan
        person = self.sync(
            Person,
            {
                p.service_number: {
                    "service_number": p.service_number,
                    **{k: v for k, v in p.fields.items() if k != "rank"},
                    "rank_id": rank[p.fields["rank"]] if p.fields["rank"] else None,
                }
                for p in plan.people
            },
            _attr("service_number"),
        )
        unit_key = {("central", pk): ("central", key) for key, pk in unit.items()}
        unit_key |= {("department", pk): ("department", key) for key, pk in department.items()}
        unit_key |= {("section", pk): ("section", key) for key, pk in section.items()}
        role_code = _inverse(role)
        unit_pk = {value: key for key, value in unit_key.items()}

        def position_key(p):
            kind, pk = (
                ("central", p.central_unit_id)
                if p.central_unit_id
                else ("department", p.department_id)
                if p.department_id
                else ("section", p.section_id)
            )
            return (unit_key.get((kind, pk)), role_code.get(p.role_id), p.title)

        desired_positions = {}
        for p in plan.positions:
            kind, pk = unit_pk[p.unit]
            desired_positions[p.key] = {
                "central_unit_id": pk if kind == "central" else None,
                "department_id": pk if kind == "department" else None,
                "section_id": pk if kind == "section" else None,
                "role_id": role[p.kind.role],
                "title": p.title,
                "title_fr": p.title_fr,
                "start_date": p.start,
                "end_date": p.end,
                "required_force": p.required_force,
                "theme": p.theme,
                "cooperation_kind": p.cooperation,
                "serving_body": p.body,
            }
        desired_postings = {(p.person.service_number, p.position.key, p.start): p for p in plan.postings}
        service_number_of = _inverse(person)
        # Postings the plan no longer has go first: a run on another day moves their dates,
        # and the new ones must not meet the old ones.
        existing_positions = {position_key(p): p.pk for p in Position.objects.all()}
        position_of_pk = {pk: key for key, pk in existing_positions.items() if key in desired_positions}
        stale = [
            posting
            for posting in Posting.objects.filter(position_id__in=list(position_of_pk))
            if (
                service_number_of.get(posting.person_id),
                position_of_pk[posting.position_id],
                posting.start_date,
            )
            not in desired_postings
        ]
        # A committee's decision (a posting round, in a development database) holds its
        # planned posting: the decision goes with the posting the plan no longer has.
        self.delete(list(Decision.objects.filter(posting__in=[p.pk for p in stale])))
        self.delete(stale)
        position = self.sync(Position, desired_positions, position_key)
        position_of_pk = _inverse(position)
        self.sync(
            Posting,
            {
                key: {
                    "person_id": person[key[0]],
                    "position_id": position[key[1]],
                    "start_date": p.start,
                    "end_date": p.end,
                    "expected_end_date": p.expected_end,
                    "end_reason": p.end_reason,
                }
                for key, p in desired_postings.items()
            },
            lambda p: (service_number_of.get(p.person_id), position_of_pk.get(p.position_id), p.start_date),
            Posting.objects.filter(position_id__in=list(position.values())),
        )
        # People the demo made on an earlier day and no longer plans, left with no posting.
        orphans = Person.objects.exclude(service_number__in=list(person)).filter(postings__isnull=True)
        orphans = [p for p in orphans if DEMO_SERVICE_NUMBER.match(p.service_number)]
        # Their part in posting rounds goes with them (the demo's rounds are written again after).
        self.delete(list(Decision.objects.filter(person__in=orphans)))
        self.delete(list(Application.objects.filter(person__in=orphans, decision__isnull=True)))
        self.delete(orphans)


def _attr(name):
    return lambda obj: getattr(obj, name)


def _inverse(mapping):
    return {value: key for key, value in mapping.items()}


def _depth(units, acronym):
    depth = 0
    while units[acronym]["parent"]:
        acronym, depth = units[acronym]["parent"], depth + 1
    return depth
