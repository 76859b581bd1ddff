"""One build of the generated pages, shared by the MkDocs hook and ``timeline render``."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from timeline import exports
from timeline.contract import citation_file, dataset, repository, revisions
from timeline.contract.model import Dataset
from timeline.contract.problems import Problem, ProblemLog
from timeline.contract.repository import FileTimes
from timeline.contract.revisions import Revision
from timeline.settings import Settings
from timeline.site.changes import Change
from timeline.site.options import RenderOptions
from timeline.site.planned import PlannedFile
from timeline.site.render import plan_site
from timeline.site.search import SearchRecord
from timeline.site.views import Views


@dataclass(frozen=True, slots=True)
class Generated:
    files: tuple[PlannedFile, ...]
    """Empty whenever there are problems: a site is built whole or not at all. Rendered on demand."""
    search: Callable[[], tuple[SearchRecord, ...]]
    """Builds the search records when called."""
    problems: tuple[Problem, ...]
    warnings: tuple[str, ...] = ()
    """Nothing to stop the build for, but worth a line in its log: commit dates that were clamped."""
    lean_frame: Callable[[int, str, str | None], str] | None = None
    """``SitePlan.lean_frame``; None when there are problems, and so no pages."""


def generate(
    data_dir: Path,
    root: Path,
    settings: Settings,
    site_name: str | None = None,
    favicon: str | None = None,
) -> Generated:
    """Load, check and plan the pages and exports. Steps:

    1. Load and check ``data_dir`` (see ``dataset.load``) against ``settings.today``; stop with every
       problem if any.
    2. Work out what the pages need from around the data: CONTRIBUTING.md (published as the
       contributing page), CITATION.cff (the Open data page's "cite this dataset"; a broken one stops
       the build like a broken data file), and when each event's file was added and last changed, from
       git. The rest
       comes from ``settings``: the build's time, the edit links, the site's address.
    3. Plan every generated page, redirect and export (see ``render.plan_site``); the caller renders
       them, all at once (``planned.render_all``) or the ones its engine needs first before the others.
    """
    result = dataset.load(data_dir, settings.today)
    log = ProblemLog()
    citation = citation_file.read(root, log)
    if result.dataset is None or log:
        return Generated((), tuple, (*result.problems, *log.sorted()))
    contributing = root / "CONTRIBUTING.md"
    in_repository = _inside(data_dir, root)
    event_times, history, history_warnings = _event_history(
        result.dataset, data_dir, root, in_repository, settings.build_epoch
    )
    options = RenderOptions(
        data_dir=data_dir.as_posix(),
        data_in_repository=in_repository,
        last_updated=settings.build_date,
        repository=settings.repository,
        contributing_markdown=contributing.read_text(encoding="utf-8") if contributing.is_file() else None,
        site_url=settings.site_url,
        event_times=event_times,
        event_history=history,
        history_known=in_repository is not None and repository.has_history(root),
        build_epoch=settings.build_epoch,
        favicon=favicon,
        dataset_citation=citation,
    )
    if site_name:
        options = dataclasses.replace(options, site_name=site_name)
    return dataclasses.replace(plan_all(result.dataset, options), warnings=history_warnings)


def plan_all(data: Dataset, options: RenderOptions) -> Generated:
    """Every page, redirect and export of a checked dataset, in a fixed order, ready to render."""
    planned = plan_site(data, options, exports.open_data_page())
    context = _export_context(planned.views, options, planned.every_change)
    files = (*planned.files, *exports.plan_exports(context, planned.template))
    return Generated(files, planned.search, (), lean_frame=planned.lean_frame)


def _export_context(
    views: Views, options: RenderOptions, every_change: Callable[[], list[Change]]
) -> exports.ExportContext:
    fallback = FileTimes(options.build_epoch, options.build_epoch)
    site_url = options.site_url.rstrip("/") + "/" if options.site_url else None
    times = {event.id: options.event_times.get(event.id, fallback) for event in views.dataset.events}
    return exports.ExportContext(
        views,
        site_url,
        MappingProxyType(times),
        options.build_epoch,
        options.data_dir,
        options.site_name,
        every_change,
        options.history_known,
        options.repository,
    )


def _event_history(
    data: Dataset, data_dir: Path, root: Path, in_repository: str | None, not_after: int
) -> tuple[dict[str, FileTimes], dict[str, tuple[Revision, ...]], tuple[str, ...]]:
    """Event id → when its file reached the branch and last changed, and its revisions (uncommitted events
    are left out), and the warnings about commit dates that had to be clamped."""
    if in_repository is None:
        return {}, {}, ()
    history = repository.file_history(root, in_repository, not_after)
    every_time = history.times
    times, commits = {}, {}
    for event in data.events:
        path = repository.path_in_repository(event.path, data_dir.as_posix(), in_repository) or ""
        if path in history.commits:
            times[event.id] = every_time[path]
            commits[event.id] = history.commits[path]
    return times, revisions.read(root, commits), history.warnings


def _inside(folder: Path, root: Path) -> str | None:
    try:
        return folder.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None  # data from elsewhere (a test's temporary folder) has no file in the repository to edit
