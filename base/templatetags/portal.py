"""Template helpers shared by every page: keep the as-of date on links and forms, and
mark the figures of the register a page shows (for the consistency tests)."""

from django import template
from django.utils.html import format_html, format_html_join

from base import dates
from base.asof import AS_OF_PARAM

register = template.Library()


def _as_of_value(request):
    if request is None or getattr(request, "as_of_is_today", True):
        return None
    return request.as_of.isoformat()


@register.simple_tag(takes_context=True)
def as_of_url(context, url):
    """`url` with the page's as-of date appended, unless the date is today."""
    value = _as_of_value(context.get("request"))
    if not value or not url:
        return url
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{AS_OF_PARAM}={value}"


@register.simple_tag(takes_context=True)
def hidden_query_inputs(context, *exclude):
    """Hidden inputs carrying the current query string, less the `exclude` names,
    so that a second form on the page (date picker, search) keeps the filters."""
    request = context.get("request")
    if request is None:
        return ""
    items = [
        (name, value)
        for name, values in request.GET.lists()
        if name not in exclude and name != "page"
        for value in values
    ]
    return format_html_join("", '<input type="hidden" name="{}" value="{}">', items)


@register.simple_tag(takes_context=True)
def as_of_input(context):
    value = _as_of_value(context.get("request"))
    if not value:
        return ""
    return format_html('<input type="hidden" name="{}" value="{}">', AS_OF_PARAM, value)


@register.simple_tag
def figure(key, value, owner=None):
    """`value`, a figure of the register (its `key`) of `owner` (a record, or nothing
    for a figure of the whole network), marked so that tests can find and check it."""
    if owner is None:
        return format_html('<span data-figure="{}">{}</span>', key, value)
    return format_html('<span data-figure="{}" data-of="{}">{}</span>', key, owner.pk, value)


@register.filter
def display_date(value):
    """A date (or date and time) as the language shows dates on screen: base/dates.py."""
    return dates.display_date(value)
