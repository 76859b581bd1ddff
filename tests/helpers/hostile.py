"""Hostile data: the fixture data set with attack text in every field that reaches a page, shared by the
hostile-data e2e tests and the browser tests of search."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from helpers.commands import REPO

MINIMAL = REPO / "tests" / "data" / "minimal"
SITE_NAME = "Russia's drawdown from Syria"  # mkdocs.yml
BUILD_EPOCH = "1767225600"  # 2026-01-01: the build date never depends on today or on the last commit
BUILD_ENV_DROPPED = ("GITHUB_ACTIONS", "GITHUB_REPOSITORY", "GITHUB_SERVER_URL", "TIMELINE_REPO_URL", "SITE_URL")

CANARY = "pwn"
"""In every attack, so that a leftover anywhere can be told from the theme's own code."""

# Attacks for one-line fields. Each field gets all of them on one line, behind a label naming the field.
LINE_ATTACKS = (
    "<script>alert('pwn')</script>",
    "<img src=x onerror=alert('pwn')>",
    "\" onmouseover=\"alert('pwn')",
    "' autofocus onfocus='alert(1)' data-pwn='",
    "</title><script>alert('pwn')</script>",
    "</script><script>alert('pwn')</script>",
    "]]>",
    "&lt;script&gt;alert('pwn')&lt;/script&gt;",
    "<a href=\"javascript:alert('pwn')\">pwn</a>",
    '<iframe src="https://evil.example/pwn"></iframe>',
    "<svg onload=alert('pwn')>",
    "<style>body{background:url(https://evil.example/pwn.png)}</style>",
    "{: onclick=\"alert('pwn')\" }",
)

# Attacks for Markdown fields (summaries) and quotes. Every off-site URL in them is on evil.example, which
# must never reach an attribute; ok.example is the one host a contributor may link to.
MARKDOWN_ATTACKS = """\
LABEL intro with *emphasis* and a [fine link](https://ok.example/pwn-fine).

[a pwn](javascript:alert('pwn'))
[b pwn](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
[c pwn](vbscript:pwn)
[d pwn][1]
<javascript:alert('pwn')>
[e pwn](//evil.example/pwn)
[f pwn](https://ok.example/" onmouseover="alert('pwn'))
[g pwn](&#106;avascript:alert('pwn'))
[h pwn](https://ok.example/ "t\\" onmouseover=\\"alert('pwn')")
[j pwn](java\tscript:alert('pwn'))
[k pwn]( JAVASCRIPT:alert('pwn'))
[l pwn](/evil.example/pwn/) and [m pwn](../../evil.example/pwn/) and [n pwn](\\\\evil.example\\pwn)
{: onclick="alert('pwn')" }
![i pwn](https://evil.example/track-pwn.png)
<a href="javascript:alert('pwn')">raw pwn</a>
<iframe src="https://evil.example/pwn"></iframe>
<svg onload="alert('pwn')"></svg>
<math><mtext>pwn</mtext></math>
<style>body{display:none} /* pwn */</style>
<script>alert('pwn')</script>
</script><script>alert('pwn')</script>
]]> &lt;script&gt;alert('pwn')&lt;/script&gt;
<img src=x onerror=alert('pwn')>
<object data="https://evil.example/pwn.swf"></object><embed src="https://evil.example/pwn.swf">
<base href="https://evil.example/">
<form action="javascript:alert('pwn')"><button formaction="javascript:alert('pwn')">pwn</button></form>
<meta http-equiv="refresh" content="0; url=javascript:alert('pwn')">

<div onclick="alert('pwn')">block pwn</div>

# heading pwn {: onclick="alert('pwn')" }

    <script>alert('pwn in code')</script>

[1]: javascript:alert('pwn')
"""

ALIASES = (
    "ALIAS1 <script>alert('pwn')</script>",
    "ALIAS2 \" onmouseover=\"alert('pwn')",
    "ALIAS3 </title><script>alert('pwn')</script>",
)

HOSTILE_EVENT = "hostile-event"
HOSTILE_SITE = "hostile-site"
HOSTILE_SOURCE = "hostile-source"
HOSTILE_TAG = "hostile"

# Labels of the one-line fields whose text must be shown on some page, whole and literal.
SHOWN_LINE_FIELDS = (
    "EVENT-TITLE",
    "SOURCE-SHORT-NAME",
    "COLLECTED-BY",
    "SITE-CITATION-TITLE",
    "SITE-URL-NOTE",
    "SITE-ARCHIVE-NOTE",
    "SITE-COLLECTED-BY",
    "CITATION-TITLE",
    "CITATION2-TITLE",
    "URL-NOTE",
    "ARCHIVE-NOTE",
    "EQUIPMENT-NOTE",
    "SITE-NAME",
    "SOURCE-NAME",
    "AFFILIATION",
    "TAG-LABEL",
    "TAG-DESCRIPTION",
    "EQUIPMENT-NAME",
)
# EQUIPMENT-DESCRIPTION is hostile too, though no page shows it today.
SHOWN_MARKDOWN_FIELDS = ("EVENT-SUMMARY", "QUOTE", "SITE-SUMMARY", "SOURCE-SUMMARY", "SITE-QUOTE")

# What the sanitiser in src/timeline/site/markup.py may let through, stated here rather than imported from it.
SANITISED_TAGS = frozenset({"p", "em", "strong", "a", "code", "pre", "ul", "ol", "li", "blockquote", "br", "hr"})

# Elements that can run code, load a document or restyle the page: only the theme's own may exist.
ACTIVE_ELEMENTS = frozenset(
    {
        "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "svg", "math", "style",
        "template", "noscript", "portal", "input", "button", "textarea", "select", "img", "picture", "source",
        "video", "audio", "track", "image", "xmp", "noembed", "noframes", "plaintext", "marquee",
    }
)  # fmt: skip

URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "action", "formaction", "poster", "data", "background", "cite", "codebase", "longdesc",
        "lowsrc", "dynsrc", "usemap", "manifest", "ping", "icon", "profile", "archive", "classid",
    }
)  # fmt: skip

# (element, attribute) pairs the browser fetches on its own while loading the page: these must stay on-site.
RESOURCE_ATTRIBUTES = frozenset(
    {
        ("img", "src"), ("script", "src"), ("iframe", "src"), ("embed", "src"), ("object", "data"),
        ("video", "src"), ("video", "poster"), ("audio", "src"), ("source", "src"), ("track", "src"),
        ("input", "src"), ("frame", "src"), ("image", "href"),
    }
)  # fmt: skip
RESOURCE_LINK_RELS = frozenset({"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "prerender"})

# --- the data -------------------------------------------------------------------------------------------


def line(label: str) -> str:
    return f"{label} " + " ".join(LINE_ATTACKS)


def markdown(label: str) -> str:
    return MARKDOWN_ATTACKS.replace("LABEL", label, 1)


def _quoted(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(text, ensure_ascii=False)


def _block(text: str, indent: int) -> str:
    pad = " " * indent
    return "|\n" + "".join(f"{pad}{row}\n" if row else "\n" for row in text.split("\n"))


def write_hostile_data(data: Path) -> None:
    """tests/data/minimal, plus a site, source, tag, equipment type and event with attacks in every field."""
    shutil.copytree(MINIMAL, data)
    aliases = "".join(f"  - {_quoted(alias)}\n" for alias in ALIASES)
    (data / "sites" / f"{HOSTILE_SITE}.yaml").write_text(
        f"name: {_quoted(line('SITE-NAME'))}\n"
        f"aliases:\n{aliases}"
        "kind: other\ncountry: SY\ncoordinates:\n  lat: 35.0\n  lon: 36.0\nprecision: area\n"
        f"summary: {_block(markdown('SITE-SUMMARY'), 2)}"
        "citations:\n"
        f"  - source: {HOSTILE_SOURCE}\n"
        f"    title: {_quoted(line('SITE-CITATION-TITLE'))}\n"
        f"    url_note: {_quoted(line('SITE-URL-NOTE'))}\n"
        f"    archive_note: {_quoted(line('SITE-ARCHIVE-NOTE'))}\n"
        f"    collected_by: {_quoted(line('SITE-COLLECTED-BY'))}\n"
        f"    quote: {_block(markdown('SITE-QUOTE'), 6)}",
        encoding="utf-8",
    )
    (data / "sources" / f"{HOSTILE_SOURCE}.yaml").write_text(
        f"name: {_quoted(line('SOURCE-NAME'))}\n"
        f"short_name: {_quoted(line('SOURCE-SHORT-NAME'))}\n"
        "kind: analyst\n"
        f"affiliation: {_quoted(line('AFFILIATION'))}\n"
        "url: https://ok.example/pwn-source\n"
        f"summary: {_block(markdown('SOURCE-SUMMARY'), 2)}",
        encoding="utf-8",
    )
    with (data / "tags.yaml").open("a", encoding="utf-8") as tags:
        tags.write(
            f"{HOSTILE_TAG}:\n"
            f"  label: {_quoted(line('TAG-LABEL'))}\n"
            f"  description: {_quoted(line('TAG-DESCRIPTION'))}\n"
        )
    with (data / "equipment.yaml").open("a", encoding="utf-8") as equipment:
        equipment.write(
            "hostile-kit:\n"
            f"  name: {_quoted(line('EQUIPMENT-NAME'))}\n"
            "  category: other\n"
            f"  description: {_quoted(line('EQUIPMENT-DESCRIPTION'))}\n"
        )
    (data / "events" / "2024" / f"{HOSTILE_EVENT}.yaml").write_text(
        f"title: {_quoted(line('EVENT-TITLE'))}\n"
        "date: 2024-12-14\n"
        f"sites: [{HOSTILE_SITE}, hmeimim]\n"
        f"tags: [{HOSTILE_TAG}, airlift]\n"
        "status: claimed\n"
        f"claimed_by: [{HOSTILE_SOURCE}]\n"
        f"summary: {_block(markdown('EVENT-SUMMARY'), 2)}"
        "equipment:\n"
        "  - type: hostile-kit\n"
        "    count: 3\n"
        f"    note: {_quoted(line('EQUIPMENT-NOTE'))}\n"
        "citations:\n"
        f"  - source: {HOSTILE_SOURCE}\n"
        "    via: worthy-news\n"
        f"    title: {_quoted(line('CITATION-TITLE'))}\n"
        f"    url_note: {_quoted(line('URL-NOTE'))}\n"
        f"    archive_note: {_quoted(line('ARCHIVE-NOTE'))}\n"
        f"    collected_by: {_quoted(line('COLLECTED-BY'))}\n"
        f"    quote: {_block(markdown('QUOTE'), 6)}"
        "  - source: maxar\n"
        f"    title: {_quoted(line('CITATION2-TITLE'))}\n"
        "    url: https://ok.example/pwn?a=1&b=%22%3Cscript%3E\n"
        "    accessed: 2024-12-14\n"
        "    archive_url: https://web.archive.org/web/20241214000000/https://ok.example/pwn?a=1&b=%22%3Cscript%3E\n"
        "    sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n"
        "related: [an-124-at-hmeimim]\n",
        encoding="utf-8",
    )


# --- building and reading -------------------------------------------------------------------------------


def mkdocs_build(data: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in BUILD_ENV_DROPPED}
    env.update(
        NO_MKDOCS_2_WARNING="1",
        TIMELINE_DATA=str(data),
        SOURCE_DATE_EPOCH=BUILD_EPOCH,
        PYTHONIOENCODING="utf-8",
        # With an address, contributor text also lands in absolute links: the sitemap, canonical, JSON-LD.
        SITE_URL="https://timeline.example/",
    )
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"), "-d", str(out)]
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False)


def local(name: str) -> str:
    """``{http://www.w3.org/2000/svg}svg`` → ``svg``; html5lib namespaces foreign elements and attributes."""
    return name.rsplit("}", 1)[-1]


def elements(root: ET.Element) -> Iterator[ET.Element]:
    return (element for element in root.iter() if isinstance(element.tag, str))  # skips comments


def text_of(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def serialised(element: ET.Element) -> str:
    """The element and everything in it, without the text that follows it, white space collapsed."""
    alone = copy.copy(element)
    alone.tail = None
    return " ".join(ET.tostring(alone, encoding="unicode").split())
