"""Forms of the network pages: coverage, the network record Editors change in the
browser. Every rule (no overlap, within the department's period) is in Coverage.clean,
run once by the services on save."""

from django.utils.translation import gettext_lazy as _

from base.forms import DateInput, PeriodChoiceField, PortalModelForm
from network.models import Coverage
from network.selectors import countries_by_name, departments_by_place


class CoverageForm(PortalModelForm):
    department = PeriodChoiceField(queryset=departments_by_place(), label=_("Department"))

    class Meta:
        model = Coverage
        fields = ["country", "department", "start_date", "end_date"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}
        help_texts = {
            "start_date": _("First day the department covers the country."),
            "end_date": _("Last day it covers the country; leave empty while it still does."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries_by_name()


class CoverageEndForm(PortalModelForm):
    class Meta:
        model = Coverage
        fields = ["end_date"]
        widgets = {"end_date": DateInput()}
        help_texts = {"end_date": _("Last day the department covers the country.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].required = True
