"""Per-event history and corrections, from a temporary git repository built in the test.

Each event shows when its file reached the branch and when it last changed, taken from one pass over
the log; its page lists every change with its commit; the Recent changes page, its feed and
api/changes.json list the latest additions, status and date changes, corrections and edits; a copy of the
site built without git history (a download, a shallow clone) still builds, and says that the dates are
unknown.
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
import jsonschema
import pytest

from helpers.commands import DATA, REPO, run_timeline
from helpers.site_html import by_id, parse, text
from timeline.contract import repository
from timeline.contract.repository import FileTimes

EPOCH = 1767225600  # 2026-01-01T00:00:00Z
DAY = 86400
LATER = EPOCH + 365 * DAY  # the build time passed to file_history: after every commit of these tests
CHANGED = "2024-12-13-hmeimim-an124-loading"
ADDED_LATE = "2024-12-08-assad-government-falls"
CORRECTION = "\ncorrections:\n  - date: 2026-01-03\n    note: The count is two aircraft, as the image shows.\n"
STATUS_CHANGED = "2024-12-13-hmeimim-ka52-dismantled"
DATE_CHANGED = "2024-12-12-hmeimim-personnel-suitcases"
REPO_URL = "https://github.com/example/timeline"
BUILT = EPOCH + 5 * DAY


def _git(repo: Path, *args: str, when: int) -> None:
    stamp = f"@{when} +0000"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "-C", str(repo), *identity, *args], check=True, capture_output=True, env=env)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Day 0: every event but one. Day 1: the last event. Day 2: one event corrected, with a note. Day 3: an
    event's status changes. Day 4: an event's date loses its question mark."""
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
    for day, event_id, before, after in (
        (3, STATUS_CHANGED, "status: reported", "status: disputed"),
        (4, DATE_CHANGED, "date: 2024-12-12?", "date: 2024-12-12"),
    ):
        path = events / f"{event_id}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(before, after), encoding="utf-8")
        _git(repo, "commit", "-q", "-am", f"{event_id}: {after}", when=EPOCH + day * DAY)
    return repo


def _render(data: Path, out: Path) -> Path:
    env = {"SOURCE_DATE_EPOCH": str(BUILT), "TIMELINE_REPO_URL": REPO_URL}
    rendered = run_timeline("render", str(out), "--data", str(data), env=env)
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
    events = {
        event["id"]: event for event in json.loads((rendered / "api" / "events" / "2024-12.json").read_text())["events"]
    }
    assert events[CHANGED]["corrections"] == [
        {"date": "2026-01-03", "note": "The count is two aircraft, as the image shows."}
    ]
    assert events[CHANGED]["updated"] == "2026-01-03T00:00:00Z"
    feed = feedparser.parse((rendered / "feed.xml").read_bytes())
    entry = next(entry for entry in feed.entries if CHANGED in entry.id or entry.link.endswith(f"{CHANGED}/"))
    assert "Corrected:" in entry.summary and "two aircraft" in entry.summary
    assert entry.updated == "2026-01-03T00:00:00Z"


def _commits(repo: Path) -> list[str]:
    """The repository's commits, oldest first."""
    log = subprocess.run(
        ["git", "-C", str(repo), "log", "--reverse", "--format=%H"], check=True, capture_output=True, text=True
    )
    return log.stdout.split()


def test_recent_changes_lists_the_newest_first(repo: Path, rendered: Path) -> None:
    root = _page(rendered, "changes")
    items = [
        text(li)
        for li in root.iter("li")
        if li.find("span") is not None and "tl-change" in li.find("span").get("class", "")
    ]
    first, late, corrected, status, date = _commits(repo)
    # Day 4: the date; day 3: the status; day 2: the correction, with its note; day 1: the late addition.
    assert items[0].startswith("Date changed") and "2024-12-12? to 2024-12-12" in items[0] and date[:10] in items[0]
    assert items[1].startswith("Status changed") and "from reported to disputed" in items[1] and "Ka-52" in items[1]
    assert items[2].startswith("Corrected") and "An-124" in items[2] and "two aircraft" in items[2]
    assert corrected[:10] in items[2]
    assert items[3].startswith("Added") and "Assad" in items[3] and late[:10] in items[3]
    assert all(item.startswith("Added") for item in items[4:]) and first[:10] in items[4]
    days = [text(h2) for h2 in root.iter("h2")]
    assert days[:5] == ["5 January 2026", "4 January 2026", "3 January 2026", "2 January 2026", "1 January 2026"]
    assert "built without the repository's history" not in text(root)
    links = {a.get("href") for a in root.iter("a")}
    assert f"{REPO_URL}/commit/{status}" in links


def test_an_event_page_gives_its_history_with_commit_links(repo: Path, rendered: Path) -> None:
    first, _, _, status, _ = _commits(repo)
    page = _page(rendered, f"events/{STATUS_CHANGED}")
    history = next(ol for ol in page.iter("ol") if "tl-history" in (ol.get("class") or ""))
    lines = [text(li) for li in history.iter("li")]
    assert lines == [
        f"4 Jan 2026: Status changed from reported to disputed (commit {status[:10]})",
        f"1 Jan 2026: Added, as reported (commit {first[:10]})",
    ]
    assert [a.get("href") for a in history.iter("a")] == [f"{REPO_URL}/commit/{status}", f"{REPO_URL}/commit/{first}"]
    dated = _page(rendered, f"events/{DATE_CHANGED}")
    assert "Date changed from 2024-12-12? to 2024-12-12" in text(dated)


def test_the_changes_api_lists_every_change_newest_first_and_matches_its_schema(repo: Path, rendered: Path) -> None:
    first, late, corrected, status, date = _commits(repo)
    document = json.loads((rendered / "api" / "changes.json").read_text(encoding="utf-8"))
    schema = json.loads((rendered / "schema" / "api-changes.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert document["history_known"] is True
    changes = document["changes"]
    head = [(c["kind"], c["event"], c["commit"], c["before"], c["after"]) for c in changes[:4]]
    assert head == [
        ("date", DATE_CHANGED, date, "2024-12-12?", "2024-12-12"),
        ("status", STATUS_CHANGED, status, "reported", "disputed"),
        ("corrected", CHANGED, corrected, None, None),
        ("added", ADDED_LATE, late, None, "confirmed"),
    ]
    assert changes[0]["time"] == "2026-01-05T00:00:00Z" and changes[0]["commit_url"] == f"{REPO_URL}/commit/{date}"
    assert changes[2]["note"] == "The count is two aircraft, as the image shows."
    # Every event was added once, by the first commit or (one) by the late one; nothing else but the above.
    added = [c for c in changes if c["kind"] == "added"]
    assert len(added) == len(list((repo / "data" / "events" / "2024").iterdir()))
    assert {c["commit"] for c in added} == {first, late}
    assert len(changes) == len(added) + 3
    times = [(c["day"], c["time"] or "") for c in changes]
    assert times == sorted(times, reverse=True)


def test_a_changes_entry_keeps_its_id_when_later_changes_arrive(repo: Path, rendered: Path, tmp_path: Path) -> None:
    """A feed reader knows an entry by its id: a newer change on top must not give the older ones new ids."""
    later = tmp_path / "repo"
    shutil.copytree(repo, later)
    path = later / "data" / "events" / "2024" / f"{DATE_CHANGED}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: claimed", "status: disputed"), encoding="utf-8")
    _git(later, "commit", "-q", "-am", "one more", when=EPOCH + 4 * DAY + 3600)

    def entries(site: Path) -> dict[str, str]:
        return {
            entry.id: entry.title for entry in feedparser.parse((site / "changes" / "feed.xml").read_bytes()).entries
        }

    before, after = entries(rendered), entries(_render(later / "data", tmp_path / "site"))
    assert len(after) == len(before) + 1
    assert {entry_id: after[entry_id] for entry_id in before} == before


def test_the_changes_feed_is_atom_with_the_latest_changes(rendered: Path) -> None:
    feed = feedparser.parse((rendered / "changes" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.entries[0].title.startswith("Date changed: ")
    assert feed.entries[1].title.startswith("Status changed: ")
    assert "from reported to disputed" in feed.entries[1].summary
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)
    assert any(link.rel == "self" for link in feed.feed.links)


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
    assert repository.file_history(small_repo, "data", LATER).times[event] == FileTimes(EPOCH, EPOCH + DAY)
    (small_repo / repository.IGNORE_REVS_FILE).write_text(
        f"# Reformatting only.\n\n{formatting}\n   \n# {'0' * 40} is commented out\n", encoding="utf-8"
    )
    assert repository.file_history(small_repo, "data", LATER).times[event] == FileTimes(EPOCH, EPOCH)
    # A real change after it counts as usual.
    _commit(small_repo, event, "title: B\n", EPOCH + 2 * DAY)
    assert repository.file_history(small_repo, "data", LATER).times[event] == FileTimes(EPOCH, EPOCH + 2 * DAY)


def test_a_listed_commit_after_a_real_change_leaves_that_change(small_repo: Path) -> None:
    event = "data/events/a.yaml"
    _commit(small_repo, event, "title: A\n", EPOCH)
    _commit(small_repo, event, 'title: "B"\n', EPOCH + DAY)
    formatting = _commit(small_repo, event, "title: B\n", EPOCH + 2 * DAY)
    # Upper case and a comment after the name, as git itself reads the file.
    (small_repo / repository.IGNORE_REVS_FILE).write_text(f"{formatting.upper()}  # fmt\n", encoding="utf-8")
    assert repository.file_history(small_repo, "data", LATER).times[event] == FileTimes(EPOCH, EPOCH + DAY)


def test_a_listed_commit_that_added_the_file_still_gives_its_added_time(small_repo: Path) -> None:
    listed = "data/events/listed.yaml"
    other = "data/events/other.yaml"
    adding = _commit(small_repo, listed, "title: A\n", EPOCH)
    _commit(small_repo, other, "title: O\n", EPOCH + DAY)
    (small_repo / repository.IGNORE_REVS_FILE).write_text(f"{adding}\n", encoding="utf-8")
    times = repository.file_history(small_repo, "data", LATER).times
    assert times[listed] == FileTimes(EPOCH, EPOCH)
    assert times[other] == FileTimes(EPOCH + DAY, EPOCH + DAY)
    # Changed later by a real change: counted from then.
    _commit(small_repo, listed, "title: B\n", EPOCH + 2 * DAY)
    assert repository.file_history(small_repo, "data", LATER).times[listed] == FileTimes(EPOCH, EPOCH + 2 * DAY)


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
