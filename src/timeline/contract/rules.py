"""Rules that span files: ids are unique, references resolve, dates are real and past (evidence: ``sourcing``).

Each rule reads the loaded records and their YAML trees, and logs problems at the value at fault.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from timeline.contract import dates
from timeline.contract.hints import Suggestions, slug
from timeline.contract.model import (
    EquipmentRecord,
    EventRecord,
    SiteRecord,
    SourceRecord,
    TagRecord,
)
from timeline.contract.problems import Position, ProblemLog
from timeline.contract.yamlsafe import Mapping, Node, Scalar, descend

RecordT = TypeVar("RecordT")


@dataclass(frozen=True, slots=True)
class Loaded(Generic[RecordT]):
    """A record with what is needed to point back into its file. When the file has problems of its own,
    the record is salvaged (see records.salvage): invalid fields are empty, and it is never published."""

    id: str
    shown_as: str
    node: Mapping
    record: RecordT

    def has(self, *path: str | int) -> bool:
        """Whether the file gives a value at ``path``, valid or not."""
        found = descend(self.node, path)
        return found.complete and not (isinstance(found.node, Scalar) and found.node.value is None)

    def at(self, *path: str | int) -> Position:
        """The position of the value at ``path``, or of the nearest enclosing node that exists."""
        node = descend(self.node, path).node
        return Position(self.shown_as, node.line, node.column)


@dataclass(frozen=True, slots=True)
class Vocabulary(Generic[RecordT]):
    shown_as: str
    entries: dict[str, RecordT]
    """Only the entries that validated."""
    ids: frozenset[str] | None
    """Every id given, valid entry or not; None when the file could not be read at all, so that
    references to it are not checked (and not all reported as unknown)."""


@dataclass(frozen=True, slots=True)
class Bundle:
    events: list[Loaded[EventRecord]]
    sites: list[Loaded[SiteRecord]]
    sources: list[Loaded[SourceRecord]]
    tags: Vocabulary[TagRecord]
    equipment: Vocabulary[EquipmentRecord]
    # Ids of every file found, valid or not: a file with a typo is reported once, in itself, and not
    # again as an "unknown id" in every file that refers to it.
    event_ids: frozenset[str]
    site_ids: frozenset[str]
    source_ids: frozenset[str]


PLACEHOLDER_PREFIX = "Replace this"
"""How every placeholder in scaffold/ and in the comments `timeline new` writes begins."""


def check_placeholders(items: Iterable[Loaded[Any]], log: ProblemLog) -> None:
    """No text left as the scaffold's placeholder: it is valid YAML and valid text, and would be published."""
    for item in items:
        pending: list[tuple[str, Node]] = [("", item.node)]
        while pending:
            name, node = pending.pop()
            if isinstance(node, Scalar):
                if node.value is not None and node.value.lstrip().startswith(PLACEHOLDER_PREFIX):
                    log.add(
                        Position(item.shown_as, node.line, node.column),
                        f"'{name}' still holds the placeholder text of the template",
                        "write the real text, or delete the field if it is optional",
                    )
            elif isinstance(node, Mapping):
                pending += [(key, value) for key, (_, value) in node.items.items()]
            else:
                pending += [(name, value) for value in node.items]


def check_unique_ids(kind: str, items: Iterable[Loaded[Any]], log: ProblemLog) -> None:
    first_seen: dict[str, Loaded[Any]] = {}
    for item in items:
        if item.id in first_seen:
            log.add(
                Position(item.shown_as),
                f"{kind} id '{item.id}' is already used by {first_seen[item.id].shown_as}",
                "ids must be unique; rename one of the files",
            )
        else:
            first_seen[item.id] = item


def check_site_aliases(sites: list[Loaded[SiteRecord]], log: ProblemLog) -> dict[str, str]:
    """Aliases must not be ambiguous. Returns alias slug → site id, for hints and alias pages."""
    owner: dict[str, str] = {site.id: site.id for site in sites}
    for site in sites:
        for index, alias in enumerate(site.record.aliases):
            key = slug(alias)
            # An alias in another script (Хмеймим) has no Latin form to be an address; it is still
            # shown and searchable on the site's page.
            if not key or key == site.id:
                continue
            if key in owner and owner[key] != site.id:
                log.add(
                    site.at("aliases", index),
                    f"alias '{alias}' is already the id or an alias of site '{owner[key]}'",
                )
                continue
            owner[key] = site.id
    return {alias: site_id for alias, site_id in owner.items() if alias != site_id}


def check_event_dates(event: Loaded[EventRecord], today: dt.date, log: ProblemLog) -> dates.EdtfDate | None:
    if event.record.date is None:  # invalid or missing: already reported, see records.salvage
        return None
    try:
        parsed = dates.parse(event.record.date)
    except dates.DateError as error:
        log.add(event.at("date"), f"'date': {error}")
        return None
    for part in (parsed.start, parsed.end):
        if part is not None and part.earliest > today:
            log.add(event.at("date"), f"date '{parsed.text}' is after the build date {today.isoformat()}")
            break
    # Year folders are optional, but one that names a year must hold that year's events.
    folders = event.shown_as.rsplit("/events/", 1)[-1].split("/")[:-1]
    for folder in folders:
        if len(folder) == 4 and folder.isdigit() and int(folder) != parsed.earliest.year:
            log.add(
                event.at("date"),
                f"event dated {parsed.earliest.year} is filed in the folder {folder}/",
                f"move it to events/{parsed.earliest.year}/ or correct the date",
            )
            break
    for index, correction in enumerate(event.record.corrections):
        at = event.at("corrections", index, "date")
        try:
            made = dates.parse(correction.date)
        except dates.DateError as error:
            log.add(at, f"'corrections[{index}].date': {error}")
            continue
        if not made.is_exact_day:
            log.add(at, "a correction's date is the day it was made, e.g. 2024-12-16")
        elif made.earliest > today:
            log.add(at, f"correction dated {made.text} is after the build date {today.isoformat()}")
    return parsed


@dataclass(frozen=True)
class References:
    """What an event may refer to, with suggestions for each kind, prepared once per run."""

    sites: frozenset[str]
    tags: frozenset[str] | None
    equipment: frozenset[str] | None
    sources: frozenset[str]
    events: frozenset[str]
    suggest: dict[str, Suggestions]

    @classmethod
    def of(cls, bundle: Bundle, site_aliases: dict[str, str]) -> References:
        return cls(
            sites=bundle.site_ids,
            tags=bundle.tags.ids,
            equipment=bundle.equipment.ids,
            sources=bundle.source_ids,
            events=bundle.event_ids,
            suggest={
                "site": Suggestions(bundle.site_ids, site_aliases),
                "tag": Suggestions(bundle.tags.ids or ()),
                "equipment type": Suggestions(bundle.equipment.ids or ()),
                "source": Suggestions(bundle.source_ids),
                "event": Suggestions(bundle.event_ids),
            },
        )


def check_event_references(event: Loaded[EventRecord], references: References, log: ProblemLog) -> None:
    """Sites, tags, equipment and other events exist; citations are checked in ``sourcing``."""
    record = event.record

    def need(known: frozenset[str] | None, value: str | None, what: str, *path: str | int) -> None:
        # None: the value is missing or invalid, which its own problem already says.
        if known is not None and value is not None and value not in known:
            log.add(event.at(*path), f"unknown {what} '{value}'", references.suggest[what].hint(value))

    for field in ("sites", "tags", "claimed_by", "supersedes", "related"):
        seen: set[str] = set()
        for index, value in enumerate(getattr(record, field)):
            if value in seen:
                log.add(event.at(field, index), f"'{value}' is listed twice in '{field}'")
            seen.add(value)
    for index, site_id in enumerate(record.sites):
        need(references.sites, site_id, "site", "sites", index)
    for index, tag_id in enumerate(record.tags):
        need(references.tags, tag_id, "tag", "tags", index)
    for index, claimant in enumerate(record.claimed_by):
        need(references.sources, claimant, "source", "claimed_by", index)
    for index, sighting in enumerate(record.equipment):
        need(references.equipment, sighting.type, "equipment type", "equipment", index, "type")
    for field in ("supersedes", "related"):
        for index, other in enumerate(getattr(record, field)):
            if other == event.id:
                log.add(event.at(field, index), f"an event cannot list itself in '{field}'")
            else:
                need(references.events, other, "event", field, index)
