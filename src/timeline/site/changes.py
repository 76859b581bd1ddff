"""The Recent changes page's view model: events added, changed (from git) or corrected, newest first."""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterator
from dataclasses import dataclass

from timeline.contract import dates
from timeline.contract.dates import epoch_day
from timeline.contract.model import Event
from timeline.site.options import RenderOptions
from timeline.site.views import Views


@dataclass(frozen=True, slots=True)
class Change:
    """One line of the Recent changes page: an event added, changed (from git) or corrected (its note).

    One line per event and day: a correction made the day the file changed is that change, told better."""

    day: dt.date
    kind: str
    """"added", "changed" or "corrected"."""
    event: Event
    note: str | None = None
    """For a correction, its note; the notes of several corrections on one day, in the order made."""
    order: int = 0
    """Within a day: the commit time, so that the latest change comes first."""


# Which kind a day's line takes when an event has several: a correction's note tells readers what was
# wrong, which a bare "added" or "changed" does not.
_KIND_RANK = {"changed": 0, "added": 1, "corrected": 2}


def recent_changes(views: Views, options: RenderOptions) -> tuple[Change, ...]:
    """The latest changes, newest first: one pass over the events, keeping the ``recent_changes`` latest.

    An event has at most one line a day. Its git time and its ``corrections:`` entries are separate
    records of what is often one edit (a correction is committed the day it is made), so a day's records
    merge: the most telling kind, every correction note of that day, and the commit time for the order."""

    def merged(first: Change, second: Change) -> Change:
        kind = max(first.kind, second.kind, key=_KIND_RANK.__getitem__)
        notes = [change.note for change in (first, second) if change.note]
        return Change(first.day, kind, first.event, " ".join(notes) or None, max(first.order, second.order))

    def candidates() -> Iterator[Change]:
        for event in views.dataset.events:
            days: dict[dt.date, Change] = {}
            times = options.event_times.get(event.id) if options.history_known else None
            if times is not None:
                kind = "added" if times.added == times.changed else "changed"
                days[epoch_day(times.changed)] = Change(epoch_day(times.changed), kind, event, None, times.changed)
            for correction in event.record.corrections:  # oldest first, so the notes keep their order
                change = Change(dates.parse(correction.date).earliest, "corrected", event, correction.note)
                known = days.get(change.day)
                days[change.day] = merged(known, change) if known else change
            yield from days.values()

    # The id last: ties must break the same way on every build.
    return tuple(
        heapq.nlargest(options.recent_changes, candidates(), key=lambda c: (c.day, c.order, c.kind, c.event.id))
    )
