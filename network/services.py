"""Writes to the network that span models (coverage of a country over time)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils.translation import gettext as _

from .models import Coverage

# PostgreSQL: two inserts checking one exclusion constraint can wait on each other;
# the server then aborts one of them as a deadlock (or a serialization failure).
WRITE_CONFLICT_CODES = {"40P01", "40001"}


def is_write_conflict(error):
    return getattr(error.__cause__, "pgcode", None) in WRITE_CONFLICT_CODES


def save_validated(instance, *, user=None, reason=""):
    """Validate (`full_clean`, so every model rule runs), then save with history
    attributed to `user` and `reason`. The one way the portal writes a record."""
    instance.full_clean()
    if user is not None and getattr(user, "is_authenticated", False):
        instance._history_user = user
    if reason:
        instance._change_reason = reason
    try:
        with transaction.atomic():
            instance.save()
    except (IntegrityError, OperationalError) as error:
        if isinstance(error, OperationalError) and not is_write_conflict(error):
            raise
        # Another editor saved a conflicting record between our check and our write
        # (PostgreSQL's exclusion constraints caught it): explain it the same way.
        instance.full_clean()
        raise ValidationError(
            _("This change conflicts with a record saved at the same moment; reload and try again.")
        ) from None
    return instance


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
