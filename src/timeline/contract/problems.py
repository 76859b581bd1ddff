"""Problems found in contributor data, and the one-line form they are reported in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Position:
    """A place in a data file. Line and column are 1-based, as editors show them."""

    path: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True, order=True)
class Problem:
    """One thing a contributor must fix, at one place."""

    position: Position
    message: str
    hint: str = ""

    def format(self) -> str:
        text = f"{self.position.path}:{self.position.line}:{self.position.column}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return _printable(text)

    def format_github(self) -> str:
        """GitHub Actions' workflow-command form, which annotates the changed line in a pull request.

        Escaped by the runner's own rules (toolkit's escapeData and escapeProperty): in the message %, CR
        and LF; in a property (the file name, which a contributor chooses) also ':' and ','. Nothing a
        contributor writes can then end the command early or start another one.
        """
        message = _escape_data(_printable(self.message + (f" ({self.hint})" if self.hint else "")))
        pos = self.position
        path = _escape_data(_printable(pos.path)).replace(":", "%3A").replace(",", "%2C")
        return f"::error file={path},line={pos.line},col={pos.column}::{message}"


# Messages quote contributor text. A line break in it would split one problem over two lines, and an
# escape sequence would reach the terminal or CI log; both are shown escaped instead.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _printable(text: str) -> str:
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape", "backslashreplace").decode(), text)


@dataclass
class ProblemLog:
    """Collects problems across a whole run, so a contributor sees all of them at once."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, position: Position, message: str, hint: str = "") -> None:
        self.problems.append(Problem(position, message, hint))

    def __bool__(self) -> bool:
        return bool(self.problems)

    def sorted(self) -> list[Problem]:
        # Sorted by place so that output is deterministic whatever order checks ran in.
        return sorted(set(self.problems))


def display_path(path: Path) -> str:
    """The path as the contributor named it: relative stays relative, so editors can jump to it."""
    return path.as_posix()
