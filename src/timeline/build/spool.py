"""Rendered pages on their way from the renderer to the pouring, kept on disk rather than in memory.

The pages poured into shells are rendered while the engine builds (in a forked child, see ``background``),
and poured once the engine is done. Handed over as one list, every page would be in memory three times at
the peak (the child's list, its pickle, the parent's copy): 1.3 GB of pages at 50,000 events took the
build to 4.9 GB. Written one after another to a file, and read back one at a time by the pouring, they
never are: the file is read back while it is still in the disk cache.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterable, Iterator
from pathlib import Path

from timeline.site.planned import Rendered


def write(path: Path, pages: Iterable[Rendered]) -> Path:
    """Write ``pages`` (as they are rendered, one at a time) into the file ``path``, a pickle per page one after
    another; returns ``path``."""
    with open(path, "wb") as spool:
        for page in pages:
            pickle.dump(page, spool, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def read(paths: Iterable[Path]) -> Iterator[Rendered]:
    """The pages ``write`` wrote into each of ``paths``, in the same order, one at a time; each file is removed
    once read."""
    for path in paths:
        # Only this build's own spools are read, written by this package a moment before: not untrusted input.
        with open(path, "rb") as spool:
            while True:
                try:
                    yield pickle.load(spool)  # noqa: S301
                except EOFError:
                    break
        os.unlink(path)
