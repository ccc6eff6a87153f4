"""What every file the portal writes shares: cells a spreadsheet cannot run.

A value typed by a user that starts like a formula ("=HYPERLINK(…)", "+33…", "@SUM")
would run when the file is opened in Excel or LibreOffice. Every export — list CSVs,
the coverage report's CSV/XLSX, the admin's spreadsheet exports, `export_network` —
passes its text cells through `safe_cell`.
"""

from django.utils.translation import gettext as _

from .errors import RequestRefused

# The URL parameter that asks a page for a file instead of the page (django-tables2's).
EXPORT_PARAM = "_export"

# What Excel and LibreOffice take for the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value`, with a text that starts like a formula quoted as text ("'=…")."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(value) for value in values]


def safe_dataset(dataset):
    """Quote the formula-like cells of a tablib Dataset in place; returns it."""
    for index, row in enumerate(dataset):
        if any(isinstance(cell, str) and cell.startswith(FORMULA_STARTS) for cell in row):
            dataset[index] = safe_row(row)
    return dataset


def requested_format(request, offered):
    """The file format `request` asks for (?_export=csv), None for the page itself; a
    format the page does not offer is a 400 that names those it does."""
    fmt = request.GET.get(EXPORT_PARAM, "")
    if not fmt:
        return None
    if fmt not in offered:
        raise RequestRefused(
            _("This page cannot be exported as “%(format)s”: it is exported as %(offered)s only.")
            % {"format": fmt[:20], "offered": ", ".join(f.upper() for f in offered)}
        )
    return fmt
