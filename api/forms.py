from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from base.forms import PortalForm

from .services import DEFAULT_EXPIRY_DAYS, EXPIRY_DAYS

NEVER = "never"


def days_label(days):
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


days_label_lazy = lazy(days_label, str)  # translated in the request's language, not at import


class TokenForm(PortalForm):
    name = forms.CharField(
        label=_("What is it for?"),
        max_length=100,
        help_text=_("A name to recognise it by, e.g. “Monday spreadsheet” or “travel planner”."),
    )
    expires_in = forms.ChoiceField(
        label=_("Valid for"),
        choices=[
            *((str(days), days_label_lazy(days)) for days in EXPIRY_DAYS),
            (NEVER, _("Until revoked")),
        ],
        initial=str(DEFAULT_EXPIRY_DAYS),
    )

    def expiry_days(self):
        value = self.cleaned_data["expires_in"]
        return None if value == NEVER else int(value)
