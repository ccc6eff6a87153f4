"""The "as of" date: every page shows the network as it was on one day.

It travels in the URL (`?as_of=YYYY-MM-DD`) so that a view can be shared; without
it the day is today.
"""

import datetime

from django.utils.translation import gettext as _

AS_OF_PARAM = "as_of"
EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2200, 12, 31)


class AsOfError(ValueError):
    pass


def parse_as_of(raw):
    """Return the date in `raw`, today if empty; raise AsOfError with a readable text."""
    if raw is None or raw.strip() == "":
        return datetime.date.today()
    try:
        day = datetime.date.fromisoformat(raw.strip()[:10])
    except ValueError:
        raise AsOfError(
            _("“%(value)s” is not a date; use the form YYYY-MM-DD.") % {"value": raw[:40]}
        ) from None
    if not EARLIEST <= day <= LATEST:
        raise AsOfError(_("%(value)s is outside the range the portal can show.") % {"value": day.isoformat()})
    return day


def day_of(request):
    """The as-of date of `request` (set by AsOfDateMiddleware), today without one."""
    return getattr(request, "as_of", None) or datetime.date.today()
