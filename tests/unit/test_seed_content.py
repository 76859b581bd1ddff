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


def test_quotes_from_the_seed_articles_are_verbatim(dataset, seed_text):
    checked = 0
    for event in dataset.events:
        for citation in event.record.citations:
            if SEED_SOURCES & {citation.source, citation.via} and citation.quote:
                assert _normalise(citation.quote) in seed_text, (event.id, citation.quote)
                assert citation.title in seed_text, (event.id, citation.title)
                checked += 1
    assert checked >= 15


def test_no_url_is_invented(dataset):
    for event in dataset.events:
        for citation in event.record.citations:
            assert citation.url is None and citation.url_note, event.id


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
