"""Per-event history and corrections, from a temporary git repository built in the test.

Each event shows when its file reached the branch and when it last changed, taken from one pass over
the log; the Recent changes page lists the latest additions, changes and corrections; a copy of the site
built without git history (a download, a shallow clone) still builds, and says that the dates are unknown.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from conftest import DATA, run_timeline
from site_html import by_id, parse, text

EPOCH = 1767225600  # 2026-01-01T00:00:00Z
DAY = 86400
CHANGED = "2024-12-13-hmeimim-an124-loading"
ADDED_LATE = "2024-12-08-assad-government-falls"
CORRECTION = "\ncorrections:\n  - date: 2026-01-03\n    note: The count is two aircraft, as the image shows.\n"


def _git(repo: Path, *args: str, when: int) -> None:
    stamp = f"@{when} +0000"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "-C", str(repo), *identity, *args], check=True, capture_output=True, env=env)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Day 0: every event but one. Day 1: the last event. Day 2: one event corrected, with a note."""
    repo = tmp_path_factory.mktemp("history") / "repo"
    shutil.copytree(DATA, repo / "data")
    events = repo / "data" / "events" / "2024"
    late = events / f"{ADDED_LATE}.yaml"
    held_back = late.read_bytes()
    late.unlink()
    _git(repo, "init", "-q", "-b", "main", when=EPOCH)
    _git(repo, "add", "-A", when=EPOCH)
    _git(repo, "commit", "-q", "-m", "first", when=EPOCH)
    late.write_bytes(held_back)
    _git(repo, "add", "-A", when=EPOCH + DAY)
    _git(repo, "commit", "-q", "-m", "late", when=EPOCH + DAY)
    corrected = events / f"{CHANGED}.yaml"
    corrected.write_text(corrected.read_text(encoding="utf-8") + CORRECTION, encoding="utf-8")
    _git(repo, "add", "-A", when=EPOCH + 2 * DAY)
    _git(repo, "commit", "-q", "-m", "correct", when=EPOCH + 2 * DAY)
    return repo


def _render(data: Path, out: Path) -> Path:
    rendered = run_timeline("render", str(out), "--data", str(data), env={"SOURCE_DATE_EPOCH": str(EPOCH + 3 * DAY)})
    assert rendered.returncode == 0, rendered.stderr
    return out


def _page(out: Path, url: str) -> ET.Element:
    # `render` writes Markdown files whose body is finished HTML; html5lib reads the HTML in them.
    return parse(out / url / "index.md")


def _footer(root: ET.Element, event_id: str) -> str:
    article = by_id(root, event_id)
    footer = next(p for p in article.iter("p") if "tl-event__footer" in (p.get("class") or ""))
    return text(footer)


@pytest.fixture(scope="module")
def rendered(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _render(repo / "data", tmp_path_factory.mktemp("out") / "site")


def test_each_event_shows_when_it_was_added_and_last_changed(rendered: Path) -> None:
    month = _page(rendered, "timeline/2024/12")
    assert "added 1 Jan 2026, changed 3 Jan 2026" in _footer(month, CHANGED)
    assert "added 2 Jan 2026" in _footer(month, ADDED_LATE) and "changed" not in _footer(month, ADDED_LATE)
    assert "added 1 Jan 2026" in _footer(month, "2024-12-13-hmeimim-ka52-dismantled")


def test_a_correction_shows_on_its_event_and_in_the_data_and_feed(rendered: Path) -> None:
    article = by_id(_page(rendered, "timeline/2024/12"), CHANGED)
    note = next(div for div in article.iter("div") if "tl-corrections" in (div.get("class") or ""))
    assert text(note) == "Corrected 3 Jan 2026: The count is two aircraft, as the image shows."
    events = {event["id"]: event for event in json.loads((rendered / "api" / "events.json").read_text())["events"]}
    assert events[CHANGED]["corrections"] == [
        {"date": "2026-01-03", "note": "The count is two aircraft, as the image shows."}
    ]
    assert events[CHANGED]["updated"] == "2026-01-03T00:00:00Z"
    feed = feedparser.parse((rendered / "feed.xml").read_bytes())
    entry = next(entry for entry in feed.entries if CHANGED in entry.id or entry.link.endswith(f"{CHANGED}/"))
    assert "Corrected:" in entry.summary and "two aircraft" in entry.summary
    assert entry.updated == "2026-01-03T00:00:00Z"


def test_recent_changes_lists_the_newest_first(rendered: Path) -> None:
    root = _page(rendered, "changes")
    items = [
        text(li)
        for li in root.iter("li")
        if li.find("span") is not None and "tl-change" in li.find("span").get("class", "")
    ]
    # Day 2 (3 Jan): the change and its correction; day 1: the late addition; then day 0's additions.
    assert items[0].startswith("Changed") and "Two An-124" in items[0]
    assert items[1].startswith("Corrected") and "two aircraft" in items[1]
    assert items[2].startswith("Added") and "Assad" in items[2]
    assert all(item.startswith("Added") for item in items[3:])
    days = [text(h2) for h2 in root.iter("h2")]
    assert days[:3] == ["3 January 2026", "2 January 2026", "1 January 2026"]
    assert "built without the repository's history" not in text(root)


def test_without_git_history_the_build_works_and_says_so(repo: Path, tmp_path: Path) -> None:
    # A download of the repository: the files without .git.
    download = tmp_path / "download"
    shutil.copytree(repo, download, ignore=shutil.ignore_patterns(".git"))
    out = _render(download / "data", tmp_path / "site")
    month = _page(out, "timeline/2024/12")
    assert "added" not in _footer(month, CHANGED)
    changes = _page(out, "changes")
    assert "built without the repository's history" in text(changes)
    # The corrections are in the data, so they are still listed.
    assert any("two aircraft" in text(li) for li in changes.iter("li"))


def test_a_shallow_clone_is_treated_as_having_no_history(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True, capture_output=True
    )
    out = _render(clone / "data", tmp_path / "site")
    assert "added" not in _footer(_page(out, "timeline/2024/12"), ADDED_LATE)
    assert "built without the repository's history" in text(_page(out, "changes"))


@pytest.mark.parametrize(
    ("correction", "message"),
    [
        ("  - date: 2024-12~\n    note: x\n", "a correction's date is the day it was made"),
        ("  - date: 2999-01-01\n    note: x\n", "correction dated 2999-01-01 is after the build date"),
        ("  - date: 2024-12-16\n", "missing required field 'corrections[0].note'"),
    ],
)
def test_a_bad_correction_gets_one_clear_line(tmp_path: Path, correction: str, message: str) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "events" / "2024" / f"{CHANGED}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "corrections:\n" + correction, encoding="utf-8")
    checked = run_timeline("check", str(data))
    assert checked.returncode == 1
    lines = [line for line in checked.stdout.splitlines() if line.startswith(str(path))]
    assert len(lines) == 1 and message in lines[0], checked.stdout
