"""``mkdocs serve`` watches the data folder: saving a YAML file updates the preview, a broken file does not kill it.

Each case starts the real ``mkdocs serve`` (with live reload, its default: MkDocs calls the hook's
``on_serve``, which adds the data folder to the watched paths, only in that mode) on a copy of data/ and
talks to it over HTTP, as a contributor's browser would.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers.commands import DATA, REPO

STARTUP_DEADLINE = 60.0
CHANGE_DEADLINE = 30.0
SITE_PAGE = "/sites/hmeimim/"
EVENT = "events/2024/2024-12-13-hmeimim-an124-loading.yaml"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    data_dir: Path
    stdout: Path
    stderr: Path

    def get(self, path: str, timeout: float = 5.0) -> tuple[int, str]:
        with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")

    def output(self) -> str:
        return self.stdout.read_text("utf-8", errors="replace") + self.stderr.read_text("utf-8", errors="replace")

    def alive(self) -> bool:
        return self.process.poll() is None

    def wait_for(self, what: str, condition: Callable[[], bool], deadline: float) -> None:
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            assert self.alive(), f"mkdocs serve exited with {self.process.returncode}:\n{self.output()}"
            if condition():
                return
            time.sleep(0.2)
        pytest.fail(f"{what}: not within {deadline:.0f} s; server output:\n{self.output()}")

    def page_contains(self, path: str, text: str) -> bool:
        try:
            status, body = self.get(path)
        except (urllib.error.URLError, OSError):
            return False
        return status == 200 and text in body


def _stop(process: subprocess.Popen) -> None:
    """Stop the server's whole process group: Ctrl+C first, so that it removes its temporary site folder."""
    if process.poll() is None:
        for sig, grace in ((signal.SIGINT, 10), (signal.SIGKILL, 10)):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            try:
                process.wait(timeout=grace)
                break
            except subprocess.TimeoutExpired:
                continue


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    data_dir = tmp_path / "data"
    shutil.copytree(DATA, data_dir)
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
    env.update(TIMELINE_DATA=str(data_dir), NO_MKDOCS_2_WARNING="1")
    stdout, stderr = tmp_path / "serve.out", tmp_path / "serve.err"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,  # its own process group, so that teardown reaches every child
        )
    running = Server(process, f"http://127.0.0.1:{port}", data_dir, stdout, stderr)
    try:
        running.wait_for(f"{SITE_PAGE} answering 200", lambda: running.page_contains(SITE_PAGE, ""), STARTUP_DEADLINE)
        yield running
    finally:
        _stop(process)


def _rename_site(data_dir: Path, name: str) -> None:
    site = data_dir / "sites/hmeimim.yaml"
    text, count = re.subn(r"(?m)^name: .*$", f"name: {name}", site.read_text(encoding="utf-8"), count=1)
    assert count == 1, "sites/hmeimim.yaml has no top-level name"
    site.write_text(text, encoding="utf-8")


def _break_event(data_dir: Path) -> tuple[Path, str, re.Pattern[str]]:
    """Point one event at an unknown site; return the file, its good text and the checker line to expect."""
    event = data_dir / EVENT
    good = event.read_text(encoding="utf-8")
    lines = good.splitlines(keepends=True)
    (index,) = [number for number, line in enumerate(lines) if line.startswith("sites: [hmeimim]")]
    lines[index] = lines[index].replace("hmeimim", "khmeimim")
    column = lines[index].index("khmeimim") + 1
    event.write_text("".join(lines), encoding="utf-8")
    line = re.compile(
        rf"{re.escape(str(event))}:{index + 1}:{column}: .*'khmeimim'.* \(did you mean 'hmeimim'\?\)", re.MULTILINE
    )
    return event, good, line


def test_serve_rebuilds_on_data_changes_and_survives_broken_data(server: Server):
    first_name = f"Hmeimim renamed {uuid.uuid4().hex[:12]}"
    _rename_site(server.data_dir, first_name)
    server.wait_for(
        "the new site name on the page", lambda: server.page_contains(SITE_PAGE, first_name), CHANGE_DEADLINE
    )

    event, good, checker_line = _break_event(server.data_dir)
    server.wait_for("the checker's line in the output", lambda: checker_line.search(server.output()), CHANGE_DEADLINE)
    time.sleep(1.0)  # give a crash, if any, time to happen
    assert server.alive(), f"mkdocs serve exited with {server.process.returncode}:\n{server.output()}"
    assert "Traceback" not in server.output()

    second_name = f"Hmeimim fixed {uuid.uuid4().hex[:12]}"
    event.write_text(good, encoding="utf-8")
    _rename_site(server.data_dir, second_name)
    server.wait_for("the page after the fix", lambda: server.page_contains(SITE_PAGE, second_name), CHANGE_DEADLINE)
    assert server.alive()
    assert "Traceback" not in server.output()


def _search_page_count(server: Server) -> int:
    status, body = server.get("/pagefind/pagefind-entry.json")
    return json.loads(body)["languages"]["en"]["page_count"] if status == 200 else -1


def _answers(server: Server, path: str) -> bool:
    try:
        return server.get(path)[0] == 200
    except (urllib.error.URLError, OSError):
        return False


def test_rebuilds_keep_permalinks_and_search_in_step_with_the_data(server: Server):
    # The preview keeps these folders between rebuilds and rewrites only what changed (see the hook's
    # _PREVIEW_KEPT): an added event must gain its permalink and search record, a removed one lose them.
    original = server.data_dir / "events/2024/2024-12-08-assad-government-falls.yaml"
    added_id = f"2024-12-08-preview-check-{uuid.uuid4().hex[:8]}"
    added = original.with_name(f"{added_id}.yaml")
    before = _search_page_count(server)
    assert before > 0
    assert _answers(server, "/events/2024-12-08-assad-government-falls/")
    assert not _answers(server, f"/events/{added_id}/")

    text, count = re.subn(r"(?m)^title: .*$", f"title: Preview check {added_id}", original.read_text(encoding="utf-8"))
    assert count == 1
    added.write_text(text, encoding="utf-8")
    server.wait_for("the added event's permalink", lambda: _answers(server, f"/events/{added_id}/"), CHANGE_DEADLINE)
    assert f"{added_id}" in server.get(f"/events/{added_id}/")[1]
    assert _search_page_count(server) == before + 1
    assert _answers(server, "/events/2024-12-08-assad-government-falls/"), "unchanged permalinks stay"

    added.unlink()
    server.wait_for(
        "the removed event's permalink gone", lambda: not _answers(server, f"/events/{added_id}/"), CHANGE_DEADLINE
    )
    assert _search_page_count(server) == before
    assert _answers(server, "/events/2024-12-08-assad-government-falls/")
    assert "Traceback" not in server.output()


def test_the_preview_rests_until_a_file_changes(server: Server):
    # The data folder is watched through the system's file events (see timeline.watching):
    # the build reads every data file, and a watcher that took reading for a change would rebuild forever.
    time.sleep(3.0)
    assert server.output().count("Building documentation") == 1, server.output()
    _rename_site(server.data_dir, f"Hmeimim rested {uuid.uuid4().hex[:12]}")
    server.wait_for("one rebuild", lambda: server.output().count("Building documentation") == 2, CHANGE_DEADLINE)
    time.sleep(3.0)
    assert server.output().count("Building documentation") == 2, "one save, one rebuild"
