"""One build of the generated pages, shared by the MkDocs hook and ``timeline render``."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from timeline import exports
from timeline.contract import dataset, dates, repository
from timeline.contract.model import Dataset
from timeline.contract.problems import Problem
from timeline.contract.repository import FileTimes
from timeline.site.planned import PlannedFile
from timeline.site.render import RenderOptions, plan_site
from timeline.site.search import SearchRecord
from timeline.site.views import Views


@dataclass(frozen=True, slots=True)
class Generated:
    files: tuple[PlannedFile, ...]
    """Empty whenever there are problems: a site is built whole or not at all. Rendered on demand."""
    search: Callable[[], tuple[SearchRecord, ...]]
    """Builds the search records when called."""
    problems: tuple[Problem, ...]


def pin_build_date(root: Path) -> dt.date | None:
    """Set SOURCE_DATE_EPOCH from the last commit unless it is set already.

    Everything the output says about "now" (the "last updated" date, the sitemap) then depends on
    the repository's history only, so two builds of one commit are identical.

    Returns the day to check event dates against, for ``generate``: today when the epoch was pinned
    here, because a contributor who adds today's news must not be told it lies in the future until
    they commit; None (meaning SOURCE_DATE_EPOCH) when it was given, exactly as ``check`` does.
    """
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        return None
    today = dt.datetime.now(tz=dt.UTC).date()
    epoch = repository.last_commit_epoch(root)
    if epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    return today


def generate(
    data_dir: Path,
    root: Path,
    repo: repository.Repository | None,
    today: dt.date | None = None,
    site_url: str | None = None,
    site_name: str | None = None,
    favicon: str | None = None,
) -> Generated:
    """Load, check and plan the pages and exports. Steps:

    1. Load and check ``data_dir`` (see ``dataset.load``); stop with every problem if any.
    2. Work out what the pages need from around the data: the build date, CONTRIBUTING.md (published
       as the contributing page), and when each event's file was added and last changed, from git.
       ``repo`` (for edit links) is the caller's, found once; ``site_url`` makes links in feeds and
       data absolute.
    3. Plan every generated page, redirect and export (see ``render.plan_site``); the caller renders
       them, all at once (``planned.render_all``) or the ones its engine needs first before the others.
    """
    result = dataset.load(data_dir, today)
    if result.dataset is None:
        return Generated((), tuple, tuple(result.problems))
    contributing = root / "CONTRIBUTING.md"
    in_repository = _inside(data_dir, root)
    options = RenderOptions(
        data_dir=data_dir.as_posix(),
        data_in_repository=in_repository,
        last_updated=dates.build_date(),
        repository=repo,
        contributing_markdown=contributing.read_text(encoding="utf-8") if contributing.is_file() else None,
        site_url=site_url or None,
        event_times=_event_times(result.dataset, data_dir, root, in_repository),
        history_known=in_repository is not None and repository.has_history(root),
        build_epoch=dates.build_epoch(),
        favicon=favicon,
        **({"site_name": site_name} if site_name else {}),
    )
    return plan_all(result.dataset, options)


def plan_all(data: Dataset, options: RenderOptions) -> Generated:
    """Every page, redirect and export of a checked dataset, in a fixed order, ready to render."""
    planned = plan_site(data, options, exports.open_data_page())
    files = (*planned.files, *exports.plan_exports(_export_context(planned.views, options), planned.template))
    return Generated(files, planned.search, ())


def _export_context(views: Views, options: RenderOptions) -> exports.ExportContext:
    fallback = FileTimes(options.build_epoch, options.build_epoch)
    site_url = options.site_url.rstrip("/") + "/" if options.site_url else None
    times = {event.id: options.event_times.get(event.id, fallback) for event in views.dataset.events}
    return exports.ExportContext(
        views, site_url, MappingProxyType(times), options.build_epoch, options.data_dir, options.site_name
    )


def _event_times(data: Dataset, data_dir: Path, root: Path, in_repository: str | None) -> dict[str, FileTimes]:
    """Event id → when its file reached the branch and last changed; uncommitted events are left out."""
    if in_repository is None:
        return {}
    committed = repository.file_times(root, in_repository)
    times = {}
    for event in data.events:
        found = committed.get(repository.path_in_repository(event.path, data_dir.as_posix(), in_repository) or "")
        if found is not None:
            times[event.id] = found
    return times


def _inside(folder: Path, root: Path) -> str | None:
    try:
        return folder.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None  # data from elsewhere (a test's temporary folder) has no file in the repository to edit
