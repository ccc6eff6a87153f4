from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.messages.views import SuccessMessageMixin
from django.db import connection
from django.http import JsonResponse
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from base.errors import RETRY_AFTER_SECONDS
from base.filtersets import SEARCH_MAX_LENGTH
from base.tables import with_as_of
from base.views import later
from network import figures as network_figures
from postings import figures as postings_figures

from .search import QueryError, search

# The dashboard's figures (the register's), each with the filtered list that shows
# exactly the rows it counts on the same date (the consistency tests check both).
DASHBOARD = (
    (network_figures.EMBASSIES_WITH_DEPARTMENT, "network:embassy_list", "has_department=yes"),
    (network_figures.DEPARTMENTS_OPEN, "network:department_list", "status=open"),
    (network_figures.COUNTRIES_COVERED, "network:country_list", "covered=yes"),
    (network_figures.COUNTRIES_COVERED_RESIDENT, "network:country_list", "residence=resident"),
    (network_figures.COUNTRIES_COVERED_NON_RESIDENT, "network:country_list", "residence=non_resident"),
    (postings_figures.PEOPLE_IN_POST_ABROAD, "postings:person_list", "in_post=abroad"),
    (postings_figures.VACANCIES_ABROAD, "postings:position_list", "vacant=yes&unit_kind=abroad"),
    (postings_figures.POSTINGS_ENDING_ABROAD, "postings:rotation_plan", "months=6&unit_kind=abroad"),
    (network_figures.SECTIONS_OPEN, "network:section_list", "status=open"),
    (postings_figures.PEOPLE_IN_POST_IN_FRANCE, "postings:person_list", "in_post=central"),
)


class DashboardView(TemplateView):
    template_name = "dci_portal/dashboard.html"

    def get_context_data(self, **kwargs):
        day = self.request.as_of
        cards = [
            {
                "figure": figure,
                "value": figure.count(day),
                "url": with_as_of(f"{reverse(url_name)}?{params}", self.request),
            }
            for figure, url_name, params in DASHBOARD
        ]
        return super().get_context_data(figure_cards=cards, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class PortalLoginView(auth_views.LoginView):
    redirect_authenticated_user = True


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    """Every user changes their own password (the old one asked first); the session stays open."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("dashboard")
    success_message = gettext_lazy("Your password has been changed.")


@login_not_required
@never_cache
def health_check(request):
    """For load balancers: 200 when the database answers, 503 otherwise. No data."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        response = JsonResponse({"status": "unavailable"}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok"})


class SearchView(TemplateView):
    """Global search across people, countries, embassies, departments and positions."""

    template_name = "dci_portal/search.html"

    def results(self, query):
        try:
            sections = search(query, user=self.request.user, day=self.request.as_of, request=self.request)
        except QueryError as exc:
            return {"error": str(exc)}
        return {"sections": sections, "total": sum(section["count"] for section in sections)}

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()
        return super().get_context_data(
            query=query[:SEARCH_MAX_LENGTH],
            max_length=SEARCH_MAX_LENGTH,
            # Searched only when the page's results are not already in the shared cache.
            results=later(lambda: self.results(query)) if query else None,
            shared_fragments=True,
            **kwargs,
        )
