"""Reference data kept in French and English, shown in the active language.

Explicit columns rather than a translation library (django-modeltranslation): the
forms are ordinary model fields, so the admin, the spreadsheet columns, the search
fields, the API serializers, the history diffs and sorting all see them with no
patching, and a page reads both forms from the row it already loads (no extra query).

Two shapes:
- names with both forms required: `name_en` / `name_fr` (BilingualName: regions,
  countries, central units, roles, ranks);
- text whose English form is the field's historical column (`city`, `title`, `capital`,
  `languages`, `specialties`) and whose French form sits beside it (`city_fr`…), empty
  when it is the same in French (Madrid, Berlin): `LocalText` shows the active form.
"""

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def french_active():
    return (get_language() or "en").startswith("fr")


def localized_field(base):
    """`name` -> `name_fr` when the active language is French, else `name_en`."""
    return f"{base}_fr" if french_active() else f"{base}_en"


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


class LocalText:
    """A read-only attribute giving `<field>_fr` on French pages when it is filled, else
    `<field>` (the English form): `local_city = LocalText("city")`."""

    def __init__(self, field):
        self.field = field

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        english = getattr(instance, self.field)
        if french_active():
            return getattr(instance, f"{self.field}_fr") or english
        return english


def local_text(field, prefix=""):
    """The active form of a `LocalText` field reached through `prefix`, to sort or annotate by."""
    english = F(f"{prefix}{field}")
    if french_active():
        return Coalesce(NullIf(F(f"{prefix}{field}_fr"), Value("")), english)
    return english


def field_label(model, field):
    """A field's label, saying "in English" for a column whose French form sits beside it
    (a history entry "Title changed" on a French page would not say which form changed)."""
    label = str(field.verbose_name)
    if not field.name.endswith(("_en", "_fr")) and any(
        f.name == f"{field.name}_fr" for f in model._meta.get_fields()
    ):
        label = _("%(field)s in English") % {"field": label}
    return label[:1].upper() + label[1:]


def french_form_field(label, **kwargs):
    """The French form of a text field whose column holds the English one."""
    return models.CharField(
        label, blank=True, help_text=_("Leave empty when it is the same as in English."), **kwargs
    )
