"""Base forms of the portal: crispy-bootstrap5 layout without its own <form> tag (the
page template supplies the form, CSRF token and buttons), model forms that leave
the model's rules to the service layer, so that each write validates once, and the
typeahead choice field of long lists (base/choosers.py)."""

import hashlib

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue, construct_instance
from django.forms.utils import ErrorDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import search as matching
from .cache import cached
from .services import mark_validated

# The "Find" box beside a typeahead select, for those without JavaScript: `<name>_q`,
# submitted with a button named FIND_BUTTON (the page is shown again, nothing saved).
FINDER_SUFFIX = "_q"
FIND_BUTTON = "_find"


class PortalFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        for name, field in self.fields.items():
            if isinstance(field, TypeaheadChoiceField):
                key = self.add_prefix(name)
                if self.is_bound:
                    field.shows(self.data.get(key), self.data.get(key + FINDER_SUFFIX, ""))
                else:
                    field.shows(self.initial.get(name, field.initial))

    def without_errors(self):
        """The form as the user filled it, shown again without validating it (after "Find")."""
        self._errors = ErrorDict()
        return self


class PortalModelForm(PortalFormMixin, forms.ModelForm):
    """A form of the portal's pages. It checks its own fields; the model's rules run
    once, in the service the view saves through (base/services.py), and their errors
    come back to the form (base.views.apply_validation_error)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved_values = self._instance_values()

    def _instance_values(self):
        fields = [f for f in self.instance._meta.concrete_fields if f.name in self.fields]
        return {f.name: f.value_from_object(self.instance) for f in fields}

    def changes_instance(self):
        """Whether the submitted form changes the record it edits (a new one always does)."""
        if self.instance.pk is None:
            return True
        return any(self._saved_values.get(name) != value for name, value in self._instance_values().items())

    def _post_clean(self):
        try:
            self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
        except ValidationError as error:
            self._update_errors(error)


class ValidatedModelForm(forms.ModelForm):
    """A model form that runs the model's rules itself (the admin's, whose page shows
    the errors before saving) and marks the record validated, so that the service
    saving it does not validate it again."""

    def _post_clean(self):
        super()._post_clean()
        if not self._errors:
            mark_validated(self.instance)


class PortalForm(PortalFormMixin, forms.Form):
    pass


def period_label(obj):
    """A dated record named with its period: a department that closed and reopened is two."""
    return f"{obj} ({obj.period_display})"


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return period_label(obj)


class DateInput(forms.DateInput):
    """A native date picker (accessible, no JavaScript needed)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TypeaheadSelect(forms.Select):
    """A <select> of a few options that static/js/typeahead.js turns into a combobox
    asking the chooser's endpoint; without JavaScript it lists the chosen record and at
    most `chooser.limit` others — those the "Find" box matched, when there is one."""

    template_name = "base/widgets/typeahead.html"

    def __init__(self, chooser, attrs=None, params=None):
        super().__init__(attrs)
        self.chooser, self.params = chooser, params or {}

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.chooser, copy.params = self.chooser, dict(self.params)
        return copy

    def get_context(self, name, value, attrs):
        field = getattr(self.choices, "field", None)
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            finder=self.chooser.finder,
            finder_name=name + FINDER_SUFFIX,
            finder_id=f"{context['widget']['attrs'].get('id', name)}{FINDER_SUFFIX}",
            finder_text=getattr(field, "finder_text", ""),
            find_button=FIND_BUTTON,
        )
        return context

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs.update(
            {
                "data-typeahead-url": self.chooser.url(**self.params),
                "data-typeahead-placeholder": _("Type part of a name"),
                "data-typeahead-none": _("No match: check the spelling, or type less."),
                "data-typeahead-one": _("1 match: use the arrow keys to choose it."),
                "data-typeahead-many": _("{count} matches: use the up and down arrow keys to choose one."),
                "data-typeahead-more": _("More than {count} matches: type more of the name."),
                "data-typeahead-loading": _("Searching…"),
                "data-typeahead-error": _("The search failed; try again."),
            }
        )
        return attrs


class ShortListIterator(ModelChoiceIterator):
    """The choices of a TypeaheadChoiceField: its short list, computed when read."""

    def __iter__(self):
        yield from self.field.short_list()

    def __len__(self):
        return len(list(self.field.short_list()))

    def __bool__(self):
        return True


class TypeaheadChoiceField(forms.ModelChoiceField):
    """A record chosen by typing its name (see TypeaheadSelect). Any record of the
    queryset is accepted, listed or not; the page renders only a few, in one or two
    queries, however many exist."""

    iterator = ShortListIterator

    def __init__(self, *, chooser, queryset=None, widget_params=None, **kwargs):
        self.chooser = chooser
        kwargs.setdefault("widget", TypeaheadSelect(chooser, params=widget_params))
        self.follows_chooser = queryset is None
        super().__init__(queryset=chooser.queryset() if queryset is None else queryset, **kwargs)
        self.chosen, self.finder_text, self._listed = None, "", None

    def shows(self, chosen, finder_text=""):
        """The form's value (the chosen record's id) and what its "Find" box holds."""
        self.chosen, self.finder_text = chosen, finder_text or ""

    def __deepcopy__(self, memo):
        # Each form gets the chooser's queryset anew: it may depend on the request's
        # language (countries sorted by their name in it).
        result = super().__deepcopy__(memo)
        if self.follows_chooser:
            result.queryset = self.chooser.queryset()
        return result

    def label_from_instance(self, obj):
        return self.chooser.label(obj)

    def options_of(self, records):
        return [(self.prepare_value(obj), str(self.label_from_instance(obj))) for obj in records]

    def first_options(self):
        """The options listed when nothing is searched: the same on every page that shows
        this field, so kept in the shared cache until the next write (with the language,
        as labels are translated)."""
        query = str(self.queryset[: self.chooser.limit].query)
        key = hashlib.sha1(f"{get_language()}|{query}".encode()).hexdigest()
        return cached(f"chooser:{key}", lambda: self.options_of(self.queryset[: self.chooser.limit]))

    def options_listed(self, chosen, text):
        """[(value, label)]: the records the finder matched (or the first ones), with the
        chosen one first when it is not among them."""
        if text:
            names, _identifiers = matching.fields_for(self.queryset.model, None)
            try:
                records = matching.search(self.queryset, names, text)
            except matching.SearchError:
                records = self.queryset.none()
            listed = self.options_of(records[: self.chooser.limit])
        else:
            listed = self.first_options()
        missing = set(chosen) - {str(value) for value, _label in listed}
        if missing:
            listed = self.options_of(self.queryset.filter(pk__in=missing)) + listed
        return listed

    def short_list(self):
        """The options rendered: the empty one, the chosen record, and the records the
        finder matched (or the first ones), at most `chooser.limit`."""
        chosen = [str(self.prepare_value(self.chosen))] if self.chosen not in (None, "") else []
        chosen = [value for value in chosen if value.isdigit() and len(value) < 19]
        text = (self.finder_text or "").strip()
        if self._listed is None or self._listed[0] != (chosen, text):
            self._listed = ((chosen, text), self.options_listed(chosen, text))
        if self.empty_label is not None:
            yield ("", self.empty_label)
        for value, label in self._listed[1]:
            yield (ModelChoiceIteratorValue(value, None), label)
