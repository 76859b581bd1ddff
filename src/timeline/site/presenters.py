"""Small view computations the templates call: groupings, spans and the words for places.

Templates present; what needs counting, sorting or grouping is computed here, in Python, where it is
typed and tested.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence, Sized
from dataclasses import dataclass

import pycountry
from markupsafe import Markup

from timeline.contract import dates, statuses
from timeline.contract.dates import EdtfDate
from timeline.contract.hints import slug
from timeline.contract.model import Citation, Coordinates, Event, Site, Source, TagRecord
from timeline.site import markup
from timeline.site.changes import Change
from timeline.site.views import Cited, Views, YearMonth


def timeline_months(views: Views, full_up_to: int) -> list[tuple[int, int]]:
    """The months /timeline/ shows in full: the newest, and older ones until ``full_up_to`` events."""
    shown: list[tuple[int, int]] = []
    count = 0
    for year_month, events in views.months.items():
        if shown and count >= full_up_to:
            break
        shown.append(year_month)
        count += len(events)
    return shown


def month_calendar(views: Views) -> list[tuple[int, list[tuple[YearMonth, int]]]]:
    """Years, newest first, each with its months in calendar order and their number of events."""
    years: dict[int, list[tuple[YearMonth, int]]] = {}
    for year_month in sorted(views.months):
        years.setdefault(year_month[0], []).append((year_month, len(views.months[year_month])))
    return sorted(years.items(), reverse=True)


def months_of_year(views: Views, year: int) -> list[tuple[YearMonth, int]]:
    """The months of ``year`` that have events, newest first, each with their number."""
    return [(year_month, len(events)) for year_month, events in views.months.items() if year_month[0] == year]


def has_older_months(shown: list[YearMonth], views: Views) -> bool:
    return len(shown) < len(views.months)


def group_by_event(cited: tuple[Cited, ...]) -> list[tuple[Event, list[Citation]]]:
    """Citations under their event, newest event first: a source cited twice in one event is one row."""
    events: dict[str, tuple[Event, list[Citation]]] = {}
    for item in cited:
        events.setdefault(item.event.id, (item.event, []))[1].append(item.citation)
    return sorted(events.values(), key=lambda pair: _event_order(pair[0]), reverse=True)


def cited_span(cited: tuple[Cited, ...]) -> tuple[Event, Event] | None:
    """The first and the last event, by date, among these citations."""
    if not cited:
        return None
    events = [item.event for item in cited]
    return min(events, key=_event_order), max(events, key=_event_order)


def _event_order(event: Event) -> tuple[tuple[dt.date, dt.date, str], str]:
    return (event.date.sort_key(), event.id)


def coordinates_text(point: Coordinates) -> str:
    latitude = f"{abs(point.lat):.3f}° {'N' if point.lat >= 0 else 'S'}"
    longitude = f"{abs(point.lon):.3f}° {'E' if point.lon >= 0 else 'W'}"
    return f"{latitude}, {longitude}"


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    # common_name where ISO's is formal: "Syria" rather than "Syrian Arab Republic".
    name = getattr(country, "common_name", None) or getattr(country, "name", None)
    return str(name) if name else code


def openstreetmap_url(point: Coordinates) -> str:
    # A link out, never an embedded map: loading tiles would tell a third party what a reader looks at.
    return f"https://www.openstreetmap.org/?mlat={point.lat}&mlon={point.lon}#map=13/{point.lat}/{point.lon}"


def day_groups(events: tuple[Event, ...]) -> list[tuple[str, str, list[Event]]]:
    """Events under day headings: (heading id, heading text, events), in the order given.

    Events whose dates read the same share a heading; a month-only date gets a heading of its own.
    """
    groups: dict[str, list[Event]] = {}
    for event in events:
        groups.setdefault(dates.describe(event.date), []).append(event)
    # An underscore cannot occur in an event id, so a heading's id never collides with an event's.
    return [(f"day_{slug(text)}", text, members) for text, members in groups.items()]


def count_text(count: int | Sized, noun: str) -> str:
    """``1 event``, ``3 events``: a count of ``noun``, or of the items given."""
    number = count if isinstance(count, int) else len(count)
    return f"{number} {noun}{'' if number == 1 else 's'}"


def newest_first(events: Sequence[Event]) -> list[Event]:
    return list(reversed(events))


@dataclass(frozen=True, slots=True)
class Totals:
    events: int
    sources: int


def totals(views: Views) -> Totals:
    return Totals(len(views.dataset.events), len(views.dataset.sources))


def latest_events(views: Views, count: int) -> list[Event]:
    """The ``count`` latest events, newest first."""
    return newest_first(views.dataset.events[-count:]) if count > 0 else []


@dataclass(frozen=True, slots=True)
class SiteRow:
    """A site with its events, oldest first, as the home page's cards and the sites table show it."""

    site: Site
    events: tuple[Event, ...]

    @property
    def count(self) -> int:
        return len(self.events)

    @property
    def first(self) -> Event | None:
        return self.events[0] if self.events else None

    @property
    def latest(self) -> Event | None:
        return self.events[-1] if self.events else None


def site_rows(views: Views) -> list[SiteRow]:
    return [site_row(views, site) for site in views.dataset.sites.values()]


def site_row(views: Views, site: Site) -> SiteRow:
    return SiteRow(site, views.by_site.get(site.id, ()))


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A source with its citations, as the sources table shows it."""

    source: Source
    cited: tuple[Cited, ...]
    via: tuple[Cited, ...]
    span: tuple[Event, Event] | None
    """The first and the last event, by date, that cite it or came through it."""

    @property
    def citations(self) -> int:
        return len(self.cited)

    @property
    def via_count(self) -> int:
        return len(self.via)


def source_rows(views: Views) -> list[SourceRow]:
    rows = []
    for source in views.dataset.sources.values():
        cited = views.cited_as_source.get(source.id, ())
        via = views.cited_as_via.get(source.id, ())
        rows.append(SourceRow(source, cited, via, cited_span(cited + via)))
    return rows


def tag_rows(views: Views) -> list[tuple[str, TagRecord, int]]:
    """Each tag with its number of events."""
    return [(tag_id, tag, len(views.by_tag.get(tag_id, ()))) for tag_id, tag in views.dataset.tags.items()]


def changes_by_day(changes: Sequence[Change]) -> list[tuple[dt.date, list[Change]]]:
    """Changes under their day, newest day first, the latest change of a day first."""
    days: dict[dt.date, list[Change]] = {}
    for change in sorted(changes, key=lambda change: change.day):
        days.setdefault(change.day, []).append(change)
    return [
        (day, sorted(group, key=lambda change: change.order, reverse=True)) for day, group in reversed(days.items())
    ]


def short_commit(commit: str) -> str:
    """A commit's first 10 hex digits, as git's own short names go; links carry the full name."""
    return commit[:10]


def short_hash(sha256: str) -> str:
    """The first 12 hex digits: enough to tell files apart at a glance; the page keeps the full value."""
    return f"{sha256[:12]}…"


_PRECISION_WORDS = {"day": "to the day", "month": "to the month", "year": "to the year", "range": "within a span"}


def precision_words(date: EdtfDate) -> str:
    """How precisely the date is known, in words: "known to the month, approximate"."""
    words = "between two dates" if date.is_interval else "known " + _PRECISION_WORDS[date.start.precision]
    if date.is_approximate:
        words += ", approximate"
    if date.is_uncertain:
        words += ", unconfirmed"
    return words


def change_text(change: Change) -> str:
    """One change as the event page's history and the Recent changes page tell it."""

    def label(status: str | None) -> str:
        known = statuses.BY_ID.get(status or "")
        return known.label.lower() if known else str(status)

    if change.kind == "added":
        return f"Added, as {label(change.after)}" if change.after else "Added"
    if change.kind == "status":
        return f"Status changed from {label(change.before)} to {label(change.after)}"
    if change.kind == "date":
        return f"Date changed from {change.before} to {change.after}"
    if change.kind == "corrected":
        return f"Corrected: {change.note}"
    return "Edited (wording or sources)"


def summary_text(summary: Markup, limit: int = 200) -> str:
    """A rendered summary as plain text of at most ``limit`` characters, cut at a word: for descriptions."""
    text = markup.plain_text(summary)
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


@dataclass(frozen=True, slots=True)
class FilterOffer:
    """What a page's filters will offer, written into the page so that the panel is there from the first paint
    (filters.js fills it): nothing moves when the script arrives."""

    what: str
    """"status, site, tag, source or date": the facets with a choice to make, as filters.js names them."""
    count: int


def filter_offer(views: Views, events: Sequence[Event], whole_events: bool = True) -> FilterOffer:
    """The facets that have two values or more among ``events``; a site page's rows filter by status only."""
    facets: list[tuple[str, Callable[[Event], Iterable[str]]]] = [("status", lambda event: (event.record.status,))]
    if whole_events:
        facets += [
            ("site", lambda event: event.record.sites),
            ("tag", lambda event: event.record.tags),
            ("source", lambda event: views.cited_source_ids[event.id].split()),
        ]
    offered = [name for name, values in facets if len({value for event in events for value in values(event)}) > 1]
    return FilterOffer((", ".join(offered) + " or date") if offered else "date", len(events))


def events_of_months(views: Views, months: Sequence[YearMonth]) -> list[Event]:
    return [event for year_month in months for event in views.months[year_month]]
