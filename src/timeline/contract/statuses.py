"""The status vocabulary, defined once: each status's id, order, label, symbol, meaning and colours.

Everything else reads it: the data contract (``EventStatus``), the checks, ``timeline new``, the pages'
badges, charts and filters (through the rendered badges), the stylesheet the build writes
(``statuses.css``, custom properties), the CSV and iCalendar exports, and a test that keeps
docs/methodology.md in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

EventStatus = Literal["confirmed", "reported", "claimed", "disputed", "retracted"]
"""The ids, best established first: the type the data contract checks ``status:`` against."""


@dataclass(frozen=True, slots=True)
class Status:
    id: EventStatus
    label: str
    symbol: str
    """Shown before the label, so that a badge does not rely on colour alone."""
    meaning: str
    """One sentence: the badge's tooltip, the methodology page's first line, the CSV's description."""
    colour: str
    """On the light scheme; a CSS colour, or a variable of the theme's."""
    colour_dark: str
    """On the dark (slate) scheme."""
    ical: Literal["CONFIRMED", "TENTATIVE", "CANCELLED"]
    """RFC 5545's STATUS, which has three values: an event is CONFIRMED only when corroborated."""
    attribution: str | None = None
    """How a headline names who makes the claim ("Claimed by …"); None: the site states it in its own voice."""
    needs_attribution: bool = False
    """Whether an event of this status must name who makes the claim (``claimed_by``)."""
    for_new_events: bool = True
    """Offered by ``timeline new event``; a retraction is a correction of an event that exists."""


_MUTED = "var(--md-default-fg-color--light)"
"""The theme's own muted text colour, the same on either scheme."""

STATUSES: tuple[Status, ...] = (
    Status(
        "confirmed", "Confirmed", "✓", "Corroborated by at least two independent sources.",
        "#1b7f3b", "#6fd68f", "CONFIRMED",
    ),
    Status(
        "reported", "Reported", "●", "Published by a credible source, not yet corroborated.",
        "#1d5fa8", "#8bbcf2", "TENTATIVE", "Reported by", needs_attribution=True,
    ),
    Status(
        "claimed", "Claimed", "◆",
        "Asserted only by a party to the events, or shown only in unverified footage.",
        "#8a5a00", "#f0c060", "TENTATIVE", "Claimed by", needs_attribution=True,
    ),
    Status(
        "disputed", "Disputed", "⇄", "Contradicted by another credible report.",
        "#a8321d", "#f59b87", "TENTATIVE", "Claimed by", needs_attribution=True,
    ),
    Status(
        "retracted", "Retracted", "✗", "Withdrawn by its source or shown to be wrong; kept for the record.",
        _MUTED, _MUTED, "CANCELLED", "Reported by", for_new_events=False,
    ),
)  # fmt: skip

BY_ID: dict[str, Status] = {status.id: status for status in STATUSES}
IDS: tuple[EventStatus, ...] = tuple(status.id for status in STATUSES)
NEEDING_ATTRIBUTION: tuple[EventStatus, ...] = tuple(status.id for status in STATUSES if status.needs_attribution)
FOR_NEW_EVENTS: tuple[EventStatus, ...] = tuple(status.id for status in STATUSES if status.for_new_events)
NEW_EVENT_DEFAULT: EventStatus = "reported"
"""What ``timeline new event`` proposes: one credible source, not yet corroborated."""

if get_args(EventStatus) != IDS:  # the one place the ids are written twice, side by side
    raise RuntimeError(f"statuses {IDS} differ from EventStatus {get_args(EventStatus)}")


def spoken_list(ids: tuple[str, ...] = IDS) -> str:
    """``confirmed, reported, claimed, disputed or retracted``: for help texts and descriptions."""
    return f"{', '.join(ids[:-1])} or {ids[-1]}" if len(ids) > 1 else "".join(ids)
