import datetime

from django.contrib import messages

from .asof import AS_OF_PARAM, AsOfError, parse_as_of


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
