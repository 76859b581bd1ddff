"""A hardened YAML loader for untrusted contributor files.

It reads the YAML *event stream* and builds its own small tree, instead of letting PyYAML compose
and construct objects. That one choice gives every guarantee the data contract asks for:

- no constructor runs, so no tag (``!!python/object`` or any other) can execute or retype anything;
- every scalar stays the text the contributor wrote (``country: NO`` is "NO", never False), with the
  position of its value; numbers and dates are parsed later, by the model, at that position;
- anchors, aliases, duplicate keys, directives and extra documents are seen as they stream by and refused;
- the tree is built without recursion and the nesting depth is capped while streaming, so neither
  the C composer's stack nor Python's recursion limit is ever reached.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from timeline.contract.problems import Position, ProblemLog

# libyaml is several times faster; the pure-Python parser gives the same events.
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 256 * 1024
"""Far above any real event (a few KiB), far below what could slow a build down."""

MAX_DEPTH = 12
"""The contract's deepest value sits at depth 4 (event → citations → item → field)."""

MAX_FLOW_BRACKETS = 256
"""The text pre-scan refuses more unclosed brackets than this before libyaml runs. It counts brackets
in prose too, so it is set far above MAX_DEPTH, which the tree builder enforces exactly."""

_SIZE_HINT = "split it, or shorten the summary and quotes"

NULLS = frozenset({"", "~", "null", "Null", "NULL"})
"""The plain scalars YAML 1.2 reads as null; any other plain scalar is text here."""


# NamedTuples rather than frozen dataclasses: just as immutable, and several times cheaper to create,
# which matters because building these nodes is most of what `check` does.


class Scalar(NamedTuple):
    """Text as written. ``value`` is None only for an explicit or implied YAML null."""

    value: str | None
    line: int
    column: int
    quoted: bool


class Mapping(NamedTuple):
    """Keys keep their own node, so problems with a key point at the key."""

    items: dict[str, tuple[Scalar, Node]]
    line: int
    column: int


class Sequence(NamedTuple):
    items: list[Node]
    line: int
    column: int


Node = Scalar | Mapping | Sequence


class Descent(NamedTuple):
    node: Node
    """The node at the path, or the deepest one on the way that exists."""
    key: Scalar | None
    """The key of the last mapping step taken, if the last step was one."""
    complete: bool
    """Whether the whole path exists."""


def descend(root: Node, path: tuple[str | int, ...]) -> Descent:
    """Follow ``path`` (keys and list indexes) from ``root`` as far as it exists."""
    node, key = root, None
    for part in path:
        if isinstance(node, Mapping) and isinstance(part, str) and part in node.items:
            key, node = node.items[part]
        elif isinstance(node, Sequence) and isinstance(part, int) and part < len(node.items):
            key, node = None, node.items[part]
        else:
            return Descent(node, key, complete=False)
    return Descent(node, key, complete=True)


class QuotedText(str):
    """A quoted scalar that looks like a number: `count: "2"`. Editors reading the JSON Schema see text
    there, not a number, so the model refuses it where a number is expected, as they would."""


def looks_numeric(text: str | None) -> bool:
    """Whether text could be read as a number: a quoted one is text to the model, a plain one a number."""
    return bool(text) and text is not None and (text[0].isdigit() or text[0] in "+-.")


def to_plain(node: Node) -> object:
    """The tree as dicts, lists, strings and None, for model validation."""
    if isinstance(node, Scalar):
        value = node.value
        if node.quoted and looks_numeric(value):
            return QuotedText(value)
        return value
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
    raw = read_file(path, shown_as, log)
    return None if raw is None else load_bytes(raw, shown_as, log)


def read_file(path: Path, shown_as: str, log: ProblemLog) -> bytes | None:
    """The bytes of one plain data file, read with the same refusals as ``load_file``.

    For tools that read a file and then write it back (``fmt``): they work on the bytes that were checked.
    """
    try:
        # O_NOFOLLOW and the fstat check: a pull request can add a link to /dev/zero or to a file
        # outside the repository. One open and one fstat, because this runs for every data file.
        # O_NONBLOCK: opening a named pipe would otherwise wait for a writer forever.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as stream:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                log.add(Position(shown_as), "not a regular file; only plain .yaml files belong in the data folder")
                return None
            return stream.read(MAX_FILE_BYTES + 1)  # bounded, whatever the file claims to be
    except OSError as error:
        if error.errno == errno.ELOOP:
            log.add(Position(shown_as), "symbolic links are not allowed in the data folder")
            return None
        log.add(Position(shown_as), f"cannot read file: {error.strerror or error}")
        return None


def load_bytes(raw: bytes, shown_as: str, log: ProblemLog) -> Node | None:
    if len(raw) > MAX_FILE_BYTES:
        log.add(Position(shown_as), f"file is larger than the limit of {MAX_FILE_BYTES:,} bytes", _SIZE_HINT)
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        # Columns count characters, as editors and YAML errors do, not bytes.
        column = len(raw[line_start : error.start].decode("utf-8", errors="replace")) + 1
        log.add(
            Position(shown_as, line, column),
            f"file is not valid UTF-8 (byte 0x{raw[error.start]:02x})",
            "save the file with UTF-8 encoding",
        )
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    # YAML counts these as line breaks, editors mostly do not: the file would mean something other than
    # what a reviewer sees, and the parser's complaint about it would point elsewhere.
    hidden_break = _HIDDEN_LINE_BREAK.search(text)
    if hidden_break:
        line, column = _line_and_column(text, hidden_break.start())
        code = ord(hidden_break.group())
        log.add(
            Position(shown_as, line, column),
            f"file contains U+{code:04X}, which YAML reads as a line break but editors do not show; remove it",
            "end lines with an ordinary line break",
        )
        return None
    try:
        _refuse_deep_flow_nesting(text)
        return _build(text, shown_as, log)
    except _Refused as refused:
        log.add(Position(shown_as, refused.line, refused.column), refused.message)
    except yaml.reader.ReaderError as error:
        offset = error.position
        if _Parser is not yaml.SafeLoader:  # libyaml reports a byte offset into the UTF-8 text
            offset = len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
        line, column = _line_and_column(text, offset)
        code = error.character if isinstance(error.character, int) else ord(error.character)
        log.add(Position(shown_as, line, column), f"file contains a control character (U+{code:04X}); remove it")
    except yaml.MarkedYAMLError as error:
        problem = error.problem or "malformed YAML"
        mark = error.problem_mark
        if error.context_mark is not None and (mark is None or "end of stream" in problem):
            # An unclosed quote or bracket is noticed at the end of the file; its start is what to fix.
            mark = error.context_mark
            problem = f"{problem} {error.context}" if error.context else problem
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        log.add(Position(shown_as, line, column), f"YAML syntax error: {problem}")
    except yaml.YAMLError as error:
        log.add(Position(shown_as), f"YAML error: {str(error).splitlines()[0]}")
    return None


_HIDDEN_LINE_BREAK = re.compile("[\u0085\u2028\u2029]")


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _refuse_deep_flow_nesting(text: str) -> None:
    """Refuse ``[[[[…`` bombs before libyaml sees them. Counting is cheap; scanning only when needed."""
    if text.count("[") + text.count("{") <= MAX_FLOW_BRACKETS:
        return
    depth = 0
    line = 1
    line_start = 0
    first_too_deep: tuple[int, int] | None = None  # where to point: the first bracket past MAX_DEPTH
    for index, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH and first_too_deep is None:
                first_too_deep = (line, index - line_start + 1)
            if depth > MAX_FLOW_BRACKETS:
                assert first_too_deep is not None
                raise _Refused(*first_too_deep, f"nested deeper than {MAX_DEPTH} levels")
        elif char in "]}":
            depth = max(0, depth - 1)
            if depth <= MAX_DEPTH:
                first_too_deep = None
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
    stack: list[list[Any]] = []  # [node, pending key]: a pair that changes in place
    root: Node | None = None
    documents = 0
    # Local names: this loop runs once per YAML event, and module attribute lookups add up.
    get_event: Callable[[], Any] = parser.get_event  # events of several classes, told apart by type below
    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    attach = _attach
    while True:
        event = get_event()
        kind = type(event)
        mark = event.start_mark
        line, column = mark.line + 1, mark.column + 1
        # Scalars are most events by far, so they are tested first (this loop is most of `check`).
        if kind is scalar_event or kind is mapping_start or kind is sequence_start:
            if event.anchor is not None:
                log.add(Position(shown_as, line, column), f"YAML anchor '&{event.anchor}' is not allowed; remove it")
            if event.tag is not None and event.tag != "!":
                log.add(Position(shown_as, line, column), f"YAML tag '{event.tag}' is not allowed; remove it")
            if kind is scalar_event:
                quoted = event.style not in (None, "")  # plain style: "" from libyaml, None from PyYAML
                value = None if (not quoted and event.value in NULLS) else event.value
                node: Node = Scalar(value, line, column, quoted)
            elif len(stack) >= MAX_DEPTH:
                raise _Refused(line, column, f"nested deeper than {MAX_DEPTH} levels")
            else:
                collection = Mapping({}, line, column) if kind is mapping_start else Sequence([], line, column)
                stack.append([collection, None])
                continue
        elif kind is mapping_end or kind is sequence_end:
            node = stack.pop()[0]
        elif kind is yaml.AliasEvent:
            raise _Refused(line, column, f"YAML alias '*{event.anchor}' is not allowed; write the value out")
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if event.version is not None or event.tags:
                # `%YAML 1.1` would make other tools read `yes` or `0777` differently from the checker.
                raise _Refused(line, column, "YAML directives (%YAML, %TAG) are not allowed; remove the line")
            if documents > 1:
                raise _Refused(line, column, "file holds more than one YAML document; keep one per file")
            continue
        elif kind is yaml.StreamEndEvent:
            break
        else:  # stream start, document end
            continue
        if stack:
            attach(stack[-1], node, shown_as, log)
        else:
            root = node

    if root is None or (isinstance(root, Scalar) and root.value is None):
        raise _Refused(1, 1, "file is empty; it must hold a mapping of fields")
    return root


def _attach(frame: list[Any], child: Node, shown_as: str, log: ProblemLog) -> None:
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
