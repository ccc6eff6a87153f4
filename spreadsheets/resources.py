"""The spreadsheet file types' framework (django-import-export resources): cells,
references by natural key, and `SpreadsheetResource`, the base of every file type
(spreadsheets/network.py, spreadsheets/postings.py).

Files name records by natural keys, never by database ids: a country by its ISO code,
an embassy by its country, a department by its embassy's country and city, a section by
its country and city, a central unit by its acronym. A department, section or position
that closed and reopened is a new record; a reference to it is resolved with the date
of the row (the record open on that day).

Every row is written through the service layer (base/services.py): validated once by
the model's rules (overlaps included), as in the UI, then saved; the history records of
the file are written at its end, in bulk. The file workflow (reading, all or nothing,
reports) is in spreadsheets/registry.py.
"""

import copy
import dataclasses
import datetime
import re

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db.models import QuerySet
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.instance_loaders import BaseInstanceLoader

from base.dates import display_date
from base.exports import FORMULA_STARTS
from base.services import save_validated, validate

# --- Cells ---------------------------------------------------------------------------


class CellError(ValueError):
    """A cell that can't be read; `column` names the cell when it isn't the field's own."""

    def __init__(self, message, column=None):
        super().__init__(message)
        self.column = column


def cell_text(value):
    """The text of a cell, stripped; numbers typed in Excel come back without '.0', and
    a text an export quoted ("'=…", see base/exports.py) without its quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def fold(value):
    """Case-insensitive comparison key for a cell or a stored value."""
    return cell_text(value).casefold()


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}( 00:00(:00)?)?$")


def parse_date(value):
    """ISO YYYY-MM-DD text, or a date cell of an XLSX workbook; None when blank."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    if ISO_DATE.match(text):
        try:
            return datetime.date.fromisoformat(text[:10])
        except ValueError:
            pass
    raise CellError(_("%(value)s is not a date (use YYYY-MM-DD)") % {"value": text})


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return cell_text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_date(value)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return None if kwargs.get("force_native_type") else ""
        return value if kwargs.get("force_native_type") else value.isoformat()


class IntegerWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            raise CellError(_("%(value)s is not a whole number") % {"value": text}) from None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else str(value)


class BooleanWidget(widgets.Widget):
    TRUE = {"yes", "true", "1", "y", "oui", "vrai", "x"}
    FALSE = {"no", "false", "0", "n", "non", "faux", ""}

    def clean(self, value, row=None, **kwargs):
        text = fold(value)
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise CellError(_("%(value)s is neither yes nor no") % {"value": cell_text(value)})

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):
            return bool(value)
        return "yes" if value else "no"


class ChoiceWidget(widgets.Widget):
    """A choice by its code ('police'; what exports write) or its label in English or
    French ('National Police', 'Police nationale')."""

    def __init__(self, choices, blank=""):
        super().__init__()
        self.choices = choices
        self.blank = blank
        self._codes = None

    def codes(self):
        if self._codes is None:
            self._codes = {}
            for language in ("en", "fr"):
                with translation.override(language):
                    for code, label in self.choices.choices:
                        self._codes.setdefault(str(label).casefold(), code)
            self._codes.update({code.casefold(): code for code in self.choices.values})
        return self._codes

    def clean(self, value, row=None, **kwargs):
        text = fold(value)
        if not text:
            return self.blank
        if text in self.codes():
            return self.codes()[text]
        raise CellError(
            _("%(value)s is not one of: %(choices)s")
            % {"value": cell_text(value), "choices": ", ".join(self.choices.values)}
        )

    def render(self, value, obj=None, **kwargs):
        return value or ""


# --- References to other records, by natural key ---------------------------------------


def pick_by_date(candidates, day, describe, column):
    """The one candidate open on `day` among records that closed and reopened."""
    if len(candidates) == 1:
        return candidates[0]
    periods = "; ".join(str(c.period_display) for c in candidates)
    if day is None:
        raise CellError(
            _("%(what)s has several periods (%(periods)s): give a valid start_date to choose")
            % {"what": describe, "periods": periods},
            column,
        )
    open_then = [c for c in candidates if c.is_active_on(day)]
    if len(open_then) == 1:
        return open_then[0]
    raise CellError(
        _("%(what)s has several periods (%(periods)s) and %(count)s of them include %(day)s")
        % {"what": describe, "periods": periods, "count": len(open_then), "day": display_date(day)},
        column,
    )


def row_date(row, column="start_date"):
    try:
        return parse_date((row or {}).get(column))
    except CellError:
        return None


class IndexedWidget(widgets.Widget):
    """A reference widget that reads the records it may name once per import (`index`)
    and then looks cells up in memory: no query per cell."""

    def __init__(self):
        super().__init__()
        self._index = None

    def __deepcopy__(self, memo):
        # Each resource instance (one import) gets its own index, read during that import.
        clone = copy.copy(self)
        clone._index = None
        return clone


class LookupWidget(IndexedWidget):
    """A record named by one unique value (an ISO code, an acronym, a service number).

    A key missing from the index (a record created by an earlier row of the same file,
    such as a parent central unit) costs one query.
    """

    def __init__(self, model, key, missing, select_related=()):
        super().__init__()
        self.model = model
        self.key = key
        self.missing = missing
        self.select_related = select_related

    def queryset(self):
        return self.model._default_manager.select_related(*self.select_related)

    def index(self):
        if self._index is None:
            self._index = {fold(getattr(obj, self.key)): obj for obj in self.queryset()}
        return self._index

    def lookup(self, text):
        index = self.index()
        obj = index.get(fold(text))
        if obj is None:
            obj = self.queryset().filter(**{f"{self.key}__iexact": text}).first()
            if obj is not None:
                index[fold(text)] = obj
        return obj

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        obj = self.lookup(text)
        if obj is None:
            raise CellError(self.missing % {"value": text})
        return obj

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else getattr(value, self.key)


def key_part(value):
    if hasattr(value, "_meta") and hasattr(value, "pk"):
        return value.pk
    if isinstance(value, str):
        return value.casefold()
    return value


class NaturalKeyInstanceLoader(BaseInstanceLoader):
    """Finds the record a row updates by the resource's natural key.

    The existing records are read once (restricted to the values of the file's first key
    column when the resource says how), then looked up in memory. Two rows with the same
    key in one file are an error: the second would silently overwrite the first.
    """

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.fields = [resource.fields[name] for name in resource.get_import_id_fields()]
        self.instances = None
        self.seen = {}

    def instance_key(self, instance):
        parts = []
        for field in self.fields:
            model_field = self.resource.model_field(field.attribute)
            if model_field is not None and model_field.is_relation:
                parts.append(getattr(instance, model_field.attname))
            else:
                parts.append(key_part(field.get_value(instance)))
        return tuple(parts)

    def row_key(self, row):
        return tuple(key_part(field.clean(row)) for field in self.fields)

    def load(self):
        self.instances = {}
        for instance in self.resource.get_import_queryset(self.dataset):
            self.instances.setdefault(self.instance_key(instance), instance)

    def get_instance(self, row):
        try:
            key = self.row_key(row)
        except (ValueError, ValidationError):
            return None  # the cell's error is reported when the row is read
        number = self.resource.current_row_number
        first = self.seen.setdefault(key, number)
        if first != number:
            raise ValidationError(
                _("this row repeats row %(row)s (same %(columns)s)")
                % {"row": first, "columns": ", ".join(f.column_name for f in self.fields)}
            )
        if self.instances is None:
            self.load()
        return self.instances.get(key)


@dataclasses.dataclass(frozen=True)
class Problem:
    """Why a row (or the file) can't be imported, in words a person understands."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self):
        if self.row is not None and self.column:
            return gettext("row %(row)s, column %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row is not None:
            return gettext("row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return self.message


INLINE_STYLE = re.compile(r' style="[^"]*"')


class CspSafeDiff(resources.Diff):
    """The preview's cell diffs without inline styles (the portal's CSP blocks them;
    static/css/spreadsheet_import.css colours <ins> and <del>)."""

    def as_html(self):
        return [mark_safe(INLINE_STYLE.sub("", html)) for html in super().as_html()]


class SpreadsheetResource(resources.ModelResource):
    """A file type of the portal: its columns, natural key, example row and rules.

    - import_id_fields: the natural key (field names); rows are matched on it.
    - rows identical to the record are "unchanged" and not written (no history).
    - every write is `save_row`: the model's rules once (overlaps included), then the
      service layer's save; the history records of the file, attributed to the
      importing user (`user=`) with `reason=`, are written at its end, in bulk.
    - all or nothing: any invalid row rolls the whole file back.
    """

    kind = ""  # file type name, also the file name of an export ("countries.csv")
    verbose_name = ""
    sensitive = False  # True: reading or writing the file needs SENSITIVE_PERMISSION
    select_related: tuple[str, ...] = ()
    export_order_by: tuple[str, ...] = ()
    # (column, lookup): read existing records only for the values of this column.
    import_prefilter: tuple[str, str] | None = None
    example_row: dict = {}

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = False  # save_row validates each row, once
        use_transactions = True
        instance_loader_class = NaturalKeyInstanceLoader

    def __init__(self, *, html_diff=True, **kwargs):
        super().__init__(**kwargs)
        self.current_row_number = None
        self.created, self.changed = [], []  # written by this import, for their history
        if not html_diff:
            # The command line doesn't show per-cell diffs; computing them costs time.
            self._meta = copy.copy(self._meta)
            self._meta.skip_html_diff = True

    # Columns

    @classmethod
    def columns(cls):
        return [cls.fields[name].column_name for name in cls._meta.fields]

    @classmethod
    def required_columns(cls):
        return [cls.fields[name].column_name for name in cls._meta.import_id_fields]

    @classmethod
    def column_of(cls, key):
        """The column an error key (a field or model field name, or a column) refers to."""
        if key == NON_FIELD_ERRORS:
            return None
        names = cls.columns()
        if key in names:
            return key
        for field in cls.fields.values():
            if field.attribute == key and not field.readonly:
                return field.column_name
        return None

    def model_field(self, name):
        try:
            return self._meta.model._meta.get_field(name)
        except FieldDoesNotExist:
            return None  # a column that follows a relation ("department__embassy__city")

    @classmethod
    def get_display_name(cls):
        return str(cls.verbose_name) or super().get_display_name()

    # Reading

    def get_queryset(self):
        queryset = self._meta.model._default_manager.select_related(*self.select_related)
        return queryset.order_by(*self.export_order_by) if self.export_order_by else queryset

    def filter_export(self, queryset, **kwargs):
        # Exports from the admin start from its changelist (filters applied): add the
        # relations the columns read, so that exporting issues no query per row.
        if isinstance(queryset, QuerySet):
            queryset = queryset.select_related(*self.select_related)
            if self.export_order_by:
                queryset = queryset.order_by(*self.export_order_by)
        return queryset

    def get_import_queryset(self, dataset):
        queryset = self.get_queryset().order_by()
        if (
            self.import_prefilter is None
            or dataset is None
            or self.import_prefilter[0] not in dataset.headers
        ):
            return queryset
        column, lookup = self.import_prefilter
        values = sorted({cell_text(v) for v in dataset[column]} - {""})
        found = []
        for start in range(0, len(values), 500):
            found.extend(queryset.filter(**{f"{lookup}__in": values[start : start + 500]}))
        return found

    # Importing

    @classmethod
    def get_diff_class(cls):
        return CspSafeDiff

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs):
        """import-export's import, always in a transaction and all or nothing: any
        invalid row rolls the whole file back. The result carries `problems`."""
        kwargs["rollback_on_validation_errors"] = True
        result = super().import_data(
            dataset, dry_run=dry_run, raise_errors=raise_errors, use_transactions=True, **kwargs
        )
        result.problems = self.describe_problems(result, dataset)
        return result

    def describe_problems(self, result, dataset):
        problems = [
            Problem(gettext("the file could not be imported: %(error)s") % {"error": error.error})
            for error in result.base_errors
        ]
        for error_row in result.error_rows:
            number = row_number_of(dataset, error_row.number)
            problems.extend(Problem(str(error.error), number) for error in error_row.errors)
        for invalid in result.invalid_rows:
            number = row_number_of(dataset, invalid.number)
            for key, messages in invalid.error_dict.items():
                column = self.column_of(key)
                problems.extend(Problem(str(message), number, column) for message in messages)
        # A rule checked twice (a model's clean and its database constraint) is said once.
        return sorted(dict.fromkeys(problems), key=lambda p: (p.row or 0, p.column or ""))

    def before_import(self, dataset, **kwargs):
        self.created, self.changed = [], []

    def after_import(self, dataset, result, **kwargs):
        # (import-export resets the id sequences here, for files that carry ids; ours never do.)
        if result.has_errors() or result.has_validation_errors():
            return  # everything is rolled back
        # The history of the rows written, attributed to the importing user, in bulk.
        user = kwargs.get("user")
        if user is not None and not getattr(user, "is_authenticated", False):
            user = None
        history = self._meta.model.history
        reason = kwargs.get("reason") or "import"
        for instances, update in ((self.created, False), (self.changed, True)):
            if instances:
                history.bulk_history_create(
                    instances, update=update, default_user=user, default_change_reason=reason, batch_size=500
                )

    def import_row(self, row, instance_loader, **kwargs):
        self.current_row_number = row_number_of(instance_loader.dataset, kwargs.get("row_number"))
        row_result = super().import_row(row, instance_loader, **kwargs)
        progress = kwargs.get("progress")
        if progress is not None:
            progress(1)
        return row_result

    def import_instance(self, instance, row, **kwargs):
        # Like import-export's, but errors are keyed by the column that holds the bad
        # cell (a reference spans several columns), and read-only columns are skipped.
        errors = {}
        for field in self.get_import_fields():
            if field.readonly or isinstance(field.widget, widgets.ManyToManyWidget):
                continue
            try:
                self.import_field(field, instance, row, **kwargs)
            except ValueError as error:
                column = getattr(error, "column", None) or field.column_name
                errors.setdefault(column, []).append(ValidationError(str(error), code="invalid"))
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        self.before_save_instance(instance, row, **kwargs)
        save_row(instance, exclude=self.looked_up_relations(instance))
        (self.created if is_create else self.changed).append(instance)
        self.after_save_instance(instance, row, **kwargs)

    def looked_up_relations(self, instance):
        """The foreign keys this row's cells named, found by their natural key in this
        transaction: full_clean need not read them again."""
        names = []
        for field in self.fields.values():
            model_field = self.model_field(field.attribute)
            if (
                not field.readonly
                and model_field is not None
                and model_field.is_relation
                and getattr(instance, model_field.attname) is not None
            ):
                names.append(model_field.name)
        return names


def save_row(instance, *, exclude=()):
    """Write one imported row through the service layer, validated once.

    Left out of the validation are only the checks the database repeats on INSERT
    (check and unique constraints; if it refuses the row, `save_validated` explains why
    with a full validation) and re-reading the related records (`exclude`) that the
    row's lookups have just read. The history record is written by the resource at the
    end of the file, in bulk (`SpreadsheetResource.after_import`).
    """
    validate(instance, exclude=exclude)
    return save_validated(instance, history=False)


def row_number_of(dataset, data_row):
    """The row as a spreadsheet numbers it (header = row 1) for the `data_row`-th record."""
    if data_row is None:
        return None
    numbers = getattr(dataset, "row_numbers", None)
    if numbers and data_row - 1 < len(numbers):
        return numbers[data_row - 1]
    return data_row + 1


def text_field(name, column=None, **kwargs):
    return fields.Field(attribute=name, column_name=column or name, widget=TextWidget(), **kwargs)


def date_field(name, column=None, **kwargs):
    return fields.Field(attribute=name, column_name=column or name, widget=DateWidget(), **kwargs)


def readonly_field(attribute, column):
    """A column exported for people to read, ignored on import (its value is checked
    by the reference it belongs to)."""
    return fields.Field(attribute=attribute, column_name=column, widget=TextWidget(), readonly=True)


# --- The network's files ------------------------------------------------------------------
