"""The built site in a real browser (Debian's Chromium, driven by Playwright), served on 127.0.0.1.

What a reader's browser does is checked here: nothing is requested from any other host, no page logs
an error, search finds a site by another spelling of its name. Full-page screenshots of the main page
kinds, on a desktop and a phone, are saved to test-artifacts/screenshots/ for people to look at.
"""

from __future__ import annotations

import functools
import http.server
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import DATA, REPO, mkdocs_build

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("TIMELINE_ARTIFACTS", REPO / "test-artifacts")) / "screenshots"

if not CHROMIUM.exists():
    if os.environ.get("TIMELINE_REQUIRE_BROWSER"):
        raise RuntimeError(f"{CHROMIUM} is missing: `make browser` installs it")  # make test must not skip
    pytest.skip(f"{CHROMIUM} is missing (`make browser` installs it)", allow_module_level=True)

from playwright.sync_api import Browser, ConsoleMessage, Page, Request, sync_playwright  # noqa: E402

# As the machine's own probe found: without these, Chromium tries Google's hosts at every start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

PAGE_KINDS = {
    "home": "",
    "timeline": "timeline/",
    "month": "timeline/2024/12/",
    "year": "timeline/2024/",
    "sites": "sites/",
    "site": "sites/hmeimim/",
    "site alias": "sites/khmeimim/",
    "sources": "sources/",
    "source": "sources/maxar/",
    "tags": "tags/",
    "tag": "tags/airlift/",
    "event permalink": "events/2024-12-13-hmeimim-an124-loading/",
    "open data": "open-data/",
    "methodology": "methodology/",
    "contributing": "contributing/",
    "not found": "no-such-page/",
}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # The port first, so that the site is built for its own address (the sitemap, instant navigation).
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    site = tmp_path_factory.mktemp("browser") / "site"
    built = mkdocs_build(site, env={"SITE_URL": url})
    assert built.returncode == 0, built.stderr

    class Handler(_QuietHandler):
        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            if code == 404:  # as a static host does: the site's own 404 page
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write((site / "404.html").read_bytes())
                return
            super().send_error(code, message, explain)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


class _Watched:
    """A page with every request and every console error it makes recorded."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", self._request)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))

    def _request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")


@pytest.fixture
def watched(browser: Browser) -> Iterator[_Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield _Watched(context.new_page())
    finally:
        context.close()


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_no_page_requests_anything_from_another_host_or_logs_an_error(
    base_url: str, watched: _Watched, kind: str
) -> None:
    watched.page.goto(base_url + PAGE_KINDS[kind], wait_until="networkidle")
    own = urlsplit(base_url).netloc
    elsewhere = [
        url for url in watched.requests if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != own
    ]
    assert elsewhere == [], elsewhere
    # The not-found page is a 404 by design; anything else the browser complains about is a defect.
    errors = [error for error in watched.errors if not (kind == "not found" and "404" in error)]
    assert errors == [], errors


def test_the_permalink_of_an_event_leads_to_its_place_on_the_timeline(base_url: str, watched: _Watched) -> None:
    watched.page.goto(base_url + "events/2024-12-13-hmeimim-an124-loading/")
    watched.page.wait_for_url("**/timeline/2024/12/#2024-12-13-hmeimim-an124-loading")
    assert watched.page.locator('[id="2024-12-13-hmeimim-an124-loading"]').is_visible()


def test_search_for_another_spelling_finds_the_site(base_url: str, watched: _Watched) -> None:
    page = watched.page
    page.goto(base_url, wait_until="networkidle")
    search = page.locator("input.md-search__input")  # the header's search box
    search.click()
    page.wait_for_load_state("networkidle")  # the index loads in a worker; typed into too early, nothing happens
    search.press_sequentially("Khmeimim", delay=20)  # as a reader types
    first = page.locator(".md-search-result__item a").first
    first.wait_for(state="attached", timeout=10_000)
    assert urlsplit(first.get_attribute("href") or "").path == urlsplit(base_url).path + "sites/hmeimim/"
    assert "Hmeimim air base" in first.inner_text()


@pytest.mark.parametrize(
    ("name", "path", "width"),
    [
        ("home", "", 1280),
        ("timeline", "timeline/", 1280),
        ("site", "sites/hmeimim/", 1280),
        ("sources", "sources/", 1280),
        ("open-data", "open-data/", 1280),
        ("timeline-mobile", "timeline/", 390),
    ],
)
def test_screenshots_of_the_main_pages(base_url: str, browser: Browser, name: str, path: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
    try:
        page = context.new_page()
        page.goto(base_url + path, wait_until="networkidle")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        target = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000  # a page, not a blank
        # Nothing wider than the screen: a phone reader never scrolls sideways.
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name}: {overflow}px wider than the viewport"
    finally:
        context.close()


def _visible_event_ids(page: Page) -> list[str]:
    return sorted(page.eval_on_selector_all("article.tl-event:not([hidden])", "nodes => nodes.map(n => n.id)"))


def _events_where(test) -> list[str]:

    found = []
    for path in sorted((DATA / "events").rglob("*.yaml")):
        record = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        if test(record):
            found.append(path.stem)
    return sorted(found)


def test_filters_combine_update_the_url_and_are_restored_from_it(base_url: str, watched: _Watched) -> None:
    page = watched.page
    page.goto(base_url + "timeline/", wait_until="networkidle")
    everything = _events_where(lambda record: True)
    assert _visible_event_ids(page) == everything

    page.get_by_text("Filter events by").click()  # the panel is folded until a reader opens it
    page.get_by_role("checkbox", name="Tartus naval facility").check()
    at_tartus = _events_where(lambda record: "tartus" in record["sites"])
    assert _visible_event_ids(page) == at_tartus
    assert "site=tartus" in page.url

    page.get_by_role("checkbox", name="Claimed").check()
    claimed_at_tartus = _events_where(lambda record: "tartus" in record["sites"] and record["status"] == "claimed")
    assert claimed_at_tartus and _visible_event_ids(page) == claimed_at_tartus
    shared = page.url
    assert "status=claimed" in shared

    # Each option counts what it would leave given the other choices: Tartus's count is its claimed events.
    option = page.locator("label.tl-filters__option", has=page.get_by_role("checkbox", name="Tartus naval facility"))
    assert option.locator(".tl-count").inner_text() == f"({len(claimed_at_tartus)})"

    page.goto(shared, wait_until="networkidle")  # a shared link restores the view
    assert page.get_by_role("checkbox", name="Tartus naval facility").is_checked()
    assert _visible_event_ids(page) == claimed_at_tartus

    page.get_by_role("button", name="Show all").click()  # a shared link opened the panel
    page.wait_for_function("document.querySelectorAll('article.tl-event[hidden]').length === 0")
    assert "?" not in page.url


def test_a_date_range_keeps_the_events_that_overlap_it(base_url: str, watched: _Watched) -> None:
    page = watched.page
    page.goto(base_url + "timeline/?from=2024-12-13&to=2024-12-13", wait_until="networkidle")
    visible = _visible_event_ids(page)
    # Every 13 December event, and the ones whose span includes it ("around December", 10–13 Dec).
    assert "2024-12-13-hmeimim-an124-loading" in visible
    assert "2024-12-08-assad-government-falls" not in visible
    assert page.locator('input[name="from"]').input_value() == "2024-12-13"


def test_filters_work_from_the_keyboard(base_url: str, watched: _Watched) -> None:
    page = watched.page
    page.goto(base_url + "timeline/2024/12/", wait_until="networkidle")
    page.get_by_text("Filter events by").focus()
    page.keyboard.press("Enter")  # opens the panel
    box = page.get_by_role("checkbox", name="Hmeimim air base")
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    assert _visible_event_ids(page) == _events_where(lambda record: "hmeimim" in record["sites"])


def test_without_javascript_every_event_shows_and_no_filter_does(base_url: str, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + "timeline/?site=tartus")
        assert len(_visible_event_ids(page)) == len(_events_where(lambda record: True))
        assert not page.locator("[data-tl-filters]").is_visible()
    finally:
        context.close()


AXE = REPO / "tests" / "browser-tools" / "node_modules" / "axe-core" / "axe.min.js"
_SERIOUS_VIOLATIONS = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + ": " + v.help + " — " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "))"""


@pytest.mark.parametrize("kind", ["home", "timeline", "month", "site", "sources", "source", "tag", "open data"])
def test_no_serious_accessibility_violation(base_url: str, watched: _Watched, kind: str) -> None:
    page = watched.page
    page.goto(base_url + PAGE_KINDS[kind], wait_until="networkidle")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(_SERIOUS_VIOLATIONS)
    assert violations == [], "\n".join(violations)


@pytest.mark.parametrize("kind", ["home", "timeline", "site"])
def test_no_serious_accessibility_violation_in_dark_mode(base_url: str, browser: Browser, kind: str) -> None:
    context = browser.new_context(color_scheme="dark")  # the palette follows the reader's system setting
    try:
        page = context.new_page()
        page.goto(base_url + PAGE_KINDS[kind], wait_until="networkidle")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(_SERIOUS_VIOLATIONS)
        assert violations == [], "\n".join(violations)
    finally:
        context.close()
