"""``Settings``: everything a build takes from outside the data, made once at an entry point and passed down.

Only the entry points (the ``timeline`` command, and the engine's adapter in ``hooks/``) read the process
environment, through ``Settings.from_environment``; below them no module reads or writes it.
"""

from __future__ import annotations

import datetime as dt
import platform
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from timeline.contract import repository
from timeline.contract.dates import epoch_day
from timeline.contract.repository import Repository

EpochSource = Literal["given", "git", "clock"]


@dataclass(frozen=True, slots=True)
class Settings:
    build_epoch: int
    """The build's time, in seconds: what the output says of "now" ("last updated", feeds, sitemap)."""
    epoch_source: EpochSource
    """Where ``build_epoch`` came from: SOURCE_DATE_EPOCH as given, the last commit (so that two builds of
    one commit are identical), or the clock (a tarball without SOURCE_DATE_EPOCH)."""
    today: dt.date
    """The day no event may lie after. The build's day when SOURCE_DATE_EPOCH is given, as ``check``
    does; otherwise the real today, so that a contributor who adds today's news is not told it lies in
    the future until they commit."""
    site_url: str | None = None
    """The public address, for absolute links in feeds and data (``SITE_URL``, as mkdocs.yml takes it)."""
    repository: Repository | None = None
    """Where readers edit the data, for edit and history links (see ``repository.detect``)."""
    parallel: bool = True
    """Whether a build may render in a forked second process (``TIMELINE_PARALLEL=0`` says no)."""
    pagefind: str | None = None
    """Pagefind's binary: ``TIMELINE_PAGEFIND`` (tests of failures use it), else the one that ``make`` installs
    with npm (``installed_pagefind``); None when neither is there, which a build reports as one line."""

    @property
    def build_date(self) -> dt.date:
        return epoch_day(self.build_epoch)

    @classmethod
    def from_environment(
        cls,
        environ: Mapping[str, str],
        root: Path | None = None,
        *,
        site_url: str | None = None,
        now: float | None = None,
    ) -> Settings:
        """The settings of a process with ``environ``, for the repository at ``root``.

        Without ``root`` nothing is asked of git: the build's time is SOURCE_DATE_EPOCH or now, and
        there are no edit links (``timeline check`` needs neither). ``site_url`` is the engine's own
        setting where it has one; otherwise ``SITE_URL``.
        """
        clock = int(time.time() if now is None else now)
        given = _source_date_epoch(environ)
        last_commit = repository.last_commit_epoch(root) if root is not None and given is None else None
        epoch: int = clock
        source: EpochSource = "clock"
        if given is not None:
            epoch, source = given, "given"
        elif last_commit is not None:
            # A commit's date is its author's word: one from the future (or before 1970) is not the
            # build's time. Clamped to the clock, it can never be after the day the build runs.
            epoch, source = max(0, min(last_commit, clock)), "git"
        return cls(
            build_epoch=epoch,
            epoch_source=source,
            today=epoch_day(given if given is not None else clock),
            site_url=(site_url if site_url is not None else environ.get("SITE_URL", "").strip()) or None,
            repository=repository.detect(root, environ) if root is not None else None,
            parallel=environ.get("TIMELINE_PARALLEL", "").strip() != "0",
            pagefind=environ.get("TIMELINE_PAGEFIND", "").strip() or installed_pagefind(root),
        )


PAGEFIND_FOLDER = "tools/pagefind"
"""Where ``make`` installs Pagefind, pinned in its package-lock.json, with ``npm ci``."""
_NPM_PLATFORMS = {"win32": "windows"}
_NPM_CPUS = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64"}


_CHECKOUT = Path(__file__).resolve().parents[2]
"""The checkout this package is installed from (editable, by ``make``), where npm put Pagefind too."""


def installed_pagefind(root: Path | None) -> str | None:
    """The Pagefind binary npm installed under ``root``, or else under this package's checkout (a project
    built from a copy of mkdocs.yml elsewhere), for this platform; None if there is none.

    npm installs only the platform's own package of Pagefind's optional ones (``@pagefind/linux-x64``
    and so on); its names follow Node's ``process.platform`` and ``os.arch()``.
    """
    machine = platform.machine().lower()
    package = f"{_NPM_PLATFORMS.get(sys.platform, sys.platform)}-{_NPM_CPUS.get(machine, machine)}"
    suffix = ".exe" if sys.platform == "win32" else ""
    for base in (root, _CHECKOUT):
        if base is None:
            continue
        folder = base / PAGEFIND_FOLDER / "node_modules" / "@pagefind" / package / "bin"
        for name in ("pagefind_extended", "pagefind"):  # 1.6.0 ships the extended build only, for some platforms
            if (folder / (name + suffix)).is_file():
                return str(folder / (name + suffix))
    return None


def _source_date_epoch(environ: Mapping[str, str]) -> int | None:
    text = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not text:
        return None
    try:
        seconds = int(text)
        epoch_day(seconds)  # the calendar must hold it too
    except (ValueError, OverflowError, OSError):
        return None  # an unusable value is ignored, as reproducible-builds.org asks
    return seconds
