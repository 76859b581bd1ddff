"""Writing a build's files to disk: all of them, or only those that changed."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path


def write_files(root: Path, files: Iterable[tuple[str, str | bytes]], stop: threading.Event | None = None) -> None:
    """Write (path relative to ``root``, text or bytes) pairs, text as UTF-8, making folders as needed.
    Once ``stop`` is set, no further file is written.

    A build writes a file per event and per page, each in a folder of its own: plain os calls on
    strings, and one makedirs per new folder, take a fraction of what pathlib takes for the same.
    """
    base = os.fspath(root)
    made: set[str] = set()
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    for relative_path, text in files:
        if stop is not None and stop.is_set():
            return
        folder, _, _ = relative_path.rpartition("/")
        if folder not in made:
            os.makedirs(os.path.join(base, folder), exist_ok=True)
            made.add(folder)
        descriptor = os.open(os.path.join(base, relative_path), flags, 0o666)
        try:
            data = text.encode("utf-8") if isinstance(text, str) else text
            # os.write may write less than asked (a signal, a full pipe): loop until all is written.
            while data:
                data = data[os.write(descriptor, data) :]
        finally:
            os.close(descriptor)


def write_changed(root: Path, files: Iterable[tuple[str, str | bytes]], stop: threading.Event | None = None) -> None:
    """Make ``root`` hold exactly ``files``: write those that differ, leave the same ones alone, remove the rest.
    Once ``stop`` is set, nothing more is written or removed.

    For a folder kept from one build to the next, as a preview's: on some file systems creating a
    file costs ten times what rewriting one does, and comparing costs less than either.
    """
    base = os.fspath(root)
    wanted: set[str] = set()
    changed: list[tuple[str, str | bytes]] = []
    for relative_path, text in files:
        wanted.add(relative_path)
        try:
            with open(os.path.join(base, relative_path), "rb") as existing:
                if existing.read() == (text.encode("utf-8") if isinstance(text, str) else text):
                    continue
        except OSError:
            pass  # not there yet, or not readable: written below
        changed.append((relative_path, text))
    write_files(root, changed, stop)
    if stop is not None and stop.is_set():
        return
    for folder, _subfolders, names in os.walk(base, topdown=False):
        relative_folder = os.path.relpath(folder, base).replace(os.sep, "/")
        prefix = "" if relative_folder == "." else relative_folder + "/"
        for name in names:
            if prefix + name not in wanted:
                os.unlink(os.path.join(folder, name))
        if prefix and not os.listdir(folder):
            os.rmdir(folder)
