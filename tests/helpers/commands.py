"""Where the repository is, and how to run the command line and MkDocs as a contributor would."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
SEEDS = REPO.parent / "shared" / "seeds"
TIMELINE = str(Path(sys.executable).with_name("timeline"))
"""The console command the package installs, in the same environment as the tests."""


def run_timeline(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``timeline`` in a subprocess, exactly like `make check` does."""
    # GITHUB_ACTIONS changes the output format, so it is taken from the test, never from the CI runner.
    inherited = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
    full_env = {**inherited, **(env or {})}
    return subprocess.run(
        [TIMELINE, *args],
        cwd=cwd or REPO,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# Variables of the machine or CI runner that would change what a build links to.
_BUILD_ENV_OVERRIDDEN = (
    "GITHUB_ACTIONS",
    "GITHUB_REPOSITORY",
    "GITHUB_SERVER_URL",
    "TIMELINE_REPO_URL",
    "SITE_URL",
    "TIMELINE_PARALLEL",
)


def mkdocs_build(
    out_dir: Path,
    data_dir: Path | None = None,
    env: dict[str, str] | None = None,
    strict: bool = True,
    cwd: Path = REPO,
    verbose: bool = False,
    config: Path = REPO / "mkdocs.yml",
    engine: str = "mkdocs",
) -> subprocess.CompletedProcess:
    """Run ``mkdocs build`` of ``config`` (the repository's) into ``out_dir``, as `make build` does; with
    ``engine="properdocs"``, the same build by ProperDocs, the maintained continuation of MkDocs 1.x."""
    inherited = {key: value for key, value in os.environ.items() if key not in _BUILD_ENV_OVERRIDDEN}
    full_env = {**inherited, "NO_MKDOCS_2_WARNING": "1"}
    if data_dir is not None:
        full_env["TIMELINE_DATA"] = str(data_dir)
    full_env.update(env or {})
    command = [sys.executable, "-m", engine, "build", "-f", str(config), "-d", str(out_dir)]
    if strict:
        command.append("--strict")
    if verbose:
        command.append("--verbose")
    return subprocess.run(command, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=300, check=False)


def run_cli(*args: str, cwd: Path, env: dict[str, str | None] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the ``timeline`` command's own function in this process, as the console command would: in
    ``cwd``, with ``env`` changed (None removes a variable), its output as text. Far cheaper than a
    subprocess for the hundreds of broken-file cases; a few tests still run the installed command."""
    from timeline.contrib.cli import main  # here: the command line is what these tests exercise

    streams = [io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace") for _ in range(2)]
    changes = {"GITHUB_ACTIONS": None, **(env or {})}
    saved = {name: os.environ.get(name) for name in changes}
    try:
        for name, value in changes.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        with contextlib.chdir(cwd), contextlib.redirect_stdout(streams[0]), contextlib.redirect_stderr(streams[1]):
            code = main(list(args))
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    texts = []
    for stream in streams:
        stream.flush()
        texts.append(stream.buffer.getvalue().decode("utf-8"))  # type: ignore[attr-defined]
    return subprocess.CompletedProcess(["timeline", *args], code, texts[0], texts[1])
