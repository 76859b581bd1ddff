"""The MkDocs adapter: the only module that imports MkDocs. Registered in mkdocs.yml under ``hooks:``.

It holds no logic of its own: the build's steps are the core's (``timeline.build.plan`` loads, checks and
plans; ``timeline.build.engine_build`` runs the rest beside the engine, and its docstring gives the order).
Per build, on_config finds the data and the repository; on_pre_build checks the data and stops with
its ``path:line:col`` lines before MkDocs cleans or writes anything; on_files hands MkDocs the pages
it renders; on_page_markdown and on_page_content let generated HTML bypass the Markdown pipeline;
on_post_build pours the rest into the theme's shells. ``mkdocs serve`` watches the data folder and keeps
the search bundle between rebuilds (``_PREVIEW_KEPT``).

MkDocs imports a hook module once per process and ``mkdocs serve`` rebuilds in that process, so
nothing about the data is kept between builds except what the current build puts in ``_state``.
"""

from __future__ import annotations

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

from timeline.build import plan as build
from timeline.build import watching
from timeline.build.engine_build import EngineBuild, EngineBuildError
from timeline.settings import Settings
from timeline.site.template_cache import template_cache
from timeline.site.templating import TEMPLATES

log = logging.getLogger("mkdocs.hooks.timeline")
_ANCHOR = re.compile(r'\sid="([^"]+)"')


@dataclass
class _BuildState:
    data_dir: Path = Path("data")
    root: Path = Path()
    settings: Settings | None = None
    run: EngineBuild | None = None
    edit_links: dict[str, str] = field(default_factory=dict)
    """src_uri of a generated page → where a reader edits what it shows."""
    finished_html: dict[str, str] = field(default_factory=dict)
    """src_uri → the body of a generated page, which is finished HTML already."""


_state = _BuildState()
_serving = False
"""Set by on_startup, once per process: ``mkdocs serve`` rebuilds the preview into the same folder."""
_environment: dict[str, str] | None = None
"""The process environment as it was at the start, before this module set SOURCE_DATE_EPOCH for MkDocs:
each rebuild of a preview must make the same settings as the first."""
_PREVIEW_KEPT = ".timeline-preview"
"""In the output folder of ``mkdocs serve``: MkDocs' cleaning before each rebuild leaves names that start
with a dot alone, so the search bundle kept there is rewritten only where it changed. Creating thousands of
files is most of a rebuild's time on some disks."""


def on_startup(command: str, dirty: bool) -> None:
    global _serving, _environment
    _serving = command == "serve"
    _environment = dict(os.environ)


def _kept_folder(config: MkDocsConfig) -> Path | None:
    return Path(config.site_dir) / _PREVIEW_KEPT if _serving else None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _state
    root = Path(config.config_file_path).parent.resolve()
    default = Path("data") if Path.cwd().resolve() == root else root / "data"  # relative: as `make check` prints
    environ = _environment if _environment is not None else dict(os.environ)
    data_dir = Path(environ.get("TIMELINE_DATA", "").strip() or default)
    # Made once per build: finding the repository and its last commit runs git.
    settings = Settings.from_environment(environ, root, site_url=config.site_url or "")
    _state = _BuildState(data_dir=data_dir, root=root, settings=settings)
    if settings.epoch_source == "git":
        # MkDocs reads it too (the sitemap's dates): one "now" for the whole build, from the last commit.
        os.environ["SOURCE_DATE_EPOCH"] = str(settings.build_epoch)
    elif settings.epoch_source == "clock":
        log.info("No git history and no SOURCE_DATE_EPOCH: 'last updated' is today's date")
    repo = settings.repository

    if repo is not None and not config.edit_uri:
        # An absolute edit_uri rather than repo_url: with repo_url the theme would ask GitHub's API
        # for star counts from every reader's browser.
        docs = Path(os.path.relpath(config.docs_dir, root)).as_posix()
        config.edit_uri = repo.edit_url(f"{docs}/")
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    assert _state.settings is not None
    generated = build.generate(
        _state.data_dir, _state.root, _state.settings, site_name=config.site_name, favicon=config.theme.get("favicon")
    )
    if generated.problems:
        for problem in generated.problems:
            log.error(problem.format())
        count = len(generated.problems)
        raise Abort(f"{count} problem{'s' if count != 1 else ''} in the data; nothing was built. Fix them and rebuild.")
    # Logged at INFO: under --strict a WARNING stops the build, and a commit's date (the author's clock)
    # must not decide whether a site builds; the line still names the commit.
    for warning in generated.warnings:
        log.info(f"timeline: warning: {warning}")
    try:
        _state.run = EngineBuild.start(generated, _state.settings, Path(config.site_dir), _kept_folder(config))
    except EngineBuildError as error:
        raise Abort(f"timeline: {error}") from None
    where = "in a background process" if _state.run.rendered_in_background else "at the end of the build"
    log.debug(f"timeline: the pages poured into shells and the redirects are rendered {where}")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _state.run is not None
    for path in _state.run.paths_taken():
        if files.get_file_from_path(path) is not None:
            raise Abort(f"docs/{path}: the timeline generates this file; remove it from docs/")
    for page, content in _state.run.engine_pages:
        # Index pages are in the nav (mkdocs.yml lists them). The rest stay out of it: the theme renders
        # the whole nav into every page, so a nav that grew with the data would grow the site quadratically.
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, page.path, content=content, inclusion=inclusion))
        if page.finished_html:
            _state.finished_html[page.path] = ""
    _state.edit_links.update(_state.run.edit_links)
    _state.run.output_emptied()  # MkDocs has emptied site_dir by now: the redirects may be written
    return files


def _excluded_from_search(page: Page) -> bool:
    search = page.meta.get("search")
    return isinstance(search, dict) and bool(search.get("exclude"))


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    # MkDocs calls this once every page's HTML exists, and has emptied site_dir before: the search bundle
    # may be written while MkDocs lays out the pages.
    if _state.run is not None:
        try:
            _state.run.write_search()
        except EngineBuildError as error:
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
        if _state.run is not None and not _excluded_from_search(page):
            _state.run.add_page(page.url, page.title or "", html)
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
    assert _state.run is not None
    try:
        _state.run.finish(config.site_url)
    except EngineBuildError as error:
        raise Abort(f"timeline: {error}") from None


def on_build_error(error: Exception) -> None:
    if _state.run is not None:
        _state.run.cancel()  # a build that failed will not ask for its pages or its search bundle


def on_shutdown() -> None:
    # The process exits next, and Python's last act would be a garbage collection over every object
    # still alive, the whole dataset among them: a tenth of a second for nothing. Frozen, they are not.
    gc.freeze()


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    _watch_data(server, _state.data_dir)
    server.watch(str(_state.root / "CONTRIBUTING.md"))
    server.watch(str(TEMPLATES))
    return server


def _watch_data(server: LiveReloadServer, path: Path) -> None:
    """Rebuild when a data file changes, told by the system (``timeline.build.watching``) rather than by
    MkDocs' look at every file each 0.5 s. Where MkDocs' internals differ from 1.6 or the system
    cannot tell, MkDocs polls as it would."""
    condition = getattr(server, "_rebuild_cond", None)

    def rebuild() -> None:
        assert condition is not None
        with condition:  # what MkDocs' own watch does
            server._want_rebuild = True
            condition.notify_all()

    if condition is None or not hasattr(server, "_want_rebuild") or not watching.watch(path, rebuild):
        server.watch(str(path))
        return
    log.info(f"Watching '{path}' for changes")
