"""A hardened YAML loader for untrusted contributor files.

It reads the YAML *event stream* and builds its own small tree, instead of letting PyYAML compose
and construct objects. That one choice gives every guarantee the data contract asks for:

- no constructor runs, so no tag (``!!python/object`` or any other) can execute or retype anything;
- every scalar stays the text the contributor wrote (``country: NO`` is "NO", never False), with the
  position of its value; numbers and dates are parsed later, by the model, at that position;
- anchors, aliases, duplicate keys and extra documents are seen as they stream by and refused;
- the tree is built without recursion and the nesting depth is capped while streaming, so neither
  the C composer's stack nor Python's recursion limit is ever reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import Position, ProblemLog

# libyaml is several times faster; the pure-Python parser gives the same events.
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 256 * 1024
"""Far above any real event (a few KiB), far below what could slow a build down."""

MAX_DEPTH = 12
"""The contract's deepest value sits at depth 4 (event → citations → item → field)."""

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


@dataclass(frozen=True, slots=True)
class Scalar:
    """Text as written. ``value`` is None only for an explicit or implied YAML null."""

    value: str | None
    line: int
    column: int
    quoted: bool


@dataclass(frozen=True, slots=True)
class Mapping:
    """Keys keep their own node, so problems with a key point at the key."""

    items: dict[str, tuple[Scalar, Node]]
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Sequence:
    items: list[Node]
    line: int
    column: int


Node = Scalar | Mapping | Sequence


def to_plain(node: Node) -> object:
    """The tree as dicts, lists, strings and None, for model validation."""
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, Mapping):
        return {key: to_plain(value) for key, (_, value) in node.items.items()}
    return [to_plain(item) for item in node.items]


class _Refused(Exception):
    """Stops reading a file at the first thing that makes the rest of it meaningless."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


def load_file(path: Path, shown_as: str, log: ProblemLog) -> Node | None:
    """Read one file; on any problem, log it against ``shown_as`` and return None."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            log.add(
                Position(shown_as),
                f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                "split it, or shorten the summary and quotes",
            )
            return None
        raw = path.read_bytes()
    except OSError as error:
        log.add(Position(shown_as), f"cannot read file: {error.strerror or error}")
        return None
    return load_bytes(raw, shown_as, log)


def load_bytes(raw: bytes, shown_as: str, log: ProblemLog) -> Node | None:
    if len(raw) > MAX_FILE_BYTES:
        log.add(Position(shown_as), f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        log.add(
            Position(shown_as, line, column),
            f"file is not valid UTF-8 (byte 0x{raw[error.start]:02x})",
            "save the file with UTF-8 encoding",
        )
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        _refuse_deep_flow_nesting(text)
        return _build(text, shown_as, log)
    except _Refused as refused:
        log.add(Position(shown_as, refused.line, refused.column), refused.message)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or error.context or "malformed YAML"
        log.add(Position(shown_as, line, column), f"YAML syntax error: {problem}")
    except yaml.YAMLError as error:
        log.add(Position(shown_as), f"YAML error: {error}")
    return None


def _refuse_deep_flow_nesting(text: str) -> None:
    """Refuse ``[[[[…`` bombs before libyaml sees them. Counting is cheap; scanning only when needed."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth = 0
    line = 1
    line_start = 0
    for index, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(line, index - line_start + 1, f"nested deeper than {MAX_DEPTH} levels")
        elif char in "]}":
            depth = max(0, depth - 1)
        elif char == "\n":
            line += 1
            line_start = index + 1


def _build(text: str, shown_as: str, log: ProblemLog) -> Node:
    parser = _Parser(text)
    try:
        return _build_from_events(parser, shown_as, log)
    finally:
        parser.dispose()


def _build_from_events(parser: yaml.SafeLoader, shown_as: str, log: ProblemLog) -> Node:
    """Build the tree. Problems that leave the rest readable are logged and reading goes on."""
    # Each open collection is [node, pending key or None]; the stack replaces recursion.
    stack: list[list] = []
    root: Node | None = None
    documents = 0
    get_event = parser.get_event
    while True:
        event = get_event()
        kind = type(event)
        mark = event.start_mark
        line, column = mark.line + 1, mark.column + 1
        # Scalars are most events by far, so they are tested first (this loop is most of `check`).
        if kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if event.anchor is not None:
                log.add(Position(shown_as, line, column), f"YAML anchor '&{event.anchor}' is not allowed; remove it")
            if event.tag is not None and event.tag != "!":
                log.add(Position(shown_as, line, column), f"YAML tag '{event.tag}' is not allowed; remove it")
            if kind is yaml.ScalarEvent:
                quoted = not event.implicit[0]
                value = None if (not quoted and event.value in _NULLS) else event.value
                node: Node = Scalar(value, line, column, quoted)
            elif len(stack) >= MAX_DEPTH:
                raise _Refused(line, column, f"nested deeper than {MAX_DEPTH} levels")
            else:
                collection = Mapping({}, line, column) if kind is yaml.MappingStartEvent else Sequence([], line, column)
                stack.append([collection, None])
                continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            node = stack.pop()[0]
        elif kind is yaml.AliasEvent:
            raise _Refused(line, column, f"YAML alias '*{event.anchor}' is not allowed; write the value out")
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Refused(line, column, "file holds more than one YAML document; keep one per file")
            continue
        elif kind is yaml.StreamEndEvent:
            break
        else:  # stream start, document end
            continue
        if stack:
            _attach(stack[-1], node, shown_as, log)
        else:
            root = node

    if root is None:
        raise _Refused(1, 1, "file is empty; it must hold a mapping of fields")
    return root


def _attach(frame: list, child: Node, shown_as: str, log: ProblemLog) -> None:
    parent = frame[0]
    if isinstance(parent, Sequence):
        parent.items.append(child)
        return
    key = frame[1]
    if key is None:
        if not isinstance(child, Scalar) or child.value is None:
            raise _Refused(child.line, child.column, "a key must be a plain name, like 'title'")
        frame[1] = child
        return
    frame[1] = None
    if key.value in parent.items:
        first = parent.items[key.value][0]
        log.add(
            Position(shown_as, key.line, key.column),
            f"duplicate key '{key.value}': also given at line {first.line}; keep only one",
        )
        return  # the first one stays, as an editor's outline would show it
    parent.items[key.value] = (key, child)
