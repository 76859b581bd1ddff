"""Settings come from the environment at the edge, once: the build's time, the day dates are checked
against, and the switches."""

from __future__ import annotations

import datetime as dt

from timeline.settings import Settings


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
    assert (settings.parallel, settings.site_url, settings.pagefind, settings.repository) == (
        False,
        "https://x.example/",
        None,
        None,
    )
    assert Settings.from_environment({"TIMELINE_PAGEFIND": "/opt/pf"}, site_url="").site_url is None
