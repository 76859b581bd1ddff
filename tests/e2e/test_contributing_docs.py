"""CONTRIBUTING.md and scaffold/ must never show contributors something the checker would refuse.

Conventions in CONTRIBUTING.md that these tests rely on:

- Every YAML block is fenced with an info string of exactly one of two forms:
  - ```yaml title="data/..."``` is a complete, valid file meant to sit at that path. It is written into a copy of
    the repository's data/ (replacing the file there, if any) and the check must pass. Excerpts of the
    vocabulary files (data/tags.yaml, data/equipment.yaml) are completed with the entries of the real file they
    leave out, so that the events in data/ still find their tags and equipment.
  - ```yaml title="invalid"``` is a file with mistakes. Its first line is a comment ``# path: data/...`` naming
    where it is saved (any path under data/, so a misfiled event can be shown too). It must be followed by a
    ```text block holding exactly the problem lines the checker prints for it, in order.
- A block that is neither is an error here, so that no YAML example goes unchecked.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import typing
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers.commands import DATA, REPO, TIMELINE, run_timeline
from timeline.contract import model

DOC = REPO / "CONTRIBUTING.md"
SCAFFOLD = REPO / "scaffold"

# 2100-01-01 UTC: later than any real event, so "not after the build date" never trips on real data, and fixed,
# so that the output compared below does not depend on the day the tests run.
SOURCE_DATE_EPOCH = "4102444800"

FENCE = re.compile(r"^```(?P<info>[^`\n]*)\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
VALID_INFO = re.compile(r'^yaml title="(?P<path>data/[^"]+)"$')
PATH_COMMENT = re.compile(r"^# path: (?P<path>data/\S+)$")
VOCABULARY_FILES = ("data/tags.yaml", "data/equipment.yaml")
SCHEMA_COMMENT = re.compile(r"^# yaml-language-server: \$schema=(?P<path>\S+)$")


@dataclass(frozen=True)
class Block:
    info: str
    body: str
    line: int
    """Line of the opening fence in CONTRIBUTING.md, for test ids and messages."""


def _blocks() -> list[Block]:
    text = DOC.read_text(encoding="utf-8")
    return [
        Block(match["info"].strip(), match["body"], text.count("\n", 0, match.start()) + 1)
        for match in FENCE.finditer(text)
    ]


def _valid_examples() -> list[tuple[str, Block]]:
    return [(VALID_INFO.match(b.info)["path"], b) for b in _blocks() if VALID_INFO.match(b.info)]


def _invalid_examples() -> list[tuple[Block, Block | None]]:
    blocks = _blocks()
    pairs = []
    for index, block in enumerate(blocks):
        if block.info == 'yaml title="invalid"':
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            pairs.append((block, following))
    return pairs


def _copy_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    return data


def _check(tmp_path: Path) -> subprocess.CompletedProcess:
    """Run the checker exactly as `make check` does, from tmp_path, on tmp_path/data."""
    return run_timeline("check", "data", cwd=tmp_path, env={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})


def _top_level_entries(text: str) -> dict[str, str]:
    """Id → its lines, for a vocabulary file: a flat mapping whose entries start at column 1."""
    entries: dict[str, str] = {}
    current = None
    for line in text.splitlines(keepends=True):
        if line[:1].isalnum() and ":" in line:
            current = line.split(":", 1)[0].strip()
            entries[current] = line
        elif current is not None and line.startswith((" ", "\t")):
            entries[current] += line
        else:
            current = None
    return entries


def _write_example(tmp_path: Path, relative: str, body: str) -> Path:
    target = tmp_path / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if relative in VOCABULARY_FILES and (REPO / relative).is_file():
        shown = _top_level_entries(body)
        rest = _top_level_entries((REPO / relative).read_text(encoding="utf-8"))
        body = body + "".join(lines for key, lines in rest.items() if key not in shown)
    target.write_text(body, encoding="utf-8")
    return target


def _schema_dir(tmp_path: Path) -> Path:
    """tmp_path/schema: the repository's schema/ when it exists, else freshly generated from the models."""
    target = tmp_path / "schema"
    if (REPO / "schema").is_dir():
        shutil.copytree(REPO / "schema", target)
    else:
        env = dict(os.environ)
        subprocess.run([TIMELINE, "schema", str(target)], env=env, check=True, timeout=120)
    return target


def _assert_schema_comment(placed: Path, schema_name: str) -> None:
    first = placed.read_text(encoding="utf-8").splitlines()[0]
    match = SCHEMA_COMMENT.match(first)
    assert match, f"{placed.name}: first line is not a yaml-language-server schema comment: {first!r}"
    schema = (placed.parent / match["path"]).resolve()
    assert schema.name == schema_name, f"{placed.name} names {match['path']}, not {schema_name}"
    assert schema.is_file(), f"{match['path']}, seen from {placed.parent}, does not exist"


@pytest.fixture(scope="session")
def valid_data(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests that add to a copy of data/ need data/ itself to pass; if it does not, say so plainly."""
    tmp_path = tmp_path_factory.mktemp("plain")
    _copy_data(tmp_path)
    result = _check(tmp_path)
    assert result.returncode == 0, "data/ itself does not pass the check:\n" + result.stdout + result.stderr


def test_every_yaml_block_is_an_example_the_tests_check():
    blocks = _blocks()
    assert blocks, "no fenced blocks found in CONTRIBUTING.md"
    for block in blocks:
        if block.info.startswith("yaml"):
            assert VALID_INFO.match(block.info) or block.info == 'yaml title="invalid"', (
                f"CONTRIBUTING.md:{block.line}: a YAML block's info string must be "
                f'yaml title="data/..." or yaml title="invalid", not {block.info!r}'
            )
    assert _valid_examples(), "CONTRIBUTING.md has no valid examples"
    assert _invalid_examples(), "CONTRIBUTING.md has no invalid examples"


@pytest.mark.parametrize(("relative", "block"), _valid_examples(), ids=lambda value: getattr(value, "line", value))
def test_valid_example_passes_the_check(valid_data, tmp_path: Path, relative: str, block: Block):
    _copy_data(tmp_path)
    _write_example(tmp_path, relative, block.body)
    result = _check(tmp_path)
    assert result.returncode == 0, f"CONTRIBUTING.md:{block.line}: {relative}\n{result.stdout}{result.stderr}"
    assert result.stdout == ""


@pytest.mark.parametrize(("relative", "block"), _valid_examples(), ids=lambda value: getattr(value, "line", value))
def test_valid_example_names_the_schema_for_its_path(tmp_path: Path, relative: str, block: Block):
    _schema_dir(tmp_path)
    placed = _write_example(tmp_path, relative, block.body)
    parts = Path(relative).parts
    if parts[1] == "events":
        expected = "event.schema.json"
    elif parts[1] in ("sites", "sources"):
        expected = f"{parts[1][:-1]}.schema.json"
    else:
        expected = Path(relative).stem + ".schema.json"
    _assert_schema_comment(placed, expected)


@pytest.mark.parametrize(("block", "expected"), _invalid_examples(), ids=lambda value: getattr(value, "line", None))
def test_invalid_example_prints_the_documented_lines(valid_data, tmp_path: Path, block: Block, expected: Block | None):
    where = f"CONTRIBUTING.md:{block.line}"
    assert expected is not None and expected.info == "text", f"{where}: an invalid example needs a ```text block"
    first = block.body.splitlines()[0]
    path = PATH_COMMENT.match(first)
    assert path, f"{where}: an invalid example starts with '# path: data/...', not {first!r}"
    _copy_data(tmp_path)
    _write_example(tmp_path, path["path"], block.body)
    result = _check(tmp_path)
    assert result.returncode == 1, f"{where}: expected problems, got none"
    assert result.stdout.splitlines() == expected.body.splitlines(), f"{where}: the ```text block after it"


def test_error_line_explained_in_prose_is_one_the_checker_prints():
    """The line dissected in 'Reading an error line' must be real: it is one of the tested invalid outputs."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    heading = lines.index("## Reading an error line") + 1
    shown = next(b for b in _blocks() if b.info == "text" and b.line > heading)
    printed = {line for _, output in _invalid_examples() if output for line in output.body.splitlines()}
    assert shown.body.strip() in printed


def test_allowed_values_are_copied_exactly_from_the_model():
    text = DOC.read_text(encoding="utf-8")
    for literal in (
        model.EventStatus,
        model.SiteKind,
        model.SitePrecision,
        model.SourceKind,
        model.EquipmentCategory,
    ):
        listed = ", ".join(f"`{value}`" for value in typing.get_args(literal))
        assert listed in text, f"CONTRIBUTING.md should list exactly: {listed}"


@pytest.mark.parametrize(
    ("heading", "record"),
    [
        ("### Events", model.EventRecord),
        ("### Citations", model.Citation),
        ("### Equipment sightings", model.EquipmentSighting),
        ("### Sites", model.SiteRecord),
        ("### Sources", model.SourceRecord),
        ("### tags.yaml", model.TagRecord),
        ("### equipment.yaml", model.EquipmentRecord),
    ],
)
def test_field_tables_match_the_model(heading: str, record: type):
    text = DOC.read_text(encoding="utf-8")
    assert heading in text
    section = text.split(heading, 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    documented = re.findall(r"^\| `([a-z0-9_]+)` \|", section, re.MULTILINE)
    assert sorted(documented) == sorted(record.model_fields), heading
    for name, field in record.model_fields.items():
        row = next(line for line in section.splitlines() if line.startswith(f"| `{name}` |"))
        assert ("| required" in row) == field.is_required(), f"{heading}: '{name}' required-ness"


def test_documented_data_paths_exist():
    """Files named in the prose, other than the examples' own paths, must exist in data/."""
    text = FENCE.sub("", DOC.read_text(encoding="utf-8"))
    named = set(re.findall(r"`(data/[^`<>\s]+\.yaml)`", text))
    examples = {relative for relative, _ in _valid_examples()}
    examples |= {m["path"] for b, _ in _invalid_examples() if (m := PATH_COMMENT.match(b.body.split("\n", 1)[0]))}
    for relative in sorted(named - examples):
        assert (REPO / relative).is_file(), f"CONTRIBUTING.md names {relative}, which does not exist"


SCAFFOLDS = [
    ("event.yaml", "data/events/2024/2024-12-13-scaffold-example.yaml", "event.schema.json"),
    ("site.yaml", "data/sites/scaffold-example.yaml", "site.schema.json"),
    ("source.yaml", "data/sources/scaffold-example.yaml", "source.schema.json"),
]


@pytest.mark.parametrize(("name", "relative", "schema_name"), SCAFFOLDS, ids=[s[0] for s in SCAFFOLDS])
def test_scaffold_is_valid_where_it_is_copied_once_its_placeholders_are_replaced(
    valid_data, tmp_path: Path, name: str, relative: str, schema_name: str
):
    """Copied as it is, the scaffold is refused for its placeholders alone, each named where it is; with
    them replaced it passes. A placeholder must never reach the site as if it were text."""
    _copy_data(tmp_path)
    _schema_dir(tmp_path)
    text = (SCAFFOLD / name).read_text(encoding="utf-8")
    placed = _write_example(tmp_path, relative, text)
    as_copied = _check(tmp_path)
    assert as_copied.returncode == 1
    expected = _placeholder_positions(text)
    assert expected, f"scaffold/{name} has no placeholder to replace"
    assert as_copied.stdout.splitlines() == [
        f"{relative}:{line}:{column}: '{key}' still holds the placeholder text of the template"
        " (write the real text, or delete the field if it is optional)"
        for line, column, key in expected
    ]
    _write_example(tmp_path, relative, text.replace("Replace this", "Written by a contributor,"))
    result = _check(tmp_path)
    assert result.returncode == 0, f"scaffold/{name} as {relative}:\n{result.stdout}{result.stderr}"
    _assert_schema_comment(placed, schema_name)


def test_a_placeholder_is_found_however_it_is_written(tmp_path: Path) -> None:
    """The checker looks for placeholders only in files whose bytes hold their first word (walking every
    file's tree cost a fifth of `check`): text folded over lines, or quoted, must still be caught."""
    data = _copy_data(tmp_path)
    event = data / "events/2024/2024-12-08-assad-government-falls.yaml"
    lines = event.read_text(encoding="utf-8").splitlines(keepends=True)
    (title,) = [number for number, line in enumerate(lines) if line.startswith("title: ")]
    lines[title] = "title: Replace\n  this with what happened\n"
    (site,) = [number for number, line in enumerate(lines) if line.startswith("sites: ")]
    # The title above now takes two lines: the equipment entry is two lines below the sites line, plus one.
    lines[site] = 'sites: [damascus]\nequipment:\n  - type: "  Replace this"\n'
    event.write_text("".join(lines), encoding="utf-8")

    result = _check(tmp_path)

    shown = "data/events/2024/2024-12-08-assad-government-falls.yaml"
    assert result.returncode == 1
    assert f"{shown}:{title + 1}:8: 'title' still holds the placeholder text of the template" in result.stdout
    assert f"{shown}:{site + 4}:11: 'type' still holds the placeholder text of the template" in result.stdout


def _placeholder_positions(text: str) -> list[tuple[int, int, str]]:
    """(line, column, key) of each active placeholder: where its value starts, which for a block scalar
    is the `|` on the key's line, as editors and the checker point at it."""
    lines = text.splitlines()
    found = []
    for number, line in enumerate(lines, start=1):
        if "Replace this" not in line or line.lstrip().startswith("#"):
            continue
        if match := re.match(r"\s*(?:- )?([a-z_]+): ", line):
            found.append((number, match.end() + 1, match.group(1)))
        else:
            above = re.match(r"\s*(?:- )?([a-z_]+): ", lines[number - 2])
            assert above and lines[number - 2][above.end()] == "|", lines[number - 2]
            found.append((number - 1, above.end() + 1, above.group(1)))
    return found


@pytest.mark.parametrize(("name", "relative", "schema_name"), SCAFFOLDS, ids=[s[0] for s in SCAFFOLDS])
def test_scaffold_optional_fields_are_present_but_commented_out(name: str, relative: str, schema_name: str):
    text = (SCAFFOLD / name).read_text(encoding="utf-8")
    record = {"event.yaml": model.EventRecord, "site.yaml": model.SiteRecord, "source.yaml": model.SourceRecord}[name]
    active = set(re.findall(r"^([a-z_]+):", text, re.MULTILINE))
    commented = set(re.findall(r"^# ([a-z_]+):", text, re.MULTILINE))
    # claimed_by is optional in the model, but the scaffold's status ('reported') requires it.
    needed_here = {"claimed_by"} if re.search(r"^status: (reported|claimed|disputed)\b", text, re.MULTILINE) else set()
    for field_name, field in record.model_fields.items():
        if field.is_required() or field_name in needed_here:
            assert field_name in active, f"scaffold/{name}: required field '{field_name}' is missing"
        else:
            assert field_name in commented, f"scaffold/{name}: optional field '{field_name}' is not shown"
            assert field_name not in active, f"scaffold/{name}: optional field '{field_name}' is not commented out"
    # Fields of citations and equipment sightings: each shown, active or commented out.
    nested = set(re.findall(r"^[# ]*(?:- )?([a-z0-9_]+):", text, re.MULTILINE))
    for part in {"event.yaml": (model.Citation, model.EquipmentSighting)}.get(name, ()):
        missing = set(part.model_fields) - nested
        assert not missing, f"scaffold/{name}: {part.__name__} fields not shown: {sorted(missing)}"
