"""Forms of posting rounds. They check their own fields; the rules (states, eligibility,
conflicts) are the services', whose messages come back to the form."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from base.forms import DateInput, PortalForm, PortalModelForm
from postings.models import Rank

from .models import MOVE_LABELS, Application, Round, VacancyNotice


class RoundForm(PortalModelForm):
    class Meta:
        model = Round
        fields = [
            "name",
            "name_fr",
            "applications_open",
            "applications_close",
            "postings_start",
            "postings_end",
            "max_applications",
            "min_months_in_post",
        ]
        widgets = dict.fromkeys(
            ("applications_open", "applications_close", "postings_start", "postings_end"), DateInput
        )


class MoveForm(PortalForm):
    """Move a round to one of the states it may go to next, saying why."""

    to = forms.ChoiceField(label=_("Move the round"))
    reason = forms.CharField(
        label=_("Why (kept in the history)"), max_length=300, required=False, widget=forms.TextInput
    )

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [
            (state, MOVE_LABELS[(round.state, state)]) for state in round.next_states()
        ]


class ProposalsForm(PortalForm):
    """The proposals a manager publishes as notices (the page lists them in a table)."""

    positions = forms.MultipleChoiceField(
        label=_("Positions to offer"), widget=forms.CheckboxSelectMultiple, required=True
    )

    def __init__(self, *args, proposals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = {proposal.key: proposal for proposal in proposals}
        self.fields["positions"].choices = [(key, str(p.position)) for key, p in self.proposals.items()]

    def chosen(self):
        return [self.proposals[key] for key in self.cleaned_data["positions"]]


def rank_choices():
    """Ranks by seniority (comparable across forces), one option per rank."""
    options = [("", _("No limit"))]
    options += [(rank.seniority, str(rank)) for rank in Rank.objects.order_by("seniority", "force")]
    return options


class NoticeForm(PortalModelForm):
    min_seniority = forms.TypedChoiceField(
        label=_("Lowest rank"), coerce=int, empty_value=None, required=False, choices=()
    )
    max_seniority = forms.TypedChoiceField(
        label=_("Highest rank"), coerce=int, empty_value=None, required=False, choices=()
    )

    class Meta:
        model = VacancyNotice
        fields = [
            "available_from",
            "required_force",
            "min_seniority",
            "max_seniority",
            "languages",
            "languages_fr",
            "description_en",
            "description_fr",
        ]
        widgets = {
            "available_from": DateInput,
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_fr": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = rank_choices()
        for name in ("min_seniority", "max_seniority"):
            self.fields[name].choices = choices
            self.fields[name].help_text = VacancyNotice._meta.get_field(name).help_text


class ApplicationForm(PortalForm):
    preference = forms.TypedChoiceField(
        label=_("Your ranking of this notice"),
        coerce=int,
        help_text=_("1 is your first choice; your other applications move down to make room."),
    )
    motivation = forms.CharField(
        label=_("Motivation"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A few lines for the committee (2,000 characters at most)."),
    )
    available_from = forms.DateField(
        label=_("Available from"), widget=DateInput, help_text=_("The first day you could start.")
    )

    def __init__(self, *args, max_applications=3, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preference"].choices = [(n, str(n)) for n in range(1, max_applications + 1)]


class ConfirmForm(PortalForm):
    """A confirmation, with an optional word for the history."""

    reason = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)


class ShortlistForm(PortalForm):
    """For each candidate of a notice: shortlisted or not, and the committee's ranking."""

    def __init__(self, *args, applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.applications = list(applications)
        top = max(len(self.applications), 1)
        for application in self.applications:
            name = application.person.full_name
            self.fields[f"shortlisted_{application.pk}"] = forms.BooleanField(
                label=_("Shortlist %(name)s") % {"name": name},
                required=False,
                initial=application.shortlisted,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
            self.fields[f"rank_{application.pk}"] = forms.TypedChoiceField(
                label=_("Committee's ranking of %(name)s") % {"name": name},
                coerce=int,
                empty_value=None,
                required=False,
                choices=[("", "—")] + [(n, str(n)) for n in range(1, top + 1)],
                initial=application.committee_rank,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def rows(self):
        """(application, shortlisted field, rank field) for the template's table."""
        return [
            (application, self[f"shortlisted_{application.pk}"], self[f"rank_{application.pk}"])
            for application in self.applications
        ]

    def choices(self):
        data = self.cleaned_data
        return {a.pk: (data[f"shortlisted_{a.pk}"], data[f"rank_{a.pk}"]) for a in self.applications}


class CandidateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.committee_rank:
            return _("%(person)s (committee's ranking: %(rank)s)") % {
                "person": obj.person.display_name,
                "rank": obj.committee_rank,
            }
        return obj.person.display_name


class DecideForm(PortalForm):
    application = CandidateChoiceField(
        queryset=Application.objects.none(),
        label=_("Selected candidate"),
        help_text=_("Only shortlisted candidates can be selected."),
    )
    start_date = forms.DateField(label=_("Start of the posting"), widget=DateInput)
    expected_end_date = forms.DateField(
        label=_("Expected end of tour"),
        widget=DateInput,
        required=False,
        help_text=_("Leave blank for a normal tour of duty in this role."),
    )
    grounds = forms.CharField(
        label=_("Grounds for the decision"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept in the history of the decision; shown to managers only."),
    )

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = (
            Application.objects.filter(notice=notice, status=Application.Status.SUBMITTED, shortlisted=True)
            .select_related("person__rank")
            .order_by("committee_rank", "preference", "pk")
        )


class LanguageForm(PortalForm):
    language = forms.ChoiceField(
        label=_("Language of the e-mails you receive"),
        required=False,
        choices=[("", _("The portal's default"))] + list(settings.LANGUAGES),
    )
