"""The MkDocs adapter: the only module that imports MkDocs. Registered in mkdocs.yml under ``hooks:``.

It holds no logic of its own. Per build it:

1. on_config: pins SOURCE_DATE_EPOCH to the last commit, finds the data folder (``TIMELINE_DATA``
   or ``data/`` next to mkdocs.yml), points "edit this page" at the repository when one is known;
2. on_pre_build: loads, checks and renders everything through the core (``timeline.build``), and
   stops the build with the checker's ``path:line:col`` lines before MkDocs cleans or writes anything;
3. on_files: hands the generated pages to MkDocs, out of the navigation unless they are index pages;
4. on_page_context: gives generated pages the edit link of the YAML file they come from;
5. on_serve: watches the data folder, so that saving a YAML file rebuilds the preview.

MkDocs imports a hook module once per process and ``mkdocs serve`` rebuilds in that process, so
nothing about the data is kept between builds except what the current build puts in ``_state``.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from timeline import build, repository
from timeline.render import OutputFile

log = logging.getLogger("mkdocs.hooks.timeline")


@dataclass
class _BuildState:
    data_dir: Path = Path("data")
    root: Path = Path()
    edit_links: dict[str, str] = field(default_factory=dict)
    """src_uri of a generated page → the repository URL where its YAML file is edited."""
    generated: tuple[OutputFile, ...] = ()


_state = _BuildState()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _state
    root = Path(config.config_file_path).parent.resolve()
    data_dir = Path(os.environ.get("TIMELINE_DATA", "").strip() or root / "data")
    _state = _BuildState(data_dir=data_dir, root=root)

    pinned_from = build.pin_build_date(root)
    if pinned_from is None:
        log.info("No git history and no SOURCE_DATE_EPOCH: 'last updated' is today's date")

    repo = repository.detect(root)
    if repo is not None and not config.edit_uri:
        # An absolute edit_uri rather than repo_url: with repo_url the theme would ask GitHub's API
        # for star counts from every reader's browser.
        config.edit_uri = repo.edit_url("docs/")
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    generated = build.generate(_state.data_dir, _state.root)
    if generated.problems:
        for problem in generated.problems:
            log.error(problem.format())
        count = len(generated.problems)
        raise Abort(f"{count} problem{'s' if count != 1 else ''} in the data; nothing was built. Fix them and rebuild.")
    _state.generated = generated.files
    repo = repository.detect(_state.root)
    if repo is not None:
        _state.edit_links = {
            output.path: repo.edit_url(output.edit_path) for output in generated.files if output.edit_path
        }


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for output in _state.generated:
        existing = files.get_file_from_path(output.path)
        if existing is not None:
            raise Abort(f"docs/{output.path}: the timeline generates this page; remove the file from docs/")
        # Index pages are in the nav (mkdocs.yml lists them). The rest stay out of it: the theme renders
        # the whole nav into every page, so a nav that grew with the data would grow the site quadratically.
        inclusion = InclusionLevel.INCLUDED if output.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, output.path, content=output.content, inclusion=inclusion))
    return files


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    edit_link = _state.edit_links.get(page.file.src_uri)
    if edit_link is not None:
        page.edit_url = edit_link
    elif page.file.generated_by is not None:
        page.edit_url = None  # a generated page without a data file has no Markdown file to edit
    return context


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    server.watch(str(_state.data_dir))
    server.watch(str(_state.root / "CONTRIBUTING.md"))
    server.watch(str(Path(build.__file__).parent / "templates"))
    return server
