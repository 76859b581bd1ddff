"""`timeline new` and `timeline fmt`, through the command line, on copies of data/.

`new` must write a file that passes `check` and `fmt --check` as it stands, in the right place, showing
every optional field, and must never overwrite one or accept an unknown site or source. `fmt` must never
change what a file means, keep every comment, settle on one layout (a second run changes nothing), and
leave alone a file the checker refuses.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from helpers.commands import DATA, TIMELINE, mkdocs_build, run_timeline
from timeline.contract import model


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


def _meaning(path: Path) -> object:
    """What a file says, whatever its layout: PyYAML's base loader keeps every scalar as text."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def _shows_every_field(text: str, record: type) -> None:
    active = set(re.findall(r"^([a-z_]+):", text, re.MULTILINE))
    commented = set(re.findall(r"^# ([a-z_]+):", text, re.MULTILINE))
    for name, field in record.model_fields.items():
        if field.is_required():
            assert name in active, f"required field '{name}' is missing"
        else:
            assert name in active | commented, f"optional field '{name}' is not shown"


# What a citation needs when the source gives no link: every `new event` below cites like this.
NO_LINK = ("--citation-title", "A report", "--url-note", "Test data: no link.")


def _new_event(data: Path, *flags: str, summary: str = "Two aircraft seen.") -> subprocess.CompletedProcess:
    return run_timeline("new", "event", "--data", str(data), "--summary", summary, *flags)


def _written(data: Path) -> list[Path]:
    return sorted(path for path in data.rglob("*.yaml") if path.is_file())


def test_new_event_from_flags_is_valid_formatted_and_in_its_year_folder(data: Path) -> None:
    made = _new_event(
        data, "--date", "2024-12-14", "--title", "Il-76: seen leaving Hmeimim", "--site", "khmeimim",
        "--source", "maxar", "--citation-title", "Imagery: it's the 14th", "--url-note", "The release gives no link.",
        "--source", "worthy-news", "--citation-title", "Il-76 seen", "--url", "https://example.org/il-76",
        "--accessed", "2024-12-15",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    path = Path(made.stdout.strip())
    assert path == data / "events" / "2024" / "2024-12-14-il-76-seen-leaving-hmeimim.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/event.schema.json\n")
    assert "Replace this" not in text
    record = _meaning(path)
    assert record["title"] == "Il-76: seen leaving Hmeimim"  # quoted as YAML needs, read back as given
    assert record["sites"] == ["hmeimim"]  # the alias given becomes the site's id
    # Each --source starts a citation; the flags after it describe that citation.
    assert record["citations"] == [
        {"source": "maxar", "title": "Imagery: it's the 14th", "url_note": "The release gives no link."},
        {"source": "worthy-news", "title": "Il-76 seen", "url": "https://example.org/il-76", "accessed": "2024-12-15"},
    ]
    assert record["claimed_by"] == ["maxar", "worthy-news"]  # by default, every source cited
    _shows_every_field(text, model.EventRecord)
    checked = run_timeline("check", str(data))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    formatted = run_timeline("fmt", "--check", str(data))
    assert formatted.returncode == 0, formatted.stdout  # a title with ": " and "'" is laid out as fmt lays it


def test_new_event_takes_a_link_summary_and_an_approximate_date(data: Path) -> None:
    made = _new_event(
        data, "--date", "2024-12~", "--title", "Convoy seen near Homs", "--site", "homs", "--status", "claimed",
        "--source", "nbc-news", "--citation-title", "Footage of a convoy", "--url", "https://example.org/report",
        summary="A convoy was filmed.",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    path = Path(made.stdout.strip())
    assert path.name == "2024-12-convoy-seen-near-homs.yaml"
    record = _meaning(path)
    assert (record["date"], record["status"], record["summary"].strip()) == (
        "2024-12~",
        "claimed",
        "A convoy was filmed.",
    )
    accessed = record["citations"][0].pop("accessed")  # by default, the day it was written
    assert dt.date.fromisoformat(accessed) <= dt.datetime.now(dt.UTC).date()
    assert record["citations"][0] == {
        "source": "nbc-news",
        "title": "Footage of a convoy",
        "url": "https://example.org/report",
    }
    assert run_timeline("check", str(data)).returncode == 0


@pytest.mark.parametrize(
    ("date", "name"),
    [
        ("2024-12/2025-01", "2024-12-convoys-through-homs.yaml"),  # an interval of months: filed by its first month
        ("2024-12-10/2024-12-13", "2024-12-10-convoys-through-homs.yaml"),
        ("2024", "2024-convoys-through-homs.yaml"),
    ],
)
def test_new_event_id_is_as_precise_as_the_date(data: Path, date: str, name: str) -> None:
    made = _new_event(
        data, "--date", date, "--title", "Convoys through Homs", "--site", "homs", "--source", "maxar", *NO_LINK
    )
    assert made.returncode == 0, made.stderr
    assert Path(made.stdout.strip()).name == name


def test_new_event_with_a_title_in_another_script_needs_an_id(data: Path) -> None:
    flags = ("--date", "2024-12-14", "--title", "Вывод техники из Хмеймима", "--site", "hmeimim", "--source", "maxar")
    refused = _new_event(data, *flags, *NO_LINK)
    assert refused.returncode == 1
    assert "--id: the title has no Latin letters" in refused.stderr
    made = _new_event(data, *flags, *NO_LINK, "--id", "2024-12-14-hmeimim-withdrawal")
    assert made.returncode == 0, made.stderr
    assert _meaning(Path(made.stdout.strip()))["title"] == "Вывод техники из Хмеймима"


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (("--date", "2030-01-01"), "--date: '2030-01-01' is after today"),
        (("--date", "2024-02-30"), "--date: "),
        (("--title", "Two lines\nof title"), "--title: give one line of text"),
        (("--url", "javascript:alert(1)"), "--url: 'javascript:alert(1)' is not a web address"),
        (("--status", "rumoured"), "invalid choice: 'rumoured'"),
    ],
)
def test_new_event_refuses_what_check_would_refuse_and_writes_nothing(
    data: Path, flags: tuple[str, ...], expected: str
) -> None:
    before = _written(data)
    base = {"--date": "2024-12-14", "--title": "Aircraft leave", "--status": "reported"}
    base.update(dict(zip(flags[::2], flags[1::2], strict=True)))
    extra = ["--url", base.pop("--url")] if "--url" in base else ["--url-note", "No link."]
    made = _new_event(
        data, *[item for pair in base.items() for item in pair], "--site", "hmeimim", "--source", "maxar",
        "--citation-title", "A report", *extra,
    )  # fmt: skip
    assert made.returncode in (1, 2), made.stdout
    assert expected in made.stderr
    assert _written(data) == before


def test_new_event_citing_an_analyst_needs_an_archived_copy_or_a_note(data: Path) -> None:
    """Posts by analysts vanish: `check` wants an archive_url or an archive_note, so `new` asks for one."""
    flags = ("--date", "2024-12-14", "--title", "Analyst counts aircraft", "--site", "hmeimim")
    refused = _new_event(data, *flags, "--source", "dara-massicot", *NO_LINK)
    assert refused.returncode == 2
    assert "missing --archive-url or --archive-note" in refused.stderr
    assert not list((data / "events").rglob("*analyst-counts-aircraft.yaml"))
    made = _new_event(data, *flags, "--source", "dara-massicot", *NO_LINK, "--archive-note", "Not archived yet.")
    assert made.returncode == 0, made.stderr
    assert _meaning(Path(made.stdout.strip()))["citations"][0]["archive_note"] == "Not archived yet."
    assert run_timeline("check", str(data)).returncode == 0


def test_new_never_overwrites(data: Path) -> None:
    flags = ("--date", "2024-12-14", "--title", "Same title", "--source", "maxar", *NO_LINK)
    first = _new_event(data, *flags, "--site", "tartus")
    assert first.returncode == 0, first.stderr
    path = Path(first.stdout.strip())
    path.write_text(path.read_text(encoding="utf-8") + "# my edits\n", encoding="utf-8")
    second = _new_event(data, *flags, "--site", "hmeimim")
    assert second.returncode == 1
    assert "already exists" in second.stderr
    assert path.read_text(encoding="utf-8").endswith("# my edits\n")


def test_new_refuses_unknown_sites_and_sources_with_the_nearest_id(data: Path) -> None:
    made = _new_event(data, "--date", "2024-12-14", "--title", "X", "--site", "hmeimm", "--source", "maxr", *NO_LINK)
    assert made.returncode == 1
    assert "unknown site 'hmeimm'; did you mean 'hmeimim'?" in made.stderr
    assert "unknown source 'maxr'; did you mean 'maxar'?" in made.stderr
    assert "(to add one: make new-site)" in made.stderr
    assert not list((data / "events").rglob("*-x.yaml"))


def test_new_without_a_terminal_names_the_missing_flags(data: Path) -> None:
    made = run_timeline("new", "event", "--data", str(data), "--title", "X")
    assert made.returncode == 2
    assert "missing --date, --site, --summary, --source" in made.stderr
    cited = run_timeline(
        "new", "event", "--data", str(data), "--title", "X", "--source", "maxar", "--source", "nbc-news"
    )
    assert "--citation-title, --url or --url-note" in cited.stderr


def _interactive(data: Path, answers: list[str], *, end: bool = True) -> tuple[int, str, str]:
    """Run `new event` as `make new-event` does: in a terminal, each answer typed at its prompt."""
    controller, terminal = os.openpty()
    env = dict(os.environ)
    process = subprocess.Popen(
        [TIMELINE, "new", "event", "--data", str(data)],
        stdin=terminal, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
    )  # fmt: skip
    os.close(terminal)
    typed = "\n".join(answers) + "\n"
    os.write(controller, typed.encode() + (b"\x04" if end else b""))  # Ctrl-D: the end of input
    out, err = process.communicate(timeout=60)
    os.close(controller)
    return process.returncode, out, err


def test_new_event_asks_in_a_terminal_and_asks_again_after_a_wrong_answer(data: Path) -> None:
    answers = [
        "2024-13-01",  # no 13th month: asked again
        "2024-12-15",
        "Radar moved at Tartus",
        "tartuss",  # a typo: asked again, with the nearest id
        "tartus",
        "",  # status: the default, reported
        "A radar was moved.",
        "maxar",
        "Imagery of the port",
        "",  # no link
        "The release gives no link.",
        "",  # who makes the claim: the default, the source cited
    ]
    code, out, err = _interactive(data, answers, end=False)
    assert code == 0, err
    assert "unknown site 'tartuss'; did you mean 'tartus'?" in out
    assert "'2024-13-01' is not a valid EDTF date" in out
    assert out.count("try again") == 2
    record = _meaning(Path(out.strip().splitlines()[-1].split(": ")[-1]))
    assert (record["title"], record["status"], record["sites"]) == ("Radar moved at Tartus", "reported", ["tartus"])
    assert record["citations"] == [
        {"source": "maxar", "title": "Imagery of the port", "url_note": "The release gives no link."}
    ]
    assert record["claimed_by"] == ["maxar"]
    assert run_timeline("check", str(data)).returncode == 0


def test_new_event_in_a_terminal_asks_for_provenance_and_who_makes_the_claim(data: Path) -> None:
    link = "https://example.org/maxar/tartus"
    answers = [
        "2024-12-15", "Maxar images show a radar moved at Tartus", "tartus", "claimed", "A radar was moved.",
        "maxar", "Imagery of the port", link,
        "2024-12",  # the day it was seen: a month is not a day, asked again
        "2024-12-16",
        "https://archive.ph/AbC12",  # a short link has no date: asked again
        "https://web.archive.org/web/20241216120000/https://example.org/other",  # a copy of another page
        f"https://web.archive.org/web/20241216120000/{link}",
        "nbc-news",  # not among the sources cited: asked again
        "",  # the default: maxar
    ]  # fmt: skip
    code, out, err = _interactive(data, answers, end=False)
    assert code == 0, err
    assert out.count("try again") == 4
    assert "is not one exact day" in out and "short link" in out and "not of https://example.org/maxar/tartus" in out
    assert "nbc-news is not among the cited sources (maxar)" in out
    record = _meaning(Path(out.strip().splitlines()[-1].split(": ")[-1]))
    assert record["claimed_by"] == ["maxar"]
    cited = record["citations"][0]
    assert (cited["url"], cited["accessed"]) == (link, "2024-12-16")
    assert cited["archive_url"] == f"https://web.archive.org/web/20241216120000/{link}"
    assert run_timeline("check", str(data)).returncode == 0


def test_new_event_refuses_provenance_check_would_refuse(data: Path) -> None:
    made = _new_event(
        data, "--date", "2024-12-14", "--title", "Radar seen", "--site", "tartus", "--status", "confirmed",
        "--claimed-by", "maxar", "--source", "maxar", "--citation-title", "Imagery",
        "--url", "https://example.org/a", "--accessed", "2024-12~",
        "--archive-url", "https://web.archive.org/web/20241214000000/https://example.org/b",
        "--sha256", "abc", "--collected-by", "A. Volunteer",
    )  # fmt: skip
    assert made.returncode == 1
    for expected in (
        "--accessed: '2024-12~' is not one exact day",
        "--archive-url: it is a copy of https://example.org/b, not of https://example.org/a",
        "--sha256: give the 64 hexadecimal digits",
        "--claimed-by: a confirmed event names no claimant; leave it out",
    ):
        assert expected in made.stderr, made.stderr
    assert not (data / "events" / "2024" / "2024-12-14-radar-seen.yaml").exists()


def test_new_event_stopped_with_ctrl_d_writes_nothing(data: Path) -> None:
    before = _written(data)
    code, _, err = _interactive(data, ["2024-12-15", "Radar moved"])
    assert code == 1
    assert "stopped; nothing written" in err and "internal error" not in err
    assert _written(data) == before


def test_new_site_and_source_can_be_cited_at_once(data: Path) -> None:
    site = run_timeline(
        "new", "site", "--data", str(data), "--id", "latakia-port", "--name", "Latakia port", "--kind", "other",
        "--country", "SY", "--lat", "35.52", "--lon", "35.77", "--precision", "area",
        "--summary", "The port of Latakia.",
    )  # fmt: skip
    source = run_timeline(
        "new", "source", "--data", str(data), "--id", "example-analyst", "--name", "Example Analyst",
        "--kind", "analyst", "--summary", "A test analyst.",
    )  # fmt: skip
    assert site.returncode == 0, site.stderr
    assert source.returncode == 0, source.stderr
    _shows_every_field(Path(site.stdout.strip()).read_text(encoding="utf-8"), model.SiteRecord)
    _shows_every_field(Path(source.stdout.strip()).read_text(encoding="utf-8"), model.SourceRecord)
    event = _new_event(
        data, "--date", "2024-12-14", "--title", "Ship at Latakia", "--site", "latakia-port",
        "--source", "example-analyst", *NO_LINK, "--archive-note", "The post was not archived in time.",
    )  # fmt: skip
    assert event.returncode == 0, event.stderr
    checked = run_timeline("check", str(data))
    assert checked.returncode == 0, checked.stdout
    assert run_timeline("fmt", "--check", str(data)).returncode == 0
    again = run_timeline(
        "new", "site", "--data", str(data), "--id", "khmeimim", "--name", "X", "--lat", "1", "--lon", "1",
        "--summary", "X.",
    )  # fmt: skip
    assert again.returncode == 1 and "already the id or an alias of site 'hmeimim'" in again.stderr


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        ("95", "35.9", "--lat: '95' is not between -90 and 90"),
        ("35.4", "1e-05", "--lon: '1e-05' is not a decimal number"),
        ("nan", "35.9", "--lat: 'nan' is not a decimal number"),
        ("inf", "35.9", "--lat: 'inf' is not a decimal number"),
    ],
)
def test_new_site_refuses_coordinates_check_would_refuse(data: Path, lat: str, lon: str, expected: str) -> None:
    made = run_timeline(
        "new", "site", "--data", str(data), "--id", "somewhere", "--name", "Somewhere", "--lat", lat, "--lon", lon,
        "--summary", "A place.",
    )  # fmt: skip
    assert made.returncode == 1
    assert expected in made.stderr
    assert not (data / "sites" / "somewhere.yaml").exists()


MESSY = """\
# yaml-language-server: $schema=../../../schema/event.schema.json
# A comment at the top, kept.
status: reported   # the status, kept with its key
claimed_by: [maxar]
summary: |
    Two aircraft seen.
date: "2024-12-14"
title: "A messy file: keys out of order"
sites: [hmeimim]
citations:
-   title: 'A report'
    url_note: "No link."  # why
    source: maxar
"""


def test_fmt_orders_keys_keeps_comments_and_meaning_and_settles(data: Path) -> None:
    path = data / "events" / "2024" / "2024-12-14-messy.yaml"
    path.write_text(MESSY, encoding="utf-8")
    before = _meaning(path)
    check = run_timeline("fmt", "--check", str(data))
    assert check.returncode == 1
    assert f"{path}:1:1: not laid out the house way; run 'make fmt'" in check.stdout
    assert path.read_text(encoding="utf-8") == MESSY  # --check changes nothing

    assert run_timeline("fmt", str(data)).returncode == 0
    text = path.read_text(encoding="utf-8")
    assert _meaning(path) == before
    for comment in ("# yaml-language-server: $schema=", "# A comment at the top, kept.", "# the status, kept", "# why"):
        assert comment in text
    keys = re.findall(r"^([a-z_]+):", text, re.MULTILINE)
    assert keys == ["title", "date", "sites", "status", "claimed_by", "summary", "citations"]
    assert re.findall(r"^ {2}- ([a-z_]+):|^ {4}([a-z_]+):", text, re.MULTILINE) == [
        ("source", ""), ("", "title"), ("", "url_note")
    ]  # fmt: skip
    assert "# the status, kept with its key" in text.splitlines()[keys.index("status") + 2]
    assert run_timeline("fmt", "--check", str(data)).returncode == 0  # a second run has nothing to do
    assert run_timeline("check", str(data)).returncode == 0


def test_fmt_leaves_alone_a_file_the_checker_refuses(data: Path) -> None:
    path = data / "events" / "2024" / "2024-12-14-duplicate.yaml"
    text = "title: One\ntitle: Two\n"
    path.write_text(text, encoding="utf-8")
    result = run_timeline("fmt", str(data))
    assert result.returncode == 1
    assert "duplicate" in result.stdout and "not formatted until the problems above are fixed" in result.stdout
    assert path.read_text(encoding="utf-8") == text


def test_the_repository_data_is_formatted() -> None:
    result = run_timeline("fmt", "--check", str(DATA))
    assert result.returncode == 0, result.stdout


def test_fmt_quotes_words_that_older_yaml_reads_as_booleans(data: Path) -> None:
    """`country: NO` is Norway to the checker (YAML 1.2) but false to YAML 1.1 tools such as yamllint."""
    path = data / "sites" / "oslo-test.yaml"
    path.write_text(
        "name: Oslo test site\nkind: city\ncountry: NO  # Norway\ncoordinates:\n  lat: 59.9\n  lon: 10.7\n"
        "precision: area\nsummary: A test site.\n",
        encoding="utf-8",
    )
    assert run_timeline("fmt", str(data)).returncode == 0
    assert re.search(r"^country: 'NO' +# Norway$", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert _meaning(path)["country"] == "NO"
    assert run_timeline("check", str(data)).returncode == 0


def test_a_new_event_is_on_the_built_site(data: Path, tmp_path: Path) -> None:
    """CONTRIBUTING.md's path, end to end: start a file, check it, format it, build, find the event."""
    made = run_timeline(
        "new", "event", "--data", str(data), "--date", "2024-12-14", "--title", "Frigate leaves Tartus",
        "--site", "tartus", "--summary", "A frigate left.", "--source", "maxar", *NO_LINK,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert run_timeline("check", str(data)).returncode == 0
    assert run_timeline("fmt", "--check", str(data)).returncode == 0
    built = mkdocs_build(tmp_path / "site", data_dir=data)
    assert built.returncode == 0, built.stderr
    month = (tmp_path / "site" / "timeline" / "2024" / "12" / "index.html").read_text(encoding="utf-8")
    assert 'id="2024-12-14-frigate-leaves-tartus"' in month
    assert "Frigate leaves Tartus" in (tmp_path / "site" / "sites" / "tartus" / "index.html").read_text(
        encoding="utf-8"
    )


def _fmt_file(data: Path, name: str, text: str) -> tuple[Path, subprocess.CompletedProcess]:
    path = data / "events" / "2024" / name
    path.write_text(text, encoding="utf-8")
    return path, run_timeline("fmt", str(data))


def test_fmt_keeps_text_that_yaml_would_read_as_other_types(data: Path) -> None:
    """The checker reads every value as text; so does fmt. `True`, `+1` and an impossible date stay as written,
    so that `check` says the same about the file before and after."""
    text = (
        "title: True\ndate: 2024-11-31\nsites: [hmeimim]\nstatus: reported\nsummary: x\n"
        "equipment:\n  - type: an-124\n    count: +1\n  - type: il-76\n    count: '2'\n"
        "citations:\n  - source: maxar\n    title: 0x10\n    url_note: 'plain'\n"
    )
    path, result = _fmt_file(data, "2024-12-14-types.yaml", text)
    checked_before = run_timeline("check", str(data)).stdout
    formatted = path.read_text(encoding="utf-8")
    assert result.returncode == 0, result.stdout
    for kept in ("title: 'True'", "date: 2024-11-31", "count: +1", "count: '2'", "title: 0x10", "url_note: plain"):
        assert kept in formatted
    assert _meaning(path) == yaml.load(text, Loader=yaml.BaseLoader)
    path.write_text(text, encoding="utf-8")
    assert run_timeline("check", str(data)).stdout == checked_before


def test_fmt_and_check_refuse_yaml_directives(data: Path) -> None:
    """`%YAML 1.1` would make other tools read `yes` and `0777` differently from the checker."""
    text = "%YAML 1.1\n---\ntitle: x\n"
    path, result = _fmt_file(data, "2024-12-14-directive.yaml", text)
    assert result.returncode == 1
    assert f"{path}:1:1: YAML directives (%YAML, %TAG) are not allowed; remove the line" in result.stdout
    assert path.read_text(encoding="utf-8") == text
    assert "YAML directives" in run_timeline("check", str(data)).stdout


def test_fmt_reports_what_it_cannot_read_and_goes_on_with_the_rest(data: Path) -> None:
    unreadable, result = _fmt_file(data, "2024-12-14-tab.yaml", "title:\tA tab after the colon\ndate: 2024-12-14\n")
    messy = data / "events" / "2024" / "2024-12-14-messy.yaml"
    messy.write_text(MESSY, encoding="utf-8")
    result = run_timeline("fmt", str(data))
    assert result.returncode == 1
    assert re.search(
        rf"^{re.escape(str(unreadable))}:1:7: fmt cannot read this: .*\(a tab is the usual cause", result.stdout, re.M
    )
    assert "internal error" not in result.stdout + result.stderr
    assert messy.read_text(encoding="utf-8") != MESSY  # the other files were formatted


@pytest.mark.parametrize(
    ("text", "where"),
    [
        # A comment inside a flow list that spans lines: ruamel.yaml would drop it.
        ("title: x\nsites: [hmeimim,  # the air base\n  tartus]\n", (2, 19)),
        # A comment above a key that moves: it would stay behind, above another key.
        ("date: 2024-12-14\n# the title is the article's own\ntitle: x\n", (2, 1)),
    ],
)
def test_fmt_refuses_rather_than_drop_or_move_a_comment(data: Path, text: str, where: tuple[int, int]) -> None:
    path, result = _fmt_file(data, "2024-12-14-comments.yaml", text)
    assert result.returncode == 1
    line, column = where
    assert f"{path}:{line}:{column}: fmt cannot keep this comment where it is" in result.stdout
    assert path.read_text(encoding="utf-8") == text


def test_fmt_and_check_do_not_follow_a_linked_folder_out_of_the_data(data: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim.yaml"
    victim.write_text("name:   Not data\nkind: other\n", encoding="utf-8")
    shutil.rmtree(data / "sources")
    (data / "sources").symlink_to(outside, target_is_directory=True)
    result = run_timeline("fmt", str(data))
    assert result.returncode == 1
    assert f"{data / 'sources'}:1:1: symbolic links are not allowed in the data folder" in result.stdout
    assert victim.read_text(encoding="utf-8") == "name:   Not data\nkind: other\n"
    assert "symbolic links are not allowed" in run_timeline("check", str(data)).stdout


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\n\n\ntitle: a\n", "title: a\n"),  # blank lines at the ends mean nothing; one run settles them
        ("title: a\n\n\n", "title: a\n"),
        ("title: a\r\ndate: b\r\n# c\r\nsites: [x]\r\n", "title: a\ndate: b\n# c\nsites: [x]\n"),  # one line ending
        ('title: "\\u2028x"\n', 'title: "\\Lx"\n'),  # an invisible separator stays an escape, visible in review
        ("title: '='\n", "title: '='\n"),  # PyYAML reads a plain = as a tag it cannot build
    ],
)
def test_fmt_settles_in_one_run(data: Path, text: str, expected: str) -> None:
    path, result = _fmt_file(data, "2024-12-14-settle.yaml", text)
    assert result.returncode == 0, result.stdout
    assert path.read_bytes().decode("utf-8") == expected
    assert run_timeline("fmt", "--check", str(data)).returncode == 0


def test_fmt_refuses_to_carry_a_comment_into_another_citation(data: Path) -> None:
    """`title` is a key of the event and of each citation: a comment is kept with the same key of the same item."""
    text = (
        "title: x\ncitations:\n  - title: first\n    source: a\n"
        "  # FORGED: the next citation is a known fake\n  - title: second\n    source: b\n"
    )
    path, result = _fmt_file(data, "2024-12-14-forged.yaml", text)
    assert result.returncode == 1
    assert f"{path}:5:3: fmt cannot keep this comment where it is" in result.stdout
    assert path.read_text(encoding="utf-8") == text
    in_order = text.replace("- title: first\n    source: a", "- source: a\n    title: first").replace(
        "- title: second\n    source: b", "- source: b\n    title: second"
    )
    path.write_text(in_order, encoding="utf-8")
    assert run_timeline("fmt", "--check", str(data)).returncode == 0  # keys in order: nothing moves, kept as is


def test_fmt_writes_a_new_file_in_place_keeping_its_mode_and_no_leftovers(data: Path) -> None:
    path = data / "events" / "2024" / "2024-12-14-messy.yaml"
    path.write_text(MESSY, encoding="utf-8")
    path.chmod(0o640)
    inode = path.stat().st_ino
    assert run_timeline("fmt", str(data)).returncode == 0
    assert path.stat().st_mode & 0o777 == 0o640
    assert path.stat().st_ino != inode  # renamed over the old file, not written through it
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(".")) == []


def test_fmt_leaves_alone_a_file_that_holds_no_fields(data: Path) -> None:
    path, result = _fmt_file(data, "2024-12-14-scalar.yaml", "just text\n")
    assert result.returncode == 1
    assert f"{path}:1:1: file must hold a mapping of fields" in result.stdout
    assert path.read_text(encoding="utf-8") == "just text\n"


def test_new_refuses_a_linked_year_folder_and_check_names_it(data: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (data / "events" / "2023").symlink_to(outside, target_is_directory=True)
    made = _new_event(
        data, "--date", "2023-05-01", "--title", "Outside", "--site", "hmeimim", "--source", "maxar", *NO_LINK
    )
    assert made.returncode == 1
    assert "a symbolic link; the data folder may hold no links" in made.stderr
    assert list(outside.iterdir()) == []
    checked = run_timeline("check", str(data))
    assert f"{data / 'events' / '2023'}:1:1: symbolic links are not allowed in the data folder" in checked.stdout


@pytest.mark.parametrize("event_id", ["**", "../escape", "a" * 65])
def test_new_refuses_ids_that_are_not_file_names(data: Path, event_id: str) -> None:
    before = _written(data)
    made = _new_event(
        data,
        "--date",
        "2024-05-01",
        "--title",
        "X",
        "--site",
        "hmeimim",
        "--source",
        "maxar",
        *NO_LINK,
        "--id",
        event_id,
    )
    assert made.returncode == 1
    assert "--id: " in made.stderr and "internal error" not in made.stderr
    assert _written(data) == before


def test_new_event_in_a_terminal_asks_for_the_archive_of_an_analyst_however_the_id_is_written(data: Path) -> None:
    answers = [
        "2024-12-15", "Analyst counts aircraft", "hmeimim", "", "Aircraft were counted.",
        "Dara-Massicot",  # capitals: still the analyst, whose posts need an archived copy
        "A thread on aircraft", "", "The post is gone.",
        "Not archived before it was deleted.",  # no link, so no archived copy of it: why
        "",  # who makes the claim: the default, the analyst
    ]  # fmt: skip
    code, out, err = _interactive(data, answers, end=False)
    assert code == 0, err
    record = _meaning(Path(out.strip().splitlines()[-1].split(": ")[-1]))
    assert record["citations"][0]["source"] == "dara-massicot"
    assert record["citations"][0]["archive_note"] == "Not archived before it was deleted."
