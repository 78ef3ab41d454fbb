"""The site's one search engine: Pagefind, run over the finished site.

Pagefind reads the built HTML; only the part of an insight's page marked
`data-pagefind-body` (templates/searchable.html) is indexed, with its categories as a
filter and its title, summary and date as metadata, so listing pages, the home page and
navigation never show up as results. Pagefind's loader (`pagefind.js`) fetches only the
index chunks and fragments a query needs, never the whole index. The browser side is
in assets/search.js and assets/filter.js. (Filtering without words needs no index:
listing.card_files.)

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
import json
from pathlib import Path
from typing import Sequence

from . import urls
from .categories import LANGUAGES


def language_glob(lang: str) -> str:
    """The pages of `lang` below the site folder, as a Pagefind (wax) glob.

    Dutch pages live in `nl/`; English pages at the root, in every folder but `nl/`.
    Wax has no negation, so "any folder but nl" is spelled out: a name that differs
    from it at some letter, is shorter, or is longer.
    """
    root = urls.language_root(lang)
    if root:
        return f"{root}**/*.html"
    others = [urls.language_root(other).rstrip("/") for other in LANGUAGES if urls.language_root(other)]
    if len(others) != 1:  # pragma: no cover - two languages are what the site has
        raise SearchIndexError("the search index expects one language at the root and one in a folder")
    name = others[0]
    names = [f"{name[:i]}[!{name[i]}]*" for i in range(len(name))]
    names += [name[:i] for i in range(1, len(name))] + [f"{name}?*"]
    return "{" + ",".join(names) + "}/**/*.html"


# Parts of an insight's page that are about the insight, not in it: the byline, the
# date, the category chips and the link to the translation would match every query.
EXCLUDE = (".qi-meta", ".qi-article-header .qi-chips", ".qi-translation-link")


def _page_count(bundle: Path) -> int:
    """How many pages a written bundle holds, from its entry file."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


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


def index_site(site_dir: Path, languages: Sequence[str] = LANGUAGES) -> dict[str, int]:
    """Write one Pagefind bundle per language into `site_dir/pagefind/<lang>/`;
    return how many pages each indexed. Only `languages` (those with insights): in a
    folder without a single `data-pagefind-body`, Pagefind would index every page."""
    try:
        from pagefind.index import PagefindIndex
    except ImportError:  # pragma: no cover - a broken install, not a content problem
        raise SearchIndexError(
            "the search index cannot be built: the 'pagefind' package is missing\n"
            "  hint: run 'make setup' (or pip install -e .) to install the project's dependencies"
        ) from None

    async def run() -> dict[str, int]:
        counts = {}
        # One message per language: Pagefind's Python service answers at most ten
        # messages a second, so adding 10,000 pages one by one would take minutes.
        for lang in languages:
            output = site_dir / urls.PAGEFIND_DIR / lang
            config = {"output_path": str(output), "exclude_selectors": list(EXCLUDE), "force_language": lang}
            async with PagefindIndex(config=config) as index:
                await index.add_directory(str(site_dir), glob=language_glob(lang))
            counts[lang] = _page_count(output)
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
