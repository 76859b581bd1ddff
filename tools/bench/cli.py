"""The benchmarks' command line (``python tools/bench COMMAND``); ``bench.py`` says what each command measures."""

from __future__ import annotations

import argparse
from pathlib import Path

import bench
import bench_hosts
import bench_markdown
import bench_steps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tools/bench")
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="write synthetic valid data")
    gen.add_argument("count", type=int)
    gen.add_argument("out_dir", type=Path)
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument("--days", type=int, default=3 * 365, help="how many days the events spread over")
    check = commands.add_parser("check", help="time check against bare libyaml parsing")
    check.add_argument("sizes", type=int, nargs="*", default=[1000, 10000])
    site = commands.add_parser("site", help="time mkdocs build against plain Markdown pages of the same events")
    site.add_argument("sizes", type=int, nargs="*", default=[1000])
    site.add_argument("--config", type=Path, default=bench.REPO_ROOT / "mkdocs.yml", help="the site's mkdocs.yml")
    preview = commands.add_parser("preview", help="time mkdocs serve from saving an event file to the reloaded page")
    preview.add_argument("size", type=int, nargs="?", default=1000)
    preview.add_argument("--config", type=Path, default=bench.REPO_ROOT / "mkdocs.yml", help="the site's mkdocs.yml")
    steps = commands.add_parser("steps", help="time each step of a build on its own (see bench_steps.py)")
    steps.add_argument("size", type=int, nargs="?", default=10000)
    hosts = commands.add_parser("hosts", help="one full build per size: files and bytes against the hosts' limits")
    hosts.add_argument("sizes", type=int, nargs="*", default=[1000, 10000, 50000])
    hosts.add_argument("--config", type=Path, default=bench.REPO_ROOT / "mkdocs.yml", help="the site's mkdocs.yml")
    limits = commands.add_parser("limits", help="check a built site against the hosts' limits; fails if it breaks one")
    limits.add_argument("site_dir", type=Path)
    hostile = commands.add_parser("markdown", help="time hostile Markdown at the size limit against prose")
    hostile.add_argument("--runs", type=int, default=3, help="best of this many")
    both = commands.add_parser("all", help="check, markdown, site, preview, steps and hosts benchmarks")
    both.add_argument("--check-sizes", type=int, nargs="+", default=[1000, 10000])
    both.add_argument("--site-sizes", type=int, nargs="+", default=[1000, 4000])
    both.add_argument("--preview-size", type=int, default=1000)
    both.add_argument("--steps-size", type=int, default=10000)
    both.add_argument("--host-sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    both.add_argument("--config", type=Path, default=bench.REPO_ROOT / "mkdocs.yml", help="the site's mkdocs.yml")
    for command in (check, site, both):
        command.add_argument("--runs", type=int, default=3, help="best of this many, interleaved with the baseline")
    preview.add_argument("--runs", type=int, default=bench.PREVIEW_RUNS, help="how many edits, each timed")
    for command in (check, hostile, site, preview, steps, hosts, both):
        command.add_argument("--json", type=Path, help="also write the figures here (merged into the file)")
    args = parser.parse_args(argv)
    if args.command == "generate":
        bench.generate(args.count, args.out_dir, args.seed, args.days)
        return 0
    if args.command == "limits":
        return 1 if bench_hosts.folder_flags(args.site_dir) else 0
    figures: dict[str, object] = {}
    if args.command in ("check", "all"):
        results = bench.bench_check(args.sizes if args.command == "check" else args.check_sizes, args.runs)
        bench.print_check(results)
        figures["check"] = results
    if args.command in ("markdown", "all"):
        result = bench_markdown.bench_markdown(runs=args.runs)
        bench_markdown.print_markdown(result)
        figures["markdown"] = result
    if args.command in ("site", "all"):
        rows = bench.bench_site(
            args.sizes if args.command == "site" else args.site_sizes, args.runs, args.config.resolve()
        )
        flags = bench.site_flags(rows)
        bench.print_site(rows, flags)
        figures["site"] = rows
        figures["site_growth"] = bench.site_growth(rows)
        figures["site_flags"] = flags
    if args.command in ("preview", "all"):
        size = args.size if args.command == "preview" else args.preview_size
        # Under `all`, --runs is the builds' best-of (3); a median of edits wants at least the preview's default.
        runs = args.runs if args.command == "preview" else max(args.runs, bench.PREVIEW_RUNS)
        row = bench.bench_preview(size, runs, args.config.resolve())
        row["flags"] = bench.preview_flags(row)
        bench.print_preview(row)
        figures["preview"] = row
    if args.command in ("steps", "all"):
        measured = bench_steps.measure_steps(args.size if args.command == "steps" else args.steps_size)
        bench_steps.print_steps(measured)
        figures["steps"] = measured
    if args.command in ("hosts", "all"):
        host_rows = bench_hosts.measure_hosts(args.sizes if args.command == "hosts" else args.host_sizes, args.config)
        host_flags = bench_hosts.host_flags(host_rows)
        bench_hosts.print_hosts(host_rows, host_flags)
        figures["hosts"] = host_rows
        figures["host_flags"] = host_flags
    if args.json:
        bench.merge_json(args.json, figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
