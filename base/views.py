"""Generic views of the portal, in the manner of NetBox's: each page of an app is a short
declaration (model, queryset, filterset, table, form) on one of these classes.

Every class derives the permission it needs from its model ("network.view_country",
"postings.change_posting"…), so a page cannot be declared without protection.
"""

import copy

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import ProtectedError, QuerySet
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, DeleteView, DetailView, TemplateView, UpdateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin
from django_tables2.rows import BoundRows

from . import breadcrumbs, exports, history
from .access import ModelPermissionMixin
from .asof import day_of
from .breadcrumbs import BreadcrumbsMixin
from .exports import filters_of, record_export, requested_format
from .forms import FIND_BUTTON, DateInput, PortalForm
from .fragments import CachedCountPaginator, cached_fragment
from .models import TablePreference
from .periods import active_on_q
from .search import SEARCH_MAX_LENGTH, SearchError, search_for
from .services import delete_attributed, save_validated
from .tables import PAGE_SIZES, ExcelFriendlyExport, with_as_of

# A detail page's long lists (a country's team, a unit's establishment table) show this many
# rows at a time: the biggest hold hundreds on a large network.
DETAIL_PAGE_SIZE = 50


def page_of(request, rows, param, per_page=DETAIL_PAGE_SIZE):
    """The page of `rows` the URL's `?<param>=N` asks for (the first by default; one
    past the end gives the last), with `previous_url` and `next_url` keeping the rest of
    the query. Render its links with includes/page_links.html."""
    page = CachedCountPaginator(rows, per_page).get_page(request.GET.get(param))
    query = request.GET.copy()

    def url(number):
        query[param] = number
        return f"?{query.urlencode()}"

    page.previous_url = url(page.previous_page_number()) if page.has_previous() else None
    page.next_url = url(page.next_page_number()) if page.has_next() else None
    return page


class ObjectListView(ModelPermissionMixin, ExportMixin, SingleTableMixin, FilterView):
    """A filterable, sortable, paginated table with CSV export of the filtered rows.

    With htmx, a request targeting the results returns only the results partial. The
    filters the user set are shown as chips, each removable; the columns shown are the
    user's choice (TablePreference, posted by the column chooser of the results); an
    empty result says which filters matched nothing.

    The rendered table and filter form, and the count of rows, are shared through the
    cache by users with the same permissions (base/fragments.py); a list whose rows
    depend on who asks sets `shared_fragments = False`.
    """

    template_name = "generic/object_list.html"
    shared_fragments = True
    paginator_class = CachedCountPaginator  # the table's (see get_table_pagination)
    results_template_name = "generic/includes/results.html"
    export_class = ExcelFriendlyExport
    export_formats = ("csv", "xlsx")
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

    def too_many_rows_to_export(self, table):
        """More rows than EXPORT_IN_REQUEST_MAX_ROWS are exported by a background job
        (jobs/exports.py, which marks its request), not in the request."""
        limit = getattr(settings, "EXPORT_IN_REQUEST_MAX_ROWS", None)
        if not limit or getattr(self.request, "export_in_background", False) or table is None:
            return False
        return table.paginator.count > limit

    def render_to_response(self, context, **kwargs):
        requested_format(self.request, self.export_formats)  # a format not offered: a 400
        if self.export_class.is_valid_format(self.request.GET.get(self.export_trigger_param)):
            table = context.get("table")
            if self.too_many_rows_to_export(table):
                messages.warning(
                    self.request,
                    _(
                        "This list has %(count)s rows: more than %(limit)s are exported in the "
                        "background. Use “Export all rows in the background”."
                    )
                    % {"count": table.paginator.count, "limit": settings.EXPORT_IN_REQUEST_MAX_ROWS},
                )
                query = self.request.GET.copy()
                query.pop(self.export_trigger_param, None)
                return HttpResponseRedirect(f"{self.request.path}?{query.urlencode()}")
        return super().render_to_response(context, **kwargs)

    def record_export(self, export_format, *, rows):
        """Who exported which rows of this list (base.models.ExportRecord)."""
        record_export(
            user=self.request.user,
            kind=f"list: {self.model._meta.verbose_name_plural}",
            file_format=export_format,
            filters=filters_of(self.request.GET),
            rows=rows,
        )

    def get_export_filename(self, export_format):
        name = self.model._meta.verbose_name_plural.replace(" ", "-")
        return f"{name}-{self.request.as_of.isoformat()}.{export_format}"

    def create_export(self, export_format):
        """CSV and XLSX of every row, streamed: rows are read in chunks (with what each
        chunk prefetches) and written as they come, so memory stays flat however long the
        list; other formats through django-tables2 (the whole table in memory)."""
        if export_format not in (ExcelFriendlyExport.CSV, ExcelFriendlyExport.XLSX):
            response = super().create_export(export_format)
            self.record_export(export_format, rows=None)
            return response
        table = self.get_table(**self.get_table_kwargs())
        queryset = getattr(table.data, "data", None)
        if isinstance(queryset, QuerySet):
            self.record_export(export_format, rows=queryset.count())
            table.rows = BoundRows(queryset.iterator(chunk_size=exports.STREAM_ROWS), table=table)
        else:
            self.record_export(export_format, rows=len(table.rows))
        rows = table.as_values(exclude_columns=self.exclude_columns)
        filename = self.get_export_filename(export_format)
        if export_format == ExcelFriendlyExport.CSV:
            return exports.csv_response(rows, filename)
        return exports.xlsx_response(rows, filename, title=str(self.model._meta.verbose_name_plural))

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and self.request.htmx.target == "results":
            return [self.results_template_name]
        return super().get_template_names()

    # The column chooser: which columns this user sees, remembered per table.

    @property
    def table_name(self):
        table_class = self.get_table_class()
        return f"{table_class.__module__.split('.')[0]}.{table_class.__name__}"

    def column_preference(self):
        if not hasattr(self, "_column_preference"):
            self._column_preference = TablePreference.objects.filter(
                user=self.request.user, table=self.table_name
            ).first()
        return self._column_preference

    @staticmethod
    def choosable_columns(table):
        """Every column but the first, which names the row and links to it."""
        return list(table.columns.iterall())[1:]

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        preference = self.column_preference()
        if preference is not None:
            for column in self.choosable_columns(table):
                if column.name not in preference.columns:
                    table.columns.hide(column.name)
        return table

    def post(self, request, *args, **kwargs):
        """Save the columns chosen for this table (or forget them: the default columns),
        then show the list again as it was."""
        self.object_list = self.model._default_manager.none()
        table = self.get_table_class()(self.object_list, **self.get_table_kwargs())
        names = [column.name for column in self.choosable_columns(table)]
        if request.POST.get("columns_action") == "reset":
            TablePreference.objects.filter(user=request.user, table=self.table_name).delete()
        else:
            chosen = set(request.POST.getlist("columns"))
            TablePreference.objects.update_or_create(
                user=request.user,
                table=self.table_name,
                defaults={"columns": [name for name in names if name in chosen]},
            )
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}) or not back.startswith("/"):
            back = request.get_full_path()
        return HttpResponseRedirect(back)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("title", self.title or self.model._meta.verbose_name_plural)
        kwargs.setdefault("page_sizes", PAGE_SIZES)
        context = super().get_context_data(**kwargs)
        table, filterset = context.get("table"), context.get("filter")
        if filterset is not None and hasattr(filterset, "active_filters"):
            context["active_filters"] = filterset.active_filters()
            context["active_filters_text"] = ", ".join(
                f"{chip.label} = {chip.value}" for chip in context["active_filters"]
            )
            context["clear_filters_url"] = filterset.clear_url()
        if table is not None:
            context["column_choices"] = [
                {"name": column.name, "header": column.header, "visible": column.visible}
                for column in self.choosable_columns(table)
            ]
        context["records_label"] = self.model._meta.verbose_name_plural
        context["shared_fragments"] = self.shared_fragments
        context["export_in_background"] = self.too_many_rows_to_export(table)
        return context


class ObjectDetailView(BreadcrumbsMixin, ModelPermissionMixin, DetailView):
    """A record's page. With `shared_fragments`, its details are rendered once for
    everyone with the same permissions (base/fragments.py): what they read from the
    context should then be computed only when read (`later`), so that a page served
    from the cache skips the queries."""

    template_name = "generic/object_detail.html"
    shared_fragments = False

    def get_context_data(self, **kwargs):
        kwargs.setdefault("shared_fragments", self.shared_fragments)
        return super().get_context_data(**kwargs)


def later(compute):
    """A context value computed when a template first reads it (once), not before."""
    return SimpleLazyObject(compute)


class ServiceFormMixin:
    """Save through the service layer (`save_object`; by default `save_validated`),
    which validates once, and show any rule that fails next to its field; nothing is
    written on error. The form itself checks only its fields (see PortalModelForm)."""

    # Lazy: a class attribute is evaluated at import, before any request's language is known.
    success_message = gettext_lazy("“%(object)s” was saved.")

    def save_object(self, form):
        return save_validated(form.instance, user=self.request.user)

    def post(self, request, *args, **kwargs):
        if FIND_BUTTON in request.POST:
            # "Find" beside a typeahead select, without JavaScript: narrow its options,
            # keep what the user typed, save nothing.
            self.object = self.get_object() if hasattr(self, "get_object") and "pk" in kwargs else None
            form = self.get_form().without_errors()
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if hasattr(form, "changes_instance") and not form.changes_instance():
            # Saving an unchanged form would write a history record that changes nothing.
            messages.info(self.request, _("Nothing was changed."))
            return HttpResponseRedirect(self.get_success_url())
        try:
            self.object = self.save_object(form)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"object": self.object})
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return with_as_of(self.object.get_absolute_url(), self.request)


class TypeaheadView(ModelPermissionMixin, View):
    """JSON for a typeahead chooser (base/choosers.py): the records matching `q` by the
    portal's one search rule, best first, at most `limit`, each as {value, label}.
    Needs the model's view permission; labels never show need-to-know fields, and
    those are searched only for users who may see them. `open=1` keeps dated records
    open on the page's date."""

    chooser = None
    limit = 20

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.chooser is not None:
            cls.model = cls.chooser.model

    def get(self, request, *args, **kwargs):
        try:
            # The same answer for everyone with the same permissions, until the next write.
            answer = cached_fragment("typeahead", request, lambda: self.answer(request))
        except SearchError as error:
            return JsonResponse({"error": str(error), "results": [], "more": False}, status=400)
        return JsonResponse(answer)

    def answer(self, request):
        text = request.GET.get("q", "").strip()
        records = self.chooser.queryset()
        if self.chooser.dated and request.GET.get("open") == "1":
            records = records.filter(active_on_q(day_of(request)))
        if text:
            records = search_for(request.user, records, text[:SEARCH_MAX_LENGTH])
        rows = list(records[: self.limit + 1])
        results = [
            {"value": str(obj.pk), "label": str(self.chooser.label(obj))} for obj in rows[: self.limit]
        ]
        return {"results": results, "more": len(rows) > self.limit}


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
    first, each told as a sentence (base/history.py): labels and names, not codes and
    ids; need-to-know fields only for those allowed."""

    template_name = "generic/object_history.html"
    breadcrumb_action = breadcrumbs.HISTORY
    max_entries = 200

    def get_context_data(self, **kwargs):
        records = list(
            self.object.history.select_related("history_user").order_by("-history_date", "-history_id")[
                : self.max_entries + 1
            ]
        )
        pairs = list(zip(records, [*records[1:], None], strict=False))
        entries = history.describe(pairs, user=self.request.user)
        return super().get_context_data(history_entries=entries[: self.max_entries], **kwargs)


class RecentChangesForm(PortalForm):
    who = forms.ModelChoiceField(
        queryset=get_user_model().objects.order_by("first_name", "last_name", "username"),
        required=False,
        label=gettext_lazy("Changed by"),
        empty_label=gettext_lazy("Anyone"),
    )
    kind = forms.ChoiceField(required=False, label=gettext_lazy("Kind of record"))
    since = forms.DateField(required=False, widget=DateInput, label=gettext_lazy("From"))
    until = forms.DateField(required=False, widget=DateInput, label=gettext_lazy("Until"))

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["who"].label_from_instance = lambda user: user.get_full_name() or user.get_username()
        self.fields["kind"].choices = [("", _("Every kind"))] + [
            (model._meta.label, capfirst(model._meta.verbose_name_plural)) for model in kinds
        ]


class RecentChangesView(TemplateView):
    """What changed lately across the portal, newest first: every record of the history
    models the user may view (base/history.py), filterable by who made the change, the
    kind of record and the dates, told as sentences; need-to-know fields only for
    those allowed."""

    template_name = "generic/recent_changes.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        user = self.request.user
        kinds = history.history_models(user)
        form = RecentChangesForm(self.request.GET, kinds=kinds)
        form.is_valid()
        data = getattr(form, "cleaned_data", {})
        tracked = [model for model in kinds if not data.get("kind") or model._meta.label == data["kind"]]
        rows = history.recent_changes(
            tracked,
            user_id=data["who"].pk if data.get("who") else None,
            since=data.get("since"),
            until=data.get("until"),
        )
        page = Paginator(rows if rows is not None else [], self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        entries = history.describe(history.records_of(list(page.object_list)), user=user, with_objects=True)
        return super().get_context_data(form=form, page=page, entries=entries, **kwargs)
