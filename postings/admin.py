"""Django admin of people, ranks, roles, positions and postings, and the positions
inline under departments, sections and central units.

Sensitive personnel data (Person.SENSITIVE_FIELDS) is shown, searched and diffed in
the history only for users with SENSITIVE_PERMISSION. Without it, a user cannot add a
person in the admin (the service number is required): the add page says so and sends
them back to the list.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from base.access import can_view_sensitive
from base.admin import (
    PeriodStatusFilter,
    PortalAdmin,
    PortalTabularInline,
    RecordChoiceFilter,
    figure_display,
    today,
)
from base.dates import display_date
from network import admin as network_admin
from network.admin_filters import DepartmentFilter, RegionFilter
from network.models import Department, DirectorateUnit, Section

from . import figures
from .admin_forms import EndPostingsForm
from .models import Person, Position, Posting, Rank, Role, vacant_q
from .selectors import people_in_post_q
from .services import postings_end_many

POSTING_STR_RELATIONS = (
    "person__rank",
    "position__role",
    "position__department__embassy",
    "position__section",
    "position__central_unit",
)
POSITION_STR_RELATIONS = ("role", "department__embassy", "section", "central_unit")


def with_holders_today(positions):
    """Positions with `postings_today` (their posting active today, if any), in one more query."""
    return positions.prefetch_related(
        Prefetch(
            "postings",
            queryset=Posting.objects.active_on(today()).with_people_and_places(),
            to_attr="postings_today",
        )
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
        where = {"abroad": "abroad", "central": "central", "no": "none"}.get(self.value())
        return queryset.filter(people_in_post_q(today(), where)) if where else queryset


class VacancyFilter(admin.SimpleListFilter):
    title = _("vacancy today")
    parameter_name = "vacant"

    def lookups(self, request, model_admin):
        return [("yes", _("Vacant")), ("no", _("Held"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(vacant_q(today()))
        if self.value() == "no":
            return queryset.active_on(today()).exclude(vacant_q(today()))
        return queryset


# --- Inlines ---------------------------------------------------------------------------


class PostingInline(PortalTabularInline):
    model = Posting
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
        "title_fr",
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


admin.site.unregister(Department)


@admin.register(Department)
class DepartmentAdmin(network_admin.DepartmentAdmin):
    list_display = (*network_admin.DepartmentAdmin.list_display, "staff_today", "vacancies_today")
    inlines = [*network_admin.DepartmentAdmin.inlines, DepartmentPositionInline]

    staff_today = figure_display(
        figures.DEPARTMENT_STAFF_WITH_SECTIONS, _("staff in post today (incl. sections)")
    )
    vacancies_today = figure_display(
        figures.DEPARTMENT_VACANCIES_WITH_SECTIONS, _("vacancies today (incl. sections)")
    )


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
class RankAdmin(PortalAdmin):
    list_display = ("name_en", "name_fr", "force", "abbreviation", "seniority", "people")
    list_filter = ("force",)
    search_fields = Rank.SEARCH_FIELDS
    ordering = ("-seniority", "force")

    people = figure_display(figures.RANK_PEOPLE)


@admin.register(Role)
class RoleAdmin(PortalAdmin):
    list_display = (
        "name_en",
        "name_fr",
        "code",
        "abbreviation",
        "heads_department",
        "abroad",
        "tour_months",
        "minimum_rank_seniority",
        "order",
        "positions_open_today",
        "in_post_today",
    )
    list_filter = ("heads_department", "abroad")
    search_fields = Role.SEARCH_FIELDS
    ordering = ("order", "name_en")

    positions_open_today = figure_display(figures.ROLE_POSITIONS_OPEN, _("positions open today"))
    in_post_today = figure_display(figures.ROLE_PEOPLE_IN_POST, _("in post today"))


@admin.register(Person)
class PersonAdmin(PortalAdmin):
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
    search_fields = Person.SEARCH_FIELDS
    ordering = ("last_name", "first_name")
    fieldsets = [
        (None, {"fields": ("last_name", "first_name", "force", "rank")}),
        (_("Professional contact"), {"fields": ("email", "phone")}),
        (
            _("Sensitive personnel data"),
            {"fields": ("service_number", "mobile", "personal_email", "personal_phone")},
        ),
        (_("Skills"), {"fields": ("languages", "languages_fr", "specialties", "specialties_fr")}),
    ]
    inlines = [PersonPostingInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "postings",
                    queryset=Posting.objects.active_on(today()).with_people_and_places(),
                    to_attr="postings_today",
                )
            )
        )

    @admin.display(description=_("posting today"))
    def posting_today(self, obj):
        posting = next(iter(obj.postings_today), None)
        return str(posting.position) if posting else "—"

    def has_add_permission(self, request):
        # The service number is required and only holders of the permission may enter it.
        return super().has_add_permission(request) and can_view_sensitive(request.user, Person)

    def add_view(self, request, form_url="", extra_context=None):
        if super().has_add_permission(request) and not can_view_sensitive(request.user, Person):
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
class PositionAdmin(PortalAdmin):
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
    search_fields = Position.SEARCH_FIELDS
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
        (
            None,
            {
                "fields": (
                    "role",
                    "title",
                    "title_fr",
                    "required_force",
                    "theme",
                    "cooperation_kind",
                    "serving_body",
                )
            },
        ),
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
class PostingAdmin(PortalAdmin):
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
    search_fields = Posting.SEARCH_FIELDS
    autocomplete_fields = ("person", "position")
    date_hierarchy = "start_date"
    ordering = ("-start_date",)
    actions = ["end_postings"]
    fieldsets = [
        (None, {"fields": ("person", "position")}),
        (_("Tour of duty"), {"fields": ("start_date", "expected_end_date", "end_date", "end_reason")}),
    ]

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
        day = display_date(end_date)
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
