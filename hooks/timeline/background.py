"""Work done in a second process while the engine builds its own pages.

An engine such as MkDocs spends a good part of a build on its own work (the theme's pages and
assets, the pages in the navigation) before it needs the month, site, source and tag pages at the
very end. Rendering those in a forked child meanwhile uses a second processor for what would
otherwise wait its turn. The child inherits the planned pages by ``fork``, so nothing is sent to
it; it sends back the rendered files, pickled, through a pipe.

The work may also write files, but only once the engine has emptied its output folder: it calls
the ``wait`` it is given first, which returns once the caller has called ``Pending.proceed``.

Forking is only safe in a process with one thread (another thread may hold a lock the child would
wait on forever), so the work runs in this process, when its result is asked for, whenever
``fork`` is missing, the process has other threads (``mkdocs serve``), or ``TIMELINE_PARALLEL=0``.
The output is the same either way; only the time differs.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class BackgroundError(RuntimeError):
    """The work failed in the child; the message holds the child's traceback."""


Work = Callable[[Callable[[], None]], T]
"""Work takes ``wait``: a call that returns once the caller lets it go on (``Pending.proceed``)."""


class Pending(Generic[T]):
    """Work that is running, or will run, until ``result`` is asked for."""

    in_background: bool = False

    def proceed(self) -> None:
        """Let the work go past its ``wait``. Call it once, before ``result``."""
        raise NotImplementedError

    def result(self) -> T:
        raise NotImplementedError

    def cancel(self) -> None:
        """Stop the work if it is still running; ``result`` must not be called afterwards."""


class _Deferred(Pending[T]):
    def __init__(self, work: Work[T]) -> None:
        self._work = work
        self._may_proceed = False

    def proceed(self) -> None:
        self._may_proceed = True

    def result(self) -> T:
        return self._work(self._wait)

    def _wait(self) -> None:
        if not self._may_proceed:
            raise RuntimeError("the work waited for proceed(), which was never called")


class _Forked(Pending[T]):
    in_background = True

    def __init__(self, pid: int, read_end: int, go_write_end: int) -> None:
        self._pid = pid
        self._read_end = read_end
        self._go = go_write_end

    def proceed(self) -> None:
        os.write(self._go, b"g")
        os.close(self._go)

    def result(self) -> T:
        with os.fdopen(self._read_end, "rb") as stream:
            payload = stream.read()
        _, status = os.waitpid(self._pid, 0)
        try:
            succeeded, value = pickle.loads(payload)  # noqa: S301 - written by our own child process
        except (pickle.UnpicklingError, EOFError, ValueError):
            code = os.waitstatus_to_exitcode(status)
            raise BackgroundError(f"the background process ended without a result (exit status {code})") from None
        if not succeeded:
            raise BackgroundError(value)
        return value

    def cancel(self) -> None:
        try:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self._read_end)
        with contextlib.suppress(OSError):  # closed already if proceed() was called
            os.close(self._go)


def can_fork() -> bool:
    return (
        hasattr(os, "fork")
        # macOS system libraries are not fork-safe; Linux is what CI and static hosts build on.
        and sys.platform.startswith("linux")
        and threading.active_count() == 1
        and os.environ.get("TIMELINE_PARALLEL", "").strip() != "0"
    )


def start(work: Work[T]) -> Pending[T]:
    """Run ``work`` in a forked child if that is safe here; otherwise, when its result is asked for."""
    if not can_fork():
        return _Deferred(work)
    read_end, write_end = os.pipe()
    go_read_end, go_write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its result is tested through the parent
        _run_child(work, read_end, write_end, go_read_end, go_write_end)
    os.close(write_end)
    os.close(go_read_end)
    return _Forked(pid, read_end, go_write_end)


def _run_child(
    work: Work[T], read_end: int, write_end: int, go_read_end: int, go_write_end: int
) -> None:  # pragma: no cover
    status = 1
    try:
        # A collection would walk, and so copy, every page of the memory shared with the parent; the
        # child lives for one piece of work and leaves nothing to collect.
        gc.disable()
        os.close(read_end)
        os.close(go_write_end)

        def wait() -> None:
            if os.read(go_read_end, 1) != b"g":  # an empty read: the parent closed the pipe, or exited
                raise RuntimeError("the build stopped before the background work could go on")

        try:
            payload = pickle.dumps((True, work(wait)), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 - everything goes back to the parent, which reports it
            payload = pickle.dumps((False, traceback.format_exc()))
        with os.fdopen(write_end, "wb") as stream:
            stream.write(payload)
        status = 0
    finally:
        # Never return into the caller's code, nor run its exit handlers or flush its buffers twice.
        os._exit(status)
