"""The portal's error pages: 400, 403 (also a failed CSRF check), 404 and 500; the
lock-out page (429) is django-axes' AXES_LOCKOUT_TEMPLATE. Each says, in the user's
language, what happened and offers a way on; a 403 names the group that grants access.

400, 403 and 404 render in the full layout (menu, search). If that fails, and always for
a 500, the page renders from templates alone on the minimal layout: no database, no
context processors, nothing read from a request that may be what broke.
"""

import logging
import sys

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import BadRequest, DisallowedHost, ImproperlyConfigured
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

from .groups import group_description, groups_granting

logger = logging.getLogger(__name__)

FULL_LAYOUT = "base.html"  # errors/base_error.html falls back to errors/layout.html
# During a database outage (a restart, a failover), how soon a browser or a client may retry.
RETRY_AFTER_SECONDS = 30
HEALTH_CHECK_PATH = "/healthz"


class RequestRefused(BadRequest):
    """A 400 whose message tells the user what in the request is wrong."""


def required_permissions(request):
    """The permissions the view of `request` required, when it is a PermissionRequiredMixin
    view (the portal's generic views, the reports); () otherwise."""
    match = getattr(request, "resolver_match", None)
    view_class = getattr(getattr(match, "func", None), "view_class", None)
    if view_class is None or not issubclass(view_class, PermissionRequiredMixin):
        return ()
    view = view_class(**getattr(match.func, "view_initkwargs", {}))
    view.setup(request, *match.args, **match.kwargs)
    try:
        return tuple(view.get_permission_required())
    except ImproperlyConfigured:
        return ()


def previous_page(request):
    """The page the user came from, when it is one of the portal's; else None."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:  # the 400 of a request for a host the portal does not serve
        return None
    if referer and url_has_allowed_host_and_scheme(referer, {host}, request.is_secure()):
        return referer
    return None


def render_error(request, template_name, status, context=None):
    context = dict(context or {})
    try:
        context["previous_page"] = previous_page(request)
        return render(request, template_name, {"layout": FULL_LAYOUT, **context}, status=status)
    except Exception:
        logger.exception("The %s page failed in the full layout; showing the minimal one.", status)
        return HttpResponse(loader.render_to_string(template_name, context), status=status)


def bad_request(request, exception):
    reason = str(exception) if isinstance(exception, RequestRefused) else ""
    return render_error(request, "errors/400.html", 400, {"reason": reason})


def permission_denied(request, exception):
    try:
        granting = groups_granting(required_permissions(request))
    except Exception:  # the 403 must show even if its explanation cannot be worked out
        logger.exception("Could not work out which group grants the permission.")
        granting = None
    group = granting[0] if granting else None
    context = {
        "group": group,
        "group_description": group_description(group) if group else "",
        "explained": granting is not None,
    }
    return render_error(request, "errors/403.html", 403, context)


def csrf_failure(request, reason=""):
    return render_error(request, "errors/403_csrf.html", 403)


def page_not_found(request, exception):
    return render_error(request, "errors/404.html", 404)


def database_unavailable(error):
    """Whether `error` (or what caused it) is the database not answering."""
    while error is not None:
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request):
    """The 500 page: templates only, on the minimal layout (see the module's docstring).
    When the database does not answer, a 503 that says so, with Retry-After; the health
    check answers its own 503 whoever asks (a logged-in request fails before its view,
    when the session is read)."""
    if database_unavailable(sys.exc_info()[1]):
        if request.path_info == HEALTH_CHECK_PATH:
            response = JsonResponse({"status": "unavailable"}, status=503)
        else:
            response = HttpResponse(loader.render_to_string("errors/503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponse(loader.render_to_string("errors/500.html"), status=500)
