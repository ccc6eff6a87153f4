"""One table per list of the network. Figures are FigureColumns read from the
annotations of directory/selectors.py; every link keeps the page's as-of date."""

import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from base.tables import DateColumn, FigureColumn, PortalTable, as_of_link
from network import figures as network_figures
from network.models import Country, Coverage, Department, Embassy, Section
from postings import figures as postings_figures

from .filtersets import RESIDENCE

RESIDENCE_LABELS = dict(RESIDENCE)


class ResidenceColumn(tables.Column):
    """ "resident"/"non_resident" as words; nothing when the country is not covered."""

    def __init__(self, **kwargs):
        super().__init__(_("Residence"), default="—", **kwargs)

    def render(self, value):
        return RESIDENCE_LABELS.get(value, "—")


class CountryTable(PortalTable):
    priority_columns = ("name", "covering_department")

    name = tables.Column(_("Country"), accessor="local_name", linkify=as_of_link())
    iso2 = tables.Column(_("ISO 2"))
    iso3 = tables.Column(_("ISO 3"))
    region = tables.Column(_("Region"), order_by=("region__order", "region__name_en"))
    capital = tables.Column(_("Capital"), accessor="local_capital", order_by="capital_name")
    covering_department = tables.Column(
        _("Covering department"),
        accessor="coverage_on_day__0__department",
        linkify=as_of_link("coverage_on_day__0__department"),
        order_by="covering_city",
        default="—",
    )
    residence = ResidenceColumn()
    staff_for_country = FigureColumn(postings_figures.STAFF_FOR_COUNTRY)
    vacancies_for_country = FigureColumn(postings_figures.VACANCIES_FOR_COUNTRY)

    class Meta(PortalTable.Meta):
        model = Country
        fields = ("name", "iso2", "iso3", "region", "capital", "covering_department", "residence")
        order_by = ("name",)


class DepartmentTable(PortalTable):
    priority_columns = ("city", "country")

    city = tables.Column(
        _("Embassy city"), accessor="embassy__local_city", linkify=as_of_link(), order_by="city_name"
    )
    country = tables.Column(
        _("Country"),
        accessor="embassy__country",
        linkify=as_of_link("embassy__country"),
        order_by="country_name",
    )
    region = tables.Column(
        _("Region"), accessor="embassy__country__region", order_by="embassy__country__region__order"
    )
    supervising_unit = tables.Column(
        _("Supervising unit"),
        accessor="supervising_unit__acronym",
        linkify=as_of_link("supervising_unit"),
    )
    start_date = DateColumn(verbose_name=_("Opened"))
    end_date = DateColumn(verbose_name=_("Closed"), default="")
    countries_covered = FigureColumn(network_figures.DEPARTMENT_COUNTRIES_COVERED)
    staff = FigureColumn(postings_figures.DEPARTMENT_STAFF_WITH_SECTIONS)
    vacancies = FigureColumn(postings_figures.DEPARTMENT_VACANCIES_WITH_SECTIONS)

    class Meta(PortalTable.Meta):
        model = Department
        fields = ("city", "country", "region", "supervising_unit", "start_date", "end_date")
        order_by = ("city",)


class SectionTable(PortalTable):
    priority_columns = ("city", "department")

    city = tables.Column(_("City"), accessor="local_city", linkify=as_of_link(), order_by="city_name")
    country = tables.Column(_("Country"), linkify=as_of_link("country"), order_by="country_name")
    department = tables.Column(_("Department"), linkify=as_of_link("department"), order_by="department_city")
    start_date = DateColumn(verbose_name=_("Opened"))
    end_date = DateColumn(verbose_name=_("Closed"), default="")
    staff = FigureColumn(postings_figures.SECTION_STAFF)
    vacancies = FigureColumn(postings_figures.SECTION_VACANCIES)

    class Meta(PortalTable.Meta):
        model = Section
        fields = ("city", "country", "department", "start_date", "end_date")
        order_by = ("city",)


class EmbassyTable(PortalTable):
    priority_columns = ("city", "country")

    city = tables.Column(_("City"), accessor="local_city", linkify=as_of_link(), order_by="city_name")
    country = tables.Column(
        _("Country"), accessor="country_name", linkify=as_of_link("country"), order_by="country_name"
    )
    region = tables.Column(_("Region"), accessor="country__region", order_by="country__region__order")
    department = tables.Column(
        _("Department open on the date"),
        accessor="department_on_day__0",
        linkify=as_of_link("department_on_day__0"),
        order_by="department_start",
        default="—",
    )
    departments = FigureColumn(network_figures.EMBASSY_DEPARTMENTS)

    class Meta(PortalTable.Meta):
        model = Embassy
        fields = ("city", "country", "region")
        order_by = ("country",)


class CoverageTable(PortalTable):
    priority_columns = ("country", "department", "actions")

    country = tables.Column(
        _("Country"), accessor="country_name", linkify=as_of_link("country"), order_by="country_name"
    )
    department = tables.Column(_("Department"), linkify=as_of_link("department"), order_by="department_city")
    residence = ResidenceColumn()
    start_date = DateColumn(verbose_name=_("From"))
    end_date = DateColumn(verbose_name=_("Until"), default="")
    actions = tables.Column(
        _("Actions"), empty_values=(), orderable=False, exclude_from_export=True, accessor="pk"
    )

    class Meta(PortalTable.Meta):
        model = Coverage
        fields = ("country", "department", "residence", "start_date", "end_date")
        order_by = ("country", "-start_date")

    def __init__(self, *args, user=None, **kwargs):
        # The edit buttons only for those who may use them.
        self.can_change = bool(user and user.has_perm("network.change_coverage"))
        self.can_delete = bool(user and user.has_perm("network.delete_coverage"))
        if not (self.can_change or self.can_delete):
            kwargs["exclude"] = (*kwargs.get("exclude", ()), "actions")
        super().__init__(*args, user=user, **kwargs)

    def render_actions(self, record):
        return render_to_string(
            "network/includes/coverage_actions.html",
            {
                "coverage": record,
                "can_change": self.can_change,
                "can_delete": self.can_delete,
                "request": getattr(self, "request", None),
            },
        )


class HoldersTable(PortalTable):
    """The history of holders of a unit's positions: every posting, newest first."""

    priority_columns = ("person", "position", "start_date")
    person = tables.Column(
        _("Person"), linkify=as_of_link("person"), order_by=("person__last_name", "person__first_name")
    )
    position = tables.Column(
        _("Position"), accessor="position__local_title", order_by="position__title", default=""
    )
    role = tables.Column(_("Role"), accessor="position__role", order_by="position__role__order")
    start_date = DateColumn(verbose_name=_("From"))
    expected_end_date = DateColumn(verbose_name=_("Expected end of tour"), default="")
    end_date = DateColumn(verbose_name=_("Until"), default="")
    end_reason = tables.Column(_("End reason"), default="")

    class Meta(PortalTable.Meta):
        order_by = ("-start_date",)

    def render_end_reason(self, record):
        return record.get_end_reason_display()


class UnitPositionTable(tables.Table):
    """The central units' tree as one row per position (the tree page's CSV export)."""

    level = tables.Column(_("Level"), accessor="depth")
    unit = tables.Column(_("Unit"), accessor="unit__acronym")
    unit_name = tables.Column(_("Name"), accessor="unit__name")
    kind = tables.Column(_("Kind"), accessor="unit__get_kind_display")
    parent = tables.Column(_("Parent unit"), accessor="parent__acronym", default="")
    position = tables.Column(_("Position"), accessor="position__local_title", default="")
    role = tables.Column(_("Role"), accessor="position__role", default="")
    holder = tables.Column(_("Holder"), accessor="holder_label", default="")
    since = DateColumn(verbose_name=_("In post since"), accessor="holder__start_date", default="")
    expected_end = DateColumn(
        verbose_name=_("Expected end of tour"), accessor="holder__expected_end_date", default=""
    )
