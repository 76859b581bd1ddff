"""Per-event history and corrections, from a temporary git repository built in the test.

Each event shows when its file reached the branch and when it last changed, taken from one pass over
the log; the Recent changes page lists the latest additions, changes and corrections; a copy of the site
built without git history (a download, a shallow clone) still builds, and says that the dates are unknown.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from helpers.commands import DATA, REPO, run_timeline
from helpers.site_html import by_id, parse, text
from timeline.contract import dataset, repository
from timeline.contract.dates import epoch_day
from timeline.contract.repository import FileTimes
from timeline.site.changes import recent_changes
from timeline.site.options import RenderOptions
from timeline.site.views import build as build_views

EPOCH = 1767225600  # 2026-01-01T00:00:00Z
DAY = 86400
LATER = EPOCH + 365 * DAY  # the build time passed to file_times: after every commit of these tests
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
    # Day 2 (3 Jan): the change, which is its correction, on one line; day 1: the late addition; then day 0's.
    assert items[0].startswith("Corrected") and "An-124" in items[0] and "two aircraft" in items[0]
    assert items[1].startswith("Added") and "Assad" in items[1]
    assert all(item.startswith("Added") for item in items[2:])
    assert sum("An-124" in item for item in items) == 1
    days = [text(h2) for h2 in root.iter("h2")]
    assert days[:3] == ["3 January 2026", "2 January 2026", "1 January 2026"]
    assert "built without the repository's history" not in text(root)


def test_recent_changes_has_one_line_per_event_and_day(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "events" / "2024" / f"{CHANGED}.yaml"
    corrections = (
        "corrections:\n"
        "  - date: 2026-01-02\n    note: First, a day before the commit.\n"
        "  - date: 2026-01-03\n    note: Second.\n"
        "  - date: 2026-01-03\n    note: Third, the same day.\n"
    )
    path.write_text(path.read_text(encoding="utf-8") + corrections, encoding="utf-8")
    loaded = dataset.load(data, today=epoch_day(EPOCH + 3 * DAY))
    assert loaded.dataset is not None, loaded.problems
    # The file was changed on 3 Jan, the day of two of its corrections; the other event was added that day.
    times = {CHANGED: FileTimes(EPOCH, EPOCH + 2 * DAY + 3600), ADDED_LATE: FileTimes(EPOCH + 2 * DAY, EPOCH + 2 * DAY)}
    options = RenderOptions(
        data_dir=data.as_posix(),
        data_in_repository=None,
        last_updated=epoch_day(EPOCH + 3 * DAY),
        build_epoch=EPOCH + 3 * DAY,
        event_times=times,
        history_known=True,
    )
    listed = [
        (change.day.isoformat(), change.kind, change.event.id, change.note, change.order)
        for change in recent_changes(build_views(loaded.dataset), options)
    ]
    assert listed[:3] == [
        ("2026-01-03", "corrected", CHANGED, "Second. Third, the same day.", EPOCH + 2 * DAY + 3600),
        ("2026-01-03", "added", ADDED_LATE, None, EPOCH + 2 * DAY),
        ("2026-01-02", "corrected", CHANGED, "First, a day before the commit.", 0),
    ]
    assert len({(day, event_id) for day, _, event_id, _, _ in listed}) == len(listed)


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


# -- Commits that only reformat: .git-blame-ignore-revs -------------------------------------------------------


def _head(repo: Path) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "HEAD"], check=True, capture_output=True, text=True
    ).stdout.strip()


def _commit(repo: Path, path: str, content: str, when: int) -> str:
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(content, encoding="utf-8")
    _git(repo, "add", "-A", "--", path, when=when)
    _git(repo, "commit", "-q", "-m", f"{path} at {when}", when=when)
    return _head(repo)


@pytest.fixture
def small_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main", when=EPOCH)
    return repo


def test_a_commit_listed_in_ignore_revs_is_not_a_change(small_repo: Path) -> None:
    event = "data/events/a.yaml"
    _commit(small_repo, event, 'title: "A"\n', EPOCH)
    formatting = _commit(small_repo, event, "title: A\n", EPOCH + DAY)
    # Without the file the reformatting counts: the control that shows the listing is what changes it.
    assert repository.file_times(small_repo, "data", LATER).times[event] == FileTimes(EPOCH, EPOCH + DAY)
    (small_repo / repository.IGNORE_REVS_FILE).write_text(
        f"# Reformatting only.\n\n{formatting}\n   \n# {'0' * 40} is commented out\n", encoding="utf-8"
    )
    assert repository.file_times(small_repo, "data", LATER).times[event] == FileTimes(EPOCH, EPOCH)
    # A real change after it counts as usual.
    _commit(small_repo, event, "title: B\n", EPOCH + 2 * DAY)
    assert repository.file_times(small_repo, "data", LATER).times[event] == FileTimes(EPOCH, EPOCH + 2 * DAY)


def test_a_listed_commit_after_a_real_change_leaves_that_change(small_repo: Path) -> None:
    event = "data/events/a.yaml"
    _commit(small_repo, event, "title: A\n", EPOCH)
    _commit(small_repo, event, 'title: "B"\n', EPOCH + DAY)
    formatting = _commit(small_repo, event, "title: B\n", EPOCH + 2 * DAY)
    # Upper case and a comment after the name, as git itself reads the file.
    (small_repo / repository.IGNORE_REVS_FILE).write_text(f"{formatting.upper()}  # fmt\n", encoding="utf-8")
    assert repository.file_times(small_repo, "data", LATER).times[event] == FileTimes(EPOCH, EPOCH + DAY)


def test_a_listed_commit_that_added_the_file_still_gives_its_added_time(small_repo: Path) -> None:
    listed = "data/events/listed.yaml"
    other = "data/events/other.yaml"
    adding = _commit(small_repo, listed, "title: A\n", EPOCH)
    _commit(small_repo, other, "title: O\n", EPOCH + DAY)
    (small_repo / repository.IGNORE_REVS_FILE).write_text(f"{adding}\n", encoding="utf-8")
    times = repository.file_times(small_repo, "data", LATER).times
    assert times[listed] == FileTimes(EPOCH, EPOCH)
    assert times[other] == FileTimes(EPOCH + DAY, EPOCH + DAY)
    # Changed later by a real change: counted from then.
    _commit(small_repo, listed, "title: B\n", EPOCH + 2 * DAY)
    assert repository.file_times(small_repo, "data", LATER).times[listed] == FileTimes(EPOCH, EPOCH + 2 * DAY)


def test_the_projects_file_lists_only_full_commit_names() -> None:
    # The build skips a line that is not a full name rather than fail: a short or mistyped one would be lost.
    lines = (REPO / repository.IGNORE_REVS_FILE).read_text(encoding="utf-8").splitlines()
    names = [name for line in lines if (name := line.split("#", 1)[0].strip())]
    assert all(re.fullmatch(r"[0-9a-f]{40}", name) for name in names), names
    assert repository.ignored_revisions(REPO) == frozenset(names)


@pytest.mark.parametrize(
    ("label", "when"),
    [("next week", EPOCH + 10 * DAY), ("the year 3000", 32503680000), ("before the first commit", EPOCH - 400 * DAY)],
)
def test_a_commit_date_outside_the_history_is_clamped_with_a_warning(tmp_path: Path, label: str, when: int) -> None:
    """A commit's date is its author's word: outside the range from the first commit to the build, it is
    clamped and named in a warning; the build never fails for it, and no feed shows that date."""
    repo = tmp_path / "repo"
    shutil.copytree(DATA, repo / "data")
    _git(repo, "init", "-q", "-b", "main", when=EPOCH)
    _git(repo, "add", "-A", when=EPOCH)
    _git(repo, "commit", "-q", "-m", "first", when=EPOCH)
    commit = _commit(
        repo,
        "data/events/2024/2024-12-08-assad-government-falls.yaml",
        (repo / "data/events/2024/2024-12-08-assad-government-falls.yaml").read_text(encoding="utf-8")
        + "related: [2024-12-kremlin-priority-securing-bases]\n",
        when,
    )
    build = EPOCH + 3 * DAY
    out = tmp_path / "out"
    rendered = run_timeline("render", str(out), "--data", str(repo / "data"), env={"SOURCE_DATE_EPOCH": str(build)})
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr
    (warning,) = [line for line in rendered.stderr.splitlines() if line.startswith("warning:")]
    assert f"commit {commit[:12]} is dated" in warning and "outside the repository's history" in warning
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    stamps = {entry.updated for entry in feed.entries} | {entry.published for entry in feed.entries}
    lowest, highest = "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z"  # the first commit and the build
    assert all(lowest <= stamp <= highest for stamp in stamps), (label, sorted(stamps))
