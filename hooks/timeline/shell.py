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
import gzip
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import escape

from .render import OutputFile

TITLE = "tl-shell-title-marker"
DESCRIPTION = "tl-shell-description-marker"
EDIT_URL = "https://tl-shell.invalid/edit-marker"
# With an h1 inside, or the theme would add the page title as a heading of its own.
BODY = '<div class="tl-shell-body-marker"><h1></h1></div>'
_URL = "\x00url\x00"  # stands for the shell's own address once cut, never in any engine's output


def shell_url(depth: int, with_edit_link: bool) -> str:
    """Where the shell for pages ``depth`` folders deep is rendered: relative links must match."""
    return ("_tl-shell-edit/" if with_edit_link else "_tl-shell/") + "x/" * (depth - 1)


def has_edit_link(url: str) -> bool:
    return url.startswith("_tl-shell-edit/")


def shell_markdown() -> str:
    """The shell's source page: markers where each page's own values go."""
    return (
        f"---\ntitle: {json.dumps(TITLE)}\ndescription: {json.dumps(DESCRIPTION)}\n"
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

    @property
    def depth(self) -> int:
        return self.url.count("/")


class Shell:
    def __init__(self, html: str, url: str) -> None:
        if BODY not in html:
            raise ValueError(f"the shell page {url} lost its content marker; the theme changed?")
        self._parts = re.split(
            "(" + "|".join(re.escape(marker) for marker in (TITLE, DESCRIPTION, EDIT_URL, BODY, url)) + ")", html
        )
        self._parts = [_URL if part == url else part for part in self._parts]
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
    """Who writes what: the engine renders ``engine_pages`` and ``shells``; ``write`` does the rest."""

    engine_pages: tuple[OutputFile, ...]
    shells: dict[str, str]
    """Shell address → its Markdown source, for the engine to render like any page."""
    fillings: dict[str, tuple[Filling, ...]]
    """Shell address → the pages poured into it."""
    static: tuple[OutputFile, ...]
    """Redirect files, written as they are."""


def plan(files: tuple[OutputFile, ...], edit_url: Callable[[str], str] | None) -> Plan:
    # Pages in the navigation stay with the engine: it marks the current one in the menu.
    engine_pages, static = [], []
    fillings: dict[str, list[Filling]] = {}
    for output in files:
        if not output.is_page:
            static.append(output)
        elif output.in_nav or not output.finished_html:
            engine_pages.append(output)
        else:
            title, description, body = split_page(output.content)
            url = output.path.removesuffix("index.md")
            link = edit_url(output.edit_path) if edit_url and output.edit_path else None
            filling = Filling(url, title, description, body, link)
            fillings.setdefault(shell_url(filling.depth, link is not None), []).append(filling)
    return Plan(
        tuple(engine_pages),
        {url: shell_markdown() for url in fillings},
        {url: tuple(pages) for url, pages in fillings.items()},
        tuple(static),
    )


def write(plan: Plan, site_dir: Path, site_url: str | None, epoch: int) -> None:
    """After the engine has built the site: pour the pages into their shells, then remove the shells."""
    shells = {url: Shell((site_dir / url / "index.html").read_text(encoding="utf-8"), url) for url in plan.fillings}
    for top in sorted({url.split("/", 1)[0] for url in shells}):
        shutil.rmtree(site_dir / top)
    for url, pages in plan.fillings.items():
        for page in pages:
            _write(site_dir / page.url / "index.html", shells[url].fill(page))
    for output in plan.static:
        _write(site_dir / output.path, output.content)
    sitemap = site_dir / "sitemap.xml"
    if site_url and sitemap.is_file():
        added = sorted(page.url for pages in plan.fillings.values() for page in pages)
        lastmod = dt.datetime.fromtimestamp(epoch, tz=dt.UTC).date().isoformat()
        text = patch_sitemap(sitemap.read_text(encoding="utf-8"), site_url, list(plan.fillings), added, lastmod)
        sitemap.write_text(text, encoding="utf-8")
        # mtime pinned as the engine pins its own: the compressed file must be the same bytes every build.
        (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=epoch))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
