"""``timeline fmt``: one layout for every data file, so that a pull request's diff shows only what changed.

The layout: keys in the order the field reference gives them, two-space indentation with list items
under their key, quotes only where YAML needs them, long lines left as written, and every comment kept.
ruamel.yaml does the round trip, because it keeps comments, block scalars (``|``, ``>-``) and flow lists
(``[hmeimim, tartus]``) as the contributor wrote them; PyYAML drops comments.

A file is read by the checker's hardened loader first, and left alone if that refuses it (aliases,
duplicate keys, a symbolic link, …): ``check`` says what to fix, and the formatter never guesses.
"""

from __future__ import annotations

import bisect
import io
import os
import re
import stat
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.compat import ordereddict
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from ruamel.yaml.tag import Tag

from timeline.contract import dataset, yamlsafe
from timeline.contract.model import (
    Citation,
    Correction,
    EquipmentRecord,
    EquipmentSighting,
    EventRecord,
    SiteRecord,
    SourceRecord,
    TagRecord,
)
from timeline.contract.problems import Position, ProblemLog, display_path

Outcome = Literal["unchanged", "formatted", "refused"]


def _fields(model: type[BaseModel]) -> tuple[str, ...]:
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


def data_files(data_dir: Path, log: ProblemLog) -> list[tuple[Path, str]]:
    """(file, kind) for every file ``check`` reads, and no other: not through a symbolic link, not hidden."""
    return dataset.data_files(data_dir, log)


def format_text(text: str, kind: str) -> str:
    """``text`` in the house layout, unchecked. ``kind``: event, site, source, tags or equipment-list."""
    document = _yaml().load(text.replace("\r\n", "\n"))
    if isinstance(document, CommentedMap):
        _reorder_document(document, kind)
    document = _normalise_quotes(document)
    out = io.StringIO()
    _yaml().dump(document, out)
    # Blank lines at the ends of a file mean nothing, and ruamel.yaml would keep some of them, moving
    # them about as keys move: one run would not settle the layout.
    return out.getvalue().strip("\n") + "\n"


def format_checked(text: str, kind: str, shown_as: str, log: ProblemLog) -> str | None:
    """``text`` in the house layout; or None, the reason logged, when laying it out would change what
    the file says or drop or move a comment. The formatter refuses rather than guess."""
    try:
        formatted = format_text(text, kind)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        position = Position(shown_as, mark.line + 1, mark.column + 1) if mark else Position(shown_as)
        problem = error.problem or error.context or "malformed YAML"
        hint = "a tab is the usual cause: use spaces" if "\t" in text else ""
        log.add(position, f"fmt cannot read this: {problem}", hint)
        return None
    except Exception as error:  # noqa: BLE001 - a file ruamel.yaml cannot handle must not stop the others
        log.add(Position(shown_as), f"fmt cannot lay out this file ({type(error).__name__}: {error}); please report it")
        return None
    try:
        settled = format_text(formatted, kind) == formatted
    except Exception:  # noqa: BLE001 - treated as not settling, below
        settled = False
    if not settled:
        log.add(Position(shown_as), "fmt cannot settle on one layout for this file; please report it")
        return None
    before = yamlsafe.load_bytes(text.encode("utf-8"), shown_as, ProblemLog())
    after = yamlsafe.load_bytes(formatted.encode("utf-8"), shown_as, ProblemLog())
    if before is None or after is None or _meaning(before) != _meaning(after):
        log.add(Position(shown_as), "fmt would change what this file says, so it leaves it alone; please report it")
        return None
    kept = Counter(comment for comment, _, _ in _comments(formatted))
    for comment, line, column in _comments(text):
        if kept[comment] > 0:
            kept[comment] -= 1
            continue
        log.add(
            Position(shown_as, line, column),
            "fmt cannot keep this comment where it is: it would be dropped or end up next to another field",
            "put it at the end of the line it is about, or put the keys in the order of the field reference",
        )
        return None
    return formatted


def format_file(path: Path, kind: str, *, write: bool) -> Result:
    log = ProblemLog()
    shown_as = display_path(path)
    raw = yamlsafe.read_file(path, shown_as, log)
    # The bytes that were checked are the bytes formatted and compared: nothing is read twice.
    tree = None if raw is None else yamlsafe.load_bytes(raw, shown_as, log)
    if tree is None or log:
        return Result(path, "refused", log)
    if not isinstance(tree, yamlsafe.Mapping):
        log.add(Position(shown_as, tree.line, tree.column), "file must hold a mapping of fields, like 'title: …'")
        return Result(path, "refused", log)
    assert raw is not None  # a tree was read from it
    text = raw.decode("utf-8")
    formatted = format_checked(text.removeprefix("\ufeff"), kind, shown_as, log)
    if formatted is None:
        return Result(path, "refused", log)
    if formatted == text:
        return Result(path, "unchanged", log)
    if write:
        _replace(path, formatted)
    return Result(path, "formatted", log)


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to a new file beside ``path``, then rename it over ``path``.

    An interrupted run leaves the old file or the new one, never half of each. The new file is made by
    mkstemp (O_EXCL, a random name), so no link a pull request placed in the folder can redirect the
    write, and its mode is set on the open descriptor, never through a path.
    """
    mode = os.lstat(path).st_mode
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".fmt")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            os.fchmod(stream.fileno(), stat.S_IMODE(mode) if stat.S_ISREG(mode) else 0o644)
            stream.write(text)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


class _TextResolver(VersionedResolver):
    """Every plain scalar is text, or null, as the checker's loader reads it.

    ruamel.yaml's own resolver would read ``True``, ``+1`` and ``2024-12-13`` as a boolean, a number
    and a date, and write them back as ``true``, ``1`` and a normalised date (or fail on ``2024-11-31``).
    The model, not YAML, decides what a field's text means, so the formatter leaves that text as it is.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            return _NULL_TAG if value in yamlsafe.NULLS else self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)


_NULL_TAG = Tag(suffix="tag:yaml.org,2002:null")


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Resolver = _TextResolver
    yaml.width = 4096  # never re-wrap a contributor's lines: a one-word change would rewrap a paragraph
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True  # to know which scalars were quoted; _normalise_quotes decides what stays so
    return yaml


# Plain words that YAML 1.1 tools (yamllint, many editors) read as booleans or null, though YAML 1.2 and
# the checker read them as text: `country: NO` is Norway. Written quoted, they mean the same to all.
# `=` too: PyYAML reads a plain `=` as a "value" tag it cannot build.
_AMBIGUOUS = re.compile(r"(?i:y|yes|n|no|true|false|on|off|null|~|=)")


def _normalise_quotes(node: object) -> object:
    """Quotes only where they carry meaning: around number-like text (`"2"` is text to the checker, `2`
    a number) and around words YAML 1.1 tools misread. Elsewhere the emitter quotes what YAML needs."""
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            # Past CommentedMap's own __setitem__, which would keep the old value's quote style.
            ordereddict.__setitem__(node, key, _normalise_quotes(value))
    elif isinstance(node, CommentedSeq):
        for index, value in enumerate(node):
            list.__setitem__(node, index, _normalise_quotes(value))
    elif isinstance(node, str):
        quoted = isinstance(node, (SingleQuotedScalarString, DoubleQuotedScalarString))
        if quoted and not node.isprintable():
            # An escape such as \u2028 stays an escape: written raw, it is invisible in review, and
            # YAML tools disagree on how to read it.
            return DoubleQuotedScalarString(node)
        if _AMBIGUOUS.fullmatch(node) or (quoted and yamlsafe.looks_numeric(node)):
            return SingleQuotedScalarString(node) if node.isprintable() else node
        return str(node) if quoted else node
    return node


def _meaning(node: yamlsafe.Node) -> object:
    """What the checker reads from a tree: each scalar's text, and whether a number-like one was quoted."""
    if isinstance(node, yamlsafe.Scalar):
        return ("quoted", node.value) if node.quoted and yamlsafe.looks_numeric(node.value) else node.value
    if isinstance(node, yamlsafe.Mapping):
        return {key: _meaning(value) for key, (_, value) in node.items.items()}
    return [_meaning(item) for item in node.items]


_COMMENT = re.compile(r"(?:^|(?<=[ \t]))#[^\n]*", re.MULTILINE)


Anchor = tuple[str, tuple[str | int, ...]]
Comment = tuple[str, str, tuple[str | int, ...]]
"""A comment's text, then the role and path of what it is about (see ``Anchor``)."""
"""What a comment is about: ("key" | "value" | "item" | "head" | "end", the path of keys and indexes)."""


def _comments(text: str) -> list[tuple[Comment, int, int]]:
    """Each comment with what it is about, and its line and column.

    What a comment is about: for one at the end of a line, the last scalar that starts on that line
    before it; for one on its own line, the next scalar below it, or the end of the file; for those
    above the first field, the file itself (the schema line, notes on the whole file), and they stay at
    the top whichever field comes first. A
    scalar is named by its path (``citations``, 1, ``title``) and role (key, value or list item), not
    its text: `title` is a key at several levels. A layout that keeps every comment with what it is
    about keeps its sense.
    """
    # The pure-Python parser: its marks count characters, as the search for comments below does.
    spans: list[tuple[int, int, Anchor]] = []
    # Each open collection: [path, pending key (mappings) or next index (sequences), is a mapping].
    open_collections: list[list[Any]] = []

    def place() -> tuple[str, tuple[str | int, ...]]:
        """The role and path of the node that starts now, consuming a key slot or an index."""
        if not open_collections:
            return "value", ()
        frame = open_collections[-1]
        path, slot, is_mapping = frame
        if is_mapping:
            if slot is None:
                return "key", path
            frame[1] = None
            return "value", (*path, slot)
        frame[1] = slot + 1
        return "item", (*path, slot)

    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.ScalarEvent):
            role, path = place()
            if role == "key":
                open_collections[-1][1] = event.value
                path = (*path, event.value)
            assert event.start_mark is not None and event.end_mark is not None  # the parser always gives them
            start, end = event.start_mark.index, event.end_mark.index
            if event.style in ("|", ">"):  # a block scalar's header line may end in a comment
                start = text.find("\n", start) + 1 or end
            spans.append((start, end, (role, path)))
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            _, path = place()
            is_mapping = isinstance(event, yaml.MappingStartEvent)
            open_collections.append([path, None if is_mapping else 0, is_mapping])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            open_collections.pop()
    starts = [start for start, _, _ in spans]
    found: list[tuple[Comment, int, int]] = []
    for match in _COMMENT.finditer(text):
        at = match.start()
        index = bisect.bisect_right(starts, at) - 1
        if index >= 0 and spans[index][0] <= at < spans[index][1]:
            continue  # inside a quoted or block scalar: text, not a comment
        line_start = text.rfind("\n", 0, at) + 1
        about: Anchor
        if text[line_start:at].strip():
            about = spans[index][2] if index >= 0 and spans[index][0] >= line_start else ("end", ())
        elif index < 0:
            about = ("head", ())
        else:
            about = spans[index + 1][2] if index + 1 < len(spans) else ("end", ())
        found.append(((match.group().rstrip(), *about), text.count("\n", 0, at) + 1, at - line_start + 1))
    return found


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
