"""Spreadsheet import and export in the admin of every record type that has a file type.

The admins are registered by network/admin.py and postings/admin.py; this app sits
above both and extends each with SpreadsheetImportExportMixin and its file type."""

from django.contrib import admin

from .admin_mixin import SpreadsheetImportExportMixin
from .registry import RESOURCES

for resource in RESOURCES:
    model = resource._meta.model
    model_admin = type(admin.site._registry[model])
    admin.site.unregister(model)
    admin.site.register(
        model,
        type(
            model_admin.__name__,
            (SpreadsheetImportExportMixin, model_admin),
            {"resource_classes": [resource], "__module__": __name__},
        ),
    )
