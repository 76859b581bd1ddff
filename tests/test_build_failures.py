"""Invalid data stops the build with the checker's lines, before anything is written: never a half-built site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import DATA, mkdocs_build, run_timeline

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
