"""Shared helpers: where the repository is, and how to run the command line as a contributor would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
SEEDS = REPO.parent / "shared" / "seeds"


def run_timeline(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m timeline`` in a subprocess, exactly like `make check` does."""
    # GITHUB_ACTIONS changes the output format, so it is taken from the test, never from the CI runner.
    inherited = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
    full_env = {**inherited, "PYTHONPATH": str(REPO / "hooks"), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "timeline", *args],
        cwd=cwd or REPO,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
