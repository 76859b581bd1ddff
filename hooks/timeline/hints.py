""" "Did you mean …?" suggestions for misspelt ids and field names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``word``, if any is close enough to be a likely typo."""
    match = difflib.get_close_matches(word.lower(), sorted(candidates), n=1, cutoff=0.6)
    return match[0] if match else None


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
    # closest() sorts: get_close_matches breaks ties by input order, and output must not depend on it.
    match = closest(lowered, choices)
    if match is None:
        return ""
    target = choices[match]
    if match != target:
        return f"did you mean '{target}'? '{match}' is another name for it"
    return f"did you mean '{target}'?"


def slug(text: str) -> str:
    """The id form of a name: 'Khmeimim Air Base' → 'khmeimim-air-base'."""
    out: list[str] = []
    for char in text.lower():
        out.append(char if char.isascii() and char.isalnum() else "-")
    return "-".join(part for part in "".join(out).split("-") if part)
