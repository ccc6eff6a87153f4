from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("", views.JobListView.as_view(), name="list"),
    path("<int:pk>/", views.JobDetailView.as_view(), name="detail"),
    path("<int:pk>/status/", views.JobDetailView.as_view(partial=True), name="status"),
    path("<int:pk>/result/", views.JobResultView.as_view(), name="result"),
    path("export/", views.BackgroundExportView.as_view(), name="export"),
]
