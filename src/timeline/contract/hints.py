""" "Did you mean …?" suggestions for misspelt ids and field names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``word``, if any is close enough to be a likely typo."""
    return Suggestions(candidates).closest(word)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A hint naming the closest candidate, or "" when nothing is close."""
    return Suggestions(candidates).hint(word)


class Suggestions:
    """ "Did you mean" over one vocabulary, prepared once and reused for every lookup in a run.

    ``aliases`` maps other spellings to candidates, so that ``khmeimim`` suggests ``hmeimim``.
    Fuzzy matching costs time in proportion to the vocabulary, so a data set with thousands of bad
    references to thousands of events would take quadratic time. Each vocabulary therefore gets a
    fixed budget of comparisons per run; past it, problems are still reported, only without hints.
    """

    COMPARISON_BUDGET = 2_000_000

    def __init__(self, candidates: Iterable[str], aliases: Mapping[str, str] | None = None) -> None:
        self._choices = {candidate: candidate for candidate in candidates}
        for alias, target in (aliases or {}).items():
            self._choices.setdefault(alias, target)
        # Sorted: get_close_matches breaks ties by input order, and output must not depend on it.
        self._sorted = sorted(self._choices)
        self._budget = self.COMPARISON_BUDGET
        self._cache: dict[str, str] = {}

    def hint(self, word: str) -> str:
        if word not in self._cache:
            self._cache[word] = self._compute(word)
        return self._cache[word]

    def closest(self, word: str) -> str | None:
        """The candidate or alias closest to ``word``, or None when none is close or the budget is spent."""
        if self._budget < len(self._sorted):
            return None
        self._budget -= len(self._sorted)
        match = difflib.get_close_matches(word.lower(), self._sorted, n=1, cutoff=0.6)
        return match[0] if match else None

    def _compute(self, word: str) -> str:
        lowered = word.lower()
        if lowered in self._choices and self._choices[lowered] != word:
            return f"did you mean '{self._choices[lowered]}'?"
        match = self.closest(lowered)
        if match is None:
            return ""
        target = self._choices[match]
        if match != target:
            return f"did you mean '{target}'? '{match}' is another name for it"
        return f"did you mean '{target}'?"


def slug(text: str) -> str:
    """The id form of a name: 'Khmeimim Air Base' → 'khmeimim-air-base'."""
    out: list[str] = []
    for char in text.lower():
        out.append(char if char.isascii() and char.isalnum() else "-")
    return "-".join(part for part in "".join(out).split("-") if part)
