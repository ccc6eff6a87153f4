"""Form widgets rendered in Python where Django's templates are too slow: a filter form
holds a few hundred <option>s, and including a template for each cost half a list page."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attrs(attrs):
    """The attributes as django/forms/widgets/attrs.html writes them: False left out,
    True as a bare attribute."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


@register.simple_tag(takes_context=True)
def select_options(context, widget):
    """The <option>s (and <optgroup>s) of a select widget's context; an option with a
    template of its own is rendered through it."""
    parts = []
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('<optgroup label="{}">', group_name))
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                parts.append(
                    context.template.engine.get_template(option["template_name"]).render(
                        context.new({"widget": option})
                    )
                )
                continue
            parts.append(
                f'<option value="{conditional_escape(str(option["value"]))}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>"
            )
        if group_name:
            parts.append("</optgroup>")
    return mark_safe("".join(parts))
