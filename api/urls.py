from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("", views.DocsView.as_view(), name="docs"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("tokens/", views.TokenView.as_view(), name="tokens"),
    path("reports/coverage/", views.CoverageReportEndpoint.as_view(), name="coverage_report"),
]
for segment, ((list_view, detail_view), key) in views.ENDPOINTS.items():
    name = segment.replace("-", "_")
    urlpatterns += [
        path(f"{segment}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{segment}/{key}/", detail_view.as_view(), name=f"{name}_detail"),
    ]
