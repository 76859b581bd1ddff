"""Many pages from one: a page the engine renders once, with markers where the pages differ.

MkDocs with Material spends about 1.7 ms on every page before it looks at the content (a Markdown
instance, front matter, the theme's templates), which is most of a build once there is a page per
month, site, source and tag. Those pages differ from each other only in their address, title,
description, edit link and content; so the engine renders one shell per kind of page and the
others are filled in by joining strings, as fast static-site generators do.

The shell is cut into parts once; a page's values are joined between them and never searched,
so nothing a contributor writes can be mistaken for a marker.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import escape

from timeline.build import background, output, shares, spool
from timeline.site import urls
from timeline.site.planned import PlannedFile, Rendered

TITLE = "tl-shell-title-marker"
DESCRIPTION = "tl-shell-description-marker"
EDIT_URL = "https://tl-shell.invalid/edit-marker"
# With an h1 inside, or the theme would add the page title as a heading of its own.
BODY = '<div class="tl-shell-body-marker"><h1></h1></div>'
_URL = "\x00url\x00"  # stands for the shell's own address once cut, never in any engine's output


def shell_url(depth: int, with_edit_link: bool, feed: str | None = None) -> str:
    """Where the shell for pages ``depth`` folders deep is rendered: relative links must match.

    Pages with an edit link, and pages with a feed of their own (announced in the head), need shells
    that print them; the rest get shells that do not.
    """
    if feed not in (None, urls.FEED):
        raise ValueError(f"a shell can only announce a page's own {urls.FEED}, not {feed}")
    name = "_tl-shell" + ("-edit" if with_edit_link else "") + ("-feed" if feed else "")
    return f"{name}/" + "x/" * (depth - 1)


def has_edit_link(url: str) -> bool:
    return "-edit" in url.split("/", 1)[0]


def has_feed(url: str) -> bool:
    return url.split("/", 1)[0].endswith("-feed")


def shell_markdown(with_feed: bool = False) -> str:
    """The shell's source page: markers where each page's own values go."""
    feed = f"feed: {json.dumps(urls.FEED)}\n" if with_feed else ""
    return (
        f"---\ntitle: {json.dumps(TITLE)}\ndescription: {json.dumps(DESCRIPTION)}\n{feed}"
        "search:\n  exclude: true\nhide:\n  - toc\n---\n\n"
        f"{BODY}\n"
    )


@dataclass(frozen=True, slots=True)
class Filling:
    url: str
    title: str
    """Escaped, like the front matter ``title`` of the page's Markdown."""
    description: str
    body: str
    """Finished HTML."""
    edit_url: str | None


class Shell:
    def __init__(self, html: str, url: str) -> None:
        if BODY not in html:
            raise ValueError(f"the shell page {url} lost its content marker; the theme changed?")
        self._parts = re.split(
            "(" + "|".join(re.escape(marker) for marker in (TITLE, DESCRIPTION, EDIT_URL, BODY, url)) + ")", html
        )
        self._parts = [_URL if part == url else _without_indentation(part) for part in self._parts]
        markers = {TITLE, DESCRIPTION, EDIT_URL, BODY, _URL}
        # A theme feature that prints a page value this module does not know (a "view source" link,
        # say) would print the shell's value on every page: refuse rather than publish that.
        for part in self._parts:
            start = -1 if part in markers else part.find("tl-shell")
            if start >= 0:
                context = part[max(0, start - 80) : start + 40]
                raise ValueError(f"the theme printed a shell value the timeline does not fill in: …{context}…")

    def fill(self, page: Filling) -> str:
        values = {
            TITLE: page.title,
            DESCRIPTION: page.description,
            EDIT_URL: str(escape(page.edit_url or "")),
            BODY: page.body,
            _URL: page.url,
        }
        return "".join(values.get(part, part) for part in self._parts)


_INDENTATION = re.compile(r"[ \t]*\n\s*")


def _without_indentation(html: str) -> str:
    """The theme's indentation and blank lines as one line break each: about a fifth of every page's
    bytes (3.5 kB), in every one of thousands of pages. Browsers show any run of white space in running
    text as one space, line break or not, so nothing looks different; not where white space shows
    (``<pre>``, ``<textarea>``), which the theme's frame of a page does not have anyway."""
    if "<pre" in html or "<textarea" in html:
        return html
    return _INDENTATION.sub("\n", html)


def split_page(markdown: str) -> tuple[str, str, str]:
    """(title, description, body) of a page written by ``render``: JSON-quoted front matter, then HTML."""
    front, _, body = markdown.removeprefix("---\n").partition("\n---\n\n")
    values = {}
    for line in front.splitlines():
        key, _, value = line.partition(": ")
        if key in ("title", "description"):
            values[key] = json.loads(value)
    return values.get("title", ""), values.get("description", ""), body


_SITEMAP_URL = re.compile(r"\s*<url>\s*<loc>([^<]*)</loc>.*?</url>", re.DOTALL)


def patch_sitemap(xml: str, site_url: str, drop: list[str], add: list[str], lastmod: str) -> str:
    """The sitemap without the shells and with the filled pages, whose addresses only this code knows."""
    dropped = {str(escape(site_url + url)) for url in drop}  # <loc> holds escaped text
    kept = _SITEMAP_URL.sub(lambda match: "" if match.group(1) in dropped else match.group(0), xml)
    entries = "".join(
        f"\n    <url>\n         <loc>{escape(site_url + url)}</loc>\n         <lastmod>{lastmod}</lastmod>\n    </url>"
        for url in add
    )
    return kept.replace("\n</urlset>", f"{entries}\n</urlset>", 1)


@dataclass(frozen=True, slots=True)
class Plan:
    """Who writes what: the engine renders ``engine_pages`` and ``shells``; the rest is written here."""

    engine_pages: tuple[PlannedFile, ...]
    shells: dict[str, str]
    """Shell address → its Markdown source, for the engine to render like any page."""
    poured: tuple[PlannedFile, ...]
    """Pages poured into a shell once the engine is done (``pour``)."""
    shell_of: dict[str, tuple[str, str | None]]
    """Path of each poured page → (the address of its shell, the page's edit link)."""
    static: tuple[PlannedFile, ...]
    """Redirect files, written as they are (``render_rest``)."""
    lean_frames: dict[str, str] = field(default_factory=dict)
    """For the shells that lean pages (``PlannedFile.lean``) are poured into: their frame, with markers."""
    lean: frozenset[str] = frozenset()
    """Paths of the poured pages that go into the lean frame rather than the theme's."""

    def paths_written_later(self) -> list[str]:
        """Where the poured pages and the redirects go, as source paths (``sites/x/index.md``)."""
        return [planned.path for planned in (*self.poured, *self.static)]


LeanFrame = Callable[[int, str, str | None], str]
"""``SitePlan.lean_frame``: (depth, body, edit link or None) → the page's frame around the body."""


def plan(
    files: Sequence[PlannedFile], edit_url: Callable[[str], str] | None, lean_frame: LeanFrame | None = None
) -> Plan:
    """Who writes what. Without ``lean_frame``, lean pages are framed by the theme like the others."""
    # Pages in the navigation stay with the engine: it marks the current one in the menu.
    engine_pages, poured, static = [], [], []
    shell_of: dict[str, tuple[str, str | None]] = {}
    lean_frames: dict[str, str] = {}
    lean: set[str] = set()
    for planned in files:
        if not planned.is_page:
            static.append(planned)
        elif planned.in_nav or not planned.finished_html:
            engine_pages.append(planned)
        else:
            poured.append(planned)
            link = edit_url(planned.edit_path) if edit_url and planned.edit_path else None
            depth = planned.path.count("/")  # sites/x/index.md is two folders deep, like its address
            shell = shell_url(depth, link is not None, planned.feed)
            shell_of[planned.path] = (shell, link)
            if planned.lean and lean_frame is not None:
                lean.add(planned.path)
                if shell not in lean_frames:
                    lean_frames[shell] = lean_frame(depth, BODY, EDIT_URL if link else None)
    return Plan(
        tuple(engine_pages),
        {url: shell_markdown(has_feed(url)) for url in sorted({shell for shell, _ in shell_of.values()})},
        tuple(poured),
        shell_of,
        tuple(static),
        lean_frames,
        frozenset(lean),
    )


_BODY_TAG = re.compile(r"<body[^>]*>")


def lean_shell(theme_shell: str, frame: str) -> str:
    """The theme's shell with ``frame`` for a body: the theme's head (its styles, title, description, canonical
    address) is kept, so the page looks like the others; its navigation, drawer and scripts are not."""
    body_tag = _BODY_TAG.search(theme_shell)
    if body_tag is None:
        raise ValueError("the shell page has no <body> tag; the theme changed?")
    return f"{theme_shell[: body_tag.end()]}\n{frame}\n</body>\n</html>\n"


SHARE = 32
"""Pages per share of the rendering (``shares``): small enough that the two processes end close together."""


def render_rest(
    plan: Plan, site_dir: Path, spool_dir: Path, wait: Callable[[], None], parallel: bool = True
) -> tuple[Path, ...]:
    """Render everything the engine does not: write the redirects and exports, and the pages to ``pour`` into
    spools in ``spool_dir``, whose paths are returned (see ``spool``).

    ``wait`` returns once ``site_dir`` may be written to: the engine empties it at the start of a build.
    """
    # The redirects and exports go to a process of their own, which renders and writes them, much of it a
    # wait on the disk, and then renders pages too: the two processes take the pages a share at a time.
    # (Not a thread: it would wait for the interpreter lock after every file.)
    pages = shares.Shares(plan.poured, SHARE)
    try:
        writing = background.start(
            functools.partial(_write_then_render, site_dir, spool_dir / "pages-2.pickle", plan, pages, wait), parallel
        )
        writing.proceed()  # the writer waits on ``wait``, not on this
        mine = spool.write(spool_dir / "pages-1.pickle", (planned.rendered() for planned in pages.take()))
        return mine, writing.result()
    finally:
        pages.close()


def _write_then_render(
    site_dir: Path,
    spool_path: Path,
    plan: Plan,
    pages: shares.Shares[PlannedFile],
    allowed: Callable[[], None],
    _: Callable[[], None],
) -> Path:
    # Each file written as soon as it is rendered, not all rendered first while the engine empties the
    # folder: held at once, the exports took this process to 335 MB at 10,000 events.
    allowed()
    output.write_files(site_dir, (planned.rendered() for planned in plan.static))
    return spool.write(spool_path, (planned.rendered() for planned in pages.take()))


def keep_folder(site_dir: Path, kept: Path, name: str) -> Path:
    """Where to write the site's folder ``name`` so that it outlives the next rebuild: ``kept / name``,
    linked from ``site_dir / name``. Where no link can be made (Windows without the right), the
    folder is simply ``site_dir / name``, written whole each time."""
    target = kept / name
    link = site_dir / name
    if kept.is_symlink() or target.is_symlink():  # ours are folders: a link could lead outside the site
        raise ValueError(f"{target} is a symbolic link; the preview keeps its files in a folder")
    target.mkdir(parents=True, exist_ok=True)
    try:
        if link.is_symlink():  # left by the last build, if the engine's cleaning did not remove it
            link.unlink()
        link.symlink_to(os.path.relpath(target, link.parent), target_is_directory=True)
    except OSError:
        link.mkdir(parents=True, exist_ok=True)
        return link
    return target


def pour(plan: Plan, pages: Iterable[Rendered], site_dir: Path, site_url: str | None, epoch: int) -> None:
    """After the engine has built the site: pour ``pages`` (``plan.poured``, rendered) into the shells,
    then remove the shells."""
    sources = {url: (site_dir / url / "index.html").read_text(encoding="utf-8") for url in plan.shells}
    shells = {url: Shell(source, url) for url, source in sources.items()}
    lean_shells = {url: Shell(lean_shell(sources[url], frame), url) for url, frame in plan.lean_frames.items()}
    for top in sorted({url.split("/", 1)[0] for url in shells}):
        shutil.rmtree(site_dir / top)

    def filled() -> Iterator[tuple[str, str]]:
        for path, content in pages:
            shell, link = plan.shell_of[path]
            title, description, body = split_page(content)
            url = path.removesuffix("index.md")
            into = lean_shells[shell] if path in plan.lean else shells[shell]
            yield url + "index.html", into.fill(Filling(url, title, description, body, link))

    output.write_files(site_dir, filled())
    sitemap = site_dir / "sitemap.xml"
    if not site_url:
        # A sitemap lists absolute addresses only; without the site's, the engine's would be empty, and an
        # empty sitemap tells crawlers the site has no pages. None is the truth: set SITE_URL to get one.
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (site_dir / name).unlink(missing_ok=True)
    elif sitemap.is_file():
        added = sorted(path.removesuffix("index.md") for path in plan.shell_of)
        lastmod = dt.datetime.fromtimestamp(epoch, tz=dt.UTC).date().isoformat()
        text = patch_sitemap(sitemap.read_text(encoding="utf-8"), site_url, list(plan.shells), added, lastmod)
        sitemap.write_text(text, encoding="utf-8")
        # mtime pinned as the engine pins its own: the compressed file must be the same bytes every build.
        (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=epoch))
