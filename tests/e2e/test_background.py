"""Work in a forked process: its result, its failures, its wait for the caller, and when it stays here."""

from __future__ import annotations

import functools
import gc
import os
import threading
import time

import pytest

from timeline.build import background, shares

needs_fork = pytest.mark.skipif(not background.can_fork(), reason="forking is only used on Linux")


def _pid_and_payload(wait) -> tuple[int, list[str]]:
    wait()
    return os.getpid(), [f"page {n} " * 50 for n in range(2000)]  # well past a pipe's buffer


@needs_fork
def test_the_work_runs_in_another_process_and_its_whole_result_comes_back() -> None:
    pending = background.start(_pid_and_payload)
    assert pending.in_background
    pending.proceed()
    pid, payload = pending.result()
    assert pid != os.getpid()
    assert payload == [f"page {n} " * 50 for n in range(2000)]


@needs_fork
def test_the_work_goes_past_wait_only_after_proceed() -> None:
    pending = background.start(lambda wait: (wait(), time.monotonic())[1])
    time.sleep(0.3)
    proceeded_at = time.monotonic()
    pending.proceed()
    assert pending.result() >= proceeded_at


def _fails(wait) -> None:
    raise ValueError("no such template: month.md.j2")


@needs_fork
def test_a_failure_in_the_child_comes_back_with_its_traceback() -> None:
    pending = background.start(_fails)
    pending.proceed()
    with pytest.raises(background.BackgroundError, match=r"(?s)Traceback.*ValueError: no such template: month\.md\.j2"):
        pending.result()


@needs_fork
def test_a_child_that_dies_without_a_result_is_reported() -> None:
    pending = background.start(lambda wait: os._exit(3))
    pending.proceed()
    with pytest.raises(background.BackgroundError, match=r"without a result.*exit status 3"):
        pending.result()


@needs_fork
def test_cancel_stops_a_child_that_is_still_waiting_and_leaves_no_zombie() -> None:
    pending = background.start(lambda wait: wait())
    pending.cancel()
    with pytest.raises(ChildProcessError):  # nothing left to reap: cancel reaped it
        os.waitpid(-1, os.WNOHANG)


def test_with_another_thread_running_the_work_runs_here_when_its_result_is_asked_for() -> None:
    # mkdocs serve has threads of its own; forking there could leave the child stuck on their locks.
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not background.can_fork()
        pending = background.start(_pid_and_payload)
        assert not pending.in_background
        pending.proceed()
        assert pending.result()[0] == os.getpid()
    finally:
        stop.set()
        thread.join()


def test_not_parallel_keeps_the_work_here() -> None:
    ran: list[int] = []
    pending = background.start(lambda wait: ran.append(os.getpid()), parallel=False)
    assert not pending.in_background
    assert ran == []  # not started yet: it runs when the result is asked for
    pending.proceed()
    pending.result()
    assert ran == [os.getpid()]


def test_work_that_waits_before_proceed_was_called_is_an_error_here_too() -> None:
    pending = background.start(lambda wait: wait(), parallel=False)
    with pytest.raises(RuntimeError, match="proceed"):
        pending.result()


@needs_fork
def test_cancel_is_safe_after_the_result_and_twice() -> None:
    # MkDocs reports a failed build to on_build_error, which cancels, whether or not the pages came back.
    pending = background.start(lambda wait: 42)
    pending.proceed()
    assert pending.result() == 42
    pending.cancel()
    pending.cancel()


@needs_fork
def test_proceed_after_the_child_failed_still_lets_result_report_the_failure() -> None:
    pending = background.start(_fails)
    time.sleep(0.3)  # the child has failed and closed its end of the pipe by now
    pending.proceed()
    with pytest.raises(background.BackgroundError, match="no such template"):
        pending.result()


@needs_fork
def test_asking_for_the_result_without_proceed_stops_the_wait_instead_of_hanging() -> None:
    pending = background.start(lambda wait: wait())
    with pytest.raises(background.BackgroundError, match="stopped before the background work could go on"):
        pending.result()


def _take_all(shared: shares.Shares[int], wait) -> list[int]:
    wait()
    taken = []
    for item in shared.take():
        taken.append(item)
        time.sleep(0.0005)  # both processes take turns, rather than one taking everything at once
    return taken


@needs_fork
def test_two_processes_that_share_work_do_every_item_once_between_them() -> None:
    items = list(range(1001))  # not a multiple of the share's size
    shared = shares.Shares(items, least=7)
    try:
        pending = background.start(functools.partial(_take_all, shared))
        pending.proceed()
        here = _take_all(shared, lambda: None)
        there = pending.result()
    finally:
        shared.close()
    assert here and there, "both processes took shares"
    assert sorted(here + there) == items


def test_shares_run_out_here_too_and_are_never_more_than_the_pipe_holds() -> None:
    items = list(range(shares.MOST_SHARES * 3 + 5))
    shared = shares.Shares(items, least=1)
    try:
        assert list(shared.take()) == items
        assert list(shared.take()) == []  # nothing left: ends at once rather than waiting
    finally:
        shared.close()
    empty = shares.Shares([], least=32)
    assert list(empty.take()) == []
    empty.close()


def _garbage_left(wait) -> int:
    wait()

    class Node:
        def __init__(self) -> None:
            self.me = self  # a cycle, as Jinja's contexts make: only a collection frees it

    for _ in range(20000):
        Node()
    return sum(isinstance(thing, Node) for thing in gc.get_objects())


@needs_fork
def test_the_child_collects_the_cycles_it_leaves() -> None:
    pending = background.start(_garbage_left)
    pending.proceed()
    assert pending.result() < 20000
