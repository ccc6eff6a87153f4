"""Base forms of the portal: crispy-bootstrap5 layout without its own <form> tag (the
page template supplies the form, CSRF token and buttons), and model forms that leave
the model's rules to the service layer, so that each write validates once."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance

from .services import mark_validated


class PortalFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class PortalModelForm(PortalFormMixin, forms.ModelForm):
    """A form of the portal's pages. It checks its own fields; the model's rules run
    once, in the service the view saves through (base/services.py), and their errors
    come back to the form (base.views.apply_validation_error)."""

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


class PeriodChoiceField(forms.ModelChoiceField):
    """Dated records named with their period: a department that closed and reopened is two."""

    def label_from_instance(self, obj):
        return f"{obj} ({obj.period_display})"


class DateInput(forms.DateInput):
    """A native date picker (accessible, no JavaScript needed)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
