"""Web archive captures: when a copy was taken, and of which page, read from the copy's own address.

Only the two archives whose addresses carry both are accepted: the Wayback Machine
(``web.archive.org/web/20241213093000/<url>``) and archive.today in its dated form
(``archive.ph/2024.12.13-093000/<url>``). A short link such as ``archive.ph/AbCd1`` names a copy but
not its date, and a reader could not tell, without following it, what the copy shows or when.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from timeline.contract import weblinks

CAPTURE_PATTERN = (
    r"^https?://(web\.archive\.org/web/[0-9]{14}([a-z]{2}_)?/"
    r"|archive\.(today|ph|is|li|vn|fo|md)/[0-9]{4}\.[0-9]{2}\.[0-9]{2}-[0-9]{6}/)\S+$"
)
"""The address of a dated capture, for the JSON Schemas (editors flag a short link as it is typed); the
checker reads the address itself with ``read_capture``, which says what is wrong in words."""

WAYBACK_EXAMPLE = "https://web.archive.org/web/20241213093000/https://example.com/article"
ARCHIVE_TODAY_EXAMPLE = "https://archive.ph/2024.12.13-093000/https://example.com/article"

# An optional flag after the stamp (id_, im_, if_...) asks the Wayback Machine for a raw or framed view
# of the same capture.
_WAYBACK = re.compile(r"^https?://web\.archive\.org/web/(?P<stamp>[0-9]+)(?:[a-z]{2}_)?/(?P<original>.*)$")
_ARCHIVE_TODAY_HOST = re.compile(r"^archive\.(?:today|ph|is|li|vn|fo|md)$")
_ARCHIVE_TODAY_DATED = re.compile(r"^/(?P<stamp>[0-9]{4}\.[0-9]{2}\.[0-9]{2}-[0-9]{6})/(?P<original>.*)$")


class CaptureError(ValueError):
    """Why an archive address is not a dated capture, with a hint."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True, slots=True)
class Capture:
    archive: str
    """The archive's name, as readers know it."""
    captured: dt.datetime
    """When the copy was taken, in UTC: both archives stamp captures in UTC."""
    original: str
    """The address of the page that was copied."""

    @property
    def day(self) -> dt.date:
        return self.captured.date()


def read_capture(archive_url: str) -> Capture:
    """The capture ``archive_url`` points at; ``CaptureError`` when it is not a dated capture."""
    wayback = _WAYBACK.match(archive_url)
    if wayback:
        stamp = wayback["stamp"]
        if len(stamp) != 14:
            raise CaptureError(
                f"the Wayback Machine stamp '{stamp}' is not a full capture time (YYYYMMDDhhmmss, 14 digits)",
                f"copy the address of the capture itself, e.g. {WAYBACK_EXAMPLE}",
            )
        return Capture("the Wayback Machine", _stamp(stamp), _original(wayback["original"]))
    parts = urlsplit(archive_url)
    if _ARCHIVE_TODAY_HOST.match(parts.hostname or ""):
        dated = _ARCHIVE_TODAY_DATED.match(archive_url[len(f"{parts.scheme}://{parts.netloc}") :])
        if not dated:
            raise CaptureError(
                "an archive.today short link does not say when the copy was taken, nor of what",
                f"use the copy's dated address, archive.ph/YYYY.MM.DD-hhmmss/<url>, e.g. {ARCHIVE_TODAY_EXAMPLE}",
            )
        return Capture("archive.today", _stamp(dated["stamp"]), _original(dated["original"]))
    if (parts.hostname or "").endswith("archive.org"):
        raise CaptureError(
            "this archive.org address is not a dated Wayback Machine capture",
            f"use the form web.archive.org/web/YYYYMMDDhhmmss/<url>, e.g. {WAYBACK_EXAMPLE}",
        )
    raise CaptureError(
        "must be a dated capture from the Wayback Machine or archive.today",
        f"e.g. {WAYBACK_EXAMPLE}; save the page there and copy the capture's address",
    )


def _stamp(stamp: str) -> dt.datetime:
    # 20241213093000 or 2024.12.13-093000: the same fourteen digits (strptime costs ten times as much).
    digits = stamp.replace(".", "").replace("-", "")
    try:
        return dt.datetime(
            int(digits[:4]), int(digits[4:6]), int(digits[6:8]),
            int(digits[8:10]), int(digits[10:12]), int(digits[12:14]), tzinfo=dt.UTC,
        )  # fmt: skip
    except ValueError:
        raise CaptureError(f"the capture time '{stamp}' is not a real date and time") from None


def _original(text: str) -> str:
    # Archives keep the original address as given, but some tools squeeze "https://" to "https:/".
    text = re.sub(r"^(https?):/+", r"\1://", text)
    if not re.match(r"^https?://", text):
        if not text:
            raise CaptureError("the capture's address does not end with the address of the page it copies")
        text = "http://" + text
    if problem := weblinks.problem(text):
        raise CaptureError(f"the address of the page it copies, {text[:80]}, {problem}")
    return text


def same_page(first: str, second: str) -> bool:
    """Whether two addresses name the same page, as the archives match them: http and https, a leading
    www., the default port, case in the host name and a trailing slash make no difference; the fragment
    is never sent to a server, so it is ignored too."""
    return first == second or _comparable(first) == _comparable(second)


def _comparable(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    try:
        port = f":{parts.port}" if parts.port not in (None, 80, 443) else ""
    except ValueError:  # not a number: the addresses are compared as written
        return url
    return urlunsplit(("", host + port, parts.path.rstrip("/"), parts.query, ""))
