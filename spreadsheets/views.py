"""Blank spreadsheet templates of every file type, outside the admin (for the file
types without an admin page of their own, and for people preparing a file)."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.views import View

from . import registry as spreadsheets
from .admin_mixin import template_response


class SpreadsheetTemplateView(PermissionRequiredMixin, View):
    """The columns of a `kind` file and one example row, as CSV or XLSX; for the users
    who may import that kind of file."""

    def get_resource(self):
        try:
            return spreadsheets.KINDS[self.kwargs["kind"]]
        except KeyError:
            raise Http404 from None

    def get_permission_required(self):
        return spreadsheets.import_permissions(self.get_resource())

    def get(self, request, kind, fmt):
        return template_response(self.get_resource(), fmt)
