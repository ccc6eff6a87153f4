"""Site-wide settings of the Django admin (the administrators' back office)."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from base.models import ExportRecord

admin.site.site_header = _("DCI network portal — administration")
admin.site.site_title = _("DCI network portal")
admin.site.index_title = _("Administration")


# --- Accounts: deactivated, not deleted ------------------------------------------------------


class PortalUserAdmin(UserAdmin):
    """Accounts are deactivated rather than deleted: a deactivated account signs in no
    more and keeps its place in the history and in the record of exports. Only a
    superuser may delete one (the history keeps the name it had)."""

    actions = ["deactivate"]
    list_display = (*UserAdmin.list_display, "is_active")

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    @admin.action(description=_("Deactivate the selected accounts"), permissions=["change"])
    def deactivate(self, request, queryset):
        done = queryset.exclude(pk=request.user.pk).filter(is_active=True).update(is_active=False)
        self.message_user(
            request,
            ngettext(
                "%(count)d account deactivated: it can no longer sign in.",
                "%(count)d accounts deactivated: they can no longer sign in.",
                done,
            )
            % {"count": done},
            messages.SUCCESS,
        )


admin.site.unregister(User)
admin.site.register(User, PortalUserAdmin)


# --- The record of exports --------------------------------------------------------------------


@admin.register(ExportRecord)
class ExportRecordAdmin(admin.ModelAdmin):
    """Every export of the portal's records, for administrators to read: never written here."""

    list_display = ("exported_at", "username", "kind", "file_format", "rows", "filters")
    list_filter = ("file_format", "exported_at")
    search_fields = ("username", "kind")
    date_hierarchy = "exported_at"
    list_select_related = ()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
