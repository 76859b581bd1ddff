"""JSON Schemas of the data files, generated from the record models so they can never drift."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from timeline.contract.model import EquipmentRecord, EventRecord, SiteRecord, SourceRecord, TagRecord

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _vocabulary_schema(model: type[BaseModel], title: str, file_id: str) -> dict[str, Any]:
    entry = model.model_json_schema()
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": file_id,
        "title": title,
        "type": "object",
        "propertyNames": {"pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        "additionalProperties": entry,
    }


def data_schemas() -> dict[str, dict[str, Any]]:
    """File name → schema, for events, sites, sources, tags.yaml and equipment.yaml."""
    schemas = {}
    for name, model in (("event", EventRecord), ("site", SiteRecord), ("source", SourceRecord)):
        schemas[f"{name}.schema.json"] = {"$schema": SCHEMA_DIALECT, **model.model_json_schema()}
    schemas["tags.schema.json"] = _vocabulary_schema(TagRecord, "Tags", "tags.schema.json")
    schemas["equipment.schema.json"] = _vocabulary_schema(EquipmentRecord, "Equipment", "equipment.schema.json")
    return schemas


def dumps(schema: Mapping[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
