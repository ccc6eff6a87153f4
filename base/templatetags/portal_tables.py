"""Parts of pages rendered once for everyone who would see the same (base/fragments.py),
when the view allows it: a list's table and filter form, a record's details; and the
body of every table's rows."""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import template
from django.template.loader import get_template

from base.fragments import cached_fragment
from base.tables import rows_html

register = template.Library()


@register.simple_tag
def table_rows(table):
    return rows_html(table)


def _render_table(table, context):
    # What django-tables2's {% render_table %} does for a Table.
    request = context.get("request")
    table.context = context
    try:
        table.before_render(request)
        return get_template(table.template_name).render(context={"table": table}, request=request)
    finally:
        del table.context


def shared(context, kind, render, *more, ignore=()):
    """`render()`, or its copy from the shared cache when the view shares its parts."""
    if not context.get("shared_fragments"):
        return render()
    return cached_fragment(kind, context["request"], render, *more, ignore=ignore)


@register.simple_tag(takes_context=True)
def list_table(context, table):
    columns = [column.name for column in table.columns]
    return shared(context, "table", lambda: _render_table(table, context), type(table).__qualname__, columns)


@register.simple_tag(takes_context=True)
def filter_form(context, filterset):
    # The same form whatever the sort or page: shared by all of them.
    render = lambda: as_crispy_form(filterset.form)  # noqa: E731
    return shared(context, "filters", render, ignore=("sort", "page", "per_page"))


class SharedFragmentNode(template.Node):
    def __init__(self, kind, nodelist):
        self.kind, self.nodelist = kind, nodelist

    def render(self, context):
        return shared(context, self.kind, lambda: self.nodelist.render(context))


@register.tag
def shared_fragment(parser, token):
    """{% shared_fragment "kind" %}…{% endshared_fragment %}: what it encloses, rendered
    once for everyone who would see the same, when the view sets `shared_fragments`.
    What it reads from the context is best computed only when read (SimpleLazyObject):
    a page served from the cache then never computes it."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'":
        raise template.TemplateSyntaxError("{% shared_fragment %} takes the fragment's kind, quoted.")
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    return SharedFragmentNode(bits[1][1:-1], nodelist)
