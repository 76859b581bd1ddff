"""The readers' search bundle when something goes wrong: every failure is one line that says why, and a
build never hangs on it or leaves a half-written site behind it without saying so."""

from __future__ import annotations

import base64
import json
import os
import stat
import sys
import time
from pathlib import Path

import pytest

from helpers.commands import DATA, REPO, mkdocs_build
from timeline.build import search_bundle
from timeline.settings import installed_pagefind
from timeline.site.search import SearchRecord

PAGEFIND = installed_pagefind(REPO)
"""The Pagefind that `make` installs, which every build runs."""

DEADLINE = 30.0
"""Far below the bundle's own 600 s wait: a failure must end the wait, not run it out."""


def _record(n: int) -> SearchRecord:
    return SearchRecord(f"timeline/2024/12/#event-{n}", f"Event {n}", f"Something seen at the site, number {n}.")


def _bundle_error(folder: Path, records: list[SearchRecord], indexer: Path | None = None) -> str:
    """Index ``records`` into ``folder`` with the indexer of the moment, which must fail: its message."""
    bundle = search_bundle.start(str(indexer) if indexer else PAGEFIND)
    bundle.add_records(lambda: records)
    bundle.write(folder)
    with pytest.raises(search_bundle.SearchBundleError) as raised:
        bundle.finish(timeout=DEADLINE)
    return str(raised.value)


def _failing_indexer(tmp_path: Path, message: str) -> Path:
    script = tmp_path / "indexer"
    script.write_text(f"#!/bin/sh\necho 'warming up' >&2\necho '{message}' >&2\nexit 3\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_records_that_fail_to_build_stop_the_bundle_at_once_with_the_reason(tmp_path: Path) -> None:
    bundle = search_bundle.start(PAGEFIND)

    def records() -> list[SearchRecord]:
        raise ValueError("a record with no title")

    bundle.add_records(records)
    bundle.write(tmp_path / "pagefind")
    began = time.monotonic()
    with pytest.raises(search_bundle.SearchBundleError, match=r"building the search records failed.*no title"):
        bundle.finish(timeout=DEADLINE)
    assert time.monotonic() - began < DEADLINE / 2


def test_an_indexer_that_stops_is_reported_with_its_last_words(tmp_path: Path) -> None:
    indexer = _failing_indexer(tmp_path, "No space left on device")
    message = _bundle_error(tmp_path / "pagefind", [_record(n) for n in range(100)], indexer)
    assert message == "the search indexer stopped before it wrote the bundle: No space left on device"


def test_a_bundle_that_cannot_be_written_is_reported_in_one_line_with_the_reason(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    # Cannot be made: its parent is a file.
    message = _bundle_error(blocker / "pagefind", [_record(n) for n in range(50)])
    assert "\n" not in message and len(message) < 2000
    assert message == f"could not write the bundle to {blocker / 'pagefind'}: Not a directory", message


def _bundle(folder: Path, records: list[SearchRecord], *, only_changed: bool) -> None:
    bundle = search_bundle.start(PAGEFIND)
    bundle.add_records(lambda: records)
    bundle.write(folder, only_changed=only_changed)
    bundle.finish(timeout=DEADLINE)


def _files(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {
        path.relative_to(folder).as_posix(): (path.stat().st_mtime_ns, path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_kept_bundle_rewrites_only_what_changed_and_loses_what_is_gone(tmp_path: Path) -> None:
    fresh, kept = tmp_path / "fresh", tmp_path / "kept"
    _bundle(kept, [_record(n) for n in range(30)], only_changed=True)
    (kept / "fragment" / "en_stale.pf_fragment").write_bytes(b"from an older build")
    for path in kept.rglob("*"):
        os.utime(path, ns=(0, 0))  # a file written again would show this build's time
    before = _files(kept)

    fewer = [_record(n) for n in range(29)]
    _bundle(kept, fewer, only_changed=True)
    _bundle(fresh, fewer, only_changed=False)

    after, expected = _files(kept), _files(fresh)
    # Exactly the bundle a fresh build writes: the stale fragment and the lost record's are gone.
    assert {path: content for path, (_, content) in after.items()} == {
        path: content for path, (_, content) in expected.items()
    }
    unchanged = [path for path in after if path in before and before[path][1] == after[path][1]]
    assert "pagefind.js" in unchanged and len(unchanged) >= 29
    # Left alone, not written again with the same bytes.
    assert all(after[path][0] == 0 for path in unchanged)
    assert not any(name in after for name in search_bundle._UNUSED)


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


_FAKE_INDEXER = """\
import base64, json, sys
record_error, files = json.loads(sys.argv[1])
def reply(message_id, payload):
    message = json.dumps({"message_id": message_id, "payload": payload}).encode()
    sys.stdout.buffer.write(base64.b64encode(message) + b",")
pending = b""
while chunk := sys.stdin.buffer.read1(65536):
    *messages, pending = (pending + chunk).split(b",")
    for message in messages:
        request = json.loads(base64.b64decode(message))
        if request["payload"]["type"] == "AddRecord" and record_error:
            reply(request["message_id"], {"type": "Error", "message": record_error})
        elif request["payload"]["type"] == "GetFiles":
            reply(request["message_id"], {"type": "GetFiles", "files": files})
    sys.stdout.flush()
"""
"""Speaks the indexer's protocol: an error for every record, if given, and the given files as the bundle."""


def _fake_indexer(tmp_path: Path, record_error: str | None, files: dict[str, bytes]) -> Path:
    listed = [{"path": path, "content": base64.b64encode(content).decode()} for path, content in files.items()]
    (tmp_path / "fake_indexer.py").write_text(_FAKE_INDEXER, encoding="utf-8")
    script = tmp_path / "indexer"
    arguments = json.dumps([record_error, listed])
    script.write_text(f"#!/bin/sh\nexec '{sys.executable}' '{tmp_path / 'fake_indexer.py'}' '{arguments}'\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_an_error_of_the_indexer_is_reported_once_however_many_records_it_hits(tmp_path: Path) -> None:
    indexer = _fake_indexer(tmp_path, "a record without content", {})
    message = _bundle_error(tmp_path / "pagefind", [_record(n) for n in range(50)], indexer)
    assert message == "a record without content"


@pytest.mark.parametrize("name", ["../escaped.js", "/tmp/escaped.js", "fragment/../../escaped.js", "..\\escaped.js"])
def test_a_bundle_file_named_outside_its_folder_is_refused_not_written(tmp_path: Path, name) -> None:
    files = {"pagefind.js": b"// the script", name: b"x"}
    indexer = _fake_indexer(tmp_path, None, files)
    folder = tmp_path / "site" / "pagefind"
    message = _bundle_error(folder, [_record(1)], indexer)
    assert message == f"the search indexer named a file outside its folder: {name!r}"
    assert not folder.exists(), "nothing of a bundle with a stray name is written"
