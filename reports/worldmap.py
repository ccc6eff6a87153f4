"""The world map of the coverage report, rendered on the server as SVG.

The shapes are in reports/data/world-110m.json (built once by
scripts/build_world_map.py from Natural Earth's public-domain 1:110m countries): an
SVG path per ISO 3166-1 numeric code, and markers for the small states that scale
leaves out. Nothing is fetched at run time.

In the page the map is inline and coloured by CSS classes (static/css/reports.css:
no style attributes, for the CSP); the downloadable file carries the same colours as
presentation attributes (`fill`), so that it looks the same opened anywhere, plus
the legend and the parameters of the report.
"""

import json
import math
from functools import lru_cache
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from base.dates import display_date

from .coverage import State

DATA_FILE = Path(__file__).resolve().parent / "data" / "world-110m.json"

OUTSIDE = "outside"  # a shape of no country in the report (filtered out, or not in the register)
CLASSES = {
    State.HOST: "map-host",
    State.NON_RESIDENT: "map-non-resident",
    State.UNCOVERED: "map-uncovered",
    OUTSIDE: "map-outside",
}
# The same palette as static/css/reports.css, for the standalone file.
# Contrast: host/non-resident 3.2:1, non-resident/white 4.6:1, uncovered outlined.
FILLS = {
    State.HOST: ("#000091", "#ffffff"),
    State.NON_RESIDENT: ("#c25400", "#ffffff"),
    State.UNCOVERED: ("#e6e6e6", "#595959"),
    OUTSIDE: ("#f7f7f7", "#b3b3b3"),
}
MARKER_RADIUS = 3.5
# Countries a page is about (a brief's country, a department's): outlined, drawn last.
HIGHLIGHT_CLASS = "map-highlight"
HIGHLIGHT_STROKE = ("#1a1a1a", "1.6")
HIGHLIGHT_CONTEXT = 240  # the least width of map around highlighted countries: their neighbours


@lru_cache(maxsize=1)
def map_data():
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def legend(report):
    """[(state, css class, label, count)] for the legend, in display order."""
    return [
        (state, CLASSES[state], State.labels[state], report.totals.by_state.get(state, 0))
        for state in State.order
    ]


def _row_title(row):
    text = f"{row.name}: {row.state_label}"
    if row.covered and not row.resident:
        text += " — " + _("covered from %(department)s") % {"department": row.department}
    return text


def _paint(state, standalone, highlighted=False):
    if not standalone:
        return ""
    fill, stroke = FILLS[state]
    if highlighted:
        stroke, width = HIGHLIGHT_STROKE
        return f' fill="{fill}" stroke="{stroke}" stroke-width="{width}"'
    return f' fill="{fill}" stroke="{stroke}"'


def placements(report):
    """Where each row of the report is drawn: ("shape", key), ("marker", marker) or None."""
    data = map_data()
    shapes, markers = data["shapes"], data["markers"]
    markers_by_iso2 = {m["iso2"]: m for m in markers.values()}
    result = {}
    for row in report.rows:
        if row.iso_numeric in shapes:
            result[row.country_id] = ("shape", row.iso_numeric)
        elif row.iso2 in shapes:
            result[row.country_id] = ("shape", row.iso2)
        elif row.iso_numeric in markers or row.iso2 in markers_by_iso2:
            result[row.country_id] = ("marker", markers.get(row.iso_numeric) or markers_by_iso2[row.iso2])
        else:
            result[row.country_id] = None
    return result


def render_map(report, *, standalone=False, parameters=(), highlight=(), with_legend=True):
    """The map as an SVG string (safe to insert in a page).

    `standalone` adds the XML namespace, explicit colours, a legend and the
    `parameters` [(label, value)] below the map, for the downloadable file.
    `highlight`: ids of countries of the report to outline and zoom on (a brief's);
    `with_legend=False` leaves the legend to the page that shows the file.
    """
    data = map_data()
    width, height = data["width"], data["height"]
    shapes = data["shapes"]
    where = placements(report)
    highlight = set(highlight)
    state_of_shape, title_of_shape, markers, boxes, highlighted, focused = {}, {}, [], [], set(), []
    for row in report.rows:
        place = where[row.country_id]
        if place is None:
            continue
        kind, value = place
        if kind == "shape":
            state_of_shape[value] = row.state
            title_of_shape[value] = _row_title(row)
            box = shapes[value]["box"]
            if "marker" in shapes[value] and (row.covered or row.country_id in highlight):
                x, y = shapes[value]["marker"]
                markers.append((x, y, row))
        else:
            markers.append((value["x"], value["y"], row))
            box = [value["x"] - 2, value["y"] - 2, value["x"] + 2, value["y"] + 2]
        boxes.append(box)
        if row.country_id in highlight:
            highlighted.add(value if kind == "shape" else None)
            focused.append(box)
    if focused:
        x0, y0, view_width, view_height = focus(focused, width, height, smallest=HIGHLIGHT_CONTEXT)
    else:
        x0, y0, view_width, view_height = focus(boxes, width, height)
    zoom = width / view_width
    # Zoomed in, markers shrink less than the map grows, so they stay easy to point at.
    radius = round(MARKER_RADIUS / math.sqrt(zoom), 2)

    day = display_date(report.day)
    title = _("World map of country coverage on %(day)s") % {"day": day}
    counts = {state: report.totals.by_state.get(state, 0) for state in State.order}
    description = _(
        "%(host)s countries host a department, %(non_resident)s are covered non-resident, "
        "%(uncovered)s are not covered. The table lists every country."
    ) % {
        "host": counts[State.HOST],
        "non_resident": counts[State.NON_RESIDENT],
        "uncovered": counts[State.UNCOVERED],
    }

    legend_height = 24 + 14 * len(parameters) if standalone and with_legend else 0
    total_height = height + legend_height
    parts = []
    if standalone:
        parts.append('<?xml version="1.0" encoding="UTF-8"?>\n')
    namespace = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    parts.append(
        f'<svg{namespace} class="coverage-map" '
        f'viewBox="0 0 {width} {total_height}" width="{width}" height="{total_height}" '
        'role="img" aria-labelledby="coverage-map-title coverage-map-desc">'
        f'<title id="coverage-map-title">{escape(title)}</title>'
        f'<desc id="coverage-map-desc">{escape(description)}</desc>'
    )
    if standalone:
        parts.append(f'<rect class="map-sea" width="{width}" height="{total_height}" fill="#ffffff"/>')
    # The map itself, zoomed on the countries of the report (a region), in a nested viewport.
    parts.append(
        f'<svg x="0" y="0" width="{width}" height="{height}" viewBox="{x0} {y0} {view_width} {view_height}">'
    )
    parts.append('<g class="map-countries" stroke-width="0.4" stroke-linejoin="round">')
    # Highlighted shapes last, so that no neighbour covers their outline.
    for key, shape in sorted(shapes.items(), key=lambda item: item[0] in highlighted):
        state = state_of_shape.get(key, OUTSIDE)
        label = title_of_shape.get(key)
        inner = f"<title>{escape(label)}</title>" if label else ""
        is_highlighted = key in highlighted
        css = f"{CLASSES[state]} {HIGHLIGHT_CLASS}" if is_highlighted else CLASSES[state]
        paint = _paint(state, standalone, is_highlighted)
        parts.append(
            f'<path class="{css}"{paint} vector-effect="non-scaling-stroke" d="{shape["d"]}">{inner}</path>'
        )
    parts.append("</g>")
    parts.append('<g class="map-markers" stroke-width="0.8">')
    for x, y, row in markers:
        is_highlighted = row.country_id in highlight
        fill = f' fill="{FILLS[row.state][0]}" stroke="#1a1a1a"' if standalone else ""
        css = f"{CLASSES[row.state]} {HIGHLIGHT_CLASS}" if is_highlighted else CLASSES[row.state]
        parts.append(
            f'<circle class="map-marker {css}"{fill} cx="{x}" cy="{y}" r="{radius}" '
            'vector-effect="non-scaling-stroke">'
            f"<title>{escape(_row_title(row))}</title></circle>"
        )
    parts.append("</g></svg>")
    if standalone and with_legend:
        parts.append(_legend_svg(report, height, width, parameters))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def focus(boxes, width, height, margin=0.08, smallest=80):
    """The part of the map to show: around `boxes` (the report's countries), with a
    margin, at least `smallest` pixels wide, with the whole map's proportions; the
    whole map when that would be as large."""
    if not boxes:
        return 0, 0, width, height
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    box_width = max((x1 - x0) * (1 + 2 * margin), (y1 - y0) * (1 + 2 * margin) * width / height, smallest)
    if box_width >= width * 0.8:
        return 0, 0, width, height
    box_height = box_width * height / width
    left = min(max((x0 + x1 - box_width) / 2, 0), width - box_width)
    top = min(max((y0 + y1 - box_height) / 2, 0), height - box_height)
    return round(left, 1), round(top, 1), round(box_width, 1), round(box_height, 1)


def _legend_svg(report, top, width, parameters):
    parts = ['<g class="map-legend" font-family="sans-serif" font-size="11" fill="#1a1a1a">']
    x = 8
    y = top + 14
    for state, _css, label, count in legend(report):
        fill, stroke = FILLS[state]
        text = f"{label} ({count})"
        parts.append(f'<rect x="{x}" y="{y - 9}" width="12" height="10" fill="{fill}" stroke="{stroke}"/>')
        parts.append(f'<text x="{x + 16}" y="{y}">{escape(text)}</text>')
        x += 30 + 6 * len(text)
    for label, value in parameters:
        y += 14
        parts.append(f'<text x="8" y="{y}">{escape(label)}: {escape(value)}</text>')
    parts.append(
        f'<text x="{width - 8}" y="{top + 14}" text-anchor="end" fill="#595959">'
        f"{escape(_('Map data: Natural Earth (public domain)'))}</text>"
    )
    parts.append("</g>")
    return "".join(parts)


def missing_from_map(report):
    """Rows of the report the map cannot draw (no shape, no marker): listed under it."""
    where = placements(report)
    return [row for row in report.rows if where[row.country_id] is None]
