from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("countries/", views.CountryListView.as_view(), name="country_list"),
    path("countries/<str:iso2>/", views.CountryDetailView.as_view(), name="country_detail"),
    path("countries/<str:iso2>/history/", views.CountryHistoryView.as_view(), name="country_history"),
    path("departments/", views.DepartmentListView.as_view(), name="department_list"),
    path("departments/<int:pk>/", views.DepartmentDetailView.as_view(), name="department_detail"),
    path("departments/<int:pk>/history/", views.DepartmentHistoryView.as_view(), name="department_history"),
    path("sections/", views.SectionListView.as_view(), name="section_list"),
    path("sections/<int:pk>/", views.SectionDetailView.as_view(), name="section_detail"),
    path("sections/<int:pk>/history/", views.SectionHistoryView.as_view(), name="section_history"),
    path("embassies/", views.EmbassyListView.as_view(), name="embassy_list"),
    path("embassies/<int:pk>/", views.EmbassyDetailView.as_view(), name="embassy_detail"),
    path("embassies/<int:pk>/history/", views.EmbassyHistoryView.as_view(), name="embassy_history"),
    path("units/", views.UnitTreeView.as_view(), name="unit_list"),
    path("units/<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("units/<int:pk>/history/", views.UnitHistoryView.as_view(), name="unit_history"),
    path("coverages/", views.CoverageListView.as_view(), name="coverage_list"),
    path("coverages/add/", views.CoverageCreateView.as_view(), name="coverage_add"),
    path("coverages/<int:pk>/edit/", views.CoverageEditView.as_view(), name="coverage_edit"),
    path("coverages/<int:pk>/end/", views.CoverageEndView.as_view(), name="coverage_end"),
    path("coverages/<int:pk>/delete/", views.CoverageDeleteView.as_view(), name="coverage_delete"),
    path("coverages/<int:pk>/history/", views.CoverageHistoryView.as_view(), name="coverage_history"),
    path("choices/countries/", views.CountryChoicesView.as_view(), name="country_choices"),
    path("choices/departments/", views.DepartmentChoicesView.as_view(), name="department_choices"),
    path("choices/sections/", views.SectionChoicesView.as_view(), name="section_choices"),
    path("choices/units/", views.UnitChoicesView.as_view(), name="unit_choices"),
]
