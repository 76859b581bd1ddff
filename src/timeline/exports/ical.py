"""``api/events.ics``: events as all-day entries in a calendar (RFC 5545).

Each event spans its whole EDTF range: 2024-12-13 is one day; 2024-12 and 2024-12~ run from the
1st to the 31st; an interval runs from its earliest to its latest day. DTEND is the day after the
last, as RFC 5545 counts all-day events. Written here rather than with the icalendar package, which
the tests use to read it: for a thousand events the package took as long as rendering every page of
the site, and the few properties needed here are simple to write.

An entry's description is short: the date, the status, the start of the summary (the 200 characters the
event page's own description gives) and the event's address. A calendar shows a line or two; the full
summary and every citation are on the event's page and in the JSON and CSV files of the same month. At
10,000 events the full text made the calendar files 1.9 kB an event, about as large as the CSV.
"""

from __future__ import annotations

import datetime as dt

from timeline.contract import statuses
from timeline.exports.entries import Entries
from timeline.exports.shapes import EventEntry
from timeline.site.presenters import summary_text

PRODUCT = "-//OSINT timeline//timeline//EN"
UID_DOMAIN = "russia-syria-timeline"
"""UIDs are ``<event id>@`` this: stable wherever the site is hosted."""


def text(value: str) -> str:
    """A TEXT value: backslashes, semicolons, commas and line breaks escaped (RFC 5545 3.3.11)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line, folded into lines of at most 75 octets, never inside a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line + "\r\n"
    pieces, start, limit = [], 0, 75
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:  # a continuation byte: step back
            end -= 1
        pieces.append(encoded[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines begin with a space, which counts
    return "\r\n ".join(pieces) + "\r\n"


def _stamp(rfc3339: str) -> str:
    return rfc3339.replace("-", "").replace(":", "")  # 2024-12-13T10:00:00Z → 20241213T100000Z


def _day(iso: str) -> str:
    return _basic(dt.date.fromisoformat(iso))


def _basic(day: dt.date) -> str:
    # RFC 5545's DATE is always eight digits; strftime's %Y drops the leading zeros of a year before 1000.
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _vevent(entry: EventEntry, summary: str) -> str:
    date = entry["date"]
    latest = dt.date.fromisoformat(date["latest"])
    after_last = latest + dt.timedelta(days=1) if latest < dt.date.max else latest
    cited = len(entry["citations"])
    description = "\n\n".join(
        (
            f"{date['text']} · {entry['status']}",
            summary,
            f"The whole entry and its {cited} citation{'' if cited == 1 else 's'}: {entry['permalink']}",
        )
    )
    lines = [
        "BEGIN:VEVENT",
        f"UID:{entry['id']}@{UID_DOMAIN}",
        f"DTSTAMP:{_stamp(entry['updated'])}",
        f"LAST-MODIFIED:{_stamp(entry['updated'])}",  # lets calendar clients notice a corrected entry
        f"DTSTART;VALUE=DATE:{_day(date['earliest'])}",
        f"DTEND;VALUE=DATE:{_basic(after_last)}",
        f"SUMMARY:{text(entry['headline'])}",
        f"DESCRIPTION:{text(description)}",
        f"STATUS:{statuses.BY_ID[entry['status']].ical}",
    ]
    if entry["permalink"].startswith(("https://", "http://")):
        lines.append(f"URL:{entry['permalink']}")  # a URI must be absolute; without a site address, none
    if entry["tags"]:
        lines.append("CATEGORIES:" + ",".join(text(tag["name"]) for tag in entry["tags"]))
    lines.append("END:VEVENT")
    return "".join(fold(line) for line in lines)


def events_ics(entries: Entries, month: str) -> str:
    """``api/events/<month>.ics``."""
    head = "".join(
        fold(line)
        for line in (
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            f"PRODID:{PRODUCT}",
            "CALSCALE:GREGORIAN",
            f"X-WR-CALNAME:{text(entries.context.site_name)}",
        )
    )
    summaries = entries.views.summaries
    body = "".join(_vevent(entry, summary_text(summaries[entry["id"]])) for entry in entries.events_by_month[month])
    return head + body + "END:VCALENDAR\r\n"
