"""Broken contributor files, one per case, each checked through the ``timeline check`` command's own function.

Every case copies the valid fixture in tests/data/minimal to ``tmp_path/data``, writes one file (or a few)
and expects exit code 1 with exactly the listed problem lines: path, line, column, message and hint. No case
may print a traceback, and no case may leave a file behind that a YAML constructor could have created.

A known defect can be recorded as a case marked ``xfail(strict=True, reason="bug: …")`` that expects the
correct behaviour, so that it turns into an XPASS failure once the checker is fixed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from helpers.commands import REPO, run_cli
from timeline import contract
from timeline.contract import yamlsafe

TESTS = REPO / "tests"
FIXTURE = TESTS / "data" / "minimal"

BUILD_DATE = "2026-01-01"
BUILD_EPOCH = "1767225600"  # 2026-01-01T00:00:00Z, so that "after the build date" never depends on today

HAS_LIBYAML = yamlsafe._Parser is getattr(yaml, "CSafeLoader", None)
needs_libyaml = pytest.mark.skipif(not HAS_LIBYAML, reason="syntax-error wording and columns are libyaml's")

Expected = list[str | re.Pattern[str]]


def run_check(
    tmp_path: Path, files: dict[str, bytes | str | None], prepare: Callable[[Path], None] | None = None
) -> subprocess.CompletedProcess[str]:
    """Copy the fixture to tmp_path/data, apply ``files`` (None deletes a file) and ``prepare`` (for what
    is not file content: links, pipes), and run the checker there."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    if prepare is not None:
        prepare(data)
    for relative, content in files.items():
        target = data / relative
        if content is None:
            target.unlink()
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    result = run_cli("check", "data", cwd=tmp_path, env={"SOURCE_DATE_EPOCH": BUILD_EPOCH})
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    # Nothing a YAML constructor could run may have left a trace (see the !!python/object cases).
    assert not list(tmp_path.rglob("PWNED")), "a YAML tag executed code"
    return result


def assert_lines(actual: list[str], expected: Expected) -> None:
    shown = "\n".join(actual)
    assert len(actual) == len(expected), f"expected {len(expected)} line(s), got:\n{shown}"
    for line, want in zip(actual, expected, strict=True):
        if isinstance(want, re.Pattern):
            assert want.fullmatch(line), f"{line!r} does not match {want.pattern!r}\nall output:\n{shown}"
        else:
            assert line == want, f"all output:\n{shown}"


def _edit(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:
        raise ValueError(f"{old!r} must occur exactly once in the base text")
    return text.replace(old, new)


# Base texts for new files. Nothing in the fixture refers to them, so a broken one reports only its own problems.

NEW_EVENT = "events/2024/new-event.yaml"
EV = "data/" + NEW_EVENT
EVENT = """\
title: An-124 loads cargo at Hmeimim
date: 2024-12-13
sites: [hmeimim]
tags: [airlift]
status: reported
summary: |
  Satellite images show an An-124 on the apron at Hmeimim with its nose cone open.
equipment:
  - type: an-124
    count: 1
    note: nose cone open
citations:
  - source: maxar
    title: Satellite images of Hmeimim Air Base
    url: https://example.org/maxar/hmeimim-2024-12-13
    published: 2024-12-13
    via: worthy-news
    accessed: 2024-12-14
claimed_by: [maxar]
"""

NEW_SITE = "sites/latakia.yaml"
SI = "data/" + NEW_SITE
SITE = """\
name: Latakia port
kind: city
country: SY
coordinates:
  lat: 35.522
  lon: 35.776
precision: area
summary: |
  The port city north of Hmeimim.
"""

NEW_SOURCE = "sources/sana.yaml"
SO = "data/" + NEW_SOURCE
SOURCE = """\
name: SANA
kind: state_media
url: https://example.org/sana/
summary: |
  Syria's state news agency.
"""

TAGS = (FIXTURE / "tags.yaml").read_text(encoding="utf-8")  # 7 lines; line 8 is the first appended one
EQUIPMENT = (FIXTURE / "equipment.yaml").read_text(encoding="utf-8")  # 9 lines


def event(old: str, new: str) -> str:
    return _edit(EVENT, old, new)


URL_LINE = "url: https://example.org/maxar/hmeimim-2024-12-13"
ACCESSED_LINE = "    accessed: 2024-12-14\n"
SUMMARY_LINE = "  Satellite images show an An-124 on the apron at Hmeimim with its nose cone open."
CLAIMED_LINE = "claimed_by: [maxar]\n"
TITLE_LINE = "title: An-124 loads cargo at Hmeimim"
NOT_UTF8_HINT = " (save the file with UTF-8 encoding)"
STATUSES = "confirmed, reported, claimed, disputed, retracted"
CATEGORIES = "aircraft, helicopter, air_defence, radar, ship, ground_vehicle, other"
SOURCE_KINDS = "news_outlet, imagery_provider, analyst, think_tank, government, state_media, social_media, other"
EDTF_EXAMPLES = "write it like 2024-12-13, 2024-12, 2024-12~, 2024-12-12? or 2024-12-10/2024-12-13"
TOO_DEEP = f"nested deeper than {yamlsafe.MAX_DEPTH} levels"

CASES = [
    # --- YAML features the hardened loader refuses -------------------------------------------------------------
    pytest.param(
        NEW_EVENT,
        '!!python/object/apply:os.system ["touch PWNED"]\n',
        [
            f"{EV}:1:1: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed; remove it",
            f"{EV}:1:1: file must hold a mapping of fields (like 'title: …'), not a list",
        ],
        id="python-object-apply-whole-file",
    ),
    pytest.param(
        NEW_EVENT,
        event(TITLE_LINE, "title: !!python/object/new:os.system [touch PWNED]"),
        [
            f"{EV}:1:8: 'title' must be a single value, not a list",
            f"{EV}:1:8: YAML tag 'tag:yaml.org,2002:python/object/new:os.system' is not allowed; remove it",
        ],
        id="python-object-new-in-a-field",
    ),
    pytest.param(
        NEW_EVENT,
        event("status: reported", "status: !!python/name:os.system reported"),
        [f"{EV}:5:9: YAML tag 'tag:yaml.org,2002:python/name:os.system' is not allowed; remove it"],
        id="python-name-tag-on-scalar",
    ),
    pytest.param(
        NEW_EVENT,
        event(TITLE_LINE, "title: !!str An-124 loads cargo at Hmeimim"),
        [f"{EV}:1:8: YAML tag 'tag:yaml.org,2002:str' is not allowed; remove it"],
        id="str-tag",
    ),
    pytest.param(
        NEW_EVENT,
        event("count: 1", "count: !!int 1"),
        [f"{EV}:10:12: YAML tag 'tag:yaml.org,2002:int' is not allowed; remove it"],
        id="int-tag",
    ),
    pytest.param(
        NEW_EVENT,
        event(TITLE_LINE, "title: !local An-124 loads cargo at Hmeimim"),
        [f"{EV}:1:8: YAML tag '!local' is not allowed; remove it"],
        id="local-tag",
    ),
    pytest.param(
        NEW_EVENT,
        event("tags: [airlift]", "tags: !!set [airlift]"),
        [f"{EV}:4:7: YAML tag 'tag:yaml.org,2002:set' is not allowed; remove it"],
        id="tag-on-a-list",
    ),
    pytest.param(
        NEW_EVENT,
        "%TAG !e! tag:example.com,2024:\n---\n" + event(TITLE_LINE, "title: !e!x An-124 loads cargo at Hmeimim"),
        # The directive is refused first: it would change how other tools read the whole file.
        [f"{EV}:1:1: YAML directives (%YAML, %TAG) are not allowed; remove the line"],
        id="tag-directive",
    ),
    pytest.param(
        NEW_EVENT,
        event("status: reported", "!!str status: reported"),
        [f"{EV}:5:1: YAML tag 'tag:yaml.org,2002:str' is not allowed; remove it"],
        id="tag-on-a-key",
    ),
    pytest.param(
        NEW_EVENT,
        event("sites: [hmeimim]", "sites: &where [hmeimim]"),
        [f"{EV}:3:8: YAML anchor '&where' is not allowed; remove it"],
        id="anchor",
    ),
    pytest.param(
        NEW_EVENT,
        _edit(
            event("    title: Satellite images", "    title: &t Satellite images"),
            ACCESSED_LINE,
            ACCESSED_LINE + "    quote: *t\n",
        ),
        [
            f"{EV}:14:12: YAML anchor '&t' is not allowed; remove it",
            f"{EV}:19:12: YAML alias '*t' is not allowed; write the value out",
        ],
        id="anchor-and-alias",
    ),
    pytest.param(
        NEW_EVENT,
        event("summary: |", "<<: {title: merged}\nsummary: |"),
        [f"{EV}:6:1: unknown field '<<'"],
        id="merge-key-is-just-an-unknown-field",
    ),
    pytest.param(
        NEW_EVENT,
        EVENT + "title: Another title\n",
        [f"{EV}:20:1: duplicate key 'title': also given at line 1; keep only one"],
        id="duplicate-key",
    ),
    pytest.param(
        NEW_EVENT,
        event(ACCESSED_LINE, ACCESSED_LINE + "    url: https://example.org/other\n"),
        [f"{EV}:19:5: duplicate key 'url': also given at line 15; keep only one"],
        id="duplicate-key-in-citation",
    ),
    pytest.param(
        NEW_EVENT,
        EVENT + "~: nothing\n",
        [f"{EV}:20:1: a key must be a plain name, like 'title'"],
        id="null-key",
    ),
    pytest.param(
        NEW_EVENT,
        EVENT + "[a, b]: list as key\n",
        [f"{EV}:20:1: a key must be a plain name, like 'title'"],
        id="list-as-key",
    ),
    # --- the shape of the file ----------------------------------------------------------------------------------
    pytest.param(NEW_EVENT, "", [f"{EV}:1:1: file is empty; it must hold a mapping of fields"], id="empty-file"),
    pytest.param(
        NEW_EVENT,
        "# TODO: write this event\n\n# later\n",
        [f"{EV}:1:1: file is empty; it must hold a mapping of fields"],
        id="comment-only-file",
    ),
    pytest.param(
        NEW_EVENT,
        "---\n",
        [f"{EV}:1:1: file is empty; it must hold a mapping of fields"],
        id="document-marker-only",
    ),
    pytest.param(
        NEW_EVENT,
        "- title: An-124 loads cargo\n- date: 2024-12-13\n",
        [f"{EV}:1:1: file must hold a mapping of fields (like 'title: …'), not a list"],
        id="top-level-list",
    ),
    pytest.param(
        NEW_EVENT,
        "An-124 loads cargo at Hmeimim\n",
        [f"{EV}:1:1: file must hold a mapping of fields (like 'title: …'), not a single value"],
        id="top-level-string",
    ),
    pytest.param(
        NEW_EVENT,
        EVENT + "---\ntitle: A second event\n",
        [f"{EV}:20:1: file holds more than one YAML document; keep one per file"],
        id="two-documents",
    ),
    pytest.param(
        NEW_EVENT,
        EVENT + "...\ntitle: after the end marker\n",
        [f"{EV}:21:1: YAML syntax error: did not find expected <document start>"],
        id="content-after-document-end",
        marks=needs_libyaml,
    ),
    # --- encoding and size --------------------------------------------------------------------------------------
    pytest.param(
        NEW_EVENT,
        event("Satellite images show", "Satellite imag\xe9s show").encode("latin-1"),
        [f"{EV}:7:17: file is not valid UTF-8 (byte 0xe9){NOT_UTF8_HINT}"],
        id="latin-1-byte",
    ),
    pytest.param(
        NEW_EVENT,
        event("Satellite images show", "Sätellïte imagXs show").encode("utf-8").replace(b"imagXs", b"imag\xe9s"),
        [f"{EV}:7:17: file is not valid UTF-8 (byte 0xe9){NOT_UTF8_HINT}"],
        id="bad-byte-column-after-multibyte-characters",
    ),
    pytest.param(
        NEW_EVENT,
        EVENT.encode("utf-16"),
        [f"{EV}:1:1: file is not valid UTF-8 (byte 0xff){NOT_UTF8_HINT}"],
        id="utf-16-with-bom",
    ),
    pytest.param(
        NEW_EVENT,
        EVENT.encode("utf-16-le"),
        [re.compile(re.escape(EV) + r":1:2: [^\n]*(U\+0000|#x0000|NUL)[^\n]*")],
        id="utf-16-without-bom",
    ),
    pytest.param(
        NEW_EVENT,
        EVENT + "# " + "x" * yamlsafe.MAX_FILE_BYTES + "\n",
        [
            f"{EV}:1:1: file is larger than the limit of {yamlsafe.MAX_FILE_BYTES:,} bytes"
            " (split it, or shorten the summary and quotes)"
        ],
        id="file-over-size-cap",
    ),
    # --- nesting ------------------------------------------------------------------------------------------------
    pytest.param(
        NEW_EVENT,
        "title: " + "[" * 100_000 + "\n",
        [f"{EV}:1:{8 + yamlsafe.MAX_DEPTH}: {TOO_DEEP}"],
        id="flow-nesting-100000-deep",
    ),
    pytest.param(
        NEW_EVENT,
        "title: " + '[ "]", ' * 30_000 + "\n",  # the quoted "]" defeats the bracket pre-count; streaming catches it
        [f"{EV}:1:85: {TOO_DEEP}"],
        id="flow-nesting-disguised-by-quoted-brackets",
    ),
    pytest.param(
        NEW_EVENT,
        "title:\n  " + "- " * 50 + "x\n",
        [f"{EV}:2:{3 + 2 * (yamlsafe.MAX_DEPTH - 1)}: {TOO_DEEP}"],
        id="block-sequence-nesting",
    ),
    pytest.param(
        NEW_EVENT,
        "".join("  " * level + f"level{level}:\n" for level in range(40)) + "  " * 40 + "bottom\n",
        [f"{EV}:{yamlsafe.MAX_DEPTH + 1}:{1 + 2 * yamlsafe.MAX_DEPTH}: {TOO_DEEP}"],
        id="block-mapping-nesting",
    ),
    # --- YAML syntax --------------------------------------------------------------------------------------------
    pytest.param(
        NEW_EVENT,
        event("status: reported", "status: reported: yes"),
        [f"{EV}:5:17: YAML syntax error: mapping values are not allowed in this context"],
        id="syntax-error-colon-in-value",
        marks=needs_libyaml,
    ),
    pytest.param(
        NEW_EVENT,
        event("  - type: an-124", "\t- type: an-124"),
        [f"{EV}:9:1: YAML syntax error: found character that cannot start any token"],
        id="syntax-error-tab-indent",
        marks=needs_libyaml,
    ),
    pytest.param(
        NEW_EVENT,
        event(TITLE_LINE, 'title: "An-124 loads cargo at Hmeimim'),
        [re.compile(re.escape(EV) + r":1:8: YAML syntax error: .*quoted scalar.*")],
        id="syntax-error-unclosed-quote",
        marks=needs_libyaml,
    ),
    # --- fields: unknown, missing, empty, wrong type -----------------------------------------------------------
    pytest.param(
        NEW_EVENT,
        event(TITLE_LINE, "titel: An-124 loads cargo at Hmeimim"),
        # One typo, one line: the "missing required field 'title'" it causes is not reported too.
        [f"{EV}:1:1: unknown field 'titel' (did you mean 'title'?)"],
        id="unknown-field-typo",
    ),
    pytest.param(
        NEW_EVENT,
        event("    published:", "    publshed:"),
        [f"{EV}:16:5: unknown field 'publshed' (did you mean 'published'?)"],
        id="unknown-field-typo-in-citation",
    ),
    pytest.param(
        NEW_EVENT,
        EVENT + '"title[2]": A bracket in a key\n',
        [f"{EV}:20:1: unknown field 'title[2]' (did you mean 'title'?)"],
        id="unknown-field-with-brackets",
    ),
    pytest.param(
        "tags.yaml",
        TAGS.replace("  label: Naval", "  lab[el: Naval"),
        ["data/tags.yaml:6:3: unknown field 'lab[el' (did you mean 'label'?)"],
        id="unknown-vocabulary-field-with-a-bracket",
    ),
    pytest.param(
        NEW_EVENT,
        event("    note: nose cone open", '    "note[0]": nose cone open'),
        [f"{EV}:11:5: unknown field 'note[0]' (did you mean 'note'?)"],
        id="unknown-nested-field-with-brackets",
    ),
    pytest.param(
        NEW_EVENT,
        event("status: reported\n", ""),
        [f"{EV}:1:1: missing required field 'status'"],
        id="missing-required-field",
    ),
    pytest.param(
        NEW_EVENT,
        event("  - source: maxar\n    title:", "  - title:"),
        [f"{EV}:13:5: missing required field 'citations[0].source'"],
        id="missing-required-field-in-citation",
    ),
    pytest.param(
        NEW_EVENT,
        event(TITLE_LINE, "title:"),
        [f"{EV}:1:7: 'title' is empty; give a value or remove the line"],
        id="empty-value",
    ),
    pytest.param(
        NEW_EVENT,
        event(TITLE_LINE, "title: null"),
        [f"{EV}:1:8: 'title' is empty; give a value or remove the line"],
        id="null-value",
    ),
    pytest.param(
        NEW_EVENT,
        event(TITLE_LINE, 'title: "  "'),
        [f"{EV}:1:8: 'title' is blank"],
        id="blank-quoted-value",
    ),
    pytest.param(
        NEW_EVENT,
        event(TITLE_LINE, "title: [An-124, Hmeimim]"),
        [f"{EV}:1:8: 'title' must be a single value, not a list"],
        id="list-where-text-expected",
    ),
    pytest.param(
        NEW_EVENT,
        event(TITLE_LINE, "title: {what: An-124}"),
        [f"{EV}:1:8: 'title' must be a single value, not a mapping"],
        id="mapping-where-text-expected",
    ),
    pytest.param(
        NEW_EVENT,
        event("sites: [hmeimim]", "sites: hmeimim"),
        [f"{EV}:3:8: 'sites' must be a list, not a single value (write it as sites: [ ... ])"],
        id="text-where-list-expected",
    ),
    pytest.param(
        NEW_EVENT,
        event("sites: [hmeimim]", "sites: []"),
        [f"{EV}:3:8: 'sites' needs at least 1 item"],
        id="empty-list",
    ),
    pytest.param(
        NEW_EVENT,
        event("sites: [hmeimim]", "sites: [hmeimim, ~]"),
        [f"{EV}:3:18: 'sites[1]' is empty; give a value or remove the line"],
        id="empty-list-item",
    ),
    pytest.param(
        NEW_EVENT,
        event("  - type: an-124\n    count: 1\n    note: nose cone open\n", "  - an-124\n"),
        [f"{EV}:9:5: 'equipment[0]' must be a mapping of fields, not a single value"],
        id="text-where-mapping-expected",
    ),
    pytest.param(
        NEW_EVENT,
        event("status: reported", "status: reportd"),
        [f"{EV}:5:9: 'status' must be one of: {STATUSES}; got 'reportd' (did you mean 'reported'?)"],
        id="invalid-status",
    ),
    pytest.param(
        NEW_EVENT,
        event("status: reported", "status: Confirmed"),
        [f"{EV}:5:9: 'status' must be one of: {STATUSES}; got 'Confirmed' (did you mean 'confirmed'?)"],
        id="status-in-capitals",
    ),
    pytest.param(
        NEW_EVENT,
        event("status: reported", 'status: "reported\\nconfirmed"'),
        [re.compile(re.escape(EV) + r":5:9: 'status' must be one of: [^\n]*")],
        id="line-break-in-echoed-value",
    ),
    pytest.param(
        NEW_EVENT,
        event("status: reported", 'status: "\\e[2J\\e[31mreported"'),
        [re.compile(re.escape(EV) + r":5:9: 'status' must be one of: [^\x1b]*")],
        id="terminal-escape-in-echoed-value",
    ),
    # --- ids and references -------------------------------------------------------------------------------------
    pytest.param(
        NEW_EVENT,
        event("sites: [hmeimim]", "sites: [Hmeimim_Air_Base]"),
        [
            f"{EV}:3:9: 'sites[0]': 'Hmeimim_Air_Base' is not a valid id: use lowercase letters, digits and single"
            " hyphens (did you mean 'hmeimim-air-base'?)"
        ],
        id="bad-id-in-reference",
    ),
    pytest.param(
        NEW_EVENT,
        event("sites: [hmeimim]", "sites: [khmeimim]"),
        [f"{EV}:3:9: unknown site 'khmeimim' (did you mean 'hmeimim'?)"],
        id="unknown-site-alias-hint",
    ),
    pytest.param(
        NEW_EVENT,
        event("sites: [hmeimim]", "sites: [hmeimim, tartous]"),
        [f"{EV}:3:18: unknown site 'tartous' (did you mean 'tartus'?)"],
        id="unknown-site-typo",
    ),
    pytest.param(
        NEW_EVENT,
        event("tags: [airlift]", "tags: [airlift, navy]"),
        [f"{EV}:4:17: unknown tag 'navy' (did you mean 'naval'?)"],
        id="unknown-tag",
    ),
    pytest.param(
        NEW_EVENT,
        event("type: an-124", "type: an-125"),
        [f"{EV}:9:11: unknown equipment type 'an-125' (did you mean 'an-124'?)"],
        id="unknown-equipment",
    ),
    pytest.param(
        NEW_EVENT,
        event("source: maxar", "source: planet-labs"),
        [f"{EV}:13:13: unknown source 'planet-labs'"],
        id="unknown-source",
    ),
    pytest.param(
        NEW_EVENT,
        event("via: worthy-news", "via: worthynews"),
        [f"{EV}:17:10: unknown source 'worthynews' (did you mean 'worthy-news'?)"],
        id="unknown-via",
    ),
    pytest.param(
        NEW_EVENT,
        event("via: worthy-news", "via: maxar"),
        [f"{EV}:17:10: 'via' names the cited source itself; remove it"],
        id="via-equals-source",
    ),
    pytest.param(
        NEW_EVENT,
        EVENT + "related: [frigates-leave-tartus, frigates-leave-tarsus]\n",
        [f"{EV}:20:34: unknown event 'frigates-leave-tarsus' (did you mean 'frigates-leave-tartus'?)"],
        id="unknown-related",
    ),
    pytest.param(
        NEW_EVENT,
        EVENT + "supersedes:\n  - an-124-at-khmeimim\n",
        [f"{EV}:21:5: unknown event 'an-124-at-khmeimim' (did you mean 'an-124-at-hmeimim'?)"],
        id="unknown-supersedes",
    ),
    pytest.param(
        NEW_EVENT,
        EVENT + "related: [an-124-at-hmeimim, new-event]\n",
        [f"{EV}:20:30: an event cannot list itself in 'related'"],
        id="self-reference-in-related",
    ),
    pytest.param(
        NEW_EVENT,
        EVENT + "supersedes: [new-event]\n",
        [f"{EV}:20:14: an event cannot list itself in 'supersedes'"],
        id="self-reference-in-supersedes",
    ),
    # --- dates --------------------------------------------------------------------------------------------------
    pytest.param(
        NEW_EVENT,
        event("date: 2024-12-13", "date: 2024-02-30"),
        [f"{EV}:2:7: 'date': '2024-02-30' is not a real day"],
        id="impossible-date",
    ),
    pytest.param(
        NEW_EVENT,
        event("date: 2024-12-13", "date: 2024-12-13/2024-12-10"),
        [f"{EV}:2:7: 'date': interval '2024-12-13/2024-12-10' ends before it starts; put the earlier date first"],
        id="interval-ends-before-start",
    ),
    pytest.param(
        "events/2026/new-event.yaml",
        event("date: 2024-12-13", "date: 2026-03-01"),
        [f"data/events/2026/new-event.yaml:2:7: date '2026-03-01' is after the build date {BUILD_DATE}"],
        id="date-after-build-date",
    ),
    pytest.param(
        "events/2025/new-event.yaml",
        event("date: 2024-12-13", "date: 2025-12-30/2026-01-02"),
        [f"data/events/2025/new-event.yaml:2:7: date '2025-12-30/2026-01-02' is after the build date {BUILD_DATE}"],
        id="interval-ending-after-build-date",
    ),
    pytest.param(
        NEW_EVENT,
        event("date: 2024-12-13", "date: 2025-01-03"),
        [f"{EV}:2:7: event dated 2025 is filed in the folder 2024/ (move it to events/2025/ or correct the date)"],
        id="date-in-wrong-year-folder",
    ),
    pytest.param(
        NEW_EVENT,
        event("date: 2024-12-13", "date: 13 December 2024"),
        [f"{EV}:2:7: 'date': '13 December 2024' is not a valid EDTF date; {EDTF_EXAMPLES}"],
        id="non-edtf-date",
    ),
    pytest.param(
        NEW_EVENT,
        event("date: 2024-12-13", "date: 2024/12/13"),
        [f"{EV}:2:7: 'date': '2024/12/13' is not a valid EDTF date; {EDTF_EXAMPLES}"],
        id="slashed-date",
    ),
    pytest.param(
        NEW_EVENT,
        event("date: 2024-12-13", "date: 2024-12-13T10:00:00Z"),
        [f"{EV}:2:7: 'date': '2024-12-13T10:00:00Z' has a time of day; give the date only, e.g. 2024-12-13"],
        id="time-of-day",
    ),
    pytest.param(
        NEW_EVENT,
        event("date: 2024-12-13", "date: 2024-12-13/.."),
        [f"{EV}:2:7: 'date': '2024-12-13/..' is open-ended; give both ends, approximate if need be (2024-12~)"],
        id="open-ended-interval",
    ),
    pytest.param(
        NEW_EVENT,
        event("date: 2024-12-13", "date: '[2024-12-13,2024-12-14]'"),
        [
            f"{EV}:2:7: 'date': '[2024-12-13,2024-12-14]' is an EDTF form this timeline does not accept;"
            f" {EDTF_EXAMPLES}",
        ],
        id="edtf-level-2",
    ),
    pytest.param(
        NEW_EVENT,
        event("date: 2024-12-13", "date: ٢٠٢٤-١٢-١٣"),  # Arabic-Indic digits, as pasted from an Arabic source
        [f"{EV}:2:7: 'date': '٢٠٢٤-١٢-١٣' is not a valid EDTF date; {EDTF_EXAMPLES}"],
        id="arabic-indic-digits-in-date",
    ),
    pytest.param(
        NEW_EVENT,
        event("published: 2024-12-13", "published: 2026-06-01"),
        [f"{EV}:16:16: published date '2026-06-01' is after the build date {BUILD_DATE}"],
        id="published-after-build-date",
    ),
    pytest.param(
        NEW_EVENT,
        event("published: 2024-12-13", "published: 2024-12-13/2024-12-14"),
        [f"{EV}:16:16: 'published' must be a single date, not an interval"],
        id="published-interval",
    ),
    # --- links and sourcing rules -------------------------------------------------------------------------------
    pytest.param(
        NEW_EVENT,
        event(URL_LINE, "url: javascript:alert(document.cookie)"),
        [f"{EV}:15:10: 'citations[0].url' must be an http:// or https:// link, not 'javascript'"],
        id="javascript-url",
    ),
    pytest.param(
        NEW_EVENT,
        event(URL_LINE, "url: ftp://ftp.maxar.com/hmeimim.tif"),
        [f"{EV}:15:10: 'citations[0].url' must be an http:// or https:// link, not 'ftp'"],
        id="ftp-url",
    ),
    pytest.param(
        NEW_EVENT,
        event(URL_LINE, "url: https://editor:hunter2@example.org/news"),
        [f"{EV}:15:10: 'citations[0].url' must not carry a user name or password"],
        id="url-with-credentials",
    ),
    pytest.param(
        NEW_EVENT,
        event(URL_LINE, "url: https:///news/hmeimim"),
        [f"{EV}:15:10: 'citations[0].url' is not a complete link (https://host/path)"],
        id="url-without-host",
    ),
    pytest.param(
        NEW_EVENT,
        _edit(event("status: reported", "status: confirmed"), CLAIMED_LINE, ""),
        [
            f"{EV}:5:9: status 'confirmed' needs citations from at least two independent sources; these rest on"
            " 'maxar' alone (add an independent source, or use 'reported')"
        ],
        id="confirmed-with-one-source",
    ),
    pytest.param(
        NEW_EVENT,
        _edit(
            event("status: reported", "status: confirmed"),
            CLAIMED_LINE,
            "  - source: maxar\n    title: A second image release\n    url_note: not published\n",
        ),
        [
            f"{EV}:5:9: status 'confirmed' needs citations from at least two independent sources; these rest on"
            " 'maxar' alone (add an independent source, or use 'reported')"
        ],
        id="confirmed-with-two-citations-of-one-source",
    ),
    pytest.param(
        NEW_EVENT,
        _edit(event("source: maxar", "source: dara-massicot"), CLAIMED_LINE, "claimed_by: [dara-massicot]\n"),
        [
            f"{EV}:13:5: citation of 'dara-massicot' (analyst) needs an 'archive_url', or an 'archive_note' saying"
            " why there is none (posts get deleted; archive them, e.g. on web.archive.org)"
        ],
        id="analyst-citation-without-archive",
    ),
    pytest.param(
        NEW_EVENT,
        event(f"    {URL_LINE}\n", ""),
        [
            f"{EV}:13:5: citation has no 'url'; give one, or a 'url_note' saying why there is none"
            " (e.g. url_note: the article gives no link)"
        ],
        id="citation-without-url-or-url-note",
    ),
    # --- numbers ------------------------------------------------------------------------------------------------
    pytest.param(
        NEW_EVENT,
        event("count: 1", "count: 0"),
        [f"{EV}:10:12: 'equipment[0].count' must be greater than or equal to 1"],
        id="count-zero",
    ),
    pytest.param(
        NEW_EVENT,
        event("count: 1", "count: two"),
        [f"{EV}:10:12: 'equipment[0].count': 'two' is not a whole number"],
        id="count-in-words",
    ),
    pytest.param(
        NEW_EVENT,
        event("count: 1", 'count: "1"'),
        # Editors read the JSON Schema, where a quoted 1 is text, not a number; the checker agrees.
        [f"{EV}:10:12: 'equipment[0].count' must be a number, not quoted text: write 1 without quotes"],
        id="quoted-number",
    ),
    pytest.param(
        NEW_EVENT,
        event("count: 1", "count: 0x10"),
        [f"{EV}:10:12: 'equipment[0].count': '0x10' is not a whole number"],
        id="count-in-hex",
    ),
    pytest.param(
        NEW_EVENT,
        event("count: 1", "count: " + "9" * 5000),
        [re.compile(re.escape(EV) + r":10:12: 'equipment\[0\]\.count' (?!.*set_int_max_str_digits).*")],
        id="count-with-5000-digits",
    ),
    pytest.param(
        NEW_SITE,
        _edit(SITE, "lat: 35.522", "lat: 95"),
        [f"{SI}:5:8: 'coordinates.lat' must be less than or equal to 90"],
        id="latitude-95",
    ),
    pytest.param(
        NEW_SITE,
        _edit(SITE, "lon: 35.776", "lon: -180.5"),
        [f"{SI}:6:8: 'coordinates.lon' must be greater than or equal to -180"],
        id="longitude-below-minus-180",
    ),
    pytest.param(
        NEW_SITE,
        _edit(SITE, "lat: 35.522", "lat: .nan"),
        [f"{SI}:5:8: 'coordinates.lat': '.nan' is not a decimal number like 35.401"],
        id="latitude-nan",
    ),
    pytest.param(
        NEW_SITE,
        _edit(SITE, "lat: 35.522", "lat: 35,522"),
        [f"{SI}:5:8: 'coordinates.lat': '35,522' is not a decimal number like 35.401"],
        id="latitude-decimal-comma",
    ),
    pytest.param(
        NEW_SITE,
        _edit(SITE, "  lon: 35.776", "  lng: 35.776"),
        [f"{SI}:6:3: unknown field 'lng' (did you mean 'lon'?)"],
        id="coordinates-typo",
    ),
    pytest.param(
        NEW_SITE,
        _edit(SITE, "country: SY", "country: no"),
        [f"{SI}:3:10: 'country': 'no' must be an ISO 3166-1 two-letter code in capitals, like SY"],
        id="country-lowercase-no",
    ),
    pytest.param(
        NEW_SITE,
        _edit(SITE, "country: SY", "country: SYR"),
        [f"{SI}:3:10: 'country': 'SYR' must be an ISO 3166-1 two-letter code in capitals, like SY"],
        id="country-three-letters",
    ),
    pytest.param(
        NEW_SITE,
        _edit(SITE, "country: SY", "country: XX"),
        [f"{SI}:3:10: 'country': 'XX' is not an ISO 3166-1 country code"],
        id="country-code-that-does-not-exist",
    ),
    # --- characters that must not appear in text ---------------------------------------------------------------
    pytest.param(
        NEW_EVENT,
        event(TITLE_LINE, 'title: "An-124\\a loads cargo at Hmeimim"'),
        [f"{EV}:1:8: 'title' contains a control character (U+0007); remove it"],
        id="control-character-escaped",
    ),
    pytest.param(
        NEW_EVENT,
        event(TITLE_LINE, "title: An-124\x07 loads cargo at Hmeimim"),
        [re.compile(re.escape(EV) + r":1:14: [^\n]*(U\+0007|#x0007)[^\n]*")],
        id="control-character-raw",
    ),
    pytest.param(
        NEW_EVENT,
        event(TITLE_LINE, 'title: "An-124\\nloads cargo"'),
        [f"{EV}:1:8: 'title' must be a single line"],
        id="line-break-in-one-line-text",
    ),
    pytest.param(
        NEW_EVENT,
        event(TITLE_LINE, "title: An-124 loads cargo at \u202emiemhK"),
        [f"{EV}:1:8: 'title' contains a bidirectional override character (U+202E) that can disguise text; remove it"],
        id="bidi-override",
    ),
    pytest.param(
        NEW_EVENT,
        event(
            "    title: Satellite images of Hmeimim Air Base",
            '    title: "Satellite images of Hmeimim \\u2066Air Base"',
        ),
        [
            f"{EV}:14:12: 'citations[0].title' contains a bidirectional override character (U+2066) that can"
            " disguise text; remove it"
        ],
        id="bidi-isolate-escaped-in-citation",
    ),
    pytest.param(
        NEW_EVENT,
        event(TITLE_LINE, 'title: "An-124 \\ud800 loads cargo"'),
        # libyaml refuses the escape itself; the pure-Python parser would hand it on and the model refuses it.
        [f"{EV}:1:18: YAML syntax error: found invalid Unicode character escape code"],
        id="lone-surrogate-escape",
        marks=needs_libyaml,
    ),
    pytest.param(
        NEW_EVENT,
        event(
            "summary: |\n  Satellite images show an An-124 on the apron at Hmeimim with its nose cone open.",
            'summary: "Satellite images\\uFFFE show an An-124 on the apron at Hmeimim."',
        ),
        [re.compile(re.escape(EV) + r":6:10: 'summary' contains a[^\n]*\(U\+FFFE\); remove it")],
        id="noncharacter-escape",
    ),
    # --- file names and folders ---------------------------------------------------------------------------------
    pytest.param(
        "events/2024/new-event.yml",
        EVENT,
        ["data/events/2024/new-event.yml:1:1: data files end in '.yaml' (rename it to new-event.yaml)"],
        id="yml-extension",
    ),
    pytest.param(
        "events/2024/Bad_Name.yaml",
        EVENT,
        [
            "data/events/2024/Bad_Name.yaml:1:1: file name 'Bad_Name.yaml' is not a valid id: lowercase letters,"
            " digits and single hyphens, at most 100 characters (rename it to bad-name.yaml)"
        ],
        id="invalid-file-name",
    ),
    pytest.param(
        "sources/notes.txt",
        "remember to add SANA\n",
        ["data/sources/notes.txt:1:1: unexpected file in a data folder; only .yaml files belong here"],
        id="stray-text-file",
    ),
    pytest.param(
        "events/2025/an-124-at-hmeimim.yaml",
        event("date: 2024-12-13", "date: 2025-01-13"),
        [
            "data/events/2025/an-124-at-hmeimim.yaml:1:1: event id 'an-124-at-hmeimim' is already used by"
            " data/events/2024/an-124-at-hmeimim.yaml (ids must be unique; rename one of the files)"
        ],
        id="duplicate-event-id-across-years",
    ),
    pytest.param(
        "events/2024/december/new-event.yaml",
        event("date: 2024-12-13", "date: 2023-12-13"),
        [
            "data/events/2024/december:1:1: folders under events/ are years, like 2024; this one is not read"
            " (move its files into the folder of their year)"
        ],
        id="a-folder-in-a-year-folder-is-not-read",
    ),
    pytest.param(
        "sites/extra/latakia.yaml",
        "name: [unclosed\n",
        [re.compile(r"data/sites/extra(/latakia\.yaml)?:1:1: .*")],
        id="site-in-subfolder-silently-ignored",
    ),
    # --- sites, sources and the vocabularies -------------------------------------------------------------------
    pytest.param(
        NEW_SITE,
        _edit(SITE, "kind: city", "aliases: [Khmeimim]\nkind: city"),
        [f"{SI}:2:11: alias 'Khmeimim' is already the id or an alias of site 'hmeimim'"],
        id="site-alias-clash",
    ),
    pytest.param(
        NEW_SITE,
        _edit(SITE, "kind: city", "aliases: [Latakia city, Tartus]\nkind: city"),
        [f"{SI}:2:25: alias 'Tartus' is already the id or an alias of site 'tartus'"],
        id="site-alias-is-another-sites-id",
    ),
    pytest.param(
        NEW_SITE,
        _edit(SITE, "kind: city", "kind: port"),
        [
            f"{SI}:2:7: 'kind' must be one of: air_base, naval_base, ground_base, city, route, sea_area, other;"
            " got 'port'"
        ],
        id="site-kind",
    ),
    pytest.param(
        NEW_SOURCE,
        _edit(SOURCE, "kind: state_media", "kind: state-media"),
        [f"{SO}:2:7: 'kind' must be one of: {SOURCE_KINDS}; got 'state-media' (did you mean 'state_media'?)"],
        id="source-kind-hint",
    ),
    pytest.param(
        NEW_SOURCE,
        _edit(SOURCE, "url: https://example.org/sana/", "url: sana.sy/en/"),
        [f"{SO}:3:6: 'url' must be an http:// or https:// link, not 'sana.sy/en/'"],
        id="source-url-without-scheme",
    ),
    pytest.param(
        "tags.yaml",
        TAGS + "convoy:\n  label: Convoy\n  colour: grey\n  description: Road movements of military vehicles.\n",
        ["data/tags.yaml:10:3: unknown field 'colour'"],
        id="unknown-key-in-tags",
    ),
    pytest.param(
        "tags.yaml",
        TAGS + "convoy:\n  label: Convoy\n",
        ["data/tags.yaml:9:3: missing required field 'convoy.description'"],
        id="missing-key-in-tags",
    ),
    pytest.param(
        "tags.yaml",
        TAGS + "Air_Defence:\n  label: Air defence\n  description: Surface-to-air missile systems.\n",
        [
            "data/tags.yaml:8:1: 'Air_Defence' is not a valid id: use lowercase letters, digits and single hyphens"
            " (did you mean 'air-defence'?)"
        ],
        id="bad-vocabulary-id",
    ),
    pytest.param(
        "tags.yaml",
        TAGS + "convoy: Road movements of military vehicles.\n",
        ["data/tags.yaml:8:9: 'convoy' must be a mapping of fields, not a single value"],
        id="vocabulary-entry-not-a-mapping",
    ),
    pytest.param(
        "tags.yaml",
        TAGS + "airlift:\n  label: Airlift again\n  description: Duplicate.\n",
        ["data/tags.yaml:8:1: duplicate key 'airlift': also given at line 2; keep only one"],
        id="duplicate-vocabulary-id",
    ),
    pytest.param(
        "equipment.yaml",
        EQUIPMENT + "s-400:\n  name: S-400\n  category: air_defense\n  description: Long-range SAM system.\n",
        [
            f"data/equipment.yaml:12:13: 's-400.category' must be one of: {CATEGORIES}; got 'air_defense'"
            " (did you mean 'air_defence'?)"
        ],
        id="equipment-category-hint",
    ),
    pytest.param(
        "sites/tartus.yaml",
        (FIXTURE / "sites" / "tartus.yaml").read_text(encoding="utf-8").replace("country: SY", "country: sy"),
        ["data/sites/tartus.yaml:3:10: 'country': 'sy' must be an ISO 3166-1 two-letter code in capitals, like SY"],
        id="broken-site-is-not-also-an-unknown-site",
    ),
    pytest.param(
        "tags.yaml",
        TAGS + "convoy: [\n",
        ["data/tags.yaml:9:1: YAML syntax error: did not find expected node content"],
        id="unreadable-tags-file-is-not-also-unknown-tags",
        marks=needs_libyaml,
    ),
    # --- found in review: each was an internal error, a wrong place or a wrong verdict -------------------------
    pytest.param(
        NEW_EVENT,
        event("date: 2024-12-13", "date: 0000-01"),
        [f"{EV}:2:7: 'date': year 0000 is not supported; give a year from 0001"],
        id="year-zero",
    ),
    pytest.param(
        NEW_EVENT,
        event(TITLE_LINE, "title: An-124 loads cargo at Hmeimim " + "é" * 78).replace(
            "status: reported", "status: rep\x01orted"
        ),
        [f"{EV}:5:12: file contains a control character (U+0001); remove it"],
        id="raw-control-character-after-multibyte-text",
    ),
    pytest.param(
        NEW_EVENT,
        event(TITLE_LINE, 'title: "An-124 loads\\u2028cargo"'),
        [f"{EV}:1:8: 'title' must be a single line"],
        id="line-separator-in-title",
    ),
    pytest.param(
        NEW_EVENT,
        event(URL_LINE, "url: http://:80/"),
        [f"{EV}:15:10: 'citations[0].url' is not a complete link (https://host/path)"],
        id="url-with-port-but-no-host",
    ),
    pytest.param(
        NEW_EVENT,
        event(URL_LINE, "url: HTTPS://example.org/a"),
        [f"{EV}:15:10: 'citations[0].url' must start with 'https://' in lower case"],
        id="url-scheme-in-capitals",
    ),
    pytest.param(
        NEW_EVENT,
        event("status: reported", "status: [confirmed]"),
        [f"{EV}:5:9: 'status' must be one of: {STATUSES}; not a list"],
        id="status-given-as-a-list",
    ),
    pytest.param(
        "tags.yaml",
        TAGS + "ÄÖ:\n  label: Umlauts\n  description: Not an id.\n",
        ["data/tags.yaml:8:1: 'ÄÖ' is not a valid id: use lowercase letters, digits and single hyphens"],
        id="vocabulary-id-with-no-ascii-suggestion",
    ),
    pytest.param(
        NEW_EVENT,
        event("date: 2024-12-13", "date: 2024-12-13" + "x" * 5000),
        [
            f"{EV}:2:7: 'date': '2024-12-13{'x' * 50}…' is not a valid EDTF date; write it like 2024-12-13,"
            " 2024-12, 2024-12~, 2024-12-12? or 2024-12-10/2024-12-13"
        ],
        id="very-long-date-is-shortened",
    ),
    pytest.param(
        NEW_EVENT,
        # Three mistakes of different layers in one file: all are reported in one run.
        event(TITLE_LINE, "titel: An-124 loads cargo at Hmeimim")
        .replace("date: 2024-12-13", "date: 2024-02-30")
        .replace("sites: [hmeimim]", "sites: [khmeimim]")
        .replace("source: maxar", "source: maxr"),
        [
            f"{EV}:1:1: unknown field 'titel' (did you mean 'title'?)",
            f"{EV}:2:7: 'date': '2024-02-30' is not a real day",
            f"{EV}:3:9: unknown site 'khmeimim' (did you mean 'hmeimim'?)",
            f"{EV}:13:13: unknown source 'maxr' (did you mean 'maxar'?)",
        ],
        id="all-layers-in-one-pass",
    ),
]


# --- evidence: who makes the claim, independent sources, provenance of citations, sites that cite -------------
ARCHIVE = "https://web.archive.org/web/20241214093000/https://example.org/maxar/hmeimim-2024-12-13"

EVIDENCE_CASES = [
    pytest.param(
        NEW_EVENT,
        event(CLAIMED_LINE, ""),
        [
            f"{EV}:5:9: a reported event must say who makes the claim: add 'claimed_by' with their source ids"
            " (e.g. claimed_by: [maxar])"
        ],
        id="reported-without-claimed-by",
    ),
    pytest.param(
        NEW_EVENT,
        event(CLAIMED_LINE, "claimed_by: [dara-massicot]\n"),
        [
            f"{EV}:19:14: 'claimed_by' names 'dara-massicot', which no citation of this event names (cite them"
            " (citations: - source: dara-massicot), or name the source that makes the claim)"
        ],
        id="claimed-by-a-source-not-cited",
    ),
    pytest.param(
        NEW_EVENT,
        event(CLAIMED_LINE, "claimed_by: [maxxar]\n"),
        [f"{EV}:19:14: unknown source 'maxxar' (did you mean 'maxar'?)"],
        id="claimed-by-an-unknown-source",
    ),
    pytest.param(
        NEW_EVENT,
        event(CLAIMED_LINE, "claimed_by: [maxar, maxar]\n"),
        [f"{EV}:19:21: 'maxar' is listed twice in 'claimed_by'"],
        id="claimed-by-listed-twice",
    ),
    pytest.param(
        NEW_EVENT,
        _edit(
            event("status: reported", "status: confirmed"),
            CLAIMED_LINE,
            "  - source: dara-massicot\n    title: A post\n    url_note: deleted\n    archive_note: gone\n"
            + CLAIMED_LINE,
        ),
        [
            f"{EV}:23:13: a confirmed event is told in the site's own voice; remove 'claimed_by' (or keep it"
            " and use 'reported' or 'claimed')"
        ],
        id="confirmed-with-claimed-by",
    ),
    pytest.param(
        NEW_EVENT,
        _edit(
            event("status: reported", "status: confirmed"),
            CLAIMED_LINE,
            "  - source: worthy-news\n    title: The relay\n    url_note: no link\n",
        ),
        [
            f"{EV}:5:9: status 'confirmed' needs citations from at least two independent sources; these rest on"
            " 'worthy-news' alone (add an independent source, or use 'reported')"
        ],
        id="confirmed-by-a-source-and-its-relay",
    ),
    pytest.param(
        NEW_EVENT,
        event(ACCESSED_LINE, ""),
        [
            f"{EV}:15:10: a citation with a 'url' needs 'accessed': the day you last saw the page there (e.g."
            " accessed: 2026-01-01)"
        ],
        id="url-without-accessed",
    ),
    pytest.param(
        NEW_EVENT,
        event(ACCESSED_LINE, "    accessed: 2024-12\n"),
        [f"{EV}:18:15: 'accessed' is the exact day you saw it, e.g. 2024-12-14"],
        id="accessed-a-month",
    ),
    pytest.param(
        NEW_EVENT,
        event(ACCESSED_LINE, "    accessed: 2026-02-01\n"),
        [f"{EV}:18:15: accessed date '2026-02-01' is after the build date 2026-01-01"],
        id="accessed-after-the-build-date",
    ),
    pytest.param(
        NEW_EVENT,
        event(ACCESSED_LINE, "    accessed: 2024-12-01\n"),
        [f"{EV}:18:15: accessed on 2024-12-01, before it was published (2024-12-13)"],
        id="accessed-before-published",
    ),
    pytest.param(
        NEW_EVENT,
        event(ACCESSED_LINE, ACCESSED_LINE + "    archive_url: https://example.org/copy\n"),
        [
            f"{EV}:19:18: 'archive_url' must be a dated capture from the Wayback Machine or archive.today (e.g."
            " https://web.archive.org/web/20241213093000/https://example.com/article; save the page there and"
            " copy the capture's address)"
        ],
        id="archive-not-an-archive",
    ),
    pytest.param(
        NEW_EVENT,
        event(ACCESSED_LINE, ACCESSED_LINE + "    archive_url: https://archive.ph/AbC12\n"),
        [
            f"{EV}:19:18: 'archive_url': an archive.today short link does not say when the copy was taken, nor"
            " of what (use the copy's dated address, archive.ph/YYYY.MM.DD-hhmmss/<url>, e.g."
            " https://archive.ph/2024.12.13-093000/https://example.com/article)"
        ],
        id="archive-today-short-link",
    ),
    pytest.param(
        NEW_EVENT,
        event(
            ACCESSED_LINE,
            ACCESSED_LINE
            + "    archive_url: https://web.archive.org/web/2024/https://example.org/maxar/hmeimim-2024-12-13\n",
        ),
        [
            f"{EV}:19:18: 'archive_url': the Wayback Machine stamp '2024' is not a full capture time"
            " (YYYYMMDDhhmmss, 14 digits) (copy the address of the capture itself, e.g."
            " https://web.archive.org/web/20241213093000/https://example.com/article)"
        ],
        id="wayback-without-a-full-stamp",
    ),
    pytest.param(
        NEW_EVENT,
        event(
            ACCESSED_LINE,
            ACCESSED_LINE
            + "    archive_url: https://web.archive.org/web/20241340093000/https://example.org/maxar/hmeimim-2024-12-13\n",
        ),
        [f"{EV}:19:18: 'archive_url': the capture time '20241340093000' is not a real date and time"],
        id="wayback-stamp-not-a-date",
    ),
    pytest.param(
        NEW_EVENT,
        event(
            ACCESSED_LINE,
            ACCESSED_LINE
            + "    archive_url: https://web.archive.org/web/20241214093000/https://example.org/maxar/other\n",
        ),
        [
            f"{EV}:19:18: the archived copy is of https://example.org/maxar/other, not of the cited url"
            " https://example.org/maxar/hmeimim-2024-12-13 (archive the cited page itself, or correct the url)"
        ],
        id="archive-of-another-page",
    ),
    pytest.param(
        NEW_EVENT,
        _edit(event(URL_LINE + "\n", "url_note: gone\n"), ACCESSED_LINE, "    archive_url: " + ARCHIVE + "\n"),
        [
            f"{EV}:18:18: an 'archive_url' needs the 'url' it is a copy of (add url:"
            " https://example.org/maxar/hmeimim-2024-12-13, and accessed: the day you saw it)"
        ],
        id="archive-without-url",
    ),
    pytest.param(
        NEW_EVENT,
        event(
            ACCESSED_LINE,
            ACCESSED_LINE
            + "    archive_url: https://archive.ph/2026.02.01-000000/https://example.org/maxar/hmeimim-2024-12-13\n",
        ),
        [f"{EV}:19:18: the capture is dated 2026-02-01, after the build date 2026-01-01"],
        id="capture-after-the-build-date",
    ),
    pytest.param(
        NEW_EVENT,
        event(ACCESSED_LINE, ACCESSED_LINE + "    archive_url: https://archive.org/details/hmeimim\n"),
        [
            f"{EV}:19:18: 'archive_url': this archive.org address is not a dated Wayback Machine capture (use"
            " the form web.archive.org/web/YYYYMMDDhhmmss/<url>, e.g."
            " https://web.archive.org/web/20241213093000/https://example.com/article)"
        ],
        id="archive-org-but-not-wayback",
    ),
    pytest.param(
        NEW_EVENT,
        event(ACCESSED_LINE, ACCESSED_LINE + "    sha256: 9f86d081884c\n"),
        [
            f"{EV}:19:13: 'citations[0].sha256' must be a SHA-256 hash: 64 hexadecimal digits (0-9, a-f), as"
            " `sha256sum <file>` prints it; got 12 characters"
        ],
        id="sha256-too-short",
    ),
    pytest.param(
        NEW_EVENT,
        event(
            ACCESSED_LINE,
            ACCESSED_LINE + "    sha256: " + "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08" + "\n",
        ),
        [f"{EV}:19:13: 'citations[0].sha256' must be written in lower case"],
        id="sha256-in-capitals",
    ),
    pytest.param(
        NEW_EVENT,
        event(ACCESSED_LINE, ACCESSED_LINE + '    collected_by: "A.\\nVolunteer"\n'),
        [f"{EV}:19:19: 'citations[0].collected_by' must be a single line"],
        id="collected-by-two-lines",
    ),
    pytest.param(
        NEW_SITE,
        _edit(SITE, "The port city north of Hmeimim.", "The port city 25 km north of Hmeimim."),
        [
            f"{SI}:8:10: the summary gives a figure ('25') but the site cites no source (add citations: as on"
            " events, with the source and its words)"
        ],
        id="site-figure-without-citation",
    ),
    pytest.param(
        NEW_SITE,
        SITE + "citations:\n  - source: sanaa\n    title: A report\n    url_note: none\n",
        [f"{SI}:11:13: unknown source 'sanaa'"],
        id="site-citation-of-an-unknown-source",
    ),
    pytest.param(
        NEW_SITE,
        SITE + "citations:\n  - source: maxar\n    title: A report\n    url: https://example.org/r\n",
        [
            f"{SI}:13:10: a citation with a 'url' needs 'accessed': the day you last saw the page there (e.g."
            " accessed: 2026-01-01)"
        ],
        id="site-citation-url-without-accessed",
    ),
]
CASES += EVIDENCE_CASES


# --- hostile pull requests: limits, invisible characters, nesting, links -------------------------------------
HOSTILE_CASES = [
    pytest.param(
        NEW_EVENT,
        event(TITLE_LINE, "title: " + "A" * 501),
        [f"{EV}:1:8: 'title' is 501 characters long; the limit is 500"],
        id="title-over-its-limit",
    ),
    pytest.param(
        NEW_EVENT,
        event(SUMMARY_LINE, "  " + "word " * 4001),
        [f"{EV}:6:10: 'summary' is 20,006 characters long; the limit is 20,000"],
        id="summary-over-its-limit",
    ),
    pytest.param(
        NEW_EVENT,
        event("tags: [airlift]", "tags: [" + ", ".join(["airlift"] * 21) + "]"),
        [f"{EV}:4:7: 'tags' has 21 items; the limit is 20 (split it over several events)"],
        id="too-many-tags",
    ),
    pytest.param(
        NEW_EVENT,
        event("sites: [hmeimim]", "sites: [" + "a" * 101 + "]"),
        [f"{EV}:3:9: 'sites[0]' is 101 characters long; the limit is 100"],
        id="id-too-long-in-a-list",
    ),
    pytest.param(
        NEW_EVENT,
        event(SUMMARY_LINE, "  " + "> " * 9 + "deep"),
        [f"{EV}:6:10: 'summary' nests lists or quotes 9 levels deep; the limit is 8"],
        id="lists-nested-too-deep",
    ),
    pytest.param(
        NEW_EVENT,
        event(TITLE_LINE, 'title: "An-124\\u200b loads cargo"'),
        [
            f"{EV}:1:8: 'title' contains ZERO WIDTH SPACE (U+200B), an invisible character, at character 7, after"
            " 'An-124'; remove it"
        ],
        id="zero-width-space-in-a-title",
    ),
    pytest.param(
        NEW_EVENT,
        event(SUMMARY_LINE, "  Satellite images\u2028show an An-124."),
        [
            f"{EV}:7:19: file contains U+2028, which YAML reads as a line break but editors do not show; remove it"
            " (end lines with an ordinary line break)"
        ],
        id="line-separator-in-a-summary",
    ),
    pytest.param(
        NEW_EVENT,
        event(TITLE_LINE, 'title: "An-124\\u2028loads cargo"'),
        [f"{EV}:1:8: 'title' must be a single line"],
        id="escaped-line-separator-in-a-title",
    ),
    pytest.param(
        NEW_EVENT,
        event(ACCESSED_LINE, ACCESSED_LINE + "    quote: |\n      first line\n      second\u2060line\n"),
        [
            f"{EV}:19:12: 'citations[0].quote' contains WORD JOINER (U+2060), an invisible character, at line 2,"
            " column 7 of the text, after 'second'; remove it"
        ],
        id="word-joiner-on-the-second-line-of-a-quote",
    ),
    pytest.param(
        NEW_EVENT,
        event(URL_LINE, "url: https://-bad-.example/x"),
        [
            f"{EV}:15:10: 'citations[0].url' has the host '-bad-.example', which is not a valid host name: Label"
            " must not start or end with a hyphen"
        ],
        id="url-with-a-host-that-is-not-a-name",
    ),
    pytest.param(
        NEW_EVENT,
        event(URL_LINE, "url: http://[::1/x"),
        [f"{EV}:15:10: 'citations[0].url' is not a valid link: Invalid IPv6 URL"],
        id="url-with-an-unclosed-ipv6-host",
    ),
    pytest.param(
        NEW_EVENT,
        event(URL_LINE, "url: https://example.org:99999/x"),
        [f"{EV}:15:10: 'citations[0].url' has port 99999, outside 1 to 65535"],
        id="url-with-a-port-out-of-range",
    ),
    pytest.param(
        NEW_EVENT,
        event(URL_LINE, "url: https://localhost/x"),
        [f"{EV}:15:10: 'citations[0].url' has the host 'localhost', which has no domain (like example.org)"],
        id="url-without-a-domain",
    ),
    pytest.param(
        NEW_EVENT,
        event(URL_LINE, "url: http://999.1.1.1/x"),
        [f"{EV}:15:10: 'citations[0].url' has '999.1.1.1', which is neither an IPv4 address nor a host name"],
        id="url-with-an-ipv4-that-is-not-one",
    ),
    pytest.param(
        NEW_SITE,
        _edit(SITE, "kind: city", "aliases: [" + "L" * 101 + "]\nkind: city"),
        [f"{SI}:2:11: 'aliases[0]' is 101 characters long; the limit is 100"],
        id="alias-too-long",
    ),
]
CASES += HOSTILE_CASES


@pytest.mark.parametrize(("relative", "content", "expected"), CASES)
def test_broken_file(tmp_path: Path, relative: str, content: bytes | str, expected: Expected) -> None:
    result = run_check(tmp_path, {relative: content})
    assert "internal error" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stdout + result.stderr
    assert_lines(result.stdout.splitlines(), expected)
    count = len(expected)
    assert result.stderr == f"{count} problem{'s' if count != 1 else ''} in data\n"


def test_case_table_is_large_and_ids_are_unique() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) >= 35
    assert len(ids) == len(set(ids))


def test_the_fixture_is_valid(tmp_path: Path) -> None:
    result = run_check(tmp_path, {})
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr == "data: 2 events, 3 sites and 3 sources are valid\n"


def test_country_no_stays_the_text_no() -> None:

    loaded = contract.load(FIXTURE, today=dt.date(2026, 1, 1))
    assert loaded.problems == []
    assert loaded.dataset is not None
    assert loaded.dataset.sites["north-cape"].record.country == "NO"
    assert loaded.dataset.site_aliases == {"khmeimim": "hmeimim"}


VALID_EDGE_CASES = [
    pytest.param(NEW_EVENT, "\ufeff" + EVENT, id="utf-8-bom"),
    pytest.param(NEW_EVENT, EVENT.replace("\n", "\r\n"), id="crlf-line-endings"),
    pytest.param(NEW_EVENT, "---\n" + EVENT + "...\n", id="explicit-document-markers"),
    pytest.param(NEW_EVENT, event("date: 2024-12-13", "date: 2024-12~"), id="approximate-month"),
    pytest.param(NEW_EVENT, event("date: 2024-12-13", "date: '2024-12-12?/2024-12-13'"), id="uncertain-interval"),
    pytest.param(NEW_EVENT, event("date: 2024-12-13", "date: 2024-12-XX"), id="unspecified-day"),
    pytest.param(NEW_EVENT, event(TITLE_LINE, "title: ! An-124 loads cargo at Hmeimim"), id="non-specific-tag"),
    pytest.param(
        NEW_EVENT,
        event(
            "  Satellite images show an An-124 on the apron at Hmeimim with its nose cone open.",
            "  Satellite images show [[[[[[[[[[[[[ an An-124 (the brackets are the source's redactions).",
        ),
        id="brackets-in-prose",
    ),
    pytest.param(NEW_SITE, _edit(SITE, "country: SY", "country: NO"), id="country-NO-unquoted"),
    pytest.param(NEW_SITE, _edit(SITE, "kind: city", "aliases: [Latakia]\nkind: city"), id="alias-equal-to-own-id"),
    pytest.param(
        NEW_EVENT,
        event(
            ACCESSED_LINE,
            ACCESSED_LINE
            + "    archive_url: http://archive.ph/2024.12.14-093000/http://www.example.org/maxar/hmeimim-2024-12-13/\n",
        ),
        id="archive-today-dated-capture-of-the-same-page-by-another-spelling",
    ),
    pytest.param(
        NEW_EVENT,
        event(
            ACCESSED_LINE,
            ACCESSED_LINE
            + "    archive_url: https://web.archive.org/web/20241214093000id_/https:/example.org/maxar/hmeimim-2024-12-13\n",
        ),
        id="wayback-raw-capture",
    ),
    pytest.param(
        NEW_SITE,
        _edit(SITE, "The port city north of Hmeimim.", "The port city 25 km north of Hmeimim.")
        + "citations:\n  - source: maxar\n    title: A map\n    url_note: printed\n    quote: 25 km north\n",
        id="site-figure-with-a-citation",
    ),
]


@pytest.mark.parametrize(("relative", "content"), VALID_EDGE_CASES)
def test_valid_edge_case(tmp_path: Path, relative: str, content: str) -> None:
    result = run_check(tmp_path, {relative: content})
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_lone_surrogate_with_the_pure_python_parser(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """libyaml refuses a \\ud800 escape itself; PyYAML's own parser hands it on, and the model must refuse it."""

    monkeypatch.setattr(yamlsafe, "_Parser", yaml.SafeLoader)
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / NEW_EVENT).write_text(event(TITLE_LINE, 'title: "An-124 \\ud800 loads cargo"'), encoding="utf-8")
    loaded = contract.load(data, today=dt.date(2026, 1, 1))
    assert [problem.format() for problem in loaded.problems] == [
        f"{data.as_posix()}/{NEW_EVENT}:1:8: 'title' contains a lone surrogate (an invalid \\u escape); remove it"
    ]


def test_all_problems_are_reported_at_once_in_a_stable_order(tmp_path: Path) -> None:
    broken = {
        "tags.yaml": TAGS + "Convoy:\n  label: Convoy\n  description: Road movements.\n",
        "sources/sana.yaml": _edit(SOURCE, "kind: state_media", "kind: agency"),
        NEW_SITE: _edit(SITE, "lat: 35.522", "lat: 95"),
        NEW_EVENT: event(TITLE_LINE, "titel: An-124 loads cargo at Hmeimim"),
        "events/2025/z-last.yaml": "a: [\n",
        "events/2024/a-first.yml": EVENT,
        "events/2023/bad-date.yaml": event("date: 2024-12-13", "date: 2023-02-29"),
        "sources/latin.yaml": "name: Caf\xe9\n".encode("latin-1"),
    }
    first = run_check(tmp_path / "first", broken)
    expected = [
        "data/events/2023/bad-date.yaml:2:7: 'date': '2023-02-29' is not a real day",
        "data/events/2024/a-first.yml:1:1: data files end in '.yaml' (rename it to a-first.yaml)",
        f"{EV}:1:1: unknown field 'titel' (did you mean 'title'?)",
        "data/events/2025/z-last.yaml:2:1: YAML syntax error: did not find expected node content",
        f"{SI}:5:8: 'coordinates.lat' must be less than or equal to 90",
        f"data/sources/latin.yaml:1:10: file is not valid UTF-8 (byte 0xe9){NOT_UTF8_HINT}",
        f"{SO}:2:7: 'kind' must be one of: {SOURCE_KINDS}; got 'agency'",
        "data/tags.yaml:8:1: 'Convoy' is not a valid id: use lowercase letters, digits and single hyphens"
        " (did you mean 'convoy'?)",
    ]
    if not HAS_LIBYAML:
        expected = [line for line in expected if "z-last" not in line]
    lines = first.stdout.splitlines()
    if not HAS_LIBYAML:
        lines = [line for line in lines if "z-last" not in line]
    assert first.returncode == 1
    assert_lines(lines, expected)

    def place(line: str) -> tuple[str, int, int]:
        path, row, column, _ = line.split(":", 3)
        return path, int(row), int(column)

    assert [place(line) for line in lines] == sorted(place(line) for line in lines)
    second = run_check(tmp_path / "second", broken)
    assert second.stdout == first.stdout
    assert second.stderr == first.stderr == f"{len(first.stdout.splitlines())} problems in data\n"


def test_symbolic_links_are_refused_without_reading_them(tmp_path: Path) -> None:
    """A pull request can commit a link to /dev/zero (endless) or to a secret outside the repository."""
    secret = tmp_path / "secret.txt"
    secret.write_text("name: do-not-print-me\n", encoding="utf-8")

    def add_links(data: Path) -> None:
        (data / "events/2024/zero.yaml").symlink_to("/dev/zero")
        (data / "sources/secret.yaml").symlink_to(secret)

    result = run_check(tmp_path, {}, prepare=add_links)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "data/events/2024/zero.yaml:1:1: symbolic links are not allowed in the data folder",
        "data/sources/secret.yaml:1:1: symbolic links are not allowed in the data folder",
    ]
    assert "do-not-print-me" not in result.stdout + result.stderr


def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    result = run_check(tmp_path, {}, prepare=lambda data: os.mkfifo(data / "events/2024/pipe.yaml"))
    assert result.stdout.splitlines() == [
        "data/events/2024/pipe.yaml:1:1: not a regular file; only plain .yaml files belong in the data folder"
    ]
