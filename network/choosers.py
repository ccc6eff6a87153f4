"""The network's records a person picks by typing (base/choosers.py); their endpoints
are routed by the directory's pages."""

from base.choosers import Chooser
from base.forms import period_label

from .models import DirectorateUnit, Section
from .selectors import countries_by_name, departments_by_place

COUNTRIES = Chooser("network:country_choices", queryset=countries_by_name)
DEPARTMENTS = Chooser(
    "network:department_choices", queryset=departments_by_place, label=period_label, dated=True
)
SECTIONS = Chooser(
    "network:section_choices",
    queryset=lambda: Section.objects.select_related("department__embassy").order_by("city", "-start_date"),
    label=period_label,
    dated=True,
)
CENTRAL_UNITS = Chooser("network:unit_choices", queryset=lambda: DirectorateUnit.objects.order_by("acronym"))
