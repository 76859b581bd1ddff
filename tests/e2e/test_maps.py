"""Locator maps, in a full build: every site inside the map's frame is a marker linking to its page, drawn
by its precision and placed by its coordinates; sites beyond the frame are named instead; the basemap is a
file of the site's own, credited to Natural Earth.

The data is the seed data with what the seed lacks: a site whose position is exact, and a site far outside
the eastern Mediterranean, with three events whose places on its chart are known: 1 and 3 December 2024,
and a span over both.
"""

from __future__ import annotations

import math
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from helpers.commands import DATA, mkdocs_build
from helpers.site_html import page_file, parse, resolve, text
from timeline.contract.model import Site, SiteRecord
from timeline.site import maps

SVG = "{http://www.w3.org/2000/svg}"
"""Map links are xlink:href (templates/_map.j2 says why)."""
FAR_AWAY = {
    "name": "Far-away test site",
    "kind": "other",
    "country": "SY",
    "coordinates": {"lat": 10.0, "lon": 10.0},
    "precision": "exact",
    "summary": "A site outside the map's frame, for this test only.",
}
FAR_AWAY_EVENTS = {
    "2024-12-01-far-away-first": "2024-12-01",
    "2024-12-03-far-away-last": "2024-12-03",
    "2024-12-01-far-away-span": "2024-12-01/2024-12-03",
}
MIXED_EVENT = "2024-12-02-three-places"
"""An event at two sites on the map and one beyond it, in this order."""
MIXED_SITES = ["homs", "far-away", "hmeimim"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict]]:
    root = tmp_path_factory.mktemp("maps")
    data = root / "data"
    shutil.copytree(DATA, data)
    homs = data / "sites" / "homs.yaml"
    homs.write_text(homs.read_text(encoding="utf-8").replace("precision: area", "precision: exact"), encoding="utf-8")
    (data / "sites" / "far-away.yaml").write_text(yaml.safe_dump(FAR_AWAY), encoding="utf-8")
    for event_id, date, places in [
        *((event_id, date, ["far-away"]) for event_id, date in FAR_AWAY_EVENTS.items()),
        (MIXED_EVENT, "2024-12-02", MIXED_SITES),
    ]:
        event = {
            "title": f"Test event {event_id}",
            "date": date,
            "sites": places,
            "status": "reported",
            "claimed_by": ["maxar"],
            "summary": "For the chart test.",
            "citations": [{"source": "maxar", "title": "A test citation", "url_note": "Test data, no link."}],
        }
        (data / "events" / "2024" / f"{event_id}.yaml").write_text(yaml.safe_dump(event), encoding="utf-8")
    result = mkdocs_build(root / "site", data_dir=data)
    assert result.returncode == 0, result.stderr
    sites = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in (data / "sites").glob("*.yaml")}
    return root / "site", sites


def _map(root: ET.Element) -> ET.Element:
    return next(svg for svg in root.iter(f"{SVG}svg") if "tl-map__svg" in (svg.get("class") or ""))


def _markers(url: str, svg: ET.Element) -> dict[str, ET.Element]:
    """Site id → its marker (an SVG link)."""
    found = {}
    for link in svg.iter(f"{SVG}a"):
        target, _ = resolve(url, link.get("href"))
        assert re.fullmatch(r"sites/[a-z0-9-]+/", target), target
        found[target.split("/")[1]] = link
    return found


def _position(marker: ET.Element) -> tuple[float, float]:
    circle = marker.find(f"{SVG}circle")
    if circle is not None:
        return float(circle.get("cx")), float(circle.get("cy"))
    x, y = re.match(r"M([\d.]+) ([\d.]+)", marker.find(f"{SVG}path").get("d")).groups()  # a pin's tip
    return float(x), float(y)


def test_the_sites_map_marks_each_site_in_its_frame_and_names_the_others(built) -> None:
    site, sites = built
    root = parse(page_file(site, "sites/"))
    svg = _map(root)
    markers = _markers("sites/", svg)
    assert set(markers) == set(sites) - {"far-away"}
    caption = next(figure for figure in root.iter("figure")).find("figcaption")
    assert "Far-away test site" in text(caption)
    assert any(resolve("sites/", a.get("href")) == ("sites/far-away/", "") for a in caption.iter("a"))
    assert "Natural Earth" in text(caption)

    for site_id, marker in markers.items():
        record = sites[site_id]
        assert marker.get("aria-label").startswith(record["name"] + ": ")
        assert record["precision"] in marker.get("aria-label")  # "approximate position, drawn as a circle"
        assert marker.find(f"{SVG}title").text == record["name"]
    # Precision is drawn: a pin for an exact point, a circle for an approximate one, a wider one for an area.
    assert markers["homs"].find(f"{SVG}circle") is None and markers["homs"].find(f"{SVG}path") is not None
    approximate = float(markers["hmeimim"].find(f"{SVG}circle").get("r"))
    area = float(markers["damascus"].find(f"{SVG}circle").get("r"))
    assert area > approximate > 0

    # Placed by the coordinates: west to east is left to right, north to south is top to bottom.
    by_x = sorted(markers, key=lambda site_id: _position(markers[site_id])[0])
    by_y = sorted(markers, key=lambda site_id: _position(markers[site_id])[1])
    assert by_x == sorted(markers, key=lambda site_id: sites[site_id]["coordinates"]["lon"])
    assert by_y == sorted(markers, key=lambda site_id: -sites[site_id]["coordinates"]["lat"])
    width, height = (float(value) for value in svg.get("viewBox").split()[2:])
    assert all(0 < _position(marker)[0] < width and 0 < _position(marker)[1] < height for marker in markers.values())


def test_the_basemap_is_a_file_of_the_site_drawn_to_the_same_frame(built) -> None:
    site, _ = built
    svg = _map(parse(page_file(site, "sites/")))
    image = svg.find(f"{SVG}image")
    target, _ = resolve("sites/", image.get("href"))
    basemap = ET.parse(site / target).getroot()
    assert basemap.tag == f"{SVG}svg"
    assert basemap.get("viewBox") == svg.get("viewBox")
    assert (image.get("width"), image.get("height")) == tuple(svg.get("viewBox").split()[2:])
    countries = {path.find(f"{SVG}title").text for path in basemap.iter(f"{SVG}path") if path.get("class") == "land"}
    assert {"Syria", "Lebanon", "Turkey", "Cyprus"} <= countries
    assert not [href for element in basemap.iter() for key, href in element.attrib.items() if key.endswith("href")]
    open_data = parse(page_file(site, "open-data/"))
    assert text(open_data.find(".//h1")) == "Open data"
    section = next(element for element in open_data.iter("h2") if element.get("id") == "basemap")
    assert text(section) == "Basemap"
    assert "Made with Natural Earth" in text(open_data.find(".//body"))


@pytest.mark.parametrize("site_id", ["hmeimim", "tartus", "homs"])
def test_a_site_page_map_shows_its_site_among_the_others(built, site_id: str) -> None:
    site, sites = built
    url = f"sites/{site_id}/"
    root = parse(page_file(site, url))
    markers = _markers(url, _map(root))
    assert set(markers) == set(sites) - {"far-away"}
    current = [key for key, marker in markers.items() if marker.get("aria-current") == "page"]
    assert current == [site_id]
    assert "tl-map__marker--current" in markers[site_id].get("class")
    caption = text(next(root.iter("figure")).find("figcaption"))
    lat, lon = (sites[site_id]["coordinates"][key] for key in ("lat", "lon"))
    assert f"{lat:.3f}° N, {lon:.3f}° E" in caption
    assert "Open in OpenStreetMap" in caption


def test_a_site_beyond_the_maps_gets_no_map_but_a_link_out(built) -> None:
    site, _ = built
    root = parse(page_file(site, "sites/far-away/"))
    assert not [svg for svg in root.iter(f"{SVG}svg") if "tl-map__svg" in (svg.get("class") or "")]
    note = next(p for p in root.iter("p") if "tl-map--none" in (p.get("class") or ""))
    assert "beyond the area" in text(note)
    assert next(note.iter("a")).get("href").startswith("https://www.openstreetmap.org/?mlat=10.0&mlon=10.0")


def test_an_event_page_maps_each_of_its_sites_and_names_those_beyond_the_map(built) -> None:
    site, sites = built
    url = f"events/{MIXED_EVENT}/"
    root = parse(page_file(site, url))
    svg = _map(root)
    markers = _markers(url, svg)
    assert set(markers) == {"homs", "hmeimim"}, "the event's sites on the map, and no other"
    for marker in markers.values():
        # Each is the event's, so drawn as the page's own; neither is the page itself.
        assert "tl-map__marker--current" in marker.get("class") and marker.get("aria-current") is None
    names = [sites[site_id]["name"] for site_id in MIXED_SITES]
    assert svg.get("aria-label") == f"Map: where {names[0]}, {names[1]} and {names[2]} are"
    caption = text(next(figure for figure in root.iter("figure") if "tl-map" in figure.get("class")).find("figcaption"))
    for site_id in ("homs", "hmeimim"):
        lat, lon = (sites[site_id]["coordinates"][key] for key in ("lat", "lon"))
        assert f"{sites[site_id]['name']}: {lat:.3f}° N, {lon:.3f}° E" in caption
    assert f"{FAR_AWAY['name']} lies beyond the area" in caption

    alone = parse(page_file(site, "events/2024-12-01-far-away-first/"))
    assert not [svg for svg in alone.iter(f"{SVG}svg") if "tl-map__svg" in (svg.get("class") or "")]
    note = next(p for p in alone.iter("p") if "tl-map--none" in (p.get("class") or ""))
    assert next(note.iter("a")).get("href").startswith("https://www.openstreetmap.org/?mlat=10.0&mlon=10.0")


def _left(element: ET.Element) -> float:
    return float(re.match(r"left: ([\d.]+)%", element.get("style")).group(1))


def test_the_chart_places_each_event_by_its_date(built) -> None:
    """Three days, 1 to 3 December: a day is a third of the width, and a point sits in its day's middle."""
    site, _ = built
    root = parse(page_file(site, "sites/far-away/"))
    chart = next(table for table in root.iter("table") if "tl-chart" in (table.get("class") or ""))
    marks = {
        mark.get("href").split("/")[-2]: mark for mark in chart.iter("a") if "tl-mark" in (mark.get("class") or "")
    }
    assert set(marks) == {*FAR_AWAY_EVENTS, MIXED_EVENT}
    assert _left(marks["2024-12-01-far-away-first"]) == pytest.approx(100 / 6, abs=0.01)
    assert _left(marks["2024-12-03-far-away-last"]) == pytest.approx(500 / 6, abs=0.01)
    span = marks["2024-12-01-far-away-span"]
    assert "tl-mark--span" in span.get("class")
    assert span.get("style") == "left: 0.0%; width: 100.0%"
    ticks = {text(tick): _left(tick) for tick in chart.iter("span") if "tl-chart__tick" in (tick.get("class") or "")}
    assert ticks == pytest.approx({"1 Dec": 100 / 6, "2 Dec": 50.0, "3 Dec": 500 / 6}, abs=0.01)
    assert "1 December 2024 to 3 December 2024" in text(chart.find("caption"))


# The nearest neighbours on a site page's map, found through a grid (maps.SiteAtlas) so that the site pages
# cost time in proportion to the sites and not to their square, must be those a plain sort finds.
_coordinate = st.tuples(st.floats(32.0, 37.5, allow_nan=False), st.floats(34.0, 42.5, allow_nan=False))


@settings(max_examples=60, deadline=None)
# Past NEIGHBOURS + 1 sites the grid search can stop early, which is where it could go wrong.
@example(points=[(32.0 + (n * 7 % 23) / 4.4, 34.0 + (n * 11 % 29) / 3.5) for n in range(40)], clustered=False)
@example(points=[(32.0 + (n * 7 % 23) / 4.4, 34.0 + (n * 11 % 29) / 3.5) for n in range(60)], clustered=True)
@given(points=st.lists(_coordinate, min_size=1, max_size=80), clustered=st.booleans())
def test_each_site_map_shows_the_nearest_sites_a_plain_sort_finds(
    points: list[tuple[float, float]], clustered: bool
) -> None:
    if clustered:  # many sites a few metres apart, and a few far off: cells of uneven fill
        points = [
            (33.5 + (lat - 32) / 1000, 36.3 + (lon - 34) / 1000) if i % 4 else (lat, lon)
            for i, (lat, lon) in enumerate(points)
        ]
    sites = [
        Site(
            f"site-{n:03d}",
            f"sites/site-{n:03d}.yaml",
            SiteRecord.model_validate(
                {
                    "name": f"Site {n}",
                    "kind": "city",
                    "country": "SY",
                    "coordinates": {"lat": lat, "lon": lon},
                    "precision": "approximate",
                    "summary": "A site.",
                }
            ),
        )
        for n, (lat, lon) in enumerate(points)
    ]
    atlas = maps.SiteAtlas(sites)
    base = maps.basemap()
    inside = [site for site in sites if base.contains(site.record.coordinates.lon, site.record.coordinates.lat)]
    position = {site.id: base.project(site.record.coordinates.lon, site.record.coordinates.lat) for site in inside}
    for site in inside:
        shown = {marker.site.id for marker in atlas.locator_map(site.id).markers}
        others = sorted(
            (other for other in inside if other.id != site.id),
            key=lambda other: (math.dist(position[site.id], position[other.id]), other.id),
        )
        assert shown == {site.id, *(other.id for other in others[: maps.NEIGHBOURS])}
    every = atlas.locator_map(None)
    assert {marker.site.id for marker in every.markers} == {site.id for site in inside}
    assert {site.id for site in every.outside} == {site.id for site in sites} - set(position)
