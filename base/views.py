"""Generic views of the portal, in the manner of NetBox's: each page of an app is a short
declaration (model, queryset, filterset, table, form) on one of these classes.

Every class derives the permission it needs from its model ("network.view_country",
"postings.change_posting"…), so a page cannot be declared without protection.
"""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DeleteView, DetailView, UpdateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from . import breadcrumbs
from .access import ModelPermissionMixin, hidden_fields
from .breadcrumbs import BreadcrumbsMixin
from .services import delete_attributed, save_validated
from .tables import PAGE_SIZES, ExcelFriendlyExport, with_as_of


class ObjectListView(ModelPermissionMixin, ExportMixin, SingleTableMixin, FilterView):
    """A filterable, sortable, paginated table with CSV export of the filtered rows.

    With htmx, a request targeting the results returns only the results partial.
    """

    template_name = "generic/object_list.html"
    results_template_name = "generic/includes/results.html"
    export_class = ExcelFriendlyExport
    export_formats = ("csv",)
    paginate_by = PAGE_SIZES[0]
    title = None

    def get_paginate_by(self, table_data):
        try:
            size = int(self.request.GET.get("per_page", ""))
        except ValueError:
            return self.paginate_by
        return size if size in PAGE_SIZES else self.paginate_by

    def paginate_queryset(self, queryset, page_size):
        # The table paginates (a page past the end shows the last page); the ListView's own
        # paginator would count the rows a second time and answer 404 to such a page.
        return None, None, queryset, False

    def get_table_kwargs(self):
        # django-tables2 would read `per_page` from the URL itself, unchecked (a negative
        # or huge size); a field name no URL carries leaves the size to get_paginate_by.
        return {
            **super().get_table_kwargs(),
            "user": self.request.user,
            "per_page_field": "_per_page_checked",
        }

    def get_export_filename(self, export_format):
        name = self.model._meta.verbose_name_plural.replace(" ", "-")
        return f"{name}-{self.request.as_of.isoformat()}.{export_format}"

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and self.request.htmx.target == "results":
            return [self.results_template_name]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("title", self.title or self.model._meta.verbose_name_plural)
        kwargs.setdefault("page_sizes", PAGE_SIZES)
        return super().get_context_data(**kwargs)


class ObjectDetailView(BreadcrumbsMixin, ModelPermissionMixin, DetailView):
    template_name = "generic/object_detail.html"


class ServiceFormMixin:
    """Save through the service layer (`save_object`; by default `save_validated`),
    which validates once, and show any rule that fails next to its field; nothing is
    written on error. The form itself checks only its fields (see PortalModelForm)."""

    # Lazy: a class attribute is evaluated at import, before any request's language is known.
    success_message = gettext_lazy("“%(object)s” was saved.")

    def save_object(self, form):
        return save_validated(form.instance, user=self.request.user)

    def form_valid(self, form):
        try:
            self.object = self.save_object(form)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"object": self.object})
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return with_as_of(self.object.get_absolute_url(), self.request)


def apply_validation_error(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ObjectCreateView(BreadcrumbsMixin, ModelPermissionMixin, ServiceFormMixin, CreateView):
    permission_action = "add"
    breadcrumb_action = breadcrumbs.NEW
    template_name = "generic/object_edit.html"


class ObjectEditView(BreadcrumbsMixin, ModelPermissionMixin, ServiceFormMixin, UpdateView):
    permission_action = "change"
    breadcrumb_action = breadcrumbs.EDIT
    template_name = "generic/object_edit.html"

    def get_object(self, queryset=None):
        record = super().get_object(queryset)
        # The form writes what was typed into the record; the page's heading and
        # breadcrumbs show it as saved (never "from 29 July to 1 January" after a typo).
        self.saved_record = copy.copy(record)
        return record

    def get_context_data(self, **kwargs):
        kwargs.setdefault("object", self.saved_record)
        return super().get_context_data(**kwargs)


class ObjectDeleteView(BreadcrumbsMixin, ModelPermissionMixin, DeleteView):
    """Delete after confirmation; a record still referenced elsewhere is kept, with a
    message saying what refers to it."""

    permission_action = "delete"
    template_name = "generic/object_confirm_delete.html"
    breadcrumb_action = breadcrumbs.DELETE

    def get_success_url(self):
        return self.list_url() or reverse("dashboard")

    def form_valid(self, form):
        label = str(self.object)
        try:
            delete_attributed(self.object, user=self.request.user)
        except ProtectedError as error:
            blockers = ", ".join(sorted({str(obj) for obj in list(error.protected_objects)[:5]}))
            messages.error(
                self.request,
                _("“%(object)s” cannot be deleted: it is still used by %(blockers)s.")
                % {"object": label, "blockers": blockers},
            )
            return HttpResponseRedirect(with_as_of(self.object.get_absolute_url(), self.request))
        messages.success(self.request, _("“%(object)s” was deleted.") % {"object": label})
        return HttpResponseRedirect(self.get_success_url())


class ObjectHistoryView(BreadcrumbsMixin, ModelPermissionMixin, DetailView):
    """Who changed what and when: the object's django-simple-history records, newest
    first, each with the fields it changed (sensitive fields only for those allowed)."""

    template_name = "generic/object_history.html"
    breadcrumb_action = breadcrumbs.HISTORY
    max_entries = 200

    def get_context_data(self, **kwargs):
        hidden = hidden_fields(self.request.user, self.model)
        records = list(
            self.object.history.select_related("history_user").order_by("-history_date", "-history_id")[
                : self.max_entries + 1
            ]
        )
        entries = []
        for record, previous in zip(records, [*records[1:], None], strict=False):
            changes = []
            if previous is not None:
                changes = [
                    {
                        "label": self.model._meta.get_field(change.field).verbose_name,
                        "old": change.old,
                        "new": change.new,
                    }
                    for change in record.diff_against(previous, excluded_fields=hidden).changes
                    if change.field not in hidden
                ]
            entries.append({"record": record, "changes": changes})
        return super().get_context_data(history_entries=entries[: self.max_entries], **kwargs)
