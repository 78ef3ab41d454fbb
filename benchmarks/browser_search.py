"""Measure the site search in headless Chromium: bytes a first query transfers, and
the time from a keystroke or filter change to updated results.

    python benchmarks/browser_search.py SITE_DIR [--gzip] [--json] [--debounce MS] [--engine]

SITE_DIR is a built site (mkdocs build -d SITE_DIR), e.g. of a corpus made with
benchmarks/generate.py. The site is served from 127.0.0.1; `--gzip` compresses text
responses (HTML, JS, JSON, CSS) as any real web host does; Pagefind's index files are
compressed already. Prints figures; asserts nothing (the tests never time anything).

What is measured, each on a fresh browser context (empty cache):
- header: an insight page of each language is opened; the reader types a query into
  the header search box, which searches the page's language only. Bytes = every
  response after the page's own load, up to the results, by bundle. Then the reader
  presses "Also search ..." (the other language): its bytes and time.
- overview, both languages: the overview opens, the reader types a query. The page's
  language is searched first and its cards shown, then the other language's merged
  in: bytes and time from the last keystroke to the first cards and to the final
  count (the results list's aria-busy removed).
- latency: on the overview, after focusing the search box (which loads the page
  language's engine), per keystroke of a query typed letter by letter (first cards
  and final), and per category tick or language choice; and in the header box, per
  keystroke once its engine is loaded. Times are from the input event, with
  performance.now().
- `--debounce MS` serves search.js with DEBOUNCE_MS = MS, and adds a run typing at
  a fixed pace (TYPING_DELAY_MS between keys), timed from the last keystroke.
- `--engine` times Pagefind's own search() for very common words, with its
  default ranking and other ranking options, and its preload().
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
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
# Very common words: nearly every insight matches, Pagefind's slowest case.
COMMON = ("the", "and", "de", "het", "management", "team")
TYPING_DELAY_MS = 80

# Instrumentation: when a results list loses aria-busy, remember the time.
OBSERVER_JS = """
() => {
  window.__qi = { start: 0, done: [], shown: [] };
  const watch = (list) => new MutationObserver(() => {
    if (!list.hasAttribute('aria-busy')) window.__qi.done.push(performance.now());
  }).observe(list, { attributes: true, attributeFilter: ['aria-busy'] });
  document.querySelectorAll('.qi-cards, .qi-search__results').forEach(watch);
  // Cards replaced: the first language's cards may come before the final answer.
  const cards = document.querySelector('.qi-cards');
  if (cards) new MutationObserver(() => window.__qi.shown.push(performance.now())).observe(cards, { childList: true });
  for (const type of ['keydown', 'click']) {
    document.addEventListener(type, () => { window.__qi.start = performance.now(); }, true);
  }
}
"""


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site and counts the bytes of every response it sends: the server sees
    what a browser's network events miss (a Web Worker's own script, for one)."""

    compress = False
    debounce: int | None = None
    sent: list[tuple[str, int]] = []

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        rewrite = self.debounce is not None and path.name == "search.js"
        if not rewrite and not (self.compress and wants_gzip and path.suffix in TEXT_TYPES and path.is_file()):
            body = super().send_head()
            if body is not None and hasattr(body, "fileno"):
                self.sent.append((self.path, Path(body.name).stat().st_size))
            return body
        data = path.read_bytes()
        if rewrite:
            data = data.replace(b"DEBOUNCE_MS = 0;", f"DEBOUNCE_MS = {self.debounce};".encode())
        if self.compress and wants_gzip:
            data = gzip.compress(data)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if self.compress and wants_gzip:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.sent.append((self.path, len(data)))
        return io.BytesIO(data)


def serve(folder: Path, compress: bool, debounce: int | None = None):
    handler_class = type("H", (Handler,), {"compress": compress, "debounce": debounce, "sent": []})
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
        bundles: dict[str, int] = {}
        for url, size in rows:
            if "/pagefind/" in url:
                lang = url.split("/pagefind/")[1].split("/")[0]
                bundles[lang] = bundles.get(lang, 0) + size
        return {"bytes": sum(size for _, size in rows), "requests": len(rows), "by_kind": kinds, "by_bundle": bundles}


def wait_done(page, list_selector: str, after: float) -> float:
    page.wait_for_function("after => window.__qi.done.some(t => t > after)", arg=after)
    page.wait_for_selector(f"{list_selector}:not([aria-busy])", state="attached")
    return page.evaluate("after => window.__qi.done.find(t => t > after) - window.__qi.start", after)


def wait_last(page, list_selector: str) -> None:
    """Until the answer to the last keystroke is in the page: waiting for the network
    to be idle is not enough, a search of a common word computes for half a second."""
    page.wait_for_function("window.__qi.done.some(t => t > window.__qi.start)")
    page.wait_for_selector(f"{list_selector}:not([aria-busy])", state="attached")
    page.wait_for_load_state("networkidle")


def first_article(site: Path, lang: str = "en") -> str:
    folder = site if lang == "en" else site / lang
    for path in sorted(folder.glob("*/index.html")):
        if "data-pagefind-body" in path.read_text(encoding="utf-8"):
            return path.parent.relative_to(site).as_posix() + "/"
    raise SystemExit(f"{site}: no {lang} insight page found")


def since(page, key: str, after: float) -> float:
    """Time from the last input event to the first `key` event after `after`."""
    return page.evaluate(f"after => window.__qi.{key}.find(t => t > after) - window.__qi.start", after)


def fresh(browser, base: str, path: str):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + path, wait_until="load")
    page.evaluate(OBSERVER_JS)
    return context, page


def header_first_queries(browser, base: str, server, site: Path) -> list[dict]:
    """The header box on an insight page of each language: a first query (the page's
    language), then "Also search ..." (the other language)."""
    rows = []
    for lang in ("en", "nl"):
        for query in QUERIES:
            context, page = fresh(browser, base, first_article(site, lang))
            meter = Meter(server)
            mark = meter.mark()
            page.locator("#qi-search-q").click()
            page.keyboard.type(query)
            wait_last(page, ".qi-search__results")
            # From the last keystroke: the earlier ones' searches are superseded.
            cold = page.evaluate("Math.max(...window.__qi.done) - window.__qi.start")
            row = {"page_lang": lang, "query": query, "last_keystroke_ms": round(cold, 1), **meter.since(mark)}
            also = page.locator(".qi-search__also")
            if also.is_visible():
                mark = meter.mark()
                start = page.evaluate("performance.now()")
                also.click()
                widened = wait_done(page, ".qi-search__results", start)
                page.wait_for_load_state("networkidle")
                row["also_search"] = {"ms": round(widened, 1), **meter.since(mark)}
            rows.append(row)
            context.close()
    return rows


def overview_both(browser, base: str, server) -> list[dict]:
    """The overview, language "both": a query typed on a fresh page. The page's
    language's cards come first, then the final answer with both languages."""
    rows = []
    for lang, path in (("en", "insights/"), ("nl", "nl/inzichten/")):
        for query in QUERIES:
            context, page = fresh(browser, base, path)
            page.wait_for_selector("form.qi-filter:not([hidden])")
            meter = Meter(server)
            mark = meter.mark()
            page.locator("#qi-filter-q").click()
            page.keyboard.type(query)
            wait_last(page, ".qi-cards")
            last = page.evaluate("window.__qi.start")
            # The final answer replaces the cards too: the first cards are the change
            # before it (an earlier keystroke's search may still land after `last`).
            first_cards = page.evaluate("""last => {
              const after = window.__qi.shown.filter(t => t > last);
              return (after.length > 1 ? after[after.length - 2] : after[0]) - last;
            }""", last)
            final = page.evaluate("last => Math.max(...window.__qi.done) - last", last)
            used = meter.since(mark)
            rows.append({
                "page_lang": lang, "query": query,
                "first_cards_ms": round(first_cards, 1), "final_ms": round(final, 1),
                # The language searched first is all a reader waits for to see cards.
                "first_language_bytes": used["by_bundle"].get(lang, 0),
                **used,
            })
            context.close()
    return rows


def typed_letter_by_letter(page, box_selector: str, list_selector: str, word: str) -> tuple[list, list]:
    """Per keystroke, waiting for each answer: (first cards or results, final). The
    first letter is no query (search.js MIN_QUERY = 2): typed, not timed."""
    first, final = [], []
    page.keyboard.type(word[0])
    page.wait_for_timeout(200)
    page.wait_for_selector(f"{list_selector}:not([aria-busy])", state="attached")
    for letter in word[1:]:
        start = page.evaluate("performance.now()")
        page.keyboard.type(letter)
        final.append(wait_done(page, list_selector, start))
        shown = page.evaluate("after => window.__qi.shown.find(t => t > after)", start)
        first.append(final[-1] if shown is None else shown - page.evaluate("window.__qi.start"))
    return first, final


def paced_typing(browser, base: str) -> dict:
    """A query typed at TYPING_DELAY_MS a key without waiting: from the last keystroke."""
    out = {}
    for name, path, box, results in (("overview", "insights/", "#qi-filter-q", ".qi-cards"),
                                     ("header", "about/", "#qi-search-q", ".qi-search__results")):
        times = []
        for query in QUERIES:
            context, page = fresh(browser, base, path)
            page.locator(box).click()
            page.wait_for_load_state("networkidle")  # the engine is loaded on focus
            page.keyboard.type(query, delay=TYPING_DELAY_MS)
            wait_last(page, results)
            times.append(page.evaluate("Math.max(...window.__qi.done) - window.__qi.start"))
            context.close()
        out[name] = [round(t, 1) for t in times]
    return out


ENGINE_JS = """
async ([words, variants]) => {
  const pagefind = await import(new URL('pagefind/' + document.documentElement.lang + '/pagefind.js', location.origin).href);
  await pagefind.options({ noWorker: true });
  await pagefind.init();
  const out = {};
  for (const word of words) {
    await pagefind.preload(word);  // chunks loaded: time the search alone
    const started = performance.now();
    await pagefind.search(word);
    out[word] = { cold: performance.now() - started, n: (await pagefind.search(word)).results.length };
    for (const [name, options] of variants) {
      await pagefind.options(options);
      const times = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await pagefind.search(word);
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      out[word][name] = times[2];
    }
  }
  return out;
}
"""

# Pagefind 1.x ranking options (its defaults first): cheaper ranking, if any, shows here.
RANKING_VARIANTS = [
    ["default", {"ranking": {"termFrequency": 1.0, "pageLength": 0.75, "termSaturation": 1.4, "termSimilarity": 1.0}}],
    ["termFrequency 0", {"ranking": {"termFrequency": 0.0, "pageLength": 0.75, "termSaturation": 1.4, "termSimilarity": 1.0}}],
    ["pageLength 0", {"ranking": {"termFrequency": 1.0, "pageLength": 0.0, "termSaturation": 1.4, "termSimilarity": 1.0}}],
    ["termSimilarity 0", {"ranking": {"termFrequency": 1.0, "pageLength": 0.75, "termSaturation": 1.4, "termSimilarity": 0.0}}],
]


def engine_options(browser, base: str) -> dict:
    """Pagefind's search() alone (chunks preloaded), median of 5, per ranking option."""
    out = {}
    for lang, path in (("en", "about/"), ("nl", "nl/about/")):
        context, page = fresh(browser, base, path)
        out[lang] = page.evaluate(ENGINE_JS, [list(COMMON), RANKING_VARIANTS])
        context.close()
    return out


def measure(site: Path, compress: bool, debounce: int | None = None, engine: bool = False) -> dict:
    from playwright.sync_api import sync_playwright

    base, server = serve(site, compress, debounce)
    out: dict = {"site": str(site), "gzip": compress, "debounce_ms": debounce or 0, "pages_indexed": {}}
    for lang in ("en", "nl"):
        entry = site / "pagefind" / lang / "pagefind-entry.json"
        if entry.exists():
            out["pages_indexed"][lang] = sum(v["page_count"] for v in json.loads(entry.read_text())["languages"].values())
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        out["header_first_query"] = header_first_queries(browser, base, server, site)
        out["overview_both_first_query"] = overview_both(browser, base, server)
        # For run.py's table: the worst first query on the overview, both languages.
        out["overview_first_query"] = max(out["overview_both_first_query"], key=lambda row: row["bytes"])

        # The overview's own load, then keystrokes and filter changes.
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
        box = page.locator("#qi-filter-q")
        box.click()  # focus loads the search engine; a reader starts typing a moment later
        page.wait_for_load_state("networkidle")
        first_cards, keystrokes = typed_letter_by_letter(page, "#qi-filter-q", ".qi-cards", "organisatie")
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

        # The header box, its engine loaded on focus, letter by letter.
        context, page = fresh(browser, base, first_article(site, "en"))
        page.locator("#qi-search-q").click()
        page.wait_for_load_state("networkidle")
        _, header_keys = typed_letter_by_letter(page, "#qi-search-q", ".qi-search__results", "management")
        context.close()

        if debounce is not None:
            out["paced_typing_last_keystroke_ms"] = paced_typing(browser, base)
        if engine:
            out["engine_search_ms"] = engine_options(browser, base)
        browser.close()
    server.shutdown()
    out["latency_ms"] = {
        "keystroke_first_cards": summary(first_cards),
        "keystroke": summary(keystrokes),
        "keystroke_first_query": {"first_cards": round(first_cards[0], 1), "final": round(keystrokes[0], 1)},
        "filter_change": summary(filters),
        "header_keystroke": summary(header_keys),
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
    parser.add_argument("--debounce", type=int, metavar="MS", help="serve search.js with this DEBOUNCE_MS, and time paced typing")
    parser.add_argument("--engine", action="store_true", help="time Pagefind's search() per ranking option for common words")
    args = parser.parse_args()
    if not (args.site / "pagefind").is_dir():
        sys.exit(f"{args.site}: no pagefind/ folder; build the site first (mkdocs build -d {args.site})")
    load = os.getloadavg()
    result = measure(args.site, args.gzip, args.debounce, args.engine)
    result["load_average"] = {"before": [round(x, 2) for x in load], "after": [round(x, 2) for x in os.getloadavg()]}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    report(result)


def report(result: dict) -> None:
    kb = lambda n: f"{n / 1024:.0f} KB"  # noqa: E731
    bundles = lambda row: " ".join(f"{k}:{kb(v)}" for k, v in sorted(row["by_bundle"].items()))  # noqa: E731
    print(f"site: {result['site']}  (pages indexed: {result['pages_indexed']}, gzip: {result['gzip']}, "
          f"debounce: {result['debounce_ms']} ms, load average before/after: {result['load_average']['before']} / "
          f"{result['load_average']['after']})")
    for row in result["header_first_query"]:
        line = (f"header ({row['page_lang']} page), first query {row['query']!r}: {kb(row['bytes'])} in {row['requests']} requests "
                f"[{bundles(row)}], last keystroke -> results {row['last_keystroke_ms']} ms")
        if "also_search" in row:
            also = row["also_search"]
            line += f"; also search: +{kb(also['bytes'])} [{bundles(also)}] in {also['ms']} ms"
        print(line)
    for row in result["overview_both_first_query"]:
        print(f"overview ({row['page_lang']}), both languages, first query {row['query']!r}: "
              f"{row['page_lang']} cards after {kb(row['first_language_bytes'])} in {row['first_cards_ms']} ms; "
              f"final after {kb(row['bytes'])} [{bundles(row)}] in {row['final_ms']} ms")
    print(f"overview load (filter ready, newest 20 cards): {kb(result['overview_load']['bytes'])} in {result['overview_load']['requests']} requests")
    lat = result["latency_ms"]
    fmt = lambda s: f"median {s['median']} ms, p90 {s['p90']} ms, max {s['max']} ms over {s['n']}"  # noqa: E731
    print(f"overview keystroke -> first cards: {fmt(lat['keystroke_first_cards'])}")
    print(f"overview keystroke -> final count: {fmt(lat['keystroke'])}")
    print(f"overview filter change (categories, language) -> results: {fmt(lat['filter_change'])}")
    print(f"header keystroke -> results (engine loaded on focus): {fmt(lat['header_keystroke'])}")
    if "paced_typing_last_keystroke_ms" in result:
        for name, times in result["paced_typing_last_keystroke_ms"].items():
            print(f"{name}, typed at {TYPING_DELAY_MS} ms a key, last keystroke -> results: {times} ms")
    for lang, words in result.get("engine_search_ms", {}).items():
        for word, row in words.items():
            print(f"pagefind.search {lang} {word!r} ({row['n']} results): " + ", ".join(
                f"{k} {v:.1f} ms" for k, v in row.items() if k != "n"))


if __name__ == "__main__":
    main()
