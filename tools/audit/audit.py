"""`make audit`: Lighthouse's scores for each kind of page, on the site built from data/ and from 1,000 events.

Steps:

1. Build the site twice with `mkdocs build`, as `make build` does: from data/, and from a set of 1,000
   generated events (`tools/bench generate`), each for the address it is then served at (SITE_URL), so that
   canonical links and the sitemap are what a published copy has.
2. Serve each folder on 127.0.0.1 with gzip, as any static host does (GitHub Pages, nginx).
3. Run Lighthouse (tools/audit/package.json pins it; Debian's Chromium runs it) on the home page, the
   timeline, a month, a site, a source, an event and the search page, for a phone (Lighthouse's default).
4. Print a table of the four scores, write them to test-artifacts/audit.json with the audits that cost
   points (each full report beside it, in test-artifacts/audit/), and exit 1 when a score misses its
   target: performance 95, the other three 100.

Lighthouse's performance score simulates a slow phone on a slow network from one page load: it moves by a
few points between runs on a shared machine. A page that misses narrowly is worth a second run.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

REPO = Path(__file__).resolve().parents[2]
LIGHTHOUSE = REPO / "tools" / "audit" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
# As the browser tests start it: without these, Chromium tries Google's hosts at every start.
CHROMIUM_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
    "--disable-sync --no-first-run --disable-quic"
)
_COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".pf_meta", ".csv", ".ics", ".geojson")


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped where a host would gzip them; the site's own 404 page for a missing one."""

    cache: ClassVar[dict[Path, bytes]] = {}

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]  # the base class's own signature
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = path / "index.html"
        if not path.is_file():
            self.send_response(404)
            body = (Path(self.directory) / "404.html").read_bytes()
            return self._send(body, "text/html", compress=True)
        self.send_response(200)
        return self._send(path.read_bytes(), self.guess_type(str(path)), compress=path.suffix in _COMPRESSED, key=path)

    def _send(self, body: bytes, kind: str, *, compress: bool, key: Path | None = None):  # type: ignore[no-untyped-def]
        if compress and "gzip" in self.headers.get("Accept-Encoding", ""):
            found = self.cache.get(key) if key else None
            body = found if found is not None else gzip.compress(body, compresslevel=6, mtime=0)
            if key:
                self.cache[key] = body
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def _served(site: Path, port: int) -> Iterator[str]:
    handler = functools.partial(type("Handler", (_GzipHandler,), {"cache": {}}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()


def _build(data: Path, out: Path, url: str) -> None:
    env = {**os.environ, "TIMELINE_DATA": str(data), "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(out)]
    subprocess.run(command, cwd=REPO, env=env, check=True)


def _pages(data: Path, site: Path) -> dict[str, str]:
    """One page of each kind: the first site, source and event, and the first month, by name."""
    first = {
        kind: sorted(path.stem for path in (data / kind).rglob("*.yaml"))[0] for kind in ("sites", "sources", "events")
    }
    month = sorted(path.parent for path in (site / "timeline").glob("[0-9]*/[0-9]*/index.html"))[0]
    return {
        "home": "",
        "timeline": "timeline/",
        "month": month.relative_to(site).as_posix() + "/",
        "site": f"sites/{first['sites']}/",
        "source": f"sources/{first['sources']}/",
        "event": f"events/{first['events']}/",
        "search": "search/?q=Hmeimim",
    }


def _lighthouse(url: str, report: Path) -> dict[str, object]:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROMIUM_FLAGS}",
    ]
    subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True, timeout=300)
    result = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: round(100 * (result["categories"][name]["score"] or 0)) for name in CATEGORIES}
    # Per category, the audits that cost it points, with what Lighthouse says of the first few elements.
    failing = {
        name: {
            ref["id"]: [item.get("node", {}).get("snippet", "") for item in details.get("items", [])[:3]]
            for ref in result["categories"][name]["auditRefs"]
            if ref["weight"] > 0
            and (found := result["audits"][ref["id"]])["score"] is not None
            and found["score"] < 1
            and isinstance(details := found.get("details") or {}, dict)
        }
        for name in CATEGORIES
    }
    return {"scores": scores, "costing_points": failing}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1000, help="size of the generated data set (default 1000)")
    parser.add_argument("--only", choices=("data", "generated"), help="audit one data set only")
    parser.add_argument("--kinds", nargs="+", help="audit only these kinds of page (home, timeline, month, …)")
    parser.add_argument("--json", type=Path, default=REPO / "test-artifacts" / "audit.json")
    options = parser.parse_args()
    if not LIGHTHOUSE.exists():
        parser.error("Lighthouse is missing: run `make audit`, which installs it")
    results: dict[str, dict[str, dict[str, object]]] = {}
    with tempfile.TemporaryDirectory(prefix="timeline-audit-") as scratch:
        work = Path(scratch)
        generated = work / "generated"
        sets = {"data": REPO / "data", f"{options.events} events": generated}
        if options.only != "data":
            subprocess.run(
                [sys.executable, str(REPO / "tools" / "bench"), "generate", str(options.events), str(generated)],
                cwd=REPO,
                check=True,
            )
        for name, data in sets.items():
            if options.only and (name == "data") != (options.only == "data"):
                continue
            port = _free_port()
            site = work / f"site-{port}"
            url = f"http://127.0.0.1:{port}/"
            _build(data, site, url)
            with _served(site, port) as served:
                for kind, path in _pages(data, site).items():
                    if options.kinds and kind not in options.kinds:
                        continue
                    print(f"{name}: {kind} ({path or '/'}) …", file=sys.stderr, flush=True)
                    report = options.json.parent / "audit" / f"{name.replace(' ', '-')}-{kind}.json"
                    report.parent.mkdir(parents=True, exist_ok=True)
                    results.setdefault(name, {})[kind] = _lighthouse(served + path, report)
    return _report(results, options.json)


def _report(results: dict[str, dict[str, dict[str, object]]], target: Path) -> int:
    header = f"{'data set':<14}{'page':<10}" + "".join(f"{name:>16}" for name in CATEGORIES)
    lines = [header, "-" * len(header)]
    missed = []
    for name, pages in results.items():
        for kind, found in pages.items():
            scores = found["scores"]
            assert isinstance(scores, dict)
            cells = []
            for category in CATEGORIES:
                score = scores[category]
                mark = "" if score >= TARGETS[category] else " ✗"
                if mark:
                    missed.append(
                        f"{name} {kind} {category} {score} < {TARGETS[category]}: {found['costing_points'][category]}"
                    )
                cells.append(f"{score}{mark}".rjust(16))
            lines.append(f"{name:<14}{kind:<10}" + "".join(cells))
    print("\n".join(lines))
    print(f"targets: performance ≥ {TARGETS['performance']}; accessibility, best practices, SEO: 100 (mobile)")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps({"targets": TARGETS, "results": results}, indent=2) + "\n", encoding="utf-8")
    for line in missed:
        print(f"missed: {line}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
