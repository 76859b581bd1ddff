"""What every export needs besides the data: where the site lives, and when each event arrived."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from timeline.contract.repository import FileTimes, Repository
from timeline.site.changes import Change
from timeline.site.views import Views


@dataclass(frozen=True, slots=True)
class ExportContext:
    views: Views
    site_url: str | None
    """The public address with a trailing slash, or None: links are then site-relative paths."""
    times: MappingProxyType[str, FileTimes]
    """Event id → when its file was added and last changed. Every event has one: an event never
    committed has the build's time."""
    generated: int
    """The build's time (SOURCE_DATE_EPOCH when set), in seconds since the epoch."""
    data_dir: str
    """The data folder as given to the loader: event paths start with it."""
    site_name: str
    changes: Callable[[], Sequence[Change]]
    """Every change to the events, newest first, made when first asked for (``site.changes``)."""
    history_known: bool
    repository: Repository | None

    def url(self, path: str) -> str:
        """``path`` (site-relative, like ``events/x/``) as readers should use it: absolute if possible."""
        return f"{self.site_url}{path}" if self.site_url else path


def rfc3339(seconds: int) -> str:
    """``2024-12-13T10:00:00Z``: the form Atom, JSON consumers and spreadsheets all read."""
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
