"""The form of the postings admin's "end selected postings" action."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Posting


class EndPostingsForm(forms.Form):
    end_date = forms.DateField(
        label=_("End date"),
        initial=datetime.date.today,
        help_text=_("Last day of the postings (inclusive)."),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    end_reason = forms.ChoiceField(
        label=_("End reason"), choices=Posting.EndReason.choices, initial=Posting.EndReason.COMPLETED
    )
    note = forms.CharField(
        label=_("Note for the history"),
        required=False,
        max_length=200,
        help_text=_("Optional: why these postings end, kept with each change in the history."),
    )
