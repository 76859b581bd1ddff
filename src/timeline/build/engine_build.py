"""A build of the site beside an engine that renders some of its pages, in the engine's order of steps.

The engine (MkDocs, through ``hooks/mkdocs_timeline.py``; another one after it) renders the index pages
and one shell per kind of generated page around its theme. Everything else is rendered beside it and
poured into the shells at the end (``shell``), and the readers' search is indexed meanwhile
(``search_bundle``). An adapter calls, in this order:

1. ``EngineBuild.start`` once the data is checked, before the engine empties its output folder: plans
   the shells, starts rendering the rest (``background``) and the search indexer, and renders the
   pages the engine takes (``engine_pages``);
2. ``output_emptied`` once the engine has emptied its output folder: the rest may be written there;
3. ``add_page`` for each page the engine renders from Markdown of its own, for the search;
4. ``write_search`` once the engine has every page's HTML: the indexer's files are written meanwhile;
5. ``finish`` after the engine has written its pages: pours the rest into the shells and waits for
   the search bundle. If the engine's build fails instead, ``cancel``.

Nothing here imports an engine. Every failure is an ``EngineBuildError`` that says what went wrong in
its first line; a page that failed to render adds the traceback, since that is a bug of the templates
or the code, not of the data, which is checked before.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
from pathlib import Path

from timeline.build import background, search_bundle, shell, spool
from timeline.build.plan import Generated
from timeline.settings import Settings
from timeline.site import urls
from timeline.site.planned import PlannedFile


class EngineBuildError(RuntimeError):
    """What stopped the build."""


class EngineBuild:
    """One build; see the module's docstring for the order of calls."""

    def __init__(
        self,
        plan: shell.Plan,
        rest: background.Pending[tuple[Path, ...]],
        spool_dir: Path,
        search: search_bundle.SearchBundle,
        engine_pages: tuple[tuple[PlannedFile, str], ...],
        edit_links: dict[str, str],
        site_dir: Path,
        kept: Path | None,
        epoch: int,
    ) -> None:
        self._plan = plan
        self._rest = rest
        self._spool_dir = spool_dir
        """A temporary folder of this build's, removed when it finishes or is cancelled."""
        self._search = search
        self.engine_pages = engine_pages
        """The pages for the engine to render around its theme, each with its content."""
        self.edit_links = edit_links
        """Path of an engine page → where a reader edits what it shows, for those that have one."""
        self._site_dir = site_dir
        self._kept = kept
        self._epoch = epoch

    @classmethod
    def start(
        cls,
        generated: Generated,
        settings: Settings,
        site_dir: Path,
        kept: Path | None = None,
    ) -> EngineBuild:
        """Start the build of ``generated`` (checked, without problems) into ``site_dir``.

        ``kept``, for a preview that rebuilds into the same folder, is a folder the engine leaves alone
        (see ``shell.keep_folder``).
        """
        edit_url = settings.repository.edit_url if settings.repository else None
        plan = shell.plan(generated.files, edit_url, generated.lean_frame)
        spool_dir = Path(tempfile.mkdtemp(prefix="timeline-pages-"))
        render_rest = functools.partial(shell.render_rest, plan, site_dir, spool_dir, parallel=settings.parallel)
        # Started first: the rest of the build, including the pages below, runs meanwhile.
        rest = background.start(render_rest, settings.parallel)
        search: search_bundle.SearchBundle | None = None
        try:
            # After the fork, which a process with threads must not do: the indexer runs beside the build.
            search = search_bundle.start(settings.pagefind)
            search.add_records(generated.search)
            pages = [(planned, planned.render()) for planned in plan.engine_pages]
            edit_links = {
                planned.path: edit_url(planned.edit_path)
                for planned in plan.engine_pages
                if edit_url and planned.edit_path
            }
        except BaseException as error:
            # The adapter has nothing to cancel yet: left running, the child and the indexer would wait
            # for a build that has ended (in a preview, one pair more for every failed rebuild).
            rest.cancel()
            shutil.rmtree(spool_dir, ignore_errors=True)
            if search is not None:
                search.cancel()
            if isinstance(error, search_bundle.SearchBundleError):
                raise EngineBuildError(str(error)) from None
            raise
        # A shell prints the marker of an edit link where its pages have one (``shell.shell_url``).
        for url, source in plan.shells.items():
            page = PlannedFile(urls.file_for(url), functools.partial(str, source), finished_html=True)
            pages.append((page, source))
            if shell.has_edit_link(url):
                edit_links[page.path] = shell.EDIT_URL
        assert search is not None
        return cls(plan, rest, spool_dir, search, tuple(pages), edit_links, site_dir, kept, settings.build_epoch)

    @property
    def rendered_in_background(self) -> bool:
        return self._rest.in_background

    def paths_taken(self) -> list[str]:
        """Every source path this build writes (``sites/x/index.md``), and for a page the ``index.html`` it
        becomes: a docs file at either would clash (a hand-written ``index.html`` would be overwritten)."""
        written = [*(page.path for page, _ in self.engine_pages), *self._plan.paths_written_later()]
        return [*written, *(path.removesuffix(".md") + ".html" for path in written if path.endswith(".md"))]

    def output_emptied(self) -> None:
        """The engine has emptied the output folder: what is rendered in the background may be written."""
        self._rest.proceed()

    def add_page(self, url: str, title: str, content_html: str) -> None:
        """Index a page of the engine's own Markdown for the readers' search."""
        self._search.add_page(url, title, content_html)

    def write_search(self) -> None:
        try:
            if self._kept is None:
                self._search.write(self._site_dir / search_bundle.FOLDER)
            else:
                folder = shell.keep_folder(self._site_dir, self._kept, search_bundle.FOLDER)
                self._search.write(folder, only_changed=True)
        except ValueError as error:
            raise EngineBuildError(str(error)) from None

    def finish(self, site_url: str | None) -> None:
        """Pour the rendered pages into the engine's shells, then wait for the search bundle."""
        try:
            try:
                pages = self._rest.result()
            except background.BackgroundError as error:
                raise EngineBuildError(f"rendering the pages failed:\n{error}") from None
            try:
                shell.pour(self._plan, spool.read(pages), self._site_dir, site_url, self._epoch)
            except ValueError as error:  # the theme's configuration, not the data: say what, without a traceback
                raise EngineBuildError(str(error)) from None
        finally:
            shutil.rmtree(self._spool_dir, ignore_errors=True)
        try:
            self._search.finish()
        except search_bundle.SearchBundleError as error:
            raise EngineBuildError(f"the search bundle: {error}") from None

    def cancel(self) -> None:
        """Stop the background work and the indexer of a build that failed; safe to call more than once."""
        self._rest.cancel()
        shutil.rmtree(self._spool_dir, ignore_errors=True)
        self._search.cancel()
