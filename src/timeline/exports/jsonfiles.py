"""``api/*.json``: every event, site, source, tag and equipment type, with their JSON Schemas; the events in
a file per month (``api/events/YYYY-MM.json``), which ``api/events.json`` lists."""

from __future__ import annotations

import json

from timeline.exports.context import rfc3339
from timeline.exports.entries import Entries
from timeline.exports.shapes import FORMAT_VERSION
from timeline.site import urls


def dumps(value: object) -> str:
    """Compact, in a fixed key order, and UTF-8 rather than \\u escapes: the same bytes every build."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def api_file(entries: Entries, name: str) -> str:
    """``api/<name>.json`` for ``name`` in ``shapes.FILE_SHAPES``."""
    header = _header(entries)
    if name == "events":
        return dumps({**header, "count": len(entries.events), "parts": _parts(entries)})
    if name == "changes":
        header["history_known"] = entries.context.history_known
    return dumps({**header, name: getattr(entries, name)})


def events_month(entries: Entries, month: str) -> str:
    """``api/events/<month>.json``: the events the timeline lists under ``month`` (YYYY-MM)."""
    return dumps({**_header(entries), "month": month, "events": entries.events_by_month[month]})


def _header(entries: Entries) -> dict[str, object]:
    return {"format_version": FORMAT_VERSION, "generated": rfc3339(entries.context.generated)}


def _parts(entries: Entries) -> list[dict[str, object]]:
    return [
        {
            "month": month,
            "count": len(events),
            **{
                extension: entries.context.url(urls.events_part(month, extension))
                for extension in ("json", "csv", "ics")
            },
        }
        for month, events in entries.events_by_month.items()
    ]
