from django.urls import path

from . import views

app_name = "briefs"

urlpatterns = [
    path("countries/<str:iso2>/", views.CountryBriefView.as_view(), name="country_brief"),
    path(
        "countries/<str:iso2>/brief.pdf",
        views.CountryBriefView.as_view(output=views.PDF),
        name="country_brief_pdf",
    ),
    path(
        "countries/<str:iso2>/team.vcf",
        views.CountryBriefView.as_view(output=views.VCF),
        name="country_team_vcf",
    ),
    path("departments/<int:pk>/", views.DepartmentBriefView.as_view(), name="department_brief"),
    path(
        "departments/<int:pk>/brief.pdf",
        views.DepartmentBriefView.as_view(output=views.PDF),
        name="department_brief_pdf",
    ),
    path(
        "departments/<int:pk>/team.vcf",
        views.DepartmentBriefView.as_view(output=views.VCF),
        name="department_team_vcf",
    ),
    path("people/<int:pk>/card.vcf", views.PersonCardView.as_view(), name="person_vcard"),
]
