"""The benchmarks' own machinery: the plain-Markdown baseline, output sizes, flags and the JSON file.

The timings themselves are not tested (the machine is shared); one small end-to-end run checks that
`python tools/bench site` still builds both sides and records what the README reports, and one
that `python tools/bench preview` edits events under a real `mkdocs serve` and sees them reloaded.
"""

from __future__ import annotations

import json
import math
import os
import re
import statistics
import subprocess
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from helpers.benchmarks import bench_module
from timeline.build import plan as build
from timeline.contract import limits

bench = bench_module()
bench_cli = bench_module("cli")
bench_markdown = bench_module("bench_markdown")
bench_hosts = bench_module("bench_hosts")


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

    assert size.bytes_without_assets == 25
    assert (size.search_payload_bytes, size.search_files_bytes, size.page_404_bytes) == (5, 5, 7)
    # By kind: the folders between the first and the file are one kind ("events/*/index.html").
    assert size.bytes_by_kind == {
        "index.html": 10,
        "404.html": 7,
        "search/search_index.json": 5,
        "events/*/index.html": 3,
    }


def test_search_payload_is_what_every_search_loads_plus_the_largest_chunks_and_fragments(tmp_path: Path) -> None:
    bundle = tmp_path / "pagefind"
    (bundle / "index").mkdir(parents=True)
    (bundle / "fragment").mkdir()
    entry = '{"version": "1.5.2", "languages": {"en": {"hash": "en_abc", "wasm": "en", "page_count": 3}}}'
    (bundle / "pagefind-entry.json").write_text(entry, encoding="utf-8")
    fixed = {"pagefind.js": 1000, "pagefind-worker.js": 2000, "wasm.en.pagefind": 3000, "pagefind.en_abc.pf_meta": 40}
    unused = {"wasm.unknown.pagefind": 50_000}  # another language's: no search of this site loads it
    for name, size in {**fixed, **unused}.items():
        (bundle / name).write_bytes(b"x" * size)
    for n, size in enumerate([5, 700, 60, 800, 900, 10]):
        (bundle / "index" / f"chunk{n}.pf_index").write_bytes(b"x" * size)
    for n in range(25):
        (bundle / "fragment" / f"f{n:02d}.pf_fragment").write_bytes(b"x" * (100 + n))

    payload, whole = bench.search_payload(tmp_path)

    every_search = len(entry) + sum(fixed.values())
    assert payload == every_search + (900 + 800 + 700) + sum(100 + n for n in range(15, 25))
    assert whole == every_search + sum(unused.values()) + 2475 + sum(100 + n for n in range(25))


def test_peak_memory_is_the_commands_own_not_that_of_the_benchmark_process(tmp_path: Path) -> None:
    # A child's ru_maxrss starts from its parent's resident size; the benchmark process is large by the time
    # it builds (it has loaded the events), which must not show up as the build's memory.
    ballast = bytearray(300_000_000)
    ballast[::4096] = b"x" * len(range(0, len(ballast), 4096))  # touched, so that it is resident

    run = bench.measure_command([sys.executable, "-c", "pass"], tmp_path, dict(os.environ), tmp_path / "log")

    assert run.peak_rss_bytes < 100_000_000
    assert run.peak_memory_bytes < 100_000_000
    assert run.seconds > 0
    del ballast


_HOLD_IN_CHILDREN = """
import subprocess, sys
hold = "import time; block = b'x' * 150_000_000; time.sleep(1.5)"  # written, so resident
children = [subprocess.Popen([sys.executable, "-c", hold]) for _ in range(3)]
for child in children:
    child.wait()
"""


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="the whole tree is sampled from Linux's /proc")
def test_peak_memory_counts_every_process_of_the_build_at_once(tmp_path: Path) -> None:
    # A build runs several processes at once (MkDocs, forked renderers, the indexer): its memory is their sum,
    # which the largest process alone understates.
    run = bench.measure_command([sys.executable, "-c", _HOLD_IN_CHILDREN], tmp_path, dict(os.environ), tmp_path / "log")

    assert 150_000_000 < run.peak_rss_bytes < 250_000_000  # one child's block
    assert run.peak_total_bytes is not None and run.peak_total_bytes > 3 * 150_000_000
    assert run.peak_memory_bytes == run.peak_total_bytes  # the sum, not one child


def test_a_failing_command_stops_the_benchmark_with_its_output(tmp_path: Path) -> None:
    command = [sys.executable, "-c", "import sys; print('broken data'); sys.exit(3)"]

    with pytest.raises(SystemExit, match=r"(?s)exit code 3.*broken data"):
        bench.measure_command(command, tmp_path, dict(os.environ), tmp_path / "log")


def _row(
    events: int,
    seconds: float,
    ratio: float = 0.9,
    per_event: int = 1000,
    page_404: int = 100,
    search: int = 500_000,
    hugo_ratio: float = 2.5,
) -> dict:
    return {
        "events": events,
        "full_build_seconds": seconds,
        "plain_build_seconds": seconds,
        "full_to_plain_ratio": ratio,
        "full_to_hugo_ratio": hugo_ratio,
        "full_bytes_per_event": per_event,
        "full_404_page_bytes": page_404,
        "full_search_payload_bytes": search,
    }


def test_no_flags_when_faster_than_plain_and_linear() -> None:
    assert bench.site_flags([_row(1000, 1.0), _row(4000, 4.3)]) == []


def test_flags_name_each_requirement_that_is_missed() -> None:
    flags = bench.site_flags(
        [
            _row(1000, 1.0, ratio=1.2),
            _row(4000, 4.5, per_event=6100, page_404=130, search=2_100_000, hugo_ratio=3.4),
        ]
    )

    assert len(flags) == 7
    assert "slower than the plain build" in flags[0]
    assert "4000 events: the full build takes 3.40× as long as Hugo's, more than 3×" in flags[1]
    assert "4000 events: 6.1 kB of output per event, more than 6 kB" in flags[2]
    assert "4000 events: a search may download 2.10 MB, more than 2 MB" in flags[3]
    assert "more than 4× (linear)" in flags[4]
    assert "output per event grows" in flags[5]
    assert "rendered into every page grows" in flags[6]


def test_json_figures_are_merged_so_each_command_keeps_the_others(tmp_path: Path) -> None:
    path = tmp_path / "bench.json"
    path.write_text('{"check": [1], "site": [2]}', encoding="utf-8")

    bench.merge_json(path, {"site": [3], "site_flags": []})

    assert json.loads(path.read_text(encoding="utf-8")) == {"check": [1], "site": [3], "site_flags": []}


def test_site_benchmark_builds_both_sides_and_writes_the_figures(tmp_path: Path) -> None:
    path = tmp_path / "bench.json"

    assert bench_cli.main(["site", "30", "--runs", "1", "--json", str(path)]) == 0
    assert bench_cli.main(["check", "30", "--runs", "1", "--json", str(path)]) == 0

    figures = json.loads(path.read_text(encoding="utf-8"))
    assert figures["check"][0]["events"] == 30
    (row,) = figures["site"]
    assert row["events"] == 30
    assert row["full_build_seconds"] > 0
    assert row["plain_build_seconds"] > 0
    assert row["one_process_build_seconds"] > 0
    assert row["hugo_build_seconds"] > 0
    assert row["full_to_hugo_ratio"] == pytest.approx(row["full_build_seconds"] / row["hugo_build_seconds"], rel=0.05)
    assert row["full_build_median_seconds"] >= row["full_build_seconds"]
    assert row["full_build_peak_memory_mb"] > 10
    assert 0 < row["full_search_payload_bytes"] < row["full_search_files_bytes"]
    assert row["plain_search_payload_bytes"] > 0
    assert row["full_404_page_bytes"] > 0
    assert row["full_bytes_per_event"] > row["plain_bytes_per_event"] > 0
    by_kind = row["full_bytes_per_event_by_kind"]
    assert "events/*/index.html" in by_kind and "pagefind/fragment/*.pf_fragment" in by_kind
    assert abs(sum(by_kind.values()) - row["full_bytes_per_event"]) <= len(by_kind), "every byte in one kind"
    assert isinstance(figures["site_flags"], list)


def test_preview_benchmark_times_edits_under_mkdocs_serve_until_the_page_shows_them(tmp_path: Path) -> None:
    path = tmp_path / "bench.json"
    path.write_text('{"site": [1]}', encoding="utf-8")

    assert bench_cli.main(["preview", "30", "--runs", "2", "--json", str(path)]) == 0

    figures = json.loads(path.read_text(encoding="utf-8"))
    assert figures["site"] == [1], "the other benchmarks' figures are kept"
    row = figures["preview"]
    assert row["events"] == 30
    assert row["runs"] == 2
    # Returning at all means each edited title was on its reloaded page (else SystemExit); these are the times.
    assert len(row["reload_seconds"]) == 2
    assert 0 < row["best_reload_seconds"] <= row["median_reload_seconds"] < bench.PREVIEW_DEADLINE
    # MkDocs does not repeat a "Documentation built in" line it has logged: a rebuild as long as an earlier one
    # has no figure.
    pairs = zip(row["rebuild_seconds"], row["reload_seconds"], strict=True)
    logged = [(rebuild, reload) for rebuild, reload in pairs if rebuild is not None]
    assert all(0 < rebuild < reload for rebuild, reload in logged), "the rebuild is part of the reload"
    # With no logged rebuild the check above holds for nothing: then the median must say so, and else agree.
    if logged:
        median = statistics.median(rebuild for rebuild, _ in logged)
        assert row["median_rebuild_seconds"] == pytest.approx(median, abs=0.001)
    else:
        assert row["median_rebuild_seconds"] is None
    assert 0 < row["first_build_seconds"] < row["startup_seconds"]
    assert 0 < row["error_reported_seconds"] < bench.PREVIEW_DEADLINE
    assert 0 < row["fixed_reload_seconds"] < bench.PREVIEW_DEADLINE
    assert all(re.fullmatch(r"/timeline/\d{4}/\d{2}/", page) for page in row["pages"])
    assert row["flags"] == [] or "over the 1.5 s target" in row["flags"][0]


class _StuckPreview(ThreadingHTTPServer):
    """Speaks MkDocs' live reload protocol: every poll reports a rebuild, but the page never changes."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _StuckHandler)
        self.epoch = 1000


class _StuckHandler(BaseHTTPRequestHandler):
    server: _StuckPreview

    def do_GET(self) -> None:
        if self.path.startswith("/livereload/"):
            self.server.epoch += 1
            body = str(self.server.epoch).encode()
        else:
            body = b"<html><body>Old title<script>livereload(%d, 7);</script></body></html>" % self.server.epoch
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_preview_benchmark_stops_with_a_message_when_the_page_never_shows_the_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench, "PREVIEW_DEADLINE", 1.0)
    stuck = _StuckPreview()
    threading.Thread(target=stuck.serve_forever, daemon=True).start()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
    log = tmp_path / "serve.log"
    log.write_text("server output\n", encoding="utf-8")
    preview = bench._Preview(sleeper, f"http://127.0.0.1:{stuck.server_address[1]}", log)
    event = tmp_path / "event.yaml"
    try:
        preview.page("/timeline/2022/01/")
        assert preview.epoch == 1000

        with pytest.raises(SystemExit, match=r"(?s)did not show the new title 'New title'.*server output"):
            bench._edit_and_reload(preview, event, "title: New title\n", "/timeline/2022/01/", "New title")
    finally:
        bench._stop_server(sleeper)
        stuck.shutdown()
        stuck.server_close()
    assert event.read_text(encoding="utf-8") == "title: New title\n"
    assert sleeper.poll() is not None, "the server process is stopped"


def test_steps_benchmark_times_every_step_and_every_kind_of_file_once(tmp_path: Path) -> None:
    path = tmp_path / "bench.json"

    assert bench_cli.main(["steps", "30", "--json", str(path)]) == 0

    figures = json.loads(path.read_text(encoding="utf-8"))["steps"]
    data_dir = tmp_path / "data"
    bench.generate(30, data_dir)  # the same data: generation is deterministic
    generated = build.generate(data_dir, bench.REPO_ROOT, bench.BENCH_SETTINGS)
    steps = {step["name"]: step for step in figures["steps"]}
    assert list(steps) == [
        "load, check and plan",
        "render, all files",
        "write the rendered files",
        "build the search records",
        "index them and write the bundle (Pagefind)",
    ]
    kinds = {kind["name"].removeprefix("render "): kind["count"] for kind in figures["render_by_kind"]}
    expected = Counter(bench.file_kind(planned.path) for planned in generated.files)
    assert kinds == dict(expected), "each planned file rendered once, under its kind"
    assert steps["render, all files"]["count"] == steps["write the rendered files"]["count"] == len(generated.files)
    records = len(generated.search())
    assert steps["build the search records"]["count"] == steps["index them and write the bundle (Pagefind)"]["count"]
    assert steps["build the search records"]["count"] == records
    total = figures["steps_total"]
    assert total["seconds"] == pytest.approx(sum(step["seconds"] for step in figures["steps"]))
    assert figures["one_process_build_seconds"] > 0 and figures["plain_build_seconds"] > 0
    # The indexer runs in a process of its own: its CPU counts, or the step would show only the feeding.
    indexer = steps["index them and write the bundle (Pagefind)"]
    assert figures["indexer_process_cpu_seconds"] > 0
    assert indexer["user_seconds"] + indexer["system_seconds"] >= figures["indexer_process_cpu_seconds"]
    # Kernel time per small file: measured, so a number, though on a fast disk it may round to nothing.
    for key in ("page_in_own_folder_system_microseconds", "page_in_shared_folder_system_microseconds"):
        assert isinstance(figures[key], int | float) and math.isfinite(figures[key]), key


def test_markdown_benchmark_times_every_attack_at_the_limit_against_prose(tmp_path: Path, capsys) -> None:
    path = tmp_path / "bench.json"

    assert bench_cli.main(["markdown", "--runs", "1", "--json", str(path)]) == 0

    result = json.loads(path.read_text(encoding="utf-8"))["markdown"]
    assert result["size"] == limits.SUMMARY and result["prose_seconds"] > 0
    attacks = [row["attack"] for row in result["rows"]]
    assert attacks == list(bench_markdown.ATTACKS)
    assert all(row["seconds"] > 0 and row["ratio"] > 0 and row["growth"] > 0 for row in result["rows"])
    assert result["worst"]["ratio"] == max(row["ratio"] for row in result["rows"])
    printed = capsys.readouterr().out
    assert f"markdown worst case: {result['worst']['attack']}" in printed


def test_host_figures_count_every_file_the_largest_and_what_gzip_leaves(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "big.json").write_bytes(b"x" * 50_000)  # compresses to almost nothing
    (tmp_path / "random.bin").write_bytes(os.urandom(3_000))  # does not: counted as it is
    (tmp_path / "index.html").write_text("<p>hello</p>", encoding="utf-8")

    figures = bench_hosts.host_figures(tmp_path, events=2)

    assert figures["files"] == 3
    assert figures["total_bytes"] == 50_000 + 3_000 + len("<p>hello</p>")
    assert (figures["largest_file"], figures["largest_file_bytes"]) == ("a/b/big.json", 50_000)
    assert 3_000 / 2 < figures["gzip_bytes_per_event"] < (3_000 + 200 + 40) / 2
    assert figures["by_kind"]["other"]["files"] == 3


def test_host_figures_say_where_the_bytes_go_by_kind_of_file(tmp_path: Path) -> None:
    files = {
        "events/one/index.html": 4_000,
        "events/two/index.html": 2_000,
        "timeline/2024/12/index.html": 3_000,
        "sites/hmeimim/index.html": 500,
        "sites/hmeimim/feed.xml": 700,
        "api/events/2024-12.json": 900,
        "pagefind/fragment/en_1.pf_fragment": 300,
        "index.html": 100,
    }
    for path, size in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(os.urandom(size))  # random bytes: gzip leaves them as they are

    kinds = bench_hosts.host_figures(tmp_path, events=2)["by_kind"]

    assert kinds["event pages"] == {"files": 2, "bytes_per_event": 3_000, "gzip_bytes_per_event": 3_000}
    assert kinds["month and year pages"]["bytes_per_event"] == 1_500
    assert (kinds["site pages"]["files"], kinds["site feeds"]["files"]) == (1, 1)
    assert kinds["events as JSON"]["bytes_per_event"] == 450
    assert kinds["search index (Pagefind)"]["bytes_per_event"] == 150
    assert kinds["other"] == {"files": 1, "bytes_per_event": 50, "gzip_bytes_per_event": 50}
    assert sum(kind["files"] for kind in kinds.values()) == len(files)


def _host_row(events: int, seconds: float, **figures: float) -> dict:
    row = {
        "events": events,
        "build_seconds": seconds,
        "peak_memory_bytes": 500_000_000,
        "largest_process_bytes": 400_000_000,
        "files": 1000,
        "largest_file_bytes": 1_000_000,
        "largest_file": "api/events.json",
        "total_bytes": 100_000_000,
        "gzip_bytes_per_event": 4000,
        "by_kind": {
            "event pages": {"files": 900, "bytes_per_event": 9_000, "gzip_bytes_per_event": 3_000},
            "site feeds": {"files": 50, "bytes_per_event": 2_000, "gzip_bytes_per_event": 500},
            "other": {"files": 0, "bytes_per_event": 0, "gzip_bytes_per_event": 0},
        },
    }
    return {**row, **figures}


def test_host_limits_print_a_line_for_each_limit_broken_and_none_when_kept(capsys) -> None:
    kept = [_host_row(10_000, 10.0), _host_row(50_000, 50.0, total_bytes=900_000_000, files=70_000)]
    assert bench_hosts.host_flags(kept) == []  # 70,000 files is fine at 50,000 events: no host there counts them

    broken = [
        _host_row(10_000, 10.0, files=24_370, largest_file_bytes=35_500_000, total_bytes=260_000_000),
        _host_row(50_000, 60.0, total_bytes=1_100_000_000, gzip_bytes_per_event=6_500, peak_memory_bytes=2_100_000_000),
    ]
    flags = bench_hosts.host_flags(broken)
    assert flags == [
        "10,000 events: files 24,370 is over 20,000 (Cloudflare Pages' limit of files per site)",
        "10,000 events: largest file 33.9 MiB is over 20.0 MiB (under Cloudflare Pages' 25 MiB per file): "
        "api/events.json",
        "10,000 events: total 260 MB is over 250 MB (the project's budget at 10,000 events)",
        "50,000 events: total 1,100 MB is over 1,000 MB (GitHub Pages' 1 GB per published site)",
        "50,000 events: gzip per event 6.50 kB is over 6.00 kB (the project's budget per event, compressed)",
        "50,000 events: peak memory 2,100 MB is over 2,000 MB (the issue's bound for a 50,000-event build)",
        "10,000 → 50,000 events: the build takes 6.00× as long, more than 5.5×",
    ]
    bench_hosts.print_hosts(broken, flags)
    printed = capsys.readouterr().out
    assert "limits broken:" in printed and all(flag in printed for flag in flags)
    # Where the bytes go, at 10,000 events only, the largest share first; kinds without files left out.
    kinds = printed.split("where the bytes go at 10,000 events, per event:\n", 1)[1].splitlines()
    assert kinds[1].split() == ["event", "pages", "900", "9.00", "kB", "3.00", "kB"]
    assert kinds[2].split()[:2] == ["site", "feeds"] and "other" not in printed


def test_hosts_benchmark_builds_the_site_and_measures_it(tmp_path: Path) -> None:
    path = tmp_path / "bench.json"

    assert bench_cli.main(["hosts", "30", "--json", str(path)]) == 0

    figures = json.loads(path.read_text(encoding="utf-8"))
    (row,) = figures["hosts"]
    assert row["events"] == 30 and row["build_seconds"] > 0
    assert row["peak_memory_bytes"] >= row["largest_process_bytes"] * 0.8 > 10_000_000
    assert row["files"] > 30 + 40  # a page per event, the theme's assets and the rest
    assert row["total_bytes"] > row["largest_file_bytes"] > 0 and row["largest_file"]
    assert isinstance(figures["host_flags"], list)


def test_limits_command_passes_a_small_site_and_fails_one_with_too_many_files(tmp_path: Path, capsys) -> None:
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "index.html").write_text("<p>hello</p>", encoding="utf-8")
    assert bench_cli.main(["limits", str(tmp_path / "ok")]) == 0
    assert "1 files" in capsys.readouterr().out

    crowded = tmp_path / "crowded"
    crowded.mkdir()
    for number in range(20_001):
        (crowded / f"{number}.html").touch()
    assert bench_cli.main(["limits", str(crowded)]) == 1
    assert "files 20,001 is over 20,000 (Cloudflare Pages' limit of files per site)" in capsys.readouterr().out
