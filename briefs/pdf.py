"""PDF of a brief, made on the server by WeasyPrint from the same HTML as the page.

WeasyPrint needs Pango and fonts from Debian (the Makefile's install step installs
them). It fetches nothing: the stylesheets are read from the portal's static files and
the only other resource, the map, is inlined as a data: URI.
"""

import base64

from django.contrib.staticfiles import finders

# The document's stylesheet (self-contained: no Bootstrap in the PDF).
STYLESHEETS = ("briefs/brief-pdf.css",)


def data_uri(svg):
    """An SVG document as a data: URI (for an <img> in the PDF)."""
    return "data:image/svg+xml;base64," + base64.b64encode(str(svg).encode("utf-8")).decode("ascii")


def render_pdf(html, *, base_url=None):
    """The bytes of the PDF of `html` (a full document), printed on A4 by brief.css."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})  # nothing from the network or the disk
    stylesheets = [CSS(filename=finders.find(path), url_fetcher=fetcher) for path in STYLESHEETS]
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(stylesheets=stylesheets)
