"""Measure the site search in headless Chromium: bytes a first query transfers, and
the time from a keystroke or filter change to updated results.

    python benchmarks/browser_search.py SITE_DIR [--gzip] [--json]

SITE_DIR is a built site (mkdocs build -d SITE_DIR), e.g. of a corpus made with
benchmarks/generate.py. The site is served from 127.0.0.1; `--gzip` compresses text
responses (HTML, JS, JSON, CSS) as any real web host does; Pagefind's index files are
compressed already. Prints figures; asserts nothing (the tests never time anything).

What is measured, each on a fresh browser context (empty cache):
- header: an insight page is opened; then the reader types a query into the header
  search box. Bytes = every response after the page's own load, up to the results.
- overview: the overview opens (its filter loads the index and the newest cards),
  then the reader types a query. Bytes of the page's search work, and of the query.
- latency: on the overview, after focusing the search box (which loads the engine),
  per keystroke of a query typed letter by letter, and per category tick or language
  choice: time from the input event to the results being in the page (the results
  list's aria-busy removed), with performance.now(). The header figures give the
  time from the last keystroke of a query typed on a fresh page.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import socketserver
import statistics
import sys
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TEXT_TYPES = (".html", ".js", ".json", ".css", ".xml", ".svg")
QUERIES = ("organisatie", "customer loyalty", "leiderschap")

# Instrumentation: when a results list loses aria-busy, remember the time.
OBSERVER_JS = """
() => {
  window.__qi = { start: 0, done: [] };
  const watch = (list) => new MutationObserver(() => {
    if (!list.hasAttribute('aria-busy')) window.__qi.done.push(performance.now());
  }).observe(list, { attributes: true, attributeFilter: ['aria-busy'] });
  document.querySelectorAll('.qi-cards, .qi-search__results').forEach(watch);
  for (const type of ['keydown', 'click']) {
    document.addEventListener(type, () => { window.__qi.start = performance.now(); }, true);
  }
}
"""


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site and counts the bytes of every response it sends: the server sees
    what a browser's network events miss (a Web Worker's own script, for one)."""

    compress = False
    sent: list[tuple[str, int]] = []

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.compress and wants_gzip and path.suffix in TEXT_TYPES and path.is_file()):
            body = super().send_head()
            if body is not None and hasattr(body, "fileno"):
                self.sent.append((self.path, Path(body.name).stat().st_size))
            return body
        data = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.sent.append((self.path, len(data)))
        return io.BytesIO(data)


def serve(folder: Path, compress: bool):
    handler_class = type("H", (Handler,), {"compress": compress, "sent": []})
    handler = functools.partial(handler_class, directory=str(folder))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.sent = handler_class.sent
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


class Meter:
    """Response body bytes the server sent since a mark, by kind of file."""

    def __init__(self, server):
        self.rows = server.sent

    def mark(self) -> int:
        return len(self.rows)

    def since(self, mark: int) -> dict:
        rows = self.rows[mark:]
        kinds: dict[str, int] = {}
        for url, size in rows:
            name = url.split("?")[0].rsplit("/", 1)[-1]
            kind = name.rsplit(".", 1)[-1] if "." in name else "html"
            kinds[kind] = kinds.get(kind, 0) + size
        return {"bytes": sum(size for _, size in rows), "requests": len(rows), "by_kind": kinds}


def wait_done(page, list_selector: str, after: float) -> float:
    page.wait_for_function("after => window.__qi.done.some(t => t > after)", arg=after)
    page.wait_for_selector(f"{list_selector}:not([aria-busy])", state="attached")
    return page.evaluate("after => window.__qi.done.find(t => t > after) - window.__qi.start", after)


def first_article(site: Path) -> str:
    for path in sorted(site.glob("*/index.html")):
        if "data-pagefind-body" in path.read_text(encoding="utf-8"):
            return path.parent.name + "/"
    raise SystemExit(f"{site}: no insight page found")


def measure(site: Path, compress: bool) -> dict:
    from playwright.sync_api import sync_playwright

    base, server = serve(site, compress)
    out: dict = {"site": str(site), "gzip": compress, "pages_indexed": {}}
    for lang in ("en", "nl"):
        entry = site / "pagefind" / lang / "pagefind-entry.json"
        if entry.exists():
            out["pages_indexed"][lang] = sum(v["page_count"] for v in json.loads(entry.read_text())["languages"].values())
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)

        # 1. Header search on an insight page.
        header = []
        for query in QUERIES:
            context = browser.new_context()
            page = context.new_page()
            meter = Meter(server)
            page.goto(base + first_article(site), wait_until="load")
            page.evaluate(OBSERVER_JS)
            mark = meter.mark()
            page.locator("#qi-search-q").click()
            start = page.evaluate("performance.now()")
            page.keyboard.type(query)
            wait_done(page, ".qi-search__results", start)
            page.wait_for_load_state("networkidle")
            # From the last keystroke: the earlier ones' searches are superseded.
            cold = page.evaluate("Math.max(...window.__qi.done) - window.__qi.start")
            header.append({"query": query, "last_keystroke_ms": round(cold, 1), **meter.since(mark)})
            context.close()
        out["header_first_query"] = header

        # 2. The overview: its own load, then a first query.
        context = browser.new_context()
        page = context.new_page()
        meter = Meter(server)
        overview_mark = meter.mark()
        page.goto(base + "insights/", wait_until="load")
        page.evaluate(OBSERVER_JS)
        page.wait_for_selector("form.qi-filter:not([hidden])")
        page.wait_for_selector(".qi-cards:not([aria-busy])", state="attached")
        page.wait_for_load_state("networkidle")
        out["overview_load"] = meter.since(overview_mark)
        mark = meter.mark()
        box = page.locator("#qi-filter-q")
        box.click()  # focus loads the search engine; a reader starts typing a moment later
        page.wait_for_load_state("networkidle")
        # 3. Latency per keystroke, typed letter by letter, waiting for each result.
        keystrokes = []
        for letter in "organisatie":
            start = page.evaluate("performance.now()")
            page.keyboard.type(letter)
            keystrokes.append(wait_done(page, ".qi-cards", start))
        page.wait_for_load_state("networkidle")
        out["overview_first_query"] = {"query": "organisatie", **meter.since(mark)}
        box.fill("")
        box.dispatch_event("input")
        page.wait_for_selector(".qi-cards:not([aria-busy])", state="attached")
        # Tick every category, untick them again, then choose each language in turn.
        filters = []
        boxes = page.locator("form.qi-filter input[name=category]")
        radios = page.locator("form.qi-filter input[name=lang]")
        clicks = [boxes.nth(i) for i in range(boxes.count())] * 2
        clicks += [radios.nth(i) for i in (1, 2, 0, 2, 1, 0)]
        for control in clicks:
            start = page.evaluate("performance.now()")
            control.click()
            filters.append(wait_done(page, ".qi-cards", start))
        context.close()
        browser.close()
    server.shutdown()
    out["latency_ms"] = {
        "keystroke": summary(keystrokes),
        "keystroke_first": round(keystrokes[0], 1),
        "filter_change": summary(filters),
    }
    return out


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {
        "n": len(values),
        "median": round(statistics.median(ordered), 1),
        "p90": round(ordered[int(0.9 * (len(ordered) - 1))], 1),
        "max": round(ordered[-1], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("--gzip", action="store_true", help="compress text responses, as a web host does")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a summary")
    args = parser.parse_args()
    if not (args.site / "pagefind").is_dir():
        sys.exit(f"{args.site}: no pagefind/ folder; build the site first (mkdocs build -d {args.site})")
    result = measure(args.site, args.gzip)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    kb = lambda n: f"{n / 1024:.0f} KB"  # noqa: E731
    print(f"site: {result['site']}  (pages indexed: {result['pages_indexed']}, gzip: {result['gzip']})")
    for row in result["header_first_query"]:
        print(f"header search, first query {row['query']!r}: {kb(row['bytes'])} in {row['requests']} requests, "
              f"last keystroke -> results {row['last_keystroke_ms']} ms  {row['by_kind']}")
    print(f"overview load (filter ready, newest 20 cards): {kb(result['overview_load']['bytes'])} in {result['overview_load']['requests']} requests")
    q = result["overview_first_query"]
    print(f"overview, then first query {q['query']!r}: {kb(q['bytes'])} in {q['requests']} requests  {q['by_kind']}")
    lat = result["latency_ms"]
    print(f"keystroke -> results (engine loaded on focus): first {lat['keystroke_first']} ms; median {lat['keystroke']['median']} ms, "
          f"p90 {lat['keystroke']['p90']} ms, max {lat['keystroke']['max']} ms over {lat['keystroke']['n']}")
    print(f"filter change (categories, language) -> results: median {lat['filter_change']['median']} ms, p90 {lat['filter_change']['p90']} ms, "
          f"max {lat['filter_change']['max']} ms over {lat['filter_change']['n']}")


if __name__ == "__main__":
    main()
