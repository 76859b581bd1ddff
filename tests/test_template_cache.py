"""Compiled templates are kept between builds, for the site's own templates and the theme's."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import material

from conftest import mkdocs_build
from timeline import render


def _cache_entry(cache_dir: Path, name: str, filename: Path) -> Path:
    key = jinja2.BytecodeCache().get_cache_key(name, os.path.normpath(filename))
    return cache_dir / f"__jinja2_{key}.cache"


def test_a_build_keeps_its_compiled_templates_and_the_next_build_is_the_same(tmp_path: Path) -> None:
    # Jinja keeps its cache in a private folder of the temporary directory: a fresh one for this test.
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    first = mkdocs_build(tmp_path / "one", env={"TMPDIR": str(temporary), "TIMELINE_PARALLEL": "0"})
    assert first.returncode == 0, first.stderr
    (cache_dir,) = temporary.glob("_jinja2-cache-*")
    assert (cache_dir.stat().st_mode & 0o777) == 0o700  # nobody else may plant compiled code there

    ours = _cache_entry(cache_dir, "month.md.j2", render.TEMPLATES / "month.md.j2")
    themes = _cache_entry(cache_dir, "404.html", Path(material.__file__).parent / "templates" / "404.html")
    assert ours.is_file()
    assert themes.is_file()

    second = mkdocs_build(tmp_path / "two", env={"TMPDIR": str(temporary)})
    assert second.returncode == 0, second.stderr
    for page in ("index.html", "404.html", "timeline/2024/12/index.html", "sites/hmeimim/index.html"):
        assert (tmp_path / "one" / page).read_bytes() == (tmp_path / "two" / page).read_bytes(), page
