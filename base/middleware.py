import datetime
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _

from .asof import AS_OF_PARAM, AsOfError, parse_as_of
from .errors import RequestRefused


class AsOfDateMiddleware:
    """Set `request.as_of` (a date) and `request.as_of_is_today` from the URL.

    A malformed date falls back to today with a message, never an error page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.as_of = parse_as_of(request.GET.get(AS_OF_PARAM))
        except AsOfError as error:
            request.as_of = datetime.date.today()
            if hasattr(request, "_messages"):
                messages.warning(request, str(error))
        request.as_of_is_today = request.as_of == datetime.date.today()
        return self.get_response(request)


class RejectNulMiddleware:
    """A 400 for a NUL character in the address: no record's key holds one, and
    PostgreSQL refuses any string with it (a server error otherwise, e.g. a country's
    code). In the query, the searches and filters refuse it with their own messages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise RequestRefused(
                _("The address contains a NUL character, which no page of the portal accepts.")
            )
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Pages and files served to a signed-in user carry personal data: no browser or proxy
    cache may keep them (Cache-Control: no-store, private)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


SIGNED_IN_AT = "_signed_in_at"


def signed_in(sender, request, user, **kwargs):
    """Note when the session began (receiver of user_logged_in)."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = int(time.time())


class AbsoluteSessionLifetimeMiddleware:
    """End a session SESSION_ABSOLUTE_SECONDS after sign-in, however active: the idle
    limit (SESSION_COOKIE_AGE) alone lets a session that is used now and then last for
    ever. Placed before LoginRequiredMiddleware, which then sends to the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            if started is None:  # a session opened before this rule: it starts now
                request.session[SIGNED_IN_AT] = int(time.time())
            elif time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
        return self.get_response(request)
