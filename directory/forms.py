"""Forms of the network pages: coverage, the network record Editors change in the
browser. Every rule (no overlap, within the department's period) is in Coverage.clean,
run once by the services on save."""

from django.utils.translation import gettext_lazy as _

from base.forms import DateInput, PortalModelForm, TypeaheadChoiceField
from network import choosers
from network.models import Coverage


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
