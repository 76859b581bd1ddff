"""The published JSON Schemas: generated from the models, up to date, and valid for every data file."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from helpers.commands import DATA, REPO, run_timeline


class EditorLoader(yaml.SafeLoader):
    """Reads YAML the way yaml-language-server does (YAML 1.2 core schema): dates and 'NO' stay strings."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in ("tag:yaml.org,2002:timestamp",)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for first in list(EditorLoader.yaml_implicit_resolvers):
    EditorLoader.yaml_implicit_resolvers[first] = [
        (tag, regexp) for tag, regexp in EditorLoader.yaml_implicit_resolvers[first] if tag != "tag:yaml.org,2002:bool"
    ]
EditorLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", __import__("re").compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _schema(name: str) -> dict:
    return json.loads((REPO / "schema" / name).read_text("utf-8"))


def _files() -> list[tuple[Path, str]]:
    pairs = [(path, "event.schema.json") for path in sorted((DATA / "events").rglob("*.yaml"))]
    pairs += [(path, "site.schema.json") for path in sorted((DATA / "sites").glob("*.yaml"))]
    pairs += [(path, "source.schema.json") for path in sorted((DATA / "sources").glob("*.yaml"))]
    pairs += [(DATA / "tags.yaml", "tags.schema.json"), (DATA / "equipment.yaml", "equipment.schema.json")]
    return pairs


def test_committed_schemas_are_generated_from_the_models(tmp_path: Path):
    result = run_timeline("schema", str(REPO / "schema"), "--check")
    assert result.returncode == 0, result.stdout
    run_timeline("schema", str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (REPO / "schema").iterdir())


def test_schema_check_notices_a_stale_file(tmp_path: Path):
    run_timeline("schema", str(tmp_path))
    (tmp_path / "site.schema.json").write_text("{}\n", "utf-8")
    result = run_timeline("schema", str(tmp_path), "--check")
    assert result.returncode == 1
    assert "site.schema.json:1:1: out of date" in result.stdout


@pytest.mark.parametrize(("path", "schema_name"), _files(), ids=lambda value: getattr(value, "name", value))
def test_every_data_file_validates_against_its_schema(path: Path, schema_name: str):
    schema = _schema(schema_name)
    jsonschema.Draft202012Validator.check_schema(schema)
    document = yaml.load(path.read_text("utf-8"), Loader=EditorLoader)
    jsonschema.Draft202012Validator(schema).validate(document)


def test_schema_rejects_what_the_checker_rejects():
    validator = jsonschema.Draft202012Validator(_schema("event.schema.json"))
    document = yaml.load(
        (DATA / "events/2024/2024-12-13-hmeimim-an124-loading.yaml").read_text("utf-8"), Loader=EditorLoader
    )
    assert validator.is_valid(document)
    for broken in (
        {**document, "status": "rumoured"},
        {**document, "titel": "typo"},
        {**document, "citations": []},
        {**document, "sites": ["Not An Id"]},
        {key: value for key, value in document.items() if key != "date"},
    ):
        assert not validator.is_valid(broken)


def test_every_data_file_names_its_schema_on_its_first_line():
    for path, schema_name in _files():
        first = path.read_text("utf-8").splitlines()[0]
        prefix = "# yaml-language-server: $schema="
        assert first.startswith(prefix), path
        target = (path.parent / first.removeprefix(prefix)).resolve()
        assert target == (REPO / "schema" / schema_name).resolve(), path


def test_editor_settings_map_every_data_file_to_an_existing_schema():
    """VS Code's YAML extension validates while typing, even in a file that lost its $schema comment."""
    settings = json.loads((REPO / ".vscode/settings.json").read_text("utf-8"))["yaml.schemas"]
    covered: dict[Path, str] = {}
    for schema_path, globs in settings.items():
        assert (REPO / schema_path).is_file(), schema_path
        for pattern in globs:
            for path in REPO.glob(pattern):
                covered[path] = Path(schema_path).name
    for path, schema_name in _files():
        assert covered.get(path) == schema_name, path
