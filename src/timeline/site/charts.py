"""A site's events by status and date: the geometry of the small chart on each site page.

Positions are percentages of the site's own date range, so the chart is drawn with HTML and CSS and
stays sharp at any width, a phone's included. Events are gathered into bins (a day, a week, a month or
a year, by how long the range is: about 40 bins at most), so the number of marks stays bounded
whatever the number of events. An event whose date is a span longer than a bin (``around December
2024`` on a chart of days) is drawn as a bar over that span rather than as a point: the chart shows the
uncertainty the data records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from timeline.contract import dates, statuses
from timeline.contract.model import Event

Bin = Literal["day", "week", "month", "year"]

# The widest range each bin serves, in days: about 40 bins at most, so that neighbouring marks stay apart
# on a phone's width.
_BIN_UP_TO: tuple[tuple[Bin, int], ...] = (("day", 42), ("week", 40 * 7), ("month", 40 * 31))


@dataclass(frozen=True, slots=True)
class Mark:
    """One point or bar: the events of one status in one bin, or sharing one wide span."""

    left: float
    """Percent of the chart's width."""
    width: float
    """Percent of the chart's width; 0 for a point."""
    events: tuple[Event, ...]
    label: str
    """When, in words: "13 Dec 2024", "week of 9 Dec 2024", "around December 2024"."""
    first_day: dt.date
    last_day: dt.date
    """The days the mark covers, within the chart's range: a link to the events shows these days."""

    @property
    def many(self) -> bool:
        """Several events: the mark links to them filtered, and shows their number."""
        return len(self.events) > 1

    @property
    def size(self) -> int:
        return len(self.events)

    def title(self, status_label: str, headlines: Mapping[str, str]) -> str:
        """What the mark stands for, in words: its date and event headline, or its date and how many."""
        if self.many:
            return f"{self.label}: {len(self.events)} {status_label.lower()} events"
        return f"{self.label}: {headlines[self.events[0].id]}"


@dataclass(frozen=True, slots=True)
class StatusRow:
    status: str
    count: int
    marks: tuple[Mark, ...]


@dataclass(frozen=True, slots=True)
class Tick:
    left: float
    label: str


MARK_SPACING_PX = 26
"""The least room a bin gets on screen: its mark is a 24 px target (WCAG 2.5.8), with a little space between."""


@dataclass(frozen=True, slots=True)
class StatusChart:
    rows: tuple[StatusRow, ...]
    ticks: tuple[Tick, ...]
    first_day: dt.date
    last_day: dt.date
    bin: Bin

    @property
    def min_width_px(self) -> int:
        """How wide the chart's lane must be for neighbouring bins' marks not to overlap: on a phone, the
        chart scrolls sideways rather than shrink its marks together."""
        return MARK_SPACING_PX * len(bin_starts(self.first_day, self.last_day, self.bin))


def status_chart(events: Sequence[Event]) -> StatusChart | None:
    """The chart for these events (one site's), or None when there are none."""
    if not events:
        return None
    first = min(event.date.earliest for event in events)
    last = max(event.date.latest for event in events)
    days = (last - first).days + 1
    unit: Bin = next((unit for unit, up_to in _BIN_UP_TO if days <= up_to), "year")

    def percent(day: dt.date) -> float:
        return round(100 * (day - first).days / days, 2)

    grouped: dict[str, dict[tuple[dt.date, dt.date, bool], list[Event]]] = {}
    for event in events:
        earliest, latest = event.date.earliest, event.date.latest
        middle = earliest + (latest - earliest) / 2
        start, end = bin_of(middle, unit)
        # Longer than its bin: a bar over its own span. Otherwise a point in the bin of its middle day, so
        # that a two-day event across a bin's edge is a point, not a sliver of a bar.
        is_span = (latest - earliest).days > (end - start).days
        key = (earliest, latest, True) if is_span else (start, end, False)
        grouped.setdefault(event.record.status, {}).setdefault(key, []).append(event)

    rows = []
    for status in statuses.IDS:  # top to bottom: best established first
        bins = grouped.get(status)
        if not bins:
            continue
        marks = []
        for (start, end, is_span), members in sorted(bins.items()):
            # The first and last bins may reach beyond the events: the chart shows only their range.
            shown_start, shown_end = max(start, first), min(end, last)
            after_end = shown_end + dt.timedelta(days=1)
            if is_span:
                left, width = percent(shown_start), round(percent(after_end) - percent(shown_start), 2)
                label = dates.describe(members[0].date) if len(members) == 1 else _span_label(start, end)
            else:
                # A point sits in the middle of its bin.
                left, width = round((percent(shown_start) + percent(after_end)) / 2, 2), 0.0
                label = bin_label(start, unit)
            marks.append(Mark(left, width, tuple(members), label, shown_start, shown_end))
        rows.append(StatusRow(status, sum(len(mark.events) for mark in marks), tuple(marks)))
    return StatusChart(tuple(rows), _ticks(first, last, days, percent), first, last, unit)


def bin_starts(first: dt.date, last: dt.date, unit: Bin) -> list[dt.date]:
    """The first day of each bin from the one holding ``first`` to the one holding ``last``."""
    starts = []
    start, _ = bin_of(first, unit)
    while start <= last:
        starts.append(start)
        _, end = bin_of(start, unit)
        start = end + dt.timedelta(days=1)
    return starts


def bin_of(day: dt.date, unit: Bin) -> tuple[dt.date, dt.date]:
    if unit == "day":
        return day, day
    if unit == "week":  # Monday to Sunday
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if unit == "month":
        start = day.replace(day=1)
        return start, _next_month(start) - dt.timedelta(days=1)
    return day.replace(month=1, day=1), day.replace(month=12, day=31)


def bin_label(start: dt.date, unit: Bin) -> str:
    if unit == "day":
        return _day(start)
    if unit == "week":
        return f"week of {_day(start)}"
    if unit == "month":
        return f"{dates.MONTHS[start.month - 1]} {start.year}"
    return str(start.year)


def _span_label(start: dt.date, end: dt.date) -> str:
    return f"{_day(start)} – {_day(end)}"


def _day(day: dt.date) -> str:
    return f"{day.day} {dates.MONTHS[day.month - 1][:3]} {day.year}"


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


_TICKS = 6
_MONTH_STEPS = (1, 2, 3, 6, *(12 * years for years in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)))


def _ticks(first: dt.date, last: dt.date, days: int, percent: Callable[[dt.date], float]) -> tuple[Tick, ...]:
    """About six dates under the chart: days, months or years, whichever fits the range."""
    ticks: list[Tick] = []
    if days <= 62:
        step = next(step for step in (1, 2, 7, 14, 28) if days / step <= _TICKS)
        half_day = 50 / days  # at the middle of its day, where that day's points are
        day = first
        while day <= last:
            ticks.append(Tick(round(percent(day) + half_day, 2), f"{day.day} {dates.MONTHS[day.month - 1][:3]}"))
            day += dt.timedelta(days=step)
        return tuple(ticks)
    step = next((step for step in _MONTH_STEPS if days / 30.44 / step <= _TICKS), _MONTH_STEPS[-1])
    # Month numbers since year 0, from the first month start in the range, stepping to multiples of step.
    index = first.year * 12 + first.month - 1 + (first.day != 1)
    index += -index % step
    while True:
        year, month = divmod(index, 12)
        if year > dt.MAXYEAR or (day := dt.date(year, month + 1, 1)) > last:
            break
        # A month's name alone where the ticks around it make the year plain.
        name = dates.MONTHS[month][:3]
        text = str(year) if month == 0 else name if ticks else f"{name} {year}"
        ticks.append(Tick(percent(day), text))
        index += step
    return tuple(ticks)
