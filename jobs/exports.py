"""A list page's CSV export, all rows, in a worker: the page's own view is run as the
job's owner, so the export has exactly the page's filters, columns, need-to-know rules
and permission (checked again now: a permission withdrawn since is respected)."""

import re

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, QueryDict
from django.urls import resolve
from django.utils.translation import gettext as _

from base.asof import AS_OF_PARAM, AsOfError, parse_as_of

from .registry import JobFailed, background_job

EXPORT_PARAM = "_export"


def list_request(user, path, query):
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.GET = QueryDict(query, mutable=True)
    request.GET[EXPORT_PARAM] = "csv"
    request.GET.pop("page", None)
    request.META = {"SERVER_NAME": "localhost", "SERVER_PORT": "80", "QUERY_STRING": request.GET.urlencode()}
    request.user = user
    request.htmx = False
    request.export_in_background = True  # base.views.ObjectListView: no row limit here
    try:
        request.as_of = parse_as_of(request.GET.get(AS_OF_PARAM))
    except AsOfError as error:
        raise JobFailed(str(error)) from None
    return request


@background_job
def export_list(job, *, path, query):
    if job.owner is None or not job.owner.is_active:
        raise JobFailed(_("The account that asked for this export is no longer active."))
    refused = JobFailed(_("This list can no longer be exported by you (permission or page changed)."))
    match = resolve(path)
    try:
        response = match.func(list_request(job.owner, path, query), *match.args, **match.kwargs)
    except (PermissionDenied, Http404):
        raise refused from None
    if response.status_code != 200 or "attachment" not in response.get("Content-Disposition", ""):
        raise refused
    name = re.search(r'filename="?([^";]+)"?', response["Content-Disposition"])
    job.save_result(name.group(1) if name else "export.csv", b"".join(response))
    return _("The export is ready.")
