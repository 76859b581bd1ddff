"""The published URL of every page kind. These paths are a contract: people and tools link to them.

Every page is written as ``<url>index.md`` (or ``index.html``), so its URL is the same with or without
MkDocs' ``use_directory_urls`` and in any other engine that maps ``index`` files to folders.
"""

from __future__ import annotations

HOME = ""
TIMELINE = "timeline/"
SITES = "sites/"
SOURCES = "sources/"
TAGS = "tags/"
METHODOLOGY = "methodology/"
CONTRIBUTING = "contributing/"
CHANGES = "changes/"
SEARCH = "search/"


def month(year: int, month: int) -> str:
    return f"timeline/{year:04d}/{month:02d}/"


def year(year: int) -> str:
    return f"timeline/{year:04d}/"


def event(event_id: str) -> str:
    """The permalink: stable whatever the timeline's grouping becomes."""
    return f"events/{event_id}/"


def event_on_timeline(event_id: str, year_month: tuple[int, int]) -> str:
    return f"{month(*year_month)}#{event_id}"


def site(site_id: str) -> str:
    return f"sites/{site_id}/"


def source(source_id: str) -> str:
    return f"sources/{source_id}/"


def tag(tag_id: str) -> str:
    return f"tags/{tag_id}/"


def status(status_name: str) -> str:
    return f"{METHODOLOGY}#status-{status_name}"


FEED = "feed.xml"
"""A page's own Atom feed sits beside it: ``sites/hmeimim/feed.xml``, and ``feed.xml`` for the whole site."""
CHANGES_FEED = CHANGES + FEED
OPEN_DATA = "open-data/"
API = "api/"
SCHEMAS = "schema/"
BASEMAP = "maps/eastern-mediterranean.svg"
STATUS_STYLES = "stylesheets/statuses.css"
"""Each status's colours, written by the build from the statuses' one definition; listed in mkdocs.yml."""


def site_feed(site_id: str) -> str:
    return site(site_id) + FEED


def tag_feed(tag_id: str) -> str:
    return tag(tag_id) + FEED


def site_events_geojson(site_id: str) -> str:
    return site(site_id) + "events.geojson"


def api(name: str) -> str:
    """``api/events.json`` and the like: the open-data files."""
    return API + name


def events_part(month: str, extension: str) -> str:
    """``api/events/2024-12.json`` and its CSV and iCalendar twins: one month's events (see ``api/events.json``)."""
    return f"{API}events/{month}.{extension}"


def schema(name: str) -> str:
    return SCHEMAS + name


def file_for(url: str, suffix: str = ".md") -> str:
    """The file a page is written to: ``sites/hmeimim/`` → ``sites/hmeimim/index.md``."""
    return f"{url}index{suffix}"


def relative(from_page: str, to: str) -> str:
    """A link from the page at ``from_page`` to ``to``, both site-relative directory URLs.

    Relative links keep the site working under any base path (a GitHub Pages project site lives
    under ``/<repository>/``) and from a folder opened in a browser. Every page URL is a folder, so
    the way up is one ``../`` per level: string work, called tens of thousands of times a build.
    """
    target, hash_sign, fragment = to.partition("#")
    if target == from_page:
        return f"#{fragment}" if hash_sign else "./"
    path = (_UP[from_page.count("/")] if from_page else "") + target
    return (path or "./") + hash_sign + fragment


_UP = ["../" * depth for depth in range(64)]
