"""``timeline render OUT_DIR [--data DATA_DIR]``: the generated pages as plain files, for any engine.

Every case runs the command line in a subprocess, as a contributor or another static-site engine's build
script would, and looks only at the exit code, the printed lines and the files written.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import html5lib
import pytest
import yaml
from markupsafe import escape

from helpers.commands import DATA, REPO, run_timeline

EPOCH = "1767225600"  # 2026-01-01T00:00:00Z: the build date must come from here, not from the clock

PAGES = [
    "index.md",
    "timeline/index.md",
    "timeline/2024/12/index.md",
    "sites/index.md",
    "sites/hmeimim/index.md",
    "sources/index.md",
    "sources/maxar/index.md",
    "tags/index.md",
    "contributing/index.md",
]

# The smallest MkDocs configuration that can take the rendered folder: no hooks, no custom theme folder.
PLAIN_MKDOCS_YML = """\
site_name: Rendered timeline
docs_dir: docs
theme:
  name: material
  font: false
markdown_extensions: [attr_list, tables, toc, pymdownx.highlight, pymdownx.superfences]
"""


def _event_files() -> list[Path]:
    files = sorted((DATA / "events").rglob("*.yaml"))
    assert files, "data/events holds no events"
    return files


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, by its POSIX path relative to it, with its exact bytes."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def _front_matter(page: Path) -> dict:
    text = page.read_text(encoding="utf-8")
    assert text.startswith("---\n"), f"{page}: no YAML front matter"
    end = text.find("\n---\n", 4)
    assert end > 0, f"{page}: front matter is not closed"
    matter = yaml.safe_load(text[4:end])
    assert isinstance(matter, dict), f"{page}: front matter is not a mapping"
    return matter


def _render(out_dir: Path, *extra: str, seed: str = "0") -> subprocess.CompletedProcess:
    return run_timeline("render", str(out_dir), *extra, env={"SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": seed})


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out_dir = tmp_path_factory.mktemp("render") / "out"
    result = _render(out_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return out_dir


def test_render_writes_every_page(rendered: Path):
    for name in PAGES:
        assert (rendered / name).is_file(), f"{name} was not written"

    event_ids = {path.stem for path in _event_files()}
    event_pages = {page.parent.name for page in (rendered / "events").glob("*/index.md")}
    assert event_pages == event_ids

    redirect = rendered / "sites/khmeimim/index.html"
    assert redirect.is_file(), "the alias Khmeimim has no redirect page"
    assert 'content="0; url=../../sites/hmeimim/"' in redirect.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name",
    PAGES,
)
def test_every_page_has_a_title_in_its_front_matter(rendered: Path, name: str):
    title = _front_matter(rendered / name).get("title")
    assert isinstance(title, str) and title.strip(), f"{name}: no title in the front matter"


def test_non_empty_output_folder_is_refused_untouched(tmp_path: Path):
    out_dir = tmp_path / "out"
    (out_dir / "events/old-event").mkdir(parents=True)
    (out_dir / "notes.txt").write_text("keep me\n", encoding="utf-8")
    (out_dir / "events/old-event/index.html").write_text("<p>stale</p>\n", encoding="utf-8")
    before = _tree(out_dir)

    result = _render(out_dir)

    assert result.returncode == 2, result.stdout + result.stderr
    assert "not an empty folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert _tree(out_dir) == before
    assert sorted(path.relative_to(out_dir).as_posix() for path in out_dir.rglob("*")) == [
        "events",
        "events/old-event",
        "events/old-event/index.html",
        "notes.txt",
    ]


def test_missing_data_folder_exits_2(tmp_path: Path):
    out_dir = tmp_path / "out"
    result = _render(out_dir, "--data", str(tmp_path / "nowhere"))
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.splitlines() == [f"{tmp_path / 'nowhere'}:1:1: data folder not found"]
    assert not out_dir.exists()


@pytest.mark.parametrize("out_exists", [False, True], ids=["new-folder", "empty-folder"])
def test_invalid_data_exits_1_and_writes_nothing(tmp_path: Path, out_exists: bool):
    data_dir = tmp_path / "data"
    shutil.copytree(DATA, data_dir)
    event = data_dir / "events/2024/2024-12-13-hmeimim-an124-loading.yaml"
    lines = event.read_text(encoding="utf-8").splitlines(keepends=True)
    (index,) = [number for number, line in enumerate(lines) if line.startswith("sites: [hmeimim]")]
    lines[index] = lines[index].replace("hmeimim", "khmeimim")
    event.write_text("".join(lines), encoding="utf-8")
    column = lines[index].index("khmeimim") + 1
    out_dir = tmp_path / "out"
    if out_exists:
        out_dir.mkdir()

    result = _render(out_dir, "--data", str(data_dir))

    assert result.returncode == 1, result.stdout + result.stderr
    expected = re.compile(
        rf"{re.escape(str(event))}:{index + 1}:{column}: .*'khmeimim'.* \(did you mean 'hmeimim'\?\)", re.MULTILINE
    )
    assert expected.search(result.stdout), result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert not out_dir.exists() or not any(out_dir.iterdir())
    assert out_dir.exists() == out_exists


def test_render_is_deterministic(tmp_path: Path):
    first, second = tmp_path / "first", tmp_path / "second"
    second.mkdir()  # an existing empty folder is as good as a new one
    for out_dir, seed in ((first, "1"), (second, "4242")):
        result = _render(out_dir, seed=seed)
        assert result.returncode == 0, result.stdout + result.stderr
    first_tree, second_tree = _tree(first), _tree(second)
    assert len(first_tree) > len(PAGES)
    assert sorted(first_tree) == sorted(second_tree)
    differing = [name for name in first_tree if first_tree[name] != second_tree[name]]
    assert differing == []


def _december_2024_event_ids() -> set[str]:
    ids = set()
    for path in _event_files():
        event = yaml.safe_load(path.read_text(encoding="utf-8"))
        if str(event["date"]).startswith("2024-12"):
            ids.add(path.stem)
    assert ids, "no event of December 2024 in data/events"
    return ids


def test_rendered_folder_builds_with_plain_mkdocs(rendered: Path, tmp_path: Path):
    docs = tmp_path / "docs"
    shutil.copytree(rendered, docs)
    # The render carries the hand-written pages and the stylesheet along: nothing is copied by hand.
    assert (docs / "methodology.md").read_bytes() == (REPO / "docs/methodology.md").read_bytes()
    assert (docs / "stylesheets" / "timeline.css").is_file()
    config = tmp_path / "mkdocs.yml"
    config.write_text(PLAIN_MKDOCS_YML, encoding="utf-8")
    site = tmp_path / "site"
    # No TIMELINE_DATA and no hooks: nothing of the timeline's code can take part in this build.
    env = {key: value for key, value in os.environ.items() if key not in {"TIMELINE_DATA"}}
    env["NO_MKDOCS_2_WARNING"] = "1"

    result = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "-f", str(config), "-d", str(site)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    month_page = site / "timeline/2024/12/index.html"
    assert month_page.is_file()
    tree = html5lib.parse(month_page.read_bytes(), namespaceHTMLElements=False)
    ids = {element.get("id") for element in tree.iter() if element.get("id")}
    missing = _december_2024_event_ids() - ids
    assert missing == set()
    for event_id in _december_2024_event_ids():
        assert (site / "events" / event_id / "index.html").is_file(), f"events/{event_id}/ was not copied"


def test_render_from_elsewhere_takes_the_repository_of_the_data(tmp_path: Path):
    # CONTRIBUTING.md and the build date come from the repository holding the data, not from the cwd.
    out = tmp_path / "out"
    result = run_timeline("render", str(out), "--data", str(DATA), cwd=tmp_path, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr
    assert (
        (out / "contributing" / "index.md")
        .read_text(encoding="utf-8")
        .endswith((REPO / "CONTRIBUTING.md").read_text(encoding="utf-8"))
    )


def test_aliases_in_other_scripts_are_kept_without_an_address(tmp_path: Path):
    # Хмеймим and Тартус have no Latin form: no redirect page, no clash with each other or with /sites/.
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    for site_id, alias in (("hmeimim", "Хмеймим"), ("tartus", "Тартус")):
        path = data / "sites" / f"{site_id}.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("aliases:\n", f"aliases:\n  - {alias}\n", 1), encoding="utf-8")
        assert alias in path.read_text(encoding="utf-8")
    out = tmp_path / "out"
    result = run_timeline("render", str(out), "--data", str(data), env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (out / "sites" / "index.html").exists()
    assert "Хмеймим" in (out / "sites" / "hmeimim" / "index.md").read_text(encoding="utf-8")
    assert (out / "sites" / "khmeimim" / "index.html").is_file()


def test_the_open_data_page_cites_the_dataset_as_citation_cff_does(rendered: Path):
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    page = (rendered / "open-data" / "index.md").read_text(encoding="utf-8")
    cite = page.split('<blockquote class="tl-cite">', 1)[1].split("</blockquote>", 1)[0]
    for author in cff["authors"]:
        assert escape(author["name"]) in cite
    assert f"<cite>{escape(cff['title'])}</cite>" in cite
    assert f"Licence: {cff['license']}." in cite
    assert escape(cff["message"]) in page


def test_a_broken_citation_file_stops_the_build_at_its_line(tmp_path: Path):
    shutil.copytree(DATA, tmp_path / "data")
    (tmp_path / "CITATION.cff").write_text(
        "cff-version: 1.2.0\nmessage: Cite it.\nauthors: []\nlicense: CC-BY-4.0\n", encoding="utf-8"
    )
    out_dir = tmp_path / "out"
    result = run_timeline("render", str(out_dir), "--data", "data", cwd=tmp_path, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'CITATION.cff'}:1:1: missing required field 'title'",
        f"{tmp_path / 'CITATION.cff'}:3:10: 'authors' needs at least 1 item",
    ]
    assert not out_dir.exists()


def test_citation_cff_is_valid_citation_file_format_1_2_0():
    """Against the CFF 1.2.0 schema that check-jsonschema ships (no network): what GitHub and Zenodo read."""
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "check-jsonschema"),
            "--builtin-schema",
            "vendor.citation-file-format",
            str(REPO / "CITATION.cff"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


VNU = REPO / "tests" / "browser-tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
"""The Nu Html Checker, the W3C's validator (tests/browser-tools pins it; `make browser` installs it and Java)."""


def test_the_html_our_templates_write_is_valid(rendered: Path, tmp_path: Path) -> None:
    """Every generated page's body, as the templates write it, in a minimal document of its own (the theme's
    frame around it is the theme's), and every redirect page whole, passes the Nu Html Checker with no error."""
    if not VNU.is_file() or shutil.which("java") is None:
        if os.environ.get("TIMELINE_REQUIRE_BROWSER"):
            raise AssertionError(f"{VNU} or java is missing: `make browser` installs them")  # make test must not skip
        pytest.skip("the Nu Html Checker or Java is missing (`make browser` installs them)")
    documents = []
    for page in sorted(rendered.rglob("index.md")):
        name = page.relative_to(rendered).as_posix()
        if name == "contributing/index.md":
            continue  # the maintainers' own Markdown, which the engine renders
        _, _, body = page.read_text(encoding="utf-8").removeprefix("---\n").partition("\n---\n\n")
        target = tmp_path / (name.replace("/", "_").removesuffix(".md") + ".html")
        target.write_text(
            '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Page</title></head>'
            f"<body><main>\n{body}\n</main></body></html>\n",
            encoding="utf-8",
        )
        documents.append(target)
    for page in sorted(rendered.rglob("index.html")):  # the site aliases' redirects, whole
        target = tmp_path / page.relative_to(rendered).as_posix().replace("/", "_")
        shutil.copy(page, target)
        documents.append(target)
    assert len(documents) > 40 and any("events_" in document.name for document in documents)
    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", *map(str, documents)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr.replace(f"{tmp_path}/", "")[:3000]
