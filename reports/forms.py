"""The parameters of the coverage report and the rotation outlook, read from the URL.

Every parameter is validated here; a bad one (unknown region, bogus force, sort key,
malformed date) leaves the form invalid with a message naming the value, never a 500.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from base.asof import AS_OF_PARAM, AsOfError, parse_as_of
from base.forms import DateInput, PortalForm
from network.models import Region
from postings.models import Force, Role

from .coverage import DEFAULT_SORT, FORCE_LABELS, SORTS, Covered

FORCE_CHOICES = [("", _("All forces")), *((force, FORCE_LABELS[force]) for force in Force.values)]


def sort_choices():
    choices = []
    for key, (label, _key) in SORTS.items():
        choices.append((key, _("%(column)s, ascending") % {"column": label}))
        choices.append((f"-{key}", _("%(column)s, descending") % {"column": label}))
    return choices


class CoverageReportForm(PortalForm):
    as_of = forms.CharField(
        label=_("As of"), required=False, widget=DateInput(attrs={"min": "1900-01-01", "max": "2200-12-31"})
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All regions"),
        label=_("Region"),
        error_messages={"invalid_choice": _("There is no region “%(value)s”.")},
    )
    force = forms.ChoiceField(
        choices=FORCE_CHOICES,
        required=False,
        label=_("Force"),
        error_messages={
            "invalid_choice": _("“%(value)s” is not a force: use police, gendarmerie or civilian.")
        },
    )
    role = forms.ModelChoiceField(
        queryset=Role.objects.filter(abroad=True),
        to_field_name="code",
        required=False,
        empty_label=_("All roles"),
        label=_("Role"),
        error_messages={"invalid_choice": _("There is no role “%(value)s” abroad.")},
    )
    covered = forms.ChoiceField(
        choices=[("", _("Covered or not")), *Covered.choices],
        required=False,
        label=_("Coverage"),
        error_messages={"invalid_choice": _("“%(value)s” is not a coverage choice.")},
    )
    sort = forms.ChoiceField(
        choices=sort_choices,
        required=False,
        label=_("Sort by"),
        error_messages={"invalid_choice": _("The report cannot be sorted by “%(value)s”.")},
    )

    # The rotation outlook uses the same form without these.
    rotation_excluded = ("covered", "sort")

    def __init__(self, data=None, *, as_of=None, rotation=False, **kwargs):
        if data is not None and as_of is not None and not data.get(AS_OF_PARAM):
            # Show the day in force (today, or the site-wide as-of date) in the date field.
            data = data.copy()
            data[AS_OF_PARAM] = as_of.isoformat()
        super().__init__(data, **kwargs)
        self.default_as_of = as_of
        self.fields["as_of"].widget.attrs["id"] = "report-as-of"
        if as_of is not None:
            self.fields["as_of"].initial = as_of.isoformat()
        if rotation:
            for name in self.rotation_excluded:
                del self.fields[name]
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs["class"] = f"{css} {css}-sm"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self.add_prefix(name)}-errors"

    def clean_as_of(self):
        raw = self.cleaned_data.get("as_of") or ""
        if not raw.strip() and self.default_as_of is not None:
            return self.default_as_of
        try:
            return parse_as_of(raw)
        except AsOfError as error:
            raise forms.ValidationError(str(error), code="invalid") from None

    def clean_sort(self):
        return self.cleaned_data.get("sort") or DEFAULT_SORT

    def report_kwargs(self):
        """Keyword arguments for `coverage_report` / `rotation_outlook`."""
        data = self.cleaned_data
        kwargs = {"region": data.get("region"), "force": data.get("force") or None, "role": data.get("role")}
        if "covered" in self.fields:
            kwargs["covered"] = data.get("covered") or None
            kwargs["ordering"] = data.get("sort")
        return kwargs

    def parameters(self):
        """[(label, value shown)] of the parameters in force, printed on every export."""
        data = self.cleaned_data
        covered = dict(self.fields["covered"].choices) if "covered" in self.fields else {}
        rows = [
            (_("As of"), data["as_of"].isoformat()),
            (_("Region"), data["region"].name if data.get("region") else _("All regions")),
            (_("Force"), dict(FORCE_CHOICES)[data.get("force") or ""]),
            (_("Role"), data["role"].name if data.get("role") else _("All roles")),
        ]
        if "covered" in self.fields:
            rows.append((_("Coverage"), covered[data.get("covered") or ""]))
            rows.append((_("Sort by"), dict(sort_choices())[data["sort"]]))
        return rows

    def query_parameters(self):
        """{name: value} of the parameters in force as they appear in the URL (for JSON)."""
        data = self.cleaned_data
        result = {
            AS_OF_PARAM: data["as_of"].isoformat(),
            "region": data["region"].code if data.get("region") else None,
            "force": data.get("force") or None,
            "role": data["role"].code if data.get("role") else None,
        }
        if "covered" in self.fields:
            result["covered"] = data.get("covered") or None
            result["sort"] = data["sort"]
        return result
