from django.urls import path

from . import views

app_name = "rounds"

urlpatterns = [
    path("", views.RoundListView.as_view(), name="round_list"),
    path("add/", views.RoundCreateView.as_view(), name="round_add"),
    path("mine/", views.MyApplicationsView.as_view(), name="my_applications"),
    path("<int:pk>/", views.RoundDetailView.as_view(), name="round_detail"),
    path("<int:pk>/edit/", views.RoundEditView.as_view(), name="round_edit"),
    path("<int:pk>/move/", views.RoundMoveView.as_view(), name="round_move"),
    path("<int:pk>/proposals/", views.ProposalsView.as_view(), name="round_proposals"),
    path("<int:pk>/export/", views.RoundExportView.as_view(), name="round_export"),
    path("<int:pk>/history/", views.RoundHistoryView.as_view(), name="round_history"),
    path("notices/<int:pk>/", views.NoticeDetailView.as_view(), name="notice_detail"),
    path("notices/<int:pk>/edit/", views.NoticeEditView.as_view(), name="notice_edit"),
    path("notices/<int:pk>/delete/", views.NoticeDeleteView.as_view(), name="notice_delete"),
    path("notices/<int:pk>/history/", views.NoticeHistoryView.as_view(), name="notice_history"),
    path("notices/<int:pk>/apply/", views.ApplyView.as_view(), name="notice_apply"),
    path("notices/<int:pk>/withdraw/", views.WithdrawView.as_view(), name="notice_withdraw"),
    path("notices/<int:pk>/candidates/", views.CandidatesView.as_view(), name="notice_candidates"),
    path("notices/<int:pk>/decide/", views.DecideView.as_view(), name="notice_decide"),
]
