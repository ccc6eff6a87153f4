"""Django admin of people, ranks, roles, positions and postings, and the positions
inline under departments, sections and central units.

Sensitive personnel data (Person.SENSITIVE_FIELDS) is shown, searched and diffed in
the history only for users with SENSITIVE_PERMISSION. Without it, a user cannot add a
person in the admin (the service number is required): the add page says so and sends
them back to the list.
"""

import dataclasses

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.template_utils import HistoricalRecordContextHelper

from dci_portal.access import SENSITIVE_PERMISSION
from dci_portal.spreadsheet_admin import SpreadsheetImportExportMixin
from network import admin as network_admin
from network.admin import PortalAdmin, PortalTabularInline, subquery_count, today
from network.admin_filters import DepartmentFilter, PeriodStatusFilter, RecordChoiceFilter, RegionFilter
from network.models import Department, DirectorateUnit, Section
from network.periods import active_on_q

from .admin_forms import EndPostingsForm, PostingAdminForm
from .models import Person, Position, Posting, Rank, Role
from .resources import PersonResource, PositionResource, PostingResource, RankResource, RoleResource
from .selectors import people_in_post_abroad_on, people_in_post_centrally_on, postings_active_on
from .services import postings_end_many

POSTING_STR_RELATIONS = (
    "person__rank",
    "position__role",
    "position__department__embassy",
    "position__section",
    "position__central_unit",
)
POSITION_STR_RELATIONS = ("role", "department__embassy", "section", "central_unit")


def can_view_sensitive(request):
    return request.user.has_perm(SENSITIVE_PERMISSION)


def with_holders_today(positions):
    """Positions with `postings_today` (their posting active today, if any), in one more query."""
    return positions.prefetch_related(
        Prefetch("postings", queryset=postings_active_on(today()), to_attr="postings_today")
    )


def holder_today_label(position):
    posting = next(iter(position.postings_today), None)
    return str(posting.person) if posting else _("vacant")


# --- Filters ---------------------------------------------------------------------------


class RankFilter(RecordChoiceFilter):
    title = _("rank")
    parameter_name = "rank"
    paths = ("rank",)

    def choices_queryset(self, request):
        return Rank.objects.all()

    def label(self, record):
        return f"{record.name} ({record.get_force_display()})"


class PostingRankFilter(RankFilter):
    paths = ("person__rank",)


class PositionDepartmentFilter(DepartmentFilter):
    """Positions of the department and of the sections attached to it."""

    paths = ("department", "section__department")


class PostingDepartmentFilter(DepartmentFilter):
    paths = ("position__department", "position__section__department")


class PositionRegionFilter(RegionFilter):
    paths = ("department__embassy__country__region", "section__country__region")


class PostingRegionFilter(RegionFilter):
    paths = ("position__department__embassy__country__region", "position__section__country__region")


class UnitKindFilter(admin.SimpleListFilter):
    title = _("kind of unit")
    parameter_name = "unit"
    prefix = ""

    def lookups(self, request, model_admin):
        return [
            ("department", _("Department")),
            ("section", _("Section")),
            ("central", _("Central entity")),
        ]

    def queryset(self, request, queryset):
        field = {"department": "department", "section": "section", "central": "central_unit"}.get(
            self.value()
        )
        if field is None:
            return queryset
        return queryset.filter(**{f"{self.prefix}{field}__isnull": False})


class PostingUnitKindFilter(UnitKindFilter):
    prefix = "position__"


class InPostTodayFilter(admin.SimpleListFilter):
    title = _("in post today")
    parameter_name = "in_post"

    def lookups(self, request, model_admin):
        return [
            ("abroad", _("Abroad")),
            ("central", _("In the central entity")),
            ("no", _("Not in post")),
        ]

    def queryset(self, request, queryset):
        day = today()
        abroad = people_in_post_abroad_on(day).values("pk")
        central = people_in_post_centrally_on(day).values("pk")
        if self.value() == "abroad":
            return queryset.filter(pk__in=abroad)
        if self.value() == "central":
            return queryset.filter(pk__in=central)
        if self.value() == "no":
            return queryset.exclude(pk__in=abroad).exclude(pk__in=central)
        return queryset


class VacancyFilter(admin.SimpleListFilter):
    title = _("vacancy today")
    parameter_name = "vacant"

    def lookups(self, request, model_admin):
        return [("yes", _("Vacant")), ("no", _("Held"))]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        day = today()
        held = Exists(Posting.objects.filter(active_on_q(day), position=OuterRef("pk")))
        queryset = queryset.filter(active_on_q(day))
        return queryset.exclude(held) if self.value() == "yes" else queryset.filter(held)


# --- Inlines ---------------------------------------------------------------------------


class PostingInline(PortalTabularInline):
    model = Posting
    form = PostingAdminForm
    fields = ("start_date", "expected_end_date", "end_date", "end_reason")
    select_related = POSTING_STR_RELATIONS
    # A person holds one posting on a date; a position has one holder on a date.
    overlap_keys = ("person", "position")
    show_change_link = True
    ordering = ("-start_date",)


class PersonPostingInline(PostingInline):
    fk_name = "person"
    fields = ("position", *PostingInline.fields)
    autocomplete_fields = ("position",)


class PositionPostingInline(PostingInline):
    fk_name = "position"
    fields = ("person", *PostingInline.fields)
    autocomplete_fields = ("person",)
    verbose_name_plural = _("postings (holders)")


class PositionInline(PortalTabularInline):
    model = Position
    fields = (
        "role",
        "title",
        "required_force",
        "theme",
        "serving_body",
        "start_date",
        "end_date",
        "holder_today",
    )
    readonly_fields = ("holder_today",)
    select_related = POSITION_STR_RELATIONS
    show_change_link = True
    ordering = ("role__order", "title")

    def get_queryset(self, request):
        return with_holders_today(super().get_queryset(request))

    @admin.display(description=_("holder today"))
    def holder_today(self, obj):
        return holder_today_label(obj) if obj.pk is not None else ""


class DepartmentPositionInline(PositionInline):
    fk_name = "department"


class SectionPositionInline(PositionInline):
    fk_name = "section"


class CentralPositionInline(PositionInline):
    fk_name = "central_unit"


# --- Network admins with their positions --------------------------------------------------
# network/admin.py cannot import postings; these subclasses add what needs postings.


def staff_in_post_today(department_ref):
    return Posting.objects.filter(active_on_q(today())).filter(
        Q(position__department=department_ref) | Q(position__section__department=department_ref)
    )


admin.site.unregister(Department)


@admin.register(Department)
class DepartmentAdmin(network_admin.DepartmentAdmin):
    list_display = (*network_admin.DepartmentAdmin.list_display, "staff_in_post_today")
    inlines = [*network_admin.DepartmentAdmin.inlines, DepartmentPositionInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(staff_today=subquery_count(staff_in_post_today(OuterRef("pk"))))
        )

    @admin.display(description=_("staff in post today"), ordering="staff_today")
    def staff_in_post_today(self, obj):
        return obj.staff_today


admin.site.unregister(Section)


@admin.register(Section)
class SectionAdmin(network_admin.SectionAdmin):
    inlines = [*network_admin.SectionAdmin.inlines, SectionPositionInline]


admin.site.unregister(DirectorateUnit)


@admin.register(DirectorateUnit)
class DirectorateUnitAdmin(network_admin.DirectorateUnitAdmin):
    inlines = [*network_admin.DirectorateUnitAdmin.inlines, CentralPositionInline]


# --- Model admins ----------------------------------------------------------------------


@admin.register(Rank)
class RankAdmin(SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = [RankResource]
    list_display = ("name_en", "name_fr", "force", "abbreviation", "seniority", "people_count")
    list_filter = ("force",)
    search_fields = ("name_en", "name_fr", "abbreviation")
    ordering = ("-seniority", "force")

    def get_queryset(self, request):
        people = Person.objects.filter(rank=OuterRef("pk"))
        return super().get_queryset(request).annotate(people_count=subquery_count(people))

    @admin.display(description=_("people"), ordering="people_count")
    def people_count(self, obj):
        return obj.people_count


@admin.register(Role)
class RoleAdmin(SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = [RoleResource]
    list_display = (
        "name_en",
        "name_fr",
        "code",
        "abbreviation",
        "heads_department",
        "abroad",
        "tour_months",
        "order",
        "positions_open_today",
        "in_post_today",
    )
    list_filter = ("heads_department", "abroad")
    search_fields = ("name_en", "name_fr", "code", "abbreviation")
    ordering = ("order", "name_en")

    def get_queryset(self, request):
        day = today()
        positions = Position.objects.filter(active_on_q(day), role=OuterRef("pk"))
        postings = Posting.objects.filter(active_on_q(day), position__role=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .annotate(positions_open=subquery_count(positions), holders=subquery_count(postings))
        )

    @admin.display(description=_("positions open today"), ordering="positions_open")
    def positions_open_today(self, obj):
        return obj.positions_open

    @admin.display(description=_("in post today"), ordering="holders")
    def in_post_today(self, obj):
        return obj.holders


class NonSensitiveHistoryHelper(HistoricalRecordContextHelper):
    """History diffs without the sensitive fields."""

    def context_for_delta_changes(self, delta):
        changes = [change for change in delta.changes if change.field not in Person.SENSITIVE_FIELDS]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=changes))


@admin.register(Person)
class PersonAdmin(SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = [PersonResource]
    list_display = (
        "last_name",
        "first_name",
        "force",
        "rank",
        "service_number",
        "email",
        "phone",
        "posting_today",
    )
    list_filter = ("force", RankFilter, InPostTodayFilter)
    list_select_related = ("rank",)
    str_select_related = ("rank",)
    search_fields = (
        "last_name",
        "first_name",
        "email",
        "service_number",
        "personal_email",
        "languages",
        "specialties",
    )
    ordering = ("last_name", "first_name")
    fieldsets = [
        (None, {"fields": ("last_name", "first_name", "force", "rank")}),
        (_("Professional contact"), {"fields": ("email", "phone")}),
        (_("Sensitive personnel data"), {"fields": ("service_number", "personal_email", "personal_phone")}),
        (_("Skills"), {"fields": ("languages", "specialties")}),
    ]
    inlines = [PersonPostingInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("postings", queryset=postings_active_on(today()), to_attr="postings_today")
            )
        )

    @admin.display(description=_("posting today"))
    def posting_today(self, obj):
        posting = next(iter(obj.postings_today), None)
        return str(posting.position) if posting else "—"

    # Sensitive data: shown, searched and diffed only with the permission.

    def get_list_display(self, request):
        fields = super().get_list_display(request)
        if can_view_sensitive(request):
            return fields
        return [name for name in fields if name not in Person.SENSITIVE_FIELDS]

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if can_view_sensitive(request):
            return fields
        return [name for name in fields if name.lstrip("^=@") not in Person.SENSITIVE_FIELDS]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if can_view_sensitive(request):
            return fieldsets
        kept = []
        for name, options in fieldsets:
            fields = [field for field in options["fields"] if field not in Person.SENSITIVE_FIELDS]
            if fields:
                kept.append((name, {**options, "fields": fields}))
        return kept

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or ())
        if not can_view_sensitive(request):
            exclude += Person.SENSITIVE_FIELDS
        return exclude

    def get_historical_record_context_helper(self, request, historical_record):
        if can_view_sensitive(request):
            return super().get_historical_record_context_helper(request, historical_record)
        return NonSensitiveHistoryHelper(self.model, historical_record)

    def has_add_permission(self, request):
        # The service number is required and only holders of the permission may enter it.
        return super().has_add_permission(request) and can_view_sensitive(request)

    def add_view(self, request, form_url="", extra_context=None):
        if super().has_add_permission(request) and not can_view_sensitive(request):
            self.message_user(
                request,
                _(
                    "Adding a person requires their service number, which only users allowed to see "
                    "sensitive personnel data may enter. Ask an administrator."
                ),
                messages.WARNING,
            )
            return HttpResponseRedirect(reverse("admin:postings_person_changelist"))
        return super().add_view(request, form_url, extra_context)


@admin.register(Position)
class PositionAdmin(SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = [PositionResource]
    list_display = (
        "__str__",
        "role",
        "unit",
        "required_force",
        "theme",
        "serving_body",
        "start_date",
        "end_date",
        "holder_today",
    )
    list_filter = (
        PeriodStatusFilter,
        VacancyFilter,
        UnitKindFilter,
        "role",
        "required_force",
        "theme",
        "serving_body",
        "cooperation_kind",
        PositionRegionFilter,
        PositionDepartmentFilter,
    )
    list_select_related = ("role", "department__embassy", "section", "central_unit")
    str_select_related = POSITION_STR_RELATIONS
    search_fields = (
        "title",
        "role__name_en",
        "role__name_fr",
        "role__abbreviation",
        "department__embassy__city",
        "department__embassy__country__name_en",
        "department__embassy__country__name_fr",
        "section__city",
        "central_unit__acronym",
        "central_unit__name_en",
        "central_unit__name_fr",
    )
    autocomplete_fields = ("central_unit", "department", "section")
    ordering = ("role__order", "title")
    fieldsets = [
        (
            _("Unit"),
            {
                "fields": ("department", "section", "central_unit"),
                "description": _("Exactly one: a department, a section or a central unit."),
            },
        ),
        (None, {"fields": ("role", "title", "required_force", "theme", "cooperation_kind", "serving_body")}),
        (_("Period"), {"fields": ("start_date", "end_date")}),
    ]
    inlines = [PositionPostingInline]

    def get_queryset(self, request):
        return with_holders_today(super().get_queryset(request))

    @admin.display(description=_("unit"))
    def unit(self, obj):
        return str(obj.unit)

    @admin.display(description=_("holder today"))
    def holder_today(self, obj):
        return holder_today_label(obj)


@admin.register(Posting)
class PostingAdmin(SpreadsheetImportExportMixin, PortalAdmin):
    resource_classes = [PostingResource]
    form = PostingAdminForm
    list_display = ("person", "position", "start_date", "expected_end_date", "end_date", "end_reason")
    list_filter = (
        PeriodStatusFilter,
        "position__role",
        "person__force",
        PostingRankFilter,
        PostingUnitKindFilter,
        PostingRegionFilter,
        PostingDepartmentFilter,
        "position__theme",
        "position__serving_body",
        "end_reason",
    )
    list_select_related = POSTING_STR_RELATIONS
    str_select_related = POSTING_STR_RELATIONS
    search_fields = (
        "person__last_name",
        "person__first_name",
        "person__service_number",
        "position__title",
        "position__role__name_en",
        "position__role__name_fr",
        "position__department__embassy__city",
        "position__section__city",
        "position__central_unit__acronym",
    )
    autocomplete_fields = ("person", "position")
    date_hierarchy = "start_date"
    ordering = ("-start_date",)
    actions = ["end_postings"]
    fieldsets = [
        (None, {"fields": ("person", "position")}),
        (_("Tour of duty"), {"fields": ("start_date", "expected_end_date", "end_date", "end_reason")}),
    ]

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if can_view_sensitive(request):
            return fields
        return [name for name in fields if name.removeprefix("person__") not in Person.SENSITIVE_FIELDS]

    @admin.action(description=_("End selected postings on a date…"), permissions=["change"])
    def end_postings(self, request, queryset):
        """Ask for the end date and reason, then end all the postings or none."""
        if "apply" in request.POST:
            form = EndPostingsForm(request.POST)
            if form.is_valid():
                self._end_postings(request, queryset, **form.cleaned_data)
                return None  # back to the list, with the message
        else:
            form = EndPostingsForm()
        preview_size = 20
        count = queryset.count()
        context = {
            **self.admin_site.each_context(request),
            "title": _("End postings"),
            "opts": self.model._meta,
            "form": form,
            "count": count,
            "preview": queryset.select_related(*POSTING_STR_RELATIONS)[:preview_size],
            "more": max(count - preview_size, 0),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/postings/posting/end_postings.html", context)

    def _end_postings(self, request, queryset, *, end_date, end_reason, note):
        postings = list(queryset.select_related(*POSTING_STR_RELATIONS).order_by("start_date", "pk"))
        current = {}

        def tracked():
            # Remember which posting the service is ending, to name it if it fails.
            for posting in postings:
                current["posting"] = posting
                yield posting

        try:
            ended = postings_end_many(
                postings=tracked(), end_date=end_date, end_reason=end_reason, user=request.user, reason=note
            )
        except ValidationError as error:
            self.message_user(
                request,
                _("Nothing was changed. %(posting)s: %(errors)s")
                % {"posting": current.get("posting", ""), "errors": " ".join(error.messages)},
                messages.ERROR,
            )
            return
        day = date_format(end_date)
        self.message_user(
            request,
            ngettext(
                "Ended %(count)d posting on %(day)s.", "Ended %(count)d postings on %(day)s.", len(ended)
            )
            % {"count": len(ended), "day": day},
            messages.SUCCESS,
        )
        skipped = len(postings) - len(ended)
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d posting had already ended by %(day)s and was left unchanged.",
                    "%(count)d postings had already ended by %(day)s and were left unchanged.",
                    skipped,
                )
                % {"count": skipped, "day": day},
                messages.WARNING,
            )
