"""``PlannedFile``: one file of the built site, before it is rendered. The one type for "a file the build
writes", whoever writes it (the engine, the background renderer, the ``render`` command)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

Rendered = tuple[str, str]
"""(path, content) of a rendered file: what is written, or sent back from a background process."""


@dataclass(frozen=True, slots=True)
class PlannedFile:
    """Where a file goes, what an engine needs to know of it, and how to render it.

    Planning is cheap and rendering is not, so an adapter can plan the whole site, hand the engine
    what it needs first, and render the rest later, or elsewhere (see ``timeline.build.background``).
    """

    path: str
    """Relative to the docs root, with forward slashes: ``sites/hmeimim/index.md``."""
    render: Callable[[], str] = field(repr=False, compare=False)
    in_nav: bool = False
    edit_path: str | None = None
    """The repository file a reader should edit to change this page, e.g. ``data/sites/hmeimim.yaml``."""
    finished_html: bool = False
    """The body after the front matter is finished HTML: an engine need not run Markdown over it."""
    feed: str | None = None
    """The page's own Atom feed, relative to the page (``feed.xml``), for the engine to announce."""
    lean: bool = False
    """An adapter that pours pages may frame this one with ``SitePlan.lean_frame`` rather than the theme's frame:
    the event, site and source pages, thousands of them, which the theme's navigation, drawer and scripts would
    double in size.
    Another engine may ignore it, and frame the page as any other."""

    @property
    def is_page(self) -> bool:
        return self.path.endswith(".md")

    def rendered(self) -> Rendered:
        return self.path, self.render()


def render_all(files: Iterable[PlannedFile]) -> tuple[Rendered, ...]:
    return tuple(planned.rendered() for planned in files)
