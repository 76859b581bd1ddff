"""Rules on evidence: each citation's provenance, who makes each claim, and what counts as corroboration.

They apply to events and sites alike (a site's figures are cited as an event's are), and log each problem
at the value at fault.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from timeline.contract import archives, dates
from timeline.contract.hints import Suggestions
from timeline.contract.model import SOURCE_KINDS_NEEDING_ARCHIVE, Citation, EventRecord, SiteRecord, SourceRecord
from timeline.contract.problems import ProblemLog
from timeline.contract.rules import Loaded
from timeline.contract.statuses import BY_ID

_FIGURE = re.compile(r"[0-9][0-9,.]*")
_PLAIN_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def check_citations(
    item: Loaded[Any],
    citations: Sequence[Citation],
    known_sources: frozenset[str],
    suggest_source: Suggestions,
    sources: dict[str, SourceRecord],
    today: dt.date,
    log: ProblemLog,
) -> None:
    """Every citation names known sources and says where the evidence is, when it was seen, and whether a
    dated copy exists."""
    for index, citation in enumerate(citations):
        at = ("citations", index)

        def given(field: str, value: str | None, at: tuple[str, int] = at) -> bool:
            # Presence in the file, not validity: an invalid url is its own problem, not a missing one.
            # The value itself answers for a valid file; only a salvaged one needs its tree looked up.
            return value is not None or item.has(*at, field)

        for field in ("source", "via"):
            value = getattr(citation, field)
            if value is not None and value not in known_sources:
                log.add(item.at(*at, field), f"unknown source '{value}'", suggest_source.hint(value))
        if citation.via is not None and citation.via == citation.source:
            log.add(item.at(*at, "via"), "'via' names the cited source itself; remove it")
        has_url = given("url", citation.url)
        if not has_url and not given("url_note", citation.url_note):
            log.add(
                item.at(*at),
                "citation has no 'url'; give one, or a 'url_note' saying why there is none",
                "e.g. url_note: the article gives no link",
            )
        if has_url and not given("accessed", citation.accessed):
            log.add(
                item.at(*at, "url"),
                "a citation with a 'url' needs 'accessed': the day you last saw the page there",
                f"e.g. accessed: {today.isoformat()}",
            )
        source = sources.get(citation.source)
        if (
            source is not None
            and source.kind in SOURCE_KINDS_NEEDING_ARCHIVE
            and not given("archive_url", citation.archive_url)
            and not given("archive_note", citation.archive_note)
        ):
            log.add(
                item.at(*at),
                f"citation of '{citation.source}' ({source.kind}) needs an 'archive_url', or an 'archive_note'"
                " saying why there is none",
                "posts get deleted; archive them, e.g. on web.archive.org",
            )
        published = _single_day_or_month(item, citation.published, "published", index, today, log)
        accessed = _accessed(item, citation.accessed, index, today, log)
        if published is not None and accessed is not None and accessed < published.earliest:
            log.add(
                item.at(*at, "accessed"),
                f"accessed on {accessed.isoformat()}, before it was published ({published.text})",
            )
        if citation.archive_url is not None:
            _check_capture(item, citation, index, today, log)


def _single_day_or_month(
    item: Loaded[Any], value: str | None, field: str, index: int, today: dt.date, log: ProblemLog
) -> dates.EdtfDate | None:
    if value is None:
        return None
    at = item.at("citations", index, field)
    try:
        parsed = dates.parse(value)
    except dates.DateError as error:
        log.add(at, f"'citations[{index}].{field}': {error}")
        return None
    if parsed.is_interval:
        log.add(at, f"'{field}' must be a single date, not an interval")
        return None
    if parsed.earliest > today:
        log.add(at, f"{field} date '{parsed.text}' is after the build date {today.isoformat()}")
        return None
    return parsed


def _accessed(item: Loaded[Any], value: str | None, index: int, today: dt.date, log: ProblemLog) -> dt.date | None:
    if value is not None and _PLAIN_DAY.fullmatch(value):
        # Nearly every access date is a plain day: read it without the EDTF parser (a tenth of `check`'s
        # time on 10,000 events otherwise); anything else, or an impossible day, takes the full path.
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if day <= today:
                return day
    parsed = _single_day_or_month(item, value, "accessed", index, today, log)
    if parsed is None:
        return None
    if not parsed.is_exact_day:
        log.add(item.at("citations", index, "accessed"), "'accessed' is the exact day you saw it, e.g. 2024-12-14")
        return None
    return parsed.earliest


def _check_capture(item: Loaded[Any], citation: Citation, index: int, today: dt.date, log: ProblemLog) -> None:
    at = item.at("citations", index, "archive_url")
    assert citation.archive_url is not None
    try:
        capture = archives.read_capture(citation.archive_url)
    except archives.CaptureError as error:
        log.add(
            at, f"'archive_url' {error}" if str(error).startswith("must") else f"'archive_url': {error}", error.hint
        )
        return
    if capture.day > today:
        log.add(at, f"the capture is dated {capture.day.isoformat()}, after the build date {today.isoformat()}")
    if citation.url is None:
        if not item.has("citations", index, "url"):  # an invalid url is reported on its own
            log.add(
                at,
                "an 'archive_url' needs the 'url' it is a copy of",
                f"add url: {capture.original}, and accessed: the day you saw it",
            )
    elif not archives.same_page(capture.original, citation.url):
        log.add(
            at,
            f"the archived copy is of {capture.original}, not of the cited url {citation.url}",
            "archive the cited page itself, or correct the url",
        )


def check_attribution(event: Loaded[EventRecord], known_sources: frozenset[str], log: ProblemLog) -> None:
    """A contested event names who makes the claim, among the sources it cites; a confirmed one is stated
    in the site's own voice, on at least two independent sources."""
    record = event.record
    if record.status is None:  # invalid: reported on its own
        return
    status = BY_ID[record.status]
    cited = {citation.source for citation in record.citations} | {
        citation.via for citation in record.citations if citation.via
    }
    # An unknown id, in claimed_by or a citation, is reported on its own; it may be the one meant.
    all_known = cited <= known_sources
    for index, claimant in enumerate(record.claimed_by):
        if all_known and claimant in known_sources and claimant not in cited:
            log.add(
                event.at("claimed_by", index),
                f"'claimed_by' names '{claimant}', which no citation of this event names",
                f"cite them (citations: - source: {claimant}), or name the source that makes the claim",
            )
    if status.needs_attribution and not event.has("claimed_by"):
        suggestion = ", ".join(sorted({citation.source for citation in record.citations}))
        log.add(
            event.at("status"),
            f"a {record.status} event must say who makes the claim: add 'claimed_by' with their source ids",
            f"e.g. claimed_by: [{suggestion}]" if suggestion else "e.g. claimed_by: [nbc-news]",
        )
    if not status.attribution and event.has("claimed_by"):
        log.add(
            event.at("claimed_by"),
            f"a {record.status} event is told in the site's own voice; remove 'claimed_by'",
            "or keep it and use 'reported' or 'claimed'",
        )
    if record.status == "confirmed":
        independent = independent_sources(record.citations)
        if len(independent) < 2:
            log.add(
                event.at("status"),
                "status 'confirmed' needs citations from at least two independent sources"
                + (f"; these rest on '{independent[0]}' alone" if len(independent) == 1 else ""),
                "add an independent source, or use 'reported'",
            )


def independent_sources(citations: Sequence[Citation]) -> list[str]:
    """The cited sources that are not only relaying another cited source: 'Maxar via Worthy News' and
    'Worthy News' are one line of reporting, not two."""
    cited = {citation.source for citation in citations}
    direct = {citation.source for citation in citations if citation.via is None or citation.via not in cited}
    return sorted(direct)


def check_site_sourcing(site: Loaded[SiteRecord], log: ProblemLog) -> None:
    """A figure in a site's summary (a number, a count, a date) needs the site to cite its source."""
    summary = site.record.summary
    if summary is None or site.record.citations:  # citations: [] cites nothing
        return
    figure = _FIGURE.search(summary)
    if figure:
        log.add(
            site.at("summary"),
            f"the summary gives a figure ('{figure.group().rstrip(',.')}') but the site cites no source",
            "add citations: as on events, with the source and its words",
        )
