"""Invalid data stops the build with the checker's lines, before anything is written: never a half-built site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.commands import DATA, REPO, mkdocs_build, run_timeline

AN124 = "events/2024/2024-12-13-hmeimim-an124-loading.yaml"


def _broken_copy(tmp_path: Path, edit: tuple[str, str, str], *more: tuple[str, str, str]) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    for relative, old, new in (edit, *more):
        path = data / relative
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return data


def _problem_lines(output: str) -> set[str]:
    # The hook logs through MkDocs ("ERROR    -  path:line:col: ..."); keep the checker's part.
    return {line.split(" -  ", 1)[-1].strip() for line in output.splitlines() if ".yaml:" in line}


@pytest.mark.parametrize(
    "edits",
    [
        pytest.param([(AN124, "sites: [hmeimim]", "sites: [khmeimim]")], id="unknown-site"),
        pytest.param(
            [(AN124, "status: reported", "status: confirmd"), ("sites/homs.yaml", "kind:", "knd:")], id="two-files"
        ),
        pytest.param([(AN124, "tags: [airlift, satellite-imagery]", "tags: [airlift")], id="yaml-syntax"),
    ],
)
def test_invalid_data_fails_the_build_with_the_checkers_lines(tmp_path: Path, edits: list) -> None:
    data = _broken_copy(tmp_path, *edits)
    out = tmp_path / "site"
    out.mkdir()
    (out / "previous-build.txt").write_text("the last good site", encoding="utf-8")

    built = mkdocs_build(out, data_dir=data)
    checked = run_timeline("check", str(data))

    assert built.returncode != 0
    assert checked.returncode == 1
    expected = _problem_lines(checked.stdout)
    assert expected, checked.stdout
    assert _problem_lines(built.stderr) == expected
    assert "Traceback" not in built.stderr
    assert "nothing was built" in built.stdout + built.stderr
    # The build stopped before MkDocs cleaned or wrote the output folder.
    assert [path.name for path in out.iterdir()] == ["previous-build.txt"]


def test_a_relative_data_folder_gives_the_same_lines_as_check(tmp_path: Path) -> None:
    # Paths as the contributor wrote them, as `make check` prints them, so editors and CI can jump to them.
    _broken_copy(tmp_path, (AN124, "sites: [hmeimim]", "sites: [khmeimim]"))
    built = mkdocs_build(tmp_path / "site", data_dir=Path("data"), cwd=tmp_path)
    checked = run_timeline("check", "data", cwd=tmp_path)
    line = f"data/{AN124}:4:9: unknown site 'khmeimim' (did you mean 'hmeimim'?)"
    assert line in checked.stdout.splitlines()
    assert line in _problem_lines(built.stderr)
    assert not (tmp_path / "site" / "index.html").exists()


def _project_copy(tmp_path: Path) -> Path:
    """The site's configuration, pages and hooks, to change without touching the repository."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copy(REPO / name, project / name)
    for name in ("docs", "overrides", "hooks"):
        shutil.copytree(REPO / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    return project


@pytest.mark.parametrize("parallel", ["1", "0"])
def test_a_docs_file_where_the_timeline_writes_a_redirect_stops_the_build(tmp_path: Path, parallel: str) -> None:
    project = _project_copy(tmp_path)
    clash = project / "docs" / "events" / "2024-12-13-hmeimim-an124-loading" / "index.html"
    clash.parent.mkdir(parents=True)
    clash.write_text("<p>hand-written</p>", encoding="utf-8")

    built = mkdocs_build(
        tmp_path / "site", data_dir=DATA, config=project / "mkdocs.yml", env={"TIMELINE_PARALLEL": parallel}
    )

    assert built.returncode != 0
    shown = built.stdout + built.stderr
    assert "docs/events/2024-12-13-hmeimim-an124-loading/index.html: the timeline generates this file" in shown
    assert "Traceback" not in shown


@pytest.mark.parametrize("parallel", ["1", "0"])
def test_a_strict_mode_warning_after_the_pages_are_written_fails_the_build_plainly(
    tmp_path: Path, parallel: str
) -> None:
    # MkDocs raises it after on_post_build, once the background work is over: stopping that work again
    # (on_build_error) must not turn the warning into a traceback.
    project = _project_copy(tmp_path)
    methodology = project / "docs" / "methodology.md"
    methodology.write_text(methodology.read_text(encoding="utf-8") + "\n[gone](no-such-page.md)\n", encoding="utf-8")

    built = mkdocs_build(
        tmp_path / "site", data_dir=DATA, config=project / "mkdocs.yml", env={"TIMELINE_PARALLEL": parallel}
    )

    assert built.returncode != 0
    shown = built.stdout + built.stderr
    assert "no-such-page.md" in shown
    assert "Aborted with 1 warnings in strict mode!" in shown
    assert "Traceback" not in shown
