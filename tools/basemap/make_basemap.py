"""Build the committed eastern Mediterranean basemap from Natural Earth.

The site draws static SVG locator maps of Syrian sites at build time, with no
network access. They need a small basemap: country fills, land borders and the
coastline of the region around Syria. This script makes that basemap once, from
Natural Earth 1:50m Admin 0 countries (public domain) as packaged in the pinned
npm package world-atlas 2.0.2 (``countries-50m.json``, TopoJSON), and writes it
to ``src/timeline/site/basemap/eastern_mediterranean.json``, which is committed.

Steps:

1. Decode the TopoJSON: arcs are quantized and delta-encoded, turned back into
   longitude/latitude with the topology's ``transform``; an arc index ``~i``
   (a negative number) means arc ``i`` reversed.
2. Simplify each arc once with Douglas-Peucker, keeping its end points, so that
   neighbouring countries, their borders and the coastline stay in step.
3. Clip each country's rings to the bounds rectangle (Sutherland-Hodgman; the
   rings are only filled, so edges along the frame do no harm) and keep the
   countries left with a ring. Holes are kept as separate rings, for filling
   with fill-rule evenodd.
4. Arcs shared by two countries are land borders; arcs of only one country are
   the coastline. Both are clipped to the rectangle as polylines, split where
   they leave it.
5. Round to 3 decimals (about 100 m) and write sorted, compact JSON, so the
   same input always gives a byte-identical file.

Regenerate with::

    npm ci --prefix tools/basemap && .venv/bin/python tools/basemap/make_basemap.py
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any, TypeAlias

Point: TypeAlias = tuple[float, float]
Line: TypeAlias = list[Point]

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PACKAGE_DIR = HERE / "node_modules" / "world-atlas"
SOURCE = PACKAGE_DIR / "countries-50m.json"
OUTPUT = REPO / "src" / "timeline" / "site" / "basemap" / "eastern_mediterranean.json"

WORLD_ATLAS_VERSION = "2.0.2"
WEST, SOUTH, EAST, NORTH = 32.0, 31.0, 43.0, 38.0
TOLERANCE = 0.01  # Douglas-Peucker tolerance, in degrees
DECIMALS = 3

ATTRIBUTION = "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com."
SOURCE_TEXT = f"Natural Earth 1:50m Admin 0 countries, via world-atlas {WORLD_ATLAS_VERSION} (countries-50m.json)"
LICENCE = "Public domain (Natural Earth); world-atlas packaging ISC"


# --- TopoJSON ---------------------------------------------------------------


def decode_arcs(topology: dict[str, Any]) -> list[Line]:
    """Every arc of the topology in longitude/latitude, undoing quantization and delta encoding."""
    transform = topology.get("transform")
    arcs: list[Line] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (kx, ky), (dx, dy) = transform["scale"], transform["translate"]
        x = y = 0
        points: Line = []
        for p in arc:
            x += p[0]
            y += p[1]
            points.append((x * kx + dx, y * ky + dy))
        arcs.append(points)
    return arcs


def polygons_of(geometry: dict[str, Any]) -> list[list[list[int]]]:
    """A Polygon or MultiPolygon geometry's polygons, each a list of rings of arc indexes."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def arc_ids(geometry: dict[str, Any]) -> Iterable[int]:
    """The (non-negative) arc numbers a geometry uses."""
    for polygon in polygons_of(geometry):
        for ring in polygon:
            for index in ring:
                yield index if index >= 0 else ~index


def stitch(ring: Sequence[int], arcs: Sequence[Line]) -> Line:
    """The points of a ring made of arcs; ``~i`` is arc ``i`` reversed, and each arc starts where the last ended."""
    points: Line = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


# --- Geometry ---------------------------------------------------------------


def segment_distance(p: Point, a: Point, b: Point) -> float:
    """Distance from p to the segment from a to b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def douglas_peucker(points: Sequence[Point], tolerance: float) -> Line:
    """Douglas-Peucker simplification keeping both ends; a closed line is split at its farthest point first."""
    if len(points) < 3:
        return list(points)
    if points[0] == points[-1]:
        far = max(range(1, len(points) - 1), key=lambda i: math.dist(points[0], points[i]))
        return douglas_peucker(points[: far + 1], tolerance)[:-1] + douglas_peucker(points[far:], tolerance)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, best_distance = -1, tolerance
        for i in range(first + 1, last):
            distance = segment_distance(points[i], points[first], points[last])
            if distance > best_distance:
                best, best_distance = i, distance
        if best >= 0:
            keep[best] = True
            stack.extend(((first, best), (best, last)))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def clip_ring(ring: Sequence[Point]) -> Line:
    """Sutherland-Hodgman clip of a closed ring to the bounds rectangle; the result is open (not closed)."""
    output = list(ring[:-1]) if ring and ring[0] == ring[-1] else list(ring)
    edges: list[tuple[int, float, bool]] = [(0, WEST, True), (0, EAST, False), (1, SOUTH, True), (1, NORTH, False)]
    for axis, limit, keep_above in edges:
        if not output:
            break

        def inside(p: Point, axis: int = axis, limit: float = limit, keep_above: bool = keep_above) -> bool:
            return p[axis] >= limit if keep_above else p[axis] <= limit

        def cross(a: Point, b: Point, axis: int = axis, limit: float = limit) -> Point:
            t = (limit - a[axis]) / (b[axis] - a[axis])
            other = a[1 - axis] + t * (b[1 - axis] - a[1 - axis])
            return (limit, other) if axis == 0 else (other, limit)

        source, output = output, []
        previous = source[-1]
        for current in source:
            if inside(current):
                if not inside(previous):
                    output.append(cross(previous, current))
                output.append(current)
            elif inside(previous):
                output.append(cross(previous, current))
            previous = current
    return output


def clip_line(line: Sequence[Point]) -> list[Line]:
    """Liang-Barsky clip of a polyline to the bounds rectangle, split into pieces where it leaves it."""
    pieces: list[Line] = []
    current: Line = []
    for a, b in pairwise(line):
        dx, dy = b[0] - a[0], b[1] - a[1]
        t0, t1 = 0.0, 1.0
        visible = True
        for p, q in ((-dx, a[0] - WEST), (dx, EAST - a[0]), (-dy, a[1] - SOUTH), (dy, NORTH - a[1])):
            if p == 0:
                if q < 0:
                    visible = False
                    break
                continue
            r = q / p
            if p < 0:
                t0 = max(t0, r)
            else:
                t1 = min(t1, r)
            if t0 > t1:
                visible = False
                break
        if not visible:
            if current:
                pieces.append(current)
                current = []
            continue
        start = a if t0 == 0 else (a[0] + t0 * dx, a[1] + t0 * dy)
        end = b if t1 == 1 else (a[0] + t1 * dx, a[1] + t1 * dy)
        if not current:
            current = [start]
        elif current[-1] != start:
            pieces.append(current)
            current = [start]
        current.append(end)
        if t1 < 1:
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return pieces


def rounded(points: Iterable[Point]) -> Line:
    """Points rounded to DECIMALS, without consecutive duplicates."""
    result: Line = []
    for x, y in points:
        point = (round(x, DECIMALS), round(y, DECIMALS))
        if not result or result[-1] != point:
            result.append(point)
    return result


def signed_area(ring: Sequence[Point]) -> float:
    """Shoelace area of a closed ring (positive when anticlockwise)."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in pairwise(ring)) / 2


def contains(ring: Sequence[Point], point: Point) -> bool:
    """Even-odd test of a point against one closed ring."""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in pairwise(ring):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def label_point(ring: Sequence[Point]) -> Point:
    """A point inside a closed ring to place its name: the centroid if inside, else a point well inside."""
    area = signed_area(ring)
    cx = sum((a[0] + b[0]) * (a[0] * b[1] - b[0] * a[1]) for a, b in pairwise(ring)) / (6 * area)
    cy = sum((a[1] + b[1]) * (a[0] * b[1] - b[0] * a[1]) for a, b in pairwise(ring)) / (6 * area)
    centroid = (round(cx, DECIMALS), round(cy, DECIMALS))
    if contains(ring, centroid):
        return centroid
    # Otherwise the point farthest from the edge among the midpoints of the spans of horizontal scan lines.
    south, north = min(p[1] for p in ring), max(p[1] for p in ring)
    best: tuple[float, Point] | None = None
    for step in range(1, 128):
        y = south + (north - south) * step / 128
        xs = sorted(
            x1 + (y - y1) * (x2 - x1) / (y2 - y1) for (x1, y1), (x2, y2) in pairwise(ring) if (y1 > y) != (y2 > y)
        )
        for left, right in zip(xs[::2], xs[1::2], strict=False):
            candidate = (round((left + right) / 2, DECIMALS), round(y, DECIMALS))
            clearance = min(segment_distance(candidate, a, b) for a, b in pairwise(ring))
            if (best is None or clearance > best[0]) and contains(ring, candidate):
                best = (clearance, candidate)
    return best[1] if best else ring[0]


def intersects_bounds(points: Iterable[Point]) -> bool:
    """Whether a set of points' bounding box overlaps the bounds rectangle."""
    xs, ys = zip(*points, strict=True)
    return min(xs) <= EAST and max(xs) >= WEST and min(ys) <= NORTH and max(ys) >= SOUTH


# --- Basemap ----------------------------------------------------------------


def build(topology: dict[str, Any]) -> dict[str, Any]:
    """The basemap document for the bounds from a world-atlas countries topology."""
    raw_arcs = decode_arcs(topology)
    geometries = [g for g in topology["objects"]["countries"]["geometries"] if polygons_of(g)]

    users: dict[int, set[int]] = {}
    for number, geometry in enumerate(geometries):
        for arc in arc_ids(geometry):
            users.setdefault(arc, set()).add(number)

    nearby = [
        geometry
        for geometry in geometries
        if intersects_bounds(p for polygon in polygons_of(geometry) for p in stitch(polygon[0], raw_arcs))
    ]
    wanted = {arc for geometry in nearby for arc in arc_ids(geometry)}
    arcs = [douglas_peucker(arc, TOLERANCE) if number in wanted else arc for number, arc in enumerate(raw_arcs)]

    countries: list[dict[str, Any]] = []
    for geometry in nearby:
        rings: list[Line] = []
        for polygon in polygons_of(geometry):
            for ring_arcs in polygon:
                ring = rounded(clip_ring(stitch(ring_arcs, arcs)))
                if ring and ring[0] != ring[-1]:
                    ring.append(ring[0])
                if len(ring) >= 4 and signed_area(ring) != 0:
                    rings.append(ring)
        if rings:
            largest = max(rings, key=lambda r: abs(signed_area(r)))
            countries.append({"name": geometry["properties"]["name"], "rings": rings, "label": label_point(largest)})
    countries.sort(key=lambda country: country["name"])

    borders: list[Line] = []
    coastline: list[Line] = []
    for number in sorted(wanted):
        lines = borders if len(users[number]) > 1 else coastline
        for piece in clip_line(arcs[number]):
            line = rounded(piece)
            if len(line) >= 2:
                lines.append(line)

    return {
        "attribution": ATTRIBUTION,
        "source": SOURCE_TEXT,
        "licence": LICENCE,
        "bounds": {"west": WEST, "south": SOUTH, "east": EAST, "north": NORTH},
        "countries": countries,
        "borders": borders,
        "coastline": coastline,
    }


def main() -> None:
    """Read the pinned world-atlas topology and write the basemap JSON."""
    version = json.loads((PACKAGE_DIR / "package.json").read_text(encoding="utf-8"))["version"]
    if version != WORLD_ATLAS_VERSION:
        raise SystemExit(
            f"world-atlas {version} installed, expected {WORLD_ATLAS_VERSION}: run npm ci --prefix tools/basemap"
        )
    basemap = build(json.loads(SOURCE.read_text(encoding="utf-8")))
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(basemap, sort_keys=True, separators=(",", ":")) + "\n"
    OUTPUT.write_text(text, encoding="utf-8", newline="\n")
    points = sum(len(r) for c in basemap["countries"] for r in c["rings"])
    points += sum(len(line) for line in basemap["borders"] + basemap["coastline"])
    size = len(text.encode())
    print(f"{OUTPUT.relative_to(REPO)}: {size} bytes, {len(basemap['countries'])} countries, {points} points")


if __name__ == "__main__":
    main()
