"""``RenderOptions``: what the pages need to know besides the data, fixed for one build."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from timeline.contract.citation_file import DatasetCitation
from timeline.contract.repository import FileTimes, Repository
from timeline.contract.revisions import Revision


@dataclass(frozen=True, slots=True)
class RenderOptions:
    data_dir: str
    """The data folder as given to ``dataset.load``: event paths start with it."""
    data_in_repository: str | None
    """The same folder relative to the repository root, for edit links; None if it lies outside."""
    last_updated: dt.date
    build_epoch: int
    """The build's time in seconds (``Settings.build_epoch``), for "generated" stamps in the exports."""
    repository: Repository | None = None
    contributing_markdown: str | None = None
    site_url: str | None = None
    """The public address, for absolute links in feeds and data; without it they are site-relative."""
    event_times: Mapping[str, FileTimes] = field(default_factory=dict)
    """Event id → when it was added and last changed (from git); missing ones take the build's time."""
    event_history: Mapping[str, tuple[Revision, ...]] = field(default_factory=dict)
    """Event id → the commits that touched its file, oldest first (from git); missing without history."""
    history_known: bool = False
    """Whether ``event_times`` come from the repository's whole history: without it (a tarball, a shallow
    clone) pages say that when events were added and changed is unknown, rather than show build times."""
    site_name: str = "Russia's drawdown from Syria"
    """The site's name as feeds and calendars give it; the engine's own setting, where it has one."""
    favicon: str | None = None
    """The theme's icon, site-relative, for the redirect pages: a page without one makes browsers ask
    for /favicon.ico, which may not exist."""
    dataset_citation: DatasetCitation | None = None
    """From CITATION.cff: how to cite the dataset, shown on the Open data page."""
    recent_changes: int = 50
    """How many changes the Recent changes page lists."""
    timeline_full_up_to: int = 20
    """/timeline/ shows the newest months until this many events; each month, and each event, has its own page. A
    phone lays out a few dozen events quickly, not hundreds (Lighthouse: make audit)."""
    latest_on_home: int = 8
