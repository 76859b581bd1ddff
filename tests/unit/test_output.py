"""Writing a build's files: a build that is cancelled stops writing at the next file, and a kept folder
is not pruned by a build that was cancelled."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

from timeline.build import output


def _files_then_stop(stop: threading.Event, before_stop: int) -> Iterator[tuple[str, bytes]]:
    for number in range(5):
        if number == before_stop:
            stop.set()  # as cancel() does from another thread, while the files are being written
        yield f"fragment/{number}.pf_fragment", b"x"


def test_no_file_is_written_once_stopped(tmp_path: Path) -> None:
    stop = threading.Event()

    output.write_files(tmp_path, _files_then_stop(stop, before_stop=2), stop)

    assert sorted(path.name for path in (tmp_path / "fragment").iterdir()) == ["0.pf_fragment", "1.pf_fragment"]


def test_a_stopped_kept_folder_keeps_what_it_had(tmp_path: Path) -> None:
    (tmp_path / "fragment").mkdir()
    (tmp_path / "fragment" / "old.pf_fragment").write_bytes(b"from the last build")
    stop = threading.Event()

    output.write_changed(tmp_path, _files_then_stop(stop, before_stop=2), stop)

    assert (tmp_path / "fragment" / "old.pf_fragment").exists(), "not pruned: the build that wrote it was cancelled"


def test_a_kept_folder_ends_with_exactly_the_files_given(tmp_path: Path) -> None:
    (tmp_path / "fragment").mkdir()
    (tmp_path / "fragment" / "old.pf_fragment").write_bytes(b"from the last build")
    (tmp_path / "gone").mkdir()
    (tmp_path / "gone" / "page.html").write_bytes(b"a folder no longer in the build")

    output.write_changed(tmp_path, _files_then_stop(threading.Event(), before_stop=-1))

    left = sorted(path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*"))
    assert left == ["fragment", *(f"fragment/{number}.pf_fragment" for number in range(5))]
