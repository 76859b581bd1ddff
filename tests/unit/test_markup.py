"""Contributor Markdown: the fast path for plain prose must give exactly what the full path gives."""

from __future__ import annotations

import pathlib

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.commands import DATA
from timeline.site import markup

# Pieces rather than characters, so that list markers, indentation and blank lines turn up often.
PIECES = [
    *"abcXYZ 019.,;:'\"()?-/%$@\né’*",
    *["  ", "\n\n", "    ", "1. ", "- ", "\n- ", "\n2) ", "\n> ", "\n---", "\n* "],
    *["**", "**bold**", "*em*", "**two words**", "*a*", " **", "** "],
    *["\u3000", "\u2028", "\u00a0", "\r", "\t", " \n"],
]
PROSE = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=1500, deadline=None)
@given(PROSE)
def test_plain_prose_renders_as_markdown_would(text: str) -> None:
    assert markup.render(text) == markup.render_with_markdown(text)


def test_seed_texts_render_the_same_on_both_paths() -> None:
    texts = []
    for path in sorted(pathlib.Path(DATA).rglob("*.yaml")):
        record = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        if isinstance(record, dict):
            texts += [record["summary"]] if "summary" in record else []
            texts += [c["quote"] for c in record.get("citations", []) if "quote" in c]
    assert len(texts) > 40
    for text in texts:
        assert markup.render(text) == markup.render_with_markdown(text), text
