"""Blank spreadsheet templates of every file type, outside the admin (for the file
types without an admin page of their own, and for people preparing a file)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from . import spreadsheets
from .spreadsheet_admin import template_response


def spreadsheet_template(request, kind, fmt):
    """The columns of a `kind` file and one example row, as CSV or XLSX; for the users
    who may import that kind of file."""
    if kind not in spreadsheets.KINDS:
        raise Http404
    if not spreadsheets.can_import(request.user, kind):
        raise PermissionDenied
    return template_response(spreadsheets.KINDS[kind], fmt)
