"""Turn one loaded YAML tree into a record model, translating every validation error into a Problem
that points at the exact key or value, in words a contributor can act on."""

from __future__ import annotations

import functools
import typing
import unicodedata
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from timeline.contract import dates
from timeline.contract import model as contract
from timeline.contract.dates import quoted
from timeline.contract.hints import closest, did_you_mean, slug
from timeline.contract.problems import Position, ProblemLog
from timeline.contract.yamlsafe import Mapping, Node, Scalar, Sequence, descend, to_plain

RecordT = TypeVar("RecordT", bound=BaseModel)

Loc = tuple[str | int, ...]


def build_record(model: type[RecordT], node: Node, shown_as: str, log: ProblemLog, prefix: Loc = ()) -> RecordT | None:
    """Validate ``node`` as ``model``. ``prefix`` names where the node sits, for messages."""
    if not isinstance(node, Mapping):
        log.add(
            Position(shown_as, node.line, node.column),
            f"'{_field_path(prefix)}' must be a mapping of fields, not {_describe(node)}"
            if prefix
            else f"file must hold a mapping of fields (like 'title: …'), not {_describe(node)}",
        )
        return None
    if not node.items and not prefix:
        log.add(Position(shown_as, node.line, node.column), "file holds no fields")
        return None
    try:
        return model.model_validate(to_plain(node))
    except ValidationError as error:
        details = error.errors(include_url=False, include_input=False)
    missing = {tuple(detail["loc"]) for detail in details if detail["type"] == "missing"}
    # 'titel: …' is one mistake, not two: the unknown key says "did you mean 'title'?", and the
    # "missing required field 'title'" that it causes is left out.
    explained = set()
    for detail in details:
        loc = tuple(detail["loc"])
        if detail["type"] == "extra_forbidden":
            target = closest(str(loc[-1]), _field_names(model, loc[:-1]))
            explained.add((*loc[:-1], target))
    for detail in details:
        loc = tuple(detail["loc"])
        if loc in missing and loc in explained:
            continue
        _report(model, node, loc, detail, shown_as, log, prefix)
    return None


def salvage(model: type[RecordT], node: Mapping) -> RecordT:
    """The fields of an invalid record that are valid on their own, so that the rules across files can
    still check them in the same run: a contributor sees every problem at once, not one layer per run.
    Fields that are missing or invalid are left empty. The result is never published: the run already
    has problems."""
    values: dict[str, object] = {}
    for name, field in model.model_fields.items():
        if name in node.items:
            try:
                values[name] = _field_adapter(model, name).validate_python(to_plain(node.items[name][1]))
                continue
            except ValidationError:
                is_list = typing.get_origin(field.annotation) is list
                item_model = _model_in(field.annotation) if is_list else None
                value = node.items[name][1]
                if item_model is not None and isinstance(value, Sequence):
                    # Keep each valid item, and the valid fields of the others: one bad citation must
                    # not hide the unknown source of the next.
                    values[name] = [salvage(item_model, item) for item in value.items if isinstance(item, Mapping)]
                    continue
        if field.is_required():
            values[name] = [] if typing.get_origin(field.annotation) is list else None
    return model.model_construct(None, **values)


@functools.cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    return TypeAdapter(model.model_fields[name].rebuild_annotation())


def _report(
    model: type[BaseModel], root: Mapping, loc: Loc, detail: ErrorDetails, shown_as: str, log: ProblemLog, prefix: Loc
) -> None:
    kind = detail["type"]
    where = _field_path(prefix + loc)
    found = descend(root, loc)
    node = found.node if found.complete else None
    # A problem with a value points at the value, an unknown key at the key, a missing field at the
    # mapping that should hold it.
    anchor = (found.key if kind == "extra_forbidden" else None) or found.node
    position = Position(shown_as, anchor.line, anchor.column)

    if kind == "extra_forbidden":
        names = _field_names(model, loc[:-1])
        log.add(position, f"unknown field '{loc[-1]}'", did_you_mean(str(loc[-1]), names))
        return
    if kind == "missing":
        log.add(position, f"missing required field '{where}'")
        return
    if isinstance(node, Scalar) and node.value is None:
        log.add(position, f"'{where}' is empty; give a value or remove the line")
        return
    if kind == "literal_error":
        expected = _literal_choices(detail)
        if not isinstance(node, Scalar) or node.value is None:
            log.add(position, f"'{where}' must be one of: {', '.join(expected)}; not {_describe(node)}")
            return
        hint = did_you_mean(node.value, expected)
        log.add(position, f"'{where}' must be one of: {', '.join(expected)}; got {quoted(node.value)}", hint)
        return
    if kind in ("string_type", "int_type", "float_type") and node is not None and not isinstance(node, Scalar):
        log.add(position, f"'{where}' must be a single value, not {_describe(node)}")
        return
    if kind in ("list_type",):
        log.add(position, f"'{where}' must be a list, not {_describe(node)}", f"write it as {_last(loc)}: [ ... ]")
        return
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        log.add(position, f"'{where}' must be a mapping of fields, not {_describe(node)}")
        return
    if kind == "string_too_long" and isinstance(node, Scalar) and node.value is not None:
        limit = detail.get("ctx", {}).get("max_length", 0)
        log.add(position, f"'{where}' is {len(node.value):,} characters long; the limit is {limit:,}")
        return
    if kind == "too_long":
        limit = detail.get("ctx", {}).get("max_length", 0)
        count = len(node.items) if isinstance(node, Sequence) else detail.get("ctx", {}).get("actual_length", "more")
        log.add(position, f"'{where}' has {count:,} items; the limit is {limit:,}", "split it over several events")
        return
    if kind == "too_short":
        minimum = detail.get("ctx", {}).get("min_length", 1)
        log.add(position, f"'{where}' needs at least {minimum} item{'s' if minimum != 1 else ''}")
        return
    if kind == "string_pattern_mismatch" and isinstance(node, Scalar) and node.value is not None:
        pattern = detail["ctx"]["pattern"]
        explanation = _explain_pattern(pattern, node.value)
        separator = ": " if explanation.startswith("'") else " "
        suggestion = slug(node.value) if pattern == contract.ID_PATTERN else ""
        suggestion = suggestion if contract.ID_RE.fullmatch(suggestion) else ""
        hint = f"did you mean '{suggestion}'?" if suggestion and suggestion != node.value else ""
        log.add(position, f"'{where}'{separator}{explanation}", hint)
        return
    if kind == "string_unicode":
        log.add(position, f"'{where}' contains a lone surrogate (an invalid \\u escape); remove it")
        return
    if kind in ("greater_than_equal", "less_than_equal"):
        log.add(position, f"'{where}' {detail['msg'].replace('Input should be', 'must be')}")
        return
    if kind == "value_error":  # raised by our own validators in model.py
        message = str(detail.get("ctx", {}).get("error", detail["msg"]))
        separator = " " if message.startswith(("must", "is ", "contains", "has ", "nests ")) else ": "
        log.add(position, f"'{where}'{separator}{message}")
        return
    log.add(position, f"'{where}': {detail['msg'][0].lower()}{detail['msg'][1:]}")


def _explain_pattern(pattern: str, value: str) -> str:
    if pattern == contract.ID_PATTERN:
        return f"{quoted(value)} is not a valid id: use lowercase letters, digits and single hyphens"
    if pattern == contract.COUNTRY_PATTERN:
        return f"{quoted(value)} must be an ISO 3166-1 two-letter code in capitals, like SY"
    if pattern == contract.SHA256_PATTERN:
        return _explain_sha256(value)
    if pattern in (contract.LINE_PATTERN, contract.BLOCK_PATTERN):
        return _explain_text(value, multiline=pattern == contract.BLOCK_PATTERN)
    try:
        dates.parse(value)
    except dates.DateError as error:
        return f"{error}"
    return f"{quoted(value)} is not a valid EDTF date; {dates.EXAMPLES}"


_BIDI_CHARACTERS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _explain_text(value: str, multiline: bool) -> str:
    """Why ``value`` fails LINE_PATTERN or BLOCK_PATTERN, in words."""
    for char in value:
        if char in "\n\t" and multiline:
            continue
        code = ord(char)
        if char in _BIDI_CHARACTERS:
            return f"contains a bidirectional override character (U+{code:04X}) that can disguise text; remove it"
        if char in "\n\u2028\u2029":
            return "must be a single line"
        if code in (0xFFFE, 0xFFFF):
            return f"contains a noncharacter (U+{code:04X}); remove it"
        if unicodedata.category(char) == "Cc":
            return f"contains a control character (U+{code:04X}); remove it"
    return "is blank"


def _explain_sha256(value: str) -> str:
    if len(value) == 64 and value.lower() != value and all(char in "0123456789abcdefABCDEF" for char in value):
        return "must be written in lower case"
    return (
        f"must be a SHA-256 hash: 64 hexadecimal digits (0-9, a-f), as `sha256sum <file>` prints it;"
        f" got {len(value)} characters"
    )


def _field_path(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _last(loc: Loc) -> str:
    names = [part for part in loc if isinstance(part, str)]
    return names[-1] if names else "value"


def _field_names(model: type[BaseModel], loc: Loc) -> list[str]:
    current: type[BaseModel] = model
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = current.model_fields[part].annotation
        nested = _model_in(annotation)
        if nested is None:
            return []
        current = nested
    return list(current.model_fields)


def _model_in(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def _literal_choices(detail: ErrorDetails) -> list[str]:
    expected = detail.get("ctx", {}).get("expected", "")
    return [part.strip(" '") for part in expected.replace(" or ", ",").split(",") if part.strip(" '")]


def _describe(node: Node | None) -> str:
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    return "a single value" if node is not None and node.value is not None else "an empty value"
