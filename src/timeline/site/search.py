"""What readers can search for: one record per event, site, source and tag, straight from the data.

Each record also carries Pagefind's facets: filters (type, and for events status, site, tag and year, each
value with the words readers see), a sort key (an event's earliest day, ISO, so that text order is date
order) and meta (an event's date and status, shown with each result). One index serves the header's box
and the search page's facets.

Building the records from the data rather than from the rendered pages is both better and cheaper:
each event is found once, under its own title, at its own anchor (a theme that splits pages at
headings would send a search for "Ka-52" to the day's heading), site aliases are searchable, and no
page has to be parsed back out of HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from timeline.contract import dates, statuses
from timeline.site import markup, urls
from timeline.site.views import Views


@dataclass(frozen=True, slots=True)
class SearchRecord:
    url: str
    """Site-relative, with the anchor: ``timeline/2024/12/#2024-12-13-hmeimim-an124-loading``."""
    title: str
    """Escaped text."""
    text: str
    """Escaped text without tags, safe to show as HTML."""
    filters: dict[str, list[str]] = field(default_factory=dict)
    """Facet → values, as plain text (Pagefind escapes what it shows)."""
    sort: dict[str, str] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    """Shown with a result besides its title, as plain text: an event's date and status."""


EVENT, SITE, SOURCE, TAG, PAGE = KINDS = ("Event", "Site", "Source", "Tag", "Page")
"""The values of the ``type`` facet: what a record is. A page is a hand-written one, or the Open data page."""


def _plain(html: Markup) -> str:
    return str(escape(markup.plain_text(html)))


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def records(views: Views) -> list[SearchRecord]:
    dataset = views.dataset
    found: list[SearchRecord] = []
    for site in dataset.sites.values():
        record = site.record
        found.append(
            SearchRecord(
                urls.site(site.id),
                str(escape(record.name)),
                _join(
                    str(escape(", ".join(record.aliases))),
                    str(escape(record.kind.replace("_", " "))),
                    _plain(views.site_summaries[site.id]),
                ),
                {"type": [SITE]},
            )
        )
    for source in dataset.sources.values():
        found.append(
            SearchRecord(
                urls.source(source.id),
                str(escape(source.record.name)),
                _join(str(escape(source.record.affiliation or "")), _plain(views.source_summaries[source.id])),
                {"type": [SOURCE]},
            )
        )
    found.append(
        SearchRecord(
            urls.OPEN_DATA,
            "Open data",
            "Feeds and data files: Atom feeds for every event, site and tag; events, sites, sources, tags and "
            "equipment as JSON with JSON Schemas; events as CSV for spreadsheets and iCalendar; sites and "
            "their events as GeoJSON for maps.",
            {"type": [PAGE]},
        )
    )
    for tag_id, tag in dataset.tags.items():
        found.append(
            SearchRecord(urls.tag(tag_id), str(escape(tag.label)), str(escape(tag.description)), {"type": [TAG]})
        )
    for event in reversed(dataset.events):
        event_record = event.record
        status = statuses.BY_ID[event_record.status]
        citations = []
        for index, citation in enumerate(event_record.citations):
            quote = views.quotes.get((event.id, index))
            citations.append(
                _join(
                    str(escape(dataset.sources[citation.source].record.name)),
                    str(escape(citation.title)),
                    _plain(quote) if quote is not None else "",
                )
            )
        found.append(
            SearchRecord(
                urls.event(event.id),
                str(escape(views.headlines[event.id])),
                _join(
                    str(escape(dates.describe(event.date))),
                    event_record.status,
                    str(escape(", ".join(dataset.sites[site_id].record.name for site_id in event_record.sites))),
                    _plain(views.summaries[event.id]),
                    *citations,
                ),
                {
                    "type": [EVENT],
                    "status": [status.label],
                    "site": [dataset.sites[site_id].record.name for site_id in dict.fromkeys(event_record.sites)],
                    "tag": [dataset.tags[tag_id].label for tag_id in dict.fromkeys(event_record.tags)],
                    # The year of its earliest day: where the timeline lists it.
                    "year": [str(event.date.earliest.year)],
                },
                {"date": event.date.earliest.isoformat()},
                {"date": dates.describe(event.date), "status": status.label, "status_id": status.id},
            )
        )
    return found


@dataclass(frozen=True, slots=True)
class Facet:
    key: str
    """The Pagefind filter's name, and the search page's address parameter."""
    legend: str
    values: tuple[str, ...]
    """In the order the search page lists them."""


def facets(views: Views) -> tuple[Facet, ...]:
    """Every facet's values that some record has, as ``records`` writes them: the search page lists them from the
    first paint, and search.js fills in the counts."""
    dataset = views.dataset
    present = {event.record.status for event in dataset.events}
    years = sorted({str(event.date.earliest.year) for event in dataset.events}, reverse=True)
    return (
        Facet("type", "Kind", KINDS),
        Facet("status", "Status", tuple(status.label for status in statuses.STATUSES if status.id in present)),
        Facet("site", "Site", tuple(sorted(dataset.sites[site_id].record.name for site_id in views.by_site))),
        Facet("tag", "Tag", tuple(sorted(dataset.tags[tag_id].label for tag_id in views.by_tag))),
        Facet("year", "Year", tuple(years)),
    )
