from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("countries/", views.CountryListView.as_view(), name="country_list"),
    path("countries/<str:iso2>/", views.CountryDetailView.as_view(), name="country_detail"),
    path("countries/<str:iso2>/history/", views.CountryHistoryView.as_view(), name="country_history"),
    path("departments/", views.DepartmentListView.as_view(), name="department_list"),
    path("departments/add/", views.DepartmentOpenView.as_view(), name="department_add"),
    path("departments/<int:pk>/", views.DepartmentDetailView.as_view(), name="department_detail"),
    path("departments/<int:pk>/edit/", views.DepartmentEditView.as_view(), name="department_edit"),
    path("departments/<int:pk>/close/", views.DepartmentCloseView.as_view(), name="department_close"),
    path("departments/<int:pk>/reopen/", views.DepartmentReopenView.as_view(), name="department_reopen"),
    path("departments/<int:pk>/history/", views.DepartmentHistoryView.as_view(), name="department_history"),
    path("sections/", views.SectionListView.as_view(), name="section_list"),
    path("sections/add/", views.SectionOpenView.as_view(), name="section_add"),
    path("sections/<int:pk>/", views.SectionDetailView.as_view(), name="section_detail"),
    path("sections/<int:pk>/edit/", views.SectionEditView.as_view(), name="section_edit"),
    path("sections/<int:pk>/close/", views.SectionCloseView.as_view(), name="section_close"),
    path("sections/<int:pk>/history/", views.SectionHistoryView.as_view(), name="section_history"),
    path("embassies/", views.EmbassyListView.as_view(), name="embassy_list"),
    path("embassies/add/", views.EmbassyCreateView.as_view(), name="embassy_add"),
    path("embassies/<int:pk>/", views.EmbassyDetailView.as_view(), name="embassy_detail"),
    path("embassies/<int:pk>/edit/", views.EmbassyEditView.as_view(), name="embassy_edit"),
    path("embassies/<int:pk>/close/", views.EmbassyCloseView.as_view(), name="embassy_close"),
    path("embassies/<int:pk>/history/", views.EmbassyHistoryView.as_view(), name="embassy_history"),
    path("units/", views.UnitTreeView.as_view(), name="unit_list"),
    path("units/add/", views.UnitCreateView.as_view(), name="unit_add"),
    path("units/<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("units/<int:pk>/edit/", views.UnitEditView.as_view(), name="unit_edit"),
    path("units/<int:pk>/move/", views.UnitMoveView.as_view(), name="unit_move"),
    path("units/<int:pk>/close/", views.UnitCloseView.as_view(), name="unit_close"),
    path("units/<int:pk>/history/", views.UnitHistoryView.as_view(), name="unit_history"),
    path("coverages/", views.CoverageListView.as_view(), name="coverage_list"),
    path("coverages/add/", views.CoverageCreateView.as_view(), name="coverage_add"),
    path("coverages/<int:pk>/edit/", views.CoverageEditView.as_view(), name="coverage_edit"),
    path("coverages/<int:pk>/end/", views.CoverageEndView.as_view(), name="coverage_end"),
    path("coverages/<int:pk>/delete/", views.CoverageDeleteView.as_view(), name="coverage_delete"),
    path("coverages/<int:pk>/history/", views.CoverageHistoryView.as_view(), name="coverage_history"),
]
