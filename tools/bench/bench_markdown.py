"""The hostile-Markdown benchmark: the worst inputs we know for a Markdown parser, at the summary's size
limit, each timed against ordinary prose of the same size in the same run.

Each attack is a shape that made some parser re-scan the text again and again: unclosed brackets, links
that never close their parenthesis, runs of emphasis markers, thousands of one-line blocks. The renderer
must stay linear in the text's length: the growth column times each attack at half and at the full
limit, and linear is 2×.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from timeline.contract import limits
from timeline.site import markup

ATTACKS: dict[str, Callable[[int], str]] = {
    "unclosed [": lambda n: "[" * n,
    "unclosed [ in words": lambda n: "[a " * (n // 3),
    "unclosed ![": lambda n: "![" * (n // 2),
    "[a]( never closed": lambda n: "[a](" * (n // 4),
    "nested [ ] 999 deep": lambda n: ("[" * 999 + "]" * 999) * (n // 1998),
    "runs of * and _": lambda n: "*_" * (n // 2),
    "emphasis runs": lambda n: "*a**" * (n // 4),
    "backticks": lambda n: "`a``" * (n // 4),
    "< autolinks never closed": lambda n: "<a" * (n // 2),
    "entities never closed": lambda n: "&#" * (n // 2),
    "backslashes": lambda n: "\\" * n,
    "one-line list items": lambda n: "- a\n" * (n // 4),
    "setext headings": lambda n: "a\n=\n" * (n // 4),
    "rules": lambda n: "- - -\n" * (n // 6),
    "quotes": lambda n: "> a\n" * (n // 4),
    "link reference definitions": lambda n: "[a]: http://x.org\n" * (n // 18),
}

_PARAGRAPH = (
    "Maxar satellite imagery from 13 December shows at least two *Antonov An-124* heavy transport aircraft "
    "on the tarmac at Hmeimim with their nose cones open, suggesting **preparations for loading**; see the "
    "[report](https://example.org/report). "
)


def prose(size: int) -> str:
    """Ordinary prose of ``size`` characters: paragraphs with emphasis and a link, as summaries are."""
    text = ""
    while len(text) < size:
        text += _PARAGRAPH * 3 + "\n\n"
    return text[:size]


def _best(text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        markup.render_with_markdown(text)
        best = min(best, time.perf_counter() - start)
    return best


def bench_markdown(size: int = limits.SUMMARY, runs: int = 3) -> dict[str, object]:
    """Seconds for each attack and for prose at ``size`` (and at half of it), the ratios, and the worst."""
    baseline = _best(prose(size), runs)
    rows = []
    for name, make in ATTACKS.items():
        full = make(size)[:size]
        half = make(size // 2)[: size // 2]
        seconds = _best(full, runs)
        rows.append(
            {
                "attack": name,
                "seconds": seconds,
                "ratio": seconds / baseline,
                "growth": seconds / max(_best(half, runs), 1e-9),
            }
        )
    worst = max(rows, key=lambda row: float(row["ratio"]))  # type: ignore[arg-type]
    return {"size": size, "prose_seconds": baseline, "rows": rows, "worst": worst}


def print_markdown(result: dict[str, object]) -> None:
    size, baseline = result["size"], float(result["prose_seconds"])  # type: ignore[arg-type]
    print(f"markdown, {size:,} characters (the summary limit); ordinary prose {baseline * 1000:.1f} ms")
    for row in result["rows"]:  # type: ignore[attr-defined]
        print(
            f"  {row['attack']:<28} {row['seconds'] * 1000:8.1f} ms  ratio {row['ratio']:6.1f}"
            f"  half → full {row['growth']:.1f}× (linear: 2×)"
        )
    worst = result["worst"]
    print(f"markdown worst case: {worst['attack']}, {worst['ratio']:.1f}× prose of the same size")  # type: ignore[index]
