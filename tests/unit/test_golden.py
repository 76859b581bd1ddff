"""Every export of tests/data/minimal, and one rendered page, equal the committed golden files, so that any
change to the output is a diff in review. After an intended change: `make golden`, and review the diff."""

from __future__ import annotations

import difflib

import pytest

from helpers import golden

BUILT = golden.built()


def test_the_golden_files_are_exactly_the_exports_and_the_page() -> None:
    assert sorted(golden.committed()) == sorted(BUILT), "run `make golden` and review the new or removed files"
    assert {"feed.xml", "api/events.json", "api/sites.geojson"} <= set(BUILT)
    assert {path.rsplit(".", 1)[1] for path in BUILT if path.startswith("api/events/")} == {"json", "csv", "ics"}
    assert set(golden.PAGES) <= set(BUILT)


@pytest.mark.parametrize("path", sorted(BUILT))
def test_the_output_equals_its_golden_file(path: str) -> None:
    expected = golden.committed().get(path)
    assert expected is not None, f"{path} has no golden file: run `make golden`"
    if BUILT[path] != expected:
        diff = difflib.unified_diff(expected.splitlines(), BUILT[path].splitlines(), "golden", "built", lineterm="")
        pytest.fail(f"{path} differs from its golden file (run `make golden` if intended):\n" + "\n".join(diff))
