"""The readers' search: a Pagefind bundle, built while the engine builds the site.

Why Pagefind rather than the theme's search: the theme's index is one JSON file of every record,
which every reader downloads in full before the first result (3.7 MB at 10,000 events) and which
the browser then indexes again. Pagefind splits its index into chunks and loads only those a query
needs, and its fragments only for the results shown: a reader's first search costs a few hundred
kilobytes at any size. It runs in the browser with no server and no third-party request.

Why a client of our own rather than the ``pagefind`` Python package: that package waits 0.1 s
before reading each reply of the indexer, which makes 10,000 records take 17 minutes. The
indexer's service mode is simple (base64-encoded JSON messages, each followed by a comma, on its
standard input and output), so this module speaks it directly: one thread writes the messages in
the order they were queued, which keeps the output byte-identical from build to build, and one
reads the replies, so that neither side ever waits on a full pipe.

Why the bundle's files come back through the pipe (``GetFiles``) rather than being written by the
indexer (``WriteFiles``): the indexer creates its files (one per record) from dozens of threads at
once, which wait on each other in the kernel. At 10,000 events on the project machine's disk,
alternating the two three times (measured once, ad hoc), the indexer's own writing cost 4.9-7.4 s
of system time, and writing here one file after another 3.2-4.3 s (on tmpfs, 1.7 against 1.2 s). Writing here also lets
a preview rewrite only the files that changed, and remove those that are gone.

Usage: ``start`` the indexer, ``add_records`` and ``add_page`` in any number, ``write`` once the
output folder exists, then ``finish``, which raises ``SearchBundleError`` if anything failed.
"""

from __future__ import annotations

import base64
import contextlib
import html
import json
import queue
import re
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any, cast

from timeline.build import output, pagefind_order
from timeline.site import search
from timeline.site.search import SearchRecord

FOLDER = "pagefind"
"""Where the bundle goes in the output folder; the search script loads ``pagefind/pagefind.js`` from it."""
LANGUAGE = "en"

MAX_FRAGMENTS = 1000
"""At most this many fragment files (what a result shows: its title, excerpt and meta); past it Pagefind
bundles them into shared files. One per record would be 10,000 files at 10,000 events, half a static host's
limit (see ``tools/bench``'s host limits); bundled, a result shown costs its group, about ten fragments there."""

_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)
"""Pagefind's own search interfaces, which it always writes: the theme's search box is used instead (420 kB)."""
_STOP = object()
_Item = Callable[[], Iterable[SearchRecord]] | tuple[int, dict[str, Any]]
"""What the outbox holds besides ``_STOP``: the records, built when sent, or a request with its id."""
_ERRORS_KEPT = 10
_HEADING_LINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)


class SearchBundleError(RuntimeError):
    """The indexer could not be started, or reported an error; the message says which."""


class SearchBundle:
    """One Pagefind index, fed in a background thread; see the module's docstring for the order of calls."""

    def __init__(self, process: subprocess.Popen[bytes], stderr: IO[bytes]) -> None:
        self._process = process
        self._stderr = stderr
        self._outbox: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._errors: list[str] = []
        self._next_id = 1
        self._write_id: int | None = None
        self._output: Path | None = None
        self._only_changed = False
        self._written = threading.Event()
        self._cancelled = threading.Event()
        """Set by cancel: the bundle's files, if being written, stop at the next one."""
        self._writer = threading.Thread(target=self._write_messages, name="search-bundle-writer", daemon=True)
        self._reader = threading.Thread(target=self._read_replies, name="search-bundle-reader", daemon=True)
        self._writer.start()
        self._reader.start()
        # Every build makes one index, so its number is always 0; the service still wants it asked for.
        config = {"force_language": LANGUAGE, "max_fragments": MAX_FRAGMENTS}
        self._send({"type": "NewIndex", "config": config})

    def add_records(self, records: Callable[[], Iterable[SearchRecord]]) -> None:
        """Index what ``records`` returns; it is called in the background thread, off the build's path."""
        self._outbox.put(records)

    def add_page(self, url: str, title: str, content_html: str) -> None:
        """Index one page of the engine's own (Markdown pages): Pagefind finds its sections by their ids."""
        # The pilcrow links beside headings would end every section's title.
        content_html = _HEADING_LINK.sub("", content_html)
        heading = "" if "<h1" in content_html else f"<h1>{html.escape(title)}</h1>"  # a result needs a title
        # The same facet the records have: the search page can narrow to pages, or leave them out.
        body = f'<body data-pagefind-filter="type:{search.PAGE}">{heading}{content_html}</body>'
        document = f'<html lang="{LANGUAGE}">{body}</html>'
        self._send({"type": "AddFile", "index_id": 0, "url": "/" + url, "file_contents": document})

    def write(self, folder: Path, *, only_changed: bool = False) -> None:
        """Write the bundle into ``folder``, which the search script finds at ``FOLDER`` in the site.

        Call it once the engine has cleaned the output folder; the files are written in the background.
        With ``only_changed`` (a preview's kept folder: see ``shell.keep_folder``), files that are the
        same are left alone and those no longer in the bundle removed.
        """
        self._output = folder
        self._only_changed = only_changed
        # Known before the request is sent, so that its reply, however quick, is recognised.
        self._write_id = self._new_id()
        self._outbox.put((self._write_id, {"type": "GetFiles", "index_id": 0}))
        self._outbox.put(_STOP)

    def finish(self, timeout: float = 600.0) -> None:
        """Wait until the bundle is written; raise ``SearchBundleError`` with what went wrong, if anything."""
        if self._write_id is None:
            raise RuntimeError("finish() before write()")
        if not self._written.wait(timeout):
            self.cancel()
            raise SearchBundleError(f"the search indexer wrote nothing in {timeout:.0f} s")
        self._end_process()
        if self._errors:
            raise SearchBundleError("; ".join(self._errors))

    def cancel(self) -> None:
        """Stop the indexer, and the writing of its files, whatever they are doing; safe to call more than once."""
        self._cancelled.set()
        self._outbox.put(_STOP)
        if self._process.poll() is None:
            self._process.kill()
        self._end_process()

    def _new_id(self) -> int:
        message_id = self._next_id
        self._next_id += 1
        return message_id

    def _send(self, payload: dict[str, Any]) -> None:
        self._outbox.put((self._new_id(), payload))

    def _write_messages(self) -> None:
        stream = self._process.stdin
        assert stream is not None
        while (item := self._outbox.get()) is not _STOP:
            try:
                # Built whole before anything is sent: a failure here is ours, not the indexer's.
                messages = _messages(cast(_Item, item))  # anything but _STOP
            except Exception as error:  # noqa: BLE001 - whatever broke, the build must stop and say so, not hang
                self._fail(f"building the search records failed: {error!r}")
                return
            try:
                for message in messages:
                    stream.write(message)
            except (OSError, ValueError):
                return  # the indexer ended (a broken pipe, or its stdin closed by cancel); the reader says why
        with contextlib.suppress(OSError, ValueError):
            stream.flush()

    def _fail(self, error: str) -> None:
        self._add_error(error)
        self._written.set()
        if self._process.poll() is None:
            self._process.kill()

    def _add_error(self, error: str) -> None:
        # Records share one message id, so a problem with all of them would come back once per record.
        if error not in self._errors and len(self._errors) < _ERRORS_KEPT:
            self._errors.append(error)

    def _stderr_tail(self) -> str:
        """The indexer's last line on stderr, which says why it stopped (a full disk, say), if it did."""
        try:
            self._stderr.seek(0)
            text = self._stderr.read().decode("utf-8", "replace")
        except (OSError, ValueError):  # closed already: the build has moved on
            return ""
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        # A Rust panic: "thread 'main' panicked at <source>:" then what failed, then notes on seeing more.
        panics = [number for number, line in enumerate(lines) if " panicked at " in line]
        if panics and panics[-1] + 1 < len(lines):
            return lines[panics[-1] + 1][:300]
        return lines[-1][:300] if lines else ""

    def _read_replies(self) -> None:
        stream = self._process.stdout
        assert stream is not None
        # The bundle's files come as one reply of megabytes: joined once, not grown chunk by chunk.
        pending: list[bytes] = []
        try:
            while chunk := stream.read1(1 << 16):  # type: ignore[attr-defined]  # a BufferedReader: Popen's pipe
                *ends, rest = chunk.split(b",")
                for end in ends:
                    pending.append(end)
                    self._receive(json.loads(base64.b64decode(b"".join(pending))))
                    pending.clear()
                pending.append(rest)
        except (ValueError, OSError, KeyError, TypeError) as error:  # not JSON, or not the shape it should have
            self._add_error(f"the search indexer's reply was unreadable: {error!r}")
        finally:
            if not self._written.is_set():
                if not self._errors:
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        self._process.wait(timeout=10)  # its stdout closed: it has stopped, or is stopping
                    reason = self._stderr_tail()
                    self._add_error(
                        "the search indexer stopped before it wrote the bundle" + (f": {reason}" if reason else "")
                    )
                self._written.set()

    def _receive(self, reply: dict[str, Any]) -> None:
        payload = reply.get("payload") or {}
        if payload.get("type") == "Error":
            self._add_error(str(payload.get("message", "unknown error")))
        if reply.get("message_id") == self._write_id and self._write_id is not None:
            if payload.get("type") == "GetFiles":
                self._write_files(payload.get("files") or [])
            self._written.set()

    def _write_files(self, files: list[dict[str, str]]) -> None:
        assert self._output is not None
        bundle = pagefind_order.in_fixed_order(
            (file["path"], base64.b64decode(file["content"]))
            for file in sorted(files, key=lambda file: file["path"])
            if file["path"] not in _UNUSED
        )
        # Names the indexer makes from hashes; anything that could leave the folder is refused, not written.
        strays = [path for path, _ in bundle if path.startswith("/") or ".." in path.split("/") or "\\" in path]
        if strays:
            self._add_error(f"the search indexer named a file outside its folder: {strays[0]!r}")
            return
        # A build that failed cancels, and the next one (a preview's) may already be writing here.
        if self._cancelled.is_set():
            return
        try:
            if self._only_changed:
                output.write_changed(self._output, bundle, stop=self._cancelled)
            else:
                output.write_files(self._output, bundle, stop=self._cancelled)
        except OSError as error:
            self._add_error(f"could not write the bundle to {self._output}: {error.strerror or error}")

    def _end_process(self) -> None:
        stream = self._process.stdin
        if stream is not None and not stream.closed:
            with contextlib.suppress(OSError):  # the indexer is gone already
                stream.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._reader.join(timeout=10)  # it may still be reading the indexer's stderr
        self._stderr.close()


def _record_payload(record: SearchRecord) -> dict[str, Any]:
    # The records hold escaped text, ready for HTML; Pagefind wants the text itself and escapes it.
    return {
        "type": "AddRecord",
        "index_id": 0,
        "url": "/" + record.url,
        "content": html.unescape(record.text),
        "language": LANGUAGE,
        "meta": {"title": html.unescape(record.title), **record.meta},
        "filters": record.filters or None,
        "sort": record.sort or None,
    }


def _messages(item: _Item) -> list[bytes]:
    if callable(item):
        # Records are not waited for one by one, so they share the id 0, which no request has: a
        # record's error still comes back, and is reported.
        return [_encode(0, _record_payload(record)) for record in item()]
    message_id, payload = item
    return [_encode(message_id, payload)]


def _encode(message_id: int, payload: dict[str, Any]) -> bytes:
    message = json.dumps({"message_id": message_id, "payload": payload}, ensure_ascii=False)
    return base64.b64encode(message.encode("utf-8")) + b","


def start(executable: str | None) -> SearchBundle:
    """Start Pagefind's indexer, ``executable`` (``Settings.pagefind``: pinned, and installed by ``make``)."""
    if executable is None:
        raise SearchBundleError(
            "Pagefind, the search indexer, is not installed; run `make build`, which installs it with npm"
        )
    try:
        # A file, not a pipe: nobody reads it until the end, and a full pipe would stop the indexer.
        stderr = tempfile.TemporaryFile()  # noqa: SIM115 - the bundle closes it once the indexer is done
        process = subprocess.Popen(  # a fixed binary from a pinned package, no shell
            [executable, "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            env={"RUST_BACKTRACE": "0"},  # what failed, without the stack; nothing else of ours
        )
    except OSError as error:
        raise SearchBundleError(
            f"could not start Pagefind, the search indexer ({error}); run `make build`, which installs it"
        ) from None
    return SearchBundle(process, stderr)
