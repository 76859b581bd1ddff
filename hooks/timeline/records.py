"""Turn one loaded YAML tree into a record model, translating every validation error into a Problem
that points at the exact key or value, in words a contributor can act on."""

from __future__ import annotations

import typing
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from . import dates
from . import model as contract
from .hints import closest, did_you_mean, slug
from .problems import Position, ProblemLog
from .yamlsafe import Mapping, Node, Scalar, Sequence, to_plain

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


def _report(
    model: type[BaseModel], root: Mapping, loc: Loc, detail: dict, shown_as: str, log: ProblemLog, prefix: Loc
) -> None:
    kind = detail["type"]
    where = _field_path(prefix + loc)
    parent, node, key = _locate(root, loc)
    # A problem with a value points at the value; an unknown key points at the key.
    anchor = (key if kind == "extra_forbidden" else None) or node or parent
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
        value = node.value if isinstance(node, Scalar) else None
        hint = did_you_mean(value, expected) if value else ""
        log.add(position, f"'{where}' must be one of: {', '.join(expected)}; got '{value}'", hint)
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
    if kind == "too_short":
        minimum = detail.get("ctx", {}).get("min_length", 1)
        log.add(position, f"'{where}' needs at least {minimum} item{'s' if minimum != 1 else ''}")
        return
    if kind == "string_pattern_mismatch" and isinstance(node, Scalar) and node.value is not None:
        pattern = detail["ctx"]["pattern"]
        explanation = _explain_pattern(pattern, node.value)
        separator = ": " if explanation.startswith("'") else " "
        suggestion = slug(node.value) if pattern == contract.ID_PATTERN else ""
        hint = f"did you mean '{suggestion}'?" if suggestion and suggestion != node.value else ""
        log.add(position, f"'{where}'{separator}{explanation}", hint)
        return
    if kind == "string_unicode":
        log.add(position, f"'{where}' contains a lone surrogate (an invalid \\u escape); remove it")
        return
    if kind in ("greater_than_equal", "less_than_equal"):
        log.add(position, f"'{where}' {detail['msg'].replace('Input should be', 'must be')}")
        return
    if kind == "value_error":
        message = str(detail.get("ctx", {}).get("error", detail["msg"]))
        if message.startswith(("'", "must", "is", "contains")):
            log.add(position, f"'{where}' {message}" if not message.startswith("'") else f"'{where}': {message}")
        else:
            log.add(position, f"'{where}': {message}")
        return
    log.add(position, f"'{where}': {detail['msg'][0].lower()}{detail['msg'][1:]}")


def _explain_pattern(pattern: str, value: str) -> str:
    if pattern == contract.ID_PATTERN:
        return f"'{value}' is not a valid id: use lowercase letters, digits and single hyphens"
    if pattern == contract.COUNTRY_PATTERN:
        return f"'{value}' must be an ISO 3166-1 two-letter code in capitals, like SY"
    if pattern == contract.URL_PATTERN:
        return contract.explain_url(value)
    if pattern in (contract.LINE_PATTERN, contract.BLOCK_PATTERN):
        return contract.explain_text(value, multiline=pattern == contract.BLOCK_PATTERN)
    try:
        dates.parse(value)
    except dates.DateError as error:
        return f"{error}"
    return f"'{value}' is not a valid EDTF date; {dates.EXAMPLES}"


def _locate(root: Mapping, loc: Loc) -> tuple[Node, Node | None, Scalar | None]:
    """The parent node, the node at ``loc`` (None if missing) and, for an unknown key, the key itself."""
    parent: Node = root
    node: Node | None = root
    key: Scalar | None = None
    for part in loc:
        parent = node if node is not None else parent
        if isinstance(node, Mapping) and isinstance(part, str) and part in node.items:
            key, node = node.items[part]
        elif isinstance(node, Sequence) and isinstance(part, int) and part < len(node.items):
            key, node = None, node.items[part]
        else:
            return parent, None, None
    return parent, node, key


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


def _literal_choices(detail: dict) -> list[str]:
    expected = detail.get("ctx", {}).get("expected", "")
    return [part.strip(" '") for part in expected.replace(" or ", ",").split(",") if part.strip(" '")]


def _describe(node: Node) -> str:
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    return "a single value" if node.value is not None else "an empty value"
