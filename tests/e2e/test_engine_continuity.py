"""Material for MkDocs ends on 2027-05-05 and MkDocs 1.6.1 is unmaintained. ProperDocs, a maintained
continuation of MkDocs 1.x, runs the same mkdocs.yml and hook unchanged and builds the same site: every
file is the same, byte for byte, but for the generator tag of the pages."""

from __future__ import annotations

import re
from pathlib import Path

from helpers.commands import DATA, mkdocs_build

_GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
_SAME_BUILD = {"SOURCE_DATE_EPOCH": "1767225600", "TIMELINE_REPO_URL": "https://github.com/example-owner/example"}


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path: Path) -> None:
    built = {}
    for engine in ("mkdocs", "properdocs"):
        result = mkdocs_build(tmp_path / engine, DATA, env=_SAME_BUILD, engine=engine)
        assert result.returncode == 0, result.stderr
        built[engine] = _files(tmp_path / engine)
    mkdocs, properdocs = built["mkdocs"], built["properdocs"]
    assert sorted(mkdocs) == sorted(properdocs)
    assert len(mkdocs) > 100 and "sites/hmeimim/index.html" in mkdocs and "pagefind/pagefind.js" in mkdocs

    generators = set()
    for path, content in mkdocs.items():
        if content != properdocs[path]:
            assert path.endswith(".html"), f"{path} differs"
            assert _GENERATOR.sub(b"", content) == _GENERATOR.sub(b"", properdocs[path]), f"{path} differs"
            generators |= {tag.decode() for tag in _GENERATOR.findall(properdocs[path])}
    assert generators == {'<meta name="generator" content="mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.1">'}
