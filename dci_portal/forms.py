"""Base form of the portal: crispy-bootstrap5 layout without its own <form> tag (the
page template supplies the form, CSRF token and buttons)."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError


class PortalFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class PortalModelForm(PortalFormMixin, forms.ModelForm):
    def _post_clean(self):
        super()._post_clean()
        # A rule kept both in the model's clean() and as a check constraint (validated by
        # full_clean too) reports the same message twice: show it once.
        for errors in self._errors.values():
            seen = set()
            unique = []
            for error in errors.data:
                text = next(iter(ValidationError(error)))
                if text not in seen:
                    seen.add(text)
                    unique.append(error)
            errors.data[:] = unique


class PortalForm(PortalFormMixin, forms.Form):
    pass


class DateInput(forms.DateInput):
    """A native date picker (accessible, no JavaScript needed)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
