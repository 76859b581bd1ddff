"""The preview hears of data changes from the system: a file written, added or removed starts a rebuild,
a file only read does not (the build reads every file), and where the system cannot watch, the caller
is told, so that it polls instead."""

from __future__ import annotations

import threading
from pathlib import Path

from timeline.build import watching

WAIT = 10.0
"""Far longer than the system takes to tell: only a broken watch runs it out."""
QUIET = 1.0
"""How long nothing must happen after a read: file events arrive within milliseconds."""


def _watched(folder: Path) -> threading.Event:
    changed = threading.Event()
    assert watching.watch(folder, changed.set)
    return changed


def test_writing_adding_and_removing_a_file_are_each_heard(tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    existing = tmp_path / "events" / "one.yaml"
    existing.write_text("title: one\n", encoding="utf-8")
    changed = _watched(tmp_path)
    for change in (
        lambda: existing.write_text("title: changed\n", encoding="utf-8"),
        lambda: (tmp_path / "events" / "two.yaml").write_text("title: two\n", encoding="utf-8"),
        lambda: existing.unlink(),
    ):
        changed.clear()
        change()
        assert changed.wait(WAIT)


def test_reading_a_file_is_not_a_change(tmp_path: Path) -> None:
    data = tmp_path / "event.yaml"
    data.write_text("title: one\n", encoding="utf-8")
    changed = _watched(tmp_path)
    changed.wait(QUIET)  # the write above may still be on its way
    changed.clear()
    data.read_text(encoding="utf-8")
    assert not changed.wait(QUIET)


def test_a_folder_that_cannot_be_watched_is_reported_not_raised(tmp_path: Path) -> None:
    assert watching.watch(tmp_path / "missing", lambda: None) is False
