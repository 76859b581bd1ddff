"""`timeline new` and `timeline fmt`, through the command line, on copies of data/.

`new` must write a file that passes `check` and `fmt --check` as it stands, in the right place, showing
every optional field, and must never overwrite one or accept an unknown site or source. `fmt` must never
change what a file means, keep every comment, settle on one layout (a second run changes nothing), and
leave alone a file the checker refuses.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import DATA, REPO, mkdocs_build, run_timeline
from timeline import model


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


def test_new_event_from_flags_is_valid_formatted_and_in_its_year_folder(data: Path) -> None:
    made = run_timeline(
        "new", "event", "--data", str(data), "--date", "2024-12-14", "--title", "Il-76: seen leaving Hmeimim",
        "--site", "khmeimim", "--source", "maxar", "--source", "worthy-news",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    path = Path(made.stdout.strip())
    assert path == data / "events" / "2024" / "2024-12-14-il-76-seen-leaving-hmeimim.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/event.schema.json\n")
    record = _meaning(path)
    assert record["title"] == "Il-76: seen leaving Hmeimim"  # quoted as YAML needs, read back as given
    assert record["sites"] == ["hmeimim"]  # the alias given becomes the site's id
    assert [citation["source"] for citation in record["citations"]] == ["maxar", "worthy-news"]
    _shows_every_field(text, model.EventRecord)
    checked = run_timeline("check", str(data))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert run_timeline("fmt", "--check", str(data)).returncode == 0


def test_new_event_takes_a_link_summary_and_an_approximate_date(data: Path) -> None:
    made = run_timeline(
        "new", "event", "--data", str(data), "--date", "2024-12~", "--title", "Convoy seen near Homs",
        "--site", "homs", "--source", "nbc-news", "--status", "claimed", "--summary", "A convoy was filmed.",
        "--citation-title", "Footage of a convoy", "--url", "https://example.org/report",
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
    assert record["citations"][0] == {
        "source": "nbc-news",
        "title": "Footage of a convoy",
        "url": "https://example.org/report",
    }
    assert run_timeline("check", str(data)).returncode == 0


def test_new_never_overwrites(data: Path) -> None:
    flags = ("new", "event", "--data", str(data), "--date", "2024-12-14", "--title", "Same title")
    first = run_timeline(*flags, "--site", "tartus", "--source", "maxar")
    assert first.returncode == 0, first.stderr
    path = Path(first.stdout.strip())
    path.write_text(path.read_text(encoding="utf-8") + "# my edits\n", encoding="utf-8")
    second = run_timeline(*flags, "--site", "hmeimim", "--source", "maxar")
    assert second.returncode == 1
    assert "already exists" in second.stderr
    assert path.read_text(encoding="utf-8").endswith("# my edits\n")


def test_new_refuses_unknown_sites_and_sources_with_the_nearest_id(data: Path) -> None:
    made = run_timeline(
        "new", "event", "--data", str(data), "--date", "2024-12-14", "--title", "X",
        "--site", "hmeimm", "--source", "maxr",
    )  # fmt: skip
    assert made.returncode == 1
    assert "unknown site 'hmeimm'; did you mean 'hmeimim'?" in made.stderr
    assert "unknown source 'maxr'; did you mean 'maxar'?" in made.stderr
    assert "python -m timeline new site" in made.stderr
    assert not list((data / "events").rglob("*-x.yaml"))


def test_new_without_a_terminal_names_the_missing_flags(data: Path) -> None:
    made = run_timeline("new", "event", "--data", str(data), "--title", "X")
    assert made.returncode == 2
    assert "missing --date, --site, --source" in made.stderr


def test_new_event_asks_in_a_terminal(data: Path) -> None:
    """As `make new-event` runs it: each answer typed at a prompt, an empty answer taking the default."""
    controller, terminal = os.openpty()
    env = {**os.environ, "PYTHONPATH": str(REPO / "hooks")}
    process = subprocess.Popen(
        [sys.executable, "-m", "timeline", "new", "event", "--data", str(data)],
        stdin=terminal, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
    )  # fmt: skip
    os.close(terminal)
    answers = ["2024-12-15", "Radar moved at Tartus", "tartus", "maxar", "", "", "", ""]
    os.write(controller, ("\n".join(answers) + "\n").encode())
    out, err = process.communicate(timeout=60)
    os.close(controller)
    assert process.returncode == 0, err
    record = _meaning(Path(out.strip().splitlines()[-1].split(": ")[-1]))
    assert (record["title"], record["status"], record["sites"]) == ("Radar moved at Tartus", "reported", ["tartus"])
    assert run_timeline("check", str(data)).returncode == 0


def test_new_site_and_source_can_be_cited_at_once(data: Path) -> None:
    site = run_timeline(
        "new", "site", "--data", str(data), "--id", "latakia-port", "--name", "Latakia port", "--kind", "other",
        "--country", "SY", "--lat", "35.52", "--lon", "35.77", "--precision", "area",
    )  # fmt: skip
    source = run_timeline(
        "new",
        "source",
        "--data",
        str(data),
        "--id",
        "example-analyst",
        "--name",
        "Example Analyst",
        "--kind",
        "analyst",
    )
    assert site.returncode == 0, site.stderr
    assert source.returncode == 0, source.stderr
    _shows_every_field(Path(site.stdout.strip()).read_text(encoding="utf-8"), model.SiteRecord)
    _shows_every_field(Path(source.stdout.strip()).read_text(encoding="utf-8"), model.SourceRecord)
    event = run_timeline(
        "new", "event", "--data", str(data), "--date", "2024-12-14", "--title", "Ship at Latakia",
        "--site", "latakia-port", "--source", "example-analyst", "--url-note", "Test data: no link.",
    )  # fmt: skip
    assert event.returncode == 0, event.stderr
    checked = run_timeline("check", str(data))
    # An analyst's post needs an archived copy or a note saying why not: the new file shows the field for it.
    assert "archive" in checked.stdout
    again = run_timeline(
        "new", "site", "--data", str(data), "--id", "khmeimim", "--name", "X", "--lat", "1", "--lon", "1"
    )
    assert again.returncode == 1 and "already the id or an alias of site 'hmeimim'" in again.stderr


MESSY = """\
# yaml-language-server: $schema=../../../schema/event.schema.json
# A comment at the top, kept.
status: reported   # the status, kept with its key
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
    assert keys == ["title", "date", "sites", "status", "summary", "citations"]
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
        "--site", "tartus", "--source", "maxar", "--url-note", "Test data: no link.",
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
