"""Property tests: whatever bytes a contributor commits, the checker answers with problems, never a crash.

Two kinds of input: random text and bytes, and small mutations of the valid fixture in tests/data/minimal
(byte flips, inserted YAML punctuation, truncation, duplicated or dropped lines). They go both to the
hardened loader (``yamlsafe.load_bytes``) and through ``timeline.contract.load`` over a whole data folder.

The allowed outcomes are a tree / a valid dataset, or a list of ``Problem`` objects, each formatted as
``path:line:col: message``. Runs are derandomized, so CI sees the same examples on every run.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from helpers.commands import REPO
from timeline import contract
from timeline.contract import yamlsafe
from timeline.contract.model import Dataset
from timeline.contract.problems import Problem, ProblemLog

settings.register_profile(
    "timeline-fuzz",
    derandomize=True,
    deadline=None,
    database=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
FUZZ = settings.get_profile("timeline-fuzz")
LOADER = settings(FUZZ, max_examples=200)
FULL_LOAD = settings(FUZZ, max_examples=50)

FIXTURE = REPO / "tests" / "data" / "minimal"
FIXTURE_FILES = sorted(path.relative_to(FIXTURE).as_posix() for path in FIXTURE.rglob("*.yaml"))
ORIGINALS = {relative: (FIXTURE / relative).read_bytes() for relative in FIXTURE_FILES}
BUILD_DATE = dt.date(2026, 1, 1)

SHOWN = "data/events/2024/fuzz.yaml"
PROBLEM_LINE = re.compile(r"^[^:]+:\d+:\d+: .+")
LINE_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")  # what YAML (1.1, as libyaml reads it) counts as a break

# Pieces of YAML syntax and of this data contract, so that random text often gets past the parser.
YAML_TOKENS = [
    *("title", "date", "sites", "tags", "status", "summary", "equipment", "citations", "source", "url", "via"),
    *("type", "count", "lat", "lon", "country", "aliases", "related", "supersedes", "url_note", "archive_url"),
    *(": ", ":", "\n", "  ", "    ", "- ", "-", "[", "]", "{", "}", ", ", "? ", "#", "|", ">", "|-", "\t"),
    *("'", '"', "\\", "\\a", "\\u202e", "\\ud800", "&a ", "*a", "! ", "!x ", "!!str ", "!!python/object:os.system "),
    *("---\n", "...\n", "%YAML 1.1\n", "<<: ", "~", "null", "NO", "no", "0x10", "1_000", ".nan", "1e400", "9" * 40),
    *("2024-12-13", "2024-02-30", "2024-12~", "2024-12-13/2024-12-10", "2024-12-13T10:00", "../2024", "2026-06-01"),
    *("hmeimim", "khmeimim", "maxar", "dara-massicot", "airlift", "an-124", "https://x.org/", "javascript:x"),
    *("\u202e", "\x07", "\x00", "\ufeff", "é", "\r\n", "\r", "\u2028", "\x85"),
]
PUNCTUATION = [token.encode("utf-8") for token in YAML_TOKENS if not token.isalnum()]
PUNCTUATION += [b"\xff", b"\xc3", b"\xed\xa0\x80"]  # a stray byte, a cut-off character, an encoded surrogate

yaml_text = st.lists(st.sampled_from(YAML_TOKENS), max_size=60).map("".join)


@st.composite
def mutated_fixture_file(draw: st.DrawFn) -> tuple[str, bytes]:
    """One fixture file, changed by one to four small edits."""
    relative = draw(st.sampled_from(FIXTURE_FILES))
    raw = bytearray(ORIGINALS[relative])
    for _ in range(draw(st.integers(1, 4))):
        operation = draw(st.sampled_from(["flip", "insert", "truncate", "duplicate-line", "drop-line", "indent"]))
        if operation == "flip" and raw:
            index = draw(st.integers(0, len(raw) - 1))
            raw[index] ^= draw(st.integers(1, 255))
        elif operation == "insert":
            index = draw(st.integers(0, len(raw)))
            raw[index:index] = draw(st.sampled_from(PUNCTUATION))
        elif operation == "truncate":
            del raw[draw(st.integers(0, len(raw))) :]
        elif operation in ("duplicate-line", "drop-line", "indent"):
            lines = bytes(raw).splitlines(keepends=True)
            if not lines:
                continue
            index = draw(st.integers(0, len(lines) - 1))
            if operation == "duplicate-line":
                lines.insert(draw(st.integers(0, len(lines))), lines[index])
            elif operation == "drop-line":
                del lines[index]
            else:
                lines[index] = b" " * draw(st.integers(1, 3)) + lines[index]
            raw = bytearray(b"".join(lines))
    return relative, bytes(raw)


def _max_line(raw: bytes) -> int:
    text = raw.decode("utf-8", errors="replace")
    return sum(text.count(mark) for mark in LINE_BREAKS) + 1


def _walk(node: yamlsafe.Node) -> None:
    """Every node has a real position, scalars are text or None, and the nesting cap holds."""
    pending: list[tuple[yamlsafe.Node, int]] = [(node, 1)]
    while pending:
        current, depth = pending.pop()
        assert current.line >= 1 and current.column >= 1
        if isinstance(current, yamlsafe.Scalar):
            assert current.value is None or isinstance(current.value, str)
            continue
        assert depth <= yamlsafe.MAX_DEPTH
        if isinstance(current, yamlsafe.Mapping):
            for name, (key, value) in current.items.items():
                assert isinstance(name, str) and key.value == name
                pending.append((value, depth + 1))
        else:
            assert isinstance(current, yamlsafe.Sequence)
            pending.extend((item, depth + 1) for item in current.items)


def assert_problem(problem: object, path_prefix: str) -> None:
    assert isinstance(problem, Problem)
    text = problem.format()
    assert PROBLEM_LINE.match(text), text
    assert problem.position.path.startswith(path_prefix), text
    assert problem.position.line >= 1 and problem.position.column >= 1, text
    assert "internal error" not in problem.message, text


def assert_loader_outcome(raw: bytes) -> None:
    log = ProblemLog()
    node = yamlsafe.load_bytes(raw, SHOWN, log)  # must not raise, whatever raw is
    if node is None:
        assert log.problems, "refused without saying why"
    else:
        assert isinstance(node, (yamlsafe.Scalar, yamlsafe.Mapping, yamlsafe.Sequence))
        _walk(node)
        yamlsafe.to_plain(node)
    for problem in log.problems:
        assert_problem(problem, SHOWN)
        # libyaml marks the end of a file without a final line break one line past it, hence the + 1.
        assert problem.position.line <= _max_line(raw) + 1, problem.format()
        assert problem.position.column <= len(raw) + 1, problem.format()


@LOADER
@given(st.binary(max_size=600))
def test_loader_on_random_bytes(raw: bytes) -> None:
    assert_loader_outcome(raw)


@LOADER
@given(st.text(max_size=300))
def test_loader_on_random_text(text: str) -> None:
    assert_loader_outcome(text.encode("utf-8", errors="surrogatepass"))


@LOADER
@given(yaml_text)
def test_loader_on_yaml_like_text(text: str) -> None:
    assert_loader_outcome(text.encode("utf-8"))


@LOADER
@given(mutated_fixture_file())
def test_loader_on_mutated_fixture(case: tuple[str, bytes]) -> None:
    assert_loader_outcome(case[1])


@LOADER
@given(st.one_of(st.binary(max_size=200), yaml_text.map(str.encode)))
@example(b"title: An-124\x07 loads cargo\n")
def test_every_problem_is_one_line(raw: bytes) -> None:
    log = ProblemLog()
    yamlsafe.load_bytes(raw, SHOWN, log)
    for problem in log.problems:
        assert "\n" not in problem.format() and "\r" not in problem.format(), problem.format()


def _load_with(relative: str, raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        shutil.copytree(FIXTURE, data)
        target = data / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(raw)
        result = contract.load(data, today=BUILD_DATE)  # must not raise
        if result.dataset is None:
            assert result.problems, "no dataset and no problem"
        else:
            assert isinstance(result.dataset, Dataset)
            assert result.problems == []
            assert all(event.date.earliest <= BUILD_DATE for event in result.dataset.events)
        for problem in result.problems:
            assert_problem(problem, data.as_posix() + "/")
        assert result.problems == sorted(result.problems), "problems are not in a stable order"


@FULL_LOAD
@given(mutated_fixture_file())
def test_full_load_of_mutated_fixture(case: tuple[str, bytes]) -> None:
    _load_with(*case)


@FULL_LOAD
@given(st.sampled_from(["events/2024/fuzz.yaml", "sites/fuzz.yaml", "sources/fuzz.yaml", "tags.yaml"]), yaml_text)
def test_full_load_of_random_yaml_like_file(relative: str, text: str) -> None:
    _load_with(relative, text.encode("utf-8"))


def test_unmutated_fixture_loads() -> None:
    _load_with(FIXTURE_FILES[0], ORIGINALS[FIXTURE_FILES[0]])
    result = contract.load(FIXTURE, today=BUILD_DATE)
    assert result.problems == [] and result.dataset is not None
