from django.urls import path

from . import views

app_name = "postings"

urlpatterns = [
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/add/", views.PersonCreateView.as_view(), name="person_add"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("people/<int:pk>/edit/", views.PersonEditView.as_view(), name="person_edit"),
    path("people/<int:pk>/delete/", views.PersonDeleteView.as_view(), name="person_delete"),
    path("people/<int:pk>/history/", views.PersonHistoryView.as_view(), name="person_history"),
    path("positions/", views.PositionListView.as_view(), name="position_list"),
    path("positions/vacancies/", views.VacancyListView.as_view(), name="vacancy_list"),
    path("positions/add/", views.PositionCreateView.as_view(), name="position_add"),
    path("positions/<int:pk>/", views.PositionDetailView.as_view(), name="position_detail"),
    path("positions/<int:pk>/edit/", views.PositionEditView.as_view(), name="position_edit"),
    path("positions/<int:pk>/delete/", views.PositionDeleteView.as_view(), name="position_delete"),
    path("positions/<int:pk>/history/", views.PositionHistoryView.as_view(), name="position_history"),
    path("postings/", views.PostingListView.as_view(), name="posting_list"),
    path("postings/rotation-plan/", views.RotationPlanView.as_view(), name="rotation_plan"),
    path("postings/add/", views.PostingCreateView.as_view(), name="posting_add"),
    path("postings/<int:pk>/", views.PostingDetailView.as_view(), name="posting_detail"),
    path("postings/<int:pk>/edit/", views.PostingEditView.as_view(), name="posting_edit"),
    path("postings/<int:pk>/end/", views.PostingEndView.as_view(), name="posting_end"),
    path("postings/<int:pk>/delete/", views.PostingDeleteView.as_view(), name="posting_delete"),
    path("postings/<int:pk>/history/", views.PostingHistoryView.as_view(), name="posting_history"),
    path("choices/people/", views.PersonChoicesView.as_view(), name="person_choices"),
    path("choices/positions/", views.PositionChoicesView.as_view(), name="position_choices"),
]
