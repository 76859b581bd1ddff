"""Feeds and open data: every export, generated from the validated dataset, planned like the pages.

- ``feed.xml``, ``sites/<id>/feed.xml``, ``tags/<id>/feed.xml``, ``changes/feed.xml``: Atom (``atom``);
- ``api/{events,sites,sources,tags,equipment,changes}.json``, with ``schema/api-*.schema.json`` (``jsonfiles``,
  ``shapes``), and the data files' own schemas in ``schema/``;
- ``api/events/YYYY-MM.{json,csv,ics}``, a file per month and format, which ``api/events.json`` lists
  (``jsonfiles``, ``csvfile``, ``ical``): split so that no file outgrows a static host's limit;
- ``api/sites.geojson`` and ``sites/<id>/events.geojson`` (``geojson``).

Every file is built from one set of entries (``entries``), each made once per build.

May import ``timeline.site`` (the views, addresses and templates the pages use) and ``timeline.contract``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator

import jinja2

from timeline.contract import dates
from timeline.contract.model import Dataset
from timeline.contract.schema import data_schemas, dumps
from timeline.exports import catalogue, csvfile, geojson, ical, jsonfiles
from timeline.exports.atom import FEED_SIZE, LINKED_CITATIONS, SCOPED_FEED_SIZE, Feeds
from timeline.exports.context import ExportContext
from timeline.exports.entries import Entries
from timeline.exports.shapes import FILE_SHAPES, FORMAT_VERSION, PART_SHAPES, export_schema
from timeline.site import urls
from timeline.site.planned import PlannedFile

__all__ = ["ExportContext", "open_data_page", "plan_exports"]


DATA_SCHEMAS = (
    "event.schema.json",
    "site.schema.json",
    "source.schema.json",
    "tags.schema.json",
    "equipment.schema.json",
)
"""The data files' schemas, as ``schema.data_schemas`` names them."""


def plan_exports(context: ExportContext, template: Callable[[str], jinja2.Template]) -> Iterator[PlannedFile]:
    """Every export file, in a fixed order, rendered when asked (see ``timeline.site.planned``)."""
    entries = Entries(context)
    feeds = Feeds(entries, template)
    dataset = context.views.dataset

    def planned(path: str, render: Callable[[], str]) -> PlannedFile:
        return PlannedFile(path, render)

    yield planned(urls.FEED, feeds.main)
    yield planned(urls.CHANGES_FEED, feeds.changes)
    for site_id in dataset.sites:
        yield planned(urls.site_feed(site_id), functools.partial(feeds.site, site_id))
        yield planned(
            urls.site_events_geojson(site_id), functools.partial(geojson.site_events_geojson, entries, site_id)
        )
    for tag_id in dataset.tags:
        yield planned(urls.tag_feed(tag_id), functools.partial(feeds.tag, tag_id))
    for name in (*FILE_SHAPES, *PART_SHAPES):
        if name in FILE_SHAPES:
            yield planned(urls.api(f"{name}.json"), functools.partial(jsonfiles.api_file, entries, name))
        yield planned(urls.schema(f"api-{name}.schema.json"), functools.partial(_schema_text, name))
    # Planning needs the months, not the entries: the events' own dates, cheap to read.
    for month in _months(dataset):
        yield planned(urls.events_part(month, "json"), functools.partial(jsonfiles.events_month, entries, month))
        yield planned(urls.events_part(month, "csv"), functools.partial(csvfile.events_csv, entries, month))
        yield planned(urls.events_part(month, "ics"), functools.partial(ical.events_ics, entries, month))
    yield planned(urls.api("sites.geojson"), functools.partial(geojson.sites_geojson, entries))
    for name in DATA_SCHEMAS:
        yield planned(urls.schema(name), functools.partial(_data_schema_text, name))


def open_data_page() -> dict[str, object]:
    """What the site's Open data page lists of the exports, from the definitions they are made from."""
    return {
        "catalogue": catalogue,
        "feed_size": FEED_SIZE,
        "scoped_feed_size": SCOPED_FEED_SIZE,
        "linked_citations": LINKED_CITATIONS,
        "format_version": FORMAT_VERSION,
    }


def _months(dataset: Dataset) -> list[str]:
    return sorted({"{:04d}-{:02d}".format(*dates.month_of(event.date)) for event in dataset.events})


def _schema_text(name: str) -> str:
    return dumps(export_schema(name))


def _data_schema_text(name: str) -> str:
    return dumps(_data_schemas()[name])


@functools.cache
def _data_schemas() -> dict[str, dict[str, object]]:
    return data_schemas()
