"""Feeds and open data from a full build of data/, each read with a real parser and checked against
the YAML files, which are read here independently (PyYAML's BaseLoader), not with the project's loader."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import feedparser
import geojson
import icalendar
import jsonschema
import pytest
import yaml

from helpers import expected
from helpers.commands import DATA, REPO, mkdocs_build, run_timeline
from helpers.site_html import parse

SITE_URL = "https://timeline.example.org/"
EPOCH = 1767225600  # 2026-01-01T00:00:00Z


def _yaml(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


EVENTS = {path.stem: _yaml(path) for path in sorted((DATA / "events").rglob("*.yaml"))}
SITES = {path.stem: _yaml(path) for path in sorted((DATA / "sites").glob("*.yaml"))}
SOURCES = {path.stem: _yaml(path) for path in sorted((DATA / "sources").glob("*.yaml"))}
TAGS = _yaml(DATA / "tags.yaml")
EQUIPMENT = _yaml(DATA / "equipment.yaml")


def _headline(record: dict) -> str:
    return expected.headline(record, SOURCES)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("exports") / "site"
    built = mkdocs_build(out, env={"SITE_URL": SITE_URL, "SOURCE_DATE_EPOCH": str(EPOCH)})
    assert built.returncode == 0, built.stderr
    return out


def _feed(site: Path, path: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((site / path).read_bytes())
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    return parsed


def _entry_event_ids(feed: feedparser.FeedParserDict) -> list[str]:
    return [entry.link.rstrip("/").rsplit("/", 1)[-1] for entry in feed.entries]


def test_the_main_feed_holds_every_event_once_with_stable_ids_and_rfc3339_times(site: Path) -> None:
    feed = _feed(site, "feed.xml")
    ids = _entry_event_ids(feed)
    assert sorted(ids) == sorted(EVENTS)  # fewer than the window: all of them, each once
    for entry in feed.entries:
        assert entry.id.startswith("urn:uuid:")
        event_id = entry.link.rstrip("/").rsplit("/", 1)[-1]
        assert entry.link == f"{SITE_URL}events/{event_id}/"
        for stamp in (entry.updated, entry.published):
            assert dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)
    # Newest added first: the published times never increase down the feed.
    published = [calendar.timegm(entry.published_parsed) for entry in feed.entries]
    assert published == sorted(published, reverse=True)


def test_an_entry_carries_its_summary_as_html_its_citation_links_and_its_tags(site: Path) -> None:
    feed = _feed(site, "feed.xml")
    entry = next(e for e in feed.entries if e.link.endswith("/2024-12-13-hmeimim-an124-loading/"))
    record = EVENTS["2024-12-13-hmeimim-an124-loading"]
    assert entry.title == _headline(record)
    assert entry.summary_detail.type == "text/html"
    assert "nose cones open" in entry.summary  # from the YAML summary, as HTML
    assert {tag.term for tag in entry.tags} == set(record["tags"])
    related = {link.href for link in entry.links if link.rel == "related"}
    assert related == {c["url"] for c in record["citations"] if "url" in c}


def test_site_and_tag_feeds_hold_exactly_their_events_with_the_same_entry_ids(site: Path) -> None:
    main = {e.link: e.id for e in _feed(site, "feed.xml").entries}
    for site_id in SITES:
        feed = _feed(site, f"sites/{site_id}/feed.xml")
        expected = sorted(event_id for event_id, event in EVENTS.items() if site_id in event["sites"])
        assert sorted(_entry_event_ids(feed)) == expected, site_id
        assert all(main[e.link] == e.id for e in feed.entries)
    for tag_id in TAGS:
        feed = _feed(site, f"tags/{tag_id}/feed.xml")
        expected = sorted(event_id for event_id, event in EVENTS.items() if tag_id in event.get("tags", []))
        assert sorted(_entry_event_ids(feed)) == expected, tag_id


def test_pages_announce_their_feeds(site: Path) -> None:
    def alternates(page: str) -> dict[str, Path]:
        html = parse(site / page / "index.html")
        links = [link for link in html.iter("link") if "alternate" in (link.get("rel") or "").split()]
        assert all(link.get("type") == "application/atom+xml" for link in links)
        return {link.get("title"): (site / page / link.get("href")).resolve() for link in links}

    home = alternates("")
    assert list(home.values()) == [(site / "feed.xml").resolve()]
    hmeimim = alternates("sites/hmeimim")
    assert (site / "sites/hmeimim/feed.xml").resolve() in hmeimim.values()
    assert (site / "feed.xml").resolve() in hmeimim.values()
    assert (site / "tags/airlift/feed.xml").resolve() in alternates("tags/airlift").values()
    assert all(path.is_file() for path in [*hmeimim.values(), *alternates("timeline/2024/12").values()])


def _validated(site: Path, name: str, path: str | None = None) -> dict:
    document = json.loads((site / (path or f"api/{name}.json")).read_text(encoding="utf-8"))
    schema = json.loads((site / "schema" / f"api-{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(document)
    assert document["format_version"] == "2.0"
    return document


def _parts(site: Path) -> list[dict]:
    """The month parts api/events.json lists, each with its files' paths in the built site."""
    index = _validated(site, "events")
    assert index["count"] == len(EVENTS) == sum(part["count"] for part in index["parts"])
    assert [part["month"] for part in index["parts"]] == sorted({part["month"] for part in index["parts"]})
    parts = [
        {**part, **{key: part[key].removeprefix(SITE_URL) for key in ("json", "csv", "ics")}} for part in index["parts"]
    ]
    # No file in api/events/ that the index does not list: the parts are the whole of it.
    listed = {part[key] for part in parts for key in ("json", "csv", "ics")}
    assert {path.relative_to(site).as_posix() for path in (site / "api" / "events").iterdir()} == listed
    return parts


def _all_events(site: Path) -> list[dict]:
    events = []
    for part in _parts(site):
        document = _validated(site, "events-month", part["json"])
        assert document["month"] == part["month"] and len(document["events"]) == part["count"]
        # Each event is in the month the timeline lists it under, where it began.
        assert all(event["date"]["earliest"][:7] == part["month"] for event in document["events"])
        events += document["events"]
    return events


def test_events_json_has_every_event_once_with_its_yaml_resolved_names_and_permalink(site: Path) -> None:
    events = _all_events(site)
    assert sorted(event["id"] for event in events) == sorted(EVENTS)
    assert len(events) == len(EVENTS)
    for event in events:
        record = EVENTS[event["id"]]
        assert event["title"] == record["title"]
        assert event["headline"] == _headline(record)
        assert [source["id"] for source in event["claimed_by"]] == record.get("claimed_by", [])
        assert event["status"] == record["status"]
        assert event["summary"] == record["summary"]
        assert event["date"]["edtf"] == record["date"]
        assert [site["id"] for site in event["sites"]] == record["sites"]
        assert [site["name"] for site in event["sites"]] == [SITES[s]["name"] for s in record["sites"]]
        assert [c["title"] for c in event["citations"]] == [c["title"] for c in record["citations"]]
        assert [c["source_name"] for c in event["citations"]] == [
            SOURCES[c["source"]]["name"] for c in record["citations"]
        ]
        assert event["permalink"] == f"{SITE_URL}events/{event['id']}/"
        assert (site / "events" / event["id"] / "index.html").is_file()
        assert event["date"]["earliest"] <= event["date"]["latest"]


def test_sites_sources_tags_and_equipment_json_cover_the_data(site: Path) -> None:
    sites = _validated(site, "sites")["sites"]
    assert {entry["id"]: (entry["lat"], entry["lon"]) for entry in sites} == {
        site_id: (float(record["coordinates"]["lat"]), float(record["coordinates"]["lon"]))
        for site_id, record in SITES.items()
    }
    for entry in sites:
        assert entry["event_count"] == sum(entry["id"] in event["sites"] for event in EVENTS.values())
    sources = _validated(site, "sources")["sources"]
    assert sorted(entry["id"] for entry in sources) == sorted(SOURCES)
    for entry in sources:
        direct = {e for e, event in EVENTS.items() if any(c["source"] == entry["id"] for c in event["citations"])}
        assert entry["cited_in"] == len(direct)
    assert sorted(entry["id"] for entry in _validated(site, "tags")["tags"]) == sorted(TAGS)
    assert sorted(entry["id"] for entry in _validated(site, "equipment")["equipment"]) == sorted(EQUIPMENT)


def test_events_csv_has_one_row_per_event_in_a_fixed_column_order(site: Path) -> None:
    header, body = None, []
    for part in _parts(site):
        raw = (site / part["csv"]).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark spreadsheets need for UTF-8
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        assert header in (None, rows[0]) and len(rows) == part["count"] + 1
        header, body = rows[0], body + rows[1:]
    assert header is not None
    assert header[:6] == ["id", "date", "date_earliest", "date_latest", "date_text", "title"]
    assert sorted(row[0] for row in body) == sorted(EVENTS)
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    for event_id, record in EVENTS.items():
        assert by_id[event_id]["title"] == record["title"]
        assert by_id[event_id]["headline"] == _headline(record)
        assert by_id[event_id]["claimed_by"] == "; ".join(record.get("claimed_by", []))
        assert by_id[event_id]["summary"] == record["summary"]
        assert by_id[event_id]["sites"] == "; ".join(record["sites"])


def test_geojson_sites_and_each_sites_events_are_valid_points_in_lon_lat_order(site: Path) -> None:
    sites = geojson.loads((site / "api" / "sites.geojson").read_text(encoding="utf-8"))
    assert sites.is_valid, sites.errors()
    assert {f["id"]: tuple(f["geometry"]["coordinates"]) for f in sites["features"]} == {
        site_id: (float(r["coordinates"]["lon"]), float(r["coordinates"]["lat"])) for site_id, r in SITES.items()
    }
    for site_id, record in SITES.items():
        events = geojson.loads((site / "sites" / site_id / "events.geojson").read_text(encoding="utf-8"))
        assert events.is_valid, events.errors()
        assert sorted(f["id"] for f in events["features"]) == sorted(
            e for e, event in EVENTS.items() if site_id in event["sites"]
        )
        point = [float(record["coordinates"]["lon"]), float(record["coordinates"]["lat"])]
        assert all(f["geometry"]["coordinates"] == point for f in events["features"])


def _expected_span(edtf: str) -> tuple[dt.date, dt.date]:
    """First day and the day after the last, worked out here for the forms the seed data uses."""
    start, _, end = edtf.rstrip("~?%").partition("/")
    end = end.rstrip("~?%") or start

    def bounds(text: str) -> tuple[dt.date, dt.date]:
        parts = [int(p) for p in text.rstrip("~?%").split("-")]
        if len(parts) == 3:
            day = dt.date(*parts)
            return day, day
        if len(parts) == 2:
            return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], calendar.monthrange(*parts)[1])
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)

    return bounds(start)[0], bounds(end)[1] + dt.timedelta(days=1)


def test_events_ics_has_every_event_as_an_all_day_entry_spanning_its_whole_date(site: Path) -> None:
    every = []
    for part in _parts(site):
        every += icalendar.Calendar.from_ical((site / part["ics"]).read_bytes()).walk("VEVENT")
    entries = {str(e["UID"]).split("@")[0]: e for e in every}
    assert sorted(entries) == sorted(EVENTS)
    assert len(every) == len(EVENTS)
    forms = set()
    for event_id, record in EVENTS.items():
        entry = entries[event_id]
        assert str(entry["SUMMARY"]) == _headline(record)
        start, end = entry["DTSTART"].dt, entry["DTEND"].dt
        assert type(start) is dt.date and type(end) is dt.date  # all-day: dates, not times
        assert (start, end) == _expected_span(record["date"]), event_id
        forms.add(len(record["date"].split("/")[0].rstrip("~?%")))
    assert {7, 10} <= forms  # both a month-only and a day date were checked


def test_the_open_data_page_links_every_file_and_its_schema(site: Path) -> None:
    page = parse(site / "open-data" / "index.html")
    hrefs = [a.get("href") for a in page.iter("a") if a.get("href") and "#" not in a.get("href")]
    targets = {(site / "open-data" / href).resolve() for href in hrefs if "://" not in href}
    for path in ("feed.xml", "api/events.json", "api/sites.geojson"):
        assert (site / path).resolve() in targets, path
    for name in ("events", "events-month", "sites", "sources", "tags", "equipment"):
        assert (site / "schema" / f"api-{name}.schema.json").resolve() in targets
    for name in ("event", "site", "source", "tags", "equipment"):
        assert (site / "schema" / f"{name}.schema.json").resolve() in targets
    assert [target for target in targets if not target.exists()] == []
    text = "".join(page.itertext())
    assert "leading apostrophe" in text  # the CSV's formula guard is documented
    assert "summary_html" in text and "date_earliest" in text  # field lists come from the shapes


def test_the_published_data_schemas_are_the_repositorys(site: Path) -> None:
    for path in sorted((REPO / "schema").glob("*.json")):
        assert (site / "schema" / path.name).read_bytes() == path.read_bytes(), path.name


def _git(repo: Path, *args: str, when: int) -> None:
    stamp = f"@{when} +0000"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "-C", str(repo), *identity, *args], check=True, capture_output=True, env=env)


def test_an_old_event_added_late_tops_the_feed(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(DATA, repo / "data")
    late = repo / "data" / "events" / "2024" / "2024-12-08-assad-government-falls.yaml"
    held_back = late.read_bytes()
    late.unlink()
    _git(repo, "init", "-q", when=EPOCH)
    _git(repo, "add", "-A", when=EPOCH)
    _git(repo, "commit", "-q", "-m", "first", when=EPOCH)
    late.write_bytes(held_back)  # the oldest event of the data, committed a day later than the rest
    _git(repo, "add", "-A", when=EPOCH + 86400)
    _git(repo, "commit", "-q", "-m", "late", when=EPOCH + 86400)

    out = tmp_path / "out"
    # Built after its commits: a commit dated after the build is clamped to it (see repository.file_history).
    build = {"SOURCE_DATE_EPOCH": str(EPOCH + 2 * 86400)}
    rendered = run_timeline("render", str(out), "--data", str(repo / "data"), env=build)
    assert rendered.returncode == 0, rendered.stderr

    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo
    assert _entry_event_ids(feed)[0] == "2024-12-08-assad-government-falls"
    assert feed.entries[0].published == "2026-01-02T00:00:00Z"
    assert {e.published for e in feed.entries[1:]} == {"2026-01-01T00:00:00Z"}
    # Without SITE_URL, links are relative to the site's root, which xml:base names.
    assert feed.feed.get("links") and not feed.entries[0].link.startswith("http")


def test_an_event_merged_from_a_branch_counts_from_its_merge(tmp_path: Path) -> None:
    # A pull request reviewed for weeks: its commit is old, but readers see the event when it is merged.
    repo = tmp_path / "repo"
    shutil.copytree(DATA, repo / "data")
    events = repo / "data" / "events" / "2024"
    reviewed = events / "2024-12-08-assad-government-falls.yaml"
    quick = events / "2024-12-13-hmeimim-an124-loading.yaml"
    held = {path: path.read_bytes() for path in (reviewed, quick)}
    for path in held:
        path.unlink()
    _git(repo, "init", "-q", "-b", "main", when=EPOCH)
    _git(repo, "add", "-A", when=EPOCH)
    _git(repo, "commit", "-q", "-m", "first", when=EPOCH)
    _git(repo, "checkout", "-q", "-b", "review", when=EPOCH)
    reviewed.write_bytes(held[reviewed])
    _git(repo, "add", "-A", when=EPOCH + 100)
    _git(repo, "commit", "-q", "-m", "old event, under review", when=EPOCH + 100)
    _git(repo, "checkout", "-q", "main", when=EPOCH + 200)
    quick.write_bytes(held[quick])
    _git(repo, "add", "-A", when=EPOCH + 200)
    _git(repo, "commit", "-q", "-m", "quick event", when=EPOCH + 200)
    _git(repo, "merge", "-q", "--no-ff", "-m", "merge the review", "review", when=EPOCH + 300)

    out = tmp_path / "out"
    # Built after its commits: a commit dated after the build is clamped to it (see repository.file_history).
    build = {"SOURCE_DATE_EPOCH": str(EPOCH + 2 * 86400)}
    rendered = run_timeline("render", str(out), "--data", str(repo / "data"), env=build)
    assert rendered.returncode == 0, rendered.stderr
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert _entry_event_ids(feed)[:2] == ["2024-12-08-assad-government-falls", "2024-12-13-hmeimim-an124-loading"]
    assert [entry.published for entry in feed.entries[:2]] == ["2026-01-01T00:05:00Z", "2026-01-01T00:03:20Z"]
