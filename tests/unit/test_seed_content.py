"""The first content: curated from the two seed articles, quoting them verbatim and inventing nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from helpers.commands import DATA, SEEDS
from timeline.contract import load

SEED_SOURCES = {"worthy-news", "unattributed-drawdown-report"}


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def dataset():
    result = load(DATA, dt.datetime.now(tz=dt.UTC).date())
    assert result.dataset is not None, [problem.format() for problem in result.problems]
    return result.dataset


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    return _normalise(" ".join(path.read_text("utf-8") for path in sorted(SEEDS.glob("*.txt"))))


def _all_citations(dataset):
    for event in dataset.events:
        for citation in event.record.citations:
            yield event.id, citation
    for site in dataset.sites.values():
        for citation in site.record.citations:
            yield site.id, citation


def test_quotes_from_the_seed_articles_are_verbatim(dataset, seed_text):
    checked = 0
    for owner, citation in _all_citations(dataset):
        if SEED_SOURCES & {citation.source, citation.via} and citation.quote:
            assert _normalise(citation.quote) in seed_text, (owner, citation.quote)
            assert citation.title in seed_text, (owner, citation.title)
            checked += 1
    assert checked >= 20


def test_no_reader_facing_text_calls_an_article_a_seed(dataset):
    texts = [event.record.title + event.record.summary for event in dataset.events]
    texts += [site.record.summary for site in dataset.sites.values()]
    texts += [source.record.name + source.record.summary for source in dataset.sources.values()]
    texts += [
        note for _, citation in _all_citations(dataset) for note in (citation.url_note, citation.archive_note) if note
    ]
    assert [text for text in texts if re.search(r"\bseed\s+articles?\b", text, re.IGNORECASE)] == []


@pytest.mark.parametrize(
    ("site_id", "lat", "lon"), [("hmeimim", 35.412, 35.945), ("tartus", 34.914, 35.874), ("homs", 34.73, 36.71)]
)
def test_sites_stand_where_they_are(dataset, site_id, lat, lon):
    point = dataset.sites[site_id].record.coordinates
    # 0.002° is about 200 m: the runway, the breakwater, not the next town.
    assert abs(point.lat - lat) < 0.002 and abs(point.lon - lon) < 0.002


@pytest.mark.parametrize("site_id", ["hmeimim", "tartus", "homs", "damascus"])
def test_every_figure_on_the_first_sites_pages_is_quoted_from_an_article(dataset, site_id):
    """The sites curated from the two articles: each figure is in the words of a citation. (Later sites
    need only cite a source for their figures, as check requires; a quote is optional.)"""
    for site in [dataset.sites[site_id]]:
        quoted = " ".join(citation.quote or "" for citation in site.record.citations)
        for figure in re.findall(r"[0-9][0-9,]*[0-9]|[0-9]", site.record.summary):
            assert figure in quoted, (site.id, figure)


def test_footage_nobody_attributed_is_a_claim_and_its_dates_are_uncertain(dataset):
    events = {event.id: event for event in dataset.events}
    for event_id in (
        "2024-12-12-hmeimim-personnel-suitcases",
        "2024-12-12-hmeimim-91n6e-radar-ready-for-transport",
        "2024-12-12-hmeimim-times-video-equipment-arriving",
    ):
        assert events[event_id].record.status == "claimed", event_id
        assert events[event_id].date.is_uncertain, event_id


@pytest.mark.parametrize(
    ("equipment_or_words", "site"),
    [
        ("an-124", "hmeimim"),
        ("ka-52", "hmeimim"),
        ("s-400", "hmeimim"),
        ("91n6e-radar", "hmeimim"),
        ("frigate", "tartus"),
        ("suitcases", "hmeimim"),
        ("convoy", "homs"),
        ("talks", "tartus"),
        ("Massicot", "hmeimim"),
        ("Van Lokeren", "tartus"),
        ('"rebels"', "hmeimim"),
    ],
)
def test_the_seed_facts_are_there(dataset, equipment_or_words, site):
    matches = [
        event
        for event in dataset.events
        if site in event.record.sites
        and (
            any(sighting.type == equipment_or_words for sighting in event.record.equipment)
            or equipment_or_words in event.record.title + event.record.summary
        )
    ]
    assert matches, equipment_or_words


def test_tartus_reports_are_kept_apart_and_linked(dataset):
    events = {event.id: event for event in dataset.events}
    departed = events["2024-12-08-tartus-ships-leave-port"].record
    unchanged = events["2024-12-10-tartus-ship-positions-unchanged"].record
    assert departed.status == "disputed"
    assert "2024-12-10-tartus-ship-positions-unchanged" in departed.related
    assert "2024-12-08-tartus-ships-leave-port" in unchanged.related
    assert {c.source for c in departed.citations} != {c.source for c in unchanged.citations}


def test_thursday_is_the_twelfth_and_approximate_dates_say_so(dataset):
    events = {event.id: event for event in dataset.events}
    assert events["2024-12-12-bogdanov-talks-on-keeping-bases"].date.text == "2024-12-12"
    undated = [event for event in dataset.events if event.id.startswith("2024-12-") and event.id[8:10].isalpha()]
    assert undated and all(event.date.is_approximate for event in undated)


def test_hmeimim_is_findable_as_khmeimim(dataset):
    assert dataset.site_aliases["khmeimim"] == "hmeimim"


def test_every_source_is_cited(dataset):
    """Every file in data/sources is cited, as source or via, by at least one event: no unused sources."""
    cited = {
        source_id
        for event in dataset.events
        for citation in event.record.citations
        for source_id in (citation.source, citation.via)
        if source_id
    }
    source_ids = {path.stem for path in (DATA / "sources").glob("*.yaml")}
    assert source_ids, "no source files found"
    assert sorted(source_ids - cited) == []
