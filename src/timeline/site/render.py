"""Dataset → the generated pages of the site, as files any static-site engine can take.

Pages are Markdown files whose body is one block of finished HTML, with YAML front matter for the
title. MkDocs passes such a block through untouched, so contributor text, already escaped or
sanitised here, never meets the site's Markdown extensions. Redirect pages (event permalinks, site
aliases) are complete, tiny HTML files that no engine needs to process.

Every template goes through one Jinja environment with autoescaping on.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jinja2
import pycountry
from markupsafe import Markup

from timeline.site import charts
from timeline.contract import dates, statuses
from timeline.site import maps
from timeline.site import markup
from timeline.site import search
from timeline.site import urls
from timeline.contract.dates import EdtfDate
from timeline.contract.hints import slug
from timeline.contract.model import Citation, Coordinates, Dataset, Event
from timeline.site.planned import PlannedFile
from timeline.contract.repository import FileTimes, Repository, path_in_repository
from timeline.site.search import SearchRecord
from timeline.site.template_cache import template_cache
from timeline.site.views import Cited, Views
from timeline.site.views import build as build_views

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


@dataclass(frozen=True, slots=True)
class RenderOptions:
    data_dir: str
    """The data folder as given to ``dataset.load``: event paths start with it."""
    data_in_repository: str | None
    """The same folder relative to the repository root, for edit links; None if it lies outside."""
    last_updated: dt.date
    build_epoch: int
    """The build's time in seconds (``Settings.build_epoch``), for "generated" stamps in the exports."""
    repository: Repository | None = None
    contributing_markdown: str | None = None
    site_url: str | None = None
    """The public address, for absolute links in feeds and data; without it they are site-relative."""
    event_times: Mapping[str, FileTimes] = field(default_factory=dict)
    """Event id → when it was added and last changed (from git); missing ones take the build's time."""
    history_known: bool = False
    """Whether ``event_times`` come from the repository's whole history: without it (a tarball, a shallow
    clone) pages say that when events were added and changed is unknown, rather than show build times."""
    site_name: str = "Russia's drawdown from Syria"
    """The site's name as feeds and calendars give it; the engine's own setting, where it has one."""
    favicon: str | None = None
    """The theme's icon, site-relative, for the redirect pages: a page without one makes browsers ask
    for /favicon.ico, which may not exist."""
    recent_changes: int = 50
    """How many changes the Recent changes page lists."""
    timeline_full_up_to: int = 200
    """/timeline/ shows every event up to this many; beyond, only the latest months (each month has its page)."""
    latest_on_home: int = 8


@dataclass(frozen=True, slots=True)
class SitePlan:
    files: tuple[PlannedFile, ...]
    search: Callable[[], tuple[SearchRecord, ...]]
    """What readers can search for, built from the data when called; an adapter hands it to the engine's
    search, which needs it only at the end of a build."""
    views: Views
    """The indexes the pages were planned from, for the exports to share."""
    template: Callable[[str], jinja2.Template]
    """The site's templates by name, through the one autoescaping environment (the feeds use it too)."""


def plan_site(dataset: Dataset, options: RenderOptions, open_data: Mapping[str, Any]) -> SitePlan:
    """Every generated file, in a fixed order, ready to render. Steps:

    1. Build the read-only indexes (events per site, tag, source, month) and render contributor
       Markdown once per text.
    2. Plan the index pages, which go into the navigation.
    3. Plan one page per month, year, site, source and tag, kept out of the navigation so that
       the navigation, which the theme prints into every page, does not grow with the data.
    4. Plan a small redirect file per event permalink and per site alias.

    ``open_data`` is what the Open data page says of the exports (the exports' own definitions: this
    layer does not import them).
    """
    views = build_views(dataset)
    renderer = _Renderer(views, options, open_data)
    return SitePlan(tuple(renderer.files()), lambda: tuple(search.records(views)), views, renderer.template)


class _Renderer:
    def __init__(self, views: Views, options: RenderOptions, open_data: Mapping[str, Any]) -> None:
        self.views = views
        self.open_data = open_data
        self.dataset = views.dataset
        self.options = options
        self.env = _environment()
        self._fragments_by_depth: dict[int, _Fragments] = {}
        self._templates: dict[str, jinja2.Template] = {}

    def files(self) -> Iterator[PlannedFile]:
        dataset, views = self.dataset, self.views
        yield self._page("home.md.j2", urls.HOME, in_nav=True)
        yield self._page("timeline.md.j2", urls.TIMELINE, in_nav=True)
        yield self._page("sites.md.j2", urls.SITES, in_nav=True)
        yield self._page("sources.md.j2", urls.SOURCES, in_nav=True)
        yield self._page("tags.md.j2", urls.TAGS, in_nav=True, edit_path=self._repo_path_of("tags.yaml"))
        yield self._page(
            "open_data.md.j2",
            urls.OPEN_DATA,
            in_nav=True,
            basemap_attribution=maps.basemap().attribution,
            **self.open_data,
        )
        changes = functools.partial(recent_changes, self.views, self.options)  # computed when rendered
        yield self._page("changes.md.j2", urls.CHANGES, in_nav=True, changes=changes)
        if self.options.contributing_markdown is not None:
            # Maintainers' own Markdown, published as it is: the site's extensions may render it.
            content = f"---\ntitle: Contributing\n---\n\n{self.options.contributing_markdown}"
            yield PlannedFile(urls.file_for(urls.CONTRIBUTING), lambda: content, in_nav=True, edit_path="CONTRIBUTING.md")
        month_keys = list(views.months)
        for position, year_month in enumerate(month_keys):
            newer = month_keys[position - 1] if position > 0 else None
            older = month_keys[position + 1] if position + 1 < len(month_keys) else None
            yield self._page("month.md.j2", urls.month(*year_month), year_month=year_month, newer=newer, older=older)
        for year in sorted({year for year, _ in month_keys}, reverse=True):
            yield self._page("year.md.j2", urls.year(year), year=year)
        for site in dataset.sites.values():
            yield self._page(
                "site.md.j2",
                urls.site(site.id),
                site=site,
                edit_path=self._repo_path_of_file(site.path),
                feed=urls.FEED,
            )
        for source in dataset.sources.values():
            yield self._page(
                "source.md.j2",
                urls.source(source.id),
                source=source,
                edit_path=self._repo_path_of_file(source.path),
            )
        for tag_id, tag in dataset.tags.items():
            yield self._page("tag.md.j2", urls.tag(tag_id), tag_id=tag_id, tag=tag, feed=urls.FEED)
        for event in dataset.events:
            target = urls.event_on_timeline(event.id, views.month_of[event.id])
            yield self._redirect(urls.event(event.id), target, event=event)
        for alias, site_id in dataset.site_aliases.items():
            if alias != site_id:
                yield self._redirect(urls.site(alias), urls.site(site_id), site=dataset.sites[site_id])
        yield PlannedFile(urls.BASEMAP, self._basemap)
        yield PlannedFile(urls.STATUS_STYLES, self.template("statuses.css.j2").render)

    def _basemap(self) -> str:
        return self.template("basemap.svg.j2").render(layers=maps.basemap_layers())

    def _page(
        self,
        template: str,
        url: str,
        *,
        in_nav: bool = False,
        edit_path: str | None = None,
        feed: str | None = None,
        **context: Any,
    ) -> PlannedFile:
        render = functools.partial(self._render, template, url, {**context, "feed": feed})
        return PlannedFile(urls.file_for(url), render, in_nav, edit_path, finished_html=True, feed=feed)

    def _redirect(self, url: str, target: str, **context: Any) -> PlannedFile:
        # A context of its own, not _context's: there is one redirect per event, and they need little.
        context = {"event": None, "site": None, **context, "target": urls.relative(url, target)}
        context["icon"] = urls.relative(url, self.options.favicon) if self.options.favicon else None
        render = functools.partial(self.template("redirect.html.j2").render, context)
        return PlannedFile(urls.file_for(url, ".html"), render)

    def _render(self, template: str, url: str, context: dict[str, Any]) -> str:
        return self.template(template).render(self._context(url, context))

    def template(self, name: str) -> jinja2.Template:
        # Looked up once per build: Jinja checks the template's file for changes on every lookup.
        template = self._templates.get(name)
        if template is None:
            template = self._templates[name] = self.env.get_template(name)
        return template

    def _context(self, url: str, extra: dict[str, Any]) -> dict[str, Any]:
        fragments = self._fragments_at(url.count("/"))
        return {
            "page_url": url,
            "link": functools.partial(urls.relative, url),
            "when": fragments.when,
            "when_text": fragments.when_text,
            "site_links": fragments.site_links,
            "tag_links": fragments.tag_links,
            "cited_by": fragments.cited_by,
            "status_badge": fragments.status_badge,
            "event_link": fragments.event_link,
            "event_row": fragments.event_row,
            "row_head": fragments.row_head,
            "views": self.views,
            "dataset": self.dataset,
            "options": self.options,
            "repository": self.options.repository,
            "event_edit_path": self._event_edit_path,
            **extra,
        }

    def _fragments_at(self, depth: int) -> _Fragments:
        fragments = self._fragments_by_depth.get(depth)
        if fragments is None:
            # The macros run in the context of a stand-in page of the same depth: same relative links.
            fragments = self._fragments_by_depth[depth] = _Fragments(
                lambda: self.env.get_template("_macros.j2").make_module(self._context("_/" * depth, {}))
            )
        return fragments

    def _event_edit_path(self, event: Event) -> str | None:
        return self._repo_path_of_file(event.path)

    def _repo_path_of_file(self, path: str) -> str | None:
        return path_in_repository(path, self.options.data_dir, self.options.data_in_repository)

    def _repo_path_of(self, name: str) -> str | None:
        """``name`` directly in the data folder, e.g. tags.yaml."""
        return self._repo_path_of_file(f"{self.options.data_dir.rstrip('/')}/{name}")


class _Fragments:
    """Pieces that repeat across pages (dates, badges, event rows), each rendered once per page depth.

    Only for pieces that never link to the page they sit on, so that their relative links depend on the
    page's depth alone: event links and rows point at month pages, so month pages do not use them.
    Called from templates as plain functions: a Jinja macro call costs more than most of these pieces
    take to render.
    """

    def __init__(self, make_macros: Callable[[], Any]) -> None:
        self._make_macros = make_macros
        self._macros: Any = None
        self._rendered: dict[tuple[str, Hashable], Markup] = {}

    def render(self, macro: str, key: Hashable, *args: Any) -> Markup:
        """The output of ``macro(*args)``, which must depend on ``key`` (and the page depth) only."""
        found = self._rendered.get((macro, key))
        if found is None:
            if self._macros is None:
                self._macros = self._make_macros()
            found = self._rendered[(macro, key)] = getattr(self._macros, macro)(*args)
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

    def row_head(self, event: Event) -> Markup:
        return self.render("render_row_head", event.id, event)


def _safe_url(value: str) -> str:
    # The data contract only admits http(s) links; this is the second lock on the same door.
    return value if markup.is_http_url(value) else ""


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
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
        safe_url=_safe_url,
        month_name=_month_name,
        short_month=_short_month,
        long_day=dates.long_day,
        epoch_day=epoch_day,
        short_day=_short_day,
    )
    env.globals.update(
        urls=urls,
        link_rel=markup.LINK_REL,
        statuses=statuses.BY_ID,
        site_kind_labels=SITE_KIND_LABELS,
        source_kind_labels=SOURCE_KIND_LABELS,
        equipment_category_labels=EQUIPMENT_CATEGORY_LABELS,
        day_groups=day_groups,
        timeline_months=timeline_months,
        month_calendar=month_calendar,
        cited_span=cited_span,
        group_by_event=group_by_event,
        coordinates=coordinates_text,
        openstreetmap=openstreetmap_url,
        country_name=country_name,
        status_chart=charts.status_chart,
    )
    return env


def _short_day(day: dt.date) -> str:
    return f"{day.day} {dates.MONTHS[day.month - 1][:3]} {day.year}"


def _month_name(year_month: tuple[int, int]) -> str:
    year, month = year_month
    return f"{dates.MONTHS[month - 1]} {year}"


def _short_month(year_month: tuple[int, int]) -> str:
    return dates.MONTHS[year_month[1] - 1][:3]


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


def epoch_day(epoch: int) -> dt.date:
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC).date()


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
