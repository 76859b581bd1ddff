"""Pagefind's filter files, whose order changes from run to run, come out the same for the same facets."""

from __future__ import annotations

import gzip
import json

import pytest

from timeline.build import pagefind_order
from timeline.build.pagefind_order import _encode, _read

pytestmark = pytest.mark.unit


def _file(value: object) -> bytes:
    return gzip.compress(b"pagefind_dcd" + _encode(value), mtime=0)


def _bundle(status_values: list, filters: list, suffix: str) -> list[tuple[str, bytes]]:
    meta = ["1.5.2", [["en_page", 12]], [["000", "z", "en_index"]], filters, [["date", [2, 0, 1]]], ["title"]]
    return [
        (f"filter/en_{suffix}1.pf_filter", _file(["status", status_values])),
        (f"filter/en_{suffix}2.pf_filter", _file(["year", [["2024", [0, 1, 2]]]])),
        (f"pagefind.en_{suffix}0.pf_meta", _file(meta)),
        (
            "pagefind-entry.json",
            json.dumps({"version": "1.5.2", "languages": {"en": {"hash": f"en_{suffix}0"}}}).encode(),
        ),
        ("fragment/en_x.pf_fragment", b"untouched"),
    ]


def test_the_same_facets_in_another_order_give_the_same_bytes_and_names() -> None:
    one = _bundle(
        [["Reported", [0, 2]], ["Claimed", [1]]], [["year", "en_aaaaaa2"], ["status", "en_aaaaaa1"]], "aaaaaa"
    )
    two = _bundle(
        [["Claimed", [1]], ["Reported", [0, 2]]], [["status", "en_bbbbbb1"], ["year", "en_bbbbbb2"]], "bbbbbb"
    )
    first, second = pagefind_order.in_fixed_order(one), pagefind_order.in_fixed_order(two)
    assert first == second
    files = dict(first)
    (meta_path,) = [path for path in files if path.endswith(".pf_meta")]
    meta = _read(files[meta_path])
    # The meta lists the filters by name, each under the name of its rewritten file, which holds its values sorted.
    assert [name for name, _ in meta[3]] == ["status", "year"]
    status = _read(files[f"filter/{meta[3][0][1]}.pf_filter"])
    assert status == ["status", [["Claimed", [1]], ["Reported", [0, 2]]]]
    entry = json.loads(files["pagefind-entry.json"])
    assert meta_path == f"pagefind.{entry['languages']['en']['hash']}.pf_meta"
    assert files["fragment/en_x.pf_fragment"] == b"untouched"


def test_a_file_it_does_not_understand_leaves_the_bundle_as_it_was() -> None:
    bundle = _bundle([["Claimed", [1]]], [["status", "en_cccccc1"]], "cccccc")
    broken = [(path, b"not gzip" if path.endswith(".pf_filter") else content) for path, content in bundle]
    assert pagefind_order.in_fixed_order(broken) == broken
