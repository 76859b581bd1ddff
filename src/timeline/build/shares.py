"""Work split into numbered shares, each done by whichever process asks first.

The pages poured into shells are rendered by two processes (``shell.render_rest``): one also writes the
exports, whose time depends on the data, so a fixed half each would leave one waiting for the other. Each
process instead takes the next share when it is ready for one. The numbers wait in a pipe made before
the processes fork: a pipe hands each read to one reader, and reads and writes of a few bytes are never
split, so no share is taken twice or lost.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")

_NUMBER = struct.Struct("=I")
MOST_SHARES = 8192
"""All the numbers are written at once, before anyone reads: they must fit in a pipe's buffer (64 KiB on
Linux, 16 KiB on some systems), or the writing would wait forever."""


class Shares(Generic[T]):
    """The shares of ``items``: slices of at least ``least`` items, at most ``MOST_SHARES`` of them.

    Make it before forking the processes that share it; each takes shares with ``take``, until there are
    none left. ``close`` once every process is done.
    """

    def __init__(self, items: Sequence[T], least: int) -> None:
        self._items = items
        count = max(1, min(MOST_SHARES, -(-len(items) // least)))
        self._size = -(-len(items) // count)
        self._read, write = os.pipe()
        try:
            os.write(write, b"".join(_NUMBER.pack(number) for number in range(count)))
        finally:
            os.close(write)  # once the numbers are read, a read finds the end: no process waits for more

    def take(self) -> Iterator[T]:
        """The items of each share this process takes, share after share, until none is left."""
        while True:
            number = os.read(self._read, _NUMBER.size)
            if not number:
                return
            start = _NUMBER.unpack(number)[0] * self._size
            yield from self._items[start : start + self._size]

    def close(self) -> None:
        if self._read >= 0:
            os.close(self._read)
            self._read = -1
