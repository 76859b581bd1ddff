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
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import pycountry
from markupsafe import Markup

from . import dates, markup, search, urls
from .hints import slug
from .model import Citation, Coordinates, Dataset, Event
from .repository import Repository
from .search import SearchRecord
from .views import Cited, Views
from .views import build as build_views

TEMPLATES = Path(__file__).parent / "templates"

STATUS_LABELS = {
    "confirmed": "Confirmed",
    "reported": "Reported",
    "claimed": "Claimed",
    "disputed": "Disputed",
    "retracted": "Retracted",
}
STATUS_MEANINGS = {
    "confirmed": "Corroborated by at least two independent sources.",
    "reported": "Published by a credible source, not yet corroborated.",
    "claimed": "Asserted only by a party to the events, or shown only in unverified footage.",
    "disputed": "Contradicted by another credible report.",
    "retracted": "Withdrawn by its source or shown to be wrong; kept for the record.",
}
# A symbol as well as a colour, so that the badge does not rely on colour alone.
STATUS_SYMBOLS = {"confirmed": "✓", "reported": "●", "claimed": "◆", "disputed": "⇄", "retracted": "✗"}

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
class OutputFile:
    path: str
    """Relative to the docs root, with forward slashes: ``sites/hmeimim/index.md``."""
    content: str
    in_nav: bool = False
    edit_path: str | None = None
    """The repository file a reader should edit to change this page, e.g. ``data/sites/hmeimim.yaml``."""
    finished_html: bool = False
    """The body after the front matter is finished HTML: an engine need not run Markdown over it."""

    @property
    def is_page(self) -> bool:
        return self.path.endswith(".md")


@dataclass(frozen=True, slots=True)
class RenderOptions:
    data_dir: str
    """The data folder as given to ``dataset.load``: event paths start with it."""
    data_in_repository: str | None
    """The same folder relative to the repository root, for edit links; None if it lies outside."""
    last_updated: dt.date
    repository: Repository | None = None
    contributing_markdown: str | None = None
    timeline_full_up_to: int = 200
    """/timeline/ shows every event up to this many; beyond, only the latest months (each month has its page)."""
    latest_on_home: int = 8


@dataclass(frozen=True, slots=True)
class RenderedSite:
    files: tuple[OutputFile, ...]
    search: tuple[SearchRecord, ...]
    """What readers can search for, built from the data; an adapter hands it to the engine's search."""


def render_site(dataset: Dataset, options: RenderOptions) -> RenderedSite:
    """Every generated file, in a fixed order. Steps:

    1. Build the read-only indexes (events per site, tag, source, month) and render contributor
       Markdown once per text.
    2. Render the index pages, which go into the navigation.
    3. Render one page per month, year, site, source and tag, kept out of the navigation so that
       the navigation, which the theme prints into every page, does not grow with the data.
    4. Write a small redirect file per event permalink and per site alias.
    """
    views = build_views(dataset)
    renderer = _Renderer(views, options)
    return RenderedSite(tuple(renderer.files()), tuple(search.records(views)))


class _Renderer:
    def __init__(self, views: Views, options: RenderOptions) -> None:
        self.views = views
        self.dataset = views.dataset
        self.options = options
        self.env = _environment()
        prefix = options.data_dir.rstrip("/") + "/"
        self._data_prefix = prefix
        self._repo_prefix = None if options.data_in_repository is None else options.data_in_repository.strip("/") + "/"
        self._fragments: dict[tuple[str, str, int], Markup] = {}
        self._macro_modules: dict[int, Any] = {}

    def files(self) -> Iterator[OutputFile]:
        dataset, views = self.dataset, self.views
        yield self._page("home.md.j2", urls.HOME, in_nav=True)
        yield self._page("timeline.md.j2", urls.TIMELINE, in_nav=True)
        yield self._page("sites.md.j2", urls.SITES, in_nav=True)
        yield self._page("sources.md.j2", urls.SOURCES, in_nav=True)
        yield self._page("tags.md.j2", urls.TAGS, in_nav=True, edit_path=self._repo_path_of("tags.yaml"))
        if self.options.contributing_markdown is not None:
            # Maintainers' own Markdown, published as it is: the site's extensions may render it.
            content = f"---\ntitle: Contributing\n---\n\n{self.options.contributing_markdown}"
            yield OutputFile(urls.file_for(urls.CONTRIBUTING), content, True, "CONTRIBUTING.md")
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
            )
        for source in dataset.sources.values():
            yield self._page(
                "source.md.j2",
                urls.source(source.id),
                source=source,
                edit_path=self._repo_path_of_file(source.path),
            )
        for tag_id, tag in dataset.tags.items():
            yield self._page("tag.md.j2", urls.tag(tag_id), tag_id=tag_id, tag=tag)
        for event in dataset.events:
            target = urls.event_on_timeline(event.id, views.month_of[event.id])
            yield self._redirect(urls.event(event.id), target, event=event)
        for alias, site_id in dataset.site_aliases.items():
            if alias != site_id:
                yield self._redirect(urls.site(alias), urls.site(site_id), site=dataset.sites[site_id])

    def _page(
        self, template: str, url: str, *, in_nav: bool = False, edit_path: str | None = None, **context: Any
    ) -> OutputFile:
        content = self.env.get_template(template).render(self._context(url, context))
        return OutputFile(urls.file_for(url), content, in_nav, edit_path, finished_html=True)

    def _redirect(self, url: str, target: str, **context: Any) -> OutputFile:
        context = {"event": None, "site": None, **context, "target": target}
        content = self.env.get_template("redirect.html.j2").render(self._context(url, context))
        return OutputFile(urls.file_for(url, ".html"), content)

    def _context(self, url: str, extra: dict[str, Any]) -> dict[str, Any]:
        return {
            "page_url": url,
            "link": functools.partial(urls.relative, url),
            "fragment": functools.partial(self._fragment, url),
            "views": self.views,
            "dataset": self.dataset,
            "options": self.options,
            "repository": self.options.repository,
            "event_edit_path": self._event_edit_path,
            **extra,
        }

    def _fragment(self, page_url: str, macro: str, key: str, *args: Any) -> Markup:
        """A macro's output for pages at this depth, rendered the first time it is asked for.

        Only for fragments that never link to the page they sit on: their relative links depend on
        the page's depth alone.
        """
        depth = page_url.count("/")
        cache_key = (macro, key, depth)
        found = self._fragments.get(cache_key)
        if found is None:
            module = self._macro_modules.get(depth)
            if module is None:
                # A stand-in page of the same depth gives the same relative links.
                module = self.env.get_template("_macros.j2").make_module(self._context("_/" * depth, {}))
                self._macro_modules[depth] = module
            found = self._fragments[cache_key] = getattr(module, macro)(*args)
        return found

    def _event_edit_path(self, event: Event) -> str | None:
        return self._repo_path_of_file(event.path)

    def _repo_path_of_file(self, path: str) -> str | None:
        if self._repo_prefix is None or not path.startswith(self._data_prefix):
            return None
        return self._repo_prefix + path[len(self._data_prefix) :]

    def _repo_path_of(self, name: str) -> str | None:
        return None if self._repo_prefix is None else self._repo_prefix + name


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
    )
    env.filters.update(
        date_text=dates.describe,
        datetime=dates.html_datetime,
        plain_title=markup.plain_title,
        safe_url=_safe_url,
        month_name=_month_name,
        short_month=_short_month,
        long_day=dates.long_day,
        parse_date=dates.parse,
    )
    env.globals.update(
        urls=urls,
        link_rel=markup.LINK_REL,
        status_labels=STATUS_LABELS,
        status_meanings=STATUS_MEANINGS,
        status_symbols=STATUS_SYMBOLS,
        site_kind_labels=SITE_KIND_LABELS,
        source_kind_labels=SOURCE_KIND_LABELS,
        equipment_category_labels=EQUIPMENT_CATEGORY_LABELS,
        day_groups=day_groups,
        month_calendar=month_calendar,
        cited_span=cited_span,
        group_by_event=group_by_event,
        coordinates=coordinates_text,
        openstreetmap=openstreetmap_url,
        country_name=country_name,
    )
    return env


def _month_name(year_month: tuple[int, int]) -> str:
    year, month = year_month
    return f"{dates.MONTHS[month - 1]} {year}"


def _short_month(year_month: tuple[int, int]) -> str:
    return dates.MONTHS[year_month[1] - 1][:3]


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
    return getattr(country, "common_name", None) or getattr(country, "name", code)


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
