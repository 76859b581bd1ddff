""" "Did you mean …?" suggestions for misspelt ids and field names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping


def did_you_mean(word: str, candidates: Iterable[str], aliases: Mapping[str, str] | None = None) -> str:
    """A hint naming the closest candidate, or "" when nothing is close.

    ``aliases`` maps other spellings to candidates, so that ``khmeimim`` suggests ``hmeimim``.
    """
    choices = {candidate: candidate for candidate in candidates}
    for alias, target in (aliases or {}).items():
        choices.setdefault(alias, target)
    lowered = word.lower()
    if lowered in choices and choices[lowered] != word:
        return f"did you mean '{choices[lowered]}'?"
    # sorted(): get_close_matches breaks ties by input order, and output must not depend on dict order.
    match = difflib.get_close_matches(lowered, sorted(choices), n=1, cutoff=0.6)
    if not match:
        return ""
    target = choices[match[0]]
    if match[0] != target:
        return f"did you mean '{target}'? '{match[0]}' is another name for it"
    return f"did you mean '{target}'?"


def slug(text: str) -> str:
    """The id form of a name: 'Khmeimim Air Base' → 'khmeimim-air-base'."""
    out: list[str] = []
    for char in text.lower():
        out.append(char if char.isascii() and char.isalnum() else "-")
    return "-".join(part for part in "".join(out).split("-") if part)
