"""Lighthouse's four scores (performance, accessibility, best practices, SEO) for every
page type of the sample site, on a phone and on a desktop, and the overview on a phone
as a screenshot (docs/img/).

    python benchmarks/lighthouse.py [--site site/] [--runs 1] [--screenshot docs/img/overview-phone.png]

Builds the sample site (unless --site is given), serves it on 127.0.0.1 and runs
Lighthouse 12.2.3 (package.json: `npm ci` installs it; 12.2.3 is the last release that
runs on Node 20) with Debian's Chromium (/usr/bin/chromium). Lighthouse's mobile run
throttles the CPU 4x and the network to slow 4G, simulated: the figures are a model,
not a stopwatch, and vary by a point or two from run to run (--runs takes the median).
The page types are the browser tests' (tests/test_reader_a11y.py PAGES). The site is
served gzip-compressed, as hosts serve it.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, build_site, make_project  # noqa: E402
from test_reader_a11y import PAGES, PHONE  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


# Compressed as every host we publish to serves text (GitHub Pages, nginx, Netlify):
# Lighthouse's simulated slow 4G counts the bytes on the wire, and Python's own file
# server sends them uncompressed.
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass

    def do_GET(self):  # noqa: N802 - the stdlib's name
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve_compressed(folder: Path):
    handler = functools.partial(GzipHandler, directory=str(folder))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def lighthouse(url: str, form_factor: str) -> dict[str, int]:
    """The four scores (0-100) of one Lighthouse run."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        command = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags=--headless=new {' '.join(CHROMIUM_ARGS)}",
        ]
        if form_factor == "desktop":
            command.append("--preset=desktop")
        subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True)
        report = json.loads(out.read_text(encoding="utf-8"))
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def screenshot(url: str, path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=PHONE)
        page.goto(url)
        page.wait_for_timeout(500)
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path))
        browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the sample site)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page (the median is printed)")
    parser.add_argument("--screenshot", type=Path, help="save the overview on a phone (390x844) here")
    parser.add_argument("--pages", help="page types to run, comma-separated (default: all)")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print("Lighthouse is missing: run `npm ci` in the repository (package.json)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or build_site(make_project(Path(tmp), with_sample=True))
        base, server = serve_compressed(site)
        try:
            if args.screenshot:
                screenshot(base + "insights/", args.screenshot)
            wanted = set(args.pages.split(",")) if args.pages else None
            print(f"{'page':<16} {'form':<8} " + " ".join(f"{c:>14}" for c in CATEGORIES))
            for name, en, _nl in PAGES:
                if wanted and name not in wanted:
                    continue
                for form_factor in ("mobile", "desktop"):
                    runs = [lighthouse(base + en, form_factor) for _ in range(args.runs)]
                    scores = {c: round(statistics.median(r[c] for r in runs)) for c in CATEGORIES}
                    print(f"{name:<16} {form_factor:<8} " + " ".join(f"{scores[c]:>14}" for c in CATEGORIES))
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
