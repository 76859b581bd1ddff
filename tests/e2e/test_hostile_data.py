"""Hostile contributor data, built into a whole site: nothing executable may reach the HTML.

A pull request can put any text in any field, and the checker only refuses what it must (non-http links,
control characters): ``<``, ``>``, quotes, ``&`` and ``]]>`` are all valid data. This module writes a data
set that passes ``timeline check`` with attack text in every text field that reaches a page,
runs a real ``mkdocs build --strict`` on it once, and reads every page with html5lib, the parser that
behaves like a browser's. It then walks the trees rather than grepping the files:

1. no event-handler attribute, ``srcdoc`` or ``formaction`` anywhere, no ``style`` attribute and no
   attribute name the clean build does not have;
2. every URL-bearing attribute is same-site or http(s), judged the way a browser reads it (control
   characters and white space stripped, case folded), meta refresh included;
3. active elements (``iframe``, ``svg``, ``form``, ``style`` ...) are only the theme's own, byte for byte
   as a clean build of tests/data/minimal emits them;
4. every script is the theme's: a file under the site's ``assets/``, or an inline script the clean build
   also has, without the canary; JSON script blocks still parse;
5. no image or other subresource loads from another host;
6. the attack text is still there for the reader, as text.

The search index is checked to hold the text as text. Non-http
links, finally, must stop the build before anything is written.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
import pytest

from helpers.commands import run_timeline
from helpers.hostile import (
    ACTIVE_ELEMENTS,
    BUILD_EPOCH,
    CANARY,
    HOSTILE_EVENT,
    HOSTILE_SITE,
    HOSTILE_SOURCE,
    HOSTILE_TAG,
    MINIMAL,
    RESOURCE_ATTRIBUTES,
    RESOURCE_LINK_RELS,
    SANITISED_TAGS,
    SHOWN_LINE_FIELDS,
    SHOWN_MARKDOWN_FIELDS,
    SITE_NAME,
    URL_ATTRIBUTES,
    _quoted,
    elements,
    line,
    local,
    mkdocs_build,
    serialised,
    text_of,
    write_hostile_data,
)
from helpers.pagefind_index import search_records
from helpers.site_html import resolve


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("hostile") / "data"
    write_hostile_data(data)
    return data


@pytest.fixture(scope="module")
def hostile_site(hostile_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile-site") / "site"
    result = mkdocs_build(hostile_data, out)
    assert result.returncode == 0, f"the hostile build failed:\n{result.stdout}\n{result.stderr}"
    return out


@pytest.fixture(scope="module")
def clean_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("clean-site") / "site"
    result = mkdocs_build(MINIMAL, out)
    assert result.returncode == 0, f"the clean build of tests/data/minimal failed:\n{result.stdout}\n{result.stderr}"
    return out


def _parse_site(site: Path) -> dict[str, ET.Element]:
    pages = {
        path.relative_to(site).as_posix(): html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)
        for path in sorted(site.rglob("*.html"))
    }
    assert pages, f"no HTML in {site}"
    return pages


@pytest.fixture(scope="module")
def hostile_pages(hostile_site: Path) -> dict[str, ET.Element]:
    return _parse_site(hostile_site)


@pytest.fixture(scope="module")
def clean_pages(clean_site: Path) -> dict[str, ET.Element]:
    return _parse_site(clean_site)


@pytest.fixture(scope="module")
def search_index(hostile_site: Path) -> list[dict]:
    return search_records(hostile_site)


# --- the checks, shared by pages and search fragments ----------------------------------------------------

_IGNORED_IN_URLS = "".join(map(chr, range(0x21)))  # C0 controls and space: browsers strip them at both ends
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see in ``value``, or None for a relative URL."""
    cleaned = re.sub(r"[\t\n\r]", "", value).strip(_IGNORED_IN_URLS).lower()  # tab/newline vanish anywhere
    match = _SCHEME.match(cleaned)
    return match.group(1) if match else None


def is_network_path(value: str) -> bool:
    """``//host/x`` (and ``\\\\host``, which browsers read the same): relative in form, another host in fact."""
    cleaned = re.sub(r"[\t\n\r]", "", value).strip(_IGNORED_IN_URLS)
    return cleaned[:2].replace("\\", "/") == "//"


def url_problem(value: str, *, resource: bool) -> str | None:
    scheme = url_scheme(value)
    if scheme is not None:
        if scheme not in ("http", "https"):
            return f"scheme {scheme}:"
        if resource:
            return "a resource loaded from another host"
        return None
    if is_network_path(value):
        return "a protocol-relative URL to another host"
    return None


def url_values(element: ET.Element) -> Iterator[tuple[str, str]]:
    """(attribute, URL) for every URL an element carries, ``srcset`` candidates and ``xlink:href`` included."""
    for name, value in element.attrib.items():
        attribute = local(name).lower()
        if attribute == "srcset":
            for candidate in value.split(","):
                if candidate.strip():
                    yield attribute, candidate.split()[0]
        elif attribute in URL_ATTRIBUTES:
            yield attribute, value


def is_resource(element: ET.Element, attribute: str) -> bool:
    tag = local(element.tag)
    if attribute == "srcset" or (tag, attribute) in RESOURCE_ATTRIBUTES:
        return True
    rels = set((element.get("rel") or "").lower().split())
    return tag == "link" and attribute == "href" and bool(rels & RESOURCE_LINK_RELS)


def _is_chart_place(style: str) -> bool:
    """A site chart's marks and ticks are placed by inline percentages, computed from dates, not from text, and
    its lane is as wide as its number of bins needs (a whole number of pixels)."""
    return (
        re.fullmatch(r"left: \d+(\.\d+)?%(; width: \d+(\.\d+)?%)?", style) is not None
        or re.fullmatch(r"min-width: \d+px", style) is not None
    )


def attribute_problems(root: ET.Element, where: str, theme_styles: frozenset[str] = frozenset()) -> list[str]:
    """Checks 1, 2 and 5 on one tree. ``theme_styles``: the ``style`` attributes the clean build has."""
    problems = []
    for element in elements(root):
        tag = local(element.tag)
        for name, value in element.attrib.items():
            attribute = local(name).lower()
            if attribute.startswith("on"):
                problems.append(f"{where}: <{tag} {attribute}={value!r}>: an event handler")
            if attribute in ("srcdoc", "formaction"):
                problems.append(f"{where}: <{tag} {attribute}=...>: may run or submit contributor content")
            if attribute == "style" and (value not in theme_styles or CANARY in value) and not _is_chart_place(value):
                problems.append(f"{where}: <{tag} style={value!r}>: an inline style the theme does not emit")
        for attribute, value in url_values(element):
            problem = url_problem(value, resource=is_resource(element, attribute))
            if problem is not None:
                problems.append(f"{where}: <{tag} {attribute}={value!r}>: {problem}")
            if "evil.example" in value:
                problems.append(f"{where}: <{tag} {attribute}={value!r}>: a contributor's rejected URL survived")
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            target = re.sub(r"^\s*\d*\s*;?\s*(url\s*=\s*)?", "", element.get("content") or "", flags=re.IGNORECASE)
            target = target.strip("'\"")
            if url_scheme(target) is not None or is_network_path(target):
                problems.append(
                    f"{where}: <meta http-equiv=refresh content={element.get('content')!r}>: leaves the site"
                )
    return problems


def site_path_of(page: str, reference: str) -> str | None:
    """Where a same-site URL on ``page`` points, relative to the site root; None if it leaves the site."""
    if url_scheme(reference) is not None or is_network_path(reference):
        return None
    path = urlsplit(reference).path
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(page), path)
    normal = posixpath.normpath(joined)
    return None if normal.startswith("..") else normal


# --- the data passes the checker ------------------------------------------------------------------------


def test_hostile_data_passes_the_checker(hostile_data: Path) -> None:
    result = run_timeline("check", str(hostile_data), env={"SOURCE_DATE_EPOCH": BUILD_EPOCH})
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_site_builds_with_every_hostile_page(hostile_site: Path) -> None:
    for page in (
        "timeline/2024/12/index.html",
        f"events/{HOSTILE_EVENT}/index.html",
        f"sites/{HOSTILE_SITE}/index.html",
        f"sources/{HOSTILE_SOURCE}/index.html",
        f"tags/{HOSTILE_TAG}/index.html",
        "sites/alias1-script-alert-pwn-script/index.html",
    ):
        assert (hostile_site / page).is_file(), page


# --- 1, 2, 5: attributes and URLs --------------------------------------------------------------------------


def test_no_event_handler_style_or_unsafe_url_in_any_page(
    hostile_pages: dict[str, ET.Element], clean_pages: dict[str, ET.Element]
) -> None:
    styles = frozenset(
        element.get("style") for root in clean_pages.values() for element in elements(root) if element.get("style")
    )
    problems = [problem for page, root in hostile_pages.items() for problem in attribute_problems(root, page, styles)]
    assert not problems, "\n".join(problems)


def test_no_attribute_name_the_clean_build_does_not_have(
    hostile_pages: dict[str, ET.Element], clean_pages: dict[str, ET.Element]
) -> None:
    # An attribute breakout shows up as a new attribute name (onmouseover, autofocus, data-pwn, x ...).
    known = {name for root in clean_pages.values() for element in elements(root) for name in element.attrib}
    new = {
        f"{page}: <{local(element.tag)} {name}>"
        for page, root in hostile_pages.items()
        for element in elements(root)
        for name in element.attrib
        if name not in known
    }
    assert not new, "attributes that only hostile data produces:\n" + "\n".join(sorted(new))


def test_no_image_or_other_resource_loads_from_off_site(hostile_pages: dict[str, ET.Element]) -> None:
    problems = []
    for page, root in hostile_pages.items():
        for element in elements(root):
            for attribute, value in url_values(element):
                if is_resource(element, attribute) and site_path_of(page, value) is None:
                    problems.append(f"{page}: <{local(element.tag)} {attribute}={value!r}>")
    assert not problems, "resources from off the site:\n" + "\n".join(problems)


def test_contributor_links_are_only_absolute_http(hostile_pages: dict[str, ET.Element]) -> None:
    # Summaries link to https://ok.example/pwn-fine; their relative links (/evil.example/pwn/) are dropped.
    month = hostile_pages["timeline/2024/12/index.html"]
    article = next(element for element in elements(month) if element.get("id") == HOSTILE_EVENT)
    hrefs = [element.get("href") for element in article.iter("a") if "pwn" in (element.get("href") or "")]
    assert "https://ok.example/pwn-fine" in hrefs
    assert all(href.startswith(("https://", "http://")) for href in hrefs), hrefs


# --- 3, 4: elements and scripts -----------------------------------------------------------------------------


def test_no_element_the_clean_build_and_the_sanitiser_do_not_produce(
    hostile_pages: dict[str, ET.Element], clean_pages: dict[str, ET.Element]
) -> None:
    known = {element.tag for root in clean_pages.values() for element in elements(root)} | SANITISED_TAGS
    new = {
        f"{page}: <{element.tag}>"
        for page, root in hostile_pages.items()
        for element in elements(root)
        if element.tag not in known
    }
    assert not new, "elements that only hostile data produces:\n" + "\n".join(sorted(new))


def test_active_elements_are_only_the_themes_own(
    hostile_pages: dict[str, ET.Element], clean_pages: dict[str, ET.Element]
) -> None:
    theirs = {
        serialised(element)
        for root in clean_pages.values()
        for element in elements(root)
        if local(element.tag) in ACTIVE_ELEMENTS
    }
    problems = []
    for page, root in hostile_pages.items():
        # Checked on their own below: the maps, and the search page's form, whose boxes carry names as values.
        ours = {id(element) for element in _maps(root) + _search_forms(root) for element in element.iter()}
        for element in elements(root):
            if local(element.tag) not in ACTIVE_ELEMENTS or id(element) in ours:
                continue
            markup = serialised(element)
            if CANARY in markup or markup not in theirs:
                problems.append(f"{page}: {markup[:300]}")
    assert not problems, "active elements the theme does not emit:\n" + "\n".join(problems)


def _maps(root: ET.Element) -> list[ET.Element]:
    """The build's own SVG: locator maps and the home page's swimlane."""
    return [
        element
        for element in elements(root)
        if local(element.tag) == "svg"
        and {"tl-map__svg", "tl-swimlane__svg"} & set((element.get("class") or "").split())
    ]


def _search_forms(root: ET.Element) -> list[ET.Element]:
    return [
        element for element in elements(root) if local(element.tag) == "form" and "data-tl-facets" in element.attrib
    ]


SEARCH_FORM_TAGS = frozenset(
    {"form", "div", "label", "input", "select", "option", "button", "fieldset", "legend", "span"}
)
SEARCH_FORM_ATTRIBUTES = frozenset(
    {"class", "role", "aria-label", "data-tl-facets", "data-tl-facet-list", "for", "id", "name", "type", "value",
     "autocomplete", "spellcheck"}
)  # fmt: skip


def test_the_search_form_holds_its_own_controls_and_names_only_as_values(hostile_pages: dict[str, ET.Element]) -> None:
    """The search page lists each site's and tag's name as a check box's value: a form, with contributor text."""
    (form,) = _search_forms(hostile_pages["search/index.html"])
    names_shown = []
    for element in form.iter():
        assert local(element.tag) in SEARCH_FORM_TAGS, f"<{element.tag}>"
        assert set(element.attrib) <= SEARCH_FORM_ATTRIBUTES, sorted(set(element.attrib) - SEARCH_FORM_ATTRIBUTES)
        if local(element.tag) == "input":
            assert element.get("type") in ("search", "checkbox"), element.get("type")
        if local(element.tag) == "button":
            assert element.get("type") == "submit"
        if element.get("value") and CANARY in element.get("value"):
            names_shown.append(element.get("value"))
    assert form.get("action") is None  # answered by search.js on the page itself, never sent anywhere
    assert line("SITE-NAME") in names_shown and line("TAG-LABEL") in names_shown


MAP_TAGS = frozenset({"svg", "image", "a", "title", "circle", "path", "text", "g", "line", "rect"})
MAP_ATTRIBUTES = frozenset(
    {"class", "viewBox", "role", "aria-label", "aria-hidden", "aria-current", "href", "x", "y", "width", "height",
     "cx", "cy", "r", "d", "text-anchor", "dominant-baseline", "x1", "x2", "y1", "y2", "rx"}
)  # fmt: skip


def test_maps_hold_only_shapes_text_and_links_to_the_sites_pages(hostile_pages: dict[str, ET.Element]) -> None:
    """Locator maps are SVG, which can carry scripts; with hostile names they must still be inert."""
    checked = 0
    for page, root in hostile_pages.items():
        for svg in _maps(root):
            checked += 1
            for element in svg.iter():
                assert local(element.tag) in MAP_TAGS, f"{page}: <{element.tag}>"
                names = {local(name) for name in element.attrib}
                assert names <= MAP_ATTRIBUTES, f"{page}: {sorted(names - MAP_ATTRIBUTES)}"
                href = next((value for name, value in element.attrib.items() if local(name) == "href"), None)
                if href is None:
                    continue
                target, _ = resolve(page.removesuffix("index.html"), urlsplit(href)._replace(query="").geturl())
                expected = (
                    r"maps/eastern-mediterranean\.svg"
                    if local(element.tag) == "image"
                    else r"(sites|events)/[a-z0-9-]+/"  # a site; a swimlane's mark, an event or a site's events
                )
                assert re.fullmatch(expected, target), f"{page}: {href}"
    assert checked >= 2


def test_every_script_is_the_themes_own(
    hostile_site: Path, hostile_pages: dict[str, ET.Element], clean_pages: dict[str, ET.Element]
) -> None:
    def scripts_in(root: ET.Element) -> Iterator[ET.Element]:
        return (element for element in elements(root) if local(element.tag) == "script")  # SVG's <script> too

    inline_in_clean = {(script.text or "").strip() for root in clean_pages.values() for script in scripts_in(root)}
    problems = []
    scripts = 0
    for page, root in hostile_pages.items():
        for script in scripts_in(root):
            scripts += 1
            code = script.text or ""
            source = script.get("src")
            if source is not None:
                target = site_path_of(page, source)
                if target is None or not target.startswith("assets/") or not (hostile_site / target).is_file():
                    problems.append(f"{page}: <script src={source!r}> is not a file in the site's assets/")
                if code.strip():
                    problems.append(f"{page}: <script src={source!r}> also has inline code {code[:100]!r}")
                continue
            if (script.get("type") or "").lower() == "application/ld+json":
                # An event's schema.org description: data, never run. It must stay one JSON value that no
                # contributor text can end early: the build writes it with |tojson, which escapes < > & '.
                if re.search(r"[<>&']", code):
                    problems.append(f"{page}: JSON-LD with a raw < > & or ': {code[:200]!r}")
                try:
                    json.loads(code)
                except ValueError as error:
                    problems.append(f"{page}: JSON-LD no longer parses ({error}): {code[:200]!r}")
                continue
            if CANARY in code:
                problems.append(f"{page}: inline script with contributor text: {code[:200]!r}")
            elif code.strip() not in inline_in_clean:
                problems.append(f"{page}: inline script the clean build does not have: {code[:200]!r}")
            if (script.get("type") or "").lower() == "application/json":
                try:
                    json.loads(code)
                except ValueError as error:
                    problems.append(f"{page}: JSON script block no longer parses ({error}): {code[:200]!r}")
    assert scripts, "no scripts at all: the theme's own were expected"
    assert not problems, "\n".join(problems)


# --- 6: the attack text is shown as text ----------------------------------------------------------------


def test_every_hostile_field_is_shown_literally_as_text(hostile_pages: dict[str, ET.Element]) -> None:
    body_text = "\n".join(text_of(root.find("body")) for root in hostile_pages.values())
    for label in SHOWN_LINE_FIELDS:
        assert line(label) in body_text, f"{label}: its text is not shown whole and literally on any page"
    for label in SHOWN_MARKDOWN_FIELDS:
        assert f"{label} intro with emphasis and a fine link." in body_text, label
    # The raw HTML of the Markdown fields is shown as text as well, not dropped.
    assert '<iframe src="https://evil.example/pwn"></iframe>' in body_text
    assert "<a href=\"javascript:alert('pwn')\">raw pwn</a>" in body_text


def test_event_title_on_its_month_page_is_text(hostile_pages: dict[str, ET.Element]) -> None:
    month = hostile_pages["timeline/2024/12/index.html"]
    articles = [element for element in elements(month) if element.get("id") == HOSTILE_EVENT]
    assert len(articles) == 1
    title = line("EVENT-TITLE")
    assert "<script>alert('pwn')</script>" in title
    assert title in text_of(articles[0])
    headings = [element for element in articles[0].iter() if text_of(element) == title]
    assert headings, "no element of the event holds exactly its title"
    assert any(local(element.tag) in ("h2", "h3", "h4", "h5", "h6", "a") for element in headings)


def _page_titles(root: ET.Element) -> list[str]:
    return [title.text or "" for title in root.iter("title")]


def _as_title(text: str) -> set[str]:
    # timeline.site.markup.plain_title may turn angle brackets into look-alike guillemets.
    return {text, text.replace("<", "‹").replace(">", "›")}


def test_site_name_is_text_in_h1_and_title(hostile_pages: dict[str, ET.Element]) -> None:
    root = hostile_pages[f"sites/{HOSTILE_SITE}/index.html"]
    name = line("SITE-NAME")
    h1s = list(root.iter("h1"))
    assert len(h1s) == 1
    assert text_of(h1s[0]) == name
    assert len(h1s[0]) == 0, "the site name formed elements inside <h1>"
    titles = _page_titles(root)
    assert len(titles) == 1, titles
    assert titles[0].strip() in {f"{text} - {SITE_NAME}" for text in _as_title(name)}, titles[0]


def test_event_pages_and_redirects_keep_hostile_titles_as_text(hostile_pages: dict[str, ET.Element]) -> None:
    event = hostile_pages[f"events/{HOSTILE_EVENT}/index.html"]
    headline = f"Claimed by {line('SOURCE-SHORT-NAME')}: {line('EVENT-TITLE')}"
    assert [text.strip() for text in _page_titles(event)] in [[f"{text} - {SITE_NAME}"] for text in _as_title(headline)]
    (h1,) = event.iter("h1")
    assert text_of(h1) == headline
    assert all(local(child.tag) == "span" for child in h1), "the headline formed elements inside <h1>"
    og_titles = {meta.get("content") for meta in event.iter("meta") if meta.get("property") == "og:title"}
    assert len(og_titles) == 1 and og_titles <= _as_title(headline)
    # The citations are written with only &, < and > escaped (quotes are text there): still text, and the
    # CSL-JSON still JSON that gives the headline back.
    cited = {pre.get("data-format"): pre for pre in event.iter("pre") if pre.get("data-format")}
    assert set(cited) == {"plain", "bibtex", "csl-json"} and not any(len(pre) for pre in cited.values())
    assert json.loads(text_of(cited["csl-json"]))[0]["title"] == headline
    alias = hostile_pages["sites/alias3-title-script-alert-pwn-script/index.html"]
    assert [text.strip() for text in _page_titles(alias)] == [line("SITE-NAME")]


def test_tag_description_is_text_in_meta_description(hostile_pages: dict[str, ET.Element]) -> None:
    root = hostile_pages[f"tags/{HOSTILE_TAG}/index.html"]
    descriptions = [meta.get("content") for meta in root.iter("meta") if meta.get("name") == "description"]
    assert len(descriptions) == 1
    assert descriptions[0] in _as_title(line("TAG-DESCRIPTION"))


# --- the search index --------------------------------------------------------------------------------------


def test_search_index_holds_the_hostile_text_as_text_escaped_nowhere(search_index: list[dict]) -> None:
    # Pagefind's records are text, which the search box (search.js) only ever puts in the page as text:
    # the browser test of hostile search results checks that end. Here: the text is the contributor's,
    # neither escaped (it would show as &lt;script&gt;) nor turned into markup.
    titles = {record["meta"]["title"] for record in search_index}
    assert f"Claimed by {line('SOURCE-SHORT-NAME')}: {line('EVENT-TITLE')}" in titles
    assert line("SITE-NAME") in titles
    content = "\n".join(record["content"] for record in search_index)
    assert "<script>alert('pwn')</script>" in content
    # Escaped once, the raw attacks would show as "&lt;img"; escaped twice, the escaped one as "&amp;lt;".
    assert "&lt;img" not in content and "&#39;" not in content and "&amp;lt;" not in content
    assert "&lt;script&gt;alert('pwn')&lt;/script&gt;" in content, "text that looks escaped stays as written"


def test_sitemap_is_well_formed_xml(hostile_site: Path) -> None:
    root = ET.parse(hostile_site / "sitemap.xml").getroot()  # raises on a ]]> or < that broke out
    assert CANARY not in ET.tostring(root, encoding="unicode")


# --- non-http links stop the build -------------------------------------------------------------------------

BAD_LINKS = [
    pytest.param("events/2024/an-124-at-hmeimim.yaml", "url", "javascript:alert(1)", "citations[0].url", id="js"),
    pytest.param("events/2024/an-124-at-hmeimim.yaml", "url", "data:text/html,x", "citations[0].url", id="data"),
    pytest.param(
        "events/2024/frigates-leave-tartus.yaml",
        "archive_url",
        "JaVaScRiPt:alert(1)",
        "citations[1].archive_url",
        id="archive-js",
    ),
    pytest.param("sources/maxar.yaml", "url", " javascript:alert(1)", "url", id="source-js"),
]


@pytest.mark.parametrize(("relative", "key", "value", "field"), BAD_LINKS)
def test_a_non_http_link_stops_the_build(tmp_path: Path, relative: str, key: str, value: str, field: str) -> None:
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    target = data / relative
    lines = target.read_text(encoding="utf-8").split("\n")
    number = next(index for index, text in enumerate(lines, 1) if text.strip().startswith(f"{key}: "))
    indent = lines[number - 1][: len(lines[number - 1]) - len(lines[number - 1].lstrip())]
    lines[number - 1] = f"{indent}{key}: {_quoted(value)}"
    target.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "site"

    result = mkdocs_build(data, out)

    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    located = re.compile(rf"{re.escape(str(target))}:{number}:\d+: '{re.escape(field)}' ")
    assert any(located.search(row) for row in output.splitlines()), output
    assert not (out / "index.html").exists()
    assert not (out.exists() and any(out.rglob("*.html"))), "a failed build left pages behind"
