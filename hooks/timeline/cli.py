"""The ``timeline`` command line.

    python -m timeline check [DATA_DIR] [--format text|github]
    python -m timeline render OUT_DIR [--data DATA_DIR]
    python -m timeline schema OUT_DIR [--check]

Exit codes: 0 when all is well, 1 when the data (or a schema file) needs fixing, 2 on usage errors
(including a data folder that does not exist).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
from pathlib import Path

from . import build, dataset, output, repository
from .render import render_files
from .schema import data_schemas, dumps


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    # Messages quote contributor text; a terminal or CI log that is not UTF-8 must still get them all.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `check | head` closed the pipe: not an error of ours. Silence the flush at exit too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as error:  # noqa: BLE001 - the promise to contributors is: never a traceback
        print(f"timeline: internal error, please report it: {type(error).__name__}: {error}", file=sys.stderr)
        return 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m timeline", description="Check and build the timeline data.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate a data folder; one line per problem")
    check.add_argument("data_dir", nargs="?", default="data", type=Path, help="default: data/")
    check.add_argument(
        "--format",
        choices=("text", "github"),
        default="github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text",
        help="github: also annotate the lines in a pull request (default under GitHub Actions)",
    )
    check.set_defaults(run=_check)

    render = commands.add_parser(
        "render", help="write the generated pages into a folder, for MkDocs or another static-site engine"
    )
    render.add_argument("out_dir", type=Path, help="a new or empty folder")
    render.add_argument("--data", dest="data_dir", default=Path("data"), type=Path, help="default: data/")
    render.set_defaults(run=_render)

    schema = commands.add_parser("schema", help="write the JSON Schemas of the data files")
    schema.add_argument("out_dir", type=Path)
    schema.add_argument("--check", action="store_true", help="fail if the files there are not up to date")
    schema.set_defaults(run=_schema)
    return parser


def _check(args: argparse.Namespace) -> int:
    if not args.data_dir.is_dir():
        print(f"{args.data_dir}:1:1: data folder not found", file=sys.stderr)
        return 2
    result = dataset.load(args.data_dir)
    for problem in result.problems:
        print(problem.format())
        if args.format == "github":
            print(problem.format_github())
    if result.problems:
        count = len(result.problems)
        print(f"{count} problem{'s' if count != 1 else ''} in {args.data_dir}", file=sys.stderr)
        return 1
    assert result.dataset is not None
    print(
        f"{args.data_dir}: {len(result.dataset.events)} events, {len(result.dataset.sites)} sites and "
        f"{len(result.dataset.sources)} sources are valid",
        file=sys.stderr,
    )
    return 0


def _render(args: argparse.Namespace) -> int:
    if not args.data_dir.is_dir():
        print(f"{args.data_dir}:1:1: data folder not found", file=sys.stderr)
        return 2
    out_dir: Path = args.out_dir
    # Never write over something else: stale pages of deleted events must not survive a render.
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        print(f"{out_dir}: not an empty folder; give a new or empty one", file=sys.stderr)
        return 2
    # The repository holding the data gives the build date, the edit links and CONTRIBUTING.md,
    # wherever the command is run from.
    root = repository.root_of(args.data_dir)
    site_url = os.environ.get("SITE_URL", "").strip() or None  # as mkdocs.yml takes it
    generated = build.generate(args.data_dir, root, repository.detect(root), build.pin_build_date(root), site_url)
    for problem in generated.problems:
        print(problem.format())
    if generated.problems:
        print(f"{len(generated.problems)} problem(s) in {args.data_dir}; nothing written", file=sys.stderr)
        return 1
    # The hand-written pages and the stylesheet first, so that the folder is a whole site's sources.
    docs = root / "docs"
    if docs.is_dir():
        shutil.copytree(docs, out_dir, dirs_exist_ok=True)
    output.write_files(out_dir, ((rendered.path, rendered.content) for rendered in render_files(generated.files)))
    print(f"{out_dir}: {len(generated.files)} files written", file=sys.stderr)
    return 0


def _schema(args: argparse.Namespace) -> int:
    stale = []
    for name, schema in data_schemas().items():
        target = args.out_dir / name
        text = dumps(schema)
        if args.check:
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                stale.append(target)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for target in stale:
        print(f"{target}:1:1: out of date with the models; run 'make schema'")
    return 1 if stale else 0
