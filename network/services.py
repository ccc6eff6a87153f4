"""Writes to the network: coverage of a country over time, and the network's own
changes — embassies, departments, sections and central units opened, moved, closed.

Every write goes through base.services.save_validated (validated once, attributed);
a change that spans records is one `transaction.atomic` service, all or nothing, each
record's history carrying the same reason. Changes that carry positions and postings
along (closing a department, opening a section with its positions) are in
directory/services.py, above postings.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from base.services import save_validated

from .models import Coverage, Department, DirectorateUnit, Embassy, Section, UnitPlacement

DAY = datetime.timedelta(days=1)

# --- Coverage ------------------------------------------------------------------------


@transaction.atomic
def coverage_start(*, department, country, start_date: datetime.date, end_date=None, user=None, reason=""):
    """`department` covers `country` from `start_date`; raises ValidationError naming
    the department that already covers it on those dates."""
    return save_validated(
        Coverage(department=department, country=country, start_date=start_date, end_date=end_date),
        user=user,
        reason=reason,
    )


@transaction.atomic
def coverage_end(*, coverage: Coverage, end_date: datetime.date, user=None, reason=""):
    coverage.end_date = end_date
    return save_validated(coverage, user=user, reason=reason)


@transaction.atomic
def coverage_hand_over(*, coverage: Coverage, department, day: datetime.date, user=None, reason=""):
    """`department` covers the country of `coverage` from `day` to the coverage's end;
    the coverage ends the day before. Returns the new coverage."""
    if coverage.start_date >= day:
        raise ValidationError(
            _("%(coverage)s only begins on %(day)s: it cannot be handed over before it starts.")
            % {"coverage": coverage, "day": date_format(coverage.start_date)}
        )
    until = coverage.end_date
    coverage_end(coverage=coverage, end_date=day - DAY, user=user, reason=reason)
    return coverage_start(
        department=department,
        country=coverage.country,
        start_date=day,
        end_date=until,
        user=user,
        reason=reason,
    )


@transaction.atomic
def coverage_take_over(*, department, country, day: datetime.date, user=None, reason=""):
    """`department` covers `country` from `day`: the coverage running that day hands over
    to it; without one, it covers the country until the next coverage begins."""
    current = Coverage.objects.active_on(day).filter(country=country).select_related("department").first()
    if current is not None:
        if current.department_id == department.pk:
            return current
        return coverage_hand_over(coverage=current, department=department, day=day, user=user, reason=reason)
    following = Coverage.objects.filter(country=country, start_date__gt=day).order_by("start_date").first()
    until = following.start_date - DAY if following else department.end_date
    return coverage_start(
        department=department, country=country, start_date=day, end_date=until, user=user, reason=reason
    )


# --- Embassies -----------------------------------------------------------------------


@transaction.atomic
def embassy_open(*, country, city, city_fr="", start_date=None, user=None, reason=""):
    return save_validated(
        Embassy(country=country, city=city, city_fr=city_fr, start_date=start_date), user=user, reason=reason
    )


@transaction.atomic
def embassy_close(*, embassy: Embassy, end_date: datetime.date, user=None, reason=""):
    """The embassy's last day is `end_date`; refused while a department of it runs past."""
    embassy.end_date = end_date
    return save_validated(embassy, user=user, reason=reason)


# --- Departments and sections ----------------------------------------------------------


@transaction.atomic
def department_open(
    *, embassy, supervising_unit, start_date, notes="", cover_host=False, user=None, reason=""
) -> Department:
    """A department opens in `embassy` from `start_date` — a new record, also when the
    embassy had one before (a reopening). With `cover_host`, it covers its host country
    from that day, taking it over from whichever department covers it then."""
    department = save_validated(
        Department(embassy=embassy, supervising_unit=supervising_unit, start_date=start_date, notes=notes),
        user=user,
        reason=reason,
    )
    if cover_host:
        coverage_take_over(
            department=department, country=embassy.country, day=start_date, user=user, reason=reason
        )
    return department


@transaction.atomic
def section_open(
    *, department, country, city, start_date, city_fr="", end_date=None, user=None, reason=""
) -> Section:
    section = Section(
        department=department,
        country=country,
        city=city,
        city_fr=city_fr,
        start_date=start_date,
        end_date=end_date,
    )
    return save_validated(
        section,
        user=user,
        reason=reason,
    )


# --- Central units ---------------------------------------------------------------------


@transaction.atomic
def unit_open(*, unit: DirectorateUnit, user=None, reason="") -> DirectorateUnit:
    """A new central unit (acronym, names, kind, parent, opening date set on `unit`)."""
    return save_validated(unit, user=user, reason=reason)


@transaction.atomic
def unit_move(*, unit: DirectorateUnit, parent, day: datetime.date, user=None, reason="") -> DirectorateUnit:
    """Place `unit` under `parent` (None: at the top) from `day` on. Its place until the
    day before is kept as a UnitPlacement, so the tree of earlier days still shows it
    there. Refused when `unit` would end up under itself on any day from `day` on."""
    if parent is not None and parent.pk == unit.pk:
        raise ValidationError({"parent": _("A unit cannot be its own parent unit.")})
    if unit.parent_id == (parent.pk if parent else None):
        raise ValidationError({"parent": _("%(unit)s is already there.") % {"unit": unit.acronym}})
    save_validated(
        UnitPlacement(unit=unit, parent_id=unit.parent_id, until=day - DAY), user=user, reason=reason
    )
    previous, unit.parent = unit.parent, parent
    try:
        return save_validated(unit, user=user, reason=reason)
    except ValidationError:
        unit.parent = previous  # the transaction rolls back: so does the record in hand
        raise
