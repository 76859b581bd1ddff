"""Uncertain dates: EDTF (ISO 8601-2) levels 0 and 1, parsed, bounded and compared.

The ``edtf`` library is the authority on what EDTF means. It is also slow (milliseconds a date,
being a pyparsing grammar), so the plain forms that make up nearly all real data (``2024-12-13``,
``2024-12~``, ``2024-12-10/2024-12-13``) take a regular-expression path first. A property test
checks that both paths agree on every form the fast one accepts.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Precision = Literal["day", "month", "year", "range"]


class DateError(ValueError):
    """A date a contributor must correct; the message says how."""


@dataclass(frozen=True, slots=True)
class DatePart:
    """One side of an interval, or the whole of a single date."""

    earliest: dt.date
    latest: dt.date
    precision: Precision
    approximate: bool
    uncertain: bool


@dataclass(frozen=True, slots=True)
class EdtfDate:
    text: str
    start: DatePart
    end: DatePart | None = None

    @property
    def earliest(self) -> dt.date:
        return self.start.earliest

    @property
    def latest(self) -> dt.date:
        return (self.end or self.start).latest

    @property
    def is_interval(self) -> bool:
        return self.end is not None

    @property
    def is_approximate(self) -> bool:
        return any(part.approximate for part in self._parts())

    @property
    def is_uncertain(self) -> bool:
        return any(part.uncertain for part in self._parts())

    @property
    def is_exact_day(self) -> bool:
        """One day, neither approximate nor uncertain: what a correction's or an access date must be."""
        return (
            not self.is_interval and self.start.precision == "day" and not self.is_approximate and not self.is_uncertain
        )

    def sort_key(self) -> tuple[dt.date, dt.date, str]:
        return (self.earliest, self.latest, self.text)

    def _parts(self) -> tuple[DatePart, ...]:
        return (self.start,) if self.end is None else (self.start, self.end)


EXAMPLES = "write it like 2024-12-13, 2024-12, 2024-12~, 2024-12-12? or 2024-12-10/2024-12-13"

_SIMPLE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([?~%]?)")


def parse(text: str) -> EdtfDate:
    """Parse an EDTF level 0–1 date with finite bounds, or raise DateError."""
    try:
        return _parse_cached(text.strip())
    except DateError:
        raise
    except (ValueError, OverflowError):  # e.g. a year the calendar cannot hold
        raise DateError(f"{quoted(text)} is not a real date") from None


def quoted(text: str, limit: int = 60) -> str:
    """``text`` in quotes for a message, shortened: a contributor's typo can be 100 KB long."""
    return f"'{text}'" if len(text) <= limit else f"'{text[:limit]}…'"


@lru_cache(maxsize=65536)
def _parse_cached(text: str) -> EdtfDate:
    if not text:
        raise DateError(f"date is empty; {EXAMPLES}")
    sides = text.split("/")
    if len(sides) <= 2 and all(_SIMPLE.fullmatch(side) for side in sides):
        parts = [_simple_part(side) for side in sides]
    else:
        parts = _library_parts(text)
    start = parts[0]
    end = parts[1] if len(parts) == 2 else None
    if end is not None and end.latest < start.earliest:
        raise DateError(f"interval {quoted(text)} ends before it starts; put the earlier date first")
    return EdtfDate(text, start, end)


def _simple_part(text: str) -> DatePart:
    match = _SIMPLE.fullmatch(text)
    assert match is not None  # guarded by the caller
    year_text, month_text, day_text, qualifier = match.groups()
    year = int(year_text)
    if year == 0:
        raise DateError("year 0000 is not supported; give a year from 0001")
    if month_text is not None and not 1 <= int(month_text) <= 12:
        # 21–24 are EDTF seasons: rare enough to leave to the library.
        return _library_parts(text)[0]
    if day_text is not None:
        try:
            day = dt.date(year, int(month_text), int(day_text))
        except ValueError:
            raise DateError(f"{quoted(text)} is not a real day") from None
        earliest = latest = day
        precision: Precision = "day"
    elif month_text is not None:
        month = int(month_text)
        earliest = dt.date(year, month, 1)
        latest = dt.date(year, month, calendar.monthrange(year, month)[1])
        precision = "month"
    else:
        earliest, latest, precision = dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    return DatePart(earliest, latest, precision, qualifier in ("~", "%"), qualifier in ("?", "%"))


def _library_parts(text: str) -> list[DatePart]:
    import edtf  # imported late: it builds its grammar on import, and most builds never need it

    if "T" in text:
        raise DateError(f"{quoted(text)} has a time of day; give the date only, e.g. {text.split('T')[0]}")
    try:
        # The library prints debugging lines for some level 2 forms and can fail with any exception
        # on them; neither may reach a contributor.
        with contextlib.redirect_stdout(io.StringIO()):
            parsed = edtf.parse_edtf(text)
    except Exception:  # noqa: BLE001
        raise DateError(f"{quoted(text)} is not a valid EDTF date; {EXAMPLES}") from None
    kind = type(parsed).__name__
    if kind in ("Interval", "Level1Interval"):
        halves = text.split("/")
        if any(half in ("", "..") for half in halves):
            raise DateError(f"{quoted(text)} is open-ended; give both ends, approximate if need be (2024-12~)")
        return [_library_parts(half)[0] for half in halves]
    if kind not in ("Date", "UncertainOrApproximate", "Unspecified", "Season"):
        raise DateError(f"{quoted(text)} is an EDTF form this timeline does not accept; {EXAMPLES}")
    try:
        earliest = edtf.struct_time_to_date(parsed.lower_strict())
        latest = edtf.struct_time_to_date(parsed.upper_strict())
    except (ValueError, OverflowError, TypeError):
        raise DateError(f"{quoted(text)} is not a real date") from None
    qualifier = text[-1] if text[-1] in "?~%" else ""
    return [DatePart(earliest, latest, _precision(earliest, latest), qualifier in ("~", "%"), qualifier in ("?", "%"))]


def _precision(earliest: dt.date, latest: dt.date) -> Precision:
    if earliest == latest:
        return "day"
    last_day = calendar.monthrange(earliest.year, earliest.month)[1]
    if earliest.day == 1 and latest == earliest.replace(day=last_day):
        return "month"
    if (earliest.month, earliest.day, latest.month, latest.day) == (1, 1, 12, 31) and earliest.year == latest.year:
        return "year"
    return "range"


def epoch_day(epoch: int) -> dt.date:
    """The UTC day of a time in seconds since the epoch (a build's time, a commit's)."""
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC).date()


# Spelled out rather than taken from calendar.month_name, which follows the locale: a build on a
# machine set to French must still write English.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

Unit = Literal["day", "month", "year"]


def describe(date: EdtfDate) -> str:
    """The date as a reader sees it, with its precision and qualifiers visible.

    ``2024-12-13`` is ``13 Dec 2024``, ``2024-12~`` is ``around December 2024``, ``2024-12-12?`` is
    ``12 Dec 2024 (unconfirmed date)``. Intervals share what their ends have in common
    (``8–13 Dec 2024``), but only when both ends carry the same qualifiers: otherwise a shared
    ``around`` would seem to cover both ends, so each end is written in full with its own
    (``around 8 Dec 2024 – 13 Dec 2024``).
    """
    start, end = date.start, date.end or date.start
    # A 'range' part (a season, a decade) has no single day, month or year to name, so it is
    # written by its bounds; for an interval's ends that is the start's first day and the end's last.
    first, first_unit = date.earliest, _unit(start, date.earliest, start.latest)
    last, last_unit = date.latest, _unit(end, end.earliest, date.latest)
    same_qualifiers = (start.approximate, start.uncertain) == (end.approximate, end.uncertain)
    if not same_qualifiers:
        return f"{_qualified(_one(first, first_unit), start)} – {_qualified(_one(last, last_unit), end)}"
    # Both ends uncertain is two unconfirmed dates; a season or decade is still one.
    plural = date.is_interval and start.uncertain
    return _qualified(_span(first, first_unit, last, last_unit), start, plural=plural)


def html_datetime(date: EdtfDate) -> str | None:
    """A value for ``<time datetime>``, or None where HTML has no syntax for the date.

    HTML can say a day, a month or a year but not an interval, a season or a decade; the caller then
    leaves the attribute out. Qualifiers have no syntax either, and the visible text carries them.
    """
    if date.end is not None:
        return None
    earliest = date.start.earliest
    # HTML wants at least four digits for a year, so year 900 is 0900, as in EDTF.
    if date.start.precision == "day":
        return f"{earliest.year:04d}-{earliest.month:02d}-{earliest.day:02d}"
    if date.start.precision == "month":
        return f"{earliest.year:04d}-{earliest.month:02d}"
    if date.start.precision == "year":
        return f"{earliest.year:04d}"
    return None


def month_of(date: EdtfDate) -> tuple[int, int]:
    """The (year, month) a timeline lists the event under: the month of its earliest day.

    An event is listed where it began, so a week from 28 Nov to 3 Dec sits under November, as does
    ``2024-11~``. The earliest day is also the one bound every form has, so an event's permalink page
    computes the same month as the timeline that links to it from this function alone.
    """
    return (date.earliest.year, date.earliest.month)


def _unit(part: DatePart, earliest: dt.date, latest: dt.date) -> Unit:
    if part.precision != "range":
        return part.precision
    # The coarsest unit the bounds fill whole: 202X is 2020–2029, spring 2024 is March–May 2024.
    if (earliest.month, earliest.day, latest.month, latest.day) == (1, 1, 12, 31):
        return "year"
    if earliest.day == 1 and latest.day == calendar.monthrange(latest.year, latest.month)[1]:
        return "month"
    return "day"


def _one(day: dt.date, unit: Unit) -> str:
    if unit == "year":
        return str(day.year)
    if unit == "month":
        return f"{MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def _span(first: dt.date, first_unit: Unit, last: dt.date, last_unit: Unit) -> str:
    """``first`` to ``last``, naming once what both ends share, en dash closed between single words."""
    if _one(first, first_unit) == _one(last, last_unit):
        return _one(first, first_unit)
    if first_unit != last_unit or first.year != last.year:
        # Ends of different units share nothing that can be written once: "December 2024 – 20 Dec 2024".
        if first_unit == last_unit == "year":
            return f"{first.year}–{last.year}"
        return f"{_one(first, first_unit)} – {_one(last, last_unit)}"
    if first_unit == "month":
        return f"{MONTHS[first.month - 1]}–{MONTHS[last.month - 1]} {last.year}"
    if first.month == last.month:
        return f"{first.day}–{_one(last, 'day')}"
    return f"{first.day} {MONTHS[first.month - 1][:3]} – {_one(last, 'day')}"


def _qualified(text: str, part: DatePart, *, plural: bool = False) -> str:
    if part.approximate:
        text = f"around {text}"
    if part.uncertain:
        text += " (unconfirmed dates)" if plural else " (unconfirmed date)"
    return text


def long_day(day: dt.date) -> str:
    """``1 January 2026``: for a date that is certain, in running text."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
