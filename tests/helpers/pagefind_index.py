"""The readers' search index as a test sees it: the records of a built site's Pagefind bundle."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

_SIGNATURE = b"pagefind_dcd"
"""What Pagefind puts before the JSON of every decompressed file; its script checks for it too."""


def search_records(site: Path) -> list[dict]:
    """Every page or record in the index (its fragment: url, content, meta.title), in file-name order."""
    records = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(_SIGNATURE), f"{path.name} is not a Pagefind fragment"
        records.append(json.loads(data[len(_SIGNATURE) :]))
    return records
