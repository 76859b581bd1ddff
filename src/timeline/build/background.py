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
``fork`` is missing, the process has other threads (``mkdocs serve``), or the settings say no
(``TIMELINE_PARALLEL=0``).
The output is the same either way; only the time differs.
"""

from __future__ import annotations

import abc
import gc
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Generic, TypeVar, cast

T = TypeVar("T")

Work = Callable[[Callable[[], None]], T]
"""Work takes ``wait``: a call that returns once the caller lets it go on (``Pending.proceed``)."""


class BackgroundError(RuntimeError):
    """The work failed in the child; the message holds the child's traceback."""


class Pending(abc.ABC, Generic[T]):
    """Work that is running, or will run, until ``result`` is asked for."""

    in_background: bool = False

    @abc.abstractmethod
    def proceed(self) -> None:
        """Let the work go past its ``wait``. Call it once, before ``result``."""

    @abc.abstractmethod
    def result(self) -> T:
        """The work's return value; raises what the work raised (``BackgroundError`` from a child)."""

    def cancel(self) -> None:
        """Stop the work if it still runs. Safe to call at any time, and more than once."""


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

    def __init__(self, pid: int, result_fd: int, go_fd: int) -> None:
        self._pid: int | None = pid
        """None once reaped: the number may belong to another process by then."""
        self._result_fd = result_fd
        self._go_fd = go_fd
        """-1 once closed, like ``_result_fd``: a closed number may be reused by any file."""

    def proceed(self) -> None:
        if self._go_fd < 0:
            return
        try:
            os.write(self._go_fd, b"g")
        except BrokenPipeError:
            pass  # the child has ended already, most likely with an error, which result() reports
        finally:
            self._close_go()

    def result(self) -> T:
        if self._pid is None:
            raise RuntimeError("the result was asked for twice, or after cancel()")
        self._close_go()  # had proceed() not been called, the child now stops waiting instead of hanging
        with os.fdopen(self._result_fd, "rb") as stream:
            self._result_fd = -1
            payload = stream.read()
        status = self._reap()
        try:
            succeeded, value = cast(tuple[bool, T], pickle.loads(payload))  # noqa: S301 - from our own child
        except (pickle.UnpicklingError, EOFError, ValueError):
            code = os.waitstatus_to_exitcode(status)
            raise BackgroundError(f"the background process ended without a result (exit status {code})") from None
        if not succeeded:
            raise BackgroundError(str(value))
        return value

    def cancel(self) -> None:
        if self._pid is not None:
            # Not reaped yet, so the number is still this child's, even if it has ended (then a no-op).
            os.kill(self._pid, signal.SIGKILL)
            self._reap()
        self._close_go()
        if self._result_fd >= 0:
            os.close(self._result_fd)
            self._result_fd = -1

    def _reap(self) -> int:
        assert self._pid is not None
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        gc.unfreeze()
        return status

    def _close_go(self) -> None:
        if self._go_fd >= 0:
            os.close(self._go_fd)
            self._go_fd = -1


def can_fork() -> bool:
    return (
        hasattr(os, "fork")
        # macOS system libraries are not fork-safe; Linux is what CI and static hosts build on.
        and sys.platform.startswith("linux")
        and threading.active_count() == 1
    )


def start(work: Work[T], parallel: bool = True) -> Pending[T]:
    """Run ``work`` in a forked child if ``parallel`` and that is safe here; otherwise, when its result is
    asked for."""
    if not (parallel and can_fork()):
        return _Deferred(work)
    result_read, result_write = os.pipe()
    go_read, go_write = os.pipe()
    # Until the child is done, this process's collections leave alone what existed at the fork: a
    # collection writes to every object it walks, which would copy every page still shared.
    gc.freeze()
    try:
        pid = os.fork()
    except OSError:  # out of processes or memory: the same work, in this process
        gc.unfreeze()
        for descriptor in (result_read, result_write, go_read, go_write):
            os.close(descriptor)
        return _Deferred(work)
    if pid == 0:  # pragma: no cover - the child; its result is tested through the parent
        _run_child(work, result_write, go_read, close_first=(result_read, go_write))
    os.close(result_write)
    os.close(go_read)
    return _Forked(pid, result_read, go_write)


def _run_child(work: Work[T], result_fd: int, go_fd: int, close_first: tuple[int, ...]) -> None:  # pragma: no cover
    status = 1
    try:
        # Collections stay on: what existed at the fork is frozen (``start``), so they walk only what the
        # child makes, and share the rest. Off, the cycles rendering leaves behind (Jinja's contexts) were
        # never freed: a render child of 440 MB at 10,000 events is 220 MB with them on.
        for descriptor in close_first:
            os.close(descriptor)

        def wait() -> None:
            if os.read(go_fd, 1) != b"g":  # an empty read: the parent closed the pipe, or exited
                raise RuntimeError("the build stopped before the background work could go on")

        try:
            payload = pickle.dumps((True, work(wait)), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 - everything goes back to the parent, which reports it
            payload = pickle.dumps((False, traceback.format_exc()))
        with os.fdopen(result_fd, "wb") as stream:
            stream.write(payload)
        status = 0
    finally:
        # Never return into the caller's code, nor run its exit handlers or flush its buffers twice.
        os._exit(status)
