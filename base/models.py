"""The few records the portal keeps about how each user likes to see it. Keyed by
names, never by a domain model (base knows none)."""

from django.conf import settings
from django.db import models
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
