"""Size and shape limits of the data contract, far above anything a real event needs.

Every data file comes from a stranger's pull request and is built in CI, so nothing in it may make the
build's time or output grow without bound. Each limit is checked by ``timeline check`` with a
``path:line:col`` line naming the limit and the value, and written into the JSON Schemas (maxLength,
maxItems), so that editors show it too. The real data's largest values are an order of magnitude below.
"""

from __future__ import annotations

IDENTIFIER = 100
"""Characters (ASCII, so bytes) of an id, a tag or equipment key, or an alias: each becomes a file or
folder name, and file systems stop at 255 bytes."""
LINE = 500
"""Characters of a one-line text: titles, names, notes. The longest title today has about 100."""
QUOTE = 10_000
"""Characters of a quote: a few paragraphs of the source's words."""
SUMMARY = 20_000
"""Characters of a summary, in Markdown: some 3,000 words. The longest today has under 1,000 characters."""
NESTING = 8
"""Levels of lists and block quotes in Markdown: deeper ones end the renderer in a RecursionError."""

SITES = 20
TAGS = 20
CLAIMANTS = 10
EQUIPMENT = 50
CITATIONS = 50
RELATED = 50
"""For ``related`` and ``supersedes`` each."""
CORRECTIONS = 100
ALIASES = 20

VOCABULARY = 500
"""Entries in tags.yaml and in equipment.yaml: each tag gets a page and a feed."""
