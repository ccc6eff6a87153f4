"""Forms of the network pages: coverage (Editors), and the network itself — embassies,
departments, sections, central units — opened, changed, moved and closed (Network
editors). Every rule is in the models' `clean`, run once by the services on save;
the forms check only their own fields."""

from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from base.forms import DateInput, PeriodChoiceField, PortalForm, PortalModelForm, TypeaheadChoiceField
from network import choosers
from network.models import Country, Coverage, Department, DirectorateUnit, Embassy, Section
from network.selectors import countries_by_name, departments_by_place
from postings.models import Position, Role


class CoverageForm(PortalModelForm):
    country = TypeaheadChoiceField(chooser=choosers.COUNTRIES, label=_("Country"))
    department = TypeaheadChoiceField(chooser=choosers.DEPARTMENTS, label=_("Department"))

    class Meta:
        model = Coverage
        fields = ["country", "department", "start_date", "end_date"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}
        help_texts = {
            "start_date": _("First day the department covers the country."),
            "end_date": _("Last day it covers the country; leave empty while it still does."),
        }


class CoverageEndForm(PortalModelForm):
    class Meta:
        model = Coverage
        fields = ["end_date"]
        widgets = {"end_date": DateInput()}
        help_texts = {"end_date": _("Last day the department covers the country.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].required = True


# --- Editing the network (permission network.edit_network) ---------------------------

REASON_HELP = _("Kept in the history of every record the change touches, e.g. the decision it applies.")


def reason_field(required=True):
    return forms.CharField(
        label=_("Reason for the change"),
        max_length=500,
        required=required,
        help_text=REASON_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.acronym} — {obj.name}"


class RecordChoiceField(forms.ChoiceField):
    """A select over records listed once (one query, however many selects share them);
    cleans to the record, or None for the empty choice, whose label says what it means."""

    def __init__(self, records, *, empty_label, label_of=str, **kwargs):
        self.records = {str(record.pk): record for record in records}
        choices = [("", empty_label), *((pk, label_of(record)) for pk, record in self.records.items())]
        kwargs.setdefault("widget", forms.Select(attrs={"class": "form-select form-select-sm"}))
        super().__init__(choices=choices, required=False, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return self.records.get(value) if value else None


def with_period(record):
    return f"{record} ({record.period_display})"


class EmbassyOpenForm(PortalModelForm):
    class Meta:
        model = Embassy
        fields = ["country", "city", "city_fr", "start_date"]
        widgets = {"start_date": DateInput()}
        help_texts = {"start_date": _("First day the embassy is open.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries_by_name().filter(embassy__isnull=True)
        self.fields["start_date"].required = True


class EmbassyEditForm(PortalModelForm):
    class Meta:
        model = Embassy
        fields = ["city", "city_fr", "start_date"]
        widgets = {"start_date": DateInput()}


class CloseForm(PortalForm):
    """The last day of a record and the reason, kept in the history."""

    end_date = forms.DateField(label=_("Last day open"), widget=DateInput())
    reason = reason_field()


class DepartmentOpenForm(PortalForm):
    """Open a department in an embassy (a reopening is a new department too)."""

    embassy = forms.ModelChoiceField(queryset=Embassy.objects.none(), label=_("Embassy"))
    supervising_unit = UnitChoiceField(
        queryset=DirectorateUnit.objects.none(), label=_("Supervising central unit")
    )
    start_date = forms.DateField(label=_("First day open"), widget=DateInput())
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    cover_host = forms.BooleanField(
        label=_("It covers its host country from that day"),
        required=False,
        initial=True,
        help_text=_("Taken over from the department that covers the country then, if any."),
    )
    copy_positions = forms.BooleanField(
        label=_("Recreate the positions the department had on its last day"),
        required=False,
        initial=True,
        help_text=_("Vacant, from the first day; fill them from each position's page."),
    )
    reason = reason_field(required=False)

    def __init__(self, *args, reopening=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["embassy"].queryset = Embassy.objects.select_related("country").order_by("city")
        self.fields["supervising_unit"].queryset = DirectorateUnit.objects.order_by("acronym")
        del self.fields["copy_positions" if reopening is None else "embassy"]
        self.helper.layout = Layout(*self.fields)


class DepartmentEditForm(PortalModelForm):
    supervising_unit = UnitChoiceField(
        queryset=DirectorateUnit.objects.none(), label=_("Supervising central unit")
    )

    class Meta:
        model = Department
        fields = ["supervising_unit", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervising_unit"].queryset = DirectorateUnit.objects.order_by("acronym")


class SectionOpenForm(PortalForm):
    department = PeriodChoiceField(queryset=Department.objects.none(), label=_("Attached to the department"))
    country = forms.ModelChoiceField(queryset=Country.objects.none(), label=_("Country"))
    city = forms.CharField(label=_("City"), max_length=100)
    city_fr = Section._meta.get_field("city_fr").formfield()
    start_date = forms.DateField(label=_("First day open"), widget=DateInput())
    reason = reason_field(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments_by_place()
        self.fields["country"].queryset = countries_by_name()
        self.fields["country"].help_text = _("Any country: a section may sit far from its department.")


class SectionPositionForm(PortalModelForm):
    """One position of a new section (rows left empty are ignored)."""

    class Meta:
        model = Position
        fields = ["role", "title", "title_fr", "required_force", "theme"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = Role.objects.filter(abroad=True)


SectionPositionFormSet = forms.formset_factory(SectionPositionForm, extra=3, max_num=20, absolute_max=20)


class SectionEditForm(PortalModelForm):
    class Meta:
        model = Section
        fields = ["city", "city_fr", "country"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries_by_name()


class UnitOpenForm(PortalModelForm):
    parent = UnitChoiceField(
        queryset=DirectorateUnit.objects.none(),
        required=False,
        label=_("Parent unit"),
        empty_label=_("None (top of the tree)"),
    )

    class Meta:
        model = DirectorateUnit
        fields = ["acronym", "name_en", "name_fr", "kind", "parent", "start_date"]
        widgets = {"start_date": DateInput()}
        help_texts = {"start_date": _("First day the unit exists.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = DirectorateUnit.objects.order_by("acronym")
        self.fields["start_date"].required = True


class UnitEditForm(PortalModelForm):
    class Meta:
        model = DirectorateUnit
        fields = ["acronym", "name_en", "name_fr", "kind"]


class UnitMoveForm(PortalForm):
    parent = UnitChoiceField(
        queryset=DirectorateUnit.objects.none(),
        required=False,
        label=_("New parent unit"),
        empty_label=_("None (top of the tree)"),
    )
    day = forms.DateField(
        label=_("First day in the new place"),
        widget=DateInput(),
        help_text=_("The tree shown for earlier days keeps the unit in its old place."),
    )
    reason = reason_field()

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = DirectorateUnit.objects.exclude(pk=unit.pk).order_by("acronym")


class ClosureForm(CloseForm):
    """Close a department, a section or a central unit after its last day, with a choice
    per record the closure touches (directory.selectors.Closure): where each coverage
    goes, each section, each posting. The choices are listed once (one query each)."""

    def __init__(self, *args, closure=None, departments=(), vacancies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].label = _("Last day open")
        self.rows = {"coverages": [], "sections": [], "postings": []}
        if closure is None:
            return
        departments, vacancies = list(departments), list(vacancies)
        for coverage in closure.coverages:
            self.add_row(
                "coverages",
                coverage,
                RecordChoiceField(
                    departments,
                    empty_label=_("No department: the country is no longer covered"),
                    label_of=with_period,
                    label=_("Who covers %(country)s from the next day") % {"country": coverage.country},
                ),
            )
        for section in closure.sections:
            self.add_row(
                "sections",
                section,
                RecordChoiceField(
                    departments,
                    empty_label=_("Close it too"),
                    label_of=with_period,
                    label=_("What becomes of %(section)s") % {"section": section},
                ),
            )
        for posting in closure.postings:
            self.add_row(
                "postings",
                posting,
                RecordChoiceField(
                    vacancies,
                    empty_label=_("End the posting on the last day"),
                    label=_("What becomes of the posting of %(person)s") % {"person": posting.person},
                ),
            )

    def add_row(self, kind, record, field):
        name = f"{kind[:-1]}_{record.pk}"
        self.fields[name] = field
        self.rows[kind].append((record, name))

    def choices(self, kind):
        """{record pk: chosen target or None} for the rows of `kind`."""
        return {record.pk: self.cleaned_data.get(name) for record, name in self.rows[kind]}

    def bound_rows(self, kind):
        return [(record, self[name]) for record, name in self.rows[kind]]
