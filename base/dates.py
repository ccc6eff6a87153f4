"""Dates on screen: one format per language, everywhere (tables, pages, messages, the
map). English "1 September 1984"; French "1er septembre 1984", with the ordinal French
writes for the first day of a month. Machine-readable exports keep ISO 8601.

The formats are DATE_FORMAT and DATETIME_FORMAT of dci_portal/formats/<language>/.
"""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import pgettext


def display_date(value):
    """`value` (a date or datetime; None gives "") as the language shows dates."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        text = date_format(value, "DATETIME_FORMAT")
    else:
        text = date_format(value, "DATE_FORMAT")
    if value.day == 1 and text.startswith("1 "):
        # Translators: the first day of a month in a date ("1er" septembre in French).
        text = pgettext("first day of a month", "1") + text[1:]
    return text
