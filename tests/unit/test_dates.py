"""Dates: our fast path must agree with the edtf library, the authority on what EDTF means."""

from __future__ import annotations

import datetime as dt

import edtf
import pytest
from edtf.parser.edtf_exceptions import EDTFParseException
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.contract import dates

qualifiers = st.sampled_from(["", "?", "~", "%"])


@st.composite
def simple_dates(draw) -> str:
    year = draw(st.integers(1000, 2999))
    shape = draw(st.sampled_from(["year", "month", "day"]))
    text = f"{year:04d}"
    if shape != "year":
        text += f"-{draw(st.integers(1, 12)):02d}"
    if shape == "day":
        text += f"-{draw(st.integers(1, 31)):02d}"  # includes days that do not exist
    return text + draw(qualifiers)


def _library_bounds(text: str) -> tuple[dt.date, dt.date] | None:
    try:
        parsed = edtf.parse_edtf(text)
        return (
            edtf.struct_time_to_date(parsed.lower_strict()),
            edtf.struct_time_to_date(parsed.upper_strict()),
        )
    except (EDTFParseException, ValueError):
        return None


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.one_of(simple_dates(), st.tuples(simple_dates(), simple_dates()).map("/".join)))
def test_fast_path_agrees_with_the_edtf_library(text: str):
    expected = _library_bounds(text)
    try:
        ours = dates.parse(text)
    except dates.DateError:
        # We reject what the library rejects, and reversed intervals, which it accepts.
        assert expected is None or expected[1] < expected[0] or _has_reversed_bounds(text)
        return
    assert expected is not None, f"we accepted {text!r}, the library did not"
    assert (ours.earliest, ours.latest) == expected
    assert ours.is_approximate == any(mark in text for mark in "~%")
    assert ours.is_uncertain == any(mark in text for mark in "?%")


def _has_reversed_bounds(text: str) -> bool:
    start, _, end = text.partition("/")
    start_bounds, end_bounds = _library_bounds(start), _library_bounds(end)
    return bool(end and start_bounds and end_bounds and end_bounds[1] < start_bounds[0])


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision"),
    [
        ("2024-12-13", "2024-12-13", "2024-12-13", "day"),
        ("2024-12", "2024-12-01", "2024-12-31", "month"),
        ("2024-02", "2024-02-01", "2024-02-29", "month"),
        ("2024", "2024-01-01", "2024-12-31", "year"),
        ("2024-12-XX", "2024-12-01", "2024-12-31", "month"),
        ("2024-21", "2024-03-01", "2024-05-31", "range"),
    ],
)
def test_bounds_and_precision(text: str, earliest: str, latest: str, precision: str):
    parsed = dates.parse(text)
    assert (parsed.earliest.isoformat(), parsed.latest.isoformat()) == (earliest, latest)
    assert parsed.start.precision == precision


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-02-30", "'2024-02-30' is not a real day"),
        ("2023-02-29", "'2023-02-29' is not a real day"),
        ("2024-12-13/2024-12-10", "interval '2024-12-13/2024-12-10' ends before it starts"),
        ("2024-12-10/..", "'2024-12-10/..' is open-ended"),
        ("2024-12-10T10:00:00", "has a time of day"),
        ("{2024,2025}", "is an EDTF form this timeline does not accept"),
        ("2024-1X", "is not a valid EDTF date"),
        ("2024-12-13T10:00", "has a time of day"),
        ("13 December 2024", "is not a valid EDTF date"),
        ("", "date is empty"),
    ],
)
def test_rejections_say_what_is_wrong(text: str, message: str):
    with pytest.raises(dates.DateError, match=message.replace("?", r"\?").replace(".", r"\.")):
        dates.parse(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-12-13", "13 Dec 2024"),
        ("2024-12-12?", "12 Dec 2024 (unconfirmed date)"),
        ("2024-12-15~", "around 15 Dec 2024"),
        ("2024-12-15%", "around 15 Dec 2024 (unconfirmed date)"),
        ("2024-12", "December 2024"),
        ("2024-12~", "around December 2024"),
        ("2024-12?", "December 2024 (unconfirmed date)"),
        ("2024", "2024"),
        ("2024~", "around 2024"),
        ("0900-05", "May 900"),
        ("2024-12-08/2024-12-13", "8–13 Dec 2024"),
        ("2024-11-28/2024-12-03", "28 Nov – 3 Dec 2024"),
        ("2024-12-28/2025-01-03", "28 Dec 2024 – 3 Jan 2025"),
        ("2024-11/2024-12", "November–December 2024"),
        ("2024-12/2025-01", "December 2024 – January 2025"),
        ("2024/2025", "2024–2025"),
        ("2024-12-13/2024-12-13", "13 Dec 2024"),
        # Ends of different precision are each written whole: nothing can be named once.
        ("2024-12/2024-12-20", "December 2024 – 20 Dec 2024"),
        ("2024/2025-03", "2024 – March 2025"),
        # Ends with the same qualifiers share them, and everything else they have in common.
        ("2024-12-08~/2024-12-13~", "around 8–13 Dec 2024"),
        ("2024-12-08?/2024-12-13?", "8–13 Dec 2024 (unconfirmed dates)"),
        ("2024-12~/2025-01~", "around December 2024 – January 2025"),
        # Ends with different qualifiers are written in full, each with its own.
        ("2024-12-08~/2024-12-13", "around 8 Dec 2024 – 13 Dec 2024"),
        ("2024-12-08/2024-12-13~", "8 Dec 2024 – around 13 Dec 2024"),
        ("2024-12-08?/2024-12-13", "8 Dec 2024 (unconfirmed date) – 13 Dec 2024"),
        ("2024-11~/2024-12-03%", "around November 2024 – around 3 Dec 2024 (unconfirmed date)"),
        # Library forms without a single day, month or year are written by their bounds.
        ("2024-21", "March–May 2024"),
        ("2024-23", "September–November 2024"),
        ("2024-21/2024-23", "March–November 2024"),
        ("202X", "2020–2029"),
        ("202X~", "around 2020–2029"),
        ("202X?", "2020–2029 (unconfirmed date)"),
        # Unspecified parts that fill a month or a year are that month or year.
        ("2024-12-XX", "December 2024"),
        ("2024-XX", "2024"),
        # The library's winter is December alone, so it reads as December.
        ("2024-24", "December 2024"),
    ],
)
def test_describe(text: str, expected: str):
    assert dates.describe(dates.parse(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-12-13", "2024-12-13"),
        ("2024-12-12?", "2024-12-12"),
        ("2024-12-15%", "2024-12-15"),
        ("2024-12", "2024-12"),
        ("2024-12~", "2024-12"),
        ("2024-12-XX", "2024-12"),
        ("2024", "2024"),
        ("2024~", "2024"),
        ("0900-05-01", "0900-05-01"),
        ("0900", "0900"),
        ("2024-12-08/2024-12-13", None),
        ("2024-12-13/2024-12-13", None),
        ("2024-11/2024-12", None),
        ("2024-21", None),
        ("202X", None),
    ],
)
def test_html_datetime(text: str, expected: str | None):
    assert dates.html_datetime(dates.parse(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-12-13", (2024, 12)),
        ("2024-12~", (2024, 12)),
        ("2024-11-28/2024-12-03", (2024, 11)),
        ("2024-12-28/2025-01-03", (2024, 12)),
        ("2024", (2024, 1)),
        ("2024-21", (2024, 3)),
    ],
)
def test_month_of_is_the_month_of_the_earliest_day(text: str, expected: tuple[int, int]):
    assert dates.month_of(dates.parse(text)) == expected


days = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))


@st.composite
def day_dates(draw) -> str:
    first = draw(days)
    text = first.isoformat() + draw(qualifiers)
    if draw(st.booleans()):
        last = draw(st.dates(first, dt.date(2100, 12, 31)))
        text += "/" + last.isoformat() + draw(qualifiers)
    return text


@settings(max_examples=300, deadline=None, derandomize=True)
@given(day_dates())
def test_describe_always_names_the_last_year(text: str):
    parsed = dates.parse(text)
    described = dates.describe(parsed)
    assert described
    assert f"{parsed.latest.year:04d}" in described
