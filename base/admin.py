"""The admin's shared parts: the base classes of every model admin and inline of the
portal, and list filters that work for any model. Registers nothing.

Every admin writes through the service layer (base/services.py): its forms run the
model's rules once and mark the record validated, and saves, inline rows and deletions
go through `save_validated` / `delete_attributed` with the user and a reason for the
history. No admin page queries once per row (see `PortalInlineMixin`).
"""

import dataclasses
import datetime

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.widgets import AutocompleteSelect, RelatedFieldWidgetWrapper
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .access import hidden_fields
from .forms import ValidatedModelForm
from .periods import active_on_q, format_period, overlapping_q
from .services import delete_attributed, mark_validated, save_validated

ADMIN_REASON = _("Changed in the administration")
# A row edited in an inline: which page it was changed on.
ADMIN_INLINE_REASON = _("Changed in the administration, on the page of %(record)s")


def today():
    return datetime.date.today()


def figure_display(figure, description=None):
    """An admin column showing a figure of the register (base/figures.py) today, computed
    by the admin's queryset (PortalAdmin annotates every such column of list_display)."""

    @admin.display(description=description or figure.label, ordering=figure.key)
    def column(model_admin, obj):
        return getattr(obj, figure.key)

    column.figure = figure
    return column


class LabelledAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that renders its selected option from `known_labels` when it can.

    Django's widget loads the selected record with one query per widget; in an inline
    that is one query per row. The inline fills `known_labels` for all its rows at once.
    """

    known_labels = None

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if v not in (None, "")]
        known = self.known_labels
        if known is None or any(v not in known for v in selected):
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        for v in selected:
            options.append(self.create_option(name, v, known[v], True, len(options)))
        return [(None, options, 0)]


def label_relations(admin_site, model):
    """The relations the `__str__` of `model` reads, as declared by its admin."""
    model_admin = admin_site._registry.get(model)
    return tuple(getattr(model_admin, "str_select_related", ()))


def inner_widget(widget):
    """The widget inside the admin's "add / change related" wrapper."""
    return getattr(widget, "widget", widget)


class RelatedLabelsMixin:
    """Foreign-key fields load their choices with the relations their labels need,
    and autocompletes can render their selected option without a query."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        db = kwargs.get("using")
        if "queryset" not in kwargs:
            queryset = self.get_field_queryset(db, db_field, request)
            if queryset is None:
                queryset = db_field.remote_field.model._default_manager.using(db).all()
            relations = label_relations(self.admin_site, db_field.remote_field.model)
            kwargs["queryset"] = queryset.select_related(*relations) if relations else queryset
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = LabelledAutocompleteSelect(db_field, self.admin_site, using=db)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PortalAdmin(RelatedLabelsMixin, SimpleHistoryAdmin):
    """Base of every admin of the portal: history, labelled foreign keys, and inlines
    shown once the record exists (their rows are validated against their parent, which
    must be saved for that)."""

    form = ValidatedModelForm
    list_per_page = 50
    # Relations read by the model's __str__; used wherever records of this model are labelled.
    str_select_related: tuple[str, ...] = ()

    # Writes: through the service layer, attributed to the user.

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            # Only its inline rows changed: saving the record itself would write a
            # history record that changes nothing (the rows' own records say what did).
            return
        save_validated(obj, user=request.user, reason=ADMIN_REASON)

    def delete_model(self, request, obj):
        delete_attributed(obj, user=request.user, reason=ADMIN_REASON)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            delete_attributed(obj, user=request.user, reason=ADMIN_REASON)

    def save_formset(self, request, form, formset, change):
        # Deleted rows first, then changed rows, then new ones: a row that goes or ends
        # frees the dates the next one takes.
        rows = formset.save(commit=False)
        reason = str(ADMIN_INLINE_REASON % {"record": form.instance})
        for obj in formset.deleted_objects:
            delete_attributed(obj, user=request.user, reason=reason)
        for obj in rows:
            save_validated(obj, user=request.user, reason=reason)
        formset.save_m2m()

    def get_queryset(self, request):
        # Autocompletes, change pages and history label records too, not only the changelist.
        relations = set(self.str_select_related)
        if isinstance(self.list_select_related, (list, tuple)):
            relations.update(self.list_select_related)
        queryset = super().get_queryset(request)
        if relations:
            queryset = queryset.select_related(*sorted(relations))
        figures = [column.figure for column in self.figure_columns()]
        return queryset.annotate(**{figure.key: figure.annotation(today()) for figure in figures})

    # Need-to-know fields (base/access.py): listed, searched, edited and diffed only by
    # the users allowed to see them.

    def get_list_display(self, request):
        hidden = hidden_fields(request.user, self.model)
        return [name for name in super().get_list_display(request) if name not in hidden]

    def get_search_fields(self, request):
        hidden = hidden_fields(request.user, self.model)
        return [name for name in super().get_search_fields(request) if name.lstrip("^=@") not in hidden]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        hidden = hidden_fields(request.user, self.model)
        if hidden:
            fieldsets = [
                (name, {**options, "fields": [f for f in options["fields"] if f not in hidden]})
                for name, options in fieldsets
                if any(f not in hidden for f in options["fields"]) or not options["fields"]
            ]
        if obj is None and self.inlines:
            names = ", ".join(
                str(inline.verbose_name_plural or inline.model._meta.verbose_name_plural)
                for inline in self.inlines
            )
            description = _("Once this record is saved, you can add its %(records)s here.") % {
                "records": names
            }
            fieldsets = [*fieldsets, (_("Related records"), {"fields": (), "description": description})]
        return fieldsets

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or ()), *hidden_fields(request.user, self.model)]

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        super().set_history_delta_changes(request, historical_records, **kwargs)
        # The history page names who made each change even once their account is deleted:
        # an unsaved stand-in carries the name kept with the record (base.audit).
        User = get_user_model()
        for record in historical_records:
            name = getattr(record, "history_user_name", "")
            if record.history_user_id is None and name:
                record.history_user = User(username=_("%(name)s (account deleted)") % {"name": name})

    def get_historical_record_context_helper(self, request, historical_record):
        return HiddenFieldsHistoryHelper(
            self.model, historical_record, hidden_fields(request.user, self.model)
        )

    def figure_columns(self):
        columns = (getattr(self, name, None) for name in self.list_display if isinstance(name, str))
        return [column for column in columns if hasattr(column, "figure")]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []


class HiddenFieldsHistoryHelper(HistoricalRecordContextHelper):
    """The admin's history diffs without the fields the user may not see."""

    def __init__(self, model, historical_record, hidden):
        super().__init__(model, historical_record)
        self.hidden = hidden

    def context_for_delta_changes(self, delta):
        changes = [change for change in delta.changes if change.field not in self.hidden]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=changes))


def _identity(value):
    return value.pk if getattr(value, "pk", None) is not None else id(value)


class PeriodInlineFormSet(BaseInlineFormSet):
    """Rows of a dated model edited together under their parent.

    The model's `clean` checks one row against the saved records. Two more checks are
    needed for a form with several rows:
    - new or changed rows must not overlap each other where the model forbids it
      (`overlap_keys`: the fields whose equal values can't share a day);
    - a row is not refused because of the saved dates of another row that this same
      form changes: ending one posting and starting the next in one save is allowed.
    """

    overlap_keys: tuple[str, ...] = ()

    def clean(self):
        super().clean()
        if not self.overlap_keys:
            return
        rows = self._live_rows()
        represented = {form.instance.pk for form in self.initial_forms if form.instance.pk is not None}
        for form, start, end in rows:
            self._drop_stale_overlap_errors(form, start, end, represented)
        for index, (form, start, end) in enumerate(rows):
            for other, other_start, other_end in rows[:index]:
                if self._same_key(form, other) and self._overlap(start, end, other_start, other_end):
                    form.add_error(
                        None,
                        _("This row overlaps another row of the form: %(other)s %(period)s.")
                        % {"other": self._describe(other), "period": format_period(other_start, other_end)},
                    )
                    break

    def _live_rows(self):
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if self.can_delete and self._should_delete_form(form):
                continue
            start, end = data.get("start_date"), data.get("end_date")
            if start is None or (end is not None and end < start):
                continue
            rows.append((form, start, end))
        return rows

    @staticmethod
    def _overlap(start, end, other_start, other_end):
        return (end is None or other_start <= end) and (other_end is None or start <= other_end)

    def _same_key(self, form, other):
        for key in self.overlap_keys:
            mine, theirs = form.cleaned_data.get(key), other.cleaned_data.get(key)
            if mine is not None and theirs is not None and _identity(mine) == _identity(theirs):
                return True
        return False

    @staticmethod
    def _describe(form):
        try:
            return str(form.instance)
        except (ObjectDoesNotExist, AttributeError):
            return _("another row")

    def _drop_stale_overlap_errors(self, form, start, end, represented):
        """The model saw an overlap with a saved row; if every conflicting row is one
        this form changes (its new dates are checked between rows), drop the error."""
        errors = form._errors.get(NON_FIELD_ERRORS) if form._errors else None
        if not errors:
            return
        kept = [error for error in errors.as_data() if error.code != "overlap"]
        if len(kept) == len(errors):
            return
        for key in self.overlap_keys:
            value = form.cleaned_data.get(key)
            if value is None or getattr(value, "pk", None) is None:
                continue
            others = self.model._default_manager.filter(overlapping_q(start, end), **{key: value})
            if others.exclude(pk__in=represented).exclude(pk=form.instance.pk).exists():
                return
        if kept:
            form._errors[NON_FIELD_ERRORS] = form.error_class(
                kept, error_class="nonfield", renderer=form.renderer
            )
        else:
            del form._errors[NON_FIELD_ERRORS]
            if not form._errors:
                # Validated against the other rows of the form: save it as it stands.
                mark_validated(form.instance)


class PortalInlineMixin(RelatedLabelsMixin):
    """No query per inline row: rows are loaded with the relations their labels read
    (`select_related`), select boxes of small tables load their choices once per page,
    and autocompletes of big tables get the labels of all rows in one query."""

    form = ValidatedModelForm
    select_related: tuple[str, ...] = ()
    overlap_keys: tuple[str, ...] = ()
    formset = PeriodInlineFormSet
    extra = 0

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # A row stays one line: no add / change / delete / view buttons beside each select.
        if field is not None and isinstance(field.widget, RelatedFieldWidgetWrapper):
            field.widget = field.widget.widget
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        uses_widget_query = db_field.name in self.get_autocomplete_fields(request) or (
            db_field.name in self.raw_id_fields
        )
        if field is not None and not uses_widget_query:
            # Evaluated once here instead of once per row when each row renders.
            field.choices = [(getattr(value, "value", value), label) for value, label in field.choices]
        return field

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.overlap_keys = self.overlap_keys
        if obj is not None and obj.pk is not None:
            rows = self.get_queryset(request).filter(**{formset.fk.name: obj})
            for name in self.get_autocomplete_fields(request):
                field = formset.form.base_fields.get(name)
                if field is None:
                    continue
                records = field.queryset.filter(pk__in=rows.values(name))
                inner_widget(field.widget).known_labels = {
                    str(record.pk): field.label_from_instance(record) for record in records
                }
        return formset


class PortalTabularInline(PortalInlineMixin, admin.TabularInline):
    pass


# --- List filters for any model -------------------------------------------------------


class PeriodStatusFilter(admin.SimpleListFilter):
    """Active today / ended / not yet started, for any Period model."""

    title = _("status today")
    parameter_name = "status"

    ACTIVE, ENDED, FUTURE = "active", "ended", "future"

    def lookups(self, request, model_admin):
        return [
            (self.ACTIVE, _("Active today")),
            (self.ENDED, _("Ended")),
            (self.FUTURE, _("Not yet started")),
        ]

    def queryset(self, request, queryset):
        today = datetime.date.today()
        if self.value() == self.ACTIVE:
            return queryset.filter(active_on_q(today))
        if self.value() == self.ENDED:
            return queryset.filter(end_date__lt=today)
        if self.value() == self.FUTURE:
            return queryset.filter(start_date__gt=today)
        return queryset


class RecordChoiceFilter(admin.SimpleListFilter):
    """Keep the rows that reach the chosen record through any of `paths`.

    Subclasses say which records are offered (`choices_queryset`) and how they are
    labelled (`label`); one query builds the whole list of choices.
    """

    paths: tuple[str, ...] = ()

    def choices_queryset(self, request):
        raise NotImplementedError

    def label(self, record):
        return str(record)

    def lookups(self, request, model_admin):
        return [(str(record.pk), self.label(record)) for record in self.choices_queryset(request)]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            # A hand-edited URL: the admin shows its "incorrect lookup" page, not an error.
            raise IncorrectLookupParameters(value)
        condition = Q()
        for path in self.paths:
            condition |= Q(**{path: int(value)})
        return queryset.filter(condition)


class YesNoFilter(admin.SimpleListFilter):
    """A yes/no filter on a boolean condition `condition(today)` (a Q or expression)."""

    def condition(self, today):
        raise NotImplementedError

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(self.condition(datetime.date.today()))
        if self.value() == "no":
            return queryset.exclude(self.condition(datetime.date.today()))
        return queryset
