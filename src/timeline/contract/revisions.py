"""An event's history from git: when it was added, and each commit that changed its status, its date,
its corrections or anything else, with the commit's name.

Old versions of a file are read from git (``repository.read_blobs``), not loaded as data: they were
checked when they were committed, under the rules of the time, and a build must not fail over them.
Only the top-level ``status:`` and ``date:`` lines and the number of ``corrections:`` entries are read,
as ``timeline fmt`` lays them out (CI refuses any other layout); that is a few string operations per
version, where a YAML parser would cost a millisecond each, and there is a version per event and commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from timeline.contract import repository
from timeline.contract.repository import FileCommit


@dataclass(frozen=True, slots=True)
class Fields:
    """What the history tells of one version of an event file."""

    status: str | None
    date: str | None
    corrections: int


@dataclass(frozen=True, slots=True)
class Revision:
    """One commit that touched an event's file."""

    commit: str
    when: int
    """Seconds since the epoch, clamped as ``repository.file_history`` says."""
    added: bool
    """The commit that added the file: the event's first version."""
    status: tuple[str | None, str | None] | None = None
    """(before, after) when the status changed; for the first version, (None, its status)."""
    date: tuple[str | None, str | None] | None = None
    """(before, after) when the date changed, as EDTF text; for the first version, (None, its date)."""
    corrections_added: int = 0
    """How many ``corrections:`` entries the commit added."""
    reformat_only: bool = False

    @property
    def tells_readers(self) -> bool:
        """Whether a reader would want to hear of it: anything but a commit that only reformatted."""
        return not self.reformat_only or self.added


def fields_of(text: str) -> Fields:
    """The status, date and number of corrections of one version of an event file."""
    status = date = None
    corrections = 0
    in_corrections = False
    for line in text.splitlines():
        if line[:1] not in (" ", "\t", "-", "#", ""):
            key, _, value = line.partition(":")
            in_corrections = key == "corrections"
            if key == "status":
                status = _scalar(value)
            elif key == "date":
                date = _scalar(value)
        elif in_corrections and line.startswith(("  - ", "- ")):
            corrections += 1
    return Fields(status, date, corrections)


def _scalar(value: str) -> str | None:
    text = value.split(" #", 1)[0].strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    return text or None


def revisions(commits: tuple[FileCommit, ...], contents: Mapping[str, str]) -> tuple[Revision, ...]:
    """A file's commits, oldest first, as revisions of its event; ``contents`` maps each blob to its text."""
    found: list[Revision] = []
    before: Fields | None = None
    for commit in commits:
        text = contents.get(commit.blob)
        now = fields_of(text) if text is not None else before or Fields(None, None, 0)
        if before is None:
            found.append(
                Revision(
                    commit.commit,
                    commit.when,
                    added=True,
                    status=(None, now.status),
                    date=(None, now.date),
                    corrections_added=now.corrections,
                    reformat_only=commit.reformat_only,
                )
            )
        else:
            found.append(
                Revision(
                    commit.commit,
                    commit.when,
                    added=False,
                    status=(before.status, now.status) if now.status != before.status else None,
                    date=(before.date, now.date) if now.date != before.date else None,
                    corrections_added=max(0, now.corrections - before.corrections),
                    reformat_only=commit.reformat_only,
                )
            )
        before = now
    return tuple(found)


def read(root: Path, commits_by_event: Mapping[str, tuple[FileCommit, ...]]) -> dict[str, tuple[Revision, ...]]:
    """Event id → its revisions, oldest first; every version is read from git in one call."""
    blobs = sorted({commit.blob for commits in commits_by_event.values() for commit in commits})
    contents = repository.read_blobs(root, blobs)
    return {event_id: revisions(commits, contents) for event_id, commits in commits_by_event.items()}
