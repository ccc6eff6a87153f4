"""Managers' reports: the country coverage report (page, CSV, XLSX, JSON, SVG map)
and the rotation outlook. Every view needs the export permission (403 without it)."""

from urllib.parse import urlencode

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from base.exports import filters_of, record_export
from base.views import later
from network.models import COVERAGE_REPORT_PERMISSION

from . import exports as report_exports
from . import worldmap
from .coverage import DEFINITION, SORTS, TOTALS_NOTE, coverage_report, rotation_outlook
from .forms import CoverageReportForm


class ReportPermissionMixin(PermissionRequiredMixin):
    permission_required = COVERAGE_REPORT_PERMISSION
    raise_exception = True  # logged in without the permission: 403 (anonymous users go to login first)
    rotation = False

    def get_form(self):
        return CoverageReportForm(self.request.GET, as_of=self.request.as_of, rotation=self.rotation)


def invalid_parameters(form):
    """400 with the messages, for exports and the map (the page shows the form instead)."""
    lines = [_("The report's parameters are not valid:")]
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        lines.extend(f"- {label}: {error}" if label else f"- {error}" for error in errors)
    return HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8")


def _query_string(form):
    return urlencode({k: v for k, v in form.query_parameters().items() if v})


class CoverageReportView(ReportPermissionMixin, TemplateView):
    template_name = "reports/coverage_report.html"

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            context = self.get_context_data(form=form, report=None)
            return TemplateResponse(request, self.template_name, context, status=400)
        query = _query_string(form)
        # The report, its map and its table are read from the shared cache when another
        # reader with the same permissions asked the same; they are computed only if not.
        report = later(lambda: coverage_report(form.cleaned_data["as_of"], **form.report_kwargs()))
        context = self.get_context_data(
            form=form,
            report=report,
            report_day=form.cleaned_data["as_of"],
            shared_fragments=True,
            columns=later(lambda: report_exports.columns(report)),
            sort_headers=later(lambda: self.sort_headers(form, report)),
            map_svg=later(lambda: worldmap.render_map(report)),
            map_legend=later(lambda: worldmap.legend(report)),
            missing_from_map=later(lambda: worldmap.missing_from_map(report)),
            parameters=form.parameters(),
            exports=[
                (label, f"{reverse(f'reports:coverage_{fmt}')}?{query}", fmt)
                for fmt, label in (("csv", "CSV"), ("xlsx", "XLSX"), ("json", "JSON"))
            ]
            + [(_("Map (SVG)"), f"{reverse('reports:coverage_map')}?{query}", "svg")],
            rotation_url=f"{reverse('reports:rotation')}?{query}",
            definition=DEFINITION,
            totals_note=TOTALS_NOTE,
        )
        return self.render_to_response(context)

    @staticmethod
    def sort_headers(form, report):
        """{sort key: {"url", "aria"}}: each sortable column's link (toggles direction)."""
        current = report.sort
        base = {k: v for k, v in form.query_parameters().items() if v and k != "sort"}
        headers = {}
        for key in SORTS:
            if current == key:
                target, aria = f"-{key}", "ascending"
            elif current == f"-{key}":
                target, aria = key, "descending"
            else:
                target, aria = key, None
            headers[key] = {"url": "?" + urlencode({**base, "sort": target}), "aria": aria}
        return headers


class CoverageExportView(ReportPermissionMixin, View):
    renderers = {
        "csv": (report_exports.render_csv, "text/csv; charset=utf-8"),
        "xlsx": (
            report_exports.render_xlsx,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        "json": (report_exports.render_json, "application/json"),
    }

    def get(self, request, fmt):
        form = self.get_form()
        if not form.is_valid():
            return invalid_parameters(form)
        report = coverage_report(form.cleaned_data["as_of"], **form.report_kwargs())
        context = report_exports.ExportContext.build(report, form, request.user)
        render, content_type = self.renderers[fmt]
        response = HttpResponse(render(context), content_type=content_type)
        record_export(
            user=request.user,
            kind="report: country coverage",
            file_format=fmt,
            filters=filters_of(request.GET),
            rows=len(report.rows),
        )
        response["Content-Disposition"] = f'attachment; filename="{report_exports.filename(context, fmt)}"'
        return response


class CoverageMapView(ReportPermissionMixin, View):
    """The map as a downloadable SVG file, for the same parameters as the page."""

    def get(self, request):
        form = self.get_form()
        if not form.is_valid():
            return invalid_parameters(form)
        report = coverage_report(form.cleaned_data["as_of"], **form.report_kwargs())
        context = report_exports.ExportContext.build(report, form, request.user)
        svg = worldmap.render_map(report, standalone=True, parameters=context.metadata())
        response = HttpResponse(svg.encode("utf-8"), content_type="image/svg+xml; charset=utf-8")
        name = report_exports.filename(context, "svg", stem="coverage-map")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class RotationOutlookView(ReportPermissionMixin, TemplateView):
    template_name = "reports/rotation_outlook.html"
    rotation = True

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return TemplateResponse(
                request, self.template_name, self.get_context_data(form=form, outlook=None), status=400
            )
        outlook = rotation_outlook(form.cleaned_data["as_of"], **form.report_kwargs())
        return self.render_to_response(
            self.get_context_data(
                form=form,
                outlook=outlook,
                parameters=form.parameters(),
                coverage_url=f"{reverse('reports:coverage')}?{_query_string(form)}",
            )
        )
