"""A full `mkdocs build --strict` of data/: every page kind, its key content, and every link in it.

Expectations are computed from the YAML files themselves (read with PyYAML's BaseLoader, not with the
project's loader), so a page that loses or duplicates an event fails here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from helpers import expected
from helpers.commands import DATA, REPO, mkdocs_build
from helpers.pagefind_index import search_records
from helpers.site_html import by_id, ids, page_file, parse, refresh_target, resolve, text, url_of

REPO_URL = "https://github.com/example-owner/example-timeline"
EPOCH = 1767225600  # 2026-01-01T00:00:00Z
SITE_URL = "https://timeline.example.org/"


def _yaml(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


EVENTS = {path.stem: _yaml(path) for path in sorted((DATA / "events").rglob("*.yaml"))}
SITES = {path.stem: _yaml(path) for path in sorted((DATA / "sites").glob("*.yaml"))}
SOURCES = {path.stem: _yaml(path) for path in sorted((DATA / "sources").glob("*.yaml"))}
STATUS_LABELS = {"confirmed": "Confirmed", "reported": "Reported", "claimed": "Claimed", "disputed": "Disputed"}
STATUS_LABELS["retracted"] = "Retracted"  # as the methodology page names them
TAGS = _yaml(DATA / "tags.yaml")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build") / "site"
    env = {"TIMELINE_REPO_URL": REPO_URL, "SOURCE_DATE_EPOCH": str(EPOCH), "SITE_URL": SITE_URL}
    result = mkdocs_build(out, env=env)
    assert result.returncode == 0, result.stderr
    return out


def _page(site: Path, url: str) -> ET.Element:
    file = page_file(site, url)
    assert file.is_file(), f"/{url} was not built"
    return parse(file)


def _events(root: ET.Element) -> list[ET.Element]:
    return [article for article in root.iter("article") if "tl-event" in (article.get("class") or "").split()]


def _date_shown(article: ET.Element) -> str:
    """An event's date as its entry shows it: a <time>, or a plain span where HTML has no syntax for it."""
    meta = next(p for p in article.iter("p") if "tl-event__meta" in (p.get("class") or ""))
    return text(next(iter(meta)))


def _article_ids(root: ET.Element) -> list[str]:
    return [article.get("id") for article in _events(root)]


def _hrefs(element: ET.Element) -> list[str]:
    return [anchor.get("href") for anchor in element.iter("a") if anchor.get("href")]


_EVENT_PAGE = re.compile(r"(?:^|/)events/([^/#?]+)/$")


def _event_links(element: ET.Element) -> list[str]:
    """The ids of the events whose pages ``element`` links to, in order."""
    return [found.group(1) for href in _hrefs(element) if (found := _EVENT_PAGE.search(href))]


def test_home_says_what_is_tracked_with_latest_events_site_cards_and_last_updated(site: Path) -> None:
    home = _page(site, "")
    assert "Russia's drawdown from Syria" in text(next(home.iter("h1")))
    assert text(by_id(home, "why")) == "What is tracked, and why"
    assert "Hmeimim" in text(home) and "Tartus" in text(home)
    updated = next(element for element in home.iter("p") if "tl-updated" in (element.get("class") or ""))
    assert "Last updated: 1 January 2026" in text(updated)
    cards = [element for element in home.iter("section") if "tl-board__card" in (element.get("class") or "")]
    assert len(cards) == len(SITES)
    for site_id, record in SITES.items():
        (card,) = [card for card in cards if text(next(card.iter("h3"))) == record["name"]]
        assert f"sites/{site_id}/" in _hrefs(card)
    latest = [element for element in home.iter("li") if "tl-row" in (element.get("class") or "")]
    assert 0 < len(latest) <= len(EVENTS)
    assert any("2024-12-13-hmeimim-an124-loading" in _event_links(row) for row in latest)
    assert "contributing/" in _hrefs(home)


@pytest.mark.parametrize("url", ["timeline/", "timeline/2024/12/"])
def test_timeline_holds_every_event_once_newest_first_under_day_headings(site: Path, url: str) -> None:
    root = _page(site, url)
    shown = _article_ids(root)
    assert sorted(shown) == sorted(EVENTS)
    starts = [article.get("data-start") for article in _events(root)]
    assert starts == sorted(starts, reverse=True)
    day_headings = [element for element in root.iter() if "tl-day" in (element.get("class") or "")]
    assert "13 Dec 2024" in [text(heading) for heading in day_headings]
    assert "around December 2024" in [text(heading) for heading in day_headings]
    assert len(ids(root)) == len(set(ids(root))), "duplicate HTML ids"


def test_an_event_shows_date_status_sites_tags_equipment_summary_citations_and_related(site: Path) -> None:
    article = by_id(_page(site, "timeline/2024/12/"), "2024-12-13-hmeimim-an124-loading")
    assert article is not None
    shown = text(article)
    record = EVENTS["2024-12-13-hmeimim-an124-loading"]
    assert record["title"] in shown
    time = next(article.iter("time"))
    assert (time.get("datetime"), text(time)) == ("2024-12-13", "13 Dec 2024")
    badge = next(a for a in article.iter("a") if "tl-status" in (a.get("class") or ""))
    assert text(badge).endswith("Reported") and badge.get("title")
    assert badge.get("href") == "../../../methodology/#status-reported"
    assert "Hmeimim air base" in shown and "Airlift" in shown and "Antonov An-124 ×2" in shown
    assert "nose cones open" in shown
    citations = [li for li in article.iter("li") if "tl-citation" in (li.get("class") or "")]
    assert len(citations) == len(record["citations"])
    for element, citation in zip(citations, record["citations"], strict=True):
        assert SOURCES[citation["source"]]["name"] in text(element)
        assert citation["title"] in text(element)
        assert f"No link: {citation['url_note']}" in text(element)
        if "via" in citation:
            assert f"via {SOURCES[citation['via']]['name']}" in text(element)
        quote = next(element.iter("blockquote"))
        assert " ".join(citation["quote"].split()) in text(quote)
    for related in record["related"]:
        assert related in _event_links(article)
    assert "../../../events/2024-12-13-hmeimim-an124-loading/" in _hrefs(article)


def test_disputed_and_uncertain_dates_read_with_their_precision(site: Path) -> None:
    root = _page(site, "timeline/2024/12/")
    ships = by_id(root, "2024-12-08-tartus-ships-leave-port")
    assert "8–13 Dec 2024" in text(ships) and "Disputed" in text(ships)
    assert "2024-12-10-tartus-ship-positions-unchanged" in " ".join(_hrefs(ships))
    suitcases = by_id(root, "2024-12-12-hmeimim-personnel-suitcases")
    assert "12 Dec 2024 (unconfirmed date)" in text(suitcases)
    undated = by_id(root, "2024-12-massicot-withdrawal-picking-up-steam")
    assert "around December 2024" in text(undated)


def test_every_event_has_a_page_at_its_permalink_that_links_to_its_place_on_the_timeline(site: Path) -> None:
    for event_id, record in EVENTS.items():
        url = f"events/{event_id}/"
        root = _page(site, url)
        assert refresh_target(root) is None, url
        (heading,) = root.iter("h1")
        assert text(heading) == expected.headline(record, SOURCES), url
        on_timeline = [resolve(url, href) for href in _hrefs(root) if "timeline/2024/12/#" in href]
        assert on_timeline == [("timeline/2024/12/", event_id)], url
        assert by_id(_page(site, "timeline/2024/12/"), event_id) is not None


def _facts(root: ET.Element) -> dict[str, str]:
    facts = next(dl for dl in root.iter("dl") if "tl-facts" in (dl.get("class") or ""))
    return {text(term): text(value) for term, value in zip(facts.iter("dt"), facts.iter("dd"), strict=True)}


def test_site_page_has_facts_equipment_tally_events_and_latest_status(site: Path) -> None:
    root = _page(site, "sites/hmeimim/")
    assert text(next(root.iter("h1"))) == "Hmeimim air base"
    facts = _facts(root)
    assert facts["Also known as"] == "Khmeimim"
    assert facts["Coordinates"].startswith("35.412° N, 35.945° E (approximate)")
    assert facts["Country"] == "Syria (SY)"
    assert facts["Kind"] == "Air base"
    at_site = {event_id: event for event_id, event in EVENTS.items() if "hmeimim" in event["sites"]}
    assert facts["Events"].startswith(f"{len(at_site)}, ")
    assert any(href.startswith("https://www.openstreetmap.org/?mlat=35.412&mlon=35.945") for href in _hrefs(root))
    # The tally: "<name> (<category>): <count>, seen <date>", one link per sighting, to its event.
    tally = next(ul for ul in root.iter("ul") if "tl-tally" in (ul.get("class") or ""))
    equipment_names = {key: value["name"] for key, value in _yaml(DATA / "equipment.yaml").items()}
    expected_lines = {}
    for event_id, event in at_site.items():
        for seen in event.get("equipment", []):
            expected_lines.setdefault(equipment_names[seen["type"]], set()).add((event_id, seen.get("count")))
    lines = {text(li.find("strong")): li for li in tally.iter("li")}
    assert set(lines) == set(expected_lines)
    for name, sightings in expected_lines.items():
        links = {(_event_links(a)[0], a) for a in lines[name].iter("a")}
        assert {event_id for event_id, _ in links} == {event_id for event_id, _ in sightings}
        for event_id, anchor in links:
            count = dict(sightings)[event_id]
            assert text(anchor).startswith(f"{count}, seen " if count else "seen "), text(anchor)
    an124 = next(a for a in lines["Antonov An-124"].iter("a"))
    assert an124.get("href") == "../../events/2024-12-13-hmeimim-an124-loading/"
    assert text(an124) == "2, seen 13 Dec 2024"
    rows = [li for li in root.iter("li") if "tl-row" in (li.get("class") or "")]
    listed = [event_id for row in rows for event_id in _event_links(row)]
    assert sorted(listed) == sorted(at_site)
    assert {row.get("data-event"): row.get("data-status") for row in rows} == {
        event_id: event["status"] for event_id, event in at_site.items()
    }
    assert facts["Latest"].endswith(EVENTS["2024-12-13-hmeimim-s400-prepared-for-departure"]["title"])


@pytest.mark.parametrize("site_id", sorted(SITES))
def test_site_page_charts_its_events_by_status_each_number_linking_to_them(site: Path, site_id: str) -> None:
    root = _page(site, f"sites/{site_id}/")
    chart = next(table for table in root.iter("table") if "tl-chart" in (table.get("class") or ""))
    by_status: dict[str, set[str]] = {}
    for event_id, event in EVENTS.items():
        if site_id in event["sites"]:
            by_status.setdefault(event["status"], set()).add(event_id)
    spans: dict[str, dict[str, tuple[str, str]]] = {}
    for li in root.iter("li"):
        if li.get("data-event"):
            spans.setdefault(li.get("data-status"), {})[li.get("data-event")] = (
                li.get("data-start"),
                li.get("data-end"),
            )
    rows = chart.find("tbody").findall("tr")
    shown = {}
    for row in rows:
        badge = row.find("th").find("a")
        status = badge.get("href").rsplit("#status-", 1)[1]
        count = row.find("td").find("a")
        assert count.get("href") == f"?status={status}#events"  # the list below, filtered by filters.js
        shown[status] = int(text(count))
        # Every event of the row is behind one mark: a link to it, or to the list below filtered to the mark's
        # dates, which keeps the rows whose span (data-start, data-end) overlaps them.
        singles, in_bins = [], 0
        for mark in row.findall("td")[1].iter("a"):
            href = mark.get("href")
            if href.startswith("?"):
                assert href.startswith(f"?status={status}&from=") and href.endswith("#events")
                first, last = href.removesuffix("#events").split("&from=")[1].split("&to=")
                number = int(text(mark).rsplit(": ", 1)[1].split()[0])  # "week of 9 Dec 2024: 2 events"
                kept = [event_id for event_id, (start, end) in spans[status].items() if start <= last and end >= first]
                assert len(kept) >= number > 1
                in_bins += number
            else:
                singles.extend(_event_links(mark))
        assert len(set(singles)) == len(singles) and set(singles) <= by_status[status]
        assert len(singles) + in_bins == len(by_status[status]), status
    assert shown == {status: len(ids) for status, ids in by_status.items()}
    statuses = [status for status in STATUS_LABELS if status in by_status]
    assert list(shown) == statuses  # best established first, as the methodology lists them


def test_site_alias_leads_to_the_canonical_page(site: Path) -> None:
    assert resolve("sites/khmeimim/", refresh_target(_page(site, "sites/khmeimim/"))) == ("sites/hmeimim/", "")


def test_source_index_counts_citations_and_dates(site: Path) -> None:
    root = _page(site, "sources/")
    month = _page(site, "timeline/2024/12/")
    newest_first = _article_ids(month)
    rows = [tr for tr in root.iter("tr") if tr.find("th[@scope='row']") is not None]
    assert len(rows) == len(SOURCES)
    for source_id, source in SOURCES.items():
        row = next(tr for tr in rows if any(resolve("sources/", h)[0] == f"sources/{source_id}/" for h in _hrefs(tr)))
        cells = [text(td) for td in row.findall("td")]
        cited = sum(c["source"] == source_id for event in EVENTS.values() for c in event["citations"])
        via = sum(c.get("via") == source_id for event in EVENTS.values() for c in event["citations"])
        assert cells[2:4] == [str(cited), str(via)], source["name"]
        citing = [
            event_id
            for event_id in newest_first
            if any(source_id in (c["source"], c.get("via")) for c in EVENTS[event_id]["citations"])
        ]
        shown = [_date_shown(by_id(month, event_id)) for event_id in (citing[-1], citing[0])]
        assert cells[4:6] == shown, source["name"]


def test_source_page_links_every_citation_back_including_via(site: Path) -> None:
    for source_id in SOURCES:
        root = _page(site, f"sources/{source_id}/")
        linked = set(_event_links(root))
        expected = {
            event_id
            for event_id, event in EVENTS.items()
            if any(source_id in (c["source"], c.get("via")) for c in event["citations"])
        }
        assert linked == expected, source_id
        assert text(by_id(root, "citations")).startswith(
            f"Cited in {sum(any(c['source'] == source_id for c in EVENTS[e]['citations']) for e in expected)} event"
        )
    assert by_id(_page(site, "sources/worthy-news/"), "via") is not None


def test_tag_pages_list_their_events(site: Path) -> None:
    for tag_id in TAGS:
        root = _page(site, f"tags/{tag_id}/")
        linked = set(_event_links(root))
        assert linked == {event_id for event_id, event in EVENTS.items() if tag_id in event.get("tags", [])}


def test_methodology_explains_every_status_and_contributing_is_published(site: Path) -> None:
    methodology = _page(site, "methodology/")
    month = _page(site, "timeline/2024/12/")
    badges = {
        a.get("href").rsplit("#", 1)[1]: a.get("title") for a in month.iter("a") if "tl-status" in a.get("class", "")
    }
    assert len(badges) >= 4
    for status in ("confirmed", "reported", "claimed", "disputed", "retracted"):
        heading = by_id(methodology, f"status-{status}")
        assert heading is not None
    # A badge's tooltip is the first sentence of its status's explanation on the methodology page.
    paragraphs = [text(p) for p in methodology.iter("p")]
    for anchor, meaning in badges.items():
        assert any(paragraph.startswith(meaning.rstrip(".")) for paragraph in paragraphs), anchor
    contributing = _page(site, "contributing/")
    assert by_id(contributing, "the-rules-the-checker-enforces") is not None


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    # MkDocs validates links in Markdown only; the generated HTML is checked here, page by page.
    anchors: dict[str, set[str]] = {}
    # 404.html is served at any depth, so the theme gives it root-absolute links instead.
    pages = {url_of(site, file): parse(file) for file in sorted(site.rglob("*.html")) if file.name != "404.html"}
    broken = []
    for url, root in pages.items():
        hrefs = [element.get("href") for element in root.iter() if element.tag in ("a", "link") and element.get("href")]
        refresh = refresh_target(root)
        for href in [*hrefs, *([refresh] if refresh else [])]:
            resolved = resolve(url, href)
            if resolved is None:
                continue
            target, fragment = resolved
            file = page_file(site, target)
            if not file.exists():
                broken.append(f"/{url}: {href} (no file)")
                continue
            if fragment and file.suffix == ".html":
                if target not in anchors:
                    anchors[target] = set(ids(pages.get(target) or parse(file)))
                if fragment not in anchors[target]:
                    broken.append(f"/{url}: {href} (no anchor)")
    assert not broken, "\n".join(broken[:20])


def test_related_reports_stand_side_by_side_with_their_status_and_sources(site: Path) -> None:
    def related(event_id: str) -> set[str]:  # both ways: naming another event relates the two
        named = set(EVENTS[event_id].get("related", []))
        return named | {other for other, record in EVENTS.items() if event_id in record.get("related", [])}

    def check(report: ET.Element, record: dict) -> None:
        shown = text(report)
        assert STATUS_LABELS[record["status"]] in shown, shown
        for citation in record["citations"]:
            assert SOURCES[citation["source"]]["name"] in shown, (citation["source"], shown)

    checked = 0
    for event_id in EVENTS:
        if not related(event_id):
            continue
        article = by_id(_page(site, "timeline/2024/12/"), event_id)
        compare = next(div for div in article.iter("div") if "tl-compare" in (div.get("class") or "").split())
        this, *others = [div for div in compare.iter("div") if div.get("class") == "tl-compare__report"]
        check(this, EVENTS[event_id])
        shown_ids = set()
        for report in others:
            (other_id,) = _event_links(report)
            shown_ids.add(other_id)
            check(report, EVENTS[other_id])
        assert shown_ids == related(event_id), event_id
        checked += 1
    assert checked >= 2  # the seed data has related reports: the Tartus ships, the Hmeimim airlift


def test_navigation_does_not_grow_with_the_data(site: Path) -> None:
    index_pages = [
        "",
        "timeline/",
        "sites/",
        "sources/",
        "tags/",
        "changes/",
        "search/",
        "open-data/",
        "methodology/",
        "contributing/",
    ]

    def nav_links(url: str, kind: str) -> list[str]:
        nav = next(element for element in _page(site, url).iter(kind) if "md-nav--primary" in element.get("class", ""))
        return sorted({resolve(url, href)[0] for href in _hrefs(nav) if resolve(url, href) is not None})

    for url in ["", "timeline/2024/12/", "tags/airlift/"]:
        assert nav_links(url, "nav") == sorted(index_pages), url
    # Event, site and source pages, as many as the data has, are in the lean frame: its header links the same
    # few pages whatever the data.
    for url in ["sites/hmeimim/", "sources/maxar/", "events/2024-12-13-hmeimim-an124-loading/"]:
        header = next(
            element for element in _page(site, url).iter("header") if "tl-lean-header" in element.get("class")
        )
        assert sorted({resolve(url, href)[0] for href in _hrefs(header)}) == ["", "sites/", "sources/", "timeline/"]
        assert not [nav for nav in _page(site, url).iter("nav") if "md-nav" in nav.get("class", "")], url


def test_search_finds_aliases_and_indexes_each_event_once(site: Path) -> None:
    records = {record["url"].removeprefix("/"): record for record in search_records(site)}
    assert "Khmeimim" in records["sites/hmeimim/"]["content"]
    pages = {url.split("#")[0] for url in records}
    assert not any(page.startswith("timeline/") for page in pages)  # they repeat the events' own pages
    on_pages = sorted(url for url in records if url.startswith("events/"))
    assert on_pages == sorted(f"events/{event_id}/" for event_id in EVENTS), "each event once"
    an124 = records["events/2024-12-13-hmeimim-an124-loading/"]
    title = EVENTS["2024-12-13-hmeimim-an124-loading"]["title"]
    assert an124["meta"]["title"] == f"Reported by Maxar Technologies and The Wall Street Journal: {title}"  # text
    assert "nose cones" in an124["content"]
    assert "GeoJSON" in records["open-data/"]["content"]
    assert "methodology/" in records, "the hand-written pages are indexed from their HTML"
    # The theme's own index stays empty: its search box is ours (search.js), and nothing loads the file.
    assert json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"] == []


def test_edit_links_point_at_the_yaml_file_behind_the_page(site: Path) -> None:
    def edit_button(url: str) -> str | None:
        root = _page(site, url)
        button = next((a for a in root.iter("a") if "md-content__button" in (a.get("class") or "")), None)
        return None if button is None else button.get("href")

    def lean_edit_link(url: str) -> str | None:
        footer = next(element for element in _page(site, url).iter("footer"))
        return next((a.get("href") for a in footer.iter("a") if "".join(a.itertext()) == "Edit this page's data"), None)

    assert lean_edit_link("sites/hmeimim/") == f"{REPO_URL}/edit/main/data/sites/hmeimim.yaml"
    assert lean_edit_link("sources/maxar/") == f"{REPO_URL}/edit/main/data/sources/maxar.yaml"
    event_path = "data/events/2024/2024-12-13-hmeimim-an124-loading.yaml"
    assert lean_edit_link("events/2024-12-13-hmeimim-an124-loading/") == f"{REPO_URL}/edit/main/{event_path}"
    assert edit_button("methodology/") == f"{REPO_URL}/edit/main/docs/methodology.md"
    assert edit_button("contributing/") == f"{REPO_URL}/edit/main/CONTRIBUTING.md"
    assert edit_button("timeline/2024/12/") is None  # a month has no single file to edit
    article = by_id(_page(site, "timeline/2024/12/"), "2024-12-13-hmeimim-an124-loading")
    path = "data/events/2024/2024-12-13-hmeimim-an124-loading.yaml"
    assert f"{REPO_URL}/edit/main/{path}" in _hrefs(article)
    assert (REPO / path).is_file()


def test_sitemap_lists_the_pages_with_the_build_date(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}sites/hmeimim/</loc>" in sitemap
    assert dt.datetime.fromtimestamp(EPOCH, tz=dt.UTC).date().isoformat() in sitemap


def test_pages_poured_into_shells_leave_no_trace_of_the_shells(site: Path) -> None:
    # Month, site, source and tag pages are filled into a page MkDocs rendered once (timeline.shell).
    assert not [path for path in site.iterdir() if path.name.startswith("_tl-shell")]
    markers = ("tl-shell", "\x00")
    leftovers = [
        path.relative_to(site).as_posix()
        for path in site.rglob("*")
        if path.suffix in (".html", ".xml", ".json") and any(m in path.read_text(encoding="utf-8") for m in markers)
    ]
    assert not leftovers
    root = _page(site, "sources/maxar/")
    assert [text(h1) for h1 in root.iter("h1")] == ["Maxar Technologies"]
    canonical = next(link for link in root.iter("link") if link.get("rel") == "canonical")
    assert canonical.get("href") == f"{SITE_URL}sources/maxar/"
    assert text(next(root.iter("title"))).startswith("Maxar Technologies - ")
    description = next(meta for meta in root.iter("meta") if meta.get("name") == "description")
    assert description.get("content") == "Every citation of Maxar Technologies on the timeline."


@pytest.mark.parametrize("event_id", sorted(EVENTS))
def test_a_headline_never_states_a_contested_claim_in_the_sites_own_voice(site: Path, event_id: str) -> None:
    """Every event that is not confirmed is headed by who makes the claim, on the timeline, in every list
    that names it, and in search; a confirmed one is not."""
    record = EVENTS[event_id]
    heading = next(by_id(_page(site, "timeline/2024/12/"), event_id).iter("h3"))
    if record["status"] == "confirmed":
        assert "claimed_by" not in record and text(heading) == record["title"]
        return
    headline = expected.headline(record, SOURCES)
    assert headline.startswith(("Reported by ", "Claimed by ")) and headline.endswith(f": {record['title']}")
    assert text(heading) == headline
    for site_id in record["sites"]:
        rows = [li for li in _page(site, f"sites/{site_id}/").iter("li") if li.get("data-event") == event_id]
        assert [text(row).endswith(headline) for row in rows] == [True]
    titles = [entry["meta"]["title"] for entry in search_records(site) if entry["url"].endswith(f"/{event_id}/")]
    assert titles == [headline]


def test_no_page_calls_an_article_a_seed(site: Path) -> None:
    """Readers know the articles by their publications; "seed" is the project's word, not theirs."""
    for page in sorted(site.rglob("*.html")):
        words = " ".join(parse(page).itertext())
        assert not re.search(r"\bseed\s+articles?\b", words, re.IGNORECASE), page.relative_to(site)


def test_the_sites_own_scripts_do_not_block_rendering(site: Path) -> None:
    """filters.js and search.js are deferred: a page shows before they run (the theme's bundle sits at the end
    of the body already). An event page, in the lean frame, loads filters.js only (its Copy buttons), and none
    of the theme's scripts."""
    for url, how_many in (
        ("", 2),
        ("timeline/2024/12/", 2),
        ("events/2024-12-13-hmeimim-an124-loading/", 1),
        ("search/", 2),
    ):
        scripts = [script.get("src") or "" for script in _page(site, url).iter("script")]
        ours = [
            script
            for script in _page(site, url).iter("script")
            if (script.get("src") or "").endswith(("filters.js", "search.js"))
        ]
        assert len(ours) == how_many and all(script.get("defer") is not None for script in ours), url
        assert any("assets/javascripts/bundle." in src for src in scripts) == (how_many == 2), url
