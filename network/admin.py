"""Django admin of the network: regions, countries, embassies, central units,
departments, sections and coverage.

Every changelist issues the same number of queries for 10 rows or 10,000: each admin
selects the relations its `__str__` and columns read (`list_select_related`) and
computes the figures it shows ("countries covered today") as annotations. Inline rows
do not query per row either (see `PortalInlineMixin`).

The admin base classes here are shared with postings/admin.py (postings may import
network, never the reverse): postings/admin.py re-registers the department, section and
central-unit admins with their positions inline.
"""

import datetime

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, RelatedFieldWidgetWrapper
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist
from django.db.models import Exists, F, Func, IntegerField, OuterRef, Prefetch, Subquery
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from dci_portal.spreadsheet_admin import SpreadsheetImportExportMixin

from .admin_filters import (
    DepartmentFilter,
    PeriodStatusFilter,
    RegionFilter,
    ResidentFilter,
    YesNoFilter,
)
from .models import Country, Coverage, Department, DirectorateUnit, Embassy, Region, Section
from .periods import active_on_q, format_period, overlapping_q
from .resources import (
    CountryResource,
    CoverageResource,
    DepartmentResource,
    DirectorateUnitResource,
    EmbassyResource,
    RegionResource,
    SectionResource,
)


def today():
    return datetime.date.today()


def subquery_count(queryset):
    """Annotation: the number of rows of `queryset` (filtered on OuterRef), as one
    correlated subquery, so that two counts on one row don't multiply each other."""
    counted = queryset.order_by().annotate(count=Func(F("pk"), function="COUNT")).values("count")
    return Subquery(counted, output_field=IntegerField())


# --- Shared base classes --------------------------------------------------------------


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

    list_per_page = 50
    # Relations read by the model's __str__; used wherever records of this model are labelled.
    str_select_related: tuple[str, ...] = ()

    def get_queryset(self, request):
        # Autocompletes, change pages and history label records too, not only the changelist.
        relations = set(self.str_select_related)
        if isinstance(self.list_select_related, (list, tuple)):
            relations.update(self.list_select_related)
        queryset = super().get_queryset(request)
        return queryset.select_related(*sorted(relations)) if relations else queryset

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
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


class PortalInlineMixin(RelatedLabelsMixin):
    """No query per inline row: rows are loaded with the relations their labels read
    (`select_related`), select boxes of small tables load their choices once per page,
    and autocompletes of big tables get the labels of all rows in one query."""

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


# --- Filters that need this app's models -----------------------------------------------


class CoveredTodayFilter(YesNoFilter):
    title = _("covered today")
    parameter_name = "covered"

    def condition(self, day):
        return Exists(Coverage.objects.filter(active_on_q(day), country=OuterRef("pk")))


class DepartmentOpenTodayFilter(YesNoFilter):
    title = _("department open today")
    parameter_name = "open"

    def condition(self, day):
        return Exists(Department.objects.filter(active_on_q(day), embassy=OuterRef("pk")))


class CountryRegionFilter(RegionFilter):
    paths = ("country__region",)


class EmbassyRegionFilter(RegionFilter):
    paths = ("country__region",)


class DepartmentRegionFilter(RegionFilter):
    paths = ("embassy__country__region",)


# --- Inlines ---------------------------------------------------------------------------


class DepartmentCoverageInline(PortalTabularInline):
    model = Coverage
    fk_name = "department"
    fields = ("country", "start_date", "end_date")
    autocomplete_fields = ("country",)
    select_related = ("country", "department__embassy")
    overlap_keys = ("country",)
    verbose_name_plural = _("countries covered")


class CountryCoverageInline(PortalTabularInline):
    model = Coverage
    fk_name = "country"
    fields = ("department", "start_date", "end_date")
    autocomplete_fields = ("department",)
    select_related = ("country", "department__embassy")
    overlap_keys = ("country",)
    verbose_name_plural = _("coverage history")


class SectionInline(PortalTabularInline):
    model = Section
    fields = ("city", "country", "start_date", "end_date")
    autocomplete_fields = ("country",)
    show_change_link = True


class EmbassyDepartmentInline(PortalTabularInline):
    model = Department
    fields = ("supervising_unit", "start_date", "end_date")
    autocomplete_fields = ("supervising_unit",)
    select_related = ("embassy",)
    overlap_keys = ("embassy",)
    show_change_link = True


# --- Model admins ----------------------------------------------------------------------


@admin.register(Region)
class RegionAdmin(SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = [RegionResource]
    list_display = ("name_en", "name_fr", "code", "order", "country_count")
    search_fields = ("name_en", "name_fr", "code")
    ordering = ("order", "name_en")

    def get_queryset(self, request):
        countries = Country.objects.filter(region=OuterRef("pk"))
        return super().get_queryset(request).annotate(country_count=subquery_count(countries))

    @admin.display(description=_("countries"), ordering="country_count")
    def country_count(self, obj):
        return obj.country_count


@admin.register(Country)
class CountryAdmin(SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = [CountryResource]
    list_display = ("iso2", "iso3", "name_en", "name_fr", "region", "capital", "covered_today_by")
    list_filter = ("region", CoveredTodayFilter)
    list_select_related = ("region",)
    search_fields = ("iso2", "iso3", "name_en", "name_fr", "capital")
    ordering = ("name_en",)
    inlines = [CountryCoverageInline]

    def get_queryset(self, request):
        day = today()
        covering = Coverage.objects.filter(active_on_q(day), country=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .annotate(covered_by_city=Subquery(covering.values("department__embassy__city")[:1]))
            .prefetch_related(
                Prefetch(
                    "coverages",
                    queryset=Coverage.objects.active_on(day).select_related("department__embassy"),
                    to_attr="coverages_today",
                )
            )
        )

    @admin.display(description=_("covered today by"), ordering="covered_by_city")
    def covered_today_by(self, obj):
        coverage = next(iter(obj.coverages_today), None)
        return str(coverage.department) if coverage else "—"


@admin.register(Embassy)
class EmbassyAdmin(SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = [EmbassyResource]
    list_display = ("city", "country", "country__region", "department_open_today")
    list_filter = (EmbassyRegionFilter, DepartmentOpenTodayFilter)
    list_select_related = ("country__region",)
    search_fields = ("city", "country__name_en", "country__name_fr", "country__iso2", "country__iso3")
    autocomplete_fields = ("country",)
    ordering = ("country__name_en",)
    inlines = [EmbassyDepartmentInline]

    def get_queryset(self, request):
        open_today = Department.objects.filter(active_on_q(today()), embassy=OuterRef("pk"))
        return super().get_queryset(request).annotate(department_open_today=Exists(open_today))

    @admin.display(description=_("department open today"), boolean=True, ordering="department_open_today")
    def department_open_today(self, obj):
        return obj.department_open_today


# Parents loaded with each central unit, enough for the depth of the directorate's tree.
UNIT_TREE_DEPTH = 4


@admin.register(DirectorateUnit)
class DirectorateUnitAdmin(SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = [DirectorateUnitResource]
    list_display = ("acronym", "name_en", "name_fr", "kind", "tree_path", "departments_supervised_today")
    list_filter = ("kind",)
    list_select_related = ("__".join(["parent"] * UNIT_TREE_DEPTH),)
    search_fields = ("acronym", "name_en", "name_fr")
    autocomplete_fields = ("parent",)
    ordering = ("acronym",)

    def get_queryset(self, request):
        supervised = Department.objects.filter(active_on_q(today()), supervising_unit=OuterRef("pk"))
        return super().get_queryset(request).annotate(departments_supervised=subquery_count(supervised))

    @admin.display(description=_("place in the directorate"))
    def tree_path(self, obj):
        """Acronyms from the top of the tree, read from the parents already loaded."""
        parent_field = DirectorateUnit._meta.get_field("parent")
        path, unit = [obj.acronym], obj
        while unit.parent_id is not None:
            if not parent_field.is_cached(unit):
                path.append("…")
                break
            unit = unit.parent
            path.append(unit.acronym)
        return " › ".join(reversed(path))

    @admin.display(description=_("departments supervised today"), ordering="departments_supervised")
    def departments_supervised_today(self, obj):
        return obj.departments_supervised


@admin.register(Department)
class DepartmentAdmin(SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = [DepartmentResource]
    list_display = (
        "__str__",
        "embassy__country",
        "embassy__country__region",
        "supervising_unit__acronym",
        "start_date",
        "end_date",
        "countries_covered_today",
    )
    list_filter = (
        PeriodStatusFilter,
        DepartmentRegionFilter,
        ("supervising_unit", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("embassy__country__region", "supervising_unit")
    str_select_related = ("embassy",)
    search_fields = (
        "embassy__city",
        "embassy__country__name_en",
        "embassy__country__name_fr",
        "embassy__country__iso2",
        "embassy__country__iso3",
        "supervising_unit__acronym",
    )
    autocomplete_fields = ("embassy", "supervising_unit")
    ordering = ("embassy__city", "-start_date")
    inlines = [DepartmentCoverageInline, SectionInline]

    def get_queryset(self, request):
        covered = Coverage.objects.filter(active_on_q(today()), department=OuterRef("pk"))
        return super().get_queryset(request).annotate(countries_covered=subquery_count(covered))

    @admin.display(description=_("countries covered today"), ordering="countries_covered")
    def countries_covered_today(self, obj):
        return obj.countries_covered


class SectionRegionFilter(RegionFilter):
    paths = ("country__region",)


@admin.register(Section)
class SectionAdmin(SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = [SectionResource]
    list_display = ("__str__", "country", "department", "start_date", "end_date")
    list_filter = (PeriodStatusFilter, DepartmentFilter, SectionRegionFilter)
    list_select_related = ("country", "department__embassy")
    search_fields = (
        "city",
        "country__name_en",
        "country__name_fr",
        "country__iso2",
        "department__embassy__city",
    )
    autocomplete_fields = ("department", "country")
    ordering = ("city",)


@admin.register(Coverage)
class CoverageAdmin(SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = [CoverageResource]
    list_display = ("country", "department", "is_resident", "start_date", "end_date")
    list_filter = (PeriodStatusFilter, ResidentFilter, CountryRegionFilter, DepartmentFilter)
    list_select_related = ("country", "department__embassy")
    str_select_related = ("country", "department__embassy")
    search_fields = (
        "country__name_en",
        "country__name_fr",
        "country__iso2",
        "country__iso3",
        "department__embassy__city",
    )
    autocomplete_fields = ("department", "country")
    ordering = ("country__name_en", "-start_date")

    @admin.display(description=_("resident"), boolean=True)
    def is_resident(self, obj):
        return obj.is_resident
