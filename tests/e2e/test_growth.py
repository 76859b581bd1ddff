"""Nothing rendered into every page grows with the data, and a long timeline splits into month pages.

Sizes, not times: building a larger synthetic data set must leave the pages that list no events
byte-identical, because anything that grows in every page (the navigation above all) would make the
whole site grow quadratically. Timing belongs to `make bench`.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from helpers.commands import DATA, REPO, mkdocs_build
from helpers.site_html import parse, refresh_target, resolve
from timeline.contract import dataset
from timeline.site import board

EVENTS = 400
ENV = {"SOURCE_DATE_EPOCH": "1767225600"}


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("growth")
    data = root / "data"
    generated = subprocess.run(
        [sys.executable, str(REPO / "tools" / "bench"), "generate", str(EVENTS), str(data)],
        cwd=REPO,
        env={**os.environ, **ENV},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert generated.returncode == 0, generated.stderr
    small, large = root / "small", root / "large"
    for out, data_dir in ((small, DATA), (large, data)):
        result = mkdocs_build(out, data_dir=data_dir, env=ENV)
        assert result.returncode == 0, result.stderr
    return small, large, data


def _events(root: ET.Element) -> list[str]:
    return [a.get("id") for a in root.iter("article") if "tl-event" in (a.get("class") or "").split()]


def test_pages_without_events_do_not_change_when_the_data_grows(builds: tuple[Path, Path, Path]) -> None:
    small, large, _ = builds
    # Same navigation, same theme: the methodology page of 15 events and of 400 must be the same bytes.
    assert (small / "methodology" / "index.html").read_bytes() == (large / "methodology" / "index.html").read_bytes()


def test_a_long_timeline_shows_the_latest_months_and_every_event_on_its_month_page(
    builds: tuple[Path, Path, Path],
) -> None:
    _, large, data = builds
    event_ids = {path.stem for path in (data / "events").rglob("*.yaml")}
    assert len(event_ids) == EVENTS
    month_pages = sorted((large / "timeline").glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/index.html"))
    assert len(month_pages) > 12
    on_months: list[str] = []
    for page in month_pages:
        on_months.extend(_events(parse(page)))
    assert sorted(on_months) == sorted(event_ids), "each event exactly once on the month pages"

    index = parse(large / "timeline" / "index.html")
    shown = _events(index)
    assert 0 < len(shown) < EVENTS, "/timeline/ must not hold every event of a long timeline"
    newest_month = month_pages[-1]
    assert set(_events(parse(newest_month))) <= set(shown)
    targets = [resolve("timeline/", a.get("href")) for a in index.iter("a") if a.get("href")]
    month_links = {target[0] for target in targets if target and target[0].startswith("timeline/20")}
    expected = {page.parent.relative_to(large).as_posix() + "/" for page in month_pages}
    assert expected <= month_links, "every month is reachable from /timeline/"


def test_month_pages_link_to_their_neighbours(builds: tuple[Path, Path, Path]) -> None:
    _, large, _ = builds
    month_pages = sorted((large / "timeline").glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/index.html"))
    middle = month_pages[len(month_pages) // 2]
    url = middle.parent.relative_to(large).as_posix() + "/"
    root = parse(middle)
    pager = next(nav for nav in root.iter("nav") if nav.get("class") == "tl-pager")
    neighbours = {a.get("rel"): resolve(url, a.get("href"))[0] for a in pager.iter("a") if a.get("rel")}
    position = month_pages.index(middle)
    assert neighbours["prev"] == month_pages[position - 1].parent.relative_to(large).as_posix() + "/"
    assert neighbours["next"] == month_pages[position + 1].parent.relative_to(large).as_posix() + "/"


def test_event_pages_of_a_long_timeline_link_to_their_place_on_month_pages(builds: tuple[Path, Path, Path]) -> None:
    _, large, data = builds
    for path in sorted((data / "events").rglob("*.yaml"))[::37]:
        url = f"events/{path.stem}/"
        page = parse(large / url / "index.html")
        assert refresh_target(page) is None
        links = {resolve(url, a.get("href")) for a in page.iter("a") if "timeline/" in (a.get("href") or "")}
        (target,) = [link for link in links if link[1]]  # the one into a month, at its anchor
        assert target[1] == path.stem
        assert path.stem in _events(parse(large / target[0] / "index.html"))


def _chart_rows(root: ET.Element) -> list[tuple[str, int, list[ET.Element]]]:
    """(status, count, marks) per row of a site page's chart."""
    chart = next(table for table in root.iter("table") if "tl-chart" in (table.get("class") or ""))
    rows = []
    for row in chart.find("tbody").findall("tr"):
        status = row.find("th").find("a").get("href").rsplit("#status-", 1)[1]
        cells = row.findall("td")
        rows.append((status, int("".join(cells[0].itertext())), list(cells[1].iter("a"))))
    return rows


def test_a_long_record_is_charted_by_month_and_every_event_counted(builds: tuple[Path, Path, Path]) -> None:
    _, large, _ = builds
    pages = sorted((large / "sites").glob("site-*/index.html"))
    assert pages
    for page in pages:
        root = parse(page)
        rows = [li for li in root.iter("li") if li.get("data-event")]
        starts = sorted(li.get("data-start") for li in rows)
        months = {start[:7] for start in starts}
        for status, count, marks in _chart_rows(root):
            assert count == sum(1 for li in rows if li.get("data-status") == status)
            events = 0
            for mark in marks:
                href = mark.get("href")
                if href.startswith("?"):
                    first, last = href.removesuffix("#events").split("&from=")[1].split("&to=")
                    # Three years of events: a mark per month (or per span an event's date covers), not per day.
                    if first[:7] == last[:7]:
                        assert first.endswith("-01") or first == starts[0], href
                    events += int("".join(mark.itertext()).rsplit(": ", 1)[1].split()[0])
                else:
                    events += 1
            assert events == count, (page, status)
            assert len(marks) <= len(months) + count  # points by month, and at most one bar per event


def test_the_home_board_keeps_a_card_for_the_sites_with_the_latest_events_and_a_row_for_the_others(
    builds: tuple[Path, Path, Path],
) -> None:
    _, large, data = builds
    loaded = dataset.load(data, dt.date(2026, 1, 1))
    assert loaded.dataset is not None
    latest: dict[str, tuple] = {}
    for event in loaded.dataset.events:
        for site_id in event.record.sites:
            latest[site_id] = max(latest.get(site_id, event.date.sort_key()), event.date.sort_key())
    names = {site_id: site.record.name for site_id, site in loaded.dataset.sites.items()}
    home = parse(large / "index.html")
    cards = [
        "".join(next(section.iter("h3")).itertext())
        for section in home.iter("section")
        if "tl-board__card" in (section.get("class") or "")
    ]
    table = next(table for table in home.iter("table") if "tl-board__others" in (table.get("class") or ""))
    rows = ["".join(row.find("th").itertext()) for row in table.find("tbody").iter("tr")]
    assert len(cards) == board.MOST_SITES and sorted(cards + rows) == sorted(names.values())
    # The cards are the sites whose latest event is the latest, newest first; the table goes on from there.
    by_latest = sorted(names, key=lambda site_id: latest[site_id], reverse=True)  # ties: in the sites' order
    assert [names[site_id] for site_id in by_latest[: len(cards)]] == cards
    assert {names[site_id] for site_id in by_latest[len(cards) :]} <= set(rows)


def test_without_an_address_there_is_no_empty_sitemap_and_feeds_still_name_themselves(
    builds: tuple[Path, Path, Path],
) -> None:
    """Built without SITE_URL (these builds are): a sitemap can only list absolute addresses, so there is none
    rather than an empty one; every Atom feed still has its rel=self link, relative to its xml:base."""
    _, large, _ = builds
    assert not (large / "sitemap.xml").exists() and not (large / "sitemap.xml.gz").exists()
    for feed in (large / "feed.xml", large / "changes" / "feed.xml", next((large / "sites").glob("*/feed.xml"))):
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, (feed, parsed.bozo_exception)
        (own,) = [link for link in parsed.feed.links if link.rel == "self"]
        relative = feed.relative_to(large).as_posix()
        assert own.href.endswith(relative), (feed, own.href)


def test_a_site_feed_holds_the_20_newest_of_its_events_and_the_main_feed_50(
    builds: tuple[Path, Path, Path],
) -> None:
    """Built without history, every event was added at once, so the feeds follow the timeline, newest first:
    a site's feed holds the first 20 events its page lists; the main feed holds 50 of the 400."""
    _, large, _ = builds
    assert len(feedparser.parse((large / "feed.xml").read_bytes()).entries) == 50
    checked = 0
    for feed in sorted((large / "sites").glob("*/feed.xml")):
        listed = [
            li.get("data-event")
            for li in parse(feed.parent / "index.html").iter("li")
            if "tl-row" in (li.get("class") or "").split()
        ]
        in_feed = [entry.link.rstrip("/").rsplit("/", 1)[-1] for entry in feedparser.parse(feed.read_bytes()).entries]
        assert in_feed == listed[:20], feed
        checked += len(listed) > 20
    assert checked, "no site has more than 20 events: the test shows nothing"
