"""``timeline new``'s checks of one answer each: what is wrong with it, in words for the contributor, or
None. A prompt asks again after a wrong answer; flags are all checked, and reported at once."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from pathlib import Path

import pycountry

from timeline.contract import archives, dates, weblinks, yamlsafe
from timeline.contract.hints import Suggestions, slug
from timeline.contract.model import (
    BLOCK_PATTERN,
    ID_RE,
    LINE_PATTERN,
    SHA256_PATTERN,
    SOURCE_KINDS_NEEDING_ARCHIVE,
)
from timeline.contract.problems import ProblemLog, display_path

ID_LENGTH = 64
"""The longest id ``timeline new`` suggests or takes."""
_LINE = re.compile(LINE_PATTERN)
_BLOCK = re.compile(BLOCK_PATTERN)
_DECIMAL = re.compile(r"[-+]?[0-9]+(\.[0-9]+)?")  # as the model reads coordinates: no 1e-05, inf or nan


def problem_with_date(text: str, today: dt.date) -> str | None:
    try:
        parsed = dates.parse(text.strip())
    except dates.DateError as error:
        return str(error)
    if parsed.earliest > today:
        return f"'{text.strip()}' is after today, {today.isoformat()}"
    return None


def problem_with_line(text: str | None, what: str) -> str | None:
    if not text or not text.strip():
        return f"give {what}"
    if not _LINE.fullmatch(text.strip()):
        return "give one line of text, without control characters or invisible direction marks"
    return None


def problem_with_text(text: str | None, what: str) -> str | None:
    """Markdown text such as a summary: one or more lines, without control characters."""
    if not text or not text.strip():
        return f"give {what}"
    if not _BLOCK.fullmatch(text.strip()):
        return "the text holds a control character or an invisible direction mark; remove it"
    return None


def problem_with_new_id(identifier: str, taken: Collection[str], what: str) -> str | None:
    """An id for a new file: its form, its length (it becomes a file name) and that it is free."""
    if len(identifier) > ID_LENGTH:
        return f"'{identifier[:20]}…' is longer than {ID_LENGTH} characters"
    if not ID_RE.fullmatch(identifier):
        hint = slug(identifier)[:ID_LENGTH].strip("-") or "a-name"
        return f"'{identifier}' is not an id: lower-case letters, digits and single hyphens; try '{hint}'"
    if identifier in taken:
        return f"{what} '{identifier}' already exists; give another id"
    return None


def event_ids(data_dir: Path) -> frozenset[str]:
    """The ids of the events there, in any year folder: an id must be unique across them all."""
    return frozenset(path.stem for path in (data_dir / "events").rglob("*.yaml"))


def problem_with_url(text: str | None) -> str | None:
    """The checker's own judgement of a link (weblinks), worded for an answer."""
    if text and (problem := weblinks.problem(text.strip())):
        return f"'{text.strip()[:80]}' is not a web address: it {problem}"
    return None


def problem_with_accessed(text: str, today: dt.date) -> str | None:
    """The day a page was seen: a single, exact day, not after today."""
    try:
        parsed = dates.parse(text.strip())
    except dates.DateError as error:
        return str(error)
    if not parsed.is_exact_day:
        return f"'{text.strip()}' is not one exact day, like {today.isoformat()}"
    if parsed.earliest > today:
        return f"'{text.strip()}' is after today, {today.isoformat()}"
    return None


def problem_with_archive(text: str, url: str | None) -> str | None:
    """An archived copy: a dated capture, of ``url`` (empty: no copy)."""
    if not text:
        return None
    if problem := problem_with_url(text):
        return problem
    try:
        capture = archives.read_capture(text.strip())
    except archives.CaptureError as error:
        return f"{error}; {error.hint}" if error.hint else str(error)
    if url is None:
        return f"an archived copy needs the link it copies: give --url {capture.original}"
    if not archives.same_page(capture.original, url.strip()):
        return f"it is a copy of {capture.original}, not of {url.strip()}"
    return None


def problem_with_sha256(text: str) -> str | None:
    if not re.fullmatch(SHA256_PATTERN, text.strip()):
        return "give the 64 hexadecimal digits, in lower case, that sha256sum prints"
    return None


def problem_with_claimants(claimants: Sequence[str], cited: Sequence[str]) -> str | None:
    """Who makes the claim: at least one id, each one of the cited sources."""
    if not claimants:
        return "give who makes the claim: the id of a cited source"
    stray = [claimant for claimant in claimants if slug(claimant) not in {slug(source) for source in cited}]
    if stray:
        return f"{', '.join(stray)} is not among the cited sources ({', '.join(cited) or 'none'})"
    return None


def problem_with_choice(text: str, choices: Sequence[str]) -> str | None:
    return None if text in choices else f"'{text}' is not one of {', '.join(choices)}"


def problem_with_country(text: str) -> str | None:
    if not re.fullmatch(r"[A-Z]{2}", text) or pycountry.countries.get(alpha_2=text) is None:
        return f"'{text}' is not an ISO 3166-1 two-letter country code in capitals, e.g. SY"
    return None


def problem_with_decimal(text: str, low: float, high: float) -> str | None:
    if not _DECIMAL.fullmatch(text.strip()) or len(text.strip()) > 20:
        return f"'{text.strip()}' is not a decimal number of degrees like 35.401"
    if not low <= float(text) <= high:
        return f"'{text.strip()}' is not between {low:g} and {high:g}"
    return None


def problems_with_ids(kind: str, given: Sequence[str], known: dict[str, str], command: str) -> list[str]:
    """Unknown site or source ids, each with the nearest known one."""
    ids = [key for key, target in known.items() if key == target]
    hinter = Suggestions(ids, {alias: target for alias, target in known.items() if alias != target})
    problems = [] if given else [f"give at least one {kind} id"]
    for value in given:
        if slug(value) not in known:
            hint = hinter.hint(value)
            problems.append(f"unknown {kind} '{value}'{'; ' + hint if hint else ''} (to add one: make {command})")
    return problems


def known_ids(data_dir: Path, folder: str) -> dict[str, str]:
    """Id (and, for sites, alias slug) → id, from the file names and aliases in ``data_dir/folder``.

    Files are read with the checker's hardened loader; one it refuses only gives no aliases here, and
    ``check`` is the judge of it.
    """
    found: dict[str, str] = {}
    for path in sorted((data_dir / folder).glob("*.yaml")):
        found[path.stem] = path.stem
        if folder != "sites":
            continue
        node = yamlsafe.load_file(path, display_path(path), ProblemLog())
        plain = yamlsafe.to_plain(node) if isinstance(node, yamlsafe.Mapping) else None
        aliases = plain.get("aliases") if isinstance(plain, dict) else None
        for alias in aliases if isinstance(aliases, list) else ():
            if isinstance(alias, str):
                found.setdefault(slug(alias), path.stem)
    return found


def source_kinds(data_dir: Path) -> dict[str, str]:
    """Source id → kind, for the sources whose file gives one: some kinds need an archived copy cited."""
    kinds = {}
    for path in sorted((data_dir / "sources").glob("*.yaml")):
        node = yamlsafe.load_file(path, display_path(path), ProblemLog())
        plain = yamlsafe.to_plain(node) if isinstance(node, yamlsafe.Mapping) else None
        kind = plain.get("kind") if isinstance(plain, dict) else None
        if isinstance(kind, str):
            kinds[path.stem] = kind
    return kinds


def needs_archive(kind: str | None) -> bool:
    return kind in SOURCE_KINDS_NEEDING_ARCHIVE
