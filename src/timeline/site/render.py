"""Dataset → the generated pages of the site, as files any static-site engine can take.

Pages are Markdown files whose body is one block of finished HTML, with YAML front matter for the
title. MkDocs passes such a block through untouched, so contributor text, already escaped or
sanitised here, never meets the site's Markdown extensions. Redirect pages (site aliases) are complete,
tiny HTML files that no engine needs to process.

Every template goes through one Jinja environment with autoescaping on.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from timeline.contract.model import Dataset, Event
from timeline.contract.repository import path_in_repository
from timeline.site import changes, citing, maps, search, urls
from timeline.site.options import RenderOptions
from timeline.site.planned import PlannedFile
from timeline.site.search import SearchRecord
from timeline.site.templating import Fragments, SharedMacros, environment
from timeline.site.views import Views
from timeline.site.views import build as build_views


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
    every_change: Callable[[], list[changes.Change]]
    """Every change to the events, newest first, made once when first asked for (the feeds and data share it)."""
    lean_frame: Callable[[int, str, str | None], str]
    """The frame of a lean page (``PlannedFile.lean``) that many folders deep, around a body, with an edit link
    or none: for an adapter that writes such pages itself (see ``_Renderer.lean_frame``)."""


def plan_site(dataset: Dataset, options: RenderOptions, open_data: Mapping[str, Any]) -> SitePlan:
    """Every generated file, in a fixed order, ready to render. Steps:

    1. Build the read-only indexes (events per site, tag, source, month) and render contributor
       Markdown once per text.
    2. Plan the index pages, which go into the navigation.
    3. Plan one page per month, year, site, source and tag, kept out of the navigation so that
       the navigation, which the theme prints into every page, does not grow with the data.
    4. Plan one page per event, out of the navigation too, and a small redirect file per site alias.

    ``open_data`` is what the Open data page says of the exports (the exports' own definitions: this
    layer does not import them).
    """
    views = build_views(dataset)
    renderer = _Renderer(views, options, open_data)
    return SitePlan(
        tuple(renderer.files()),
        lambda: tuple(search.records(views)),
        views,
        renderer.template,
        renderer.every_change,
        renderer.lean_frame,
    )


class _Renderer:
    def __init__(self, views: Views, options: RenderOptions, open_data: Mapping[str, Any]) -> None:
        self.views = views
        self.open_data = open_data
        self.dataset = views.dataset
        self.options = options
        self.env = environment()
        self._fragments_by_depth: dict[int, Fragments] = {}
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
        listed = lambda: self.every_change()[: self.options.recent_changes]  # noqa: E731  # computed when rendered
        yield self._page("changes.md.j2", urls.CHANGES, in_nav=True, changes=listed)
        yield self._page("search.md.j2", urls.SEARCH, in_nav=True)
        if self.options.contributing_markdown is not None:
            # Maintainers' own Markdown, published as it is: the site's extensions may render it.
            content = f"---\ntitle: Contributing\n---\n\n{self.options.contributing_markdown}"
            yield PlannedFile(
                urls.file_for(urls.CONTRIBUTING), lambda: content, in_nav=True, edit_path="CONTRIBUTING.md"
            )
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
                lean=True,
            )
        for source in dataset.sources.values():
            yield self._page(
                "source.md.j2",
                urls.source(source.id),
                source=source,
                edit_path=self._repo_path_of_file(source.path),
                lean=True,
            )
        for tag_id, tag in dataset.tags.items():
            yield self._page("tag.md.j2", urls.tag(tag_id), tag_id=tag_id, tag=tag, feed=urls.FEED)
        for event in dataset.events:
            # Out of the navigation like the pages above, and lean like the site and source pages: there is
            # one per event, and per site and source as many as a tenth of the events.
            yield self._page(
                "event.md.j2", urls.event(event.id), event=event, edit_path=self._event_edit_path(event), lean=True
            )
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
        lean: bool = False,
        **context: Any,
    ) -> PlannedFile:
        render = functools.partial(self._render, template, url, {**context, "feed": feed})
        return PlannedFile(urls.file_for(url), render, in_nav, edit_path, finished_html=True, feed=feed, lean=lean)

    def lean_frame(self, depth: int, body: str, edit_url: str | None) -> str:
        """``lean_frame.html.j2`` for a page ``depth`` folders deep, around ``body`` (finished HTML)."""
        return self.template("lean_frame.html.j2").render(
            link=functools.partial(urls.relative, "_/" * depth),
            urls=urls,
            site_name=self.options.site_name,
            body=Markup(body),  # noqa: S704 - a page this package rendered, or the build's marker
            edit_url=edit_url,
        )

    def _redirect(self, url: str, target: str, **context: Any) -> PlannedFile:
        # A context of its own, not _context's: a redirect needs little.
        context = {**context, "target": urls.relative(url, target)}
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
            "macros": SharedMacros(fragments),
            "views": self.views,
            "dataset": self.dataset,
            "options": self.options,
            "repository": self.options.repository,
            "event_edit_path": self._event_edit_path,
            "every_change": self.every_change,
            "event_map": lambda event: fragments.places_map(event.record.sites),
            "event_history": self._event_history,
            "event_citation": functools.partial(citing.cite, views=self.views, options=self.options),
            "event_json_ld": functools.partial(citing.json_ld, views=self.views, options=self.options),
            **extra,
        }

    def _fragments_at(self, depth: int) -> Fragments:
        fragments = self._fragments_by_depth.get(depth)
        if fragments is None:
            # The macros run in the context of a stand-in page of the same depth: same relative links.
            fragments = self._fragments_by_depth[depth] = Fragments(
                lambda: self.env.get_template("_macros.j2").make_module(self._context("_/" * depth, {}))
            )
        return fragments

    @functools.cache  # noqa: B019  # one renderer per build; two pages and the exports ask for the list
    def every_change(self) -> list[changes.Change]:
        return changes.newest(changes.all_changes(self.views, self.options))

    def _event_history(self, event: Event) -> list[changes.Change]:
        """Newest first, as the event's page lists it."""
        return changes.event_changes(event, self.options)[::-1]

    def _event_edit_path(self, event: Event) -> str | None:
        return self._repo_path_of_file(event.path)

    def _repo_path_of_file(self, path: str) -> str | None:
        return path_in_repository(path, self.options.data_dir, self.options.data_in_repository)

    def _repo_path_of(self, name: str) -> str | None:
        """``name`` directly in the data folder, e.g. tags.yaml."""
        return self._repo_path_of_file(f"{self.options.data_dir.rstrip('/')}/{name}")
