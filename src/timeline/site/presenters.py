"""Small view computations the templates call: groupings, spans and the words for places.

Templates present; what needs counting, sorting or grouping is computed here, in Python, where it is
typed and tested.
"""

from __future__ import annotations

import datetime as dt

import pycountry

from timeline.contract import dates
from timeline.contract.hints import slug
from timeline.contract.model import Citation, Coordinates, Event
from timeline.site.views import Cited, Views


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


def month_calendar(views: Views) -> list[tuple[int, list[tuple[int, int]]]]:
    """Years, newest first, each with its months in calendar order."""
    years: dict[int, list[tuple[int, int]]] = {}
    for year_month in sorted(views.months):
        years.setdefault(year_month[0], []).append(year_month)
    return sorted(years.items(), reverse=True)


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
