"""``api/*.json``: every event, site, source, tag and equipment type, with their JSON Schemas."""

from __future__ import annotations

import json

from timeline.exports.context import rfc3339
from timeline.exports.entries import Entries
from timeline.exports.shapes import FORMAT_VERSION


def dumps(value: object) -> str:
    """Compact, in a fixed key order, and UTF-8 rather than \\u escapes: the same bytes every build."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def api_file(entries: Entries, name: str) -> str:
    """``api/<name>.json`` for ``name`` in ``shapes.FILE_SHAPES``."""
    header: dict[str, object] = {"format_version": FORMAT_VERSION, "generated": rfc3339(entries.context.generated)}
    if name == "changes":
        header["history_known"] = entries.context.history_known
    return dumps({**header, name: getattr(entries, name)})
