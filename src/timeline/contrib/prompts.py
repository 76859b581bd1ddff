"""What ``timeline new`` asks in a terminal, and how flags stand in for the answers outside one.

In a terminal each answer is checked as soon as it is typed and asked again when it is wrong, so a
contributor never gets to the end of the questions to learn that the date was mistyped. Outside a
terminal (CI, scripts) nothing is asked: the missing flags are named, all at once.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TypeVar

from timeline.contract import statuses
from timeline.contract.hints import slug
from timeline.contrib import answers, newfiles

DraftT = TypeVar("DraftT")

Check = Callable[[str], str | None]
"""Returns what is wrong with an answer, or None."""


class Missing(Exception):
    """Flags that must be given when there is no terminal to ask in."""


class Cancelled(Exception):
    """The contributor ended the questions (Ctrl-D)."""


class Asker:
    def __init__(self, *, interactive: bool, ask: Callable[[str], str] = input) -> None:
        self.interactive = interactive
        self.missing: list[str] = []
        self._input = ask

    def required(self, flag: str, given: str | None, prompt: str, check: Check | None = None) -> str:
        """The flag's value, or the contributor's answer to ``prompt``; outside a terminal, noted as missing."""
        if given is not None:
            return given
        if not self.interactive:
            self.missing.append(flag)
            return ""
        return self._ask(prompt, check, allow_empty=False)

    def optional(self, given: str | None, prompt: str, default: str = "", check: Check | None = None) -> str:
        if given is not None:
            return given
        if not self.interactive:
            return default
        return self._ask(prompt, check, allow_empty=True) or default

    def finish(self) -> None:
        if self.missing:
            flags = ", ".join(dict.fromkeys(self.missing))  # once each, though several citations may lack one
            raise Missing(f"missing {flags} (run it in a terminal to be asked instead)")

    def _ask(self, prompt: str, check: Check | None, *, allow_empty: bool) -> str:
        while True:
            try:
                answer = self._input(f"{prompt}: ").strip()
            except EOFError:
                raise Cancelled from None
            if not answer and allow_empty:
                return ""
            problem = "an answer is needed" if not answer else (check(answer) if check else None)
            if problem is None:
                return answer
            print(f"  {problem}; try again (Ctrl-D to stop)")


def _text(what: str) -> Check:
    return lambda answer: answers.problem_with_text(answer, what)


def _new_id(taken: Collection[str], what: str) -> Check:
    return lambda answer: answers.problem_with_new_id(answer, taken, what)


def _line(what: str) -> Check:
    return lambda answer: answers.problem_with_line(answer, what)


def _ids(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def event_draft(args: argparse.Namespace, ask: Asker, data_dir: Path, today: dt.date) -> newfiles.EventDraft:
    sites = answers.known_ids(data_dir, "sites")
    sources = answers.known_ids(data_dir, "sources")
    kinds = answers.source_kinds(data_dir)

    def known(kind: str, ids: dict[str, str], command: str) -> Check:
        return lambda answer: "; ".join(answers.problems_with_ids(kind, _ids(answer), ids, command)) or None

    def date_check(text: str) -> str | None:
        return answers.problem_with_date(text, today)

    date = ask.required("--date", args.date, "Date (EDTF, e.g. 2024-12-13 or 2024-12~)", date_check)
    title = ask.required("--title", args.title, "Title (one line: what happened, where)", _line("a title"))
    site_list = ",".join(args.site) if args.site else None
    site_text = ask.required("--site", site_list, "Site ids, comma-separated", known("site", sites, "new-site"))
    status = ask.optional(
        args.status,
        f"Status: {statuses.spoken_list(statuses.FOR_NEW_EVENTS)} [{statuses.NEW_EVENT_DEFAULT}]",
        statuses.NEW_EVENT_DEFAULT,
        lambda a: answers.problem_with_choice(a, statuses.IDS),
    )
    summary = ask.required(
        "--summary", args.summary, "Summary (what the sources show; you can edit it later)", _text("a summary")
    )
    given = [dict(citation) for citation in (args.citations or [])]
    if not given:
        if not ask.interactive:
            ask.missing.append("--source")
        else:
            answer = ask.required("", None, "Source ids, comma-separated", known("source", sources, "new-source"))
            given = [{"source": source} for source in _ids(answer)]
    citations = []
    for fields in given:
        source = fields.get("source")
        if source is None:
            ask.missing.append("--source (before the citation's other flags)")
            continue
        citations.append(_citation(ask, fields, slug(source), kinds.get(slug(source)), today))
    claimed_by = ""
    if status in statuses.NEEDING_ATTRIBUTION:
        # The sources cited are who makes the claim unless told otherwise: the file says so, to be edited.
        cited = ", ".join(dict.fromkeys(citation.source for citation in citations))
        claimed_by = ask.optional(
            args.claimed_by,
            f"Who makes the claim? Cited source ids, comma-separated [{cited}]",
            cited,
            lambda answer: answers.problem_with_claimants(_ids(answer), [c.source for c in citations]),
        )
    elif args.claimed_by:
        claimed_by = args.claimed_by  # reported by event_file: a confirmed event names no claimant
    event_id = args.event_id
    if event_id is None and ask.interactive and title:
        taken = answers.event_ids(data_dir)
        try:
            proposed = newfiles.event_id(date, title)
            reason = "an event with that id exists" if proposed in taken else ""
        except newfiles.NewFileError:
            reason = "the title has no Latin letters"
        if reason:
            event_id = ask.required(
                "--id", None, f"Id for the file ({reason}), e.g. 2024-12-13-hmeimim-airlift", _new_id(taken, "an event")
            )
    ask.finish()
    return newfiles.EventDraft(
        date, title, tuple(_ids(site_text)), tuple(citations), summary, status, event_id, tuple(_ids(claimed_by))
    )


def _citation(
    ask: Asker, fields: dict[str, str], source: str, kind: str | None, today: dt.date
) -> newfiles.CitationDraft:
    about = f"{source}'s report"
    title = ask.required("--citation-title", fields.get("title"), f"Title of {about}", _line("a title"))
    url = ask.optional(fields.get("url"), f"Link to {about} (empty if there is none)", "", answers.problem_with_url)
    url_note = fields.get("url_note")
    accessed = fields.get("accessed")
    if not url:
        url_note = ask.required("--url or --url-note", url_note, "Why there is no link (e.g. the article gives none)")
    else:
        accessed = ask.optional(
            accessed,
            f"The day you saw it there [{today.isoformat()}]",
            today.isoformat(),
            lambda answer: answers.problem_with_accessed(answer, today),
        )
    archive_url = fields.get("archive_url")
    archive_note = fields.get("archive_note")
    if url and not archive_url and not archive_note and ask.interactive:
        archive_url = ask.optional(
            None,
            f"Dated archived copy of {about}, e.g. web.archive.org/web/YYYYMMDDhhmmss/<link> (empty if none)",
            "",
            lambda answer: answers.problem_with_archive(answer, url),
        )
    if answers.needs_archive(kind) and not archive_url and not archive_note:
        archive_note = ask.required(
            "--archive-url or --archive-note", None, "Why there is no archived copy (posts like this vanish)"
        )
    return newfiles.CitationDraft(
        source,
        title,
        url or None,
        url_note or None,
        archive_url or None,
        archive_note or None,
        accessed or None,
        fields.get("sha256"),
        fields.get("collected_by"),
    )


def site_draft(args: argparse.Namespace, ask: Asker, data_dir: Path) -> newfiles.SiteDraft:
    taken_sites = answers.known_ids(data_dir, "sites")

    def decimal(low: float, high: float) -> Check:
        return lambda answer: answers.problem_with_decimal(answer, low, high)

    return _finished(
        ask,
        newfiles.SiteDraft(
            site_id=ask.required(
                "--id", args.site_id, "Id (e.g. hmeimim: lower case, hyphens)", _new_id(taken_sites, "a site")
            ),
            name=ask.required("--name", args.name, "Name (the usual English name)", _line("a name")),
            kind=ask.optional(
                args.site_kind,
                f"Kind: {', '.join(newfiles.SITE_KINDS)} [other]",
                "other",
                lambda a: answers.problem_with_choice(a, newfiles.SITE_KINDS),
            ),
            country=ask.optional(args.country, "Country (ISO code) [SY]", "SY", answers.problem_with_country),
            lat=ask.required("--lat", args.lat, "Latitude (decimal degrees, north positive)", decimal(-90, 90)),
            lon=ask.required("--lon", args.lon, "Longitude (decimal degrees, east positive)", decimal(-180, 180)),
            precision=ask.optional(
                args.precision,
                "Precision: exact, approximate or area [approximate]",
                "approximate",
                lambda a: answers.problem_with_choice(a, newfiles.SITE_PRECISIONS),
            ),
            summary=ask.required(
                "--summary", args.summary, "Summary (what the site is and why it matters)", _text("a summary")
            ),
        ),
    )


def source_draft(args: argparse.Namespace, ask: Asker, data_dir: Path) -> newfiles.SourceDraft:
    taken_sources = answers.known_ids(data_dir, "sources")

    return _finished(
        ask,
        newfiles.SourceDraft(
            source_id=ask.required(
                "--id", args.source_id, "Id (e.g. maxar: lower case, hyphens)", _new_id(taken_sources, "a source")
            ),
            name=ask.required("--name", args.name, "Name (as they name themselves)", _line("a name")),
            kind=ask.optional(
                args.source_kind,
                f"Kind: {', '.join(newfiles.SOURCE_KINDS)} [other]",
                "other",
                lambda a: answers.problem_with_choice(a, newfiles.SOURCE_KINDS),
            ),
            summary=ask.required(
                "--summary", args.summary, "Summary (who they are and why to cite them)", _text("a summary")
            ),
            url=ask.optional(args.url, "Home page or profile link (empty if none)", "", answers.problem_with_url)
            or None,
        ),
    )


def _finished(ask: Asker, draft: DraftT) -> DraftT:
    ask.finish()
    return draft


class StartCitation(argparse.Action):
    """``--source``: each starts a citation; the citation flags after it describe that citation."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:  # type: ignore[no-untyped-def]
        citations = [dict(citation) for citation in (getattr(namespace, "citations", None) or [])]
        for source in _ids(str(values)):
            if citations and "source" not in citations[-1]:  # fields given before the first --source
                citations[-1]["source"] = source
            else:
                citations.append({"source": source})
        namespace.citations = citations


CITATION_FLAGS = {
    "citation_title": "title",
    "url": "url",
    "url_note": "url_note",
    "accessed": "accessed",
    "archive_url": "archive_url",
    "archive_note": "archive_note",
    "sha256": "sha256",
    "collected_by": "collected_by",
}
"""A citation flag's argparse name → the citation field it gives."""


class CitationField(argparse.Action):
    """``--citation-title``, ``--url``, …: a field of the citation begun by the last ``--source``."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:  # type: ignore[no-untyped-def]
        citations = [dict(citation) for citation in (getattr(namespace, "citations", None) or [])]
        field = CITATION_FLAGS[self.dest]
        if not citations or field in citations[-1]:
            citations.append({})
        citations[-1][field] = str(values)
        namespace.citations = citations
