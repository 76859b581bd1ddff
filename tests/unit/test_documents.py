"""The documents stay short enough to be read, and CONTRIBUTING.md's field reference says exactly what the
committed JSON Schemas say."""

from __future__ import annotations

import json

import pytest

from helpers.commands import REPO
from timeline.contract.schema import data_schemas
from timeline.contrib import fieldref


def test_the_field_reference_is_generated_from_the_committed_schemas() -> None:
    committed = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in (REPO / "schema").glob("*.json")}
    schemas = data_schemas()  # the same schemas, with the fields in the models' order rather than sorted
    assert schemas == committed, "run `make schema`"
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert fieldref.START in text and fieldref.END in text
    assert fieldref.replace_in(text, schemas) == text, "run `make docs`"
    for section in fieldref.SECTIONS:
        assert f"\n### {section.heading}\n" in text


def test_the_reference_follows_a_change_of_the_schemas() -> None:
    schemas = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in (REPO / "schema").glob("*.json")}
    schemas["event.schema.json"]["properties"]["title"]["description"] = "A changed description."
    assert "| `title` | one line, ≤ 500 | required | A changed description. |" in fieldref.reference(schemas)
    schemas["event.schema.json"]["properties"]["title"]["maxLength"] = 300
    assert "| `title` | one line, ≤ 300 | required | A changed description. |" in fieldref.reference(schemas)


def test_a_document_without_the_markers_is_refused() -> None:
    with pytest.raises(ValueError, match="markers"):
        fieldref.replace_in("# A guide\n")


@pytest.mark.parametrize(("name", "limit"), [("README.md", 8 * 1024), ("CONTRIBUTING.md", 15 * 1024)])
def test_the_documents_stay_short(name: str, limit: int) -> None:
    assert len((REPO / name).read_bytes()) <= limit
