"""Hostile text through every export: each still parses with its real parser and gives the text back.

Text the checker admits, generated around what breaks formats: markup (&, <, ]]>, quotes), CSV
formula prefixes (=, +, -, @, tab), iCalendar's separators (; , \\) and line breaks. The data goes
through the real loader and checker first, so only what a contributor could publish is tried.
"""

from __future__ import annotations

import csv
import datetime as dt
import html.parser
import io
import json
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import geojson
import icalendar
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from timeline.build.plan import plan_all
from timeline.contract import dataset
from timeline.exports.csvfile import neutralised
from timeline.site.options import RenderOptions

PIECES = [
    "&",
    "<",
    ">",
    "]]>",
    "<![CDATA[",
    '"',
    "'",
    "=",
    "+",
    "-",
    "@",
    ";",
    ",",
    "\\",
    "&amp;",
    "<b>",
    "*",
    "`",
    " =",
    "＝",  # full-width: a spreadsheet may read it as =
    "مرحبا بالعالم",  # right to left
    "שלום",
    "𓀀 𝔘 😀",  # outside the Basic Multilingual Plane
    "👩\u200d💻",  # a ZWJ sequence: the one kind of invisible character text keeps
]
# Cf (invisible format characters) is left out: the checker refuses those (hygiene.py).
_printable = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cf"))
_line = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(_printable, min_size=1, max_size=4)), min_size=1, max_size=6
)
LINE = _line.map("".join).map(str.strip).filter(lambda text: bool(text) and not text.startswith(("#", "|")))
"""One line, as titles and names are: no controls, no line breaks; never blank."""
BLOCK = (
    st.lists(st.one_of(LINE, st.sampled_from(["\t-x", "\n", "=1+1"])), min_size=1, max_size=4)
    .map("".join)
    .map(str.strip)
    .filter(bool)
)
"""Several lines, as summaries and quotes are; may start with a tab or a formula sign inside."""

SITE_URL = "https://timeline.example.org/"
CITED_URL = "https://example.org/a?b=1&c=%3C2%3E&d='3'"
ARCHIVED_URL = "https://web.archive.org/web/20241214093000/" + CITED_URL
EVENT_ID = "2024-12-13-hostile"


def _write(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _exports(
    folder: Path, title: str, summary: str, quote: str, name: str, label: str, date: str = "2024-12"
) -> dict[str, str]:
    data = folder / "data"
    _write(data / "tags.yaml", {"hostile": {"label": label, "description": label}})
    _write(data / "equipment.yaml", {"an-124": {"name": name, "category": "aircraft", "description": label}})
    _write(
        data / "sites" / "somewhere.yaml",
        {
            "name": name,
            "kind": "air_base",
            "country": "SY",
            "coordinates": {"lat": 35.401, "lon": 35.948},
            "precision": "approximate",
            "summary": summary,
            "citations": [{"source": "outlet", "title": title, "url_note": label, "quote": quote}],
        },
    )
    _write(data / "sources" / "outlet.yaml", {"name": name, "kind": "news_outlet", "summary": summary})
    _write(
        data / "events" / date[:4] / f"{EVENT_ID}.yaml",
        {
            "title": title,
            "date": date,
            "sites": ["somewhere"],
            "tags": ["hostile"],
            "status": "reported",
            "claimed_by": ["outlet"],
            "summary": summary,
            "equipment": [{"type": "an-124", "count": 2, "note": label}],
            "citations": [
                {
                    "source": "outlet",
                    "title": title,
                    "url": CITED_URL,
                    "accessed": "2024-12-14",
                    "archive_url": ARCHIVED_URL,
                    "quote": quote,
                    "collected_by": label,
                },
            ],
        },
    )
    loaded = dataset.load(data, dt.date(2026, 1, 1))
    assert loaded.dataset is not None, [problem.format() for problem in loaded.problems]
    options = RenderOptions(
        data_dir=data.as_posix(),
        data_in_repository=None,
        last_updated=dt.date(2026, 1, 1),
        build_epoch=1767225600,
        site_url=SITE_URL,
    )
    wanted = {"feed.xml", "api/events.json", "api/sites.json", "api/tags.json", "api/sites.geojson"}
    wanted |= {"sites/somewhere/events.geojson", "tags/hostile/feed.xml"}
    files = {
        planned.path: planned.render()
        for planned in plan_all(loaded.dataset, options).files
        if planned.path in wanted or planned.path.startswith("api/events/")
    }
    # The one event's month, in each format, under a name that does not depend on its date.
    (part,) = json.loads(files["api/events.json"])["parts"]
    for extension in ("json", "csv", "ics"):
        files[f"month.{extension}"] = files[part[extension].removeprefix(SITE_URL)]
    return files


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=LINE, summary=BLOCK, quote=BLOCK, name=LINE, label=LINE)
# A non-breaking space, which the rendered summary writes as an entity (found by this test).
@example(title="&", summary="0\xa00", quote="-x", name="&", label="&")
def test_hostile_text_survives_every_export(
    tmp_path_factory, title: str, summary: str, quote: str, name: str, label: str
) -> None:
    files = _exports(tmp_path_factory.mktemp("hostile"), title, summary, quote, name, label)

    for path in ("feed.xml", "tags/hostile/feed.xml"):
        feed = feedparser.parse(files[path].encode("utf-8"))
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        (entry,) = feed.entries
        # The text is compared as a strict XML parser reads it: feedparser "repairs" text that looks
        # like mojibake ("Â¡" comes back as "¡"), which is a reader's choice, not the feed's content.
        atom = "{http://www.w3.org/2005/Atom}"
        written = ElementTree.fromstring(files[path].encode("utf-8")).find(f"{atom}entry")
        assert written.find(f"{atom}title").text == f"Reported by {name}: {title}"
        assert written.find(f"{atom}category").get("label") == label
        assert entry.link == f"{SITE_URL}events/{EVENT_ID}/"
        related = [link for link in entry.links if link.rel == "related"]
        assert [link.href for link in related] == [CITED_URL, ARCHIVED_URL]
        assert related[0].title == f"{name}: {title}"
        assert related[1].title == f"{name}: {title} (archived 2024-12-14T09:30:00Z)"

    (event,) = json.loads(files["month.json"])["events"]
    assert (event["title"], event["summary"], event["citations"][0]["quote"]) == (title, summary, quote)
    assert event["sites"][0]["name"] == name and event["tags"][0]["name"] == label
    assert event["headline"] == f"Reported by {name}: {title}" and event["claimed_by"] == [
        {"id": "outlet", "name": name}
    ]
    cited = event["citations"][0]
    assert (cited["accessed"], cited["archived"], cited["collected_by"]) == (
        "2024-12-14",
        "2024-12-14T09:30:00Z",
        label,
    )
    (site,) = json.loads(files["api/sites.json"])["sites"]
    assert site["name"] == name and site["citations"][0]["quote"] == quote
    assert json.loads(files["api/tags.json"])["tags"][0]["label"] == label

    (row,) = csv.DictReader(io.StringIO(files["month.csv"].removeprefix("\ufeff"), newline=""))
    assert row["title"] == neutralised(title) and row["summary"] == neutralised(summary)
    assert row["site_names"] == neutralised(name)
    for cell in row.values():
        assert not cell.lstrip(" \n").startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert row["citation_urls"] == CITED_URL
    assert (row["citation_archive_urls"], row["citation_archived"]) == (ARCHIVED_URL, "2024-12-14T09:30:00Z")
    assert row["citation_collected_by"] == neutralised(label) and row["claimed_by"] == "outlet"

    calendar = icalendar.Calendar.from_ical(files["month.ics"].encode("utf-8"))
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == f"Reported by {name}: {title}"
    # A calendar shows a line or two: the date and status, the start of the summary as the site shows it
    # (its words, cut at 200 characters), and where the rest is.
    day_and_status, after = str(entry["DESCRIPTION"]).replace("\r\n", "\n").split("\n\n", 1)
    excerpt, rest = after.rsplit("\n\n", 1)
    shown = _words_shown(event["summary_html"])
    assert day_and_status == f"{event['date']['text']} · reported"
    # Compared as words: a non-breaking space written as an entity stays one in the excerpt.
    words = " ".join(excerpt.removesuffix("…").split())
    assert len(excerpt) <= 200 and shown.startswith(words)
    assert excerpt.endswith("…") or words == shown, "cut without saying so"
    assert rest == f"The whole entry and its 1 citation: {SITE_URL}events/{EVENT_ID}/"
    assert [str(category) for category in entry["CATEGORIES"].cats] == [label]
    assert all(len(line.encode("utf-8")) <= 75 for line in files["month.ics"].split("\r\n"))

    for path in ("api/sites.geojson", "sites/somewhere/events.geojson"):
        collection = geojson.loads(files[path])
        assert collection.is_valid, collection.errors()
    assert geojson.loads(files["api/sites.geojson"])["features"][0]["properties"]["name"] == name
    (feature,) = geojson.loads(files["sites/somewhere/events.geojson"])["features"]
    assert feature["properties"]["title"] == title and feature["properties"]["citation_count"] == 1


def _words_shown(fragment: str) -> str:
    """The text an HTML fragment shows, on one line: what a reader sees of it."""
    chunks: list[str] = []
    reader = html.parser.HTMLParser(convert_charrefs=True)
    reader.handle_data = chunks.append  # type: ignore[method-assign]
    reader.feed(fragment)
    reader.close()
    return " ".join(" ".join(chunks).split())


def test_a_formula_behind_spaces_or_a_line_break_is_neutralised_too() -> None:
    # Titles may start with spaces, and some importers trim them before they look at the first character;
    # others skip a byte-order mark or a zero-width character, or read full-width signs as their ASCII twins.
    hidden = ("\ufeff=1", "\u200b+1", "\u2060@A1", "\u00ad-1", "\u3000=1", "＝1+1", "＋1", "－1", "＠SUM(A1)", "﹦1")
    for cell in ("=1+1", ' =HYPERLINK("http://example.org")', "\n@SUM(A1)", "\t-2", "+3", *hidden):
        assert neutralised(cell) == "'" + cell
    for cell in ("a=1", "2024-12-13", "", "Hmeimim – Tartus"):
        assert neutralised(cell) == cell


@pytest.mark.parametrize(
    ("date", "start", "end"),
    [
        ("0999-03-04", "09990304", "09990305"),
        ("0033-02/0033-03", "00330201", "00330401"),
        ("2024-12", "20241201", "20250101"),
    ],
)
def test_a_date_before_the_year_1000_and_text_in_any_script_survive_every_export(
    tmp_path: Path, date: str, start: str, end: str
) -> None:
    title = "قاعدة حميميم 𓀀 😀 — Хмеймим"
    files = _exports(tmp_path, title, "שלום, 𝔘 and 👩\u200d💻.", "＝quoted", "Outlet 📰", "Label ﬁ", date=date)
    calendar_text = files["month.ics"]
    (entry,) = icalendar.Calendar.from_ical(calendar_text.encode("utf-8")).walk("VEVENT")
    assert f"DTSTART;VALUE=DATE:{start}" in calendar_text and f"DTEND;VALUE=DATE:{end}" in calendar_text
    assert str(entry["SUMMARY"]) == f"Reported by Outlet 📰: {title}"
    (event,) = json.loads(files["month.json"])["events"]
    assert event["title"] == title and event["date"]["edtf"] == date
    (row,) = csv.DictReader(io.StringIO(files["month.csv"].removeprefix("\ufeff"), newline=""))
    assert row["title"] == title and row["date"] == date
    feed = ElementTree.fromstring(files["feed.xml"].encode("utf-8"))
    assert feed.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title").text.endswith(title)
    (feature,) = geojson.loads(files["sites/somewhere/events.geojson"])["features"]
    assert feature["properties"]["title"] == title and feature["properties"]["date"] == date
