"""Shared helpers: where the repository is, and how to run the command line as a contributor would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
SEEDS = REPO.parent / "shared" / "seeds"


def run_timeline(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m timeline`` in a subprocess, exactly like `make check` does."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO / "hooks"), **(env or {})}
    full_env.pop("GITHUB_ACTIONS", None) if "GITHUB_ACTIONS" not in (env or {}) else None
    return subprocess.run(
        [sys.executable, "-m", "timeline", *args],
        cwd=cwd or REPO,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def run():
    return run_timeline
