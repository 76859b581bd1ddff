"""Read-only indexes over a Dataset that the pages need: events per site, tag, source and month.

Everything is built in one pass over the events, so the cost stays linear in their number, and every
list keeps the dataset's order (oldest first) unless its name says otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypeVar

from markupsafe import Markup

from timeline.contract import dates
from timeline.contract.model import Citation, Dataset, EquipmentSighting, Event, EventRecord, Source
from timeline.contract.statuses import BY_ID
from timeline.site import maps, markup

YearMonth = tuple[int, int]
K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Cited:
    """One citation, with the event it supports."""

    event: Event
    citation: Citation
    index: int


@dataclass(frozen=True, slots=True)
class Sighting:
    event: Event
    sighting: EquipmentSighting


@dataclass(frozen=True, slots=True)
class Views:
    dataset: Dataset
    months: MappingProxyType[YearMonth, tuple[Event, ...]]
    """Newest month first; within a month, newest event first (the timeline's reading order)."""
    month_of: MappingProxyType[str, YearMonth]
    by_site: MappingProxyType[str, tuple[Event, ...]]
    by_tag: MappingProxyType[str, tuple[Event, ...]]
    cited_as_source: MappingProxyType[str, tuple[Cited, ...]]
    cited_as_via: MappingProxyType[str, tuple[Cited, ...]]
    superseded_by: MappingProxyType[str, tuple[str, ...]]
    related: MappingProxyType[str, tuple[str, ...]]
    """Both directions: an event lists what it names in ``related`` and what names it."""
    equipment_at_site: MappingProxyType[str, MappingProxyType[str, tuple[Sighting, ...]]]
    summaries: MappingProxyType[str, Markup]
    cited_source_ids: MappingProxyType[str, str]
    """Event id → the ids of the sources it cites, space-separated, for the page's filters."""
    site_summaries: MappingProxyType[str, Markup]
    source_summaries: MappingProxyType[str, Markup]
    quotes: MappingProxyType[tuple[str, int], Markup]
    """(event id, citation index) → rendered quote, rendered once however many pages show it."""
    site_quotes: MappingProxyType[tuple[str, int], Markup]
    """(site id, citation index) → rendered quote."""
    attributions: MappingProxyType[str, str]
    """Event id → who makes its claim, as a headline says it ('Claimed by Mikhail Bogdanov'); only
    events that name one."""
    headlines: MappingProxyType[str, str]
    """Event id → the title as lists, feeds and search show it: with its attribution in front, so that
    a contested claim is never shown in the site's own voice."""

    events_by_id: MappingProxyType[str, Event]
    atlas: maps.SiteAtlas
    """The sites' places on the maps, for each site page's nearest neighbours."""


def build(dataset: Dataset) -> Views:
    months: defaultdict[YearMonth, list[Event]] = defaultdict(list)
    month_of: dict[str, YearMonth] = {}
    by_site: defaultdict[str, list[Event]] = defaultdict(list)
    by_tag: defaultdict[str, list[Event]] = defaultdict(list)
    as_source: defaultdict[str, list[Cited]] = defaultdict(list)
    as_via: defaultdict[str, list[Cited]] = defaultdict(list)
    superseded_by: defaultdict[str, list[str]] = defaultdict(list)
    related: defaultdict[str, dict[str, None]] = defaultdict(dict)
    equipment: defaultdict[str, defaultdict[str, list[Sighting]]] = defaultdict(lambda: defaultdict(list))
    summaries: dict[str, Markup] = {}
    cited_source_ids: dict[str, str] = {}
    quotes: dict[tuple[str, int], Markup] = {}
    attributions: dict[str, str] = {}
    headlines: dict[str, str] = {}

    for event in dataset.events:
        record = event.record
        year_month = dates.month_of(event.date)
        months[year_month].append(event)
        month_of[event.id] = year_month
        summaries[event.id] = markup.render(record.summary)
        said_by = attribution(record, dataset.sources)
        if said_by:
            attributions[event.id] = said_by
        headlines[event.id] = f"{said_by}: {record.title}" if said_by else record.title
        cited_source_ids[event.id] = " ".join(dict.fromkeys(citation.source for citation in record.citations))
        for site_id in dict.fromkeys(record.sites):
            by_site[site_id].append(event)
            for sighting in record.equipment:
                # An event at two sites counts its equipment at both: the data does not say which.
                equipment[site_id][sighting.type].append(Sighting(event, sighting))
        for tag_id in dict.fromkeys(record.tags):
            by_tag[tag_id].append(event)
        for index, citation in enumerate(record.citations):
            as_source[citation.source].append(Cited(event, citation, index))
            if citation.via is not None:
                as_via[citation.via].append(Cited(event, citation, index))
            if citation.quote is not None:
                quotes[(event.id, index)] = markup.render(citation.quote)
        for old in record.supersedes:
            superseded_by[old].append(event.id)
        for other in record.related:
            # dicts as ordered sets: iteration order must not depend on string hashing.
            related[event.id][other] = None
            related[other][event.id] = None

    return Views(
        dataset=dataset,
        months=_frozen({key: tuple(reversed(months[key])) for key in sorted(months, reverse=True)}),
        month_of=_frozen(month_of),
        by_site=_frozen({key: tuple(value) for key, value in by_site.items()}),
        by_tag=_frozen({key: tuple(value) for key, value in by_tag.items()}),
        cited_as_source=_frozen({key: tuple(value) for key, value in as_source.items()}),
        cited_as_via=_frozen({key: tuple(value) for key, value in as_via.items()}),
        superseded_by=_frozen({key: tuple(value) for key, value in superseded_by.items()}),
        related=_frozen({key: tuple(value) for key, value in related.items()}),
        equipment_at_site=_frozen(
            {
                site_id: _frozen({type_id: tuple(found[type_id]) for type_id in sorted(found)})
                for site_id, found in equipment.items()
            }
        ),
        summaries=_frozen(summaries),
        cited_source_ids=_frozen(cited_source_ids),
        quotes=_frozen(quotes),
        site_quotes=_frozen(
            {
                (key, index): markup.render(citation.quote)
                for key, site in dataset.sites.items()
                for index, citation in enumerate(site.record.citations)
                if citation.quote is not None
            }
        ),
        attributions=_frozen(attributions),
        headlines=_frozen(headlines),
        site_summaries=_frozen({key: markup.render(site.record.summary) for key, site in dataset.sites.items()}),
        source_summaries=_frozen(
            {key: markup.render(source.record.summary) for key, source in dataset.sources.items()}
        ),
        events_by_id=_frozen({event.id: event for event in dataset.events}),
        atlas=maps.SiteAtlas(dataset.sites.values()),
    )


def attribution(record: EventRecord, sources: Mapping[str, Source]) -> str | None:
    """'Claimed by Mikhail Bogdanov', 'Reported by Maxar and The Wall Street Journal'; None for an event
    the site states in its own voice, or one that names nobody."""
    verb = BY_ID[record.status].attribution
    if verb is None or not record.claimed_by:
        return None
    names = [sources[source_id].record.short_name or sources[source_id].record.name for source_id in record.claimed_by]
    spoken = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"{verb} {spoken}"


def _frozen(mapping: dict[K, V]) -> MappingProxyType[K, V]:
    return MappingProxyType(mapping)
