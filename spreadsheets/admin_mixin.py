"""Spreadsheet import and export in the Django admin (django-import-export).

Add `SpreadsheetImportExportMixin` first in a ModelAdmin's bases and name its resource
(`resource_classes = [CountryResource]`). The admin then offers:

- Import: the file is checked as the command checks it (size, format, encoding,
  separator, columns) with a clear message on the form; then a dry run shows every row
  as new / changed / unchanged, or lists the problems as "row N, column C: reason";
  only a file without problems can be confirmed, and the confirmed import is all or
  nothing, attributed to the user in the history.
- Export: the same columns (CSV or XLSX), of the changelist's filtered records.
- A blank template of the file type, linked from the import page.

Permissions: importing needs the model's add and change permissions, exporting its
view permission; people and postings files carry service numbers (the natural key of a
person), so both also need SENSITIVE_PERMISSION.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ExportForm, ImportForm

from base.exports import filters_of, record_export
from jobs.services import QueueUnavailable

from . import files
from .jobs import import_in_background

IMPORT_REASON = "import"


class CsvFormat(base_formats.CSV):
    """CSV read as bytes: the file's encoding and separator are found (and their
    problems explained) by spreadsheets.registry, not by tablib."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        return files.read_table(in_stream, "csv")

    def export_data(self, dataset, **kwargs):
        return files.render(dataset, "csv")

    def get_content_type(self):
        return files.CONTENT_TYPES["csv"]


class XlsxFormat(base_formats.XLSX):
    def create_dataset(self, in_stream, **kwargs):
        return files.read_table(in_stream, "xlsx")

    def export_data(self, dataset, **kwargs):
        return files.render(dataset, "xlsx")


class SpreadsheetImportForm(ImportForm):
    """import-export's form, which also checks the file before the dry run."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.resources = resources
        self.fields["import_file"].help_text = _(
            "CSV (UTF-8, columns separated by commas or semicolons) or XLSX, %(size)s MB at most."
        ) % {"size": round(files.max_bytes() / 1024 / 1024)}

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload is None or cleaned.get("format") in (None, ""):
            return cleaned
        resource = self.resources[int(cleaned.get("resource") or 0)]
        fmt = self.formats[int(cleaned["format"])]().get_title()
        try:
            files.check_size(upload.size)
            dataset = files.read_table(b"".join(upload.chunks()), fmt)
            files.check_columns(list(dataset.headers), resource)
        except files.SpreadsheetError as error:
            self.add_error("import_file", str(error))
        else:
            self.file_format, self.row_count = fmt, len(dataset)
        return cleaned

    @property
    def too_large_for_a_request(self):
        limit = getattr(settings, "IMPORT_REQUEST_MAX_ROWS", None)
        return bool(limit) and getattr(self, "row_count", 0) > limit


class SpreadsheetImportExportMixin(ImportExportMixin):
    import_form_class = SpreadsheetImportForm
    # Exports always have every column of the file type, so that they import back.
    export_form_class = ExportForm
    import_template_name = "admin/spreadsheets/spreadsheet_import.html"
    formats = (CsvFormat, XlsxFormat)
    import_error_display = ("message",)

    def spreadsheet_resource(self):
        return self.get_import_resource_classes(None)[0]

    def has_import_permission(self, request):
        return files.can_import(request.user, self.spreadsheet_resource())

    def has_export_permission(self, request):
        return files.can_export(request.user, self.spreadsheet_resource())

    def create_import_form(self, request):
        # The form import_action checked first (see below) is used as it is, not read again.
        return getattr(request, "_spreadsheet_import_form", None) or super().create_import_form(request)

    def import_action(self, request, **kwargs):
        """A file of more rows than IMPORT_REQUEST_MAX_ROWS is imported by a background
        job (spreadsheets/jobs.py), without a preview: all or nothing, as confirmed here."""
        uploaded = request.method == "POST" and request.FILES.get("import_file")
        if uploaded and self.has_import_permission(request):
            form = request._spreadsheet_import_form = super().create_import_form(request)
            if form.is_valid() and form.too_large_for_a_request:
                try:
                    job = import_in_background(
                        user=request.user,
                        upload=form.cleaned_data["import_file"],
                        kind=self.spreadsheet_resource().kind,
                        fmt=form.file_format,
                        reason=IMPORT_REASON,
                    )
                except QueueUnavailable as error:
                    form.add_error("import_file", str(error))
                else:
                    messages.info(
                        request,
                        _(
                            "The file has %(count)s rows, more than %(limit)s: it is imported in the "
                            "background, all or nothing, without a preview."
                        )
                        % {"count": form.row_count, "limit": settings.IMPORT_REQUEST_MAX_ROWS},
                    )
                    return HttpResponseRedirect(job.get_absolute_url())
        return super().import_action(request, **kwargs)

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["reason"] = IMPORT_REASON
        return kwargs

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        # Typed dates and numbers in XLSX cells, text in CSV.
        native = isinstance(file_format, XlsxFormat)
        data = self.get_data_for_export(request, queryset, force_native_type=native, **kwargs)
        record_export(
            user=request.user,
            kind=f"admin: {self.spreadsheet_resource().kind}",
            file_format=file_format.get_title(),
            filters=filters_of(request.GET),
            rows=len(data),
        )
        return file_format.export_data(data)

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        resource = self.spreadsheet_resource()
        context["spreadsheet"] = {
            "kind": resource.kind,
            "columns": resource.columns(),
            "required": resource.required_columns(),
            "templates": [
                (fmt, reverse(self.admin_url_name("import_template"), kwargs={"fmt": fmt}))
                for fmt in files.FORMATS
            ],
        }
        return context

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # The data changed between the preview and the confirmation: nothing was
            # written (the import is all or nothing); say why.
            problems = getattr(result, "problems", [])
            messages.error(
                request,
                _("Nothing was imported: %(problems)s")
                % {"problems": "; ".join(str(problem) for problem in problems[:10])},
            )
            return HttpResponseRedirect(reverse(self.admin_url_name("import")))
        return super().process_result(result, request)

    def admin_url_name(self, view, namespace=True):
        app_label, model_name = self.get_model_info()
        name = f"{app_label}_{model_name}_{view}"
        return f"{self.admin_site.name}:{name}" if namespace else name

    def get_urls(self):
        return [
            path(
                "import/template.<str:fmt>",
                self.admin_site.admin_view(self.import_template_view),
                name=self.admin_url_name("import_template", namespace=False),
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request, fmt):
        if not self.has_import_permission(request):
            raise PermissionDenied
        return template_response(self.spreadsheet_resource(), fmt)


def template_response(resource, fmt):
    """A blank file of `resource`'s type with its columns and one example row."""
    if fmt not in files.FORMATS:
        raise Http404
    data = files.render(files.template_dataset(resource), fmt)
    response = HttpResponse(data, content_type=files.CONTENT_TYPES[fmt])
    name = files.file_name(resource.kind, fmt, template=True)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
