"""The home page's situation board: where things stand at each site, and the sites' events over time.

Everything here is one pass over the events (and, for the last change, over their changes), so the home
page costs the same per event whatever their number; what it draws is bounded by the number of sites,
statuses and time bins, not of events.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from timeline.contract import statuses
from timeline.contract.model import EquipmentSighting, Event, Site
from timeline.site import charts
from timeline.site.changes import Change
from timeline.site.views import Views

MOST_SITES = 8
"""The board's cards and the swimlane's rows are for at most this many sites, those with the latest events; the
others are a row each in a table. A phone lays out a few cards quickly, not hundreds (make audit: a dozen cost
the home page of 1,000 events its performance score), and every site's page charts its own events."""
UNCONFIRMED = ("reported", "claimed")
"""What a card's "latest report" is: said by a credible source or a party, not yet corroborated."""


@dataclass(frozen=True, slots=True)
class SiteCard:
    site: Site
    count: int
    latest: Event | None
    """The latest event by date, whatever its status: it colours the site's marker on the map."""
    latest_confirmed: Event | None
    latest_unconfirmed: Event | None
    counts: tuple[tuple[str, int], ...]
    """(status, count) for each status the site has events of, best established first."""
    last_change: dt.date | None
    """The day of the newest change to any of the site's events."""
    equipment: tuple[EquipmentSighting, ...]
    equipment_event: Event | None
    """The latest event at the site that records equipment, and what it records."""


@dataclass(frozen=True, slots=True)
class Board:
    cards: tuple[SiteCard, ...]
    """The ``MOST_SITES`` sites with the latest events (or all, if fewer), the latest first."""
    others: tuple[SiteCard, ...]
    """The rest, for a table, the latest first; sites without events last, in the sites' order."""
    sites_with_events: int

    @property
    def every_card(self) -> tuple[SiteCard, ...]:
        return self.cards + self.others

    @property
    def lane_sites(self) -> tuple[Site, ...]:
        """The sites the swimlane draws: the cards' that have events."""
        return tuple(card.site for card in self.cards if card.count)

    @property
    def lane_site_count(self) -> int:
        return len(self.lane_sites)


def board(views: Views, changes: Iterable[Change]) -> Board:
    """The cards, the sites with the latest events first (the sites without events after them, in order)."""
    cards = site_cards(views, changes)
    latest_first = sorted(
        cards,
        key=lambda card: card.latest.date.sort_key() if card.latest else (dt.date.min, dt.date.min, ""),
        reverse=True,
    )
    with_events = sum(1 for card in cards if card.count)
    return Board(tuple(latest_first[:MOST_SITES]), tuple(latest_first[MOST_SITES:]), with_events)


def site_cards(views: Views, changes: Iterable[Change]) -> list[SiteCard]:
    last_change: dict[str, dt.date] = {}
    for change in changes:
        for site_id in change.event.record.sites:
            if change.day > last_change.get(site_id, dt.date.min):
                last_change[site_id] = change.day
    cards = []
    for site in views.dataset.sites.values():
        events = views.by_site.get(site.id, ())  # oldest first
        counts = dict.fromkeys(statuses.IDS, 0)
        for event in events:
            counts[event.record.status] += 1
        confirmed = _latest(events, ("confirmed",))
        unconfirmed = _latest(events, UNCONFIRMED)
        with_equipment = _latest_with_equipment(events)
        cards.append(
            SiteCard(
                site,
                len(events),
                events[-1] if events else None,
                confirmed,
                unconfirmed,
                tuple((status, count) for status, count in counts.items() if count),
                last_change.get(site.id),
                tuple(with_equipment.record.equipment) if with_equipment else (),
                with_equipment,
            )
        )
    return cards


def _latest(events: Sequence[Event], wanted: tuple[str, ...]) -> Event | None:
    return next((event for event in reversed(events) if event.record.status in wanted), None)


def _latest_with_equipment(events: Sequence[Event]) -> Event | None:
    return next((event for event in reversed(events) if event.record.equipment), None)


# The swimlane is drawn at one SVG unit to the CSS pixel, wider than a phone and scrolled there: every
# mark keeps a 28 px square of its own, above WCAG's 24 px for touch targets, at any number of events.
STEP = 28.0
"""Width of a time bin, and height of a status row, in px."""
LABEL_WIDTH = 190.0
MIN_PLOT_WIDTH = 420.0
AXIS_HEIGHT = 30.0
GROUP_GAP = 10.0
_MAX_BINS = 30
_BINS: tuple[tuple[charts.Bin, int], ...] = (("day", _MAX_BINS), ("week", _MAX_BINS * 7), ("month", _MAX_BINS * 30))


@dataclass(frozen=True, slots=True)
class LaneMark:
    x: float
    y: float
    status: str
    events: tuple[Event, ...]
    label: str
    """When: "13 Dec 2024", "week of 9 Dec 2024"."""
    first_day: dt.date
    last_day: dt.date

    @property
    def many(self) -> bool:
        return len(self.events) > 1

    @property
    def size(self) -> int:
        return len(self.events)

    def title(self, site_name: str, headlines: Mapping[str, str]) -> str:
        """What the mark stands for: when, and its event's headline or how many events it holds."""
        if self.many:
            status = statuses.BY_ID[self.status].label.lower()
            return f"{self.label}: {len(self.events)} {status} events at {site_name}"
        return f"{self.label}: {headlines[self.events[0].id]}"


@dataclass(frozen=True, slots=True)
class Lane:
    site: Site
    y: float
    """Top of the site's group of rows."""
    rows: tuple[tuple[str, float], ...]
    """(status, y of the row's middle)."""
    marks: tuple[LaneMark, ...]


@dataclass(frozen=True, slots=True)
class Swimlane:
    width: float
    height: float
    lanes: tuple[Lane, ...]
    ticks: tuple[tuple[float, str], ...]
    """(x, label) under the plot."""
    unit: charts.Bin
    first_day: dt.date
    last_day: dt.date


def swimlane(views: Views, sites: Sequence[Site]) -> Swimlane | None:
    """``sites`` down, time across: a row per status a site has events of, a mark per status and time bin.

    A bin is a day, a week, a month or a year, the finest that keeps the plot within about 30 bins, so that
    a thousand events draw as many marks as thirty; a mark of one event links to it, a mark of several to
    the site's page filtered to them. None without events.
    """
    events = views.dataset.events
    if not events:
        return None
    first = min(event.date.earliest for event in events)
    last = max(event.date.latest for event in events)
    span = (last - first).days + 1
    unit: charts.Bin = next((unit for unit, up_to in _BINS if span <= up_to), "year")
    starts = charts.bin_starts(first, last, unit)
    index_of = {start: index for index, start in enumerate(starts)}
    step = max(STEP, MIN_PLOT_WIDTH / len(starts))

    def x_of(index: int) -> float:
        return round(LABEL_WIDTH + step * (index + 0.5), 1)

    lanes = []
    y = 0.0
    for site in sites:
        site_events = views.by_site.get(site.id, ())
        if not site_events:
            continue
        binned: dict[tuple[str, int], list[Event]] = {}
        for event in site_events:
            middle = event.date.earliest + (event.date.latest - event.date.earliest) / 2
            start, _ = charts.bin_of(middle, unit)
            binned.setdefault((event.record.status, index_of[start]), []).append(event)
        present = [status for status in statuses.IDS if any(key[0] == status for key in binned)]
        # The site's name on a row of its own, then a row per status.
        rows = tuple((status, round(y + STEP * (number + 1.5), 1)) for number, status in enumerate(present))
        row_y: dict[str, float] = dict(rows)
        marks = []
        for (status, index), members in sorted(
            binned.items(), key=lambda item: (statuses.IDS.index(item[0][0]), item[0][1])
        ):
            start, end = charts.bin_of(starts[index], unit)
            marks.append(
                LaneMark(x_of(index), row_y[status], status, tuple(members), charts.bin_label(start, unit), start, end)
            )
        lanes.append(Lane(site, y, rows, tuple(marks)))
        y += STEP * (len(rows) + 1) + GROUP_GAP
    # A label every few bins, so that labels about 80 px wide do not overlap.
    every = max(1, math.ceil(80 / step))
    ticks = tuple(
        (x_of(index), charts.bin_label(start, unit)) for index, start in enumerate(starts) if index % every == 0
    )
    width = round(LABEL_WIDTH + step * len(starts), 1)
    height = round(y - GROUP_GAP + AXIS_HEIGHT, 1)
    return Swimlane(width, height, tuple(lanes), ticks, unit, first, last)
