"""Reading a built site the way a browser does: html5lib's parser, then plain ElementTree queries."""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib


def parse(path: Path) -> ET.Element:
    return html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)


def text(element: ET.Element | None) -> str:
    """The visible text of an element, with runs of white space collapsed."""
    assert element is not None
    return " ".join("".join(element.itertext()).split())


def by_id(root: ET.Element, element_id: str) -> ET.Element | None:
    return next((element for element in root.iter() if element.get("id") == element_id), None)


def ids(root: ET.Element) -> list[str]:
    return [element.get("id") for element in root.iter() if element.get("id")]


def refresh_target(root: ET.Element) -> str | None:
    for meta in root.iter("meta"):
        if (meta.get("http-equiv") or "").lower() == "refresh":
            match = re.search(r"url=(.*)$", meta.get("content") or "", re.IGNORECASE)
            return match.group(1).strip() if match else None
    return None


def page_file(site: Path, url: str) -> Path:
    """The file a site-relative URL such as ``sites/hmeimim/`` is served from."""
    path = site / url
    return path / "index.html" if url == "" or url.endswith("/") else path


def resolve(from_url: str, href: str) -> tuple[str, str] | None:
    """A relative link from the page at ``from_url`` → (site-relative target URL, fragment); None if external."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return from_url, unquote(parts.fragment)
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    joined = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    if joined == ".":
        joined = ""
    elif parts.path.endswith("/"):
        joined += "/"
    assert not joined.startswith(".."), f"{href} on {from_url} leaves the site"
    return joined, unquote(parts.fragment)


def url_of(site: Path, file: Path) -> str:
    relative = file.relative_to(site).as_posix()
    if relative == "index.html":
        return ""
    return relative[: -len("index.html")] if relative.endswith("/index.html") else relative
