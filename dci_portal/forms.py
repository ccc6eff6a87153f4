"""Base form of the portal: crispy-bootstrap5 layout without its own <form> tag (the
page template supplies the form, CSRF token and buttons)."""

from crispy_forms.helper import FormHelper
from django import forms


class PortalFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class PortalModelForm(PortalFormMixin, forms.ModelForm):
    pass


class PortalForm(PortalFormMixin, forms.Form):
    pass


class DateInput(forms.DateInput):
    """A native date picker (accessible, no JavaScript needed)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
