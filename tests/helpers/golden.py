"""Golden files: every export of tests/data/minimal, and one rendered page, as committed in tests/golden/.

A change to the output shows up as a diff of these files in review. ``make golden`` rewrites them
(``python -m helpers.golden`` from tests/); the unit test compares a fresh build with them.
"""

from __future__ import annotations

import shutil

from helpers.commands import REPO
from timeline.build.plan import plan_all
from timeline.contract import dataset
from timeline.contract.dates import epoch_day
from timeline.site.options import RenderOptions

FIXTURE = REPO / "tests" / "data" / "minimal"
GOLDEN = REPO / "tests" / "golden" / "minimal"
EPOCH = 1767225600
"""2026-01-01T00:00:00Z: after every fixture date, and fixed, so that the files never depend on today."""
PAGES = ("sites/hmeimim/index.md", "timeline/2024/12/index.md", "events/an-124-at-hmeimim/index.md")
"""The rendered pages kept besides the exports: a site page shows most of the templates' pieces, a month
page every event in full, citations and their provenance included."""
_NOT_EXPORTS = (".md", ".html", ".svg", ".css")


def built() -> dict[str, str]:
    """Path → content of every export and of ``PAGES``, built in this process from the fixture."""
    loaded = dataset.load(FIXTURE, epoch_day(EPOCH))
    assert loaded.dataset is not None, [problem.format() for problem in loaded.problems]
    options = RenderOptions(
        data_dir=FIXTURE.as_posix(),
        data_in_repository=None,
        last_updated=epoch_day(EPOCH),
        build_epoch=EPOCH,
        site_url="https://timeline.example/",
    )
    files = plan_all(loaded.dataset, options).files
    return {
        planned.path: planned.render()
        for planned in files
        if planned.path in PAGES or not planned.path.endswith(_NOT_EXPORTS)
    }


def committed() -> dict[str, str]:
    return {
        path.relative_to(GOLDEN).as_posix(): path.read_bytes().decode("utf-8")
        for path in sorted(GOLDEN.rglob("*"))
        if path.is_file()
    }


def write() -> None:
    shutil.rmtree(GOLDEN, ignore_errors=True)
    files = built()
    for relative, content in files.items():
        target = GOLDEN / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8"))
    print(f"{GOLDEN.relative_to(REPO)}: {len(files)} files written")


if __name__ == "__main__":
    write()
