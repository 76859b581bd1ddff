"""Where a build's time goes: the profile behind the site benchmark's figures.

    python tools/bench steps [N]

The site benchmark times whole builds against the baseline; this says why they take what they take.
It runs the core's steps one after the other in this process, at N synthetic events, each timed on its
own, wall clock and CPU, with user and system time apart (on some disks, creating the files costs more
than rendering them):

1. load, check and plan (``build.generate``);
2. render every planned file, timed by kind of file (``sites/*/index.md``, as the site benchmark names
   the output);
3. write the rendered files into a fresh folder (``output.write_files``);
4. build the search records, then index them and write the bundle (``search_bundle``; the indexer runs
   in a process of its own, and its CPU is counted with the step's);
5. for scale, a real `mkdocs build` of the same data in one process (``TIMELINE_PARALLEL=0``), whose
   CPU beyond the steps above is MkDocs, the theme and the pouring of pages into its shells; and the
   plain baseline;
6. what a small page costs in kernel time on the disk of the temporary folder, in a folder of its own
   (as a permalink is) and in folders it shares with others.

No step is a sample of another: each runs whole, once, after an untimed warm-up of the data's files.
"""

from __future__ import annotations

import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

import bench
from timeline.build import output, search_bundle
from timeline.build import plan as build
from timeline.settings import installed_pagefind

T = TypeVar("T")

INDEXING = "index them and write the bundle (Pagefind)"

PROBE_PAGES = 1000
"""How many pages the disk probe writes per layout and run: enough to average out, few enough to be quick."""
PROBE_PAGES_PER_FOLDER = 100
PROBE_RUNS = 3
"""The probe's figure is the best run of each layout: noise only ever adds time."""


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    count: int
    """How many files or records the step handled."""
    seconds: float
    user_seconds: float
    """CPU in user space: of this process, and of the processes it waited for (the search indexer)."""
    system_seconds: float
    """CPU in the kernel, counted the same way: mostly creating files and folders."""


def _cpu() -> tuple[float, float]:
    """User and system CPU so far of this process and its waited-for children, to the microsecond
    (``os.times`` counts in clock ticks of 10 ms, coarser than rendering one file)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + children.ru_utime, own.ru_stime + children.ru_stime


class _Clock:
    """Wall clock and CPU since it was made."""

    def __init__(self) -> None:
        self._wall = time.perf_counter()
        self._user, self._system = _cpu()

    def step(self, name: str, count: int) -> Step:
        user, system = _cpu()
        return Step(name, count, time.perf_counter() - self._wall, user - self._user, system - self._system)


def _timed(name: str, count: int, work: Callable[[], T]) -> tuple[Step, T]:
    # The disk flushed first: what an earlier step wrote would otherwise be flushed during this one.
    bench.settle_disk()
    clock = _Clock()
    result = work()
    return clock.step(name, count), result


def measure_steps(size: int) -> dict[str, Any]:
    """Generate ``size`` events and time each step of building them (see the module's docstring)."""
    with tempfile.TemporaryDirectory(prefix="timeline-steps-") as folder:
        root = Path(folder)
        data_dir = root / "data"
        bench.generate(size, data_dir)
        build.generate(data_dir, bench.REPO_ROOT, bench.BENCH_SETTINGS)  # untimed: reads the files into the page cache
        steps: list[Step] = []

        step, generated = _timed(
            "load, check and plan", size, lambda: build.generate(data_dir, bench.REPO_ROOT, bench.BENCH_SETTINGS)
        )
        if generated.problems:
            raise SystemExit(f"the synthetic data has problems: {generated.problems[0]}")
        steps.append(step)

        # Each file timed on its own and summed by kind.
        by_kind: dict[str, list[Step]] = {}
        rendered = []
        bench.settle_disk()
        for planned in generated.files:
            clock = _Clock()
            rendered.append(planned.rendered())
            kind = bench.file_kind(planned.path)
            by_kind.setdefault(kind, []).append(clock.step(kind, 1))
        render_steps = sorted(
            (_total(f"render {kind}", timed, len(timed)) for kind, timed in by_kind.items()),
            key=lambda step: -step.seconds,
        )
        steps.append(_total("render, all files", render_steps, len(rendered)))

        site = root / "site"
        step, _ = _timed(
            "write the rendered files",
            len(rendered),
            lambda: output.write_files(site, rendered),
        )
        steps.append(step)

        step, records = _timed("build the search records", 0, generated.search)
        steps.append(Step(step.name, len(records), step.seconds, step.user_seconds, step.system_seconds))

        def index_and_write() -> None:
            bundle = search_bundle.start(installed_pagefind(bench.REPO_ROOT))
            bundle.add_records(lambda: records)
            bundle.write(site / search_bundle.FOLDER)
            bundle.finish()

        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        step, _ = _timed(INDEXING, len(records), index_and_write)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        indexer = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        steps.append(step)
        steps_total = _total("all the steps above", steps)

        builds = _builds(data_dir, root)
        # Alternated, so that a busy moment of the disk does not fall on one layout only.
        alone, shared = [], []
        for run in range(PROBE_RUNS):
            alone.append(_page_seconds(root / f"alone-{run}", PROBE_PAGES, 1))
            shared.append(_page_seconds(root / f"shared-{run}", PROBE_PAGES, PROBE_PAGES_PER_FOLDER))
    # User time only: the system time of the same work varies several-fold from run to run on some disks.
    rest = builds["one_process_user_seconds"] - steps_total.user_seconds
    return {
        "events": size,
        "steps": [asdict(step) for step in steps],
        "render_by_kind": [asdict(step) for step in render_steps],
        "steps_total": asdict(steps_total),
        "indexer_process_cpu_seconds": round(indexer, 3),
        **builds,
        "one_process_user_beyond_steps_seconds": round(rest, 3),
        "page_in_own_folder_system_microseconds": round(min(alone) * 1e6),
        "page_in_shared_folder_system_microseconds": round(min(shared) * 1e6),
    }


def _total(name: str, steps: list[Step], count: int = 0) -> Step:
    return Step(
        name,
        count,
        sum(step.seconds for step in steps),
        sum(step.user_seconds for step in steps),
        sum(step.system_seconds for step in steps),
    )


def _builds(data_dir: Path, root: Path) -> dict[str, float]:
    """A real one-process build of ``data_dir`` and the plain baseline, each after a warm-up."""
    plain = root / "plain"
    bench.write_plain_project(data_dir, plain)
    full_env = bench.build_env(
        TIMELINE_DATA=str(data_dir), TIMELINE_REPO_URL=bench.BENCH_REPO_URL, TIMELINE_PARALLEL="0"
    )
    figures: dict[str, float] = {}
    for side, config, env in (
        ("one_process", bench.REPO_ROOT / "mkdocs.yml", full_env),
        ("plain", plain / "mkdocs.yml", bench.build_env()),
    ):
        bench.mkdocs_build(config, root / f"warm-{side}", env, root / f"{side}.log")
        bench.settle_disk()
        run = bench.mkdocs_build(config, root / f"out-{side}", env, root / f"{side}.log")
        figures[f"{side}_build_seconds"] = round(run.seconds, 3)
        figures[f"{side}_user_seconds"] = round(run.cpu_seconds - run.system_seconds, 3)
        figures[f"{side}_system_seconds"] = round(run.system_seconds, 3)
    return figures


def _page_seconds(parent: Path, count: int, per_folder: int) -> float:
    """Kernel time to write one small page, averaged over ``count``, ``per_folder`` to a folder: 1 as a
    permalink is (``events/<id>/index.html``), or more, as pages that share folders."""
    parent.mkdir()
    bench.settle_disk()
    _, before = _cpu()
    for number in range(count):
        folder = parent / f"{number // per_folder:05}"
        if number % per_folder == 0:
            folder.mkdir()
        (folder / f"{number:05}.html").write_bytes(b"<p>probe</p>\n" * 40)
    seconds = (_cpu()[1] - before) / count
    shutil.rmtree(parent)
    return seconds


def print_steps(figures: dict[str, Any]) -> None:
    def line(step: dict[str, Any], indent: str = "  ") -> None:
        what = f"{step['name']} ({step['count']:,})" if step["count"] else step["name"]
        print(
            f"{indent}{what:<58} {step['seconds']:6.2f} s   CPU {step['user_seconds']:5.2f} s user "
            f"+ {step['system_seconds']:5.2f} s system"
        )

    print(f"steps, {figures['events']} events, each on its own in one process:")
    for step in figures["steps"]:
        line(step)
        if step["name"] == "render, all files":
            for kind in figures["render_by_kind"][: bench.OUTPUT_KINDS_SHOWN]:
                line(kind, indent="      ")
        elif step["name"] == INDEXING:
            print(f"      of which the indexer's own process, CPU {figures['indexer_process_cpu_seconds']:.2f} s")
    line(figures["steps_total"])
    print(
        f"  mkdocs build of the same data, one process: {figures['one_process_build_seconds']:.2f} s, CPU "
        f"{figures['one_process_user_seconds']:.2f} s user + {figures['one_process_system_seconds']:.2f} s system; "
        f"user time beyond the steps (MkDocs, the theme, pouring pages into shells) "
        f"{figures['one_process_user_beyond_steps_seconds']:.2f} s"
    )
    print(
        f"  plain baseline: {figures['plain_build_seconds']:.2f} s, CPU {figures['plain_user_seconds']:.2f} s user + "
        f"{figures['plain_system_seconds']:.2f} s system"
    )
    print(
        f"  on this disk, a small page in a folder of its own (as a permalink is) costs "
        f"{figures['page_in_own_folder_system_microseconds']} µs of kernel time; "
        f"{PROBE_PAGES_PER_FOLDER} to a folder, {figures['page_in_shared_folder_system_microseconds']} µs"
    )
