"""One hostile pull request per class of attack, built by ``timeline render`` in a subprocess, as CI would.

Each case must end either in clear ``path:line:col`` problems or in a build within its size bound, and in
every case: no traceback, nothing written outside the output folder, and no network connection attempted
(a ``sitecustomize`` in the subprocess makes any connection fail and leaves a mark).
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest

from helpers.commands import run_timeline
from helpers.golden import FIXTURE

EVENT_FILE = "events/2024/an-124-at-hmeimim.yaml"
OUTPUT_BOUND = 20_000_000
"""Bytes: the minimal fixture builds to about 1 MB; a case inside the limits may not multiply it."""

NO_NETWORK = """\
import socket
from pathlib import Path

MARK = Path(__file__).with_name("CONNECTED")


def _refuse(*args, **kwargs):
    MARK.write_text(repr(args))
    raise OSError("network access in a build of hostile data")


socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse
"""


def _edit_event(old: str, new: str) -> Callable[[Path], None]:
    def edit(data: Path) -> None:
        path = data / EVENT_FILE
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _add(relative: str, content: str) -> Callable[[Path], None]:
    def add(data: Path) -> None:
        (data / relative).parent.mkdir(parents=True, exist_ok=True)
        (data / relative).write_text(content, encoding="utf-8")

    return add


SUMMARY = "  Satellite images show an An-124 on the apron at Hmeimim with its nose cone open."
TITLE = "title: Satellite images show an An-124 loading cargo at Hmeimim"
TAGS = "tags: [airlift]"

# (class, how the data is changed, the problem expected, or None for a build that must succeed)
CASES = [
    # Links that never close, at the size limit: Python-Markdown re-scanned the rest of the text from each.
    ("super-linear Markdown", _edit_event(SUMMARY, "  " + "[a](" * 4_990), None),
    ("unbounded nesting", _edit_event(SUMMARY, "  " + "> " * 60 + "deep"), "nests lists or quotes 60 levels deep"),
    ("output amplification", _edit_event(TAGS, "tags: [" + ", ".join(["airlift"] * 2000) + "]"), "has 2,000 items"),
    (
        "identifier too long",
        _add("sources/" + "s" * 150 + ".yaml", "name: S\nkind: other\nsummary: S.\n"),
        "at most 100",
    ),
    ("control characters in a file name", _add("events/2024/a\nb.yaml", "title: x\n"), "is not a valid id"),
    ("a folder that is not a year", _add("events/drafts/a.yaml", "title: x\n"), "folders under events/ are years"),
    ("a hidden file", _add("events/2024/.sneaky.yaml", "title: x\n"), "hidden file or folder"),
    ("a malformed link", _edit_event("https://example.org/maxar/hmeimim-2024-12-13\n", "http://[::1/x\n"), "IPv6"),
    ("an invisible separator", _edit_event(TITLE, "title: Satellite\u200bimages"), "ZERO WIDTH SPACE"),
    ("a line separator", _edit_event(SUMMARY, "  Satellite images\u2029show an An-124."), "U+2029"),
    ("a year before 1000", _edit_event("date: 2024-12-13", "date: 0999-12-13"), "is filed in the folder 2024/"),
    (
        "a formula behind an invisible prefix",
        _edit_event(TITLE, 'title: \u3000＝HYPERLINK("https://evil.example")'),
        None,
    ),
]


@pytest.mark.parametrize(("attack", "change", "expected"), CASES, ids=[case[0] for case in CASES])
def test_a_hostile_pull_request_gets_clear_problems_or_a_bounded_build(
    tmp_path: Path, attack: str, change: Callable[[Path], None], expected: str | None
) -> None:
    sandbox = tmp_path / "sandbox"
    data, out, hooks = sandbox / "data", sandbox / "out", tmp_path / "no-network"
    shutil.copytree(FIXTURE, data)
    change(data)
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(NO_NETWORK, encoding="utf-8")
    before = {path for path in tmp_path.rglob("*")}

    result = run_timeline(
        "render", str(out), "--data", str(data), cwd=sandbox,
        env={"SOURCE_DATE_EPOCH": "1767225600", "PYTHONPATH": str(hooks)},
    )  # fmt: skip

    output = result.stdout + result.stderr
    assert "Traceback" not in output and "internal error" not in output, output
    assert not (hooks / "CONNECTED").exists(), "the build tried to connect to the network"
    written = {path for path in tmp_path.rglob("*")} - before
    outside = {path for path in written if out not in path.parents and path != out and "__pycache__" not in str(path)}
    assert outside == set(), sorted(outside)
    if expected is not None:
        assert result.returncode == 1, output
        assert expected in result.stdout, output
        assert all(line.count(":") >= 3 for line in result.stdout.splitlines()), "every problem is path:line:col"
        assert not out.exists() or not any(out.iterdir())
        return
    assert result.returncode == 0, output
    size = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
    assert size <= OUTPUT_BOUND, size


def test_a_year_before_1000_makes_a_valid_calendar(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    old = data / "events" / "0999" / "an-124-at-hmeimim.yaml"
    old.parent.mkdir()
    (data / EVENT_FILE).rename(old)
    text = old.read_text(encoding="utf-8").replace("date: 2024-12-13", "date: 0999-12-13")
    text = text.replace("published: 2024-12-13", "published: 0999-12-13")
    old.write_text(text, encoding="utf-8")
    result = run_timeline("render", str(tmp_path / "out"), "--data", str(data), env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.returncode == 0, result.stdout + result.stderr
    calendar_text = (tmp_path / "out" / "api" / "events" / "0999-12.ics").read_text(encoding="utf-8")
    entries = icalendar.Calendar.from_ical(calendar_text).walk("VEVENT")
    assert "DTSTART;VALUE=DATE:09991213" in calendar_text and "DTEND;VALUE=DATE:09991214" in calendar_text
    assert len(entries) == 1  # the other event, of 2024, is in its own month's file


def test_a_formula_behind_an_invisible_prefix_is_neutralised_in_the_csv(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    _edit_event(TITLE, 'title: \u3000＝HYPERLINK("https://evil.example")')(data)
    result = run_timeline("render", str(tmp_path / "out"), "--data", str(data), env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {
        row["id"]: row
        for part in sorted((tmp_path / "out" / "api" / "events").glob("*.csv"))
        for row in csv.DictReader(io.StringIO(part.read_text(encoding="utf-8-sig"), newline=""))
    }
    assert rows["an-124-at-hmeimim"]["title"].startswith("'")
