"""``timeline fmt``: one layout for every data file, so that a pull request's diff shows only what changed.

The layout: keys in the order the field reference gives them, two-space indentation with list items
under their key, quotes only where YAML needs them, long lines left as written, and every comment kept.
ruamel.yaml does the round trip, because it keeps comments, block scalars (``|``, ``>-``) and flow lists
(``[hmeimim, tartus]``) as the contributor wrote them; PyYAML drops comments.

A file is read by the checker's hardened loader first, and left alone if that refuses it (aliases,
duplicate keys, a symbolic link, …): ``check`` says what to fix, and the formatter never guesses.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import SingleQuotedScalarString

from . import yamlsafe
from .model import (
    Citation,
    Correction,
    EquipmentRecord,
    EquipmentSighting,
    EventRecord,
    SiteRecord,
    SourceRecord,
    TagRecord,
)
from .problems import ProblemLog, display_path

Outcome = Literal["unchanged", "formatted", "refused"]


def _fields(model: type) -> tuple[str, ...]:
    return tuple(model.model_fields)


# Keys in the order of the field reference (CONTRIBUTING.md), which is the models' order, except that a
# citation's "via" follows its "source": the two say together who reported what.
_CITATION = ("source", "via", *(key for key in _fields(Citation) if key not in ("source", "via")))
_ORDER: dict[str, tuple[str, ...]] = {
    "event": _fields(EventRecord),
    "site": _fields(SiteRecord),
    "source": _fields(SourceRecord),
    "citation": _CITATION,
    "sighting": _fields(EquipmentSighting),
    "correction": _fields(Correction),
    "coordinates": ("lat", "lon"),
    "tag": _fields(TagRecord),
    "equipment": _fields(EquipmentRecord),
}


@dataclass(frozen=True, slots=True)
class Result:
    path: Path
    outcome: Outcome
    problems: ProblemLog


def data_files(data_dir: Path) -> Iterator[tuple[Path, str]]:
    """(file, kind) for every data file, in a fixed order."""
    for kind, folder, pattern in (
        ("event", "events", "**/*.yaml"),
        ("site", "sites", "*.yaml"),
        ("source", "sources", "*.yaml"),
    ):
        for path in sorted((data_dir / folder).glob(pattern)):
            if not path.name.startswith("."):
                yield path, kind
    for kind, name in (("tags", "tags.yaml"), ("equipment-list", "equipment.yaml")):
        if (data_dir / name).is_file():
            yield data_dir / name, kind


def format_text(text: str, kind: str) -> str:
    """``text`` in the house layout. ``kind``: event, site, source, tags or equipment-list."""
    document = _yaml().load(text)
    if isinstance(document, CommentedMap):
        _reorder_document(document, kind)
    document = _quote_ambiguous(document)
    out = io.StringIO()
    _yaml().dump(document, out)
    return out.getvalue()


def format_file(path: Path, kind: str, *, write: bool) -> Result:
    log = ProblemLog()
    if yamlsafe.load_file(path, display_path(path), log) is None or log:
        return Result(path, "refused", log)
    text = path.read_text(encoding="utf-8")
    formatted = format_text(text, kind)
    if formatted == text:
        return Result(path, "unchanged", log)
    if write:
        path.write_text(formatted, encoding="utf-8")
    return Result(path, "formatted", log)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096  # never re-wrap a contributor's lines: a one-word change would rewrap a paragraph
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = False
    return yaml


# Plain words that YAML 1.1 tools (yamllint, many editors) read as booleans or null, though YAML 1.2 and
# the checker read them as text: `country: NO` is Norway. Written quoted, they mean the same to all.
_AMBIGUOUS = re.compile(r"(?i:y|yes|n|no|true|false|on|off|null|~)")


def _quote_ambiguous(node: object) -> object:
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            node[key] = _quote_ambiguous(value)
    elif isinstance(node, CommentedSeq):
        for index, value in enumerate(node):
            node[index] = _quote_ambiguous(value)
    elif type(node) is str and _AMBIGUOUS.fullmatch(node):
        return SingleQuotedScalarString(node)
    return node


def _reorder_document(document: CommentedMap, kind: str) -> None:
    if kind in ("event", "site", "source"):
        _reorder(document, _ORDER[kind])
        for key, nested in (("citations", "citation"), ("equipment", "sighting"), ("corrections", "correction")):
            items = document.get(key)
            if isinstance(items, CommentedSeq):
                for item in items:
                    if isinstance(item, CommentedMap):
                        _reorder(item, _ORDER[nested])
        if isinstance(document.get("coordinates"), CommentedMap):
            _reorder(document["coordinates"], _ORDER["coordinates"])
    else:  # tags.yaml, equipment.yaml: entries keep the curators' order; each entry's keys are put in order
        entry = _ORDER["tag" if kind == "tags" else "equipment"]
        for value in document.values():
            if isinstance(value, CommentedMap):
                _reorder(value, entry)


def _reorder(mapping: CommentedMap, order: tuple[str, ...]) -> None:
    """Known keys in ``order``, then unknown ones as they were (``check`` reports those).

    Each key's comments travel with it: ruamel.yaml files a comment under the key whose line it follows.
    """
    known = [key for key in order if key in mapping]
    unknown = [key for key in mapping if key not in order]
    for key in (*known, *unknown):
        mapping.move_to_end(key)
