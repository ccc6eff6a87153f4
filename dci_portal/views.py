from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from .filtersets import SEARCH_MAX_LENGTH
from .search import QueryError, search
from .selectors import network_figures
from .tables import with_as_of

# The dashboard's figures, each with the filtered list that shows exactly those rows
# on the same date (tests check that the list's count equals the figure).
FIGURES = (
    (
        "embassies_with_department",
        _("embassies with a department"),
        "network:embassy_list",
        "has_department=yes",
    ),
    ("departments_open", _("departments open"), "network:department_list", "status=open"),
    ("countries_covered", _("countries covered"), "network:country_list", "covered=yes"),
    ("people_in_post_abroad", _("people in post abroad"), "postings:person_list", "in_post=abroad"),
    (
        "vacant_positions_abroad",
        _("vacant positions abroad"),
        "postings:position_list",
        "vacant=yes&unit_kind=abroad",
    ),
    ("sections_open", _("sections open"), "network:section_list", "status=open"),
    (
        "people_in_post_centrally",
        _("people in post in the central entity"),
        "postings:person_list",
        "in_post=central",
    ),
)


def figure_url(url_name, params, request):
    return with_as_of(f"{reverse(url_name)}?{params}", request)


class DashboardView(TemplateView):
    template_name = "dci_portal/dashboard.html"

    def get_context_data(self, **kwargs):
        figures = network_figures(self.request.as_of)
        cards = [
            {
                "key": key,
                "label": label,
                "value": figures[key],
                "url": figure_url(url_name, params, self.request),
            }
            for key, label, url_name, params in FIGURES
        ]
        return super().get_context_data(figures=figures, figure_cards=cards, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class PortalLoginView(auth_views.LoginView):
    redirect_authenticated_user = True


@login_not_required
@never_cache
def health_check(request):
    """For load balancers: 200 when the database answers, 503 otherwise. No data."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


class SearchView(TemplateView):
    """Global search across people, countries, embassies, departments and positions."""

    template_name = "dci_portal/search.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()
        sections, error = None, None
        if query:
            try:
                sections = search(query, user=self.request.user, day=self.request.as_of, request=self.request)
            except QueryError as exc:
                error = str(exc)
        return super().get_context_data(
            query=query[:SEARCH_MAX_LENGTH],
            max_length=SEARCH_MAX_LENGTH,
            sections=sections,
            total=sum(section["count"] for section in sections or ()),
            error=error,
            **kwargs,
        )
