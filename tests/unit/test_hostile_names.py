"""Names a hostile pull request can choose: file and folder names under data/, and vocabulary keys. Each
is refused with one line, and whatever it holds is printed escaped: nothing in a name can start a GitHub
workflow command or reach a terminal as a control sequence."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from helpers.commands import run_cli
from helpers.golden import FIXTURE

EVENT = (FIXTURE / "events" / "2024" / "an-124-at-hmeimim.yaml").read_text(encoding="utf-8")


def _check(tmp_path: Path, *flags: str) -> tuple[int, list[str]]:
    result = run_cli("check", "data", *flags, cwd=tmp_path, env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert "Traceback" not in result.stdout + result.stderr and "internal error" not in result.stdout
    return result.returncode, result.stdout.splitlines()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "data")
    return tmp_path / "data"


# A name that would inject workflow commands if printed raw: a line break, then a command of its own.
INJECTION = "x\n::warning file=a,line=1::pwned%0A\r::add-mask::y"


def test_a_file_name_with_line_breaks_is_refused_and_printed_escaped(data: Path) -> None:
    (data / "events" / "2024" / f"{INJECTION}.yaml").write_text(EVENT.replace("an-124", "x"), encoding="utf-8")
    code, lines = _check(data.parent)
    assert code == 1
    (line,) = [line for line in lines if "is not a valid id" in line]
    assert "\\n::warning" in line and "\n" not in line and "\r" not in line


def test_annotations_escape_names_by_the_runners_rules(data: Path) -> None:
    (data / "events" / "2024" / f"{INJECTION}.yaml").write_text(EVENT.replace("an-124", "x"), encoding="utf-8")
    code, lines = _check(data.parent, "--format", "github")
    assert code == 1
    annotations = [line for line in lines if line.startswith("::")]
    assert annotations and all(line.startswith("::error file=") for line in annotations)
    (annotation,) = [line for line in annotations if "is not a valid id" in line]
    command, _, message = annotation.partition("::")[2].partition("::")
    # In the file property, ':' and ',' are escaped too, so the name cannot add properties or end it.
    assert "%3A%3Awarning file%3Da" not in command and "%3A%3Awarning file=a%2Cline=1%3A%3Apwned%250A" in command
    # In the message the line break is shown as \n, and the contributor's own "%0A" cannot become one.
    assert "\\n::warning" in message and "pwned%250A" in message


def test_a_folder_that_is_not_a_year_is_reported_and_not_read(data: Path) -> None:
    folder = data / "events" / "2024" / "drafts"
    folder.mkdir()
    (folder / "x.yaml").write_text("not: [valid", encoding="utf-8")
    (data / "events" / "notes").mkdir()
    code, lines = _check(data.parent)
    assert code == 1
    assert lines == [
        "data/events/2024/drafts:1:1: folders under events/ are years, like 2024; this one is not read"
        " (move its files into the folder of their year)",
        "data/events/notes:1:1: folders under events/ are years, like 2024; this one is not read"
        " (move its files into the folder of their year)",
    ]


@pytest.mark.parametrize("name", [".hidden.yaml", ".DS_Store", ".git"])
def test_hidden_files_are_reported_not_skipped(data: Path, name: str) -> None:
    target = data / "sources" / name
    if name == ".git":
        target.mkdir()
    else:
        target.write_text("name: Hidden\n", encoding="utf-8")
    code, lines = _check(data.parent)
    assert (code, lines) == (1, [f"data/sources/{name}:1:1: hidden file or folder in the data folder; remove it"])


def test_a_vocabulary_over_its_limit_is_refused_at_once(data: Path) -> None:
    tags = {f"tag-{n}": {"label": f"Tag {n}", "description": "A tag."} for n in range(501)}
    (data / "tags.yaml").write_text(yaml.safe_dump(tags), encoding="utf-8")
    code, lines = _check(data.parent)
    assert code == 1
    assert lines[0] == (
        "data/tags.yaml:1:1: the file has 501 entries; the limit is 500 (each entry gets a page and a feed:"
        " merge the ones that overlap)"
    )


def test_a_vocabulary_key_too_long_for_a_file_name_is_refused(data: Path) -> None:
    key = "t" * 300
    with (data / "tags.yaml").open("a", encoding="utf-8") as tags:
        tags.write(f"{key}:\n  label: Long\n  description: A tag with a long key.\n")
    code, lines = _check(data.parent)
    assert code == 1
    assert lines == [f"data/tags.yaml:8:1: the id '{'t' * 40}…' is 300 characters long; the limit is 100"]
