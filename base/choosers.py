"""Typeahead choosers: the kinds of record a person picks by typing part of a name
(countries, departments, people, positions…) in a form or a list's filters.

Each kind is declared once, by the app that owns its model, as a `Chooser`: the records
that may be chosen, how each is named, and the URL of its JSON endpoint
(base.views.TypeaheadView). The form field (base.forms.TypeaheadChoiceField) renders a
normal <select> of a few options, which static/js/typeahead.js turns into a combobox
that asks the endpoint; without JavaScript the select still works, and for kinds with
too many records to list (`finder`) a "Find" box narrows its options.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Chooser:
    url_name: str
    # Every record that may be chosen, with the relations `label` reads.
    queryset: Callable
    label: Callable = str
    # Records with a period: the endpoint keeps those open on the page's date on `?open=1`.
    dated: bool = False
    # Too many records to list them all in a <select>: offer a "Find" box without JavaScript.
    finder: bool = False
    # Options a <select> lists without JavaScript (besides the chosen one).
    limit: int = 300

    @property
    def model(self):
        return self.queryset().model

    def url(self, **params):
        query = "&".join(f"{name}={value}" for name, value in params.items())
        return reverse(self.url_name) + (f"?{query}" if query else "")
