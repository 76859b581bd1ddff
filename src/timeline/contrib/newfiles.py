"""``timeline new``: a correctly named data file that passes ``check`` as written, with every optional
field shown, commented out, as the files in ``scaffold/`` do.

1. Each value a contributor gives is checked on its own as it is given (``answers``), so that a
   prompt can ask again and flags can all be reported at once.
2. The file's text is put together, with the schema comment, and laid out by the formatter, so that
   ``fmt --check`` passes on a new file.
3. It is written beside the other data and the whole data folder checked: the file stays only if
   ``check`` finds nothing wrong in it (a date after the build date, a source that needs an archived
   copy, ...). An existing file is never overwritten.

No placeholder text is written into a field: a placeholder passes for text, and would be published.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

import yaml

from timeline.contract import dataset, dates, statuses
from timeline.contract.hints import slug
from timeline.contract.model import (
    SiteKind,
    SitePrecision,
    SourceKind,
)
from timeline.contract.problems import ProblemLog, display_path
from timeline.contrib import formatter
from timeline.contrib.answers import (
    ID_LENGTH,
    event_ids,
    known_ids,
    needs_archive,
    problem_with_accessed,
    problem_with_archive,
    problem_with_choice,
    problem_with_claimants,
    problem_with_country,
    problem_with_date,
    problem_with_decimal,
    problem_with_line,
    problem_with_new_id,
    problem_with_sha256,
    problem_with_text,
    problem_with_url,
    problems_with_ids,
    source_kinds,
)

_BARE_DATE = re.compile(r"[0-9X][0-9X~?%/.\-]*")  # EDTF as contributors write it: no quotes needed

SITE_KINDS: tuple[str, ...] = get_args(SiteKind)
SITE_PRECISIONS: tuple[str, ...] = get_args(SitePrecision)
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)


class NewFileError(ValueError):
    """Something the contributor must change before the file can be written; the message says what."""


@dataclass(frozen=True, slots=True)
class CitationDraft:
    source: str
    title: str
    url: str | None = None
    url_note: str | None = None
    archive_url: str | None = None
    archive_note: str | None = None
    accessed: str | None = None
    sha256: str | None = None
    collected_by: str | None = None


@dataclass(frozen=True, slots=True)
class EventDraft:
    date: str
    title: str
    sites: tuple[str, ...]
    citations: tuple[CitationDraft, ...]
    summary: str
    status: str = "reported"
    event_id: str | None = None
    claimed_by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SiteDraft:
    site_id: str
    name: str
    kind: str
    country: str
    lat: str
    lon: str
    precision: str
    summary: str


@dataclass(frozen=True, slots=True)
class SourceDraft:
    source_id: str
    name: str
    kind: str
    summary: str
    url: str | None = None


def event_id(date: str, title: str) -> str:
    """``2024-12-13-two-an-124-cargo-planes…``: the date as precise as it is known, then the title's words.

    Raises NewFileError when the title gives no Latin letters or digits to make words of.
    """
    parsed = dates.parse(date)
    # The start of an interval, at its own precision: `2024-12/2025-01` is filed as 2024-12, not a day.
    start = parsed.start
    earliest = start.earliest
    prefix = {"day": earliest.isoformat(), "month": earliest.isoformat()[:7]}.get(start.precision, str(earliest.year))
    # Accents dropped (Ḥmeimim → hmeimim); other scripts have no agreed Latin spelling to guess.
    words = slug(unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode())
    if not words:
        raise NewFileError("--id: the title has no Latin letters to make an id of; give one, e.g. --id hmeimim-airlift")
    identifier = f"{prefix}-{words}"
    if len(identifier) > ID_LENGTH:
        identifier = identifier[:ID_LENGTH].rsplit("-", 1)[0]
    return identifier


def event_file(data_dir: Path, draft: EventDraft, today: dt.date) -> tuple[Path, str]:
    """Where the new event goes and what it holds; raises NewFileError listing everything to correct."""
    problems = [f"--date: {problem}"] if (problem := problem_with_date(draft.date, today)) else []
    if problem := problem_with_choice(draft.status, statuses.IDS):
        problems.append(f"--status: {problem}")
    if problem := problem_with_line(draft.title, "a one-line title: what happened, where"):
        problems.append(f"--title: {problem}")
    if problem := problem_with_text(draft.summary, "a summary: what the sources show happened"):
        problems.append(f"--summary: {problem}")
    sites = known_ids(data_dir, "sites")
    problems += [f"--site: {problem}" for problem in problems_with_ids("site", draft.sites, sites, "new-site")]
    sources = known_ids(data_dir, "sources")
    given_sources = [citation.source for citation in draft.citations]
    problems += [f"--source: {p}" for p in problems_with_ids("source", given_sources, sources, "new-source")]
    kinds = source_kinds(data_dir)
    for number, citation in enumerate(draft.citations, start=1):
        problems += [f"citation {number} ({citation.source}): {p}" for p in citation_problems(citation, kinds, today)]
    if draft.status in statuses.NEEDING_ATTRIBUTION or draft.claimed_by:
        if draft.status not in statuses.NEEDING_ATTRIBUTION:
            problems.append(f"--claimed-by: a {draft.status} event names no claimant; leave it out")
        elif problem := problem_with_claimants(draft.claimed_by, given_sources):
            problems.append(f"--claimed-by: {problem}")
    identifier = draft.event_id
    if identifier is None and not problems:
        try:
            identifier = event_id(draft.date, draft.title)
        except NewFileError as error:
            problems.append(str(error))
    if identifier is not None and (problem := problem_with_new_id(identifier, event_ids(data_dir), "an event")):
        problems.append(f"--id: {problem}")
    if problems:
        raise NewFileError("\n".join(problems))
    assert identifier is not None
    # Canonical ids: an alias given on the command line becomes the site's own id.
    site_ids = list(dict.fromkeys(sites[slug(site)] for site in draft.sites))
    path = data_dir / "events" / str(dates.parse(draft.date).earliest.year) / f"{identifier}.yaml"
    return path, _laid_out(_event_text(draft, site_ids), "event")


def citation_problems(citation: CitationDraft, source_kinds: dict[str, str], today: dt.date) -> list[str]:
    problems = []
    if problem := problem_with_line(citation.title, "the title of the article, post or image release"):
        problems.append(f"--citation-title: {problem}")
    if citation.url:
        if problem := problem_with_url(citation.url):
            problems.append(f"--url: {problem}")
    elif problem := problem_with_line(citation.url_note, "the link, or a note saying why there is none"):
        problems.append(f"--url or --url-note: {problem}")
    if citation.url and (problem := problem_with_accessed(citation.accessed or "", today)):
        problems.append(f"--accessed: {problem}")
    if citation.archive_url:
        if problem := problem_with_archive(citation.archive_url, citation.url):
            problems.append(f"--archive-url: {problem}")
    elif needs_archive(source_kinds.get(slug(citation.source))) and (
        problem := problem_with_line(citation.archive_note, "an archived copy, or a note saying why there is none")
    ):
        problems.append(f"--archive-url or --archive-note: {problem} (posts by analysts and on social media vanish)")
    if citation.sha256 and (problem := problem_with_sha256(citation.sha256)):
        problems.append(f"--sha256: {problem}")
    if citation.collected_by and (problem := problem_with_line(citation.collected_by, "who collected it")):
        problems.append(f"--collected-by: {problem}")
    return problems


def site_file(data_dir: Path, draft: SiteDraft) -> tuple[Path, str]:
    problems = []
    taken = known_ids(data_dir, "sites")
    if draft.site_id in taken:
        problems.append(f"--id: '{draft.site_id}' is already the id or an alias of site '{taken[draft.site_id]}'")
    elif problem := problem_with_new_id(draft.site_id, taken, "a site"):
        problems.append(f"--id: {problem}")
    for flag, problem in (
        ("--name", problem_with_line(draft.name, "the usual English name")),
        ("--kind", problem_with_choice(draft.kind, SITE_KINDS)),
        ("--country", problem_with_country(draft.country)),
        ("--lat", problem_with_decimal(draft.lat, -90, 90)),
        ("--lon", problem_with_decimal(draft.lon, -180, 180)),
        ("--precision", problem_with_choice(draft.precision, SITE_PRECISIONS)),
        ("--summary", problem_with_text(draft.summary, "a summary: what the site is and why it matters")),
    ):
        if problem:
            problems.append(f"{flag}: {problem}")
    if problems:
        raise NewFileError("\n".join(problems))
    lines = [
        "# yaml-language-server: $schema=../../schema/site.schema.json",
        f"name: {_scalar(draft.name)}  # one line: the usual English name",
        "# aliases:  # optional: other spellings found in reports; each may belong to one site only",
        "#   - Another spelling",
        f"kind: {draft.kind}  # air_base, naval_base, ground_base, city, route, sea_area or other",
        f"country: {_scalar(draft.country)}  # ISO 3166-1 two-letter code, in capitals",
        "coordinates:  # decimal degrees; north and east are positive",
        f"  lat: {draft.lat.strip()}",
        f"  lon: {draft.lon.strip()}",
        f"precision: {draft.precision}  # exact, approximate or area: how exact the coordinates are",
        "summary: |  # what the site is and why it matters, in Markdown",
        *_block(draft.summary),
        "# citations:  # needed when the summary gives a figure (a number, a date): the evidence, as on events",
        "#   - source: maxar",
        "#     title: the title of the article, post or image release",
        "#     url_note: why there is no url, or give url and accessed instead",
        "#     quote: the source's own words that support the summary",
    ]
    return data_dir / "sites" / f"{draft.site_id}.yaml", _laid_out("\n".join(lines) + "\n", "site")


def source_file(data_dir: Path, draft: SourceDraft) -> tuple[Path, str]:
    problems = []
    if problem := problem_with_new_id(draft.source_id, known_ids(data_dir, "sources"), "a source"):
        problems.append(f"--id: {problem}")
    for flag, problem in (
        ("--name", problem_with_line(draft.name, "the name they use for themselves")),
        ("--kind", problem_with_choice(draft.kind, SOURCE_KINDS)),
        ("--url", problem_with_url(draft.url)),
        ("--summary", problem_with_text(draft.summary, "a summary: who they are and why to cite them")),
    ):
        if problem:
            problems.append(f"{flag}: {problem}")
    if problems:
        raise NewFileError("\n".join(problems))
    url = "# url: https://  # optional"
    if draft.url:
        url = f"url: {_scalar(draft.url.strip())}  # home page or profile link"
    lines = [
        "# yaml-language-server: $schema=../../schema/source.schema.json",
        f"name: {_scalar(draft.name)}  # the outlet, provider, organisation or person, as they name themselves",
        "# short_name: an unattributed report  # optional: how headlines name them, if not by name",
        f"kind: {draft.kind}  # news_outlet, imagery_provider, analyst, think_tank, government, "
        "state_media, social_media or other",
        url,
        "# affiliation: the employer or institution  # optional, for a person",
        "summary: |  # who they are and why to cite them, or treat them with care, in Markdown",
        *_block(draft.summary),
    ]
    return data_dir / "sources" / f"{draft.source_id}.yaml", _laid_out("\n".join(lines) + "\n", "source")


def write_checked(data_dir: Path, path: Path, text: str, today: dt.date) -> None:
    """Write ``text`` to ``path``, which must not exist yet, and keep it only if ``check`` finds nothing
    wrong in it or in the folders holding it. Problems elsewhere are not the new file's, and do not stop it.
    """
    # No folder on the way may be a link: it could lead out of the data folder, and check refuses it.
    folder = path.parent
    while folder != data_dir and data_dir in folder.parents:
        if folder.is_symlink():
            raise NewFileError(f"{folder}: a symbolic link; the data folder may hold no links, so nothing is written")
        folder = folder.parent
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as stream:
            stream.write(text)
    except FileExistsError:
        raise NewFileError(f"{path}: already exists; edit it, or give another --id") from None
    kept = False
    try:
        shown_as = display_path(path)
        problems = [
            problem
            for problem in dataset.load(data_dir, today).problems
            if problem.position.path == shown_as or shown_as.startswith(problem.position.path.rstrip("/") + "/")
        ]
        if problems:
            raise NewFileError("\n".join(f"the file would not pass check: {p.message}" for p in problems))
        kept = True
    finally:
        if not kept:
            path.unlink(missing_ok=True)


def _laid_out(text: str, kind: str) -> str:
    log = ProblemLog()
    laid_out = formatter.format_checked(text, kind, "the new file", log)
    if laid_out is None:  # a bug of ours, not the contributor's: say so rather than write a file fmt refuses
        raise NewFileError("; ".join(problem.format() for problem in log.sorted()))
    return laid_out


def _event_text(draft: EventDraft, site_ids: list[str]) -> str:
    lines = [
        "# yaml-language-server: $schema=../../../schema/event.schema.json",
        f"title: {_scalar(draft.title.strip())}  # one line: what happened, where",
        f"date: {_date(draft.date)}  # EDTF: 2024-12-13, 2024-12~ (around), 2024-12-12? (unconfirmed), a/b (between)",
        f"sites: [{', '.join(site_ids)}]",
        "# tags: [airlift]  # optional: tag ids from data/tags.yaml",
        f"status: {draft.status}  # {statuses.spoken_list()} (see CONTRIBUTING.md)",
        *([f"claimed_by: [{', '.join(map(slug, draft.claimed_by))}]  # who makes the claim"] * bool(draft.claimed_by)),
        "summary: |  # what happened, in your own words, in Markdown",
        *_block(draft.summary),
        "# equipment:  # optional: the equipment the event shows, one item per type",
        "#   - type: an-124  # an id from data/equipment.yaml",
        "#     count: 2  # optional: how many were seen, if the source says",
        "#     note: Nose cone open.  # optional: one line on what was seen",
        "citations:  # the evidence, one item per source",
    ]
    for citation in draft.citations:
        lines += [
            f"  - source: {slug(citation.source)}",
            "    # via: worthy-news  # optional: the outlet you read it in, if it is not the source itself",
            f"    title: {_scalar(citation.title.strip())}",
        ]
        if citation.url:
            lines.append(f"    url: {_scalar(citation.url.strip())}")
            lines.append(f"    accessed: {_date(citation.accessed or '')}  # the day you saw it there")
        else:
            lines += [
                "    # url: https://  # the link; never guess one. Without it, keep url_note",
                f"    url_note: {_scalar((citation.url_note or '').strip())}",
            ]
        if citation.archive_url:
            lines.append(f"    archive_url: {_scalar(citation.archive_url.strip())}")
        elif citation.archive_note:
            lines.append(f"    archive_note: {_scalar(citation.archive_note.strip())}")
        else:
            lines += [
                "    # archive_url: https://web.archive.org/web/YYYYMMDDhhmmss/<url>  # a dated capture of url",
                "    # archive_note: why there is no archived copy",
            ]
        lines += [f"    sha256: {citation.sha256.strip()}"] if citation.sha256 else []
        lines += [f"    collected_by: {_scalar(citation.collected_by.strip())}"] if citation.collected_by else []
        lines += [
            "    # published: 2024-12-13  # optional: when the source published it, a single EDTF date",
            "    # quote: >-  # optional: the source's own words that support the event, copied exactly",
            "    #   the quoted words",
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
    """One YAML scalar on one line, quoted only if YAML needs it (the formatter then settles the style)."""
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1_000_000)
    dumped = dumped.removesuffix("\n").removesuffix("\n...").strip()
    if dumped.startswith("'") and "''" in dumped:
        # The formatter's emitter writes text holding an apostrophe in double quotes; a JSON string is a
        # valid YAML double-quoted scalar. Written so here, the comment after it keeps its column.
        return json.dumps(value, ensure_ascii=False)
    return dumped


def _date(text: str) -> str:
    text = text.strip()
    return text if _BARE_DATE.fullmatch(text) else _scalar(text)


def _block(text: str) -> list[str]:
    return [f"  {line}".rstrip() for line in text.strip().split("\n")] or ["  "]
