"""Load a data folder into a validated Dataset, or into the full list of problems that stop it."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from pydantic import BaseModel

from timeline.contract import limits, rules, sourcing
from timeline.contract.hints import slug
from timeline.contract.model import (
    ID_RE,
    Dataset,
    EquipmentRecord,
    Event,
    EventRecord,
    Site,
    SiteRecord,
    Source,
    SourceRecord,
    TagRecord,
)
from timeline.contract.problems import Position, Problem, ProblemLog, display_path
from timeline.contract.records import build_record, salvage
from timeline.contract.yamlsafe import Mapping, load_bytes, load_file, read_file

RecordT = TypeVar("RecordT", bound=BaseModel)

EVENTS_DIR = "events"
SITES_DIR = "sites"
SOURCES_DIR = "sources"
TAGS_FILE = "tags.yaml"
EQUIPMENT_FILE = "equipment.yaml"


@dataclass(frozen=True)
class LoadResult:
    dataset: Dataset | None
    """None whenever there is any problem: a partial dataset must never be published."""
    problems: list[Problem]


def load(data_dir: Path, today: dt.date) -> LoadResult:
    """Load and check everything under ``data_dir``; no event may lie after ``today``.

    1. Find the files: events/**/*.yaml, sites/*.yaml, sources/*.yaml, tags.yaml, equipment.yaml.
    2. Read each with the hardened loader and validate it against its record model.
    3. Check what spans files: unique ids, references, dates, sourcing rules.
    4. Only if nothing is wrong, assemble the frozen Dataset, events sorted by date.
    """
    with _cyclic_gc_paused():
        return _load(data_dir, today)


@contextlib.contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    # Loading creates hundreds of thousands of small objects and keeps them all alive. Each cyclic GC
    # pass scans every live object, so with 10,000 files those passes cost more than the parsing
    # itself (measured: about half of the time of `check`). What we build has no reference cycles,
    # so nothing is lost by pausing the collector; reference counting still frees memory as usual.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(data_dir: Path, today: dt.date) -> LoadResult:
    log = ProblemLog()
    if not data_dir.is_dir():
        log.add(Position(display_path(data_dir)), "data folder not found")
        return LoadResult(None, log.sorted())

    event_paths = _find(data_dir / EVENTS_DIR, recursive=True, log=log)
    site_paths = _find(data_dir / SITES_DIR, recursive=False, log=log)
    source_paths = _find(data_dir / SOURCES_DIR, recursive=False, log=log)

    suspects: set[str] = set()
    bundle = rules.Bundle(
        events=_load_records(event_paths, EventRecord, log, suspects),
        sites=_load_records(site_paths, SiteRecord, log, suspects),
        sources=_load_records(source_paths, SourceRecord, log, suspects),
        tags=_load_vocabulary(data_dir / TAGS_FILE, TagRecord, log),
        equipment=_load_vocabulary(data_dir / EQUIPMENT_FILE, EquipmentRecord, log),
        event_ids=frozenset(path.stem for path in event_paths),
        site_ids=frozenset(path.stem for path in site_paths),
        source_ids=frozenset(path.stem for path in source_paths),
    )

    for loaded in (bundle.events, bundle.sites, bundle.sources):
        rules.check_placeholders([item for item in loaded if item.shown_as in suspects], log)
    rules.check_unique_ids("event", bundle.events, log)
    rules.check_unique_ids("site", bundle.sites, log)
    rules.check_unique_ids("source", bundle.sources, log)
    site_aliases = rules.check_site_aliases(bundle.sites, log)
    sources = {source.id: source.record for source in bundle.sources}
    references = rules.References.of(bundle, site_aliases)
    for site in bundle.sites:
        sourcing.check_citations(
            site, site.record.citations, bundle.source_ids, references.suggest["source"], sources, today, log
        )
        sourcing.check_site_sourcing(site, log)
    events: list[Event] = []
    suggest_source = references.suggest["source"]
    for event in bundle.events:
        parsed = rules.check_event_dates(event, today, log)
        rules.check_event_references(event, references, log)
        sourcing.check_citations(event, event.record.citations, bundle.source_ids, suggest_source, sources, today, log)
        sourcing.check_attribution(event, bundle.source_ids, log)
        if parsed is not None:
            events.append(Event(event.id, event.shown_as, parsed, event.record))

    if log:
        return LoadResult(None, log.sorted())
    events.sort(key=lambda event: (event.date.sort_key(), event.id))
    dataset = Dataset(
        events=tuple(events),
        sites=MappingProxyType(
            {site.id: Site(site.id, site.shown_as, site.record) for site in sorted(bundle.sites, key=_by_id)}
        ),
        sources=MappingProxyType(
            {
                source.id: Source(source.id, source.shown_as, source.record)
                for source in sorted(bundle.sources, key=_by_id)
            }
        ),
        tags=MappingProxyType(dict(sorted(bundle.tags.entries.items()))),
        equipment=MappingProxyType(dict(sorted(bundle.equipment.entries.items()))),
        site_aliases=MappingProxyType(dict(sorted(site_aliases.items()))),
    )
    return LoadResult(dataset, [])


def _by_id(item: rules.Loaded[Any]) -> str:
    return item.id


def data_files(data_dir: Path, log: ProblemLog) -> list[tuple[Path, str]]:
    """(file, kind) for every data file ``load`` reads, in its order; kind: event, site, source, tags or
    equipment-list. For tools that work file by file (``fmt``), so that they read exactly what ``check`` reads."""
    found = [(path, "event") for path in _find(data_dir / EVENTS_DIR, recursive=True, log=log)]
    found += [(path, "site") for path in _find(data_dir / SITES_DIR, recursive=False, log=log)]
    found += [(path, "source") for path in _find(data_dir / SOURCES_DIR, recursive=False, log=log)]
    for name, kind in ((TAGS_FILE, "tags"), (EQUIPMENT_FILE, "equipment-list")):
        if (data_dir / name).is_file():
            found.append((data_dir / name, kind))
    return found


def _find(folder: Path, recursive: bool, log: ProblemLog) -> list[Path]:
    if folder.is_symlink():
        # `data/sources -> ../..` would have check read, and fmt rewrite, files outside the data folder.
        log.add(Position(display_path(folder)), "symbolic links are not allowed in the data folder")
        return []
    if not folder.is_dir():
        log.add(
            Position(display_path(folder)), "folder not found", "every data folder has events/, sites/ and sources/"
        )
        return []
    found: list[Path] = []
    # os.scandir rather than Path.rglob: its entries know their type without a stat() per file.
    pending = [folder]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                path = Path(entry.path)
                if entry.name.lower() == "readme.md":
                    continue
                if entry.name.startswith("."):
                    # Reported, not skipped: a hidden file in a pull request is one a reviewer may not see.
                    log.add(Position(display_path(path)), "hidden file or folder in the data folder; remove it")
                    continue
                if entry.is_symlink():
                    log.add(Position(display_path(path)), "symbolic links are not allowed in the data folder")
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if recursive and _YEAR_FOLDER.fullmatch(entry.name) and path.parent == folder:
                        pending.append(path)
                    elif recursive:
                        log.add(
                            Position(display_path(path)),
                            "folders under events/ are years, like 2024; this one is not read",
                            "move its files into the folder of their year",
                        )
                    else:
                        log.add(
                            Position(display_path(path)),
                            "folders here are not read",
                            f"move its files up into {folder.name}/",
                        )
                elif entry.name.endswith(".yaml"):
                    found.append(path)
                elif path.suffix.lower() in (".yml", ".yaml"):
                    log.add(
                        Position(display_path(path)),
                        "data files end in '.yaml'",
                        f"rename it to {_suggest_id(path.stem)}.yaml",
                    )
                else:
                    log.add(
                        Position(display_path(path)), "unexpected file in a data folder; only .yaml files belong here"
                    )
    # Sorted so that problems and output never depend on the file system's order.
    return sorted(found)


_YEAR_FOLDER = re.compile(r"[0-9]{4}")

_PLACEHOLDER_WORD = rules.PLACEHOLDER_PREFIX.split()[0].encode()
"""In the bytes of every file that holds a placeholder, however its text is folded over lines: the
tree of only those files is searched (walking every file's tree cost a fifth of `check`)."""


def _load_records(
    paths: list[Path], model: type[RecordT], log: ProblemLog, suspects: set[str]
) -> list[rules.Loaded[RecordT]]:
    """The files' records; adds to ``suspects`` the files that may hold a placeholder."""
    loaded: list[rules.Loaded[RecordT]] = []
    for path in paths:
        shown_as = display_path(path)
        identifier = path.stem
        if not ID_RE.fullmatch(identifier) or len(identifier) > limits.IDENTIFIER:
            log.add(
                Position(shown_as),
                f"file name '{path.name[:120]}' is not a valid id: lowercase letters, digits and single hyphens,"
                f" at most {limits.IDENTIFIER} characters",
                f"rename it to {_suggest_id(identifier)}.yaml",
            )
        try:
            raw = read_file(path, shown_as, log)
            node = None if raw is None else load_bytes(raw, shown_as, log)
            if raw is not None and _PLACEHOLDER_WORD in raw:
                suspects.add(shown_as)
            if not isinstance(node, Mapping):
                if node is not None:
                    build_record(model, node, shown_as, log)  # reports what the file holds instead
                continue
            record = build_record(model, node, shown_as, log) or salvage(model, node)
        except Exception as error:  # noqa: BLE001 - a bug of ours must still name the file, not crash the run
            log.add(Position(shown_as), f"internal error while checking this file, please report it: {error!r}")
            continue
        loaded.append(rules.Loaded(identifier, shown_as, node, record))
    return loaded


def _load_vocabulary(path: Path, model: type[RecordT], log: ProblemLog) -> rules.Vocabulary[RecordT]:
    shown_as = display_path(path)
    entries: dict[str, RecordT] = {}
    if not path.is_file():
        log.add(Position(shown_as), "file not found")
        return rules.Vocabulary(shown_as, entries, None)
    node = load_file(path, shown_as, log)
    if node is None:
        return rules.Vocabulary(shown_as, entries, None)
    if not isinstance(node, Mapping):
        log.add(Position(shown_as, node.line, node.column), "file must hold a mapping of ids to entries")
        return rules.Vocabulary(shown_as, entries, None)
    if len(node.items) > limits.VOCABULARY:
        log.add(
            Position(shown_as, node.line, node.column),
            f"the file has {len(node.items):,} entries; the limit is {limits.VOCABULARY}",
            "each entry gets a page and a feed: merge the ones that overlap",
        )
        return rules.Vocabulary(shown_as, entries, None)
    for identifier, (key, value) in node.items.items():
        if len(identifier) > limits.IDENTIFIER:
            log.add(
                Position(shown_as, key.line, key.column),
                f"the id '{identifier[:40]}…' is {len(identifier):,} characters long; the limit is {limits.IDENTIFIER}",
            )
            continue
        if not ID_RE.fullmatch(identifier):
            log.add(
                Position(shown_as, key.line, key.column),
                f"'{identifier}' is not a valid id: use lowercase letters, digits and single hyphens",
                f"did you mean '{_suggest_id(identifier)}'?" if slug(identifier) else "",
            )
            continue
        record = build_record(model, value, shown_as, log, prefix=(identifier,))
        if record is not None:
            entries[identifier] = record
    return rules.Vocabulary(shown_as, entries, frozenset(node.items))


def _suggest_id(text: str) -> str:
    return (slug(text)[: limits.IDENTIFIER].strip("-")) or "event-name"
