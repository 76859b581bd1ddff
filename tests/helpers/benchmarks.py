"""The benchmarks in tools/bench/ are scripts beside the package, not part of it: imported from there."""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

from helpers.commands import REPO

BENCH_DIR = REPO / "tools" / "bench"


def bench_module(name: str = "bench") -> ModuleType:
    """``tools/bench/<name>.py``, imported as ``python tools/bench`` imports it (the folder on the path)."""
    if str(BENCH_DIR) not in sys.path:
        sys.path.append(str(BENCH_DIR))
    return importlib.import_module(name)
