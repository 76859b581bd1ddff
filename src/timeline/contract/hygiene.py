"""Text hygiene: characters a reader cannot see, and Markdown nested deeper than the renderer can go.

The patterns in ``model`` already refuse control characters and the bidirectional overrides. These checks
add what a pattern cannot say well: the other invisible format characters (Unicode category Cf: zero-width
spaces, word joiners, invisible operators, tag characters, the line and paragraph separators), which
hide text from a reviewer and break JavaScript that embeds JSON; and the nesting depth of lists and quotes.
Each error says which character and where it is, in the words of the text.
"""

from __future__ import annotations

import re
import unicodedata

from timeline.contract import limits

# Unicode category Cf, less what is kept, plus U+2028 and U+2029 (Zl, Zp): written out, because finding
# them at import would cost every command a third of a second. A unit test recomputes the set from
# unicodedata. Kept: ZWNJ and ZWJ (U+200C, U+200D), which shape Persian, Arabic and Indic words and emoji
# sequences, and the prepended concatenation marks (Arabic number signs and the like), which are visible.
KEPT_FORMAT_CHARACTERS = frozenset(
    {0x200C, 0x200D, *range(0x0600, 0x0606), 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x110BD, 0x110CD}
)
INVISIBLE_RANGES = (
    (0x00AD, 0x00AD), (0x061C, 0x061C), (0x180E, 0x180E), (0x200B, 0x200B), (0x200E, 0x200F),
    (0x2028, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB),
    (0x13430, 0x13438), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)  # fmt: skip
_INVISIBLE = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in INVISIBLE_RANGES) + "]")
# A line's nesting: its indentation (four spaces a level, as Python-Markdown counts) and the quote and list
# markers that open it.
_MARKERS = re.compile(r"(?:>[ \t]?|[-*+][ \t]+|[0-9]{1,9}[.)][ \t]+)")


def visible(text: str) -> str:
    """``text``, if it holds no invisible character; else a ValueError saying which and where."""
    found = _INVISIBLE.search(text)
    if found is None:
        return text
    char = found.group()
    name = unicodedata.name(char, "an unnamed format character")
    before = text[: found.start()]
    line = before.count("\n") + 1
    column = found.start() - (before.rfind("\n") + 1) + 1
    context = before[-20:].rsplit("\n", 1)[-1]
    where = f"line {line}, column {column} of the text" if "\n" in text else f"character {column}"
    after = f", after '{context}'" if context.strip() else ""
    if char in "\u2028\u2029":
        raise ValueError(f"contains {name} (U+{ord(char):04X}) at {where}{after}; write a line break instead")
    raise ValueError(f"contains {name} (U+{ord(char):04X}), an invisible character, at {where}{after}; remove it")


def nesting(text: str) -> int:
    """How deep lists and block quotes nest in Markdown ``text``, counted line by line."""
    deepest = 0
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        depth = (len(line) - len(stripped)) // 4
        position = 0
        while True:
            marker = _MARKERS.match(stripped, position)
            if marker is None:
                break
            depth += 1
            position = marker.end()
        deepest = max(deepest, depth)
    return deepest


def shallow(text: str) -> str:
    """``text``, if its lists and quotes nest at most ``limits.NESTING`` deep; else a ValueError."""
    depth = nesting(text)
    if depth > limits.NESTING:
        raise ValueError(f"nests lists or quotes {depth} levels deep; the limit is {limits.NESTING}")
    return text
