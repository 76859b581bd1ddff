"""The one Jinja environment every template goes through (autoescaping on, undefined names an error), the
labels and helpers it offers templates, and ``Fragments``: pieces rendered once per page depth."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from timeline.contract import archives, dates, statuses
from timeline.contract.dates import EdtfDate, epoch_day
from timeline.contract.model import Citation, Event
from timeline.site import board, changes, charts, maps, markup, presenters, search, urls
from timeline.site.template_cache import template_cache

TEMPLATES = Path(__file__).parent / "templates"

SITE_KIND_LABELS = {
    "air_base": "Air base",
    "naval_base": "Naval base",
    "ground_base": "Ground base",
    "city": "City",
    "route": "Route",
    "sea_area": "Sea area",
    "other": "Other",
}
EQUIPMENT_CATEGORY_LABELS = {
    "aircraft": "Aircraft",
    "helicopter": "Helicopter",
    "air_defence": "Air defence",
    "radar": "Radar",
    "ship": "Ship",
    "ground_vehicle": "Ground vehicle",
    "other": "Other",
}
SOURCE_KIND_LABELS = {
    "news_outlet": "News outlet",
    "imagery_provider": "Imagery provider",
    "analyst": "Analyst",
    "think_tank": "Think tank",
    "government": "Government",
    "state_media": "State media",
    "social_media": "Social media",
    "other": "Other",
}


class Fragments:
    """Pieces that repeat across pages (dates, badges, event rows), each rendered once per page depth.

    Only for pieces whose relative links depend on the page's depth alone: event links and rows point at
    the events' own pages, which is the same link from every page of a depth, the event's own included.
    Called from templates as plain functions: a Jinja macro call costs more than most of these pieces
    take to render.
    """

    def __init__(self, make_macros: Callable[[], Any]) -> None:
        self._make_macros = make_macros
        self._macros: Any = None
        self._rendered: dict[tuple[str, Hashable], Markup] = {}

    @property
    def macros(self) -> Any:
        """``_macros.j2`` as a module, made once for the pages of this depth."""
        if self._macros is None:
            self._macros = self._make_macros()
        return self._macros

    def render(self, macro: str, key: Hashable, *args: Any) -> Markup:
        """The output of ``macro(*args)``, which must depend on ``key`` (and the page depth) only."""
        found = self._rendered.get((macro, key))
        if found is None:
            found = self._rendered[(macro, key)] = getattr(self.macros, macro)(*args)
        return found

    def when(self, date: EdtfDate) -> Markup:
        return self.render("render_when", date.text, date)

    def when_text(self, text: str) -> Markup:
        found = self._rendered.get(("render_when", text))
        # Parsed only the first time: most citations of a day share their publication date.
        return found if found is not None else self.render("render_when", text, dates.parse(text))

    def site_links(self, site_ids: Sequence[str]) -> Markup:
        return self.render("render_site_links", tuple(site_ids), site_ids)

    def tag_links(self, tag_ids: Sequence[str]) -> Markup:
        return self.render("render_tag_links", tuple(tag_ids), tag_ids)

    def cited_by(self, citation: Citation) -> Markup:
        return self.render("render_cited_by", (citation.source, citation.via), citation)

    def status_badge(self, status: str) -> Markup:
        return self.render("render_status_badge", status, status)

    def event_link(self, event: Event) -> Markup:
        return self.render("render_event_link", event.id, event)

    def event_row(self, event: Event) -> Markup:
        return self.render("render_event_row", event.id, event)

    def site_map(self, site_id: str, neighbours: int = maps.NEIGHBOURS) -> Markup:
        return self.render("render_site_map", (site_id, neighbours), site_id, neighbours)

    def places_map(self, site_ids: Sequence[str]) -> Markup:
        """An event's map: its sites. Events of the same sites share it."""
        return self.render("render_places_map", tuple(site_ids), site_ids)

    def row_head(self, event: Event) -> Markup:
        return self.render("render_row_head", event.id, event)


class SharedMacros:
    """What templates call ``macros``: the macros of ``_macros.j2`` (and the maps it imports), as made for the
    page's depth by its ``Fragments``.

    A template's own ``{% from "_macros.j2" import … with context %}`` would run the whole file again for each
    page, a fifth of an event page's time. Their output depends on the page's depth alone, as the fragments'
    does, so one module serves every page of a depth. Made on first use: the module is made with a context
    that holds this too.
    """

    def __init__(self, fragments: Fragments) -> None:
        self._fragments = fragments

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fragments.macros, name)


def _safe_url(value: str) -> str:
    # The data contract only admits http(s) links; this is the second lock on the same door.
    return value if markup.is_http_url(value) else ""


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=template_cache(),
    )
    env.filters.update(
        date_text=dates.describe,
        datetime=dates.html_datetime,
        plain_title=markup.plain_title,
        text_content=markup.text_content,
        safe_url=_safe_url,
        month_name=_month_name,
        short_month=_short_month,
        long_day=dates.long_day,
        epoch_day=epoch_day,
        short_day=_short_day,
        short_hash=presenters.short_hash,
        short_commit=presenters.short_commit,
        precision_words=presenters.precision_words,
        change_text=presenters.change_text,
        summary_text=presenters.summary_text,
    )
    env.globals.update(
        urls=urls,
        map_neighbours=maps.NEIGHBOURS,
        change_words=changes.KIND_WORDS,
        changed_since=changes.changed_since,
        situation_board=board.board,
        swimlane=board.swimlane,
        link_rel=markup.LINK_REL,
        statuses=statuses.BY_ID,
        site_kind_labels=SITE_KIND_LABELS,
        source_kind_labels=SOURCE_KIND_LABELS,
        equipment_category_labels=EQUIPMENT_CATEGORY_LABELS,
        day_groups=presenters.day_groups,
        timeline_months=presenters.timeline_months,
        month_calendar=presenters.month_calendar,
        cited_span=presenters.cited_span,
        group_by_event=presenters.group_by_event,
        coordinates=presenters.coordinates_text,
        openstreetmap=presenters.openstreetmap_url,
        country_name=presenters.country_name,
        count_text=presenters.count_text,
        newest_first=presenters.newest_first,
        totals=presenters.totals,
        latest_events=presenters.latest_events,
        site_rows=presenters.site_rows,
        site_row=presenters.site_row,
        source_rows=presenters.source_rows,
        tag_rows=presenters.tag_rows,
        months_of_year=presenters.months_of_year,
        has_older_months=presenters.has_older_months,
        changes_by_day=presenters.changes_by_day,
        filter_offer=presenters.filter_offer,
        search_facets=search.facets,
        events_of_months=presenters.events_of_months,
        status_chart=charts.status_chart,
        archive_capture=archives.read_capture,  # the contract has checked that each is a dated capture
    )
    return env


def _short_day(day: dt.date) -> str:
    return f"{day.day} {dates.MONTHS[day.month - 1][:3]} {day.year}"


def _month_name(year_month: tuple[int, int]) -> str:
    year, month = year_month
    return f"{dates.MONTHS[month - 1]} {year}"


def _short_month(year_month: tuple[int, int]) -> str:
    return dates.MONTHS[year_month[1] - 1][:3]
