"""Contributor Markdown → sanitised HTML. The only place where contributor text becomes markup.

Summaries and quotes come from pull requests, so they are untrusted. Two layers keep them inert:

1. CommonMark, parsed by markdown-it-py with raw HTML off, so that ``<script>`` is text, not a tag; it has
   no attribute syntax, so no one can add ``onclick``. markdown-it-py is chosen for its cost: its worst
   case is linear in the length of the text (``make bench`` measures it on hostile input), where
   Python-Markdown takes minutes on a 20 KB line of ``[`` (it re-scans the rest of the text from each
   bracket). Its nesting limit also ends deep lists and quotes without a RecursionError.
2. nh3 (ammonia) then keeps only a short list of tags, the ``href`` of links, and only absolute
   http(s) links with a valid host (``weblinks``). Relative and protocol-relative links are dropped: a
   contributor cannot point readers at a path of ours that looks official, nor at ``//elsewhere``.

The result goes into pages as finished HTML (``Markup``), so the site's own Markdown extensions
never see contributor text.
"""

from __future__ import annotations

import html as htmlentities
import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

from timeline.contract import weblinks

ALLOWED_TAGS = frozenset({"p", "em", "strong", "a", "code", "pre", "ul", "ol", "li", "blockquote", "br", "hr"})
"""No headings (they would break the page outline), no images (a third-party request from a reader's browser)."""

LINK_REL = "nofollow noopener noreferrer"
"""noreferrer: readers of this site may not want the outlets they follow to learn where they came from."""


def is_http_url(value: str) -> bool:
    return value.startswith(("https://", "http://"))


def _only_http_links(tag: str, attribute: str, value: str) -> str | None:
    # The same judgement as for a citation's url: a link in a summary with a host no browser resolves,
    # or another scheme, is dropped (its text stays).
    if tag == "a" and attribute == "href":
        return value if weblinks.is_web_link(value) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    # "*": nothing, or ammonia would keep its default generic attributes (title, lang) on every tag.
    attributes={"a": {"href"}, "*": set()},
    attribute_filter=_only_http_links,
    url_schemes={"http", "https"},
    link_rel=LINK_REL,
    strip_comments=True,
)


# CommonMark, raw HTML off: HTML blocks and inline tags come out as escaped text. No linkify, no
# typographer: the text stays as the contributor wrote it.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


# Plain prose: nothing Markdown, HTML or the sanitiser would treat specially. Most summaries and
# quotes are like this, and for them the result is known without running either (a property test
# holds the two paths to the same output).
# Plain prose may also hold *emphasis* and **strong** words, the Markdown most summaries use.
# Any white space but the space and the line feed (tabs, CR, U+3000...) takes the full path too.
# [^\S\n]* rather than \s*: \s would let one match run across many blank lines, and the search
# over a text of blank lines would take quadratic time (minutes for one 256 KiB file).
_SPECIAL_CHARACTER = re.compile(r"[\\`_\[\]<>&!#|~=+]|[^\S \n]|^ | $|^[^\S\n]*(?:\d+[.)]|[-=>*])", re.MULTILINE)
_EMPHASIS = re.compile(r"(?<![\w*])(\*\*?)(?=[^\s*])([^*\n]*?[^\s*])\1(?![\w*])")
_PARAGRAPH_BREAK = re.compile(r"\n[ ]*\n\s*")


def _emphasis(match: re.Match[str]) -> str:
    tag = "strong" if len(match.group(1)) == 2 else "em"
    return f"<{tag}>{match.group(2)}</{tag}>"


def render(text: str) -> Markup:
    """Contributor Markdown as sanitised HTML, safe to place in any page."""
    text = text.rstrip()  # spaces that end the text mean nothing in Markdown; both paths drop them
    if not _SPECIAL_CHARACTER.search(text):
        html = _EMPHASIS.sub(_emphasis, text) if "*" in text else text
        if "*" not in html:
            paragraphs = [paragraph.strip() for paragraph in _PARAGRAPH_BREAK.split(html.strip())]
            return Markup("\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs if paragraph))  # noqa: S704
    return render_with_markdown(text)


def render_with_markdown(text: str) -> Markup:
    """The full path: CommonMark, then the sanitiser. ``render`` takes it unless the text is plain."""
    html = _MARKDOWN.render(text.rstrip()).rstrip("\n")
    return Markup(_CLEANER.clean(html))  # noqa: S704 - this is the sanitiser's output


_TAG = re.compile(r"<[^>]*>")


def plain_text(html: Markup) -> str:
    """Sanitised HTML as the text it shows, on one line (the sanitiser's output is well-formed, so
    dropping its tags leaves text only)."""
    return htmlentities.unescape(" ".join(_TAG.sub(" ", str(html)).split()))


def text_content(text: str) -> Markup:
    """Text for an element's content, not an attribute: only ``&``, ``<`` and ``>`` need escaping there.

    Autoescaping also writes every quote as ``&#34;`` or ``&#39;``, five bytes for one; a citation in
    CSL-JSON has some fifty, on every event page. Never for an attribute value, where quotes end it.
    """
    return Markup(htmlentities.escape(str(text), quote=False))  # noqa: S704


def plain_title(text: str) -> str:
    """A contributor's one-line text made safe for MkDocs' own templates, which do not autoescape.

    The theme prints a page title raw in the header, and through ``striptags`` (which unescapes
    entities) inside ``<title>``. Escaped angle brackets would come back as real ones there, so they
    are replaced with look-alike single guillemets; everything else is HTML-escaped.
    """
    if isinstance(text, Markup):  # a rendered template block: already escaped once
        text = text.unescape()
    return str(Markup.escape(text.replace("<", "‹").replace(">", "›")))
