"""Measure the site search in headless Chromium: bytes a first query transfers, and
the time from a keystroke or filter change to updated results; against Pagefind, the
search the site had before, over the same site in the same run.

    python benchmarks/browser_search.py SITE_DIR [--gzip] [--json | --save FILE] [--no-baseline]

SITE_DIR is a built site (mkdocs build -d SITE_DIR), e.g. of a corpus made with
benchmarks/generate.py. The site is served from 127.0.0.1; `--gzip` compresses text
responses (HTML, JS, JSON, CSS) as any real web host does, each file once, as a host
with a compressed-file cache does (Pagefind's index files are compressed already).
Prints figures; asserts nothing (the tests never time anything).

What is measured, each on a fresh browser context (empty cache) unless said:
- first query, header: an insight page of each language; the reader types a query
  into the header box (the page's language). Bytes = every response after the page's
  own load up to the results, by part of the index (entry, stemmers, chunks, cards).
  Then "Also search ..." (the other language): its bytes and time.
- first query, overview: the reader types a query on the overview, which searches
  both languages at once: the first cards shown are the final answer.
- keystrokes: each very common word (COMMON) typed letter by letter, waiting for each
  answer: in the header box (engine loaded on focus; HEADER_WORDS, on a page of that
  language) and on the overview (both languages). From the keydown to the results
  list's aria-busy removed, with performance.now(); median / p90 / max over all.
- filter changes on the overview: tick every category, untick them, choose each
  language; without words and with a query present.
- engine: our Index.search() alone for the common words, its chunks loaded.
- baseline (pagefind_baseline.py): Pagefind over the same insights, one bundle per
  language, driven as the old search.js drove it. Like for like, both engines are then
  called the same way in the page (no UI): a first query's bytes (the header's page
  language with 8 results' data; the overview's both languages with the filter counts
  and 20 results' data), the per-keystroke search + 8 results of the common words,
  and search() alone. Ratios are ours / Pagefind's (below 1: ours smaller or faster).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import hashlib
import http.server
import io
import json
import os
import socketserver
import statistics
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pagefind_baseline as baseline  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TEXT_TYPES = (".html", ".js", ".json", ".css", ".xml", ".svg")
QUERIES = ("organisatie", "customer loyalty", "leiderschap")
# Very common words: nearly every insight matches, the slowest searches.
COMMON = ("the", "and", "de", "het", "management", "team", "organisatie", "leiderschap", "customer loyalty")
# The header box searches its page's language: each word on a page where a reader
# would type it ("management" and "team" are words of both).
HEADER_WORDS = {
    "en": ("the", "and", "management", "team", "customer loyalty"),
    "nl": ("de", "het", "management", "team", "organisatie", "leiderschap"),
}
SEARCH = "/assets/search/"

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

# Our engine called as search.js calls it, without the UI: the same method as
# pagefind_baseline's scripts, for the ratios.
OURS_LOAD_JS = """
async (langs) => {
  window.__ours = await import(new URL('/assets/engine.js', location.origin).href);
  // The index version the page was built with (the header form names it).
  window.__oursVersion = document.querySelector('form.qi-search').dataset.index;
  await window.__ours.preload(window.__oursVersion, langs);
}
"""

OURS_QUERY_JS = """
async ([query, langs, count]) => {
  const index = await window.__ours.index(window.__oursVersion);
  const hits = await index.search(query, langs);
  hits.counts({});
  await hits.cards(0, count);
  return hits.length;
}
"""

OURS_KEYS_JS = """
async ([word, lang]) => {
  const index = await window.__ours.index(window.__oursVersion);
  const times = [];
  for (let i = 2; i <= word.length; i += 1) {
    const started = performance.now();
    const hits = await index.search(word.slice(0, i), [lang]);
    await hits.cards(0, 8);
    times.push(performance.now() - started);
  }
  return times;
}
"""

# Index.search() alone, its chunks loaded (a first search): median of 5.
OURS_ENGINE_JS = """
async ([words, langs]) => {
  const index = await window.__ours.index(window.__oursVersion);
  const out = {};
  for (const word of words) {
    const first = await index.search(word, langs);
    const times = [];
    for (let i = 0; i < 5; i += 1) {
      const t = performance.now();
      await index.search(word, langs);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    out[word] = { ms: times[2], n: first.length };
  }
  return out;
}
"""


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site, and the baseline's Pagefind bundles at /pagefind/, and counts
    the bytes of every response it sends."""

    compress = False
    pagefind: Path | None = None
    sent: list[tuple[str, int]] = []

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass

    # Each file is compressed once (level 6) and kept, as a host with a compressed-file
    # cache (nginx's gzip_static, a CDN) serves it: compressing 40 KB on every request
    # in Python, on two busy cores, took up to 100 ms and charged the host's work to
    # the search (Pagefind's files come compressed from its indexer already).
    _compressed: dict[bytes, bytes] = {}

    @classmethod
    def compressed(cls, path: Path, data: bytes) -> bytes:
        key = hashlib.sha1(data).digest()
        if key not in cls._compressed:
            cls._compressed[key] = gzip.compress(data, 6)
        return cls._compressed[key]

    def translate_path(self, path: str) -> str:
        if self.pagefind is not None and path.startswith("/pagefind/"):
            return str(self.pagefind / path.split("?")[0][len("/pagefind/") :])
        return super().translate_path(path)

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
        data = self.compressed(path, path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.sent.append((self.path, len(data)))
        return io.BytesIO(data)


def serve(folder: Path, compress: bool, pagefind: Path | None = None):
    handler_class = type("H", (Handler,), {"compress": compress, "pagefind": pagefind, "sent": []})
    handler = functools.partial(handler_class, directory=str(folder))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.sent = handler_class.sent
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def part(url: str) -> str:
    """Which part of a search a response is."""
    path = url.split("?")[0]
    if path.startswith("/pagefind/"):
        return "pagefind:" + path.split("/")[2]
    if path.startswith(SEARCH):
        rest = path[len(SEARCH) :]
        # The pages load the entry below its version; the copy at the top is for tools.
        if rest == "index.json" or rest.endswith("/index.json"):
            return "entry"
        kind = rest.split("/")[1] if "/" in rest else ""
        return {"t": "chunks", "d": "cards"}.get(kind, "stemmers" if "/stem-" in path else "other")
    if path.startswith("/assets/cards/"):
        return "card lists"
    return "other"


class Meter:
    """Response body bytes the server sent since a mark, by part of the search."""

    def __init__(self, server):
        self.rows = server.sent

    def mark(self) -> int:
        return len(self.rows)

    def since(self, mark: int) -> dict:
        # Chromium asks for the page's icon when it pleases, sometimes after the mark:
        # part of the page's load, not of a search.
        rows = [(url, size) for url, size in self.rows[mark:] if not url.split("?")[0].endswith("/favicon.png")]
        parts: dict[str, dict[str, int]] = {}
        for url, size in rows:
            entry = parts.setdefault(part(url), {"bytes": 0, "requests": 0})
            entry["bytes"] += size
            entry["requests"] += 1
        return {"bytes": sum(size for _, size in rows), "requests": len(rows), "by_part": parts}


def wait_done(page, list_selector: str, after: float) -> float:
    page.wait_for_function("after => window.__qi.done.some(t => t > after)", arg=after)
    page.wait_for_selector(f"{list_selector}:not([aria-busy])", state="attached")
    return page.evaluate("after => window.__qi.done.find(t => t > after) - window.__qi.start", after)


def wait_last(page, list_selector: str) -> None:
    """Until the answer to the last keystroke is in the page."""
    page.wait_for_function("window.__qi.done.some(t => t > window.__qi.start)")
    page.wait_for_selector(f"{list_selector}:not([aria-busy])", state="attached")
    page.wait_for_load_state("networkidle")


def search_files(site: Path) -> tuple[dict, Path]:
    entry = json.loads((site / "assets" / "search" / "index.json").read_text(encoding="utf-8"))
    return entry, site / "assets" / "search" / entry["version"]


def first_article(site: Path, lang: str = "en") -> str:
    """The newest insight of `lang`, from the index (insights are numbered newest first)."""
    entry, files = search_files(site)
    if lang in entry["languages"]:
        code = str(entry["languages"].index(lang))
        number = entry["docs"]["lang"].find(code)
        if number >= 0:
            return json.loads((files / "d" / f"{number}.json").read_text(encoding="utf-8"))["u"]
    raise SystemExit(f"{site}: no {lang} insight in the search index")


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
            # From the last keystroke: the earlier ones' answers came before it.
            cold = page.evaluate("Math.max(...window.__qi.done) - window.__qi.start")
            count = page.locator(".qi-search__status").text_content()
            row = {
                "page_lang": lang,
                "query": query,
                "last_keystroke_ms": round(cold, 1),
                "status": count,
                **meter.since(mark),
            }
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
    """The overview, language "both": a query typed on a fresh page. One search of both
    languages: the first cards shown are the final answer."""
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
            final = page.evaluate("Math.max(...window.__qi.done) - window.__qi.start")
            rows.append(
                {
                    "page_lang": lang,
                    "query": query,
                    "last_keystroke_ms": round(final, 1),
                    "status": page.locator(".qi-result-count").text_content(),
                    **meter.since(mark),
                }
            )
            context.close()
    return rows


def typed_letter_by_letter(page, list_selector: str, word: str) -> list[float]:
    """Per keystroke, waiting for each answer. The first letter is no query (search.js
    MIN_QUERY = 2): typed, not timed."""
    times = []
    page.keyboard.type(word[0])
    page.wait_for_timeout(200)
    page.wait_for_selector(f"{list_selector}:not([aria-busy])", state="attached")
    for letter in word[1:]:
        start = page.evaluate("performance.now()")
        page.keyboard.type(letter)
        times.append(round(wait_done(page, list_selector, start), 1))
    return times


def keystrokes(browser, base: str, site: Path) -> dict:
    """Each common word typed on a fresh page, its box focused first (which loads the
    entry and stemmers, as a reader's click does a moment before typing)."""
    out: dict = {"header": {}, "overview": {}}
    for lang, words in HEADER_WORDS.items():
        for word in words:
            context, page = fresh(browser, base, first_article(site, lang))
            page.locator("#qi-search-q").click()
            page.wait_for_load_state("networkidle")
            out["header"][f"{lang}:{word}"] = typed_letter_by_letter(page, ".qi-search__results", word)
            context.close()
    for word in COMMON:
        context, page = fresh(browser, base, "insights/")
        page.wait_for_selector("form.qi-filter:not([hidden])")
        page.locator("#qi-filter-q").click()
        page.wait_for_load_state("networkidle")
        out["overview"][word] = typed_letter_by_letter(page, ".qi-cards", word)
        context.close()
    return out


def filter_changes(browser, base: str, server) -> dict:
    """The overview's own load, then every category ticked and unticked and each
    language chosen: without words, and again with a query present."""
    context = browser.new_context()
    page = context.new_page()
    meter = Meter(server)
    mark = meter.mark()
    page.goto(base + "insights/", wait_until="load")
    page.evaluate(OBSERVER_JS)
    page.wait_for_selector("form.qi-filter:not([hidden])")
    page.wait_for_selector(".qi-cards:not([aria-busy])", state="attached")
    page.wait_for_load_state("networkidle")
    out: dict = {"overview_load": meter.since(mark)}
    boxes = page.locator("form.qi-filter input[name=category]")
    radios = page.locator("form.qi-filter input[name=lang]")
    clicks = [boxes.nth(i) for i in range(boxes.count())] * 2
    clicks += [radios.nth(i) for i in (1, 2, 0, 2, 1, 0)]

    def run() -> list[float]:
        times = []
        for control in clicks:
            start = page.evaluate("performance.now()")
            control.click()
            times.append(round(wait_done(page, ".qi-cards", start), 1))
        return times

    out["without_query"] = run()
    box = page.locator("#qi-filter-q")
    box.click()
    page.keyboard.type("management")
    wait_last(page, ".qi-cards")
    out["with_query"] = run()
    context.close()
    return out


# -- like for like: both engines called the same way in the page ---------------------

ENGINES = {
    # name: (load script, keystroke script, search-alone script)
    "ours": (OURS_LOAD_JS, OURS_KEYS_JS, OURS_ENGINE_JS),
    "pagefind": (baseline.LOAD_JS, baseline.KEYS_JS, baseline.ENGINE_JS),
}


def api_first_query(browser, base: str, server, site: Path, engine: str) -> dict:
    """A first query's bytes and time, engine loaded and called on a fresh page: the
    header's (page language, 8 results) and the overview's (both languages, counts,
    20 results)."""
    load = ENGINES[engine][0]
    out: dict = {"header": [], "overview": []}
    for lang in ("en", "nl"):
        for query in QUERIES:
            for kind, path, langs, count in (
                ("header", first_article(site, lang), [lang], 8),
                ("overview", "insights/" if lang == "en" else "nl/inzichten/", ["en", "nl"], 20),
            ):
                if kind == "overview" and lang == "nl":
                    continue  # the same search as from the English overview
                context, page = fresh(browser, base, path)
                meter = Meter(server)
                mark = meter.mark()
                start = page.evaluate("performance.now()")
                page.evaluate(load, langs)
                if engine == "ours":
                    n = page.evaluate(OURS_QUERY_JS, [query, langs, count])
                else:
                    n = page.evaluate(baseline.HEADER_JS if kind == "header" else baseline.OVERVIEW_JS, [query, langs])
                ms = page.evaluate("start => performance.now() - start", start)
                out[kind].append(
                    {"page_lang": lang, "query": query, "results": n, "ms": round(ms, 1), **meter.since(mark)}
                )
                context.close()
    return out


def api_keystrokes(browser, base: str, site: Path, engine: str) -> dict:
    load, keys, _ = ENGINES[engine]
    out = {}
    for lang, words in HEADER_WORDS.items():
        for word in words:
            context, page = fresh(browser, base, first_article(site, lang))
            page.evaluate(load, [lang])
            out[f"{lang}:{word}"] = [round(t, 1) for t in page.evaluate(keys, [word, lang])]
            context.close()
    return out


def engine_alone(browser, base: str, site: Path, engine: str) -> dict:
    """search() alone for every common word, per language (and both, for ours)."""
    load, _, alone = ENGINES[engine]
    out = {}
    scopes = [["en"], ["nl"]] + ([["en", "nl"]] if engine == "ours" else [])
    for langs in scopes:
        context, page = fresh(browser, base, first_article(site, langs[0]))
        page.evaluate(load, langs)
        found = page.evaluate(alone, [list(COMMON), langs] if engine == "ours" else [list(COMMON), langs[0]])
        out["+".join(langs)] = {word: {"ms": round(v["ms"], 2), "n": v["n"]} for word, v in found.items()}
        context.close()
    return out


def measure(site: Path, compress: bool, with_baseline: bool = True, log=print) -> dict:
    from playwright.sync_api import sync_playwright

    out: dict = {"site": str(site), "gzip": compress, **measure_commit()}
    entry, files = search_files(site)
    out["insights_indexed"] = {lang: entry["docs"]["lang"].count(str(i)) for i, lang in enumerate(entry["languages"])}
    out["index_files"] = index_files(site)
    pagefind = None
    if with_baseline:
        out["baseline"] = baseline.build(site, log=log)
        pagefind = baseline.folder(site)
    base, server = serve(site, compress, pagefind)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        out["header_first_query"] = header_first_queries(browser, base, server, site)
        out["overview_both_first_query"] = overview_both(browser, base, server)
        # For run.py's table: the worst first query on the overview, both languages.
        out["overview_first_query"] = max(out["overview_both_first_query"], key=lambda row: row["bytes"])
        keys = keystrokes(browser, base, site)
        filters = filter_changes(browser, base, server)
        out["overview_load"] = filters.pop("overview_load")
        out["keystrokes_ms"] = keys
        out["filter_changes_ms"] = filters
        engines = ("ours", "pagefind") if with_baseline else ("ours",)
        out["like_for_like"] = {
            engine: {
                "first_query": api_first_query(browser, base, server, site, engine),
                "keystrokes_ms": api_keystrokes(browser, base, site, engine),
                "search_alone_ms": engine_alone(browser, base, site, engine),
            }
            for engine in engines
        }
        browser.close()
    server.shutdown()
    every = lambda rows: [t for times in rows.values() for t in times]  # noqa: E731
    out["latency_ms"] = {
        "header_keystroke": summary(every(keys["header"])),
        "overview_keystroke": summary(every(keys["overview"])),
        # The name run.py's table reads: a keystroke on the overview, both languages.
        "keystroke": summary(every(keys["overview"])),
        "filter_change": summary(filters["without_query"]),
        "filter_change_with_query": summary(filters["with_query"]),
    }
    if with_baseline:
        out["ratios"] = ratios(out)
    return out


def measure_commit() -> dict:
    """The code measured: the site was built from this tree (others edit it too)."""
    import measure as run_measure

    return run_measure.commit(Path(__file__).resolve().parent.parent)


def index_files(site: Path) -> dict:
    """The index on disk, by part: files and bytes (raw and, per file, gzip)."""
    folder = site / "assets" / "search"
    parts: dict[str, dict[str, int]] = {}
    for path in folder.rglob("*"):
        if path.is_file():
            entry = parts.setdefault(
                part(SEARCH + path.relative_to(folder).as_posix()), {"files": 0, "bytes": 0, "gzip": 0}
            )
            data = path.read_bytes()
            entry["files"] += 1
            entry["bytes"] += len(data)
            entry["gzip"] += len(gzip.compress(data, 6))
    return parts


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {
        "n": len(values),
        "median": round(statistics.median(ordered), 1),
        "p90": round(ordered[int(0.9 * (len(ordered) - 1))], 1),
        "max": round(ordered[-1], 1),
    }


def ratios(out: dict) -> dict:
    """Ours / Pagefind's, from the like-for-like measurements of the same run."""
    ours, theirs = out["like_for_like"]["ours"], out["like_for_like"]["pagefind"]
    r = lambda a, b: round(a / b, 3) if b else None  # noqa: E731
    result: dict = {"first_query_bytes": {}}
    for kind in ("header", "overview"):
        pairs = zip(ours["first_query"][kind], theirs["first_query"][kind], strict=False)
        result["first_query_bytes"][kind] = {
            f"{a['page_lang']}:{a['query']}": r(a["bytes"], b["bytes"]) for a, b in pairs
        }
        result["first_query_bytes"][f"{kind}_largest"] = r(
            max(a["bytes"] for a in ours["first_query"][kind]), max(b["bytes"] for b in theirs["first_query"][kind])
        )
    mine = summary([t for times in ours["keystrokes_ms"].values() for t in times])
    other = summary([t for times in theirs["keystrokes_ms"].values() for t in times])
    result["keystroke"] = {key: r(mine[key], other[key]) for key in ("median", "p90", "max")}
    result["keystroke_summaries"] = {"ours": mine, "pagefind": other}
    # Our header box in the page (search, cards and DOM) against Pagefind without a UI.
    ui = out["latency_ms"]["header_keystroke"]
    result["header_ui_keystroke_vs_pagefind"] = {key: r(ui[key], other[key]) for key in ("median", "p90", "max")}
    # Per word, and over all words: a word neither engine finds takes both a tenth of a
    # millisecond, whose ratio says nothing; the total does.
    result["search_alone"] = {}
    for lang in ("en", "nl"):
        a, b = ours["search_alone_ms"][lang], theirs["search_alone_ms"][lang]
        result["search_alone"][lang] = {word: r(a[word]["ms"], b[word]["ms"]) for word in COMMON}
        result["search_alone"][lang]["all words"] = r(sum(a[w]["ms"] for w in COMMON), sum(b[w]["ms"] for w in COMMON))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("--gzip", action="store_true", help="compress text responses, as a web host does")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a summary")
    parser.add_argument("--save", type=Path, metavar="FILE", help="write the JSON to FILE, and print the summary")
    parser.add_argument("--no-baseline", action="store_true", help="skip Pagefind (no index made, no ratios)")
    args = parser.parse_args()
    if not (args.site / "assets" / "search" / "index.json").is_file():
        sys.exit(f"{args.site}: no assets/search/index.json; build the site first (mkdocs build -d {args.site})")
    load = os.getloadavg()
    result = measure(args.site, args.gzip, not args.no_baseline, log=lambda text: print(text, file=sys.stderr))
    result["load_average"] = {"before": [round(x, 2) for x in load], "after": [round(x, 2) for x in os.getloadavg()]}
    if args.save:
        args.save.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(result, indent=2))
        return
    report(result)


def report(result: dict) -> None:
    kb = lambda n: f"{n / 1024:.1f} KB"  # noqa: E731
    parts = lambda row: ", ".join(f"{k} {kb(v['bytes'])}/{v['requests']}" for k, v in sorted(row["by_part"].items()))  # noqa: E731
    fmt = lambda s: f"median {s['median']} ms, p90 {s['p90']} ms, max {s['max']} ms over {s['n']}"  # noqa: E731
    print(
        f"site: {result['site']}  (code {result.get('commit')}{' +changes' if result.get('uncommitted_changes') else ''}; insights indexed: {result['insights_indexed']}, gzip: {result['gzip']}, "
        f"load average before/after: {result['load_average']['before']} / "
        f"{result['load_average']['after']})"
    )
    print(
        "index on disk: "
        + ", ".join(
            f"{k} {v['files']} files {kb(v['bytes'])} ({kb(v['gzip'])} gzip)"
            for k, v in sorted(result["index_files"].items())
        )
    )
    print("\n== first query, typed in the page (bytes by part: KB/requests) ==")
    for row in result["header_first_query"]:
        line = (
            f"header ({row['page_lang']} page) {row['query']!r}: {kb(row['bytes'])} in {row['requests']} requests "
            f"[{parts(row)}], last keystroke -> results {row['last_keystroke_ms']} ms ({row['status']})"
        )
        if "also_search" in row:
            also = row["also_search"]
            line += f"; also search: +{kb(also['bytes'])} [{parts(also)}] in {also['ms']} ms"
        print(line)
    for row in result["overview_both_first_query"]:
        print(
            f"overview ({row['page_lang']}), both languages, {row['query']!r}: {kb(row['bytes'])} in {row['requests']} "
            f"requests [{parts(row)}], last keystroke -> cards and count {row['last_keystroke_ms']} ms ({row['status']})"
        )
    print(
        f"overview load (filter ready, newest 20 cards): {kb(result['overview_load']['bytes'])} "
        f"in {result['overview_load']['requests']} requests"
    )
    print("\n== latency, from the keydown or click to the results (waiting for each) ==")
    lat = result["latency_ms"]
    print(
        f"header keystroke, common words {dict((k, len(v)) for k, v in HEADER_WORDS.items())}: {fmt(lat['header_keystroke'])}"
    )
    print(f"overview keystroke, both languages, {len(COMMON)} common words: {fmt(lat['overview_keystroke'])}")
    for where in ("header", "overview"):
        worst = sorted(((max(v), k) for k, v in result["keystrokes_ms"][where].items()), reverse=True)[:3]
        print(f"  slowest {where} words (their slowest keystroke): " + ", ".join(f"{k} {t} ms" for t, k in worst))
    print(f"overview filter change (categories, language), no words: {fmt(lat['filter_change'])}")
    print(f"overview filter change, query 'management' present: {fmt(lat['filter_change_with_query'])}")
    like = result["like_for_like"]
    print("\n== like for like: each engine called the same way in the page (no UI) ==")
    if "baseline" in result:
        b = result["baseline"]
        print(
            f"Pagefind baseline: {b['pages_indexed']} pages, {'reused' if b['reused'] else 'indexed'} "
            f"({b['pagefind_index_s']} s); {b['how']}"
        )
    for engine, data in like.items():
        for kind, rows in data["first_query"].items():
            for row in rows:
                print(
                    f"{engine:8} first query, {kind} ({row['page_lang']}) {row['query']!r}: {kb(row['bytes'])} in "
                    f"{row['requests']} requests [{parts(row)}], {row['results']} results, {row['ms']} ms"
                )
        print(
            f"{engine:8} keystroke (search + 8 results), common words: "
            f"{fmt(summary([t for v in data['keystrokes_ms'].values() for t in v]))}"
        )
        for scope, words in data["search_alone_ms"].items():
            print(
                f"{engine:8} search() alone [{scope}]: "
                + ", ".join(f"{w} {v['ms']} ms ({v['n']})" for w, v in words.items())
            )
    if "ratios" in result:
        r = result["ratios"]
        print("\n== ratios, ours / Pagefind (same run; below 1: ours smaller or faster) ==")
        fq = r["first_query_bytes"]
        print(
            f"first query bytes, header: largest {fq['header_largest']}; "
            + ", ".join(f"{k} {v}" for k, v in fq["header"].items())
        )
        print(
            f"first query bytes, overview both: largest {fq['overview_largest']}; "
            + ", ".join(f"{k} {v}" for k, v in fq["overview"].items())
        )
        print(
            f"keystroke (search + 8 results): median {r['keystroke']['median']}, p90 {r['keystroke']['p90']}, max {r['keystroke']['max']}"
        )
        u = r["header_ui_keystroke_vs_pagefind"]
        print(
            f"our header box in the page vs Pagefind without UI: median {u['median']}, p90 {u['p90']}, max {u['max']}"
        )
        for lang, words in r["search_alone"].items():
            print(f"search() alone [{lang}]: " + ", ".join(f"{w} {v}" for w, v in words.items()))


if __name__ == "__main__":
    main()
