"""Synthetic data and benchmarks.

    python -m timeline.bench generate N OUT_DIR [--seed S]   write N valid events with sites and sources
    python -m timeline.bench check [N ...]                   time `check` against bare libyaml parsing

Benchmarks print ratios against a baseline measured in the same run, because the machine is shared
and absolute times mean little.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import tempfile
import time
from pathlib import Path

import yaml

from . import dataset

STATUSES = ["confirmed", "reported", "reported", "reported", "claimed", "disputed", "retracted"]
SOURCE_KINDS = ["news_outlet", "imagery_provider", "analyst", "think_tank", "government", "social_media"]
TAGS = ["airlift", "naval", "convoy", "diplomacy", "assessment", "air-defence"]
EQUIPMENT = {"an-124": "aircraft", "ka-52": "helicopter", "s-400": "air_defence", "frigate": "ship"}


def generate(count: int, out_dir: Path, seed: int = 1) -> None:
    """Write ``count`` realistic, valid events: about count/20 sites and count/10 sources."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
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
            },
        )
    for source_id in source_ids:
        _write(
            out_dir / "sources" / f"{source_id}.yaml",
            {"name": source_id.replace("-", " ").title(), "kind": kinds[source_id], "summary": "A synthetic source."},
        )
    start = 19000  # days since 1970-01-01: 2022-01-08
    for n in range(count):
        day = start + rng.randrange(0, 3 * 365)
        date_text = _edtf(rng, day)
        status = rng.choice(STATUSES)
        cited = rng.sample(source_ids, k=max(2 if status == "confirmed" else 1, rng.randint(1, 4)))
        citations = []
        for source_id in cited:
            citation = {"source": source_id, "title": f"Report {n} by {source_id}"}
            if rng.random() < 0.8:
                citation["url"] = f"https://example.org/{source_id}/{n}"
            else:
                citation["url_note"] = "The report gives no link."
            if kinds[source_id] in ("analyst", "social_media"):
                citation["archive_url"] = f"https://web.archive.org/web/2024/https://example.org/{n}"
            if rng.random() < 0.3:
                citation["quote"] = "A short quoted passage from the report, " * rng.randint(1, 3)
            citations.append(citation)
        event = {
            "title": f"Synthetic event {n}",
            "date": date_text,
            "sites": rng.sample(site_ids, k=min(len(site_ids), rng.randint(1, 2))),
            "tags": rng.sample(TAGS, k=rng.randint(0, 2)),
            "status": status,
            "summary": "Something was observed at the site.\n\nA second paragraph with **emphasis**.\n",
            "citations": citations,
        }
        if rng.random() < 0.4:
            event["equipment"] = [{"type": rng.choice(list(EQUIPMENT)), "count": rng.randint(1, 5)}]
        year = date_text[:4]
        _write(out_dir / "events" / year / f"event-{n:06d}.yaml", event)


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
    result = dataset.load(data_dir)
    if result.problems:
        raise SystemExit("benchmark data is invalid:\n" + "\n".join(p.format() for p in result.problems[:10]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m timeline.bench")
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="write synthetic valid data")
    gen.add_argument("count", type=int)
    gen.add_argument("out_dir", type=Path)
    gen.add_argument("--seed", type=int, default=1)
    check = commands.add_parser("check", help="time check against bare libyaml parsing")
    check.add_argument("sizes", type=int, nargs="*", default=[1000, 10000])
    check.add_argument("--runs", type=int, default=3)
    check.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if args.command == "generate":
        generate(args.count, args.out_dir, args.seed)
        return 0
    results = bench_check(args.sizes, args.runs)
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
    if args.json:
        args.json.write_text(json.dumps({"check": results}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
