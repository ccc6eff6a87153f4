"""Figures of posting rounds (entries of the register: base/figures.py, docs/figures.md).

A round's notices and applications do not change with the as-of date: these figures
ignore the day they are given. Applications are need-to-know: only pages for those who
may see them (Managers) show the counts of candidates.
"""

from django.utils.translation import gettext_lazy as _

from base.figures import Figure, Part

from .models import Application, Round, VacancyNotice


def notices(day, where, **narrowing):
    return VacancyNotice.objects.filter(where)


def applications(day, where, **narrowing):
    """Applications standing: submitted and not withdrawn."""
    return Application.objects.filter(where, status=Application.Status.SUBMITTED)


ROUND_NOTICES = Figure(
    "round_notices",
    _("Notices"),
    _("Vacancy notices the round offers, whatever the day."),
    Round,
    (Part(notices, owner="round"),),
)
ROUND_APPLICATIONS = Figure(
    "round_applications",
    _("Applications"),
    _("Applications to the round's notices, withdrawn ones apart (one per candidate and notice)."),
    Round,
    (Part(applications, owner="round"),),
)
NOTICE_CANDIDATES = Figure(
    "notice_candidates",
    _("Candidates"),
    _("Applications to the notice, withdrawn ones apart."),
    VacancyNotice,
    (Part(applications, owner="notice"),),
)
