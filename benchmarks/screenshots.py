"""Screenshots of an author page, a tag page and an article with its breadcrumb, from
a built site, in headless Chromium (Playwright, /usr/bin/chromium).

    .venv/bin/mkdocs build -d /tmp/site
    .venv/bin/python benchmarks/screenshots.py /tmp/site docs/screenshots

Prints the files it wrote. Not a test: people look at the pictures.
"""

from __future__ import annotations

import functools
import http.server
import socketserver
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {
    "author-page.png": "authors/lotte-visser/",
    "author-page-nl.png": "nl/auteurs/lotte-visser/",
    "tag-page.png": "tags/feedback/",
    "article-breadcrumb.png": "nl/klantloyaliteit-begint-binnen/",
}
CHROMIUM = "/usr/bin/chromium"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


def main(site: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for name, url in PAGES.items():
                page.goto(base + url)
                page.screenshot(path=str(out / name), full_page=False)
                print(out / name)
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots"))
