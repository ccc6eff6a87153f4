"""Pages of the network: countries, departments, sections, embassies, central units and
coverage, each as of the page's date (`request.as_of`), with the people who serve there
(which is why they sit above `postings`)."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from django.views.generic.detail import SingleObjectMixin
from django_tables2 import RequestConfig

from base import breadcrumbs
from base import views as generic
from base.asof import AsOfError, parse_as_of
from base.contacts import contacts_of
from base.exports import filters_of, record_export, requested_format
from base.tables import ExcelFriendlyExport, with_as_of
from network import choosers
from network import selectors as network_selectors
from network import services as network_services
from network.models import (
    EDIT_NETWORK_PERMISSION,
    Country,
    Coverage,
    Department,
    DirectorateUnit,
    Embassy,
    Section,
)
from network.selectors import coverage_of_country_on, local_name
from postings import figures as postings_figures
from postings import selectors as postings_selectors
from postings.models import based_in_q

from . import filtersets, forms, selectors, services, tables

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


def establishment_page(request, day, **unit):
    """The page of a unit's establishment table the URL asks for (`?positions_page=`)."""
    positions = postings_selectors.positions_with_holders_on(day).filter(**unit)
    return generic.page_of(request, positions, "positions_page")


def mark_open_on(records, day):
    """Set `open_on_day` on each dated record, for the templates."""
    records = list(records)
    for record in records:
        record.open_on_day = record.is_active_on(day)
    return records


def can_edit_network(request):
    return request.user.has_perm(EDIT_NETWORK_PERMISSION)


class NetworkEditMixin:
    permission_required = EDIT_NETWORK_PERMISSION


class NetworkListMixin:
    """The list's "Add" button, for Network editors."""

    add_url_name = None

    def get_context_data(self, **kwargs):
        kwargs.setdefault("can_add", can_edit_network(self.request))
        kwargs.setdefault("add_url", reverse(self.add_url_name))
        return super().get_context_data(**kwargs)


class NetworkDetailMixin:
    """The edit buttons of a detail page (`edit_url`, `close_url`…), for Network editors."""

    url_prefix = None
    actions = ("edit", "close")

    def get_context_data(self, **kwargs):
        allowed = can_edit_network(self.request)
        kwargs.setdefault("can_change", allowed)
        kwargs.setdefault("can_edit_network", allowed)
        for action in self.actions:
            kwargs.setdefault(
                f"{action}_url", reverse(f"network:{self.url_prefix}_{action}", args=[self.object.pk])
            )
        return super().get_context_data(**kwargs)


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
    shared_fragments = True

    def hosted_department(self, day, embassy):
        if embassy is None:
            return None
        return (
            selectors.departments_listed_on(day, grouped=False).active_on(day).filter(embassy=embassy).first()
        )

    def get_context_data(self, **kwargs):
        day, country, later = self.request.as_of, self.object, generic.later
        embassy = getattr(country, "embassy", None)  # None when France has no embassy there
        return super().get_context_data(
            coverage=coverage_of_country_on(country, day),
            embassy=embassy,
            embassy_open=embassy is not None and embassy.is_active_on(day),
            hosted_department=later(lambda: self.hosted_department(day, embassy)),
            staff_figure=postings_figures.STAFF_FOR_COUNTRY,
            staff=later(lambda: postings_figures.STAFF_FOR_COUNTRY.count(day, country)),
            vacancies=later(lambda: postings_figures.VACANCIES_FOR_COUNTRY.count(day, country)),
            postings=later(
                lambda: generic.page_of(
                    self.request, postings_selectors.postings_for_country(day, country), "team_page"
                )
            ),
            sections=later(
                lambda: mark_open_on(
                    country.sections.select_related("department__embassy").order_by("-start_date", "city"),
                    day,
                )
            ),
            coverage_history=later(
                lambda: mark_open_on(
                    country.coverages.select_related("department__embassy__country").order_by("-start_date"),
                    day,
                )
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


class DepartmentListView(NetworkListMixin, generic.ObjectListView):
    add_url_name = "network:department_add"
    model = Department
    filterset_class = filtersets.DepartmentFilterSet
    table_class = tables.DepartmentTable
    title = _("departments")

    def get_queryset(self):
        return selectors.departments_listed_on(self.request.as_of)


class DepartmentDetailView(NetworkDetailMixin, generic.ObjectDetailView):
    model = Department
    queryset = Department.objects.with_place()
    template_name = "network/department_detail.html"
    url_prefix = "department"
    actions = ("edit", "close", "reopen")
    shared_fragments = True

    def get_context_data(self, **kwargs):
        day, department, later = self.request.as_of, self.object, generic.later
        coverages = (
            department.coverages.active_on(day)
            .select_related("country__region")
            .annotate(country_name=local_name("country__"))
            .order_by("country_name")
        )
        return super().get_context_data(
            open_on_day=department.is_active_on(day),
            figures=later(lambda: selectors.department_with_figures(department, day)),
            coverages=coverages,
            positions=later(lambda: establishment_page(self.request, day, department=department)),
            sections=later(
                lambda: mark_open_on(department.sections.select_related("country").order_by("city"), day)
            ),
            holders_table=later(lambda: holders_table(self.request, department=department)),
            contacts=contacts_of(department, self.request.user),
            embassy_contacts=contacts_of(department.embassy, self.request.user),
            coverage_list_url=reverse("network:coverage_list") + f"?department={department.pk}&status=all",
            # Every period of a department in this embassy: a closed and reopened one shows both.
            periods=mark_open_on(
                Department.objects.filter(embassy=department.embassy_id).order_by("-start_date"), day
            ),
            add_section_url=reverse("network:section_add") + f"?department={department.pk}",
            history_url=with_as_of(reverse("network:department_history", args=[department.pk]), self.request),
            **kwargs,
        )


class DepartmentHistoryView(generic.ObjectHistoryView):
    model = Department
    queryset = Department.objects.with_place()


# --- Sections -------------------------------------------------------------------------


class SectionListView(NetworkListMixin, generic.ObjectListView):
    add_url_name = "network:section_add"
    model = Section
    filterset_class = filtersets.SectionFilterSet
    table_class = tables.SectionTable
    title = _("sections")

    def get_queryset(self):
        return selectors.sections_listed_on(self.request.as_of)


class SectionDetailView(NetworkDetailMixin, generic.ObjectDetailView):
    url_prefix = "section"
    model = Section
    queryset = Section.objects.select_related("department__embassy__country", "country__region")
    template_name = "network/section_detail.html"

    def get_context_data(self, **kwargs):
        day, section = self.request.as_of, self.object
        return super().get_context_data(
            open_on_day=section.is_active_on(day),
            staff=postings_figures.SECTION_STAFF.count(day, section),
            vacancies=postings_figures.SECTION_VACANCIES.count(day, section),
            positions=establishment_page(self.request, day, section=section),
            holders_table=holders_table(self.request, section=section),
            contacts=contacts_of(section, self.request.user),
            history_url=with_as_of(reverse("network:section_history", args=[section.pk]), self.request),
            **kwargs,
        )


class SectionHistoryView(generic.ObjectHistoryView):
    model = Section


# --- Embassies ------------------------------------------------------------------------


class EmbassyListView(NetworkListMixin, generic.ObjectListView):
    add_url_name = "network:embassy_add"
    model = Embassy
    filterset_class = filtersets.EmbassyFilterSet
    table_class = tables.EmbassyTable

    def get_queryset(self):
        return selectors.embassies_listed_on(self.request.as_of)


class EmbassyDetailView(NetworkDetailMixin, generic.ObjectDetailView):
    url_prefix = "embassy"
    model = Embassy
    queryset = Embassy.objects.select_related("country__region")
    template_name = "network/embassy_detail.html"

    def get_context_data(self, **kwargs):
        day, embassy = self.request.as_of, self.object
        departments = (
            selectors.departments_listed_on(day, grouped=False)
            .filter(embassy=embassy)
            .order_by("-start_date")
        )
        return super().get_context_data(
            departments=mark_open_on(departments, day),
            open_on_day=embassy.is_active_on(day),
            open_department_url=reverse("network:department_add") + f"?embassy={embassy.pk}",
            contacts=contacts_of(embassy, self.request.user),
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
        if requested_format(request, (ExcelFriendlyExport.CSV,)):
            exporter = ExcelFriendlyExport(
                export_format=ExcelFriendlyExport.CSV,
                table=tables.UnitPositionTable(unit_position_rows(roots)),
            )
            record_export(
                user=request.user,
                kind="list: central units",
                file_format=ExcelFriendlyExport.CSV,
                filters=filters_of(request.GET),
                rows=len(exporter.dataset),
            )
            return exporter.response(filename=f"central-units-{request.as_of.isoformat()}.csv")
        return self.render_to_response(
            self.get_context_data(
                roots=roots, can_add=can_edit_network(request), add_url=reverse("network:unit_add"), **kwargs
            )
        )


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


class UnitDetailView(NetworkDetailMixin, generic.ObjectDetailView):
    model = DirectorateUnit
    list_url_name = "network:unit_list"
    template_name = "network/unit_detail.html"
    url_prefix = "unit"
    actions = ("edit", "move", "close")

    def get_context_data(self, **kwargs):
        day, unit = self.request.as_of, self.object
        parent, subunits = selectors.unit_place_on(unit, day)
        return super().get_context_data(
            open_on_day=unit.is_active_on(day),
            parent_on_day=parent,
            subunits=subunits,
            places=network_selectors.places_of_unit(unit),
            add_subunit_url=reverse("network:unit_add") + f"?parent={unit.pk}",
            departments=selectors.departments_listed_on(day, grouped=False)
            .active_on(day)
            .filter(supervising_unit=unit),
            positions=establishment_page(self.request, day, central_unit=unit),
            holders_table=holders_table(self.request, central_unit=unit),
            history_url=with_as_of(reverse("network:unit_history", args=[unit.pk]), self.request),
            **kwargs,
        )


class UnitHistoryView(generic.ObjectHistoryView):
    model = DirectorateUnit
    list_url_name = "network:unit_list"


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
        return network_services.coverage_start(
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
    breadcrumb_action = breadcrumbs.END
    success_message = _("“%(object)s” was ended.")

    def get_initial(self):
        return {"end_date": self.object.end_date or self.request.as_of}

    def save_object(self, form):
        return network_services.coverage_end(
            coverage=form.instance, end_date=form.cleaned_data["end_date"], user=self.request.user
        )


class CoverageDeleteView(CoverageObjectMixin, generic.ObjectDeleteView):
    def get_success_url(self):
        return with_as_of(self.object.country.get_absolute_url(), self.request)


class CoverageHistoryView(CoverageObjectMixin, generic.ObjectHistoryView):
    pass


# --- Editing the network ------------------------------------------------------------------
# Pages of Network editors (permission network.edit_network, not the models' own
# add/change permissions, which stay the admin's). Writes go through the services of
# network/services.py and directory/services.py; closures and moves are dated and
# never change what the portal shows for the days before them.


class NetworkObjectFormView(NetworkEditMixin, generic.ModelPermissionMixin, SingleObjectMixin, FormView):
    """A form about one record of the network (close it, move it), saved by `save(form)`
    through a service; the rules' errors come back to the form, nothing written."""

    success_message = None

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            self.save(form)
        except ValidationError as error:
            # Nothing was written; the record in hand may carry the refused values.
            self.object = self.get_object()
            generic.apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"object": self.object})
        return HttpResponseRedirect(with_as_of(self.object.get_absolute_url(), self.request))

    def save(self, form):
        raise NotImplementedError


def parse_day(raw):
    try:
        return parse_as_of(raw) if raw and raw.strip() else None
    except AsOfError:
        return None


class ClosureView(NetworkObjectFormView):
    """Close a department, a section or a central unit after its last day: the page
    shows what the closure touches on that day (directory.selectors.Closure) with a
    choice for each record, and the service does it all in one transaction. Changing
    the date shows the list for the new date before anything is written."""

    template_name = "network/closure.html"
    form_class = forms.ClosureForm
    success_message = _("“%(object)s” was closed.")
    submit_label = None

    def closure_on(self, day):
        raise NotImplementedError

    def exclude_positions_q(self):
        raise NotImplementedError

    def receiving_departments(self, after):
        return Department.objects.none()

    @cached_property
    def day(self):
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        if "end_date" not in data:
            return self.object.end_date if self.object.end_date else self.request.as_of
        return parse_day(data["end_date"])

    @cached_property
    def closure(self):
        return None if self.day is None else self.closure_on(self.day)

    @cached_property
    def previewing(self):
        post = self.request.POST
        return self.request.method == "POST" and (
            "_preview" in post or post.get("shown_for") != post.get("end_date")
        )

    def get_initial(self):
        return {"end_date": self.day}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.previewing:
            # A new date: show what closing then touches, keeping the choices made so far.
            kwargs.pop("data", None)
            kwargs.pop("files", None)
            kwargs["initial"] = {**self.request.POST.dict(), "end_date": self.day}
        if self.closure is not None:
            after = self.closure.after
            kwargs.update(
                closure=self.closure,
                departments=self.receiving_departments(after),
                vacancies=selectors.vacancies_from(after, exclude_q=self.exclude_positions_q()),
            )
        return kwargs

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.previewing:
            return self.render_to_response(self.get_context_data())
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            day=self.day, closure=self.closure, submit_label=self.submit_label, **kwargs
        )
        form = context["form"]
        for kind in ("coverages", "sections", "postings"):
            context[f"{kind[:-1]}_rows"] = form.bound_rows(kind)
        return context


class DepartmentOpenView(NetworkEditMixin, generic.ModelPermissionMixin, FormView):
    """Open a department in an embassy, covering its host country from its first day."""

    model = Department
    form_class = forms.DepartmentOpenForm
    template_name = "network/department_open.html"
    reopening = None

    def get_initial(self):
        initial = {"start_date": self.request.as_of}
        value = self.request.GET.get("embassy", "")
        if value.isdigit():
            initial["embassy"] = int(value)
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "reopening": self.reopening}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.object = services.department_open(
                embassy=data.get("embassy") or self.reopening.embassy,
                supervising_unit=data["supervising_unit"],
                start_date=data["start_date"],
                notes=data["notes"],
                cover_host=data["cover_host"],
                copy_positions_of=self.reopening if data.get("copy_positions") else None,
                user=self.request.user,
                reason=data["reason"],
            )
        except ValidationError as error:
            generic.apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("“%(object)s” was opened.") % {"object": self.object})
        return HttpResponseRedirect(with_as_of(self.object.get_absolute_url(), self.request))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reopening=self.reopening, cancel_url=reverse("network:department_list"), **kwargs
        )


class DepartmentReopenView(DepartmentOpenView):
    """Open a new department in the embassy of a closed one (a new record for the new
    period, see Department), with the positions it had on its last day if wanted."""

    queryset = Department.objects.with_place()

    def get(self, request, *args, **kwargs):
        self.reopening = get_object_or_404(self.queryset, pk=kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.reopening = get_object_or_404(self.queryset, pk=kwargs["pk"])
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        previous = self.reopening
        start = self.request.as_of
        if previous.end_date and start <= previous.end_date:
            start = previous.end_date + datetime.timedelta(days=1)
        return {"start_date": start, "supervising_unit": previous.supervising_unit_id}


class DepartmentEditView(NetworkEditMixin, generic.ObjectEditView):
    model = Department
    queryset = Department.objects.with_place()
    form_class = forms.DepartmentEditForm


class DepartmentCloseView(ClosureView):
    submit_label = _("Close the department")
    model = Department
    queryset = Department.objects.with_place()

    def closure_on(self, day):
        return selectors.closure_of_department(self.object, day)

    def exclude_positions_q(self):
        return based_in_q(department=self.object)

    def receiving_departments(self, after):
        departments = network_selectors.departments_open_on(after).exclude(pk=self.object.pk)
        return departments.order_by("embassy__city")

    def get_context_data(self, **kwargs):
        day = self.day
        return super().get_context_data(
            figures=selectors.department_with_figures(self.object, day) if day else None, **kwargs
        )

    def save(self, form):
        services.department_close(
            department=self.object,
            end_date=form.cleaned_data["end_date"],
            coverages=form.choices("coverages"),
            sections=form.choices("sections"),
            postings=form.choices("postings"),
            user=self.request.user,
            reason=form.cleaned_data["reason"],
        )


class SectionOpenView(NetworkEditMixin, generic.ModelPermissionMixin, FormView):
    """Open a section under a department — in any city or country — with its positions."""

    model = Section
    form_class = forms.SectionOpenForm
    template_name = "network/section_open.html"

    def get_initial(self):
        initial = {"start_date": self.request.as_of}
        value = self.request.GET.get("department", "")
        if value.isdigit():
            initial["department"] = int(value)
        return initial

    def get_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return forms.SectionPositionFormSet(data, prefix="positions")

    def post(self, request, *args, **kwargs):
        form, formset = self.get_form(), self.get_formset()
        if not (form.is_valid() and formset.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        data = form.cleaned_data
        positions = [row.cleaned_data for row in formset if row.has_changed() and row.cleaned_data]
        try:
            section = services.section_open(
                department=data["department"],
                country=data["country"],
                city=data["city"],
                city_fr=data["city_fr"],
                start_date=data["start_date"],
                positions=positions,
                user=request.user,
                reason=data["reason"],
            )
        except ValidationError as error:
            generic.apply_validation_error(form, error)
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        messages.success(request, _("“%(object)s” was opened.") % {"object": section})
        return HttpResponseRedirect(with_as_of(section.get_absolute_url(), request))

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", self.get_formset())
        return super().get_context_data(cancel_url=reverse("network:section_list"), **kwargs)


class SectionEditView(NetworkEditMixin, generic.ObjectEditView):
    model = Section
    queryset = Section.objects.select_related("department__embassy", "country")
    form_class = forms.SectionEditForm


class SectionCloseView(ClosureView):
    submit_label = _("Close the section")
    model = Section
    queryset = Section.objects.select_related("department__embassy", "country")

    def closure_on(self, day):
        return selectors.closure_of_section(self.object, day)

    def exclude_positions_q(self):
        return Q(section=self.object)

    def save(self, form):
        services.section_close(
            section=self.object,
            end_date=form.cleaned_data["end_date"],
            postings=form.choices("postings"),
            user=self.request.user,
            reason=form.cleaned_data["reason"],
        )


class EmbassyCreateView(NetworkEditMixin, generic.ObjectCreateView):
    model = Embassy
    form_class = forms.EmbassyOpenForm

    def get_initial(self):
        return {"start_date": self.request.as_of}

    def save_object(self, form):
        data = form.cleaned_data
        return network_services.embassy_open(
            country=data["country"],
            city=data["city"],
            city_fr=data["city_fr"],
            start_date=data["start_date"],
            user=self.request.user,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=reverse("network:embassy_list"), **kwargs)


class EmbassyEditView(NetworkEditMixin, generic.ObjectEditView):
    model = Embassy
    queryset = Embassy.objects.select_related("country")
    form_class = forms.EmbassyEditForm


class EmbassyCloseView(NetworkObjectFormView):
    model = Embassy
    queryset = Embassy.objects.select_related("country")
    form_class = forms.CloseForm
    template_name = "network/embassy_close.html"
    success_message = _("“%(object)s” was closed.")

    def get_initial(self):
        return {"end_date": self.object.end_date or self.request.as_of}

    def get_context_data(self, **kwargs):
        departments = self.object.departments.select_related("embassy").order_by("-start_date")
        return super().get_context_data(departments=departments, **kwargs)

    def save(self, form):
        network_services.embassy_close(
            embassy=self.object,
            end_date=form.cleaned_data["end_date"],
            user=self.request.user,
            reason=form.cleaned_data["reason"],
        )


class UnitCreateView(NetworkEditMixin, generic.ObjectCreateView):
    model = DirectorateUnit
    form_class = forms.UnitOpenForm

    def get_initial(self):
        initial = {"start_date": self.request.as_of}
        value = self.request.GET.get("parent", "")
        if value.isdigit():
            initial["parent"] = int(value)
        return initial

    def save_object(self, form):
        return network_services.unit_open(unit=form.instance, user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=reverse("network:unit_list"), **kwargs)


class UnitEditView(NetworkEditMixin, generic.ObjectEditView):
    model = DirectorateUnit
    form_class = forms.UnitEditForm


class UnitMoveView(NetworkObjectFormView):
    """Place a central unit under another from a day on (refused if it would sit below
    itself); the tree of earlier days keeps it where it was."""

    model = DirectorateUnit
    queryset = DirectorateUnit.objects.select_related("parent")
    form_class = forms.UnitMoveForm
    template_name = "network/unit_move.html"
    success_message = _("“%(object)s” was moved.")

    def get_initial(self):
        return {"parent": self.object.parent_id, "day": self.request.as_of}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "unit": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(places=network_selectors.places_of_unit(self.object), **kwargs)

    def save(self, form):
        data = form.cleaned_data
        network_services.unit_move(
            unit=self.object,
            parent=data["parent"],
            day=data["day"],
            user=self.request.user,
            reason=data["reason"],
        )


class UnitCloseView(ClosureView):
    submit_label = _("Close the unit")
    model = DirectorateUnit

    def closure_on(self, day):
        return selectors.closure_of_unit(self.object, day)

    def exclude_positions_q(self):
        return Q(central_unit=self.object)

    def save(self, form):
        services.unit_close(
            unit=self.object,
            end_date=form.cleaned_data["end_date"],
            postings=form.choices("postings"),
            user=self.request.user,
            reason=form.cleaned_data["reason"],
        )


# --- Typeahead choosers (base/choosers.py) ---------------------------------------------


class CountryChoicesView(generic.TypeaheadView):
    chooser = choosers.COUNTRIES


class DepartmentChoicesView(generic.TypeaheadView):
    chooser = choosers.DEPARTMENTS


class SectionChoicesView(generic.TypeaheadView):
    chooser = choosers.SECTIONS


class UnitChoicesView(generic.TypeaheadView):
    chooser = choosers.CENTRAL_UNITS
