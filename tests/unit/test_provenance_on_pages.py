"""What a reader sees of the evidence: who makes each claim, and each citation's provenance, as rendered
from tests/data/minimal (its An-124 event has every provenance field; its frigates event is confirmed)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import html5lib
import pytest
import yaml

from helpers import golden

NS = "{http://www.w3.org/1999/xhtml}"
EVENTS = golden.FIXTURE / "events" / "2024"


def _page(path: str) -> ET.Element:
    text = golden.built()[path]
    body = text.split("\n---\n", 1)[1]  # after the front matter
    return html5lib.parse(body, namespaceHTMLElements=True)


@pytest.fixture(scope="module")
def month() -> ET.Element:
    return _page("timeline/2024/12/index.md")


def _article(page: ET.Element, event_id: str) -> ET.Element:
    return next(node for node in page.iter(f"{NS}article") if node.get("id") == event_id)


def _text(node: ET.Element) -> str:
    return "".join(node.itertext())


def test_a_reported_event_says_who_reports_it_before_its_title(month: ET.Element) -> None:
    article = _article(month, "an-124-at-hmeimim")
    heading = next(article.iter(f"{NS}h3"))
    title = yaml.safe_load((EVENTS / "an-124-at-hmeimim.yaml").read_text(encoding="utf-8"))["title"]
    assert _text(heading) == f"Reported by Maxar: {title}"  # Maxar's short_name


def test_a_confirmed_event_is_told_in_the_sites_own_voice(month: ET.Element) -> None:
    heading = next(_article(month, "frigates-leave-tartus").iter(f"{NS}h3"))
    assert _text(heading) == "Frigates leave Tartus"


def test_a_citation_carries_its_provenance_and_robust_links(month: ET.Element) -> None:
    record = yaml.safe_load((EVENTS / "an-124-at-hmeimim.yaml").read_text(encoding="utf-8"))["citations"][0]
    citation = next(_article(month, "an-124-at-hmeimim").iter(f"{NS}li"))
    links = {link.get("href"): link for link in citation.iter(f"{NS}a")}
    original, copy = links[record["url"]], links[record["archive_url"]]
    # Robust Links: the link to the page names its dated copy, the link to the copy names the page.
    assert (original.get("data-versionurl"), original.get("data-versiondate")) == (record["archive_url"], "2024-12-14")
    assert (copy.get("data-originalurl"), copy.get("data-versiondate")) == (record["url"], "2024-12-14")
    assert _text(copy) == "archived on 14 Dec 2024"
    text = _text(citation)
    assert "published 13 Dec 2024, accessed 14 Dec 2024 (archived on 14 Dec 2024 by the Wayback Machine)" in text
    assert [time.get("datetime") for time in citation.iter(f"{NS}time")] == ["2024-12-13", "2024-12-14", "2024-12-14"]
    assert f"Collected by {record['collected_by']}" in text
    # The fingerprint: short in the summary, whole (and selectable in one click) inside.
    (details,) = citation.iter(f"{NS}details")
    codes = [_text(code) for code in details.iter(f"{NS}code")]
    assert codes == [record["sha256"][:12] + "…", record["sha256"]]


def test_a_site_page_shows_the_citations_of_its_figures() -> None:
    page = _page("sites/hmeimim/index.md")
    record = yaml.safe_load((golden.FIXTURE / "sites" / "hmeimim.yaml").read_text(encoding="utf-8"))
    (citations,) = [node for node in page.iter(f"{NS}ol") if node.get("class") == "tl-citations"]
    (item,) = citations.iter(f"{NS}li")
    assert record["citations"][0]["quote"] in _text(item)
    assert any(link.get("href", "").endswith("sources/worthy-news/") for link in item.iter(f"{NS}a"))
