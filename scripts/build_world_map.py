"""Build reports/data/world-110m.json, the world map the coverage report draws.

Run once, by hand, when the map must change (the output is committed; the portal
never fetches anything at run time):

    .venv/bin/python scripts/build_world_map.py            # npm-installs world-atlas in a temp folder
    .venv/bin/python scripts/build_world_map.py --source path/to/countries-110m.json

Source: Natural Earth 1:110m admin-0 countries (public domain), as the TopoJSON of the
npm package `world-atlas` (ISC licence; ids are ISO 3166-1 numeric codes).

What it does: decodes the TopoJSON arcs, projects them with the Natural Earth I
projection into a 1000-pixel-wide frame, simplifies each shared arc once (so that
neighbours keep a common border), and writes {iso_numeric: SVG path "d"} plus marker
positions for the small states that the 1:110m scale leaves out (Andorra, Maldives,
Singapore…), whose coordinates (their capitals) are typed below.
"""

import argparse
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

WORLD_ATLAS = "world-atlas@2.0.2"
OUTPUT = Path(__file__).resolve().parent.parent / "reports" / "data" / "world-110m.json"

WIDTH = 1000.0
MARGIN = 4.0
SOUTH_LIMIT = -60.0  # the frame stops above Antarctica, which is left out
TOLERANCE = 0.3  # pixels: Douglas-Peucker tolerance
MIN_RING_AREA = 0.4  # square pixels: smaller islands are dropped (a country keeps its largest ring)
TINY_SHAPE = 16.0  # square pixels of bounding box: such countries also get a marker, to stay visible

# Features without an ISO numeric id in world-atlas. France recognises neither
# Northern Cyprus nor Somaliland: their shapes join Cyprus and Somalia. Kosovo has no
# ISO numeric code; it is keyed by its (user-assigned) alpha-2 code instead.
UNNUMBERED = {"N. Cyprus": "196", "Somaliland": "706", "Kosovo": "XK"}
LEFT_OUT = {"010"}  # Antarctica

# Small states (and a few territories) absent at 1:110m:
# (ISO numeric, alpha-2, name, longitude and latitude of the capital).
SMALL_STATES = [
    ("020", "AD", "Andorra", 1.52, 42.51),
    ("028", "AG", "Antigua and Barbuda", -61.85, 17.12),
    ("048", "BH", "Bahrain", 50.58, 26.23),
    ("052", "BB", "Barbados", -59.62, 13.10),
    ("132", "CV", "Cabo Verde", -23.51, 14.93),
    ("174", "KM", "Comoros", 43.26, -11.70),
    ("184", "CK", "Cook Islands", -159.78, -21.21),
    ("212", "DM", "Dominica", -61.39, 15.30),
    ("308", "GD", "Grenada", -61.75, 12.06),
    ("296", "KI", "Kiribati", 173.00, 1.33),
    ("336", "VA", "Holy See", 12.45, 41.90),
    ("344", "HK", "Hong Kong", 114.17, 22.32),
    ("438", "LI", "Liechtenstein", 9.52, 47.14),
    ("446", "MO", "Macao", 113.54, 22.20),
    ("462", "MV", "Maldives", 73.51, 4.18),
    ("470", "MT", "Malta", 14.51, 35.90),
    ("480", "MU", "Mauritius", 57.50, -20.16),
    ("492", "MC", "Monaco", 7.42, 43.73),
    ("520", "NR", "Nauru", 166.92, -0.55),
    ("570", "NU", "Niue", -169.92, -19.06),
    ("583", "FM", "Micronesia", 158.16, 6.92),
    ("584", "MH", "Marshall Islands", 171.38, 7.09),
    ("585", "PW", "Palau", 134.62, 7.50),
    ("659", "KN", "Saint Kitts and Nevis", -62.72, 17.30),
    ("662", "LC", "Saint Lucia", -60.99, 14.01),
    ("670", "VC", "Saint Vincent and the Grenadines", -61.22, 13.16),
    ("674", "SM", "San Marino", 12.45, 43.94),
    ("678", "ST", "Sao Tome and Principe", 6.73, 0.34),
    ("690", "SC", "Seychelles", 55.45, -4.62),
    ("702", "SG", "Singapore", 103.82, 1.35),
    ("776", "TO", "Tonga", -175.20, -21.14),
    ("798", "TV", "Tuvalu", 179.19, -8.52),
    ("882", "WS", "Samoa", -171.76, -13.83),
]


def natural_earth(lon, lat):
    """Natural Earth I projection (Šavrič et al. 2011), in radians-based units."""
    lam, phi = math.radians(lon), math.radians(lat)
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4)))
    y = phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4)))
    return x, y


class Frame:
    """Raw projected units -> SVG pixels (y down), 1000 pixels wide."""

    def __init__(self):
        max_x, _ = natural_earth(180, 0)
        self.scale = (WIDTH - 2 * MARGIN) / (2 * max_x)
        _, self.top = natural_earth(0, 84)
        _, bottom = natural_earth(0, SOUTH_LIMIT)
        self.height = round((self.top - bottom) * self.scale + 2 * MARGIN)
        self.max_x = max_x

    def __call__(self, lon, lat):
        x, y = natural_earth(lon, lat)
        return (x + self.max_x) * self.scale + MARGIN, (self.top - y) * self.scale + MARGIN


def load_topology(source):
    if source:
        return json.loads(Path(source).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            ["npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", folder, WORLD_ATLAS],
            check=True,
        )
        path = Path(folder) / "node_modules" / "world-atlas" / "countries-110m.json"
        return json.loads(path.read_text(encoding="utf-8"))


def decode_arcs(topology):
    """Quantised, delta-encoded arcs -> lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, max(y * sy + ty, SOUTH_LIMIT)))
        arcs.append(points)
    return arcs


def crosses_antimeridian(points):
    return any(abs(b[0] - a[0]) > 180 for a, b in zip(points, points[1:], strict=False))


def clip(points, boundary, keep_west):
    """Sutherland-Hodgman: the part of a closed ring west (or east) of longitude `boundary`."""
    inside = (lambda lon: lon <= boundary) if keep_west else (lambda lon: lon >= boundary)
    result = []
    for (lon1, lat1), (lon2, lat2) in zip(points, points[1:] + points[:1], strict=True):
        if inside(lon2):
            if not inside(lon1):
                result.append((boundary, lat1 + (lat2 - lat1) * (boundary - lon1) / (lon2 - lon1)))
            result.append((lon2, lat2))
        elif inside(lon1):
            result.append((boundary, lat1 + (lat2 - lat1) * (boundary - lon1) / (lon2 - lon1)))
    return result


def split_at_antimeridian(points):
    """A ring that crosses 180° (Russia's Chukotka, Fiji) -> the pieces on each side,
    each clipped at the line and brought back into [-180, 180]."""
    unwrapped = [points[0]]
    for lon, lat in points[1:]:
        previous = unwrapped[-1][0]
        while lon - previous > 180:
            lon -= 360
        while previous - lon > 180:
            lon += 360
        unwrapped.append((lon, lat))
    pieces = [
        clip(clip(unwrapped, 180, keep_west=True), -180, keep_west=False),
        # beyond 180° east, brought round to the western edge, and the converse
        [(lon - 360, lat) for lon, lat in clip(unwrapped, 180, keep_west=False)],
        [(lon + 360, lat) for lon, lat in clip(unwrapped, -180, keep_west=True)],
    ]
    return [piece for piece in pieces if len(piece) >= 3]


def simplify(points, tolerance):
    """Douglas-Peucker, iterative; keeps both ends (arcs stay joined)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        worst, worst_index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                distance = math.hypot(px - x1, py - y1)
            else:
                distance = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / length
            if distance > worst:
                worst, worst_index = distance, i
        if worst_index is not None and worst > tolerance:
            keep[worst_index] = True
            stack.extend([(first, worst_index), (worst_index, last)])
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def ring_points(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def area(points):
    return abs(
        sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True)) / 2
    )


def bounding_box(rings):
    """[x0, y0, x1, y1] around the rings, in whole pixels. Built from the largest ring only
    (mainland France, not French Guiana), it tells the report where to zoom for a region."""
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return [math.floor(min(xs)), math.floor(min(ys)), math.ceil(max(xs)), math.ceil(max(ys))]


def number(value):
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def path_data(rings):
    """Absolute move, then relative lines in tenths of a pixel (compact, no drift)."""
    parts = []
    for points in rings:
        tenths = [(round(x * 10), round(y * 10)) for x, y in points]
        deduped = [tenths[0]]
        for point in tenths[1:]:
            if point != deduped[-1]:
                deduped.append(point)
        if deduped[-1] == deduped[0]:
            deduped.pop()
        if len(deduped) < 3:
            continue
        x0, y0 = deduped[0]
        segment = [f"M{number(x0 / 10)} {number(y0 / 10)}l"]
        coords = []
        for (xa, ya), (xb, yb) in zip(deduped, deduped[1:], strict=False):
            coords.append(f"{number((xb - xa) / 10)} {number((yb - ya) / 10)}")
        segment.append(" ".join(coords).replace(" -", "-"))
        parts.append("".join(segment) + "z")
    return "".join(parts)


def build(topology):
    frame = Frame()
    raw_arcs = decode_arcs(topology)
    arcs = [simplify([frame(*p) for p in points], TOLERANCE) for points in raw_arcs]
    rings_by_key, names = {}, {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        key = geometry.get("id") or UNNUMBERED.get(name)
        if key is None or key in LEFT_OUT:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = rings_by_key.setdefault(key, [])
        for polygon in polygons:
            for ring in polygon:
                lonlat = ring_points(ring, raw_arcs)
                if crosses_antimeridian(lonlat):
                    halves = split_at_antimeridian(lonlat)
                    rings.extend(simplify([frame(*p) for p in half], TOLERANCE) for half in halves)
                else:
                    rings.append(ring_points(ring, arcs))
        if name not in UNNUMBERED:
            names[key] = name
    shapes = {}
    for key, rings in sorted(rings_by_key.items()):
        largest = max(rings, key=area)
        kept = [ring for ring in rings if ring is largest or area(ring) >= MIN_RING_AREA]
        shapes[key] = {"name": names.get(key, key), "d": path_data(kept), "box": bounding_box([largest])}
        xs, ys = [x for x, _ in largest], [y for _, y in largest]
        if (max(xs) - min(xs)) * (max(ys) - min(ys)) < TINY_SHAPE:
            shapes[key]["marker"] = [round((max(xs) + min(xs)) / 2, 1), round((max(ys) + min(ys)) / 2, 1)]
    markers = {}
    for numeric, iso2, name, lon, lat in SMALL_STATES:
        if numeric in shapes:
            continue
        x, y = frame(lon, lat)
        markers[numeric] = {
            "iso2": iso2,
            "name": name,
            "lon": lon,
            "lat": lat,
            "x": round(x, 1),
            "y": round(y, 1),
        }
    return {
        "source": "Natural Earth 1:110m admin-0 countries (public domain), via npm " + WORLD_ATLAS,
        "projection": "Natural Earth I",
        "width": int(WIDTH),
        "height": frame.height,
        "shapes": shapes,
        "markers": markers,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", help="a local countries-110m.json instead of installing world-atlas")
    parser.add_argument("--output", default=str(OUTPUT))
    args = parser.parse_args(argv)
    data = build(load_topology(args.source))
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(
        f"{output}: {len(data['shapes'])} shapes, {len(data['markers'])} markers, "
        f"{output.stat().st_size / 1024:.0f} KiB",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
