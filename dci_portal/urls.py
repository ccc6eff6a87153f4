from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from base.views import RecentChangesView

from . import views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("changes/", RecentChangesView.as_view(), name="recent_changes"),
    path("healthz", views.health_check, name="healthz"),
    path("accounts/login/", views.PortalLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("network/", include("directory.urls")),
    path("postings/", include("postings.urls")),
    path("reports/", include("reports.urls")),
    path("briefs/", include("briefs.urls")),
    path("api/", include("api.urls")),
    path("rounds/", include("rounds.urls")),
    path("imports/", include("spreadsheets.urls")),
    path("jobs/", include("jobs.urls")),
    path("admin/", admin.site.urls),
]

# The error pages, in the site's layout and the user's language (base/errors.py).
handler400 = "base.errors.bad_request"
handler403 = "base.errors.permission_denied"
handler404 = "base.errors.page_not_found"
handler500 = "base.errors.server_error"
