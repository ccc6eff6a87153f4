"""Forms for editors: people, positions and postings. Every choice list is one query
(select_related), whatever the number of options; rules are the models' and services'."""

from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from base.filtersets import search_q
from base.forms import DateInput, PeriodChoiceField, PortalModelForm
from network.models import Department, DirectorateUnit, Section

from .models import Person, Position, Posting, Rank


class RankChoiceField(forms.ModelChoiceField):
    """Both forces have captains and lieutenants: say whose rank it is."""

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_force_display()})"


CHOICES_SHOWN = 200


class ShortListIterator(ModelChoiceIterator):
    """The options of a SearchableChoiceField: its short list, computed when rendered."""

    def __iter__(self):
        self.queryset = self.field.short_list()
        yield from super().__iter__()

    def __len__(self):
        self.queryset = self.field.short_list()
        return super().__len__()


class SearchableChoiceField(forms.ModelChoiceField):
    """A select of at most CHOICES_SHOWN options — those matching `search` (the page's
    search box), plus the selected one — in one query, however many records exist. Any
    record of the queryset is still accepted."""

    iterator = ShortListIterator
    search_fields: tuple = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.search, self.selected = "", None

    def short_list(self):
        matching = self.queryset.filter(search_q(self.search_fields, self.search))
        shown = Q(pk__in=matching.values("pk")[:CHOICES_SHOWN])
        if str(self.selected or "").isdigit():
            shown |= Q(pk=self.selected)
        return self.queryset.filter(shown)


class PersonChoiceField(SearchableChoiceField):
    """People by last name, with rank and force (never the sensitive service number)."""

    search_fields = tuple(name for name in Person.SEARCH_FIELDS if name not in Person.SENSITIVE_FIELDS)

    def label_from_instance(self, obj):
        rank = f"{obj.rank.abbreviation}, " if obj.rank_id else ""
        return f"{obj.last_name.upper()} {obj.first_name} ({rank}{obj.get_force_display()})"


class PositionChoiceField(SearchableChoiceField):
    search_fields = Position.SEARCH_FIELDS

    def label_from_instance(self, obj):
        return f"{obj} ({obj.period_display})"


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
            "specialties",
        ]

    fieldsets = (
        (_("Identity"), ("last_name", "first_name", "force", "rank", "service_number")),
        (_("Professional contact"), ("email", "phone", "mobile")),
        (_("Personal contact"), ("personal_email", "personal_phone")),
        (_("Skills"), ("languages", "specialties")),
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
    central_unit = forms.ModelChoiceField(
        queryset=DirectorateUnit.objects.all(), required=False, label=_("Central unit")
    )
    department = PeriodChoiceField(
        queryset=Department.objects.select_related("embassy"), required=False, label=_("Department")
    )
    section = PeriodChoiceField(queryset=Section.objects.all(), required=False, label=_("Section"))

    class Meta:
        model = Position
        fields = [
            "role",
            "title",
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
            Fieldset(_("Unit — choose exactly one"), "central_unit", "department", "section"),
            "required_force",
            "theme",
            "cooperation_kind",
            "serving_body",
            "start_date",
            "end_date",
        )


class PostingOpenForm(PortalModelForm):
    """Post a person to a position; the service computes the end of tour when left blank."""

    person = PersonChoiceField(
        queryset=Person.objects.select_related("rank"),
        label=_("Person"),
        help_text=format_lazy(
            _("Lists at most {count} people: find others by name above."), count=CHOICES_SHOWN
        ),
    )
    position = PositionChoiceField(
        queryset=Position.objects.select_related("role", "department__embassy", "section", "central_unit"),
        label=_("Position"),
        help_text=format_lazy(
            _("Lists at most {count} positions: find others by title, role or city above."),
            count=CHOICES_SHOWN,
        ),
    )

    class Meta:
        model = Posting
        fields = ["person", "position", "start_date", "expected_end_date"]
        widgets = {"start_date": DateInput, "expected_end_date": DateInput}
        help_texts = {"expected_end_date": _("Leave blank for a normal tour of duty in this role.")}

    def __init__(self, *args, searches=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, search in (searches or {}).items():
            field = self.fields[name]
            field.search = search
            field.selected = self.data.get(name) if self.is_bound else self.initial.get(name)


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
