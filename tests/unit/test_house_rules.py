"""The rules of the house that a reviewer would otherwise have to remember: module size, settings only at
the edge, templates that present rather than compute, and a docstring on every layer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers.commands import REPO

PACKAGE = REPO / "src" / "timeline"
MODULES = sorted(PACKAGE.rglob("*.py"))
TEMPLATES = sorted((PACKAGE / "site" / "templates").glob("*.j2"))
ENTRY_POINTS = {PACKAGE / "contrib" / "cli.py"}
"""With the MkDocs adapter in hooks/, the only code that may read the process environment."""

COMPUTING = re.compile(
    r"\|\s*(length|count|sort|reverse|groupby|selectattr|rejectattr|select|reject|unique|sum|min|max|batch|slice)\b"
    r"|\{%-?\s*for\s[^%]*\sif\s"  # a loop that filters
    r"|\[\s*-?\d*\s*:"  # a slice
)


def _relative(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def test_the_package_and_its_templates_are_found() -> None:
    assert len(MODULES) > 40 and len(TEMPLATES) > 15


@pytest.mark.parametrize("module", MODULES, ids=_relative)
def test_no_module_is_over_400_lines(module: Path) -> None:
    assert len(module.read_text(encoding="utf-8").splitlines()) <= 400


@pytest.mark.parametrize("module", [m for m in MODULES if m not in ENTRY_POINTS], ids=_relative)
def test_below_the_entry_points_no_module_reads_or_writes_the_environment(module: Path) -> None:
    code = module.read_text(encoding="utf-8")
    assert not re.search(r"\bos\.(environ|getenv|putenv|unsetenv)\b|\bfrom os import\b[^\n]*\benviron\b", code)


@pytest.mark.parametrize("template", TEMPLATES, ids=_relative)
def test_templates_present_and_keep_their_lines_short(template: Path) -> None:
    for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), start=1):
        assert len(line) <= 160, f"{template.name}:{number}: {len(line)} characters"
        assert not COMPUTING.search(line), f"{template.name}:{number}: computes; give it a view model: {line}"


@pytest.mark.parametrize(
    "package", sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()), ids=_relative
)
def test_every_layer_says_what_it_owns_and_may_import(package: Path) -> None:
    docstring = re.match(r'"""(.+?)"""', (package / "__init__.py").read_text(encoding="utf-8"), flags=re.S)
    assert docstring is not None
    assert "import" in docstring.group(1).lower(), "say which layers it may import"


@pytest.mark.parametrize(
    "line", ["{{ events | length }}", "{% for e in events if e.x %}", "{{ xs[-3:] }}", "{{ a|sort }}"]
)
def test_the_template_rule_catches_computation(line: str) -> None:
    assert COMPUTING.search(line)
