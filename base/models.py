"""The few records the portal keeps about how each user likes to see it. Keyed by
names, never by a domain model (base knows none)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TablePreference(models.Model):
    """The columns a user chose to see in one table of the portal (as NetBox's
    per-user table configuration): `table` names the list, `columns` its column
    names in the order shown."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="table_preferences",
        verbose_name=_("user"),
    )
    table = models.CharField(_("table"), max_length=100)
    columns = models.JSONField(_("columns shown"), default=list)

    class Meta:
        verbose_name = _("table preference")
        verbose_name_plural = _("table preferences")
        constraints = [models.UniqueConstraint(fields=["user", "table"], name="table_preference_once")]

    def __str__(self):
        return f"{self.user} · {self.table}"


class ExportRecord(models.Model):
    """One export of the portal's records (a list's CSV, an admin export, a report, a
    brief's PDF or contact cards, a page of the API, `export_network`): who took it, when,
    what, with which filters and how many rows. Written by base.exports.record_export;
    read by administrators in the admin, never changed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
    )
    # The name at the time: kept when the account is deleted; a command's is the system
    # account that ran it.
    username = models.CharField(_("username"), max_length=150)
    exported_at = models.DateTimeField(_("exported at"), default=timezone.now, db_index=True)
    kind = models.CharField(_("what"), max_length=100)
    file_format = models.CharField(_("format"), max_length=20)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)

    class Meta:
        verbose_name = _("export record")
        verbose_name_plural = _("export records")
        ordering = ["-exported_at", "-pk"]

    def __str__(self):
        return f"{self.username} · {self.kind} · {self.exported_at:%Y-%m-%d %H:%M}"


class HistoricalAttribution(models.Model):
    """What every historical record of the portal adds to django-simple-history's: the
    name of the user who made the change, as it was then. The record's link to the user
    is cleared if the account is deleted; the name stays (filled by base.audit)."""

    history_user_name = models.CharField(_("made by"), max_length=150, blank=True, default="")

    class Meta:
        abstract = True


def attributed_history(**options):
    """The `history` of a model of the portal: simple_history's, with the user's name kept."""
    from simple_history.models import HistoricalRecords

    return HistoricalRecords(bases=[HistoricalAttribution], **options)
