"""No amplification: what one event adds to the output, and to the memory of a build, stays within a
constant times the bytes of its file, whatever the event holds, with every list at its limit.

A hostile event that names every tag would otherwise multiply: each tag page, tag feed and export lists
it, so output grew with (tags × summary). With the limits of the contract (limits.py) the copies of an
event are bounded: the month and timeline pages, one row per site, tag and source page, one feed entry per
site and tag feed and the main feed, one record per export, one GeoJSON feature per site.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tracemalloc
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from helpers.golden import FIXTURE
from timeline.build.plan import plan_all
from timeline.contract import dataset, limits
from timeline.site.options import RenderOptions

TODAY = dt.date(2026, 1, 1)
EPOCH = 1767225600
BYTES_PER_BYTE = 100
"""What one event may add to the output per byte of its file; measured up to 60, at the limits of its lists."""
MEMORY_PER_BYTE = 300
"""The same for the peak memory of planning and rendering (tracemalloc); measured up to 25 above the slack."""
SLACK = 50_000 + 4_000 * (limits.SITES + limits.TAGS)
"""Costs bounded whatever the event holds: its redirect page and its article's frame, and for each site
and tag it names (ten bytes of YAML each) a row on that page, an entry in that feed and, for a site, a
GeoJSON feature, about 3.5 KB. The limits on sites and tags bound these; content beyond them is what
BYTES_PER_BYTE bounds."""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal fixture, with as many sites, tags and sources as an event may name."""
    data = tmp_path_factory.mktemp("amplification") / "data"
    shutil.copytree(FIXTURE, data)
    tags = yaml.safe_load((data / "tags.yaml").read_text(encoding="utf-8"))
    for n in range(limits.TAGS):
        tags[f"tag-{n}"] = {"label": f"Tag {n}", "description": "A tag for the test."}
    (data / "tags.yaml").write_text(yaml.safe_dump(tags), encoding="utf-8")
    for n in range(limits.SITES):
        site = {
            "name": f"Site {n}", "kind": "air_base", "country": "SY", "precision": "area",
            "coordinates": {"lat": 33 + n / 10, "lon": 36 + n / 10}, "summary": "A site for the test.",
        }  # fmt: skip
        (data / "sites" / f"site-{n}.yaml").write_text(yaml.safe_dump(site), encoding="utf-8")
    for n in range(limits.CITATIONS):
        source = {"name": f"Source {n}", "kind": "news_outlet", "summary": "A source for the test."}
        (data / "sources" / f"source-{n}.yaml").write_text(yaml.safe_dump(source), encoding="utf-8")
    # One event already at every site and tag, so that what is measured is what another event adds, not
    # the chart and feed a site or tag page gets with its first event.
    anchor = {
        "title": "Every site and tag has an event", "date": "2024-11-01", "status": "confirmed",
        "sites": [f"site-{n}" for n in range(limits.SITES)], "tags": [f"tag-{n}" for n in range(limits.TAGS)],
        "summary": "An anchor for the test.",
        "citations": [{"source": f"source-{n}", "title": "A report", "url_note": "Test data."} for n in range(2)],
    }  # fmt: skip
    (data / "events" / "2024" / "2024-11-01-anchor.yaml").write_text(yaml.safe_dump(anchor), encoding="utf-8")
    return data


def _measure(data: Path) -> tuple[int, int]:
    """Bytes of every file a build writes, and the peak memory of planning and rendering them."""
    tracemalloc.start()
    try:
        loaded = dataset.load(data, TODAY)
        assert loaded.dataset is not None, [problem.format() for problem in loaded.problems]
        options = RenderOptions(
            data_dir=data.as_posix(), data_in_repository=None, last_updated=TODAY, build_epoch=EPOCH
        )
        generated = plan_all(loaded.dataset, options)
        written = sum(len(planned.render().encode("utf-8")) for planned in generated.files)
        written += sum(len(record.text.encode("utf-8")) for record in generated.search())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return written, peak


@pytest.fixture(scope="module")
def base_cost(base: Path) -> tuple[int, int]:
    _measure(base)  # the first build compiles the templates and fills caches, which later builds reuse
    return _measure(base)


WORDS = st.sampled_from(["Convoy", "seen", "near", "*Homs*", "[link](https://example.org/a)", "**two**", "—", "\n\n"])


def _text(size: int) -> st.SearchStrategy[str]:
    return st.lists(WORDS, min_size=1, max_size=size).map(" ".join).map(str.strip).filter(bool)


# No shrinking: each example builds a site, and a failure already shows the sizes that broke the bound.
@settings(
    max_examples=12,
    deadline=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    sites=st.integers(1, limits.SITES),
    tags=st.integers(0, limits.TAGS),
    citations=st.integers(1, limits.CITATIONS),
    summary=_text(400),
    quote=st.one_of(st.none(), _text(200)),
)
def test_one_event_adds_at_most_a_constant_times_its_own_bytes(
    base: Path, base_cost: tuple[int, int], tmp_path_factory, sites: int, tags: int, citations: int, summary, quote
) -> None:
    data = tmp_path_factory.mktemp("with-event") / "data"
    shutil.copytree(base, data)
    event = {
        "title": "An event that names everything it may",
        "date": "2024-12-14",
        "sites": [f"site-{n}" for n in range(sites)],
        "tags": [f"tag-{n}" for n in range(tags)],
        "status": "reported",
        "claimed_by": ["source-0"],
        "summary": summary,
        "citations": [
            {
                "source": f"source-{n}",
                "title": f"Report {n}",
                "url": f"https://example.org/report/{n}",
                "accessed": "2024-12-15",
                "archive_url": f"https://web.archive.org/web/20241215000000/https://example.org/report/{n}",
                **({"quote": quote} if quote else {}),
            }
            for n in range(citations)
        ],
        "related": ["an-124-at-hmeimim"],
    }
    path = data / "events" / "2024" / "2024-12-14-everything.yaml"
    path.write_text(yaml.safe_dump(event, allow_unicode=True), encoding="utf-8")
    event_bytes = path.stat().st_size

    written, peak = _measure(data)

    added, base_peak = written - base_cost[0], base_cost[1]
    print(f"amplification: {event_bytes} bytes in, {added} bytes out ({added / event_bytes:.0f}×),"
          f" peak memory +{peak - base_peak} ({(peak - base_peak) / event_bytes:.0f}×)")  # fmt: skip
    assert added <= BYTES_PER_BYTE * event_bytes + SLACK, (added, event_bytes, added / event_bytes)
    assert peak - base_peak <= MEMORY_PER_BYTE * event_bytes + 4 * SLACK, (peak - base_peak, event_bytes)
