"""Settings come from the environment at the edge, once: the build's time, the day dates are checked
against, and the switches."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from timeline.settings import Settings, installed_pagefind


def test_build_date_follows_source_date_epoch():
    now = 1767225600.5  # 2026-01-01T00:00:00.5Z
    given = Settings.from_environment({"SOURCE_DATE_EPOCH": "1734048000"}, now=now)  # 2024-12-13T00:00:00Z
    assert (given.build_date, given.today, given.epoch_source) == (
        dt.date(2024, 12, 13),
        dt.date(2024, 12, 13),
        "given",
    )
    for unusable in ("not a number", "", "99999999999999999999"):
        ignored = Settings.from_environment({"SOURCE_DATE_EPOCH": unusable}, now=now)
        assert (ignored.build_epoch, ignored.today, ignored.epoch_source) == (1767225600, dt.date(2026, 1, 1), "clock")


def test_switches_come_from_the_environment_given_not_the_process_one() -> None:
    settings = Settings.from_environment({"TIMELINE_PARALLEL": "0", "SITE_URL": " https://x.example/ "})
    assert (settings.parallel, settings.site_url, settings.repository) == (False, "https://x.example/", None)
    given = Settings.from_environment({"TIMELINE_PAGEFIND": " /opt/pf "}, site_url="")
    assert (given.site_url, given.pagefind) == (None, "/opt/pf")  # TIMELINE_PAGEFIND before the installed one


def test_the_pagefind_npm_installed_under_the_project_comes_first(tmp_path) -> None:
    installed = Settings.from_environment({}).pagefind  # this checkout's, which `make` installs
    assert installed is not None and Path(installed).is_file()
    platform_folder = Path(installed).parent.parent.name  # e.g. linux-x64, as npm names it
    binary = tmp_path / "tools/pagefind/node_modules/@pagefind" / platform_folder / "bin" / Path(installed).name
    binary.parent.mkdir(parents=True)
    binary.touch()
    assert installed_pagefind(tmp_path) == str(binary)
    assert installed_pagefind(tmp_path / "elsewhere") == installed
