"""The shapes of the JSON exports, from which their JSON Schemas and the Open data page's field lists come.

TypedDicts, not models: the exports are built as plain dicts (cheap, and ``json`` writes them fast);
these only describe them. The tests validate every export against the schemas made from them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter
from typing_extensions import TypedDict

from timeline.contract.schema import SCHEMA_DIALECT
from timeline.contract.statuses import EventStatus

FORMAT_VERSION = "2.0"
"""Of the JSON exports. Fields are only added within a major version; a removal or change makes 2.0."""


def _text(description: str, form: str | None = None) -> object:
    """A field's description, and the JSON Schema ``format`` its strings take, if any."""
    return Field(description=description, json_schema_extra={"format": form} if form else None)


class DateEntry(TypedDict):
    edtf: Annotated[str, _text("The date as the data gives it, in EDTF: 2024-12-13, 2024-12~, 2024-12-10/2024-12-13.")]
    earliest: Annotated[str, _text("The first day it can be, as an ISO date.", "date")]
    latest: Annotated[str, _text("The last day it can be, as an ISO date.", "date")]
    text: Annotated[str, _text("The date as the site writes it, e.g. 'around December 2024'.")]
    approximate: Annotated[bool, _text("EDTF '~': the date is approximate.")]
    uncertain: Annotated[bool, _text("EDTF '?': the date is not confirmed.")]


class NamedRef(TypedDict):
    id: str
    name: str


class EquipmentEntry(TypedDict):
    type: Annotated[str, _text("An id from equipment.json.")]
    name: str
    count: Annotated[int | None, _text("How many were seen, if the source says.")]
    note: str | None


class CitationEntry(TypedDict):
    source: Annotated[str, _text("An id from sources.json.")]
    source_name: str
    via: Annotated[str | None, _text("The source through which the report reached us, if any.")]
    via_name: str | None
    title: str
    url: Annotated[str | None, _text("Link to the cited item; null when none is known (see url_note).", "uri")]
    url_note: str | None
    accessed: Annotated[str | None, _text("The day someone last saw it at url, as an ISO date.", "date")]
    archive_url: Annotated[
        str | None, _text("A dated capture of url (Wayback Machine, archive.today); null when none.", "uri")
    ]
    archived: Annotated[str | None, _text("When the capture was taken (RFC 3339), read from archive_url.", "date-time")]
    archive_note: str | None
    published: Annotated[str | None, _text("When the source published it, in EDTF.")]
    quote: Annotated[str | None, _text("The source's words, in Markdown as written.")]
    sha256: Annotated[str | None, _text("SHA-256 of the downloaded file (video, image), 64 hex digits.")]
    collected_by: Annotated[str | None, _text("Who found, saved or downloaded it.")]


class CorrectionEntry(TypedDict):
    date: Annotated[str, _text("When the correction was made, in EDTF (a single day).")]
    note: Annotated[str, _text("What changed and why.")]


class EventEntry(TypedDict):
    id: Annotated[str, _text("Stable identifier; also the anchor on the timeline.")]
    title: str
    headline: Annotated[str, _text("The title as the site shows it: who makes the claim, then the title.")]
    claimed_by: Annotated[list[NamedRef], _text("Who makes the claim (source ids); empty for confirmed events.")]
    date: DateEntry
    status: Annotated[EventStatus, _text("How well established it is; see the methodology page.")]
    sites: list[NamedRef]
    tags: Annotated[list[NamedRef], _text("Tag ids, with their labels as name.")]
    summary: Annotated[str, _text("Markdown, as written.")]
    summary_html: Annotated[str, _text("The summary rendered and sanitised, as the site shows it.")]
    equipment: list[EquipmentEntry]
    citations: list[CitationEntry]
    supersedes: Annotated[list[str], _text("Ids of events this one replaces.")]
    superseded_by: Annotated[list[str], _text("Ids of events that replace this one.")]
    related: Annotated[list[str], _text("Ids of events reporting the same thing, both ways.")]
    corrections: Annotated[list[CorrectionEntry], _text("Corrections made after publication, oldest first.")]
    permalink: Annotated[str, _text("The event's stable address (absolute once the site has one).", "uri-reference")]
    timeline_url: Annotated[str, _text("Where it stands on the timeline now; may change as pages are regrouped.")]
    data_file: Annotated[str, _text("The YAML file it comes from, relative to the data folder.")]
    added: Annotated[
        str, _text("When the event reached the published data (RFC 3339); else the build time.", "date-time")
    ]
    updated: Annotated[str, _text("When its file last changed (RFC 3339).", "date-time")]


class SiteEntry(TypedDict):
    id: str
    name: str
    aliases: list[str]
    kind: str
    country: Annotated[str, _text("ISO 3166-1 alpha-2.")]
    lat: float
    lon: float
    precision: Annotated[str, _text("How exact the coordinates are.")]
    summary: str
    summary_html: str
    citations: Annotated[list[CitationEntry], _text("The evidence for the summary.")]
    page: str
    feed: Annotated[str, _text("Atom feed of the site's events.")]
    events_geojson: Annotated[str, _text("The site's events as GeoJSON.")]
    event_count: int
    latest_event: Annotated[str | None, _text("Id of the latest event at the site, by date.")]
    latest_status: EventStatus | None


class SourceEntry(TypedDict):
    id: str
    name: str
    kind: str
    url: str | None
    affiliation: str | None
    summary: str
    summary_html: str
    page: str
    cited_in: Annotated[int, _text("Events citing the source directly.")]
    cited_via: Annotated[int, _text("Events citing a report that reached us through the source.")]
    first_cited: Annotated[str | None, _text("Earliest date, as an ISO date, of an event citing it.")]
    last_cited: Annotated[str | None, _text("Latest date, as an ISO date, of an event citing it.")]


class TagEntry(TypedDict):
    id: str
    label: str
    description: str
    page: str
    feed: str
    event_count: int


class EquipmentTypeEntry(TypedDict):
    id: str
    name: str
    category: str
    description: str
    sighting_count: Annotated[int, _text("Sightings of it across all events.")]


class ChangeEntry(TypedDict):
    event: Annotated[str, _text("The event's id, as in events.json.")]
    headline: Annotated[str, _text("The event's headline as it is now.")]
    url: Annotated[str, _text("The event's page.", "uri-reference")]
    kind: Annotated[
        Literal["added", "status", "date", "corrected", "edited"],
        _text(
            "added: the event was published; status or date: it changed from 'from' to 'to'; corrected: a "
            "correction was noted (see note); edited: any other change, of wording or sources."
        ),
    ]
    day: Annotated[str, _text("The day of the change (UTC); for a correction, the day its entry gives.", "date")]
    time: Annotated[str | None, _text("When the commit reached the published branch (RFC 3339).", "date-time")]
    commit: Annotated[str | None, _text("The git commit that made the change; null when not known.")]
    commit_url: Annotated[str | None, _text("The commit on the repository's host; null when not known.", "uri")]
    before: Annotated[str | None, _text("For status and date: the value before (a status id, or EDTF).")]
    after: Annotated[str | None, _text("For added, status and date: the value after.")]
    note: Annotated[str | None, _text("For a correction: what changed and why.")]


class _Header(TypedDict):
    format_version: Annotated[str, _text("Of this file's format; a change of the major number breaks readers.")]
    generated: Annotated[str, _text("When the site was built (RFC 3339).", "date-time")]


class EventsMonthFile(_Header):
    month: Annotated[str, _text("The month these events are listed under, as on the timeline: YYYY-MM.")]
    events: Annotated[list[EventEntry], _text("Oldest first, by date then id.")]


class EventsPart(TypedDict):
    month: Annotated[str, _text("YYYY-MM: the events the timeline lists under this month (where each began).")]
    count: Annotated[int, _text("How many events the month has.")]
    json: Annotated[str, _text("Its events as JSON (schema/api-events-month.schema.json).", "uri-reference")]
    csv: Annotated[str, _text("The same events as CSV.", "uri-reference")]
    ics: Annotated[str, _text("The same events as iCalendar.", "uri-reference")]


class EventsFile(_Header):
    count: Annotated[int, _text("How many events there are, in all the parts.")]
    parts: Annotated[
        list[EventsPart],
        _text(
            "Every event is in exactly one part: one file of each format per month, oldest month first. "
            "Split so that no file grows past what static hosts accept, however many events there are."
        ),
    ]


class SitesFile(_Header):
    sites: list[SiteEntry]


class SourcesFile(_Header):
    sources: list[SourceEntry]


class TagsFile(_Header):
    tags: list[TagEntry]


class EquipmentFile(_Header):
    equipment: list[EquipmentTypeEntry]


class ChangesFile(_Header):
    history_known: Annotated[
        bool,
        _text(
            "Whether the site was built with the repository's whole history. Without it, when events were "
            "added and changed is not known, and only the corrections noted in the data are listed."
        ),
    ]
    changes: Annotated[list[ChangeEntry], _text("Newest first.")]


FILE_SHAPES: dict[str, type] = {
    "events": EventsFile,
    "sites": SitesFile,
    "sources": SourcesFile,
    "tags": TagsFile,
    "equipment": EquipmentFile,
    "changes": ChangesFile,
}
"""api/<name>.json → its shape."""


PART_SHAPES: dict[str, tuple[type, str]] = {"events-month": (EventsMonthFile, "api/events/YYYY-MM.json")}
"""The parts ``api/events.json`` lists → their shape and their path's pattern."""


def export_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of ``api/<name>.json``, or of a part (``PART_SHAPES``)."""
    shape, title = PART_SHAPES[name] if name in PART_SHAPES else (FILE_SHAPES[name], f"api/{name}.json")
    schema = TypeAdapter(shape).json_schema()
    return {**schema, "$schema": SCHEMA_DIALECT, "$id": f"api-{name}.schema.json", "title": title}
