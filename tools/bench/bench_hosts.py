"""Host limits: whether a full build of N generated events can be published as it is.

    python tools/bench hosts [N ...]      one full build per size (1,000, 10,000 and 50,000 by default)

Static hosts refuse a site, or a file, past their limits, and those limits are not about speed: a site
that builds fast but has 24,000 files does not deploy on Cloudflare Pages at all. Per size this builds the
site once, as ``make build`` does, and prints what the hosts count: files, the largest file, the total
bytes, and the gzip-compressed bytes per event (what hosts store and serve). Every limit that is broken
gets a line of its own, and a table shows where the bytes go, by kind of file, at 10,000 events. The
build's time and peak memory (every process of the build at once, and its largest process alone) are
printed too, with the growth of the time between sizes against the growth of the events: the issue asks
for 50,000 events in at most 5.5 times the time of 10,000.

README.md ("Limits the site keeps to") names the source of each limit.
"""

from __future__ import annotations

import gzip
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import bench

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limit:
    key: str
    words: str
    most: float
    sizes: tuple[int, ...] | None
    """The sizes the limit applies to; None for every size."""
    why: str


LIMITS = (
    Limit("files", "files", 20_000, (1000, 10_000), "Cloudflare Pages' limit of files per site"),
    Limit("largest_file_bytes", "largest file", 20 * MIB, None, "under Cloudflare Pages' 25 MiB per file"),
    Limit("total_bytes", "total", 250_000_000, (1000, 10_000), "the project's budget at 10,000 events"),
    Limit("total_bytes", "total", 1_000_000_000, None, "GitHub Pages' 1 GB per published site"),
    # Per event from 10,000 on: at 1,000, the fixed part (the theme's scripts and source maps) weighs as much.
    Limit(
        "gzip_bytes_per_event", "gzip per event", 6_000, (10_000, 50_000), "the project's budget per event, compressed"
    ),
    Limit("peak_memory_bytes", "peak memory", 2_000_000_000, None, "the issue's bound for a 50,000-event build"),
)
"""The limits a build is held to, and why; README's table says the same."""
TIME_GROWTH_MOST = 5.5
"""From 10,000 to 50,000 events (5×), a build may take at most this many times as long: linear, with room."""


KINDS = (
    ("event pages", re.compile(r"events/[^/]+/index\.html")),
    ("month and year pages", re.compile(r"timeline/.+")),
    ("site pages", re.compile(r"sites/.+\.html")),
    ("site feeds", re.compile(r"sites/[^/]+/feed\.xml")),
    ("site GeoJSON", re.compile(r"sites/[^/]+/events\.geojson")),
    ("source pages", re.compile(r"sources/.+\.html")),
    ("tag pages and feeds", re.compile(r"tags/.+")),
    ("events as JSON", re.compile(r"api/events/[^/]+\.json")),
    ("events as CSV", re.compile(r"api/events/[^/]+\.csv")),
    ("events as iCalendar", re.compile(r"api/events/[^/]+\.ics")),
    ("search index (Pagefind)", re.compile(r"pagefind/.+")),
    ("theme assets", re.compile(r"assets/.+")),
)
"""What the output is made of, by path, first match wins: where the bytes go. Everything else is "other"."""


def _kind(path: str) -> str:
    return next((kind for kind, pattern in KINDS if pattern.fullmatch(path)), "other")


def host_figures(out_dir: Path, events: int) -> dict:
    """What a host counts of the built folder ``out_dir``, and the same by kind of file (``KINDS``)."""
    files = 0
    total = 0
    compressed = 0
    largest = (0, "")
    by_kind: dict[str, list[int]] = {kind: [0, 0, 0] for kind, _ in KINDS} | {"other": [0, 0, 0]}
    for folder, _, names in os.walk(out_dir):
        for name in sorted(names):
            path = Path(folder, name)
            relative = path.relative_to(out_dir).as_posix()
            data = path.read_bytes()
            # Hosts compress text on the fly; Pagefind's files, WebAssembly and images are stored as they are.
            packed = min(len(data), len(gzip.compress(data, compresslevel=6, mtime=0)))
            files += 1
            total += len(data)
            compressed += packed
            largest = max(largest, (len(data), relative))
            counts = by_kind[_kind(relative)]
            counts[0], counts[1], counts[2] = counts[0] + 1, counts[1] + len(data), counts[2] + packed
    return {
        "files": files,
        "largest_file_bytes": largest[0],
        "largest_file": largest[1],
        "total_bytes": total,
        "gzip_bytes_per_event": round(compressed / events),
        "by_kind": {
            kind: {
                "files": count,
                "bytes_per_event": round(raw / events),
                "gzip_bytes_per_event": round(packed / events),
            }
            for kind, (count, raw, packed) in by_kind.items()
        },
    }


def folder_flags(out_dir: Path) -> list[str]:
    """The limits a built site must keep whatever its size (files, largest file, total), broken or not: for
    the deploy workflow, which checks the site it is about to publish (``python tools/bench limits site``)."""
    figures = host_figures(out_dir, events=1)
    flags = []
    for limit in LIMITS:
        if limit.key in ("files", "largest_file_bytes", "total_bytes") and figures[limit.key] > limit.most:
            flags.append(
                f"{out_dir}: {limit.words} {_amount(limit.key, figures[limit.key])} is over "
                f"{_amount(limit.key, limit.most)} ({limit.why})"
                + (f": {figures['largest_file']}" if limit.key == "largest_file_bytes" else "")
            )
    print(
        f"{out_dir}: {figures['files']:,} files, {figures['total_bytes'] / 1e6:,.1f} MB in all, the largest "
        f"{figures['largest_file']} ({figures['largest_file_bytes'] / MIB:.1f} MiB)"
    )
    for flag in flags:
        print(flag)
    return flags


def measure_hosts(sizes: list[int], config: Path = bench.REPO_ROOT / "mkdocs.yml") -> list[dict]:
    """One full build per size: the host figures, the build's time and its peak memory."""
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="timeline-hosts-") as folder:
            root = Path(folder)
            data_dir = root / "data"
            bench.generate(size, data_dir)
            env = bench.build_env(TIMELINE_DATA=str(data_dir), TIMELINE_REPO_URL=bench.BENCH_REPO_URL)
            bench.settle_disk()
            run = bench.mkdocs_build(config, root / "site", env, root / "build.log")
            rows.append(
                {
                    "events": size,
                    "build_seconds": round(run.seconds, 3),
                    # The whole build's (every process at once): what the machine must have.
                    "peak_memory_bytes": run.peak_memory_bytes,
                    "largest_process_bytes": run.peak_rss_bytes,
                    **host_figures(root / "site", size),
                }
            )
    return rows


def host_flags(rows: list[dict]) -> list[str]:
    """A line per broken limit, and for a build time that grows faster than the events."""
    flags = []
    for row in rows:
        for limit in LIMITS:
            if limit.sizes is not None and row["events"] not in limit.sizes:
                continue
            if row[limit.key] > limit.most:
                flags.append(
                    f"{row['events']:,} events: {limit.words} {_amount(limit.key, row[limit.key])} is over "
                    f"{_amount(limit.key, limit.most)} ({limit.why})"
                    + (f": {row['largest_file']}" if limit.key == "largest_file_bytes" else "")
                )
    by_size = {row["events"]: row for row in rows}
    if 10_000 in by_size and 50_000 in by_size:
        growth = by_size[50_000]["build_seconds"] / by_size[10_000]["build_seconds"]
        if growth > TIME_GROWTH_MOST:
            flags.append(
                f"10,000 → 50,000 events: the build takes {growth:.2f}× as long, more than {TIME_GROWTH_MOST}×"
            )
    return flags


def _amount(key: str, value: float) -> str:
    if key == "files":
        return f"{value:,.0f}"
    if key == "largest_file_bytes":
        return f"{value / MIB:.1f} MiB"
    if key == "gzip_bytes_per_event":
        return f"{value / 1000:.2f} kB"
    return f"{value / 1e6:,.0f} MB"


def print_hosts(rows: list[dict], flags: list[str]) -> None:
    print('host limits, one full build per size (README: "Limits the site keeps to"):')
    heads = ("events", 8), ("files", 8), ("largest file", 14), ("total", 9), ("gzip/event", 11), ("build", 8)
    print(
        "  " + " ".join(f"{head:>{width}}" for head, width in heads) + f" {'peak memory':>12} {'(largest process)':>18}"
    )
    for row in rows:
        print(
            f"  {row['events']:>8,} {row['files']:>8,} {row['largest_file_bytes'] / MIB:>10.1f} MiB "
            f"{row['total_bytes'] / 1e6:>6.0f} MB {row['gzip_bytes_per_event'] / 1000:>8.2f} kB "
            f"{row['build_seconds']:>7.1f}s {row['peak_memory_bytes'] / 1e6:>9.0f} MB "
            f"{row['largest_process_bytes'] / 1e6:>15.0f} MB"
        )
    by_size = {row["events"]: row for row in rows}
    if 10_000 in by_size and 50_000 in by_size:
        growth = by_size[50_000]["build_seconds"] / by_size[10_000]["build_seconds"]
        print(f"  10,000 → 50,000 events (5×): the build takes {growth:.2f}× as long (at most {TIME_GROWTH_MOST}×)")
    for row in rows:
        print(f"  largest file at {row['events']:,} events: {row['largest_file']}")
    for row in rows:
        if row["events"] == 10_000 or (row is rows[-1] and 10_000 not in by_size):
            print_kinds(row)
    print("  limits broken:" if flags else "  every limit kept")
    for flag in flags:
        print(f"    {flag}")


def print_kinds(row: dict) -> None:
    """Where the bytes of one build go, by kind of file, the largest compressed share first."""
    print(f"  where the bytes go at {row['events']:,} events, per event:")
    print(f"    {'kind':<26} {'files':>7} {'raw':>10} {'gzip':>10}")
    kinds = sorted(row["by_kind"].items(), key=lambda item: (-item[1]["gzip_bytes_per_event"], item[0]))
    for kind, figures in kinds:
        if figures["files"]:
            print(
                f"    {kind:<26} {figures['files']:>7,} {figures['bytes_per_event'] / 1000:>7.2f} kB "
                f"{figures['gzip_bytes_per_event'] / 1000:>7.2f} kB"
            )
