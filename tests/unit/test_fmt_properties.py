"""Properties of the formatter over many layouts of the project's own data files.

Each example takes a real data file, shuffles its top-level fields, adds comments at the ends of lines
and on lines of their own, and quotes some values. Whatever the layout, `fmt` either lays the file out
or refuses it with a reason; when it lays it out, what the file says and every comment are kept, each
comment next to what it was about, and a second run changes nothing. Layouts with comments only at
the ends of lines are always laid out: refusing is for the cases it cannot do safely.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.commands import DATA
from timeline.contract.problems import ProblemLog
from timeline.contrib import formatter

FILES = sorted(
    [(path, "event") for path in (DATA / "events").rglob("*.yaml")]
    + [(path, "site") for path in (DATA / "sites").glob("*.yaml")]
    + [(path, "source") for path in (DATA / "sources").glob("*.yaml")]
)


def _blocks(text: str) -> tuple[list[str], list[str]]:
    """The head comments, and each top-level field with its indented lines."""
    head, blocks = [], []
    for line in text.splitlines(keepends=True):
        if not blocks and line.startswith("#"):
            head.append(line)
        elif re.match(r"[a-z_]+:", line):
            blocks.append(line)
        else:
            blocks[-1] += line
    return head, blocks


def _quote_plain_values(block: str) -> str:
    """`key: value` → `key: "value"` on lines whose value is plain text that quoting leaves unchanged."""
    return re.sub(
        r"^(\s*(?:- )?[a-z_]+: )([A-Za-z][^'\"#\n:]*[A-Za-z.])$",
        lambda m: f'{m.group(1)}"{m.group(2)}"',
        block,
        flags=re.M,
    )


HEAD = "the top of the file"


def _items(block: str) -> tuple[str, list[str]]:
    """A `citations:` block as its key line and its items, each item's first line written `    key:`."""
    head, _, body = block.partition("\n")
    items: list[str] = []
    for line in body.splitlines(keepends=True):
        if line.startswith("  - "):
            items.append("    " + line[4:])
        else:
            items[-1] += line
    return head + "\n", items


def _fields_of(item: str) -> list[str]:
    """An item's fields, each with its continuation lines (a block scalar's text, say)."""
    fields: list[str] = []
    for line in item.splitlines(keepends=True):
        if re.match(r" {4}[a-z_]+:", line):
            fields.append(line)
        else:
            fields[-1] += line
    return fields


@st.composite
def layouts(draw: st.DrawFn) -> tuple[str, str, str, bool, dict[str, str]]:
    """(original, shuffled and commented, kind, whether a comment sits on a line of its own, and for each
    such comment the start of the line that must follow it after formatting)."""
    path, kind = draw(st.sampled_from(FILES))
    original = path.read_text(encoding="utf-8")
    head, blocks = _blocks(original)
    blocks = draw(st.permutations(blocks))
    follows: dict[str, str] = {}
    changed = []
    for number, block in enumerate(blocks):
        key = block.split(":", 1)[0]
        if key == "citations":
            citations_line, items = _items(block)
            rebuilt = citations_line
            for index, item in enumerate(items):
                fields = draw(st.permutations(_fields_of(item)))
                source = re.search(r"^ {4}source: (\S+)", item, re.M)
                if draw(st.integers(0, 4)) == 0 and source:
                    comment = f"# about citation {index}"
                    rebuilt += f"  {comment}\n"
                    follows[comment] = f"  - source: {source.group(1)}"
                rebuilt += "  - " + "".join(fields)[4:]
            block = rebuilt
        first, _, rest = block.partition("\n")
        if draw(st.booleans()) and "#" not in first and not first.rstrip().endswith(("|", ">", ">-", "|-")):
            first += f"  # note {number}"
        block = first + "\n" + rest
        if draw(st.booleans()):
            block = _quote_plain_values(block)
        if draw(st.integers(0, 9)) == 0:
            comment = f"# about field {number}"
            block = f"{comment}\n" + block
            # Above the first field, a comment is about the file, and stays at its top (see formatter).
            follows[comment] = f"{key}:" if number else HEAD
        changed.append(block)
    return original, "".join(head) + "".join(changed), kind, bool(follows), follows


def _comment_texts(text: str) -> list[str]:
    return sorted(match.group().rstrip() for match in re.finditer(r"(?:^|(?<= ))#[^\n]*", text, re.M))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layouts())
def test_fmt_keeps_meaning_and_comments_or_refuses(layout: tuple[str, str, str, bool, dict[str, str]]) -> None:
    original, text, kind, own_line_comments, follows = layout
    log = ProblemLog()
    formatted = formatter.format_checked(text, kind, "example.yaml", log)
    if formatted is None:
        assert own_line_comments, f"refused a layout it can lay out: {log.sorted()}"
        assert [problem.message for problem in log.sorted()] == [
            "fmt cannot keep this comment where it is: it would be dropped or end up next to another field"
        ]
        return
    assert not log
    assert yaml.load(formatted, Loader=yaml.BaseLoader) == yaml.load(original, Loader=yaml.BaseLoader)
    assert _comment_texts(formatted) == _comment_texts(text)
    lines = formatted.splitlines()
    # Each comment added at the end of a field's line is still on that field's line.
    for match in re.finditer(r"^([a-z_]+):.*(# note \d+)$", text, re.M):
        assert re.search(rf"^{match.group(1)}:.*{match.group(2)}$", formatted, re.M)
    # Each comment on a line of its own still comes just before what it was written above.
    for comment, following in follows.items():
        at = next(index for index, line in enumerate(lines) if line.strip() == comment)
        if following == HEAD:
            assert all(line.startswith("#") for line in lines[:at]), f"{comment!r} left the top\n{formatted}"
            continue
        after = next(line for line in lines[at + 1 :] if line.strip() and not line.lstrip().startswith("#"))
        assert after.startswith(following), f"{comment!r} is now above {after!r}\n{formatted}"
    assert formatter.format_checked(formatted, kind, "example.yaml", ProblemLog()) == formatted


def test_the_examples_cover_every_kind_of_file() -> None:
    assert {kind for _, kind in FILES} == {"event", "site", "source"}
    assert all(Path(path).is_file() for path, _ in FILES)
