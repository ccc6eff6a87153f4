"""Changes of the network that carry its people along: closing a department, a section
or a central unit (its coverage handed over, its sections closed or attached to another
department, its positions closed, the postings that run past the date ended or moved),
reopening a department with its former establishment table, opening a section with its
positions.

They sit here, above postings, because they change network and postings records
together. Each is one transaction, all or nothing, made of the services of network and
postings (each validating its record once, through the models' rules), with the same
reason on the history of every record it changes. The choices come keyed by primary
key, as the closure pages (and any other caller) name the records: {pk: target}.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from base.services import save_validated
from network import services as network_services
from network.models import Department, DirectorateUnit, Section
from postings import services as postings_services
from postings.models import Position, Posting

from . import selectors

DAY = datetime.timedelta(days=1)

# The fields a position keeps when it is carried into a new unit (a section attached to
# another department, a department reopened with its former establishment table).
POSITION_FIELDS = (
    "role_id",
    "title",
    "title_fr",
    "required_force",
    "theme",
    "cooperation_kind",
    "serving_body",
)


def refuse_later_starts(closure):
    later = closure.starting_later
    if later:
        raise ValidationError(
            _("These begin after %(day)s, the last day: change or remove them first: %(records)s.")
            % {"day": date_format(closure.day), "records": "; ".join(str(record) for record in later[:6])}
        )


def refuse_if_closed_by_then(record, day):
    if record.end_date is not None and record.end_date <= day:
        raise ValidationError(
            _("%(record)s already closes after %(end)s.")
            % {"record": record, "end": date_format(record.end_date)}
        )


def copy_positions(positions, *, start_date, user, reason, keep_end=True, **unit):
    """New positions in `unit` (department= or section=) from `start_date`, one per
    position of `positions`, until its end (`keep_end`) or open: {old pk: new position}."""
    return {
        position.pk: save_validated(
            Position(
                **unit,
                start_date=start_date,
                end_date=position.end_date if keep_end else None,
                **{name: getattr(position, name) for name in POSITION_FIELDS},
            ),
            user=user,
            reason=reason,
        )
        for position in positions
    }


def wind_down(closure, *, moves, user, reason):
    """The closure's postings end on its day, or go on from the next day in the position
    `moves` gives them ({posting pk: position}); then its positions close."""
    for posting in closure.postings:
        target = moves.get(posting.pk)
        if target is None:
            postings_services.posting_end(
                posting=posting,
                end_date=closure.day,
                end_reason=Posting.EndReason.POSITION_CLOSED,
                user=user,
                reason=reason,
            )
        else:
            postings_services.posting_move(
                posting=posting, position=target, day=closure.after, user=user, reason=reason
            )
    for position in closure.positions:
        postings_services.position_close(position=position, end_date=closure.day, user=user, reason=reason)


def carry_section(section, department, closure, *, user, reason):
    """`section` goes on under `department` from the day after the closure: a new section
    record with copies of its positions open past the day; returns the moves of the
    postings that run past the day into those copies ({posting pk: new position})."""
    carried = network_services.section_open(
        department=department,
        country=section.country,
        city=section.city,
        city_fr=section.city_fr,
        start_date=closure.after,
        end_date=section.end_date,
        user=user,
        reason=reason,
    )
    positions = [position for position in closure.positions if position.section_id == section.pk]
    copies = copy_positions(positions, start_date=closure.after, user=user, reason=reason, section=carried)
    return {
        posting.pk: copies[posting.position_id]
        for posting in closure.postings
        if posting.position_id in copies
    }


@transaction.atomic
def department_close(
    *, department: Department, end_date, coverages=None, sections=None, postings=None, user=None, reason=""
):
    """Close `department` after `end_date` (its last day), all or nothing:

    - `coverages` {coverage pk: department or None}: each coverage running past the day
      is handed over to that department from the next day, or ends (the country is then
      not covered);
    - `sections` {section pk: department or None}: each section open past the day goes on
      under that department (a new section record, with its positions and holders), or
      closes;
    - `postings` {posting pk: position or None}: each posting running past the day in
      the department's positions and its sections' goes on in that position from the
      next day; otherwise it follows its section when the section goes on, or ends
      (position closed);
    - the positions close, then the sections, then the department.

    Anything not named ends. Refused, changing nothing, if a record of the department
    begins after the day or any rule of the models fails on the way.
    """
    coverages, sections, postings = coverages or {}, sections or {}, postings or {}
    refuse_if_closed_by_then(department, end_date)
    closure = selectors.closure_of_department(department, end_date)
    refuse_later_starts(closure)
    moves = {}
    for section in closure.sections:
        receiver = sections.get(section.pk)
        if receiver is not None:
            moves.update(carry_section(section, receiver, closure, user=user, reason=reason))
    # The editor's own choice for a posting wins over following its section.
    moves.update({pk: position for pk, position in postings.items() if position is not None})
    wind_down(closure, moves=moves, user=user, reason=reason)
    for section in closure.sections:
        section.end_date = end_date
        save_validated(section, user=user, reason=reason)
    for coverage in closure.coverages:
        receiver = coverages.get(coverage.pk)
        if receiver is None:
            network_services.coverage_end(coverage=coverage, end_date=end_date, user=user, reason=reason)
        else:
            network_services.coverage_hand_over(
                coverage=coverage, department=receiver, day=closure.after, user=user, reason=reason
            )
    department.end_date = end_date
    return save_validated(department, user=user, reason=reason)


@transaction.atomic
def section_close(*, section: Section, end_date, postings=None, user=None, reason=""):
    """Close `section` after `end_date`: its postings running past the day end or move
    (`postings` as for department_close), its positions close, then the section."""
    refuse_if_closed_by_then(section, end_date)
    closure = selectors.closure_of_section(section, end_date)
    refuse_later_starts(closure)
    moves = {pk: position for pk, position in (postings or {}).items() if position is not None}
    wind_down(closure, moves=moves, user=user, reason=reason)
    section.end_date = end_date
    return save_validated(section, user=user, reason=reason)


@transaction.atomic
def unit_close(*, unit: DirectorateUnit, end_date, postings=None, user=None, reason=""):
    """Close the central unit after `end_date`: its postings end or move, its positions
    close, then the unit (refused while sub-units or supervised departments remain)."""
    refuse_if_closed_by_then(unit, end_date)
    closure = selectors.closure_of_unit(unit, end_date)
    refuse_later_starts(closure)
    moves = {pk: position for pk, position in (postings or {}).items() if position is not None}
    wind_down(closure, moves=moves, user=user, reason=reason)
    unit.end_date = end_date
    return save_validated(unit, user=user, reason=reason)


@transaction.atomic
def department_open(
    *,
    embassy,
    supervising_unit,
    start_date,
    notes="",
    cover_host=False,
    copy_positions_of=None,
    user=None,
    reason="",
):
    """Open a department (network.services.department_open); with `copy_positions_of`
    (the embassy's earlier department, when it reopens), with a new position for each
    position that department had on its last day."""
    department = network_services.department_open(
        embassy=embassy,
        supervising_unit=supervising_unit,
        start_date=start_date,
        notes=notes,
        cover_host=cover_host,
        user=user,
        reason=reason,
    )
    if copy_positions_of is not None and copy_positions_of.end_date is not None:
        former = Position.objects.active_on(copy_positions_of.end_date).filter(department=copy_positions_of)
        copy_positions(
            former.order_by("role__order", "title", "pk"),
            start_date=start_date,
            keep_end=False,
            user=user,
            reason=reason,
            department=department,
        )
    return department


@transaction.atomic
def section_open(*, department, country, city, start_date, city_fr="", positions=(), user=None, reason=""):
    """Open a section under `department` — in any city and country — with its positions:
    `positions` is a list of {role, title, title_fr, required_force, theme} (open from the start)."""
    section = network_services.section_open(
        department=department,
        country=country,
        city=city,
        city_fr=city_fr,
        start_date=start_date,
        user=user,
        reason=reason,
    )
    for spec in positions:
        save_validated(Position(section=section, start_date=start_date, **spec), user=user, reason=reason)
    return section
