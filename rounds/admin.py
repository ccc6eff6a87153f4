"""Django admin of posting rounds, for Administrators: every record with its history.
Rounds move between states in the portal (services.round_move), not here."""

from django.contrib import admin

from base.admin import PortalAdmin, figure_display

from . import figures
from .models import Account, Application, Decision, OutgoingMail, Round, VacancyNotice

POSITION_STR = (
    "position__role",
    "position__department__embassy",
    "position__section",
    "position__central_unit",
)
NOTICE_STR = tuple(f"notice__{path}" for path in POSITION_STR)


@admin.register(Round)
class RoundAdmin(PortalAdmin):
    list_display = (
        "name",
        "name_fr",
        "state",
        "applications_open",
        "applications_close",
        "postings_start",
        "postings_end",
        "notices",
    )
    list_filter = ("state",)
    search_fields = Round.SEARCH_FIELDS
    readonly_fields = ("state",)
    notices = figure_display(figures.ROUND_NOTICES)


@admin.register(VacancyNotice)
class VacancyNoticeAdmin(PortalAdmin):
    list_display = ("__str__", "round", "reason", "available_from", "required_force", "candidates")
    list_filter = ("round__state", "reason", "required_force")
    list_select_related = ("round",)
    str_select_related = POSITION_STR
    search_fields = tuple(
        f"position__{name}" for name in ("title", "title_fr", "role__name_en", "role__name_fr")
    )
    autocomplete_fields = ("position", "outgoing_posting")
    candidates = figure_display(figures.NOTICE_CANDIDATES)


@admin.register(Application)
class ApplicationAdmin(PortalAdmin):
    list_display = ("person", "notice", "round", "preference", "status", "shortlisted", "committee_rank")
    list_filter = ("status", "shortlisted", "round__state")
    list_select_related = ("round",)
    str_select_related = ("person__rank", *NOTICE_STR)
    search_fields = ("person__last_name", "person__first_name", "round__name")
    autocomplete_fields = ("person", "notice")


@admin.register(Decision)
class DecisionAdmin(PortalAdmin):
    list_display = ("person", "notice", "round", "decided_by", "decided_at")
    list_select_related = ("round", "decided_by")
    str_select_related = ("person__rank", *NOTICE_STR)
    search_fields = ("person__last_name", "person__first_name", "round__name")
    autocomplete_fields = ("notice", "application", "person", "posting")


@admin.register(Account)
class AccountAdmin(PortalAdmin):
    list_display = ("user", "person", "language")
    list_select_related = ("user", "person__rank")
    str_select_related = ("user",)
    search_fields = ("user__username", "person__last_name", "person__first_name")
    autocomplete_fields = ("user", "person")


@admin.register(OutgoingMail)
class OutgoingMailAdmin(PortalAdmin):
    list_display = ("to", "subject", "event", "created_at", "sent_at", "attempts")
    list_filter = ("event", ("sent_at", admin.EmptyFieldListFilter))
    search_fields = ("to", "subject")
    readonly_fields = ("created_at",)
