"""Who may apply to a vacancy notice: the rules, once, for the application service (which
refuses) and for the committee's list of candidates (which shows what no longer holds).

Each rule reads the register through its homes: the force a position accepts
(`FORCES_ACCEPTED` / `RequiredForce.accepting`), the posting active on a day
(`PostingQuerySet.active_on`) and the planned postings (`PostingQuerySet.planned`).
"""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from base.periods import add_months
from postings.models import Posting, Rank


def rank_labels(seniorities=None):
    """{seniority: the ranks of that seniority, named}, in one query."""
    ranks = Rank.objects.order_by("seniority", "force")
    if seniorities is not None:
        ranks = ranks.filter(seniority__in=seniorities)
    labels = {}
    for rank in ranks:
        labels[rank.seniority] = (
            f"{labels[rank.seniority]} / {rank}" if rank.seniority in labels else str(rank)
        )
    return labels


def rank_label(seniority):
    """The ranks of that seniority (one per force, at most), for messages."""
    return rank_labels([seniority]).get(seniority, str(seniority))


def rank_band(notice, labels):
    """The notice's rank band in words, with `labels` from rank_labels()."""
    low, high = notice.min_seniority, notice.max_seniority
    values = {"low": labels.get(low, low), "high": labels.get(high, high)}
    if low is None and high is None:
        return _("Any rank")
    if high is None:
        return _("%(low)s or above") % values
    if low is None:
        return _("%(high)s or below") % values
    return _("%(low)s to %(high)s") % values


def current_posting(person, day):
    return Posting.objects.active_on(day).filter(person=person).select_related("position").first()


def planned_postings(person, day):
    return list(Posting.objects.planned(day).filter(person=person).select_related("position__role"))


NOT_READ = object()


def eligibility_problems(person, notice, *, day=None, current=NOT_READ, planned=None, labels=None):
    """Why `person` may not apply to `notice` on `day` (a list of messages; empty: they
    may). `current` (the posting active on `day`, or None), `planned` (their planned
    postings) and `labels` (rank_labels()) may be given when already read; otherwise they
    are read here."""
    day = day or datetime.date.today()
    label = labels.get if labels is not None else lambda seniority, default=None: rank_label(seniority)
    if current is NOT_READ:
        current = current_posting(person, day)
    if planned is None:
        planned = planned_postings(person, day)
    problems = []
    values = {"person": person.full_name}
    if not notice.accepts_force(person.force):
        problems.append(
            _("The notice is open to %(required)s; %(person)s belongs to the %(force)s.")
            % {
                **values,
                "required": notice.get_required_force_display(),
                "force": person.get_force_display(),
            }
        )
    low, high = notice.min_seniority, notice.max_seniority
    if low is not None or high is not None:
        seniority = person.rank.seniority if person.rank_id else None
        if seniority is None:
            problems.append(_("The notice asks for a rank; %(person)s has none.") % values)
        elif low is not None and seniority < low:
            problems.append(
                _("%(person)s's rank (%(rank)s) is below the lowest rank the notice accepts (%(low)s).")
                % {**values, "rank": person.rank, "low": label(low, low)}
            )
        elif high is not None and seniority > high:
            problems.append(
                _("%(person)s's rank (%(rank)s) is above the highest rank the notice accepts (%(high)s).")
                % {**values, "rank": person.rank, "high": label(high, high)}
            )
    if current is not None:
        if current.position_id == notice.position_id:
            problems.append(_("%(person)s already holds this position.") % values)
        months = notice.round.min_months_in_post
        served_by = add_months(current.start_date, months)
        if served_by > notice.available_from:
            problems.append(
                _(
                    "%(person)s started in their current post on %(start)s: the round asks for "
                    "%(months)s months in post by %(day)s, when this position is available."
                )
                % {
                    **values,
                    "start": date_format(current.start_date),
                    "months": months,
                    "day": date_format(notice.available_from),
                }
            )
    for posting in planned:
        problems.append(
            _("%(person)s already has a planned posting: %(position)s from %(start)s.")
            % {**values, "position": posting.position, "start": date_format(posting.start_date)}
        )
    return problems
