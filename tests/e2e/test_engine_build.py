"""The build beside the engine, where it can go wrong before the engine has anything to cancel: a page
that fails to render must not leave the background renderer or the search indexer running (a preview
would gain one of each per failed rebuild)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from helpers.commands import DATA, REPO

# Run in a fresh interpreter: the test process has threads of its own, and the build forks only
# where none run (timeline.background), and only then is there a child to leave behind.
_SCENARIO = textwrap.dedent(
    """
    import dataclasses, os, sys
    from pathlib import Path
    from timeline.build import background, engine_build
    from timeline.build import plan as build
    from timeline.settings import Settings
    from timeline.site.planned import PlannedFile

    settings = Settings.from_environment({})
    generated = build.generate(Path(sys.argv[1]), Path(sys.argv[2]), settings)
    assert not generated.problems and background.can_fork()

    def broken():
        raise RuntimeError("a template that does not render")

    # A page the engine takes (in the navigation), so that it renders after the fork and the indexer.
    page = PlannedFile("broken/index.md", broken, in_nav=True)
    generated = dataclasses.replace(generated, files=(page, *generated.files))
    try:
        engine_build.EngineBuild.start(generated, settings, Path(sys.argv[3]))
    except RuntimeError as error:
        print("raised:", error)
    try:
        pid, _ = os.waitpid(-1, os.WNOHANG)
        print("children left running" if pid == 0 else "a child had ended but was not reaped")
    except ChildProcessError:
        print("no children left")
    """
)


def test_a_page_that_fails_to_render_stops_the_background_work_and_the_indexer(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _SCENARIO, str(DATA), str(REPO), str(tmp_path / "site")],
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["raised: a template that does not render", "no children left"]
