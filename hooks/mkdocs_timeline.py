"""The MkDocs adapter: the only module that imports MkDocs. Registered in mkdocs.yml under ``hooks:``.

It holds no logic of its own. Per build it:

1. on_config: pins SOURCE_DATE_EPOCH to the last commit, finds the data folder (``TIMELINE_DATA``
   or ``data/`` next to mkdocs.yml), points "edit this page" at the repository when one is known;
2. on_pre_build: loads and checks the data through the core (``timeline.build``), and stops the
   build with the checker's ``path:line:col`` lines before MkDocs cleans or writes anything; renders
   the index pages, and starts rendering the others in the background (``timeline.background``);
3. on_files: hands MkDocs the index pages (in the navigation) and one shell page per kind of the
   other pages (``timeline.shell``): MkDocs renders the theme around those;
4. on_page_markdown / on_page_content: lets the generated HTML bypass the Markdown pipeline, and
   gives the readers' search (``timeline.search_bundle``, started in on_pre_build with the core's
   records) the Markdown pages' HTML;
5. on_env: once every page's HTML exists, lets the search indexer write its files meanwhile;
6. on_page_context: gives generated pages the edit link of the YAML file they come from;
7. on_post_build: pours the month, year, site, source and tag pages into their shells, writes the
   permalink redirects and waits for the search bundle (on_build_error stops the background work
   of a build that failed);
8. on_startup and on_serve: watches the data folder, so that saving a YAML file rebuilds the preview,
   and keeps the permalinks and the search bundle between rebuilds (``_PREVIEW_KEPT``).

MkDocs imports a hook module once per process and ``mkdocs serve`` rebuilds in that process, so
nothing about the data is kept between builds except what the current build puts in ``_state``.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from timeline import background, build, dates, repository, search_bundle, shell, urls
from timeline.render import OutputFile, render_files
from timeline.template_cache import template_cache

log = logging.getLogger("mkdocs.hooks.timeline")
_ANCHOR = re.compile(r'\sid="([^"]+)"')


@dataclass
class _BuildState:
    data_dir: Path = Path("data")
    root: Path = Path()
    check_today: dt.date | None = None
    repo: repository.Repository | None = None
    edit_links: dict[str, str] = field(default_factory=dict)
    """src_uri of a generated page → the repository URL where its YAML file is edited."""
    plan: shell.Plan | None = None
    engine_files: tuple[OutputFile, ...] = ()
    """The index pages and the like, rendered: MkDocs renders the theme around them."""
    rest: background.Pending[tuple[OutputFile, ...]] | None = None
    """The pages poured into shells at the end, and the redirects: rendered meanwhile, if possible."""
    search: search_bundle.SearchBundle | None = None
    finished_html: dict[str, str] = field(default_factory=dict)
    """src_uri → the body of a generated page, which is finished HTML already."""


_state = _BuildState()
_serving = False
"""Set by on_startup, once per process: ``mkdocs serve`` rebuilds the preview into the same folder."""
_PREVIEW_KEPT = ".timeline-preview"
"""In the output folder of ``mkdocs serve``: MkDocs' cleaning before each rebuild leaves names that start
with a dot alone, so the permalink redirects and the search bundle kept there are rewritten only where
they changed. Creating thousands of files is most of a rebuild's time on some disks."""


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def _kept_folder(config: MkDocsConfig) -> Path | None:
    return Path(config.site_dir) / _PREVIEW_KEPT if _serving else None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _state
    root = Path(config.config_file_path).parent.resolve()
    default = Path("data") if Path.cwd().resolve() == root else root / "data"  # relative: as `make check` prints
    data_dir = Path(os.environ.get("TIMELINE_DATA", "").strip() or default)
    # Found once per build: each look runs git.
    repo = repository.detect(root)
    _state = _BuildState(data_dir=data_dir, root=root, check_today=build.pin_build_date(root), repo=repo)
    if not os.environ.get("SOURCE_DATE_EPOCH"):
        log.info("No git history and no SOURCE_DATE_EPOCH: 'last updated' is today's date")

    if repo is not None and not config.edit_uri:
        # An absolute edit_uri rather than repo_url: with repo_url the theme would ask GitHub's API
        # for star counts from every reader's browser.
        docs = Path(os.path.relpath(config.docs_dir, root)).as_posix()
        config.edit_uri = repo.edit_url(f"{docs}/")
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    generated = build.generate(
        _state.data_dir,
        _state.root,
        _state.repo,
        _state.check_today,
        site_url=config.site_url,
        site_name=config.site_name,
        favicon=config.theme.get("favicon"),
    )
    if generated.problems:
        for problem in generated.problems:
            log.error(problem.format())
        count = len(generated.problems)
        raise Abort(f"{count} problem{'s' if count != 1 else ''} in the data; nothing was built. Fix them and rebuild.")
    repo = _state.repo
    plan = _state.plan = shell.plan(generated.files, repo.edit_url if repo else None)
    # Started first: the rest of the build, including the pages below, runs meanwhile.
    _state.rest = background.start(
        functools.partial(shell.render_rest, plan, Path(config.site_dir), kept=_kept_folder(config))
    )
    # After the fork, which a process with threads must not do: the indexer runs beside the build.
    try:
        _state.search = search_bundle.start()
    except search_bundle.SearchBundleError as error:
        _state.rest.cancel()
        raise Abort(f"timeline: {error}") from None
    _state.search.add_records(generated.search)
    where = "in a background process" if _state.rest.in_background else "at the end of the build"
    log.debug(f"timeline: {len(plan.poured)} pages and {len(plan.static)} redirects are rendered {where}")
    _state.engine_files = render_files(plan.engine_pages)
    if repo is not None:
        _state.edit_links = {
            output.path: repo.edit_url(output.edit_path) for output in _state.engine_files if output.edit_path
        }
        _state.edit_links.update(
            {urls.file_for(url): shell.EDIT_URL for url in plan.shells if shell.has_edit_link(url)}
        )


def on_files(files: Files, config: MkDocsConfig) -> Files:
    plan, rest = _state.plan, _state.rest
    assert plan is not None and rest is not None
    shells = [OutputFile(urls.file_for(url), source, finished_html=True) for url, source in plan.shells.items()]
    for path in [*(output.path for output in [*_state.engine_files, *shells]), *plan.paths_written_later()]:
        if files.get_file_from_path(path) is not None:
            raise Abort(f"docs/{path}: the timeline generates this file; remove it from docs/")
    for output in [*_state.engine_files, *shells]:
        # Index pages are in the nav (mkdocs.yml lists them). The rest stay out of it: the theme renders
        # the whole nav into every page, so a nav that grew with the data would grow the site quadratically.
        inclusion = InclusionLevel.INCLUDED if output.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, output.path, content=output.content, inclusion=inclusion))
        if output.finished_html:
            _state.finished_html[output.path] = ""
    rest.proceed()  # MkDocs has emptied site_dir by now: the redirects may be written
    return files


def _excluded_from_search(page: Page) -> bool:
    search = page.meta.get("search")
    return isinstance(search, dict) and bool(search.get("exclude"))


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    # MkDocs calls this once every page's HTML exists, and has emptied site_dir before: the indexer may
    # write while MkDocs lays out the pages.
    if _state.search is not None:
        site_dir, kept = Path(config.site_dir), _kept_folder(config)
        try:
            if kept is None:
                _state.search.write(site_dir / search_bundle.FOLDER)
            else:
                _state.search.write(shell.keep_folder(site_dir, kept, search_bundle.FOLDER), only_changed=True)
        except ValueError as error:
            raise Abort(f"timeline: {error}") from None
    # MkDocs compiles the theme's templates afresh on every build; kept compiled, they cost nothing.
    if env.bytecode_cache is None:
        env.bytecode_cache = template_cache()
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # Python-Markdown would parse the generated HTML to find raw blocks, MkDocs would parse it again
    # for anchors: well over half of a build's time, for nothing, since the HTML is final.
    if page.file.src_uri in _state.finished_html:
        _state.finished_html[page.file.src_uri] = markdown
        # Indexed from the data instead (on_post_build): parsing the HTML back costs more than building it.
        page.meta["search"] = {"exclude": True}
        return ""
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    finished = _state.finished_html.get(page.file.src_uri)
    if finished is None:
        if _state.search is not None and not _excluded_from_search(page):
            _state.search.add_page(page.url, page.title or "", html)
        return html
    # What MkDocs would have collected from the HTML, so that anchor links into the page validate.
    page.present_anchor_ids = set(_ANCHOR.findall(finished))
    return finished


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    edit_link = _state.edit_links.get(page.file.src_uri)
    if edit_link is not None:
        page.edit_url = edit_link
    elif page.file.generated_by is not None:
        page.edit_url = None  # a generated page without a data file has no Markdown file to edit
    return context


# Before the theme's search plugin (default priority 0), which writes search/search_index.json.
@event_priority(50)
def on_post_build(config: MkDocsConfig) -> None:
    # Readers search with the Pagefind bundle (overrides/partials/search.html); the theme's plugin stays
    # for its search box in the header, and its index, which nothing loads, is left empty rather than large.
    index = getattr(config.plugins.get("material/search"), "search_index", None)
    if index is not None:
        index.entries.clear()
    assert _state.plan is not None and _state.rest is not None and _state.search is not None
    try:
        pages = _state.rest.result()
    except background.BackgroundError as error:
        raise Abort(f"timeline: rendering the pages failed:\n{error}") from None
    try:
        shell.pour(_state.plan, pages, Path(config.site_dir), config.site_url, dates.build_epoch())
    except ValueError as error:  # the theme's configuration, not the data: say what, without a traceback
        raise Abort(f"timeline: {error}") from None
    try:
        _state.search.finish()
    except search_bundle.SearchBundleError as error:
        raise Abort(f"timeline: the search bundle: {error}") from None


def on_build_error(error: Exception) -> None:
    if _state.rest is not None:
        _state.rest.cancel()  # a build that failed will not ask for its pages
    if _state.search is not None:
        _state.search.cancel()


def on_shutdown() -> None:
    # The process exits next, and Python's last act would be a garbage collection over every object
    # still alive, the whole dataset among them: a tenth of a second for nothing. Frozen, they are not.
    gc.freeze()


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    _watch_without_polling(server, _state.data_dir)
    server.watch(str(_state.root / "CONTRIBUTING.md"))
    server.watch(str(Path(build.__file__).parent / "templates"))
    return server


_CHANGES = frozenset({"created", "modified", "deleted", "moved", "closed"})
"""Not "opened" or "closed_no_write": the build reads every data file, which would start the next build."""


def _watch_without_polling(server: LiveReloadServer, path: Path) -> None:
    """Rebuild when a data file changes, told by the system (inotify on Linux) rather than by MkDocs'
    look at every file each 0.5 s: a save starts the rebuild a quarter of a second sooner on average, a
    sixth of the preview's budget, and nothing is polled however many files there are. Where MkDocs'
    internals differ from 1.6 or the system cannot tell, it polls as MkDocs does."""
    condition = getattr(server, "_rebuild_cond", None)
    if condition is None or not hasattr(server, "_want_rebuild"):
        server.watch(str(path))
        return

    def rebuild(event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in _CHANGES:
            return
        with condition:  # what MkDocs' own watch does
            server._want_rebuild = True
            condition.notify_all()

    handler = FileSystemEventHandler()
    handler.on_any_event = rebuild  # type: ignore[method-assign]
    observer = Observer()
    observer.daemon = True  # it ends with the server
    try:
        observer.schedule(handler, str(path), recursive=True)
        observer.start()
    except OSError:
        server.watch(str(path))
        return
    log.info(f"Watching '{path}' for changes")
