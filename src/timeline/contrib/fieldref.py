"""The field reference of CONTRIBUTING.md, generated from the data files' JSON Schemas, so that the guide
says exactly what the checker and the editors' schema validation hold contributors to.

``timeline fields CONTRIBUTING.md`` rewrites the part between the two markers; ``--check`` only says
whether it is in step (``make test`` runs it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from timeline.contract.model import COUNTRY_PATTERN, ID_PATTERN, SHA256_PATTERN
from timeline.contract.schema import data_schemas

START = "<!-- field reference: generated from the JSON Schemas by `make docs`; do not edit by hand -->"
END = "<!-- end of the field reference -->"

Schema = Mapping[str, Any]
_TABLE_HEAD = "| Field | Type | Required? | What it holds |\n|---|---|---|---|\n"


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    schema: str
    """The data schema's file name."""
    definition: str | None = None
    """A definition (``$defs``) of that schema, or None for its files' fields."""


SECTIONS = (
    Section("Events", "event.schema.json"),
    Section("Citations", "event.schema.json", "Citation"),
    Section("Corrections", "event.schema.json", "Correction"),
    Section("Equipment sightings", "event.schema.json", "EquipmentSighting"),
    Section("Sites", "site.schema.json"),
    Section("Coordinates", "site.schema.json", "Coordinates"),
    Section("Sources", "source.schema.json"),
    Section("tags.yaml", "tags.schema.json"),
    Section("equipment.yaml", "equipment.schema.json"),
)
_LISTS = {section.definition: section.heading for section in SECTIONS if section.definition}


def reference(schemas: Mapping[str, Schema] | None = None) -> str:
    """The reference as Markdown: one table per kind of file and per nested item."""
    schemas = schemas if schemas is not None else data_schemas()
    parts = []
    for section in SECTIONS:
        schema = schemas[section.schema]
        node = schema["$defs"][section.definition] if section.definition else schema
        # tags.yaml and equipment.yaml map each id to an entry: the entry's fields are the reference.
        entry = node.get("additionalProperties")
        fields = entry if isinstance(entry, Mapping) else node
        lead = _lead(section, node)
        parts.append(
            f"### {section.heading}\n\n{lead}| Field | Type | Required? | What it holds |\n|---|---|---|---|\n"
        )
        required = set(fields.get("required", ()))
        for name, prop in fields["properties"].items():
            parts[-1] += f"| `{name}` | {_type(prop)} | {_required(name in required, prop)} | {_what(prop)} |\n"
    return "\n".join(parts)


def _lead(section: Section, node: Schema) -> str:
    if section.definition:
        return ""
    if isinstance(node.get("additionalProperties"), Mapping):
        return (
            f"One file, `data/{section.heading}`: each id (lowercase words joined by hyphens) maps to these fields.\n\n"
        )
    return f"{node.get('description', '')}\n\n" if node.get("description") else ""


def _type(prop: Schema) -> str:
    branches = [branch for branch in prop.get("anyOf", [prop]) if branch.get("type") != "null"]
    node = branches[0]
    # The limits (limits.py), as "≤ N": characters for text, items for a list.
    # Ids are short by their own rule (the rules section says how short), so only lists and texts show one.
    limit = node.get("maxLength", node.get("maxItems"))
    kind = _kind(node)
    return f"{kind}, ≤ {limit:,}" if isinstance(limit, int) and kind != "id" else kind


def _kind(node: Schema) -> str:
    if "$ref" in node:
        name = str(node["$ref"]).rsplit("/", 1)[-1]
        return f"mapping: see [{_LISTS[name]}](#{_anchor(_LISTS[name])})"
    if "enum" in node:
        return "one of " + ", ".join(f"`{value}`" for value in node["enum"])
    kind = node.get("type")
    if kind == "array":
        items = node["items"]
        if "$ref" in items:
            name = str(items["$ref"]).rsplit("/", 1)[-1]
            return f"list of [{_LISTS[name].lower()}](#{_anchor(_LISTS[name])})"
        return f"list of {_plural(_kind(items))}"
    if kind == "integer":
        return f"whole number, at least {node['minimum']}" if "minimum" in node else "whole number"
    if kind == "number":
        return f"number from {node['minimum']} to {node['maximum']}" if "maximum" in node else "number"
    pattern = str(node.get("pattern", ""))
    if pattern == ID_PATTERN:
        return "id"
    if pattern == COUNTRY_PATTERN:
        return "country code"
    if pattern == SHA256_PATTERN:
        return "64 hex digits"
    if node.get("format") == "uri":
        return "link (http or https)"
    if "examples" in node:
        return "EDTF date"
    # Both forbid control characters; only one-line text forbids the line feed (\x0A) among them.
    return "text" if "\\x0B" in pattern else "one line"


def _plural(kind: str) -> str:
    return {"id": "ids", "one line": "one-line texts", "text": "texts"}.get(kind, kind)


def _required(required: bool, prop: Schema) -> str:
    if not required:
        return "optional"
    return f"required, at least {prop['minItems']}" if "minItems" in prop else "required"


def _what(prop: Schema) -> str:
    text = str(prop.get("description", ""))
    if not text:
        for branch in prop.get("anyOf", []):
            text = text or str(branch.get("description", ""))
    return text.replace("|", "\\|")


def _anchor(heading: str) -> str:
    return heading.lower().replace(" ", "-").replace(".", "")


def replace_in(document: str, schemas: Mapping[str, Schema] | None = None) -> str:
    """``document`` with the part between the markers regenerated; ValueError if the markers are missing."""
    start, end = document.find(START), document.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the markers of the field reference are missing: put {START!r} and {END!r} in it")
    return document[: start + len(START)] + "\n\n" + reference(schemas) + "\n" + document[end:]
