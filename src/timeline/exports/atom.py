"""Atom feeds (RFC 4287): ``feed.xml`` for every event, ``sites/<id>/feed.xml`` and ``tags/<id>/feed.xml``.

A feed holds the ``FEED_SIZE`` events most recently *added* (a site's or a tag's feed,
``SCOPED_FEED_SIZE``), newest first: the time an event's file reached the published branch
(``repository.file_history``), not the event's own date. A report of something that happened weeks ago,
added today, is what a subscriber has not seen yet; ordered by event date it would sink below the window.

Ids are ``urn:uuid:`` names derived from the event id, so they survive a move to another address.
Links are relative to the site root, given as ``xml:base`` (absolute once the site has an address),
so one rendering of an entry serves every feed it appears in.
"""

from __future__ import annotations

import heapq
import uuid
from collections.abc import Callable, Sequence

import jinja2
from markupsafe import Markup

from timeline.contract.model import Event
from timeline.exports.context import rfc3339
from timeline.exports.entries import Entries
from timeline.exports.shapes import ChangeEntry, EventEntry
from timeline.site import urls

FEED_SIZE = 50
SCOPED_FEED_SIZE = 20
"""A site's or a tag's feed holds fewer: every event is in the feed of each of its sites and tags, so with
the main feed's 50 the site feeds alone were the third largest part of the site at 10,000 events (3.2 kB
per event, larger than the month pages). A subscriber polls far more often than a site gets 20 events."""
LINKED_CITATIONS = 10
"""Citations whose links an entry carries. An entry is repeated in the feed of every site and tag of its
event, so its links would be too: the event's page, which the entry links, has all of them."""
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/russia-syria-timeline")


def atom_id(kind: str, name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{kind}:{name}')}"


class Feeds:
    def __init__(self, entries: Entries, template: Callable[[str], jinja2.Template]) -> None:
        self._entries = entries
        self._template = template("feed.xml.j2")
        self._entry_macros = template("_feed_entry.xml.j2").module
        self._rendered: dict[str, Markup] = {}

    def main(self) -> str:
        return self._feed(urls.FEED, "All events", "Every event on the timeline", urls.HOME, self._entries.events)

    def site(self, site_id: str) -> str:
        name = self._entries.dataset.sites[site_id].record.name
        events = self._of(self._entries.views.by_site.get(site_id, ()))
        return self._feed(
            urls.site_feed(site_id), name, f"Events at {name}", urls.site(site_id), events, SCOPED_FEED_SIZE
        )

    def tag(self, tag_id: str) -> str:
        tag = self._entries.dataset.tags[tag_id]
        events = self._of(self._entries.views.by_tag.get(tag_id, ()))
        return self._feed(urls.tag_feed(tag_id), tag.label, tag.description, urls.tag(tag_id), events, SCOPED_FEED_SIZE)

    def changes(self) -> str:
        """The latest changes to any event (``site.changes``): what a subscriber to corrections wants."""
        latest = self._entries.changes[:FEED_SIZE]
        entry_macro = self._entry_macros.change_entry  # type: ignore[attr-defined]  # a macro of _feed_entry.xml.j2
        # An id per change that stays as later changes arrive: its event, kind, commit (or day) and note.
        entries = [
            entry_macro(
                change,
                atom_id(
                    "change",
                    f"{change['event']}:{change['kind']}:{change['commit'] or change['day']}:{change['note'] or ''}",
                ),
            )
            for change in latest
        ]
        updated = max((_change_time(change) for change in latest), default=None)
        subtitle = "Events added, status and date changes, corrections and edits, newest first"
        return self._render(urls.CHANGES_FEED, "Changes", subtitle, urls.CHANGES, updated, entries)

    def _of(self, events: Sequence[Event]) -> list[EventEntry]:
        by_id = self._entries.events_by_id
        return [by_id[event.id] for event in events]

    def _feed(
        self,
        path: str,
        title: str,
        subtitle: str,
        page: str,
        candidates: Sequence[EventEntry],
        size: int = FEED_SIZE,
    ) -> str:
        # Sorted among the feed's own events only: walking every event for each site's feed would grow
        # with sites × events.
        rank = self._entries.added_rank
        newest = heapq.nsmallest(size, candidates, key=lambda entry: rank[entry["id"]])
        updated = max((entry["updated"] for entry in newest), default=None)
        return self._render(path, title, subtitle, page, updated, [self._entry(entry) for entry in newest])

    def _render(
        self, path: str, title: str, subtitle: str, page: str, updated: str | None, entries: list[Markup]
    ) -> str:
        """The feed at ``path``; ``updated`` is its newest entry's time, or None for an empty feed."""
        context = self._entries.context
        return self._template.render(
            feed_id=atom_id("feed", path),
            title=title,
            site_name=context.site_name,
            subtitle=subtitle,
            base=context.site_url or ("../" * path.count("/")) or "./",
            # Relative without an address: Atom resolves it against xml:base, as it does every link here.
            self_url=context.url(path) if context.site_url else path,
            page=page or "./",
            updated=updated or rfc3339(context.generated),
            entries=entries,
        )

    def _entry(self, entry: EventEntry) -> Markup:
        found = self._rendered.get(entry["id"])
        if found is None:
            # A macro of an autoescaping template: its output is Markup already.
            entry_macro = self._entry_macros.entry  # type: ignore[attr-defined]  # a macro of _feed_entry.xml.j2
            linked = entry["citations"][:LINKED_CITATIONS]
            found = self._rendered[entry["id"]] = entry_macro(entry, atom_id("event", entry["id"]), linked)
        return found


def _change_time(change: ChangeEntry) -> str:
    return change["time"] or f"{change['day']}T00:00:00Z"
