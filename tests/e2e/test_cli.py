"""The check command's contract: exit codes, one line per problem, no tracebacks."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from helpers.commands import DATA, TIMELINE, run_timeline


def test_repository_data_is_valid():
    result = run_timeline("check", "data")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "events" in result.stderr and "valid" in result.stderr


def test_usage_errors_exit_2():
    assert run_timeline().returncode == 2
    assert run_timeline("frobnicate").returncode == 2
    assert run_timeline("check", "--format", "xml").returncode == 2


def test_missing_data_folder_is_a_usage_error_not_a_crash(tmp_path: Path):
    result = run_timeline("check", "nowhere", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["nowhere:1:1: data folder not found"]
    assert "Traceback" not in result.stderr


def test_output_survives_a_closed_pipe_and_a_non_utf8_terminal(tmp_path: Path):
    shutil.copytree(DATA, tmp_path / "data")
    for path in sorted((tmp_path / "data/events").rglob("*.yaml"))[:3]:
        path.write_text(path.read_text("utf-8").replace("status: ", "status: confirmé-"), "utf-8")
    ascii_run = run_timeline("check", "data", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert ascii_run.returncode == 1
    assert len(ascii_run.stdout.splitlines()) == 3
    assert "confirm\\xe9-" in ascii_run.stdout
    piped = subprocess.run(
        f"{TIMELINE} check data | head -n 1",
        shell=True,
        cwd=tmp_path,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        check=False,
    )
    assert len(piped.stdout.splitlines()) == 1
    assert "Traceback" not in piped.stderr and "internal error" not in piped.stderr


def _broken_copy(tmp_path: Path) -> Path:
    shutil.copytree(DATA, tmp_path / "data")
    event = tmp_path / "data/events/2024/2024-12-13-hmeimim-an124-loading.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("status: reported", "status: confimed"), "utf-8")
    return event


def test_problem_line_points_at_the_value(tmp_path: Path):
    event = _broken_copy(tmp_path)
    line = next(n for n, text in enumerate(event.read_text("utf-8").splitlines(), 1) if text.startswith("status:"))
    result = run_timeline("check", "data", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"data/events/2024/2024-12-13-hmeimim-an124-loading.yaml:{line}:9: 'status' must be one of: confirmed, "
        "reported, claimed, disputed, retracted; got 'confimed' (did you mean 'confirmed'?)"
    ]


def test_github_format_adds_workflow_annotations(tmp_path: Path):
    _broken_copy(tmp_path)
    result = run_timeline("check", "data", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    plain, annotation = result.stdout.splitlines()
    path, line, column, _ = plain.split(":", 3)
    assert annotation.startswith(f"::error file={path},line={line},col={column}::'status' must be one of")


def test_output_is_identical_between_runs(tmp_path: Path):
    _broken_copy(tmp_path)
    (tmp_path / "data/sites/hmeimim.yaml").write_text("name: [unclosed\n", "utf-8")
    first = run_timeline("check", "data", cwd=tmp_path)
    second = run_timeline("check", "data", cwd=tmp_path)
    assert first.stdout == second.stdout
    lines = first.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "data/events/2024/2024-12-13-hmeimim-an124-loading.yaml",
        "data/sites/hmeimim.yaml",
    ]
