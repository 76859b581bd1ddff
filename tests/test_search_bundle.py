"""The readers' search bundle when something goes wrong: every failure is one line that says why, and a
build never hangs on it or leaves a half-written site behind it without saying so."""

from __future__ import annotations

import stat
import time
from pathlib import Path

import pytest

from conftest import DATA, mkdocs_build
from timeline import search_bundle
from timeline.search import SearchRecord

DEADLINE = 30.0
"""Far below the bundle's own 600 s wait: a failure must end the wait, not run it out."""


def _record(n: int) -> SearchRecord:
    return SearchRecord(f"timeline/2024/12/#event-{n}", f"Event {n}", f"Something seen at the site, number {n}.")


def _failing_indexer(tmp_path: Path, message: str) -> Path:
    script = tmp_path / "indexer"
    script.write_text(f"#!/bin/sh\necho 'warming up' >&2\necho '{message}' >&2\nexit 3\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_records_that_fail_to_build_stop_the_bundle_at_once_with_the_reason(tmp_path: Path) -> None:
    bundle = search_bundle.start()

    def records() -> list[SearchRecord]:
        raise ValueError("a record with no title")

    bundle.add_records(records)
    bundle.write(tmp_path / "pagefind")
    began = time.monotonic()
    with pytest.raises(search_bundle.SearchBundleError, match=r"building the search records failed.*no title"):
        bundle.finish(timeout=DEADLINE)
    assert time.monotonic() - began < DEADLINE / 2


def test_an_indexer_that_stops_is_reported_with_its_last_words(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TIMELINE_PAGEFIND", str(_failing_indexer(tmp_path, "No space left on device")))
    bundle = search_bundle.start()
    bundle.add_records(lambda: [_record(n) for n in range(100)])
    bundle.write(tmp_path / "pagefind")
    with pytest.raises(search_bundle.SearchBundleError) as raised:
        bundle.finish(timeout=DEADLINE)
    assert str(raised.value) == "the search indexer stopped before it wrote the bundle: No space left on device"


def test_an_error_of_the_indexer_is_reported_once_however_many_records_it_hits(tmp_path: Path) -> None:
    bundle = search_bundle.start()
    bundle.add_records(lambda: [_record(n) for n in range(50)])
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    bundle.write(blocker / "pagefind")  # cannot be made: its parent is a file
    with pytest.raises(search_bundle.SearchBundleError) as raised:
        bundle.finish(timeout=DEADLINE)
    message = str(raised.value)
    assert "\n" not in message and len(message) < 2000
    assert "directory" in message.lower(), message


def test_a_build_without_its_indexer_stops_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    result = mkdocs_build(tmp_path / "site", DATA, env={"TIMELINE_PAGEFIND": str(tmp_path / "no-such-indexer")})
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    output = result.stdout + result.stderr  # MkDocs prints why it aborted on stdout
    lines = [line for line in output.splitlines() if "Pagefind" in line]
    assert len(lines) == 1 and "could not start Pagefind, the search indexer" in lines[0], output


def test_a_build_whose_indexer_fails_stops_with_its_reason(tmp_path: Path) -> None:
    indexer = _failing_indexer(tmp_path, "Permission denied writing the bundle")
    result = mkdocs_build(tmp_path / "site", DATA, env={"TIMELINE_PAGEFIND": str(indexer)})
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert "timeline: the search bundle: the search indexer stopped before it wrote the bundle: Permission denied" in (
        result.stdout + result.stderr
    )
