from django import template

register = template.Library()

STATE_COLOURS = {"draft": "secondary", "open": "success", "closed": "warning", "decided": "primary"}


@register.filter
def state_colour(state):
    """The Bootstrap colour of a round's state badge."""
    return STATE_COLOURS.get(state, "light")


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
