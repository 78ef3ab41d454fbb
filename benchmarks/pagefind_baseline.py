"""The baseline of benchmarks/browser_search.py: the site search as it ran before our own
index replaced it (c115803), Pagefind with one bundle per language, over the same
built site and measured in the same browser run.

    python benchmarks/pagefind_baseline.py SITE_DIR     # only index, print where

The site no longer marks its insights for Pagefind (templates/searchable.html is gone),
so the indexer reads copies of the insight pages made exactly as that template made
them: a `data-pagefind-body` element holding the article header and body (not the
related insights), the title, summary and date as metadata, and the categories as a
filter, taken from the card files of our own index (`assets/search/<version>/d/`),
with the same excluded parts as the old sitesearch.py. One bundle per language with
`force_language`, as before. The bundles are written next to the site, not into it
(SITE_DIR.pagefind-baseline/<lang>/), so the site's own figures stay its own, and
served at /pagefind/<lang>/ as the old site served them. They are made again only
when the site's index version changed.

Needs `pagefind[bin]` (`pip install -e '.[bench]'`; `make bench` installs it).
"""

from __future__ import annotations

import asyncio
import html
import json
import shutil
import sys
import time
from pathlib import Path

# The old sitesearch.EXCLUDE: about the insight, not in it.
EXCLUDE = (".qi-meta", ".qi-article-header .qi-chips", ".qi-translation-link")
START = '<header class="qi-article-header"'
# What followed the old data-pagefind-body element, or the article's end.
ENDS = ('<aside class="qi-related"', "</article>")
STAMP = "baseline.json"


def folder(site: Path) -> Path:
    return site.parent / f"{site.name}.pagefind-baseline"


def _entry(site: Path) -> dict:
    return json.loads((site / "assets" / "search" / "index.json").read_text(encoding="utf-8"))


def searchable_page(card: dict, page_html: str) -> str:
    """The part of an insight's page the old template gave Pagefind, as a page."""
    start = page_html.find(START)
    if start < 0:
        raise SystemExit(f"{card['u']}: no article header in the page")
    end = min((i for i in (page_html.find(e, start) for e in ENDS) if i >= 0), default=len(page_html))
    attr = lambda text: html.escape(text, quote=True)  # noqa: E731
    meta = "".join(
        f'<span hidden data-pagefind-meta="{name}[data-value]" data-value="{attr(value)}"></span>'
        for name, value in (("title", card["t"]), ("summary", card["s"]), ("date", card["d"]))
    )
    filters = "".join(
        f'<span hidden data-pagefind-filter="category[data-value]" data-value="{attr(s)}"></span>' for s in card["c"]
    )
    return (
        f'<!doctype html><html lang="{card["l"]}"><head><meta charset="utf-8"><title>{html.escape(card["t"])}</title>'
        f'</head><body><div class="qi-searchable" data-pagefind-body>{meta}{filters}{page_html[start:end]}</div></body></html>'
    )


def build(site: Path, log=print) -> dict:
    """Index the insight pages of `site` with Pagefind, a bundle per language, unless
    the bundles of this index version exist; return what was done."""
    from pagefind.index import PagefindIndex

    out = folder(site)
    entry = _entry(site)
    stamp = out / STAMP
    if stamp.is_file():
        done = json.loads(stamp.read_text(encoding="utf-8"))
        if done.get("version") == entry["version"]:
            return {**done, "reused": True}
    if out.exists():
        shutil.rmtree(out)
    started = time.perf_counter()
    # Copies of the insight pages, a root per language so that each bundle's URLs are
    # the site's own (/slug/, /nl/slug/).
    copies = out / "pages"
    pages = {lang: 0 for lang in entry["languages"]}
    cards = sorted((site / "assets" / "search" / entry["version"] / "d").glob("*.json"), key=lambda p: int(p.stem))
    for path in cards:
        card = json.loads(path.read_text(encoding="utf-8"))
        target = copies / card["l"] / card["u"] / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        source = site / card["u"] / "index.html"
        target.write_text(searchable_page(card, source.read_text(encoding="utf-8")), encoding="utf-8")
        pages[card["l"]] += 1
    copied = time.perf_counter() - started

    async def run() -> None:
        for lang in pages:
            config = {"output_path": str(out / lang), "exclude_selectors": list(EXCLUDE), "force_language": lang}
            async with PagefindIndex(config=config) as index:
                await index.add_directory(str(copies / lang))

    started = time.perf_counter()
    asyncio.run(run())
    indexed = time.perf_counter() - started
    shutil.rmtree(copies)
    counts = {}
    for lang in pages:
        bundle = json.loads((out / lang / "pagefind-entry.json").read_text(encoding="utf-8"))
        counts[lang] = sum(language["page_count"] for language in bundle["languages"].values())
    done = {
        "version": entry["version"],
        "pages_indexed": counts,
        "how": "copies of the insight pages as templates/searchable.html marked them (c115803): header + body "
        "in data-pagefind-body, title/summary/date meta, category filters; one bundle per language, force_language",
        "copy_s": round(copied, 2),
        "pagefind_index_s": round(indexed, 2),
    }
    stamp.write_text(json.dumps(done, indent=2) + "\n", encoding="utf-8")
    log(f"pagefind baseline: {counts} pages indexed in {indexed:.1f} s (copies made in {copied:.1f} s) -> {out}")
    return {**done, "reused": False}


# -- in the browser ------------------------------------------------------------------
# The old search.js, reduced to what a query does: its engine per language loaded in
# the page (noWorker, as it was), searchTerm (a last word of one letter waits), the
# header's 8 results' data(), the overview's filters() + 20 results' data().

LOAD_JS = """
async (langs) => {
  window.__pf = window.__pf || {};
  for (const lang of langs) {
    if (window.__pf[lang]) continue;
    const pagefind = await import(new URL('/pagefind/' + lang + '/pagefind.js', location.origin).href);
    await pagefind.options({ noWorker: true });
    await pagefind.init();
    window.__pf[lang] = pagefind;
  }
}
"""

TERM_JS = """
const term = (text) => {
  const words = text.trim().split(/\\s+/);
  if (words.length > 1 && words[words.length - 1].length < 2) words.pop();
  return words.join(' ');
};
"""

# The old header box: one language, its top 8 results' data.
HEADER_JS = f"""
async ([query, langs]) => {{
  {TERM_JS}
  const found = [];
  for (const lang of langs) {{
    const search = await window.__pf[lang].search(term(query));
    found.push(...search.results);
  }}
  found.sort((a, b) => b.score - a.score);
  await Promise.all(found.slice(0, 8).map((r) => r.data()));
  return found.length;
}}
"""

# The old overview with words: every language, filter data loaded once for the counts,
# the first 20 results' data.
OVERVIEW_JS = f"""
async ([query, langs]) => {{
  {TERM_JS}
  const found = [];
  await Promise.all(langs.map(async (lang) => {{
    const pagefind = window.__pf[lang];
    await pagefind.filters();
    const search = await pagefind.search(term(query), {{ filters: {{}} }});
    found.push(...search.results);
  }}));
  found.sort((a, b) => b.score - a.score);
  await Promise.all(found.slice(0, 20).map((r) => r.data()));
  return found.length;
}}
"""

# Per keystroke of `word`, from the second letter (the old MIN_QUERY = 2): the header's
# search and data, each waited for, as browser_search.OURS_KEYS_JS does with ours.
KEYS_JS = f"""
async ([word, lang]) => {{
  {TERM_JS}
  const pagefind = window.__pf[lang];
  const times = [];
  for (let i = 2; i <= word.length; i += 1) {{
    const started = performance.now();
    const search = await pagefind.search(term(word.slice(0, i)));
    await Promise.all(search.results.slice(0, 8).map((r) => r.data()));
    times.push(performance.now() - started);
  }}
  return times;
}}
"""

# Pagefind's search() alone, its chunks loaded: median of 5.
ENGINE_JS = """
async ([words, lang]) => {
  const pagefind = window.__pf[lang];
  const out = {};
  for (const word of words) {
    const first = await pagefind.search(word);
    const times = [];
    for (let i = 0; i < 5; i += 1) {
      const t = performance.now();
      await pagefind.search(word);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    out[word] = { ms: times[2], n: first.results.length };
  }
  return out;
}
"""


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__.split("\n\n")[1])
    print(json.dumps(build(Path(sys.argv[1])), indent=2))


if __name__ == "__main__":
    main()
