"""``timeline new``: a correctly named, valid data file to start from, with every optional field shown.

What a contributor gives (a date, a title, the sites and sources) is checked against the data folder
before anything is written: an unknown site or source is refused with the nearest known id, and an
existing file is never overwritten. The file carries the schema comment (editors then complete and
check the fields) and the optional fields, commented out, as the files in ``scaffold/`` do.

Values are written as YAML scalars by PyYAML's emitter, so a title with a colon or a quote is quoted
correctly; dates and ids are written bare, as contributors write them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

import yaml

from . import dates
from .hints import Suggestions, slug
from .model import ID_RE, EventStatus

_ID_LENGTH = 64
_PLACEHOLDER_TITLE = "Replace this with the title of the article, post or image release"
_PLACEHOLDER_URL_NOTE = "Replace this with why there is no url, or give the url"
_BARE = re.compile(r"[0-9X][0-9X~?%/.\-]*")  # EDTF as contributors write it: no quotes needed


class NewFileError(ValueError):
    """Something the contributor must change before the file can be written; the message says what."""


@dataclass(frozen=True, slots=True)
class EventDraft:
    date: str
    title: str
    sites: tuple[str, ...]
    sources: tuple[str, ...]
    status: str = "reported"
    summary: str | None = None
    citation_title: str | None = None
    url: str | None = None
    url_note: str | None = None
    event_id: str | None = None


@dataclass(frozen=True, slots=True)
class SiteDraft:
    site_id: str
    name: str
    kind: str
    country: str
    lat: float
    lon: float
    precision: str
    summary: str | None = None


@dataclass(frozen=True, slots=True)
class SourceDraft:
    source_id: str
    name: str
    kind: str
    url: str | None = None
    summary: str | None = None


def known_ids(data_dir: Path, folder: str) -> dict[str, str]:
    """Id (and, for sites, alias slug) → id, from the file names and aliases in ``data_dir/folder``.

    Read leniently: this only suggests ids, and ``check`` is the judge of the files themselves.
    """
    found: dict[str, str] = {}
    for path in sorted((data_dir / folder).glob("*.yaml")):
        found[path.stem] = path.stem
        if folder == "sites":
            try:
                record = yaml.safe_load(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                continue
            aliases = record.get("aliases") if isinstance(record, dict) else None
            for alias in aliases if isinstance(aliases, list) else ():
                found.setdefault(slug(str(alias)), path.stem)
    return found


def event_id(date: str, title: str) -> str:
    """``2024-12-13-two-an-124-cargo-planes…``: the date as precise as it is known, then the title's words."""
    parsed = dates.parse(date)
    precision = parsed.start.precision if not parsed.is_interval else "day"
    earliest = parsed.earliest
    prefix = {"day": earliest.isoformat(), "month": earliest.isoformat()[:7]}.get(precision, str(earliest.year))
    words = slug(title)
    identifier = f"{prefix}-{words}" if words else prefix
    if len(identifier) > _ID_LENGTH:
        identifier = identifier[:_ID_LENGTH].rsplit("-", 1)[0]
    return identifier


def event_file(data_dir: Path, draft: EventDraft) -> tuple[Path, str]:
    """Where the new event goes and what it holds; raises NewFileError on anything to correct first."""
    problems = []
    try:
        parsed = dates.parse(draft.date)
    except dates.DateError as error:
        raise NewFileError(f"--date: {error}") from None
    if draft.status not in get_args(EventStatus):
        problems.append(f"--status: '{draft.status}' is not one of {', '.join(get_args(EventStatus))}")
    if not draft.title.strip():
        problems.append("--title: give a one-line title: what happened, where")
    problems += _unknown("site", draft.sites, known_ids(data_dir, "sites"), "new site")
    problems += _unknown("source", draft.sources, known_ids(data_dir, "sources"), "new source")
    identifier = draft.event_id or event_id(draft.date, draft.title)
    if not ID_RE.fullmatch(identifier):
        problems.append(f"--id: '{identifier}' is not an id: lower-case letters, digits and single hyphens")
    if problems:
        raise NewFileError("\n".join(problems))
    # Canonical ids: an alias given on the command line becomes the site's own id.
    sites = known_ids(data_dir, "sites")
    site_ids = list(dict.fromkeys(sites[slug(site)] for site in draft.sites))
    path = data_dir / "events" / str(parsed.earliest.year) / f"{identifier}.yaml"
    return path, _event_text(draft, site_ids)


def site_file(data_dir: Path, draft: SiteDraft) -> tuple[Path, str]:
    if not ID_RE.fullmatch(draft.site_id):
        raise NewFileError(f"--id: '{draft.site_id}' is not an id; try '{slug(draft.site_id) or 'a-name'}'")
    taken = known_ids(data_dir, "sites")
    if draft.site_id in taken:
        raise NewFileError(f"--id: '{draft.site_id}' is already the id or an alias of site '{taken[draft.site_id]}'")
    lines = [
        "# yaml-language-server: $schema=../../schema/site.schema.json",
        f"name: {_scalar(draft.name)}  # one line: the usual English name",
        "# aliases:  # optional: other spellings found in reports; each may belong to one site only",
        "#   - Another spelling",
        f"kind: {_scalar(draft.kind)}  # air_base, naval_base, ground_base, city, route, sea_area or other",
        f"country: {_scalar(draft.country)}  # ISO 3166-1 two-letter code, in capitals",
        "coordinates:  # decimal degrees; north and east are positive",
        f"  lat: {draft.lat!r}",
        f"  lon: {draft.lon!r}",
        f"precision: {draft.precision}  # exact, approximate or area: how exact the coordinates are",
        "summary: |  # what the site is and why it matters, in Markdown",
        *_block(draft.summary or "Replace this summary: what the site is and why it matters."),
    ]
    return data_dir / "sites" / f"{draft.site_id}.yaml", "\n".join(lines) + "\n"


def source_file(data_dir: Path, draft: SourceDraft) -> tuple[Path, str]:
    if not ID_RE.fullmatch(draft.source_id):
        raise NewFileError(f"--id: '{draft.source_id}' is not an id; try '{slug(draft.source_id) or 'a-name'}'")
    if draft.source_id in known_ids(data_dir, "sources"):
        raise NewFileError(f"--id: source '{draft.source_id}' already exists")
    url = f"url: {_scalar(draft.url)}  # home page or profile link" if draft.url else "# url: https://  # optional"
    lines = [
        "# yaml-language-server: $schema=../../schema/source.schema.json",
        f"name: {_scalar(draft.name)}  # the outlet, provider, organisation or person, as they name themselves",
        f"kind: {_scalar(draft.kind)}  # news_outlet, imagery_provider, analyst, think_tank, government, "
        "state_media, social_media or other",
        url,
        "# affiliation: Replace this with the employer or institution  # optional, for a person",
        "summary: |  # who they are and why to cite them, or treat them with care, in Markdown",
        *_block(draft.summary or "Replace this summary: who they are and why to cite them."),
    ]
    return data_dir / "sources" / f"{draft.source_id}.yaml", "\n".join(lines) + "\n"


def write_new(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, which must not exist yet: a contributor's work is never overwritten."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as stream:
            stream.write(text)
    except FileExistsError:
        raise NewFileError(f"{path}: already exists; edit it, or give another --id") from None


def _unknown(kind: str, given: Sequence[str], known: dict[str, str], command: str) -> list[str]:
    ids = [key for key, target in known.items() if key == target]
    hinter = Suggestions(ids, {alias: target for alias, target in known.items() if alias != target})
    problems = []
    if not given:
        problems.append(f"--{kind}: give at least one {kind} id")
    for value in given:
        if slug(value) not in known:
            hint = hinter.hint(value)
            problems.append(
                f"--{kind}: unknown {kind} '{value}'{'; ' + hint if hint else ''}"
                f" (to add one: python -m timeline {command})"
            )
    return problems


def _event_text(draft: EventDraft, site_ids: list[str]) -> str:
    lines = [
        "# yaml-language-server: $schema=../../../schema/event.schema.json",
        f"title: {_scalar(draft.title.strip())}  # one line: what happened, where",
        f"date: {_date(draft.date)}  # EDTF: 2024-12-13, 2024-12~ (around), 2024-12-12? (unconfirmed), a/b (between)",
        f"sites: [{', '.join(site_ids)}]",
        "# tags: [airlift]  # optional: tag ids from data/tags.yaml",
        f"status: {draft.status}  # confirmed, reported, claimed, disputed or retracted (see CONTRIBUTING.md)",
        "summary: |  # what happened, in your own words, in Markdown",
        *_block(draft.summary or "Replace this summary with what the sources show happened."),
        "# equipment:  # optional: the equipment the event shows, one item per type",
        "#   - type: an-124  # an id from data/equipment.yaml",
        "#     count: 2  # optional: how many were seen, if the source says",
        "#     note: Nose cone open.  # optional: one line on what was seen",
        "citations:  # the evidence, one item per source",
    ]
    for index, source in enumerate(draft.sources):
        first = index == 0
        title = draft.citation_title if first and draft.citation_title else _PLACEHOLDER_TITLE
        lines += [
            f"  - source: {slug(source)}",
            "    # via: worthy-news  # optional: the outlet you read it in, if it is not the source itself",
            f"    title: {_scalar(title)}",
        ]
        if first and draft.url:
            lines.append(f"    url: {_scalar(draft.url)}")
        else:
            lines += [
                "    # url: https://  # the link; never guess one. Without it, keep url_note",
                f"    url_note: {_scalar(draft.url_note if first and draft.url_note else _PLACEHOLDER_URL_NOTE)}",
            ]
        lines += [
            "    # archive_url: https://  # an archived copy; analyst and social_media sources need it or a note",
            "    # archive_note: Replace this with why there is no archived copy",
            "    # published: 2024-12-13  # optional: when the source published it, a single EDTF date",
            "    # quote: >-  # optional: the source's own words that support the event, copied exactly",
            "    #   Replace this with the quoted words.",
        ]
    lines += [
        "# supersedes: [2024-12-13-hmeimim-an124-loading]  # optional: ids of events this one replaces",
        "# related: [2024-12-13-hmeimim-an124-loading]  # optional: events about the same thing, or disputing it",
        "# corrections:  # after publication, each change that changed what readers were told",
        "#   - date: 2024-12-16  # the day it was made",
        "#     note: Two aircraft, not three; the image was re-read.",
    ]
    return "\n".join(lines) + "\n"


def _scalar(value: str) -> str:
    """One YAML scalar on one line, quoted only if YAML needs it."""
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1_000_000)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def _date(text: str) -> str:
    text = text.strip()
    return text if _BARE.fullmatch(text) else _scalar(text)


def _block(text: str) -> list[str]:
    return [f"  {line}".rstrip() for line in text.strip().splitlines()] or ["  "]
