"""Forms of the postings admin: the posting form (a blank expected end of tour gets the
role's usual tour) and the "end selected postings" action's form."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Posting
from .services import expected_end_for


class PostingAdminForm(forms.ModelForm):
    """Used by the posting admin and by the posting rows inline under a person or a
    position; the model's `clean` (overlaps, force, tour within the position) still runs."""

    class Meta:
        model = Posting
        fields = ("person", "position", "start_date", "expected_end_date", "end_date", "end_reason")

    def clean(self):
        cleaned_data = super().clean()
        position, start_date = cleaned_data.get("position"), cleaned_data.get("start_date")
        if position is not None and start_date is not None and not cleaned_data.get("expected_end_date"):
            cleaned_data["expected_end_date"] = expected_end_for(position, start_date)
        return cleaned_data


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
