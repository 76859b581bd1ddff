"""Where the data lives in version control: edit links, and the date of the last commit.

The repository's public address is not written into the project: a fork must get edit links to
itself. It comes, in this order, from ``TIMELINE_REPO_URL``, from GitHub Actions' own variables,
or from the ``origin`` remote when that is a GitHub repository. Without any, pages have no edit links.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

_GITHUB_REMOTE = re.compile(
    r"^(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)([\w.-]+/[\w.-]+?)(?:\.git)?/?$"
)


@dataclass(frozen=True, slots=True)
class Repository:
    web_url: str
    """e.g. https://github.com/owner/name, without a trailing slash."""
    branch: str

    def edit_url(self, path: str) -> str:
        return f"{self.web_url}/edit/{self.branch}/{path}"

    def history_url(self, path: str) -> str:
        return f"{self.web_url}/commits/{self.branch}/{path}"

    def commit_url(self, commit: str) -> str:
        return f"{self.web_url}/commit/{commit}"


def detect(root: Path, environ: Mapping[str, str]) -> Repository | None:
    branch = environ.get("TIMELINE_REPO_BRANCH", "").strip() or "main"
    explicit = environ.get("TIMELINE_REPO_URL", "").strip().rstrip("/")
    if explicit:
        return Repository(explicit, branch) if explicit.startswith("https://") else None
    server, name = environ.get("GITHUB_SERVER_URL", ""), environ.get("GITHUB_REPOSITORY", "")
    if server.startswith("https://") and name:
        return Repository(f"{server.rstrip('/')}/{name}", branch)
    remote = _git(root, "remote", "get-url", "origin")
    match = _GITHUB_REMOTE.match(remote or "")
    return Repository(f"https://github.com/{match.group(1)}", branch) if match else None


def root_of(folder: Path) -> Path:
    """The top of the git work tree holding ``folder``, or else its parent (``data/`` sits at the top)."""
    top = _git(folder, "rev-parse", "--show-toplevel")
    return Path(top) if top else folder.resolve().parent


def last_commit_epoch(root: Path) -> int | None:
    """Seconds since the epoch of the last commit, or None outside a git work tree (a tarball)."""
    text = _git(root, "log", "-1", "--format=%ct")
    return int(text) if text and text.isdigit() else None


def path_in_repository(path: str, data_dir: str, data_in_repository: str | None) -> str | None:
    """A data file's path as the loader gives it (it starts with ``data_dir``), made relative to the
    repository root, where ``data_dir`` is ``data_in_repository``; None when the data lies outside."""
    prefix = data_dir.rstrip("/") + "/"
    if data_in_repository is None or not path.startswith(prefix):
        return None
    folder = data_in_repository.strip("/")
    return (f"{folder}/" if folder not in ("", ".") else "") + path[len(prefix) :]


@dataclass(frozen=True, slots=True)
class FileTimes:
    added: int
    """Seconds since the epoch when the file reached the branch (for a merged branch, its merge)."""
    changed: int
    """The same, for its last change."""


def has_history(root: Path) -> bool:
    """Whether ``root`` is a git work tree with its whole history: not a tarball, not a shallow clone."""
    return _git(root, "rev-parse", "--is-shallow-repository") == "false"


IGNORE_REVS_FILE = ".git-blame-ignore-revs"
"""At the repository root: commits that only reformat, which ``git blame`` (and GitHub's blame view) skip."""

_OBJECT_NAME = re.compile(r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")


def ignored_revisions(root: Path) -> frozenset[str]:
    """The full commit names listed in ``root``'s ``.git-blame-ignore-revs``; empty without the file.

    Read as git reads it: ``#`` starts a comment (on its own line or after a name), blank lines are
    skipped. Anything else that is not a full name is skipped too, rather than failing the build: git
    itself accepts only full names there, so such a line is a mistake ``git blame`` would report.
    """
    try:
        text = (root / IGNORE_REVS_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return frozenset()
    names = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(name for name in names if _OBJECT_NAME.match(name))


@dataclass(frozen=True, slots=True)
class FileCommit:
    """One commit of the branch that touched a file."""

    commit: str
    when: int
    """Seconds since the epoch, clamped (see ``file_history``)."""
    blob: str
    """The git object name of the file as the commit left it: its content then."""
    reformat_only: bool
    """Listed in ``.git-blame-ignore-revs``: the commit only reformatted."""


@dataclass(frozen=True, slots=True)
class FileHistory:
    commits: dict[str, tuple[FileCommit, ...]]
    """Path relative to the root → the commits of the branch that touched it since it was last added at
    that path, oldest first."""
    warnings: tuple[str, ...]
    """One per commit whose date was outside the range and was clamped, naming it."""

    @property
    def times(self) -> dict[str, FileTimes]:
        """When each file was added, and last changed by a commit that did more than reformat."""
        times = {}
        for path, commits in self.commits.items():
            changes = [found.when for found in commits if not found.reformat_only]
            times[path] = FileTimes(commits[0].when, changes[-1] if changes else commits[0].when)
        return times


def first_commit_epoch(root: Path) -> int | None:
    """When the repository's first commit says it was made (the earliest root commit's date)."""
    text = _git(root, "log", "--max-parents=0", "--format=%ct", "HEAD")
    stamps = [int(line) for line in (text or "").split() if line.isdigit()]
    return min(stamps) if stamps else None


_NO_BLOB = re.compile(r"^0+$")


def file_history(root: Path, folder: str, not_after: int) -> FileHistory:
    """Path relative to ``root`` → the commits that touched each file under ``folder``, oldest first.

    One git call. ``--first-parent`` with ``--diff-merges=first-parent`` makes a merged pull request
    count from its merge, not from when its commits were written on a branch: an event that waited
    weeks for review is news the day it is published. Files never committed, every file outside a git
    work tree, and every file of a shallow clone (whose history starts at its last commit) are
    missing: the caller decides. Renames count as a new file (``--no-renames``): a moved event's
    history starts again at its new path, and it moves to the top of the feeds again. A file deleted
    and added again starts again too.

    A commit listed in ``.git-blame-ignore-revs`` at ``root`` (one that only reformats, e.g. a run of
    ``timeline fmt`` over the data) is marked ``reformat_only``: readers were told nothing new, so it
    must not mark every event it touched as changed (``FileHistory.times``).

    Commit dates are whatever their authors' clocks, or hands, said. Each is clamped to the range from
    the repository's first commit to ``not_after`` (the build's time), and a date outside it gives a
    warning naming the commit: a date in the year 30000 must not end the build, nor one next week put
    an event at the top of every feed.
    """
    if _git(root, "rev-parse", "--is-shallow-repository") == "true":
        return FileHistory({}, ())
    text = _git(
        root,
        "-c",
        "core.quotePath=false",
        "log",
        "--first-parent",
        "--diff-merges=first-parent",
        "--relative",
        "--format=%x1e%H %ct",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "--",
        folder,
    )
    ignored = ignored_revisions(root)
    first = first_commit_epoch(root)
    not_before = max(0, min(first if first is not None else 0, not_after))
    warnings: dict[str, str] = {}
    newest_first: dict[str, list[FileCommit]] = {}
    ended: set[str] = set()
    """Paths whose history is complete: seen added, or deleted (an older life of the path is another file)."""
    for record in (text or "").split("\x1e"):
        lines = record.strip().splitlines()
        header = lines[0].split() if lines else []
        if len(header) != 2 or not header[1].isdigit():
            continue
        commit, when = header[0], int(header[1])
        if not not_before <= when <= not_after:
            clamped = min(max(when, not_before), not_after)
            warnings[commit] = (
                f"commit {commit[:12]} is dated {_day_of(when)}, outside the repository's history"
                f" ({_day_of(not_before)} to {_day_of(not_after)}); its files are taken as changed on"
                f" {_day_of(clamped)}"
            )
            when = clamped
        for line in lines[1:]:
            # ":100644 100644 <old blob> <new blob> M\t<path>"
            fields, tab, path = line.partition("\t")
            parts = fields.split()
            if not tab or len(parts) != 5 or path in ended:
                continue
            status, blob = parts[4], parts[3]
            if status.startswith("D") or _NO_BLOB.match(blob):
                ended.add(path)
                continue
            newest_first.setdefault(path, []).append(FileCommit(commit, when, blob, commit in ignored))
            if status.startswith("A"):
                ended.add(path)
    commits = {path: tuple(reversed(found)) for path, found in newest_first.items()}
    return FileHistory(commits, tuple(warnings.values()))


def read_blobs(root: Path, names: list[str]) -> dict[str, str]:
    """Git object name → its content as text, read in one ``git cat-file --batch``; unreadable ones missing."""
    if not names:
        return {}
    try:
        completed = subprocess.run(
            ["git", "-C", str(root), "cat-file", "--batch"],
            input="".join(f"{name}\n" for name in names).encode("ascii"),
            capture_output=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    out, found, at = completed.stdout, {}, 0
    for name in names:
        end = out.find(b"\n", at)
        if end < 0:
            break
        header = out[at:end].split()
        at = end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue  # "<name> missing"
        size = int(header[2])
        found[name] = out[at : at + size].decode("utf-8", errors="replace")
        at += size + 1
    return found


def _day_of(seconds: int) -> str:
    """The UTC day of ``seconds``, for a message; any integer, however far from today, has one."""
    days = seconds // 86_400
    if -719_162 <= days <= 2_932_896:  # 0001-01-01 to 9999-12-31
        return (dt.date(1970, 1, 1) + dt.timedelta(days=days)).isoformat()
    return f"{seconds} seconds after 1970 (beyond the calendar)"


def _git(root: Path, *args: str) -> str | None:
    try:
        completed = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return completed.stdout.strip() if completed.returncode == 0 else None
