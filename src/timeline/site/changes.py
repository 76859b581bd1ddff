"""What changed on the timeline, and when: additions, status and date changes, corrections and other edits.

One list, read from each event's revisions (git, ``contract.revisions``) and its ``corrections:``, feeds
the event page's history, the Recent changes page, the home page's last 30 days and ``api/changes.json``.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from timeline.contract import dates
from timeline.contract.dates import epoch_day
from timeline.contract.model import Correction, Event
from timeline.site.options import RenderOptions
from timeline.site.views import Views

KINDS = ("added", "status", "date", "corrected", "edited")
KIND_WORDS = {
    "added": "Added",
    "status": "Status changed",
    "date": "Date changed",
    "corrected": "Corrected",
    "edited": "Edited",
}


@dataclass(frozen=True, slots=True)
class Change:
    """One thing readers were told about an event."""

    kind: str
    """One of ``KINDS``: added; status or date changed (``before`` → ``after``); corrected (``note``); or
    edited otherwise (a wording, a source)."""
    event: Event
    day: dt.date
    """The commit's day; for a correction, the day its entry gives."""
    time: int | None
    """The commit's time in seconds since the epoch; None for a correction with no known commit."""
    commit: str | None
    before: str | None = None
    after: str | None = None
    note: str | None = None

    @property
    def order(self) -> tuple[dt.date, int, int, str, str]:
        """Newest last; ties broken the same way on every build."""
        return (self.day, self.time or 0, -KINDS.index(self.kind), self.event.id, self.note or "")


def event_changes(event: Event, options: RenderOptions) -> list[Change]:
    """The event's changes, oldest first: its revisions from git, and the corrections its file notes.

    A commit that adds ``corrections:`` entries is told as those corrections, with their notes; one that
    changes the status and the date is told as both. Corrections with no commit to pin them to (a copy
    built without history) come last, by their own dates.
    """
    corrections = event.record.corrections
    found: list[Change] = []
    pinned = 0
    for revision in options.event_history.get(event.id, ()) if options.history_known else ():
        day = epoch_day(revision.when)

        def change(kind: str, before: str | None = None, after: str | None = None, note: str | None = None) -> Change:
            return Change(kind, event, day, revision.when, revision.commit, before, after, note)  # noqa: B023

        told = len(found)
        if revision.added:
            found.append(change("added", after=revision.status[1] if revision.status else None))
        else:
            if revision.status:
                found.append(change("status", *revision.status))
            if revision.date:
                found.append(change("date", *revision.date))
        added = corrections[pinned : pinned + revision.corrections_added]
        found.extend(_corrected(event, correction, revision.when, revision.commit) for correction in added)
        pinned += revision.corrections_added
        if len(found) == told and revision.tells_readers:
            found.append(change("edited"))
    found.extend(_corrected(event, correction, None, None) for correction in corrections[pinned:])
    return found


def _corrected(event: Event, correction: Correction, when: int | None, commit: str | None) -> Change:
    """A correction, on the day its entry gives, with the commit that added it when known."""
    return Change("corrected", event, dates.parse(correction.date).earliest, when, commit, note=correction.note)


def all_changes(views: Views, options: RenderOptions) -> Iterator[Change]:
    for event in views.dataset.events:
        yield from event_changes(event, options)


def newest(changes: Iterable[Change], count: int | None = None) -> list[Change]:
    """Newest first; the ``count`` newest when given, in one pass (no sort of every change)."""
    if count is None:
        return sorted(changes, key=lambda change: change.order, reverse=True)
    return heapq.nlargest(count, changes, key=lambda change: change.order)


@dataclass(frozen=True, slots=True)
class RecentChanges:
    count: int
    shown: tuple[Change, ...]
    """The newest of them, as many as the home page lists."""

    @property
    def shown_count(self) -> int:
        return len(self.shown)

    @property
    def more(self) -> bool:
        """Whether there are more than are shown."""
        return self.count > len(self.shown)


def changed_since(changes: Iterable[Change], today: dt.date, days: int = 30, shown: int = 10) -> RecentChanges:
    """Of ``changes`` (newest first), the events added and the status changes in the ``days`` up to ``today``."""
    since = today - dt.timedelta(days=days)
    recent = [change for change in changes if change.kind in ("added", "status") and change.day > since]
    return RecentChanges(len(recent), tuple(recent[:shown]))
