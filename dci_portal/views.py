from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from .selectors import network_figures


class DashboardView(TemplateView):
    template_name = "dci_portal/dashboard.html"

    def get_context_data(self, **kwargs):
        figures = network_figures(self.request.as_of)
        labels = {
            "embassies_with_department": _("embassies with a department"),
            "departments_open": _("departments open"),
            "countries_covered": _("countries covered"),
            "people_in_post_abroad": _("people in post abroad"),
            "vacant_positions_abroad": _("vacant positions abroad"),
            "sections_open": _("sections open"),
            "people_in_post_centrally": _("people in post in the central entity"),
        }
        cards = [
            {"key": key, "label": label, "value": figures[key], "url": None} for key, label in labels.items()
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
