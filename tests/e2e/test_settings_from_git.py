"""Settings read the build's time from git when SOURCE_DATE_EPOCH is not given."""

from __future__ import annotations

import datetime as dt
import os
import subprocess

from timeline.settings import Settings


def test_settings_take_the_build_time_from_the_last_commit_but_check_dates_against_today(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    commit = {"GIT_AUTHOR_DATE": "@1734048000 +0000", "GIT_COMMITTER_DATE": "@1734048000 +0000"}
    identity = ["-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(
        ["git", *identity, "-C", str(tmp_path), "commit", "-q", "--allow-empty", "-m", "x"],
        check=True,
        env={**os.environ, **commit},
    )
    settings = Settings.from_environment(
        {"TIMELINE_PARALLEL": "0", "SITE_URL": " https://x.example/ "}, tmp_path, now=1767225600
    )
    assert (settings.build_date, settings.epoch_source, settings.today) == (
        dt.date(2024, 12, 13),
        "git",
        dt.date(2026, 1, 1),
    )
    assert (settings.parallel, settings.site_url) == (False, "https://x.example/")
    # No Pagefind under tmp_path: the one npm installed in this checkout, which `make test` has run.
    assert settings.pagefind is not None and "/tools/pagefind/node_modules/@pagefind/" in settings.pagefind
