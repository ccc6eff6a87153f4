"""Forms of the network pages: coverage, the one network record Editors change in the
browser. Every rule (no overlap, within the department's period) is in Coverage.clean,
run by the services on save."""

from django.utils.translation import gettext_lazy as _

from dci_portal.forms import DateInput, PortalModelForm

from .bilingual import localized_field
from .filtersets import DepartmentChoiceField
from .models import Country, Coverage, Department


class CoverageForm(PortalModelForm):
    department = DepartmentChoiceField(
        queryset=Department.objects.select_related("embassy").order_by("embassy__city", "-start_date"),
        label=_("Department"),
    )

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
        self.fields["country"].queryset = Country.objects.order_by(localized_field("name"))


class CoverageEndForm(PortalModelForm):
    class Meta:
        model = Coverage
        fields = ["end_date"]
        widgets = {"end_date": DateInput()}
        help_texts = {"end_date": _("Last day the department covers the country.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].required = True
