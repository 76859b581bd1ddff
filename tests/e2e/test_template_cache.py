"""Compiled templates are kept between builds, for the site's own templates and the theme's."""

from __future__ import annotations

import tempfile
from pathlib import Path

import jinja2
import pytest

from helpers.commands import mkdocs_build
from timeline.site.template_cache import template_cache


def test_a_build_keeps_its_compiled_templates_and_the_next_build_is_the_same(tmp_path: Path) -> None:
    # Jinja keeps its cache in a private folder of the temporary directory: a fresh one for this test.
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    first = mkdocs_build(tmp_path / "one", env={"TMPDIR": str(temporary), "TIMELINE_PARALLEL": "0"})
    assert first.returncode == 0, first.stderr
    (cache_dir,) = temporary.glob("_jinja2-cache-*")
    assert (cache_dir.stat().st_mode & 0o777) == 0o700  # nobody else may plant compiled code there
    assert list(cache_dir.glob("__jinja2_month.md.j2-*.cache"))  # the timeline's own
    assert list(cache_dir.glob("__jinja2_404.html-*.cache"))  # the theme's, compiled by MkDocs

    second = mkdocs_build(tmp_path / "two", env={"TMPDIR": str(temporary)})
    assert second.returncode == 0, second.stderr
    for page in ("index.html", "404.html", "timeline/2024/12/index.html", "sites/hmeimim/index.html"):
        assert (tmp_path / "one" / page).read_bytes() == (tmp_path / "two" / page).read_bytes(), page


@pytest.fixture
def private_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def _environment(folder: Path, **settings: object) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folder), bytecode_cache=template_cache(), **settings)


def test_code_compiled_under_other_settings_is_not_reused(private_temporary: Path) -> None:
    templates = private_temporary / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("{% if true %}\nX\n{% endif %}\n", encoding="utf-8")
    assert _environment(templates).get_template("page.html").render() == "\nX\n"
    # The same file and source, but trim_blocks compiles to other code.
    assert _environment(templates, trim_blocks=True).get_template("page.html").render() == "X\n"
    assert _environment(templates).get_template("page.html").render() == "\nX\n"


def test_a_damaged_entry_is_compiled_again(private_temporary: Path) -> None:
    templates = private_temporary / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("{{ 1 + 1 }}", encoding="utf-8")
    assert _environment(templates).get_template("page.html").render() == "2"
    (entry,) = private_temporary.glob("_jinja2-cache-*/__jinja2_page.html-*.cache")
    entry.write_bytes(entry.read_bytes()[:20])  # cut short, as a full disk or a killed build can leave it
    assert _environment(templates).get_template("page.html").render() == "2"
