"""The repository's GitHub configuration: its workflows, Dependabot, issue forms and YAML style.

The pull-request workflow runs code that anyone may propose, and the deploy workflow can publish the site.
A careless edit to either (a `pull_request_target` trigger, a write permission on the wrong job, an action
pinned to a tag that can be moved, an expression expanded inside a shell script, a checkout that leaves its
token on disk) would let a pull request act with the repository's rights, and nothing else would notice:
the site still builds and every other test still passes. So the hardening is checked here directly, and
zizmor (a static analyser of GitHub Actions), check-jsonschema (GitHub's file formats) and yamllint (the
YAML style of .yamllint.yaml, over the data too) run over the files.

The three tools come from requirements-dev.txt. Without them the tests are skipped, except under
`make test` (TIMELINE_REQUIRE_BROWSER), which must run everything.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers.commands import REPO

GITHUB = REPO / ".github"
WORKFLOWS = sorted([*GITHUB.glob("workflows/*.yml"), *GITHUB.glob("workflows/*.yaml")])
ISSUE_FORMS = sorted(path for path in GITHUB.glob("ISSUE_TEMPLATE/*.yml") if path.name != "config.yml")

# The only write permissions any job may hold: publishing on Pages, from the deploy workflow's deploy job.
ALLOWED_WRITES = {("deploy.yml", "deploy"): {"pages", "id-token"}}

# `uses: owner/action@<40 hex digits>  # v1.2.3`: the commit pins the code, the comment names it for people
# (and for Dependabot, which updates both).
_USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>[^\s#]+)(?P<rest>.*)$")
_PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
_VERSION_COMMENT = re.compile(r"^\s+#\s*v\d")


def _tool(name: str) -> str:
    """The path of a command-line tool: the one next to this Python (the project's .venv) first."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        message = f"{name} is missing: requirements-dev.txt installs it (`make test` does)"
        if os.environ.get("TIMELINE_REQUIRE_BROWSER"):
            pytest.fail(message)  # make test must not skip
        pytest.skip(message)
    return found


def _run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    # Nothing from the machine or CI runner that could make a tool go online or read another configuration.
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ZIZMOR_", "GH_", "GITHUB_", "YAMLLINT_"))
    }
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False)


def _load(path: Path) -> dict[Any, Any]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(document, dict), f"{path.name}: not a mapping"
    return document


def _triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    # YAML 1.1, which PyYAML reads, takes the key `on` for the boolean true.
    triggers = workflow["on"] if "on" in workflow else workflow.get(True)
    if isinstance(triggers, str):
        return {triggers: None}
    if isinstance(triggers, list):
        return dict.fromkeys(triggers)
    assert isinstance(triggers, dict), "a workflow needs `on:`"
    return triggers


def _jobs(workflow: dict[Any, Any]) -> dict[str, dict[str, Any]]:
    jobs = workflow.get("jobs")
    assert isinstance(jobs, dict) and jobs, "a workflow needs jobs"
    return jobs


def _steps(workflow: dict[Any, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(name, step) for name, job in _jobs(workflow).items() for step in job.get("steps", [])]


def _texts(node: object) -> list[str]:
    """Every key and every string value of a parsed document."""
    if isinstance(node, dict):
        return [text for key, value in node.items() for text in (*_texts(key), *_texts(value))]
    if isinstance(node, list):
        return [text for item in node for text in _texts(item)]
    return [node] if isinstance(node, str) else []


def _relative(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def test_the_configuration_is_there() -> None:
    names = {path.name for path in WORKFLOWS}
    assert {"pull-request.yml", "deploy.yml"} <= names
    assert {path.name for path in ISSUE_FORMS} >= {"incorrect-detail.yml", "suggest-event.yml"}
    for name in ("dependabot.yml", "CODEOWNERS", "pull_request_template.md", "ISSUE_TEMPLATE/config.yml"):
        assert (GITHUB / name).is_file(), name


# -- The hardening of the workflows, checked directly -------------------------------------------------------


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_no_workflow_runs_for_pull_request_target(path: Path) -> None:
    # pull_request_target runs with a writable token and the secrets, next to code a fork may control.
    workflow = _load(path)
    assert "pull_request_target" not in _triggers(workflow)
    assert not [text for text in _texts(workflow) if "pull_request_target" in text]  # not in an `if:` either


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_the_workflow_token_is_read_only(path: Path) -> None:
    assert _load(path).get("permissions") == {"contents": "read"}


def test_only_the_deploy_job_may_write() -> None:
    writes: dict[tuple[str, str], set[str]] = {}
    for path in WORKFLOWS:
        for name, job in _jobs(_load(path)).items():
            permissions = job.get("permissions", {})
            assert isinstance(permissions, dict), f"{path.name}: job {name}: permissions must be listed one by one"
            granted = {scope for scope, level in permissions.items() if level == "write"}
            if granted:
                writes[(path.name, name)] = granted
    assert writes == ALLOWED_WRITES


def test_the_deploy_job_runs_no_code_from_the_repository() -> None:
    # It holds the Pages and OIDC tokens: it may only publish what the read-only build job uploaded.
    job = _jobs(_load(GITHUB / "workflows" / "deploy.yml"))["deploy"]
    assert job["permissions"] == {"pages": "write", "id-token": "write"}
    assert job["environment"]["name"] == "github-pages"
    assert all("run" not in step for step in job["steps"])
    assert [step["uses"].split("@")[0] for step in job["steps"]] == ["actions/deploy-pages"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_a_workflow_run_by_hand_deploys_only_from_main(path: Path) -> None:
    # `workflow_dispatch` lets anyone with write access pick the branch: without the condition, any branch
    # could be published as the site. Every job that may write is one that deploys.
    workflow = _load(path)
    if "workflow_dispatch" not in _triggers(workflow):
        return
    for name, job in _jobs(workflow).items():
        if "write" in job.get("permissions", {}).values():
            assert job.get("if") == "github.ref == 'refs/heads/main'", f"{path.name}: job {name}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_action_is_pinned_to_a_commit(path: Path) -> None:
    lines = [_USES_LINE.match(line) for line in path.read_text(encoding="utf-8").splitlines()]
    pinned = [match for match in lines if match]
    for match in pinned:
        assert _PINNED.match(match["ref"]), f"{path.name}: {match['ref']} is not pinned to a full commit SHA"
        assert _VERSION_COMMENT.match(match["rest"]), f"{path.name}: {match['ref']} needs a `# v…` comment"
    # Every `uses:` the workflow has (steps, and jobs calling reusable workflows) is on a line checked above.
    workflow = _load(path)
    used = [step["uses"] for _, step in _steps(workflow) if "uses" in step]
    used += [job["uses"] for job in _jobs(workflow).values() if "uses" in job]
    assert sorted(used) == sorted(match["ref"] for match in pinned)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_no_checkout_keeps_its_token(path: Path) -> None:
    checkouts = [step for _, step in _steps(_load(path)) if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts, f"{path.name} checks nothing out"
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False, f"{path.name}: {step.get('name')}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_no_expression_is_expanded_inside_a_script(path: Path) -> None:
    # `${{ }}` is pasted into the script before the shell reads it: text from a pull request (a title, a
    # branch name) would run as commands. Values reach scripts through `env:` instead.
    for job, step in _steps(_load(path)):
        if "run" in step:
            assert "${{" not in step["run"], f"{path.name}: job {job}: {step.get('name', step['run'])}"


# -- Who reviews what ------------------------------------------------------------------------------------------


def _owns(pattern: str, path: str) -> bool:
    """Whether a CODEOWNERS pattern matches ``path`` (relative to the root), for the forms the file uses."""
    if pattern == "*":
        return True
    # Any other form (unanchored, `**`) is read differently by GitHub: fail rather than guess.
    assert pattern.startswith("/") and "**" not in pattern, f"CODEOWNERS: {pattern!r} is not resolved here"
    anchored = pattern[1:]
    if anchored.endswith("/"):
        return path.startswith(anchored)
    return fnmatch.fnmatchcase(path, anchored) or path.startswith(anchored + "/")


def _code_owners(path: str) -> tuple[str, ...]:
    """The owners GitHub asks to review ``path``: those of the last line that matches, as GitHub reads it."""
    owners: tuple[str, ...] = ()
    for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, *names = line.split()
            if _owns(pattern, path):
                owners = tuple(names)
    return owners


@pytest.mark.parametrize(
    "path",
    [
        "src/timeline/site/render.py",
        "mkdocs.yml",
        ".github/workflows/deploy.yml",
        ".github/CODEOWNERS",
        "CONTRIBUTING.md",  # published on the site as written
        "docs/methodology.md",
        "a-file-added-later.txt",  # owned until a line says otherwise
    ],
)
def test_the_maintainers_review_everything_but_the_data(path: str) -> None:
    assert _code_owners(path) == ("@example-owner/maintainers",)


@pytest.mark.parametrize("path", ["data/events/2024/x.yaml", "data/sites/hmeimim.yaml", "data/tags.yaml"])
def test_the_data_needs_no_code_owner(path: str) -> None:
    assert _code_owners(path) == ()


# -- The tools -------------------------------------------------------------------------------------------------


def _describe(finding: dict[str, Any]) -> str:
    where = ""
    for location in finding.get("locations", []):
        key = location.get("symbolic", {}).get("key", {}).get("Local", {})
        path = key.get("verbatim_path") or key.get("given_path") or "?"
        row = location.get("concrete", {}).get("location", {}).get("start_point", {}).get("row")
        where = f"{path}:{row + 1 if isinstance(row, int) else '?'}"
        break
    return f"{where}: {finding.get('ident')}: {finding.get('desc')}"


def test_zizmor_finds_nothing() -> None:
    # Offline: the audits that need GitHub's API (e.g. known-vulnerable actions) are left to Dependabot.
    result = _run(_tool("zizmor"), "--offline", "--no-progress", "--format", "json", ".github")
    assert result.returncode in (0, *range(10, 20)), result.stderr  # 10 and up: there are findings
    findings = [finding for finding in json.loads(result.stdout or "[]") if not finding.get("ignored")]
    assert not findings, "zizmor:\n" + "\n".join(_describe(finding) for finding in findings)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("schema", "paths"),
    [
        ("vendor.github-workflows", WORKFLOWS),
        ("vendor.dependabot", [GITHUB / "dependabot.yml"]),
        ("vendor.github-issue-forms", ISSUE_FORMS),
        ("vendor.github-issue-config", [GITHUB / "ISSUE_TEMPLATE" / "config.yml"]),
    ],
    ids=["workflows", "dependabot", "issue-forms", "issue-config"],
)
def test_github_reads_the_file(schema: str, paths: list[Path]) -> None:
    assert paths
    result = _run(_tool("check-jsonschema"), "--builtin-schema", schema, *map(_relative, paths))
    assert result.returncode == 0, result.stdout + result.stderr


def test_yamllint_accepts_the_data_and_the_github_files() -> None:
    result = _run(
        _tool("yamllint"), "-c", ".yamllint.yaml", "--strict", "-f", "parsable", "data", "scaffold", ".github"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_yamllint_leaves_the_formatters_choices_in_the_data_alone(tmp_path: Path) -> None:
    # `timeline fmt` never wraps a long line (a URL) and keeps a comment's indentation as written, so those
    # two rules are off for data/ and scaffold/, and only there. yamllint matches its `ignore:` paths against
    # the paths it is given; run from the folder of the configuration, as the test above runs from the
    # repository's root, so that either reading of the paths (from there or from the configuration) agrees.
    shutil.copyfile(REPO / ".yamllint.yaml", tmp_path / ".yamllint.yaml")
    original = (REPO / "data" / "events" / "2024" / "2024-12-08-tartus-ships-leave-port.yaml").read_text(
        encoding="utf-8"
    )
    prefix = "    url: https://example.org/"
    long_line = prefix + "a" * (200 - len(prefix))
    text = original.replace("    url_note: The article as we have it gives no URL.", long_line, 1)
    text = text.replace("\ntags:", "\n   # Kept where the contributor put it.\ntags:", 1)
    assert len(long_line) == 200 and long_line in text and "# Kept" in text
    paths = ["data/events/2024/long.yaml", "scaffold/long.yaml", "elsewhere/long.yaml"]
    for path in paths:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    result = _run(_tool("yamllint"), "-c", ".yamllint.yaml", "--strict", "-f", "parsable", *paths, cwd=tmp_path)
    problems = result.stdout.splitlines()
    assert not [line for line in problems if not line.startswith("elsewhere/")], result.stdout + result.stderr
    # The same file elsewhere breaks both rules: the exemption, not the file, is what lets the data pass.
    assert any("(line-length)" in line for line in problems), result.stdout
    assert any("(comments-indentation)" in line for line in problems), result.stdout
    assert result.returncode == 1
