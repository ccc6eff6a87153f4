"""Names kept in French and English, shown in the active language."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def localized_field(base):
    """`name` -> `name_fr` when the active language is French, else `name_en`."""
    return f"{base}_fr" if (get_language() or "en").startswith("fr") else f"{base}_en"


class BilingualName(models.Model):
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self):
        return getattr(self, localized_field("name")) or self.name_en
