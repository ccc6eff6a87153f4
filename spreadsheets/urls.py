"""URLs of the spreadsheet import helpers; included by dci_portal/urls.py under imports/."""

from django.urls import path

from . import views as import_views

app_name = "imports"

urlpatterns = [
    path("templates/<slug:kind>.<str:fmt>", import_views.SpreadsheetTemplateView.as_view(), name="template"),
]
