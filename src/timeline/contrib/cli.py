"""The ``timeline`` command line.

    timeline check [DATA_DIR] [--format text|github]
    timeline new event|site|source [--data DATA_DIR] [field flags]
    timeline fmt [DATA_DIR] [--check]
    timeline render OUT_DIR [--data DATA_DIR]
    timeline schema OUT_DIR [--check]
    timeline fields DOCUMENT [--check]

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

from timeline.build import output
from timeline.build import plan as build
from timeline.contract import dataset, repository, statuses
from timeline.contract.problems import ProblemLog
from timeline.contract.schema import data_schemas, dumps
from timeline.contrib import fieldref, formatter, newfiles, prompts
from timeline.settings import Settings
from timeline.site.planned import render_all


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    # Messages quote contributor text; a terminal or CI log that is not UTF-8 must still get them all.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        return int(args.run(args))
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
    parser = argparse.ArgumentParser(prog="timeline", description="Check and build the timeline data.")
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

    new = commands.add_parser("new", help="start a new event, site or source file, ready to edit")
    kinds = new.add_subparsers(dest="kind", required=True, metavar="KIND")
    event = kinds.add_parser("event", help="data/events/<year>/<id>.yaml; asks for what is missing in a terminal")
    event.add_argument("--date", help="EDTF: 2024-12-13, 2024-12~ (around), 2024-12-12? (unconfirmed)")
    event.add_argument("--title", help="one line: what happened, where")
    event.add_argument("--site", action="append", default=[], help="a site id; repeat for several")
    event.add_argument(
        "--source", action=prompts.StartCitation, help="a source id; starts a citation, which the next flags describe"
    )
    event.add_argument("--status", default=None, choices=statuses.IDS, help=f"default: {statuses.NEW_EVENT_DEFAULT}")
    event.add_argument("--summary", help="what happened, in your own words")
    event.add_argument(
        "--claimed-by", help="who makes the claim: cited source ids, comma-separated; needed unless confirmed"
    )
    for flag, text in (
        ("--citation-title", "the title of the source's article, post or image release"),
        ("--url", "the link to it (never guess one)"),
        ("--url-note", "why there is no link"),
        ("--accessed", "the day you saw it at --url, e.g. 2024-12-14 (default: today)"),
        ("--archive-url", "a dated capture of --url: web.archive.org/web/YYYYMMDDhhmmss/<url> or archive.ph/…"),
        ("--archive-note", "why there is no archived copy"),
        ("--sha256", "for a downloaded video or image: its SHA-256, as sha256sum prints it"),
        ("--collected-by", "who found, saved or downloaded it"),
    ):
        event.add_argument(flag, action=prompts.CitationField, help=f"of the last --source: {text}")
    event.set_defaults(citations=None)
    event.add_argument("--id", dest="event_id", help="default: the date and the title's words")
    site = kinds.add_parser("site", help="data/sites/<id>.yaml")
    site.add_argument("--id", dest="site_id")
    site.add_argument("--name")
    site.add_argument("--kind", dest="site_kind", default=None, help="air_base, naval_base, ground_base, city, …")
    site.add_argument("--country", default=None, help="ISO 3166-1 code, e.g. SY")
    site.add_argument("--lat", help="decimal degrees, north positive, e.g. 35.401")
    site.add_argument("--lon", help="decimal degrees, east positive, e.g. 35.948")
    site.add_argument("--precision", choices=("exact", "approximate", "area"), default=None)
    site.add_argument("--summary")
    source = kinds.add_parser("source", help="data/sources/<id>.yaml")
    source.add_argument("--id", dest="source_id")
    source.add_argument("--name")
    source.add_argument("--kind", dest="source_kind", default=None, help="news_outlet, imagery_provider, analyst, …")
    source.add_argument("--url")
    source.add_argument("--summary")
    for command in (event, site, source):
        command.add_argument("--data", dest="data_dir", default=Path("data"), type=Path, help="default: data/")
        command.set_defaults(run=_new)

    fmt = commands.add_parser("fmt", help="lay out the data files one way: key order, quoting, indentation")
    fmt.add_argument("data_dir", nargs="?", default=Path("data"), type=Path, help="default: data/")
    fmt.add_argument("--check", action="store_true", help="change nothing; fail if a file is not laid out")
    fmt.set_defaults(run=_fmt)

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

    fields = commands.add_parser("fields", help="write the field reference of a guide from the JSON Schemas")
    fields.add_argument("document", type=Path, help="e.g. CONTRIBUTING.md, holding the reference's two markers")
    fields.add_argument("--check", action="store_true", help="fail if the reference there is not up to date")
    fields.set_defaults(run=_fields)
    return parser


def _new(args: argparse.Namespace) -> int:
    if not args.data_dir.is_dir():
        print(f"{args.data_dir}:1:1: data folder not found", file=sys.stderr)
        return 2
    ask = prompts.Asker(interactive=sys.stdin.isatty())
    today = Settings.from_environment(os.environ).today
    try:
        if args.kind == "event":
            draft = prompts.event_draft(args, ask, args.data_dir, today)
            path, text = newfiles.event_file(args.data_dir, draft, today)
        elif args.kind == "site":
            path, text = newfiles.site_file(args.data_dir, prompts.site_draft(args, ask, args.data_dir))
        else:
            path, text = newfiles.source_file(args.data_dir, prompts.source_draft(args, ask, args.data_dir))
        newfiles.write_checked(args.data_dir, path, text, today)
    except newfiles.NewFileError as error:
        for line in str(error).splitlines():
            print(f"timeline new {args.kind}: {line}", file=sys.stderr)
        print(f"timeline new {args.kind}: nothing written", file=sys.stderr)
        return 1
    except prompts.Missing as missing:
        print(f"timeline new {args.kind}: {missing}", file=sys.stderr)
        return 2
    except prompts.Cancelled:
        print(f"\ntimeline new {args.kind}: stopped; nothing written", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C; write_checked has removed a file it had begun
        print(f"\ntimeline new {args.kind}: interrupted; nothing written", file=sys.stderr)
        return 130
    print(path)
    print(f"{path}: written and checked; edit it as you need, then run: make check", file=sys.stderr)
    return 0


def _fmt(args: argparse.Namespace) -> int:
    if not args.data_dir.is_dir():
        print(f"{args.data_dir}:1:1: data folder not found", file=sys.stderr)
        return 2
    changed, refused = 0, 0
    found = ProblemLog()
    files = formatter.data_files(args.data_dir, found)
    for problem in found.sorted():  # e.g. a symbolic link: check reports the same, and fmt leaves it alone
        refused += 1
        print(problem.format())
    for path, kind in files:
        result = formatter.format_file(path, kind, write=not args.check)
        if result.outcome == "refused":
            refused += 1
            for problem in result.problems.sorted():
                print(problem.format())
            print(f"{path}:1:1: not formatted until the problems above are fixed (make check)")
        elif result.outcome == "formatted":
            changed += 1
            if args.check:
                print(f"{path}:1:1: not laid out the house way; run 'make fmt' (timeline fmt)")
            else:
                print(f"{path}: formatted", file=sys.stderr)
    if args.check and changed:
        print(f"{changed} file{'s' if changed != 1 else ''} to format: run 'make fmt'", file=sys.stderr)
    return 1 if refused or (args.check and changed) else 0


def _check(args: argparse.Namespace) -> int:
    if not args.data_dir.is_dir():
        print(f"{args.data_dir}:1:1: data folder not found", file=sys.stderr)
        return 2
    result = dataset.load(args.data_dir, Settings.from_environment(os.environ).today)
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
    generated = build.generate(args.data_dir, root, Settings.from_environment(os.environ, root))
    for problem in generated.problems:
        print(problem.format())
    for warning in generated.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if generated.problems:
        print(f"{len(generated.problems)} problem(s) in {args.data_dir}; nothing written", file=sys.stderr)
        return 1
    # The hand-written pages and the stylesheet first, so that the folder is a whole site's sources.
    docs = root / "docs"
    if docs.is_dir():
        shutil.copytree(docs, out_dir, dirs_exist_ok=True)
    output.write_files(out_dir, render_all(generated.files))
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


def _fields(args: argparse.Namespace) -> int:
    document: Path = args.document
    try:
        text = document.read_text(encoding="utf-8")
        updated = fieldref.replace_in(text)
    except (OSError, ValueError) as error:
        print(f"{document}:1:1: {error}", file=sys.stderr)
        return 2
    if updated == text:
        return 0
    if args.check:
        print(f"{document}:1:1: the field reference is out of date; run 'make docs'", file=sys.stderr)
        return 1
    document.write_text(updated, encoding="utf-8")
    print(f"{document}: field reference written", file=sys.stderr)
    return 0
