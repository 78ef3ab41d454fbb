"""The site's one search engine: Pagefind, run over the finished site.

Pagefind reads the built HTML; only the part of an insight's page marked
`data-pagefind-body` (templates/searchable.html) is indexed, with its language and
categories as filters and its date as sort key, so listing pages, the home page and
navigation never show up as results. Pagefind's loader (`pagefind.js`) fetches only the
index chunks and fragments a query needs: a first query costs about the same at 50
insights as at 10,000. The browser side is in assets/search.js and assets/filter.js.

One bundle per language (`pagefind/en/`, `pagefind/nl/`), not one bundle with both:
Pagefind stems a query with the stemmer compiled into the WebAssembly module it loads
for the page's language, and one page loads one module. Merging the Dutch index into an
English page's search (Pagefind's `mergeIndex`) stems Dutch queries with the English
stemmer: "organisatie" then finds 1 of the 10 Dutch insights it finds on a Dutch page.
With a bundle per language, each language's index is searched with its own stemmer.

No MkDocs here; the plugin calls `index_site` once, after every language is built.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import re
from pathlib import Path

from . import urls
from .categories import LANGUAGES

HTML_LANG_RE = re.compile(r"<html\b[^>]*\blang=\"([a-z]{2})", re.I)


def searchable_pages(site_dir: Path):
    """(language, URL, HTML) of every page marked for the index, in path order; one
    page in memory at a time, as a site of 10,000 insights holds gigabytes of HTML."""
    for path in sorted(site_dir.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        if "data-pagefind-body" not in html:
            continue
        match = HTML_LANG_RE.search(html)
        if match is None or match.group(1) not in LANGUAGES:
            continue
        rel = path.relative_to(site_dir).as_posix()
        yield match.group(1), "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel), html


# Parts of an insight's page that are about the insight, not in it: the byline, the
# date, the category chips and the link to the translation would match every query.
EXCLUDE = (".qi-meta", ".qi-article-header .qi-chips", ".qi-translation-link")


def _run(main):
    """asyncio.run(main()), also when the caller already runs an event loop (a build
    started from async code, or from Playwright's sync API in the tests)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(main())
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(main())).result()


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message is for people."""


# Each language's pages below the site folder. Pagefind's globs have no "not", so
# English is every top-level folder except nl/, spelled out letter by letter.
PAGE_GLOBS = {"en": "{[!n]*,n,n[!l]*,nl?*}/**/*.html", "nl": "nl/**/*.html"}


def index_site(site_dir: Path) -> dict[str, int]:
    """Write one Pagefind bundle per language into `site_dir/pagefind/<lang>/`;
    return how many pages each indexed."""
    try:
        from pagefind.index import PagefindIndex
    except ImportError:  # pragma: no cover - a broken install, not a content problem
        raise SearchIndexError(
            "the search index cannot be built: the 'pagefind' package is missing\n"
            "  hint: run 'make setup' (or pip install -e .) to install the project's dependencies"
        ) from None

    async def run() -> dict[str, int]:
        counts = dict.fromkeys(LANGUAGES, 0)
        for lang, _, _ in searchable_pages(site_dir):
            counts[lang] += 1
        # An exception leaves every index unwritten: no half-built search is published.
        async with contextlib.AsyncExitStack() as stack:
            for lang in LANGUAGES:
                # A language without insights gets no bundle (search.js is told which exist).
                if not counts[lang]:
                    continue
                config = {
                    "output_path": str(site_dir / urls.PAGEFIND_DIR / lang),
                    "exclude_selectors": list(EXCLUDE),
                    "force_language": lang,
                }
                index = await stack.enter_async_context(PagefindIndex(config=config))
                # One request per language, not one per page: Pagefind's Python client
                # waits 0.1 s before it reads each response, so a request per page costs
                # 0.1 s a page (40 s for 400 insights; benchmarks/, docs/performance.md).
                # Pagefind indexes only the pages marked data-pagefind-body, as above.
                await index.add_directory(str(site_dir), glob=PAGE_GLOBS[lang])
        return counts

    try:
        return _run(run)
    except FileNotFoundError as error:
        raise SearchIndexError(
            f"the search index cannot be built: {error}\n"
            "  hint: install the project's dependencies with 'make setup'; Pagefind's binary comes with 'pagefind[bin]'"
        ) from None
    except Exception as error:  # the Pagefind service reports failures as plain exceptions
        raise SearchIndexError(
            f"Pagefind failed to index {site_dir}: {error}\n"
            "  hint: run the build again; if it keeps failing, run it with --verbose and report the output"
        ) from None
