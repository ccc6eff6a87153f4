"""Pages of the network: countries, departments, sections, embassies, central units and
coverage, each as of the page's date (`request.as_of`), with the people who serve there
(which is why they sit above `postings`)."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_tables2 import RequestConfig

from base import views as generic
from base.tables import ExcelFriendlyExport, with_as_of
from network import choosers, services
from network.models import Country, Coverage, Department, DirectorateUnit, Embassy, Section
from network.selectors import coverage_of_country_on, local_name
from postings import figures as postings_figures
from postings import selectors as postings_selectors

from . import filtersets, forms, selectors, tables

HOLDERS_PER_PAGE = 25


def holders_table(request, **position_lookups):
    """The paginated, sortable history of holders of a unit's positions."""
    table = tables.HoldersTable(
        postings_selectors.holders_history(**position_lookups),
        user=request.user,
        prefix="holders-",
        per_page_field="_per_page_fixed",  # never the URL's: the page size is ours
    )
    RequestConfig(request, paginate={"per_page": HOLDERS_PER_PAGE}).configure(table)
    return table


def mark_open_on(records, day):
    """Set `open_on_day` on each dated record, for the templates."""
    records = list(records)
    for record in records:
        record.open_on_day = record.is_active_on(day)
    return records


# --- Countries ------------------------------------------------------------------------


class CountryListView(generic.ObjectListView):
    model = Country
    filterset_class = filtersets.CountryFilterSet
    table_class = tables.CountryTable

    def get_queryset(self):
        return selectors.countries_listed_on(self.request.as_of)


class CountryMixin:
    model = Country
    slug_field = "iso2"
    slug_url_kwarg = "iso2"

    def get_object(self, queryset=None):
        queryset = self.get_queryset() if queryset is None else queryset
        return get_object_or_404(queryset, iso2=self.kwargs["iso2"].upper())


class CountryDetailView(CountryMixin, generic.ObjectDetailView):
    queryset = Country.objects.select_related("region", "embassy")
    template_name = "network/country_detail.html"

    def get_context_data(self, **kwargs):
        day, country = self.request.as_of, self.object
        embassy = getattr(country, "embassy", None)  # None when France has no embassy there
        hosted = None
        if embassy is not None:
            hosted = selectors.departments_listed_on(day).active_on(day).filter(embassy=embassy).first()
        return super().get_context_data(
            coverage=coverage_of_country_on(country, day),
            embassy=embassy,
            hosted_department=hosted,
            staff_figure=postings_figures.STAFF_FOR_COUNTRY,
            vacancies=postings_figures.VACANCIES_FOR_COUNTRY.count(day, country),
            postings=list(postings_selectors.postings_for_country(day, country)),
            sections=mark_open_on(
                country.sections.select_related("department__embassy").order_by("-start_date", "city"), day
            ),
            coverage_history=mark_open_on(
                country.coverages.select_related("department__embassy__country").order_by("-start_date"), day
            ),
            can_add_coverage=self.request.user.has_perm("network.add_coverage"),
            can_change_coverage=self.request.user.has_perm("network.change_coverage"),
            can_delete_coverage=self.request.user.has_perm("network.delete_coverage"),
            add_coverage_url=reverse("network:coverage_add") + f"?country={country.pk}",
            history_url=with_as_of(reverse("network:country_history", args=[country.iso2]), self.request),
            **kwargs,
        )


class CountryHistoryView(CountryMixin, generic.ObjectHistoryView):
    pass


# --- Departments ----------------------------------------------------------------------


class DepartmentListView(generic.ObjectListView):
    model = Department
    filterset_class = filtersets.DepartmentFilterSet
    table_class = tables.DepartmentTable
    title = _("departments")

    def get_queryset(self):
        return selectors.departments_listed_on(self.request.as_of)


class DepartmentDetailView(generic.ObjectDetailView):
    model = Department
    queryset = Department.objects.with_place()
    template_name = "network/department_detail.html"

    def get_context_data(self, **kwargs):
        day, department = self.request.as_of, self.object
        coverages = (
            department.coverages.active_on(day)
            .select_related("country__region")
            .annotate(country_name=local_name("country__"))
            .order_by("country_name")
        )
        return super().get_context_data(
            open_on_day=department.is_active_on(day),
            figures=selectors.department_with_figures(department, day),
            coverages=coverages,
            positions=postings_selectors.positions_with_holders_on(day).filter(department=department),
            sections=mark_open_on(department.sections.select_related("country").order_by("city"), day),
            holders_table=holders_table(self.request, department=department),
            coverage_list_url=reverse("network:coverage_list") + f"?department={department.pk}&status=all",
            history_url=with_as_of(reverse("network:department_history", args=[department.pk]), self.request),
            **kwargs,
        )


class DepartmentHistoryView(generic.ObjectHistoryView):
    model = Department
    queryset = Department.objects.with_place()


# --- Sections -------------------------------------------------------------------------


class SectionListView(generic.ObjectListView):
    model = Section
    filterset_class = filtersets.SectionFilterSet
    table_class = tables.SectionTable
    title = _("sections")

    def get_queryset(self):
        return selectors.sections_listed_on(self.request.as_of)


class SectionDetailView(generic.ObjectDetailView):
    model = Section
    queryset = Section.objects.select_related("department__embassy__country", "country__region")
    template_name = "network/section_detail.html"

    def get_context_data(self, **kwargs):
        day, section = self.request.as_of, self.object
        return super().get_context_data(
            open_on_day=section.is_active_on(day),
            positions=postings_selectors.positions_with_holders_on(day).filter(section=section),
            holders_table=holders_table(self.request, section=section),
            history_url=with_as_of(reverse("network:section_history", args=[section.pk]), self.request),
            **kwargs,
        )


class SectionHistoryView(generic.ObjectHistoryView):
    model = Section


# --- Embassies ------------------------------------------------------------------------


class EmbassyListView(generic.ObjectListView):
    model = Embassy
    filterset_class = filtersets.EmbassyFilterSet
    table_class = tables.EmbassyTable

    def get_queryset(self):
        return selectors.embassies_listed_on(self.request.as_of)


class EmbassyDetailView(generic.ObjectDetailView):
    model = Embassy
    queryset = Embassy.objects.select_related("country__region")
    template_name = "network/embassy_detail.html"

    def get_context_data(self, **kwargs):
        day, embassy = self.request.as_of, self.object
        departments = selectors.departments_listed_on(day).filter(embassy=embassy).order_by("-start_date")
        return super().get_context_data(
            departments=mark_open_on(departments, day),
            history_url=with_as_of(reverse("network:embassy_history", args=[embassy.pk]), self.request),
            **kwargs,
        )


class EmbassyHistoryView(generic.ObjectHistoryView):
    model = Embassy


# --- Central units --------------------------------------------------------------------


class UnitTreeView(generic.ModelPermissionMixin, TemplateView):
    """The central entity as a tree, each unit with its positions and the people in post
    on the date; `?_export=csv` gives the same as one row per position."""

    model = DirectorateUnit
    template_name = "network/unit_tree.html"

    def get(self, request, *args, **kwargs):
        roots = selectors.central_unit_tree_on(request.as_of)
        if request.GET.get("_export") == ExcelFriendlyExport.CSV:
            exporter = ExcelFriendlyExport(
                export_format=ExcelFriendlyExport.CSV,
                table=tables.UnitPositionTable(unit_position_rows(roots)),
            )
            return exporter.response(filename=f"central-units-{request.as_of.isoformat()}.csv")
        return self.render_to_response(self.get_context_data(roots=roots, **kwargs))


def unit_position_rows(roots, depth=0, parent=None):
    """The tree, depth first, as one row per position (a unit without any: one row)."""
    rows = []
    for unit in roots:
        for position in unit.open_positions or [None]:
            holder = position.holders[0] if position is not None and position.holders else None
            label = str(holder.person) if holder else (_("vacant") if position is not None else "")
            rows.append(
                {
                    "unit": unit,
                    "parent": parent,
                    "depth": depth,
                    "position": position,
                    "holder": holder,
                    "holder_label": label,
                }
            )
        rows.extend(unit_position_rows(unit.subunits, depth + 1, unit))
    return rows


class UnitDetailView(generic.ObjectDetailView):
    model = DirectorateUnit
    queryset = DirectorateUnit.objects.select_related("parent")
    template_name = "network/unit_detail.html"

    def get_context_data(self, **kwargs):
        day, unit = self.request.as_of, self.object
        return super().get_context_data(
            subunits=unit.children.order_by("acronym"),
            departments=selectors.departments_listed_on(day).active_on(day).filter(supervising_unit=unit),
            positions=postings_selectors.positions_with_holders_on(day).filter(central_unit=unit),
            holders_table=holders_table(self.request, central_unit=unit),
            history_url=with_as_of(reverse("network:unit_history", args=[unit.pk]), self.request),
            **kwargs,
        )


class UnitHistoryView(generic.ObjectHistoryView):
    model = DirectorateUnit


# --- Coverage -------------------------------------------------------------------------


class CoverageListView(generic.ObjectListView):
    model = Coverage
    filterset_class = filtersets.CoverageFilterSet
    table_class = tables.CoverageTable

    def get_queryset(self):
        return selectors.coverages_listed()

    def get_context_data(self, **kwargs):
        return super().get_context_data(add_url=reverse("network:coverage_add"), **kwargs)


class CoverageCreateView(generic.ObjectCreateView):
    model = Coverage
    form_class = forms.CoverageForm

    def get_initial(self):
        """Pre-fill from the page the editor came from: ?country=<id>&department=<id>."""
        initial = super().get_initial()
        for name in ("country", "department"):
            value = self.request.GET.get(name, "")
            if value.isdigit():
                initial[name] = int(value)
        initial.setdefault("start_date", self.request.as_of)
        return initial

    def save_object(self, form):
        data = form.cleaned_data
        return services.coverage_start(
            department=data["department"],
            country=data["country"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            user=self.request.user,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=reverse("network:coverage_list"), **kwargs)


class CoverageObjectMixin:
    model = Coverage
    queryset = Coverage.objects.select_related("country", "department__embassy__country")


class CoverageEditView(CoverageObjectMixin, generic.ObjectEditView):
    form_class = forms.CoverageForm


class CoverageEndView(CoverageObjectMixin, generic.ObjectEditView):
    form_class = forms.CoverageEndForm
    template_name = "network/coverage_end.html"
    success_message = _("“%(object)s” was ended.")

    def get_initial(self):
        return {"end_date": self.object.end_date or self.request.as_of}

    def save_object(self, form):
        return services.coverage_end(
            coverage=form.instance, end_date=form.cleaned_data["end_date"], user=self.request.user
        )


class CoverageDeleteView(CoverageObjectMixin, generic.ObjectDeleteView):
    def get_success_url(self):
        return with_as_of(self.object.country.get_absolute_url(), self.request)


class CoverageHistoryView(CoverageObjectMixin, generic.ObjectHistoryView):
    pass


# --- Typeahead choosers (base/choosers.py) ---------------------------------------------


class CountryChoicesView(generic.TypeaheadView):
    chooser = choosers.COUNTRIES


class DepartmentChoicesView(generic.TypeaheadView):
    chooser = choosers.DEPARTMENTS


class SectionChoicesView(generic.TypeaheadView):
    chooser = choosers.SECTIONS


class UnitChoicesView(generic.TypeaheadView):
    chooser = choosers.CENTRAL_UNITS
