"""Breadcrumbs of the record pages: Dashboard › the list › the record › the action.

Each crumb is a link that keeps the as-of date, but the last (the page shown). The list
is the view's `list_url_name`, by default "<namespace>:<model>_list" when such a page
exists ("network:country_list" for a country's page).
"""

from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .tables import with_as_of


class BreadcrumbsMixin:
    list_url_name = None
    breadcrumb_action = None  # the last crumb after the record: "Edit", "History"…

    def list_url(self):
        match = getattr(self.request, "resolver_match", None)
        name = self.list_url_name
        if name is None and match is not None and match.namespace:
            name = f"{match.namespace}:{self.model._meta.model_name}_list"
        try:
            return reverse(name) if name else None
        except NoReverseMatch:
            return None

    def get_breadcrumbs(self):
        crumbs = [(_("Dashboard"), get_script_prefix())]
        list_url = self.list_url()
        if list_url:
            crumbs.append((capfirst(self.model._meta.verbose_name_plural), list_url))
        record = getattr(self, "saved_record", None) or getattr(self, "object", None)
        if record is not None and record.pk:
            crumbs.append((str(record), record.get_absolute_url()))
        if self.breadcrumb_action:
            crumbs.append((self.breadcrumb_action, None))
        return [{"label": label, "url": with_as_of(url, self.request)} for label, url in crumbs]

    def get_context_data(self, **kwargs):
        kwargs.setdefault("breadcrumbs", self.get_breadcrumbs())
        return super().get_context_data(**kwargs)


# The last crumb of a record's form or history page (nouns in French: "Modification").
NEW = pgettext_lazy("breadcrumb", "New")
EDIT = pgettext_lazy("breadcrumb", "Edit")
END = pgettext_lazy("breadcrumb", "End")
DELETE = pgettext_lazy("breadcrumb", "Delete")
HISTORY = pgettext_lazy("breadcrumb", "History")
