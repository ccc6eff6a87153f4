"""The portal's menu, declared once in templates/includes/nav.html, one line per entry.

    {% nav_menu _("Network") %}
      {% nav_item "network:country_list" _("Countries") %}
      {% nav_item "reports:coverage" _("Coverage report") perm="network.export_coverage_report" %}
    {% end_nav_menu %}

An entry outside a menu is a top-level link. An entry with `perm` is shown only to users
who have that permission, and a menu with no entry left is not shown at all. The entry of
the page shown is marked current; its menu is marked active on every page under its entries
(a country's page lights up "Network").
"""

from django import template
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from base.tables import with_as_of

register = template.Library()

MENU = "_nav_menu"  # the state of the enclosing {% nav_menu %}, in the context


@register.simple_tag(takes_context=True)
def nav_item(context, url_name, label, perm=None):
    user = context.get("user")
    if perm and not (user is not None and user.has_perm(perm)):
        return ""
    request = context.get("request")
    url = reverse(url_name)
    path = getattr(request, "path", "")
    current = path == url
    menu = context.get(MENU)
    if menu is None:
        css, wrapper = "nav-link", '<li class="nav-item">{}</li>'
    else:
        css, wrapper = "dropdown-item", "<li>{}</li>"
        menu["active"] = menu["active"] or current or (url != "/" and path.startswith(url))
    if current:
        link = format_html(
            '<a class="{} active" aria-current="page" href="{}">{}</a>', css, with_as_of(url, request), label
        )
    else:
        link = format_html('<a class="{}" href="{}">{}</a>', css, with_as_of(url, request), label)
    return format_html(wrapper, link)


class NavMenuNode(template.Node):
    def __init__(self, label, nodelist, align_end):
        self.label, self.nodelist, self.align_end = label, nodelist, align_end

    def render(self, context):
        state = {"active": False}
        with context.push({MENU: state}):
            entries = self.nodelist.render(context).strip()
        if not entries:
            return ""
        return get_template("includes/nav_menu.html").render(
            {
                "label": self.label.resolve(context),
                "entries": mark_safe(entries),  # rendered by the template engine above  # noqa: S308
                "active": state["active"],
                "align_end": self.align_end,
            }
        )


@register.tag
def nav_menu(parser, token):
    """{% nav_menu label [end] %} … {% end_nav_menu %}: a drop-down menu of entries;
    `end` aligns it with the right edge (the account menu)."""
    bits = token.split_contents()
    if len(bits) not in (2, 3) or (len(bits) == 3 and bits[2] != "end"):
        raise template.TemplateSyntaxError("usage: {% nav_menu label [end] %}")
    nodelist = parser.parse(("end_nav_menu",))
    parser.delete_first_token()
    return NavMenuNode(parser.compile_filter(bits[1]), nodelist, align_end=len(bits) == 3)
