"""The dataset as plain entries (see ``shapes``), built once and shared by every export."""

from __future__ import annotations

from functools import cached_property

from timeline.contract import dates
from timeline.contract.archives import read_capture
from timeline.contract.model import Citation, Event
from timeline.exports.context import ExportContext, rfc3339
from timeline.exports.shapes import (
    ChangeEntry,
    CitationEntry,
    DateEntry,
    EquipmentTypeEntry,
    EventEntry,
    SiteEntry,
    SourceEntry,
    TagEntry,
)
from timeline.site import urls


class Entries:
    """Each kind of entry, built the first time an export asks for it."""

    def __init__(self, context: ExportContext) -> None:
        self.context = context
        self.views = context.views
        self.dataset = context.views.dataset

    @cached_property
    def events(self) -> list[EventEntry]:
        """Oldest first, as the dataset orders them."""
        return [self._event(event) for event in self.dataset.events]

    @cached_property
    def events_by_month(self) -> dict[str, list[EventEntry]]:
        """YYYY-MM → its events, oldest first: the month the timeline lists each under (where it began)."""
        months: dict[str, list[EventEntry]] = {}
        for event, entry in zip(self.dataset.events, self.events, strict=True):
            year, month = dates.month_of(event.date)
            months.setdefault(f"{year:04d}-{month:02d}", []).append(entry)
        return dict(sorted(months.items()))

    @cached_property
    def events_by_id(self) -> dict[str, EventEntry]:
        return {entry["id"]: entry for entry in self.events}

    @cached_property
    def added_rank(self) -> dict[str, int]:
        """Event id → its place in the feeds' order, 0 first: an event added late with an old date
        still comes first. Ties (a batch committed together) take the timeline's order, newest first."""
        times = self.context.times
        position = {entry["id"]: index for index, entry in enumerate(self.events)}
        ordered = sorted(self.events, key=lambda entry: (times[entry["id"]].added, position[entry["id"]]), reverse=True)
        return {entry["id"]: rank for rank, entry in enumerate(ordered)}

    @cached_property
    def changes(self) -> list[ChangeEntry]:
        """Newest first."""
        context = self.context
        commit_url = context.repository.commit_url if context.repository else None
        return [
            {
                "event": change.event.id,
                "headline": self.views.headlines[change.event.id],
                "url": context.url(urls.event(change.event.id)),
                "kind": change.kind,  # type: ignore[typeddict-item]  # one of changes.KINDS
                "day": change.day.isoformat(),
                "time": rfc3339(change.time) if change.time is not None else None,
                "commit": change.commit,
                "commit_url": commit_url(change.commit) if commit_url and change.commit else None,
                "before": change.before,
                "after": change.after,
                "note": change.note,
            }
            for change in context.changes()
        ]

    def _event(self, event: Event) -> EventEntry:
        record, views, dataset, context = event.record, self.views, self.dataset, self.context
        times = context.times[event.id]
        return {
            "id": event.id,
            "title": record.title,
            "headline": views.headlines[event.id],
            "claimed_by": [
                {"id": source_id, "name": dataset.sources[source_id].record.name} for source_id in record.claimed_by
            ],
            "date": date_entry(event.date),
            "status": record.status,
            "sites": [{"id": site_id, "name": dataset.sites[site_id].record.name} for site_id in record.sites],
            "tags": [{"id": tag_id, "name": dataset.tags[tag_id].label} for tag_id in record.tags],
            "summary": record.summary,
            "summary_html": str(views.summaries[event.id]),
            "equipment": [
                {
                    "type": seen.type,
                    "name": dataset.equipment[seen.type].name,
                    "count": seen.count,
                    "note": seen.note,
                }
                for seen in record.equipment
            ],
            "citations": [self._citation(citation) for citation in record.citations],
            "supersedes": list(record.supersedes),
            "superseded_by": list(views.superseded_by.get(event.id, ())),
            "related": list(views.related.get(event.id, ())),
            "corrections": [{"date": correction.date, "note": correction.note} for correction in record.corrections],
            "permalink": context.url(urls.event(event.id)),
            "timeline_url": context.url(urls.event_on_timeline(event.id, views.month_of[event.id])),
            "data_file": event.path.removeprefix(context.data_dir.rstrip("/") + "/"),
            "added": rfc3339(times.added),
            "updated": rfc3339(times.changed),
        }

    def _citation(self, citation: Citation) -> CitationEntry:
        sources = self.dataset.sources
        return {
            "source": citation.source,
            "source_name": sources[citation.source].record.name,
            "via": citation.via,
            "via_name": sources[citation.via].record.name if citation.via else None,
            "title": citation.title,
            "url": citation.url,
            "url_note": citation.url_note,
            "accessed": citation.accessed,
            "archive_url": citation.archive_url,
            "archived": (
                rfc3339(int(read_capture(citation.archive_url).captured.timestamp())) if citation.archive_url else None
            ),
            "archive_note": citation.archive_note,
            "published": citation.published,
            "quote": citation.quote,
            "sha256": citation.sha256,
            "collected_by": citation.collected_by,
        }

    @cached_property
    def sites(self) -> list[SiteEntry]:
        views, context = self.views, self.context
        entries: list[SiteEntry] = []
        for site in self.dataset.sites.values():
            record = site.record
            events = views.by_site.get(site.id, ())
            latest = events[-1] if events else None
            entries.append(
                {
                    "id": site.id,
                    "name": record.name,
                    "aliases": list(record.aliases),
                    "kind": record.kind,
                    "country": record.country,
                    "lat": record.coordinates.lat,
                    "lon": record.coordinates.lon,
                    "precision": record.precision,
                    "summary": record.summary,
                    "summary_html": str(views.site_summaries[site.id]),
                    "citations": [self._citation(citation) for citation in record.citations],
                    "page": context.url(urls.site(site.id)),
                    "feed": context.url(urls.site_feed(site.id)),
                    "events_geojson": context.url(urls.site_events_geojson(site.id)),
                    "event_count": len(events),
                    "latest_event": latest.id if latest else None,
                    "latest_status": latest.record.status if latest else None,
                }
            )
        return entries

    @cached_property
    def sources(self) -> list[SourceEntry]:
        views, context = self.views, self.context
        entries: list[SourceEntry] = []
        for source in self.dataset.sources.values():
            record = source.record
            cited = views.cited_as_source.get(source.id, ())
            via = views.cited_as_via.get(source.id, ())
            days = [item.event.date for item in (*cited, *via)]
            entries.append(
                {
                    "id": source.id,
                    "name": record.name,
                    "kind": record.kind,
                    "url": record.url,
                    "affiliation": record.affiliation,
                    "summary": record.summary,
                    "summary_html": str(views.source_summaries[source.id]),
                    "page": context.url(urls.source(source.id)),
                    "cited_in": len({item.event.id for item in cited}),
                    "cited_via": len({item.event.id for item in via}),
                    "first_cited": min(day.earliest for day in days).isoformat() if days else None,
                    "last_cited": max(day.latest for day in days).isoformat() if days else None,
                }
            )
        return entries

    @cached_property
    def tags(self) -> list[TagEntry]:
        views, context = self.views, self.context
        return [
            {
                "id": tag_id,
                "label": tag.label,
                "description": tag.description,
                "page": context.url(urls.tag(tag_id)),
                "feed": context.url(urls.tag_feed(tag_id)),
                "event_count": len(views.by_tag.get(tag_id, ())),
            }
            for tag_id, tag in self.dataset.tags.items()
        ]

    @cached_property
    def equipment(self) -> list[EquipmentTypeEntry]:
        counts: dict[str, int] = {}
        for event in self.dataset.events:
            for seen in event.record.equipment:
                counts[seen.type] = counts.get(seen.type, 0) + 1
        return [
            {
                "id": type_id,
                "name": kind.name,
                "category": kind.category,
                "description": kind.description,
                "sighting_count": counts.get(type_id, 0),
            }
            for type_id, kind in self.dataset.equipment.items()
        ]


def date_entry(date: dates.EdtfDate) -> DateEntry:
    return {
        "edtf": date.text,
        "earliest": date.earliest.isoformat(),
        "latest": date.latest.isoformat(),
        "text": dates.describe(date),
        "approximate": date.is_approximate,
        "uncertain": date.is_uncertain,
    }
