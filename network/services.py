"""Writes to the network that span records: coverage of a country over time.

Every write goes through base.services.save_validated (validated once, attributed)."""

import datetime

from django.db import transaction

from base.services import save_validated

from .models import Coverage


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
