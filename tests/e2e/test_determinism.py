"""The same commit gives byte-identical sites, whatever the process, hash seed or day of the build, and
whether pages are rendered in a background process or not."""

from __future__ import annotations

import datetime as dt
import gzip
import subprocess
from pathlib import Path

from helpers.commands import REPO, mkdocs_build
from helpers.site_html import parse, text
from timeline.build import background


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()
    }


def test_two_builds_are_byte_identical_and_dated_by_the_last_commit(tmp_path: Path, monkeypatch) -> None:
    # No SOURCE_DATE_EPOCH from outside: the hook must take it from the last commit itself.
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    env = {"SITE_URL": "https://timeline.example.org/"}
    # The second renders every page in the build's own process, the first most of them in a forked one.
    first = mkdocs_build(tmp_path / "one", env={**env, "PYTHONHASHSEED": "1"}, verbose=True)
    second = mkdocs_build(tmp_path / "two", env={**env, "PYTHONHASHSEED": "2", "TIMELINE_PARALLEL": "0"}, verbose=True)
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    if background.can_fork():
        assert "redirects are rendered in a background process" in first.stderr
    assert "redirects are rendered at the end of the build" in second.stderr

    one, two = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert sorted(one) == sorted(two)
    differing = [name for name in one if one[name] != two[name]]
    assert not differing, differing[:10]

    # The compressed sitemap is part of it: its gzip header carries a time, which must be pinned too.
    sitemap = gzip.decompress(one["sitemap.xml.gz"]).decode()
    assert "https://timeline.example.org/sites/hmeimim/" in sitemap

    epoch = subprocess.run(
        ["git", "-C", str(REPO), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=True
    ).stdout.strip()
    day = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    updated = next(p for p in parse(tmp_path / "one" / "index.html").iter("p") if p.get("class") == "tl-updated")
    assert f"Last updated: {day.day} {day:%B} {day.year}" in text(updated)
