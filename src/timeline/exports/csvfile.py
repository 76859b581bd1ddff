"""``api/events.csv``: one row per event, for spreadsheets.

UTF-8 with a byte-order mark, because that is what makes Excel read UTF-8; other readers skip it.
Several values in one cell are joined with "; ". A cell that a spreadsheet would read as a formula
(starting with =, +, -, @, a tab or a carriage return) gets a leading apostrophe, as OWASP advises:
contributor text must never run in a reader's spreadsheet.
"""

from __future__ import annotations

import csv
import io
import unicodedata

from timeline.contract import statuses
from timeline.exports.entries import Entries
from timeline.exports.shapes import EventEntry

COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "The event's id."),
    ("date", "The date in EDTF, as the data gives it."),
    ("date_earliest", "The first day it can be (ISO date)."),
    ("date_latest", "The last day it can be (ISO date)."),
    ("date_text", "The date as the site writes it."),
    ("title", "One line: what happened, where."),
    ("headline", "The title as the site shows it, after who makes the claim ('Claimed by …: …')."),
    ("claimed_by", "Ids of the sources that make the claim; empty for confirmed events."),
    ("status", f"{statuses.spoken_list()}."),
    ("sites", "Site ids."),
    ("site_names", "Site names, in the same order."),
    ("tags", "Tag ids."),
    ("equipment", "Equipment seen: name, then ×count if given."),
    ("summary", "Markdown, as written."),
    ("sources", "Names of the cited sources, one per citation."),
    ("citation_urls", "Links of the citations that have one (an archived copy where that is all there is)."),
    ("citation_accessed", "Per citation, in order: the day its url was last seen (ISO date), or empty."),
    ("citation_archive_urls", "Per citation, in order: its dated archived copy, or empty."),
    ("citation_archived", "Per citation, in order: when that copy was taken (RFC 3339), or empty."),
    ("citation_sha256", "Per citation, in order: the SHA-256 of the downloaded file, or empty."),
    ("citation_collected_by", "Per citation, in order: who collected it, or empty."),
    ("permalink", "The event's stable address."),
    ("added", "When the event was first committed (RFC 3339)."),
    ("updated", "When its file last changed (RFC 3339)."),
)

JOIN = "; "
_FORMULA_STARTS = frozenset("=+-@\t\r")


def neutralised(cell: str) -> str:
    """``cell`` as a spreadsheet shows it and never runs it.

    Importers trim, normalise and skip differently, so the first character that counts is found the
    widest way: past any white space, control, invisible format character (a byte-order mark, a zero-width
    space) or unassigned code point, and read in its compatibility form, so that a full-width ＝ or ＋ counts
    as = or +.
    """
    for char in cell:
        if char in _FORMULA_STARTS:
            return "'" + cell
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Cn", "Zs", "Zl", "Zp"):
            continue
        return "'" + cell if unicodedata.normalize("NFKC", char)[:1] in _FORMULA_STARTS else cell
    return cell


def _row(entry: EventEntry) -> list[str]:
    date = entry["date"]
    equipment = [f"{seen['name']} ×{seen['count']}" if seen["count"] else seen["name"] for seen in entry["equipment"]]
    citations = entry["citations"]
    cells = [
        entry["id"],
        date["edtf"],
        date["earliest"],
        date["latest"],
        date["text"],
        entry["title"],
        entry["headline"],
        JOIN.join(source["id"] for source in entry["claimed_by"]),
        entry["status"],
        JOIN.join(site["id"] for site in entry["sites"]),
        JOIN.join(site["name"] for site in entry["sites"]),
        JOIN.join(tag["id"] for tag in entry["tags"]),
        JOIN.join(equipment),
        entry["summary"],
        JOIN.join(citation["source_name"] for citation in citations),
        JOIN.join(link for citation in citations if (link := citation["url"] or citation["archive_url"])),
        JOIN.join(citation["accessed"] or "" for citation in citations),
        JOIN.join(citation["archive_url"] or "" for citation in citations),
        JOIN.join(citation["archived"] or "" for citation in citations),
        JOIN.join(citation["sha256"] or "" for citation in citations),
        JOIN.join(citation["collected_by"] or "" for citation in citations),
        entry["permalink"],
        entry["added"],
        entry["updated"],
    ]
    return [neutralised(cell) for cell in cells]


def events_csv(entries: Entries, month: str) -> str:
    """``api/events/<month>.csv``."""
    buffer = io.StringIO()
    # Quoted throughout, with CRLF line ends (RFC 4180): multi-line summaries stay in their cell.
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(name for name, _ in COLUMNS)
    writer.writerows(_row(entry) for entry in entries.events_by_month[month])
    return "\ufeff" + buffer.getvalue()
