"""Pagefind's filter files in a fixed order, so that the same data gives the same search bundle.

Pagefind 1.5 keeps each filter's values, and the list of filters, in hash maps whose order changes from one
run to the next: the same facets come out as different bytes, under different file names. This module
rewrites those files in sorted order before they are written, and names them after their new content:

- ``filter/<lang>_<hash>.pf_filter``: ``[name, [[value, [page numbers]], …]]``, the values sorted;
- ``pagefind.<lang>_<hash>.pf_meta``: its list of ``[filter name, file hash]`` sorted by name, with the new
  hashes;
- ``pagefind-entry.json``: the meta file's new hash.

Each file is ``pagefind_dcd`` and then CBOR, gzipped; only the little of CBOR these files use is read and
written here (whole numbers, text, byte strings, arrays, maps, definite lengths). Pagefind's script does not
check the hashes in file names, only looks files up by them. Anything unexpected leaves the bundle as it was.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterable
from typing import Any

_SIGNATURE = b"pagefind_dcd"
_FILTER = re.compile(r"^filter/(?P<lang>[\w-]+)_(?P<hash>[0-9a-f]+)\.pf_filter$")
_META = re.compile(r"^pagefind\.(?P<lang>[\w-]+)_(?P<hash>[0-9a-f]+)\.pf_meta$")
_ENTRY = "pagefind-entry.json"

Bundle = list[tuple[str, bytes]]


class _Map(list[tuple[Any, Any]]):
    """A CBOR map, as its pairs in order."""


def in_fixed_order(files: Iterable[tuple[str, bytes]]) -> Bundle:
    """The bundle with its filter files, and what names them, in sorted order; unchanged if not understood."""
    bundle = list(files)
    try:
        return _reordered(bundle)
    except (ValueError, KeyError, IndexError, TypeError, EOFError, OSError):
        return bundle  # a Pagefind release that writes these files otherwise: its own order, but a working search


def _reordered(bundle: Bundle) -> Bundle:
    renamed: dict[str, str] = {}
    """Old hash (``en_1f2bc85``) → new, for the filters and the meta file."""
    out: Bundle = []
    metas: list[tuple[str, Any]] = []
    for path, content in bundle:
        if found := _FILTER.match(path):
            name, values = _read(content)
            data = _write([name, sorted(values, key=lambda pair: pair[0])])
            new = f"{found['lang']}_{hashlib.sha256(data).hexdigest()[:7]}"
            renamed[f"{found['lang']}_{found['hash']}"] = new
            out.append((f"filter/{new}.pf_filter", data))
        elif found := _META.match(path):
            metas.append((path, _read(content)))
        else:
            out.append((path, content))
    for path, meta in metas:
        found = _META.match(path)
        assert found is not None
        # [version, pages, indexes, filters, sorts, meta fields]: the filters as [name, hash], by name.
        meta[3] = sorted(([name, renamed.get(old, old)] for name, old in meta[3]), key=lambda pair: pair[0])
        data = _write(meta)
        new = f"{found['lang']}_{hashlib.sha256(data).hexdigest()[:10]}"
        renamed[f"{found['lang']}_{found['hash']}"] = new
        out.append((f"pagefind.{new}.pf_meta", data))
    for index, (path, content) in enumerate(out):
        if path == _ENTRY:
            entry = json.loads(content)
            for language in entry["languages"].values():
                language["hash"] = renamed.get(language["hash"], language["hash"])
            out[index] = (path, json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return sorted(out)


def _read(content: bytes) -> Any:
    raw = gzip.decompress(content)
    if not raw.startswith(_SIGNATURE):
        raise ValueError("not a Pagefind data file")
    value, end = _decode(raw, len(_SIGNATURE))
    if end != len(raw):
        raise ValueError("trailing bytes")
    return value


def _write(value: Any) -> bytes:
    # mtime 0: the gzip header would otherwise carry the time of the build.
    return gzip.compress(_SIGNATURE + _encode(value), mtime=0)


def _decode(data: bytes, at: int) -> tuple[Any, int]:
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if info < 24:
        number = info
    elif info <= 27:
        size = 1 << (info - 24)
        number = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise ValueError("an indefinite length")
    if major == 0:
        return number, at
    if major in (2, 3):
        chunk = data[at : at + number]
        return (bytes(chunk) if major == 2 else chunk.decode("utf-8")), at + number
    if major == 4:
        items = []
        for _ in range(number):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = _Map()
        for _ in range(number):
            key, at = _decode(data, at)
            value, at = _decode(data, at)
            pairs.append((key, value))
        return pairs, at
    raise ValueError(f"CBOR major type {major}")


def _head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes([major << 5 | info]) + number.to_bytes(size, "big")
    raise ValueError("a number too large for CBOR")


def _encode(value: Any) -> bytes:
    if isinstance(value, bool) or value is None:
        raise ValueError("a simple value")
    if isinstance(value, int):
        if value < 0:
            raise ValueError("a negative number")
        return _head(0, value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        encoded = value.encode("utf-8")
        return _head(3, len(encoded)) + encoded
    if isinstance(value, _Map):
        return _head(5, len(value)) + b"".join(_encode(key) + _encode(item) for key, item in value)
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(item) for item in value)
    raise ValueError(f"cannot encode {type(value).__name__}")
