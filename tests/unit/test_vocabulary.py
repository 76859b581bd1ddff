"""The status vocabulary is defined once (timeline.contract.statuses); the hand-written files that name the
statuses must say the same, in the same order."""

from __future__ import annotations

import re

from helpers.commands import REPO
from timeline.contract import statuses


def test_the_methodology_page_describes_each_status_as_defined_in_order() -> None:
    text = (REPO / "docs" / "methodology.md").read_text(encoding="utf-8")
    headings = re.findall(r"^### (\S+) (\w+) \{ #status-([a-z]+) \}\n\n(.+)$", text, flags=re.MULTILINE)
    assert [(symbol, label, status_id) for symbol, label, status_id, _ in headings] == [
        (status.symbol, status.label, status.id) for status in statuses.STATUSES
    ]
    for (_, _, status_id, first_line), status in zip(headings, statuses.STATUSES, strict=True):
        assert first_line.startswith(status.meaning.removesuffix(".")), status_id


def test_the_scaffold_lists_the_statuses_as_defined() -> None:
    scaffold = (REPO / "scaffold" / "event.yaml").read_text(encoding="utf-8")
    assert f"  # {statuses.spoken_list()} (see CONTRIBUTING.md)" in scaffold


def test_the_ids_are_in_the_data_contract_and_new_events_are_offered_all_but_retracted() -> None:
    assert statuses.IDS == ("confirmed", "reported", "claimed", "disputed", "retracted")
    assert statuses.FOR_NEW_EVENTS == ("confirmed", "reported", "claimed", "disputed")
    assert statuses.NEW_EVENT_DEFAULT in statuses.FOR_NEW_EVENTS
    assert statuses.spoken_list(("a", "b", "c")) == "a, b or c"
