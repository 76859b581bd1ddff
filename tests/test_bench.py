"""The benchmarks' own machinery: the plain-Markdown baseline, output sizes, flags and the JSON file.

The timings themselves are not tested (the machine is shared); one small end-to-end run checks that
`python -m timeline.bench site` still builds both sides and records what the README reports.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
import yaml

from timeline import bench


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("bench") / "data"
    bench.generate(40, data_dir)
    return data_dir


def test_plain_project_writes_every_event_once_on_the_page_of_its_month(synthetic: Path, tmp_path: Path) -> None:
    pages = bench.write_plain_project(synthetic, tmp_path / "plain")

    files = sorted((tmp_path / "plain" / "docs").glob("*.md"))
    assert len(files) == pages
    titles = []
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert re.fullmatch(r"\d{4}-\d{2}\.md", file.name)
        assert text.startswith("# "), "each month page starts with the month as h1"
        titles += re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert sorted(titles) == sorted(f"Synthetic event {n}" for n in range(40))
    config = yaml.safe_load((tmp_path / "plain" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"] == {"name": "material", "font": False}
    assert config["plugins"] == ["search"]
    assert "hooks" not in config
    assert "nav" not in config, "MkDocs builds the nav from the month pages, as in a plain set-up"


def test_output_size_leaves_out_the_theme_assets_but_counts_everything_else(tmp_path: Path) -> None:
    files = {"assets/bundle.js": 1000, "index.html": 10, "search/search_index.json": 5, "404.html": 7}
    for name, size in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x" * size)
    (tmp_path / "events" / "assets").mkdir(parents=True)
    (tmp_path / "events" / "assets" / "index.html").write_bytes(b"x" * 3)  # not the theme's: counted

    size = bench.measure_output(tmp_path)

    assert size == bench.OutputSize(bytes_without_assets=25, search_index_bytes=5, page_404_bytes=7)


def test_peak_memory_is_the_commands_own_not_that_of_the_benchmark_process(tmp_path: Path) -> None:
    # A child's ru_maxrss starts from its parent's resident size; the benchmark process is large by the time
    # it builds (it has loaded the events), which must not show up as the build's memory.
    ballast = bytearray(300_000_000)
    ballast[::4096] = b"x" * len(range(0, len(ballast), 4096))  # touched, so that it is resident

    run = bench.measure_command([sys.executable, "-c", "pass"], tmp_path, dict(os.environ), tmp_path / "log")

    assert run.peak_rss_bytes < 100_000_000
    assert run.seconds > 0
    del ballast


def test_a_failing_command_stops_the_benchmark_with_its_output(tmp_path: Path) -> None:
    command = [sys.executable, "-c", "import sys; print('broken data'); sys.exit(3)"]

    with pytest.raises(SystemExit, match=r"(?s)exit code 3.*broken data"):
        bench.measure_command(command, tmp_path, dict(os.environ), tmp_path / "log")


def _row(events: int, seconds: float, ratio: float = 0.9, per_event: int = 1000, page_404: int = 100) -> dict:
    return {
        "events": events,
        "full_build_seconds": seconds,
        "plain_build_seconds": seconds,
        "full_to_plain_ratio": ratio,
        "full_bytes_per_event": per_event,
        "full_404_page_bytes": page_404,
    }


def test_no_flags_when_faster_than_plain_and_linear() -> None:
    assert bench.site_flags([_row(1000, 1.0), _row(4000, 4.3)]) == []


def test_flags_name_each_requirement_that_is_missed() -> None:
    flags = bench.site_flags([_row(1000, 1.0, ratio=1.2), _row(4000, 4.5, per_event=1200, page_404=130)])

    assert len(flags) == 4
    assert "slower than the plain build" in flags[0]
    assert "more than 4× (linear)" in flags[1]
    assert "output per event grows" in flags[2]
    assert "rendered into every page grows" in flags[3]


def test_json_figures_are_merged_so_each_command_keeps_the_others(tmp_path: Path) -> None:
    path = tmp_path / "bench.json"
    path.write_text('{"check": [1], "site": [2]}', encoding="utf-8")

    bench.merge_json(path, {"site": [3], "site_flags": []})

    assert json.loads(path.read_text(encoding="utf-8")) == {"check": [1], "site": [3], "site_flags": []}


def test_site_benchmark_builds_both_sides_and_writes_the_figures(tmp_path: Path) -> None:
    path = tmp_path / "bench.json"

    assert bench.main(["site", "30", "--runs", "1", "--json", str(path)]) == 0
    assert bench.main(["check", "30", "--runs", "1", "--json", str(path)]) == 0

    figures = json.loads(path.read_text(encoding="utf-8"))
    assert figures["check"][0]["events"] == 30
    (row,) = figures["site"]
    assert row["events"] == 30
    assert row["full_build_seconds"] > 0
    assert row["plain_build_seconds"] > 0
    assert row["one_process_build_seconds"] > 0
    assert row["full_build_median_seconds"] >= row["full_build_seconds"]
    assert row["full_build_peak_rss_mb"] > 10
    assert row["full_search_index_bytes"] > 0
    assert row["plain_search_index_bytes"] > 0
    assert row["full_404_page_bytes"] > 0
    assert row["full_bytes_per_event"] > row["plain_bytes_per_event"] > 0
    assert isinstance(figures["site_flags"], list)
