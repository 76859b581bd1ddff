"""Static locator maps: the sites over a small basemap of the eastern Mediterranean, as SVG.

No tiles and no map library: a reader's browser asks no one but the site for a map, so no third party
learns which base a reader looked at. The basemap (land, coast and borders, from Natural Earth's
public-domain data; ``tools/basemap`` makes it) is drawn into one SVG file that every map shows as
its background, so a browser fetches it once. The markers are drawn into each page, as links, in the
page's own colours: light or dark. Templates do the drawing; this module does the arithmetic.

The projection is equirectangular, scaled at the map's middle latitude: at the map's northern and
southern edges east-west distances are about 4% off, which a locator map can bear, and a point's place
is plain arithmetic.
"""

from __future__ import annotations

import dataclasses
import heapq
import json
import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

from timeline.contract.model import Site

BASEMAP = Path(__file__).parent / "basemap" / "eastern_mediterranean.json"
WIDTH = 800.0
"""Width of every map in SVG units; the height follows from the basemap's bounds."""
LABEL_SIZE = 22.0
MARKER_RADIUS = {"exact": 9.0, "approximate": 9.0, "area": 18.0}
"""By the site's precision: an area is drawn as a wider circle than an approximate point."""
# A name's box, in font sizes: character widths of a sans-serif, checked against Chromium's layout in the
# browser tests, and a tenth more for wider fonts.
_NARROW, _WIDE = frozenset("fijlrtI.,;:'!|() -"), frozenset("mwMW")
_WIDTH_MARGIN = 1.1
_LINE_HEIGHT = 1.2
_ASCENT = 0.95


@dataclass(frozen=True, slots=True)
class Basemap:
    west: float
    south: float
    east: float
    north: float
    countries: tuple[tuple[str, tuple[tuple[tuple[float, float], ...], ...], tuple[float, float]], ...]
    """(name, rings, label point), each point (lon, lat)."""
    borders: tuple[tuple[tuple[float, float], ...], ...]
    coastline: tuple[tuple[tuple[float, float], ...], ...]
    attribution: str

    @property
    def scale(self) -> float:
        """SVG units per degree of latitude."""
        return WIDTH / ((self.east - self.west) * math.cos(math.radians((self.north + self.south) / 2)))

    @property
    def height(self) -> float:
        return round((self.north - self.south) * self.scale, 1)

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        x = (lon - self.west) * self.scale * math.cos(math.radians((self.north + self.south) / 2))
        return round(x, 1), round((self.north - lat) * self.scale, 1)

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north


@cache
def basemap() -> Basemap:
    raw = json.loads(BASEMAP.read_text(encoding="utf-8"))
    bounds = raw["bounds"]

    def line(points: Iterable[Sequence[float]]) -> tuple[tuple[float, float], ...]:
        return tuple((float(lon), float(lat)) for lon, lat in points)

    return Basemap(
        west=bounds["west"],
        south=bounds["south"],
        east=bounds["east"],
        north=bounds["north"],
        countries=tuple(
            (country["name"], tuple(line(ring) for ring in country["rings"]), tuple(country["label"]))
            for country in raw["countries"]
        ),
        borders=tuple(line(points) for points in raw["borders"]),
        coastline=tuple(line(points) for points in raw["coastline"]),
        attribution=raw["attribution"],
    )


def _path(points: Sequence[tuple[float, float]], base: Basemap, *, closed: bool) -> str:
    projected = [base.project(lon, lat) for lon, lat in points]
    steps = "L".join(f"{x:g} {y:g}" for x, y in projected[1:])
    return f"M{projected[0][0]:g} {projected[0][1]:g}L{steps}{'Z' if closed else ''}"


_LABELLED_AREA = 0.5  # square degrees: Cyprus has its name on the map, a corner of Egypt does not


def _area(ring: Sequence[tuple[float, float]]) -> float:
    """In square degrees (the shoelace formula): enough to tell a country from a sliver."""
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring))) / 2


@dataclass(frozen=True, slots=True)
class BasemapLayers:
    """The basemap projected into SVG path data, for ``templates/basemap.svg.j2``."""

    width: float
    height: float
    countries: tuple[tuple[str, str], ...]
    """(name, path data)."""
    coastline: str
    borders: str
    labels: tuple[tuple[float, float, str], ...]
    """Country names: x, y, name."""


@cache
def basemap_layers() -> BasemapLayers:
    base = basemap()
    countries = tuple(
        (name, "".join(_path(ring, base, closed=True) for ring in rings)) for name, rings, _ in base.countries
    )
    # Only countries with room for their name: not a sliver at the frame, nor a divided island's two parts.
    labels = tuple(
        (*base.project(lon, lat), name)
        for name, rings, (lon, lat) in base.countries
        if base.contains(lon, lat) and sum(_area(ring) for ring in rings) >= _LABELLED_AREA
    )
    return BasemapLayers(
        WIDTH,
        base.height,
        countries,
        "".join(_path(points, base, closed=False) for points in base.coastline),
        "".join(_path(points, base, closed=False) for points in base.borders),
        labels,
    )


@dataclass(frozen=True, slots=True)
class Marker:
    site: Site
    x: float
    y: float
    """The site's point: a circle's centre, a pin's tip."""
    current: bool
    """The site whose page the map is on, or one of the sites of the event whose page it is on: drawn on top,
    in the accent colour."""
    label: tuple[float, float, str] | None
    """Where the name goes: x, y and the text anchor; None where it would hide another name or marker."""
    pin: str | None
    """A pin's outline as SVG path data, for an exact position; None for a circle."""
    radius: float
    """A circle's radius, or a pin head's."""


@dataclass(frozen=True, slots=True)
class LocatorMap:
    width: float
    height: float
    markers: tuple[Marker, ...]
    outside: tuple[Site, ...]
    """Sites beyond the basemap's edges: named in the caption instead."""
    attribution: str
    sites: tuple[Site, ...] = ()
    """An event's map: the event's sites, in its order, on the map or beyond it."""

    @property
    def of_several_sites(self) -> bool:
        """An event's map of more than one site: its title names them all."""
        return len(self.sites) > 1

    @property
    def shows_others(self) -> bool:
        """Whether other sites than the page's own are on the map."""
        return len(self.markers) > 1


NEIGHBOURS = 12
"""How many other sites a site page's map shows: the nearest, for context. Every site page showing every
site would make the site pages grow with the square of the number of sites."""
_PIN_HEAD = 7.0
_PIN_HEIGHT = 23.0  # from the tip to the top of the head


class SiteAtlas:
    """Every site's place on the basemap, worked out once per build for all the site pages' maps.

    Each site page shows its site and the nearest others. Asking every page to project every site and
    sort them by distance would cost the square of the number of sites; instead the sites are projected
    once and filed in a grid of square cells, and a page looks through the cells around its site only.
    """

    def __init__(self, sites: Iterable[Site]) -> None:
        base = self._base = basemap()
        self._by_id = {site.id: site for site in sites}
        self._inside: list[Site] = []
        self._outside: list[Site] = []
        for site in self._by_id.values():
            point = site.record.coordinates
            (self._inside if base.contains(point.lon, point.lat) else self._outside).append(site)
        self._positions = {
            site.id: base.project(site.record.coordinates.lon, site.record.coordinates.lat) for site in self._inside
        }
        # About two sites a cell when they are spread evenly, whatever their number.
        self._cell = max(1.0, math.sqrt(WIDTH * base.height * 2 / max(1, len(self._inside))))
        self._grid: dict[tuple[int, int], list[Site]] = {}
        for site in self._inside:
            self._grid.setdefault(self._cell_of(self._positions[site.id]), []).append(site)

    def _cell_of(self, point: tuple[float, float]) -> tuple[int, int]:
        return int(point[0] // self._cell), int(point[1] // self._cell)

    def _nearest(self, current: str, count: int) -> list[Site]:
        """The ``count`` sites nearest ``current``, by distance then id: rings of cells outward until no
        cell further out can hold a site nearer than the furthest found."""
        if count <= 0:
            return []
        here = self._positions[current]
        column, row = self._cell_of(here)
        found: list[tuple[float, str, Site]] = []
        nearest: list[tuple[float, str, Site]] = []
        reach = max(abs(column), abs(row)) + int(max(WIDTH, self._base.height) // self._cell) + 2
        for ring in range(reach + 1):
            for cell in _ring(column, row, ring):
                for site in self._grid.get(cell, ()):
                    if site.id != current:
                        found.append((math.dist(here, self._positions[site.id]), site.id, site))
            nearest = heapq.nsmallest(count, found)
            # Any site in ring r + 1 or beyond is at least r cells' width away.
            if len(nearest) == count and nearest[-1][0] < ring * self._cell:
                break
        return [site for _, _, site in nearest]

    def locator_map(self, current: str | None = None, neighbours: int = NEIGHBOURS) -> LocatorMap:
        """Where each site is, and where its name fits: the current site's first, then north to south.

        With ``current``, the map shows that site and its nearest neighbours; without, every site.
        """
        base, positions = self._base, self._positions
        inside, outside = self._inside, self._outside
        if current is not None:
            if current not in positions:
                return LocatorMap(WIDTH, base.height, (), tuple(outside), base.attribution)
            inside = [site for site in inside if site.id == current] + self._nearest(current, neighbours)
            outside = []
        return _placed(inside, outside, positions, () if current is None else (current,), base)

    def places_map(self, site_ids: Sequence[str]) -> LocatorMap:
        """Where an event happened: each of the sites ``site_ids`` names, all marked as the page's own, and no
        other site.

        No neighbours: an event's map only locates it, and each site's page, a click away, shows the sites
        around it. There is a page per event, so each other marker would cost about 330 bytes (140
        compressed) times the number of events.
        """
        sites = [self._by_id[site_id] for site_id in dict.fromkeys(site_ids)]
        inside = [site for site in sites if site.id in self._positions]
        outside = [site for site in sites if site.id not in self._positions]
        placed = _placed(inside, outside, self._positions, {site.id for site in sites}, self._base)
        return dataclasses.replace(placed, sites=tuple(sites))


def _ring(column: int, row: int, ring: int) -> Iterable[tuple[int, int]]:
    """The cells ``ring`` steps around (column, row): the square's border, or the cell itself at 0."""
    if ring == 0:
        yield column, row
        return
    for dx in range(-ring, ring + 1):
        yield column + dx, row - ring
        yield column + dx, row + ring
    for dy in range(-ring + 1, ring):
        yield column - ring, row + dy
        yield column + ring, row + dy


def _placed(
    inside: list[Site],
    outside: list[Site],
    positions: dict[str, tuple[float, float]],
    current: Collection[str],
    base: Basemap,
) -> LocatorMap:
    # Every marker's box first, so that no name covers a marker placed after it.
    taken = [_marker_box(site, *positions[site.id]) for site in inside]
    order = sorted(inside, key=lambda site: (site.id not in current, -site.record.coordinates.lat, site.id))
    markers = []
    for site in order:
        x, y = positions[site.id]
        precision = site.record.precision
        if precision == "exact":  # a pin: its tip on the point, its head above, where its name is placed
            head_y = y - _PIN_HEIGHT + _PIN_HEAD
            # Sides from the tip to where they meet the head's circle (6 across, 3.6 down from its centre).
            left, right, join = f"{x - 6:.1f}", f"{x + 6:.1f}", f"{head_y + 3.6:.1f}"
            pin = f"M{x:g} {y:g}L{left} {join}A{_PIN_HEAD:g} {_PIN_HEAD:g} 0 1 1 {right} {join}Z"
            label = _place_label(site.record.name, x, head_y, _PIN_HEAD, base.height, taken)
            markers.append(Marker(site, x, y, site.id in current, label, pin, _PIN_HEAD))
        else:
            radius = MARKER_RADIUS[precision]
            label = _place_label(site.record.name, x, y, radius, base.height, taken)
            markers.append(Marker(site, x, y, site.id in current, label, None, radius))
    # Drawn in a fixed order, the current site last so that it sits on top.
    markers.sort(key=lambda marker: (marker.current, marker.site.id))
    return LocatorMap(WIDTH, base.height, tuple(markers), tuple(outside), base.attribution)


def _marker_box(site: Site, x: float, y: float) -> tuple[float, float, float, float]:
    if site.record.precision == "exact":
        return (x - _PIN_HEAD, y - _PIN_HEIGHT, x + _PIN_HEAD, y)
    radius = MARKER_RADIUS[site.record.precision]
    return (x - radius, y - radius, x + radius, y + radius)


def _place_label(
    name: str, x: float, y: float, radius: float, height: float, taken: list[tuple[float, float, float, float]]
) -> tuple[float, float, str] | None:
    """A place for ``name`` beside the marker centred at (x, y), clear of every box in ``taken``."""
    size, gap = LABEL_SIZE, radius + 5
    width, tall = _text_width(name) * size, size * _LINE_HEIGHT
    # (text x, baseline y, text anchor, box left, box top): right of the marker, then left, above, below.
    # The gap is wider than the marker's radius, so a name never covers its own marker.
    beside = y + (_ASCENT - _LINE_HEIGHT / 2) * size  # the baseline that centres the name on the marker
    candidates = (
        (x + gap, beside, "start", x + gap, y - tall / 2),
        (x - gap, beside, "end", x - gap - width, y - tall / 2),
        (x, y - gap - tall + _ASCENT * size, "middle", x - width / 2, y - gap - tall),
        (x, y + gap + _ASCENT * size, "middle", x - width / 2, y + gap),
    )
    for text_x, text_y, anchor, left, top in candidates:
        box = (left, top, left + width, top + tall)
        within = left >= 0 and top >= 0 and box[2] <= WIDTH and box[3] <= height
        if within and not any(_overlap(box, other) for other in taken):
            taken.append(box)
            return (round(text_x, 1), round(text_y, 1), anchor)
    return None


def _text_width(text: str) -> float:
    """In font sizes."""
    widths = (
        0.3 if glyph in _NARROW else 0.9 if glyph in _WIDE else 0.7 if glyph.isupper() else 0.55 for glyph in text
    )
    return sum(widths) * _WIDTH_MARGIN


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
