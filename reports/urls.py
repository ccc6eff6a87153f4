from django.urls import path
from django.views.generic import RedirectView

from . import views as report_views

app_name = "reports"
export = report_views.CoverageExportView.as_view()

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="reports:coverage", query_string=True), name="index"),
    path("coverage/", report_views.CoverageReportView.as_view(), name="coverage"),
    *(
        path(f"coverage/export.{fmt}", export, {"fmt": fmt}, name=f"coverage_{fmt}")
        for fmt in report_views.CoverageExportView.renderers
    ),
    path("coverage/map.svg", report_views.CoverageMapView.as_view(), name="coverage_map"),
    path("rotation/", report_views.RotationOutlookView.as_view(), name="rotation"),
]
