"""Forms for editors: people, positions and postings. Long choice lists (people,
positions, departments…) are typeahead choosers (base/choosers.py): a page renders a
few options, whatever the number of records; rules are the models' and services'."""

from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from base.forms import DateInput, PortalModelForm, TypeaheadChoiceField
from network import choosers as network_choosers

from . import choosers
from .models import Person, Position, Posting, Rank


class RankChoiceField(forms.ModelChoiceField):
    """Both forces have captains and lieutenants: say whose rank it is."""

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_force_display()})"


class PersonForm(PortalModelForm):
    """Sensitive fields (Person.SENSITIVE_FIELDS) are entered when a person is created,
    but changed later only by users allowed to see them."""

    rank = RankChoiceField(queryset=Rank.objects.all(), required=False, label=_("Rank"))

    class Meta:
        model = Person
        fields = [
            "last_name",
            "first_name",
            "force",
            "rank",
            "service_number",
            "email",
            "phone",
            "mobile",
            "personal_email",
            "personal_phone",
            "languages",
            "languages_fr",
            "specialties",
            "specialties_fr",
        ]

    fieldsets = (
        (_("Identity"), ("last_name", "first_name", "force", "rank", "service_number")),
        (_("Professional contact"), ("email", "phone", "mobile")),
        (_("Personal contact"), ("personal_email", "personal_phone")),
        (_("Skills"), ("languages", "languages_fr", "specialties", "specialties_fr")),
    )

    def __init__(self, *args, can_view_sensitive=False, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not can_view_sensitive:
            for name in Person.SENSITIVE_FIELDS:
                self.fields.pop(name, None)
        self.helper.layout = Layout(
            *(
                Fieldset(legend, *[name for name in names if name in self.fields])
                for legend, names in self.fieldsets
                if any(name in self.fields for name in names)
            )
        )


class PositionForm(PortalModelForm):
    central_unit = TypeaheadChoiceField(
        chooser=network_choosers.CENTRAL_UNITS, required=False, label=_("Central unit")
    )
    department = TypeaheadChoiceField(
        chooser=network_choosers.DEPARTMENTS, required=False, label=_("Department")
    )
    section = TypeaheadChoiceField(chooser=network_choosers.SECTIONS, required=False, label=_("Section"))

    class Meta:
        model = Position
        fields = [
            "role",
            "title",
            "title_fr",
            "central_unit",
            "department",
            "section",
            "required_force",
            "theme",
            "cooperation_kind",
            "serving_body",
            "start_date",
            "end_date",
        ]
        widgets = {"start_date": DateInput, "end_date": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            "role",
            "title",
            "title_fr",
            Fieldset(_("Unit — choose exactly one"), "central_unit", "department", "section"),
            "required_force",
            "theme",
            "cooperation_kind",
            "serving_body",
            "start_date",
            "end_date",
        )


class PostingOpenForm(PortalModelForm):
    """Post a person to a position, both chosen by typing; the service computes the end
    of tour when left blank. A posting that breaks no rule but looks implausible (a rank
    below the role's usual one) comes back with its warnings and a box to confirm it."""

    person = TypeaheadChoiceField(chooser=choosers.PEOPLE, label=_("Person"))
    position = TypeaheadChoiceField(chooser=choosers.POSITIONS, label=_("Position"))
    confirm = forms.BooleanField(required=False, label=_("I confirm this posting despite the warning above."))

    class Meta:
        model = Posting
        fields = ["person", "position", "start_date", "expected_end_date"]
        widgets = {"start_date": DateInput, "expected_end_date": DateInput}
        help_texts = {"expected_end_date": _("Leave blank for a normal tour of duty in this role.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings = []
        self.show_layout()

    def show_layout(self):
        fields = ["person", "position", "start_date", "expected_end_date"]
        if self.warnings:
            fields.append(Div("confirm", css_class="posting-confirm", css_id="posting-confirm"))
        self.helper.layout = Layout(*fields)

    def ask_to_confirm(self, warnings):
        """Show `warnings` and the box that confirms them; the posting is not saved."""
        self.warnings = warnings
        self.show_layout()


class PostingDatesForm(PortalModelForm):
    """Change the dates of a posting (its person and position stay)."""

    class Meta:
        model = Posting
        fields = ["start_date", "expected_end_date", "end_date", "end_reason"]
        widgets = {"start_date": DateInput, "expected_end_date": DateInput, "end_date": DateInput}


class PostingEndForm(PortalModelForm):
    """End a posting: the last day (inclusive) and why."""

    note = forms.CharField(
        label=_("Note for the history"),
        max_length=200,
        required=False,
        help_text=_("Optional; kept in the posting's history."),
    )

    class Meta:
        model = Posting
        fields = ["end_date", "end_reason"]
        widgets = {"end_date": DateInput}
        labels = {"end_date": _("Last day of the posting")}

    def __init__(self, *args, default_end_date=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("end_date", "end_reason"):
            self.fields[name].required = True
        if not self.initial.get("end_date") and default_end_date:
            self.initial["end_date"] = default_end_date
