"""The site's one search engine: a static index written by the build and searched in
the reader's browser (assets/engine.js), for the header box and the overview's filter.

Why our own and not Pagefind: at 5,000 insights per language Pagefind took 100-300 ms
per keystroke for common words (its WebAssembly ranks every matching page and passes
every word position back to JavaScript), and it stems with one language per bundle, so
searching both languages cost two engines (about 270 KB) before a first answer. Here
each insight's terms are stemmed at build time with its own language's Snowball stemmer
(the analysis of search.py, which `insights search` uses too), and the browser stems the
query with the same stemmers translated to JavaScript (stemjs.py). One index then holds
both languages, and a search is a few array walks over the postings of the query's
words (benchmarks/browser_search.py measures both).

What is written below the site, in `urls.SEARCH_DIR`:

    <version>/index.json  the entry, fetched first (a copy is at the top, for tools):
                          version, languages, categories,
                          one row per insight (language, categories, length), the
                          query analysis (stop words, accent folding) and the first
                          key of every chunk
    <version>/t/<n>.json  the postings, in chunks of about CHUNK_CHARS: {key: [gap,
                          weight, gap, weight, ...]} for keys "<lang>:<term>" in sorted
                          order, so that a word and the words it begins sit together
    <version>/d/<id>.json one insight's card (listing.card), for the results shown
    <version>/stem-<lang>.js  the language's Snowball stemmer

Insights are numbered newest first, so equal scores list newest first and a gap list
is short. `<version>` is a hash of the content, and every page names the version it
was built with (the header search form's `data-index`): a browser may cache the files
for good, and never mixes an older index with a newer one.

No MkDocs here; the plugin calls `build_index` before the pages are rendered and
`write_index` once, after every language is built.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
import shutil
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from html import unescape
from pathlib import Path

from . import listing, search, stemjs, urls
from .categories import LANGUAGES, Vocabulary
from .content import Article

# The layout of the files; assets/engine.js reads this one (its FORMAT).
FORMAT = 1
# Categories are a bit mask per insight in engine.js (32-bit integers, one sign bit).
MAX_CATEGORIES = 31
# Raw JSON characters per chunk: about 15-20 KB gzipped, a few per query.
CHUNK_CHARS = 48_000
# A title's words count this many times more than the same words in the body.
TITLE_WEIGHT = 3
MAX_WEIGHT = 255
STEMMERS = {"en": "english", "nl": "dutch"}


class SearchIndexError(Exception):
    """The search index could not be written; the message is for people."""


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


# An insight's terms: (in its title, in everything searchable), as search.term_counts.
Analysed = Mapping[str, tuple[dict[str, int], dict[str, int]]]


def analyse(articles: Sequence[Article], vocabulary: Vocabulary) -> dict[str, tuple[dict[str, int], dict[str, int]]]:
    """{path: (title terms, all terms)} of each insight. An insight's category labels
    count as its words: "customer loyalty" finds the insights filed under Customer
    loyalty. The build analyses once, for this index and the related insights."""
    return {a.path: search.term_counts(a, vocabulary.labels(a.categories, a.lang)) for a in articles}


def postings(articles: Sequence[Article], analysed: Analysed) -> tuple[dict[str, list[int]], list[int]]:
    """{"<lang>:<term>": [gap, weight, ...]} over `articles`, numbered in their order,
    and each insight's length (the sum of its weights, for BM25)."""
    lists: dict[str, list[int]] = defaultdict(list)
    lengths = [0] * len(articles)
    last: dict[str, int] = {}
    for number, article in enumerate(articles):
        title, text = analysed[article.path]
        for term, count in text.items():
            key = f"{article.lang}:{term}"
            weight = min(MAX_WEIGHT, count + (TITLE_WEIGHT - 1) * title.get(term, 0))
            lists[key] += (number - last.get(key, -1) - 1, weight)
            last[key] = number
            lengths[number] += weight
    return lists, lengths


def _decode(entries: list[int]) -> Iterator[tuple[int, int]]:
    number = -1
    for gap, weight in zip(entries[::2], entries[1::2], strict=False):
        number += gap + 1
        yield number, weight


def compound_postings(lists: Mapping[str, list[int]], lang: str = "nl") -> dict[str, list[int]]:
    """For each term T of `lang` that ends other terms as a compound ("loyaliteit" in
    "klantloyaliteit", by `search.compounds_ending_in`, the rules of `insights search`),
    the key "<lang>~T" with the merged postings of those compounds: a query for T
    then also finds them, with one more lookup and no knowledge of the compounds."""
    prefix = f"{lang}:"
    terms = sorted(key[len(prefix) :] for key in lists if key.startswith(prefix))
    words = set(terms)
    long_reversed = sorted(term[::-1] for term in terms if len(term) >= search.MIN_HEAD + search.MIN_TAIL)

    def ending_with(tail: str) -> Iterator[str]:
        reversed_tail = tail[::-1]
        at = bisect.bisect_left(long_reversed, reversed_tail)
        while at < len(long_reversed) and long_reversed[at].startswith(reversed_tail):
            yield long_reversed[at][::-1]
            at += 1

    merged: dict[str, list[int]] = {}
    for term in terms:
        if len(term) < search.MIN_TAIL:
            continue
        compounds = [c for c in search.compounds_ending_in(term, ending_with, words.__contains__) if c != term]
        if not compounds:
            continue
        weights: dict[int, int] = defaultdict(int)
        for compound in compounds:
            for number, weight in _decode(lists[prefix + compound]):
                weights[number] += weight
        entries: list[int] = []
        last = -1
        for number in sorted(weights):
            entries += (number - last - 1, min(MAX_WEIGHT, weights[number]))
            last = number
        merged[f"{lang}~{term}"] = entries
    return merged


def chunks(lists: dict[str, list[int]], size: int = CHUNK_CHARS) -> list[dict[str, list[int]]]:
    """The postings in key order, cut into chunks of about `size` characters of JSON."""
    out: list[dict[str, list[int]]] = []
    current: dict[str, list[int]] = {}
    length = 0
    for key in sorted(lists):
        entry = len(_dump({key: lists[key]}))
        if current and length + entry > size:
            out.append(current)
            current, length = {}, 0
        current[key] = lists[key]
        length += entry
    if current:
        out.append(current)
    return out


@dataclass(frozen=True)
class SiteIndex:
    """The index's files, {path below SEARCH_DIR: text}, and their version."""

    version: str
    files: dict[str, str]
    insights: int
    chunks: int


def build_index(
    articles: Sequence[Article], vocabulary: Vocabulary, analysed: Analysed | None = None, salt: str = ""
) -> SiteIndex:
    """The index of `articles` (the published insights), from their `analysed` terms
    (made here when not given). Deterministic: the same insights give the same files.
    The build makes it before it renders the pages, which name its version; `salt`
    goes into the version too (with_sections adds to the files after the pages)."""
    try:
        return _build(articles, vocabulary, analysed if analysed is not None else analyse(articles, vocabulary), salt)
    except stemjs.StemmerTranslationError as error:
        raise SearchIndexError(str(error)) from None


def _build(articles: Sequence[Article], vocabulary: Vocabulary, analysed: Analysed, salt: str = "") -> SiteIndex:
    ordered = listing.newest_first(articles)
    languages = [lang for lang in LANGUAGES if any(a.lang == lang for a in ordered)]
    slugs = [c.slug for c in vocabulary]
    if len(slugs) > MAX_CATEGORIES:
        raise SearchIndexError(
            f"the search index holds at most {MAX_CATEGORIES} categories; categories.yml has {len(slugs)}\n"
            "  hint: merge categories, or widen the category masks in sitesearch.py and assets/engine.js"
        )
    bit = {slug: 1 << i for i, slug in enumerate(slugs)}
    lists, lengths = postings(ordered, analysed)
    # Dutch compounds: "loyaliteit" also finds "klantloyaliteit" (engine.js reads "nl~").
    lists.update(compound_postings(lists))
    parts = chunks(lists)
    files: dict[str, str] = {}
    for number, part in enumerate(parts):
        files[f"t/{number}.json"] = _dump(part)
    for number, article in enumerate(ordered):
        files[f"d/{number}.json"] = _dump({**listing.card(article), "l": article.lang})
    for lang in languages:
        files[f"stem-{lang}.js"] = stemjs.javascript(STEMMERS[lang])
    # `salt`: what the files written later depend on (sections_salt).
    version = hashlib.sha256((salt + "".join(f"{k}\0{v}\0" for k, v in sorted(files.items()))).encode()).hexdigest()[
        :12
    ]
    entry = {
        "format": FORMAT,
        "version": version,
        "languages": languages,
        "categories": slugs,
        "docs": {
            "lang": "".join(str(languages.index(a.lang)) for a in ordered),
            "cats": [sum(bit[slug] for slug in a.categories) for a in ordered],
            "length": lengths,
        },
        "analysis": {
            "pattern": search.TOKEN_PATTERN,
            "fold": search.accent_folding(),
            **{lang: {**search.query_rules(lang), "compounds": lang == "nl"} for lang in languages},
        },
        "chunks": [next(iter(part)) for part in parts],
    }
    index = {f"{version}/{path}": text for path, text in files.items()}
    # Pages name the version they were built with and load its entry (immutable, so
    # a browser may cache it for good); the copy at the top is for tools.
    index[f"{version}/index.json"] = index["index.json"] = _dump(entry)
    return SiteIndex(version, index, len(ordered), len(parts))


def write_index(site_dir: Path, index: SiteIndex) -> dict[str, int]:
    """Write `index` into `site_dir/SEARCH_DIR`, replacing an older one; return
    figures for the build log."""
    folder = site_dir / urls.SEARCH_DIR
    files = index.files
    try:
        if folder.exists():
            shutil.rmtree(folder)
        for path, text in files.items():
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    except OSError as error:
        raise SearchIndexError(
            f"cannot write the search index into {folder}: {error.strerror or error}\n"
            "  hint: check that the site folder is writable and the disk not full"
        ) from None
    return {
        "insights": index.insights,
        "chunks": index.chunks,
        "bytes": sum(len(text.encode("utf-8")) for text in files.values()),
    }


# -- sections: results that take the reader to the place (issue 12) --------------------
#
# Each insight's sections as its page shows them, in <version>/s/<n>.json beside its card
# d/<n>.json: [[anchor, heading, text], ...] for every heading with an id (MkDocs' toc
# extension gives each one), the text running to the next heading. engine.js
# (Hits.place) picks the section that holds the query's words, for a link to its anchor
# with its snippet. A browser fetches the file of a result shown once the reader pauses
# (search.js), not for every letter typed: about 1.2 KB gzipped per insight, which in
# the cards would have cost the 20-30 cards of a first query typed on the overview
# 26-40 KB (docs/search.md, "Results that take the reader to the place").
# They come from the rendered page, so a Dutch insight's from the Dutch page and with
# the ids the build gave; the pages are rendered after the index is made, so
# `with_sections` adds the files at the end of the build, and `sections_salt` puts
# what they are made from into the version the pages name.

# A section's text is cut after this many characters (at a word): the snippet is of
# the words found in it, and a long section costs every search that shows it.
SECTION_CHARS = 1000
_HEADING = re.compile(r'<h([1-6])\b[^>]*?\sid="([^"]+)"[^>]*>(.*?)</h\1\s*>', re.S | re.I)
# The permalink after a heading's text, footnote numbers in the text, the footnotes.
_HEADERLINK = re.compile(r'<a\b[^>]*\bclass="headerlink"[^>]*>.*?</a\s*>', re.S | re.I)
_FOOTNOTE_REF = re.compile(r'<sup\b[^>]*\bid="fnref[^"]*"[^>]*>.*?</sup\s*>', re.S | re.I)
_FOOTNOTES = re.compile(r'<div\b[^>]*\bclass="footnote"[^>]*>.*', re.S | re.I)
# Tags that end a word: block elements and line breaks. Other tags sit inside words.
_BLOCK_TAG = re.compile(
    r"</?(?:p|li|ul|ol|dl|dt|dd|div|table|thead|tbody|tr|td|th|pre|blockquote|figure|figcaption"
    r"|details|summary|br|hr|h[1-6])\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^>]*>")
_SKIPPED = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.S | re.I)


def _html_text(html: str) -> str:
    text = _TAG.sub("", _BLOCK_TAG.sub(" ", _SKIPPED.sub(" ", html)))
    return " ".join(unescape(text).split())


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    at = text.rfind(" ", 0, limit + 1)
    return text[: at if at > 0 else limit]


def page_sections(html: str, limit: int = SECTION_CHARS) -> list[list[str]]:
    """[[anchor, heading, text], ...] of an insight's body as the build rendered it
    (sanitized HTML, before our header): the text before the first heading and the
    footnotes are no section; headings without an id (no toc extension) are none."""
    html = _FOOTNOTE_REF.sub("", _FOOTNOTES.sub("", html))
    headings = list(_HEADING.finditer(html))
    sections = []
    for number, heading in enumerate(headings):
        end = headings[number + 1].start() if number + 1 < len(headings) else len(html)
        title = _html_text(_HEADERLINK.sub("", heading.group(3)))
        sections.append([unescape(heading.group(2)), title, _cut(_html_text(html[heading.end() : end]), limit)])
    return sections


def sections_salt(articles: Sequence[Article], settings: str) -> str:
    """What the sections of `articles` are made from, for the index's version: their
    bodies, and `settings` (the Markdown extensions and HTML policy that render them)."""
    digest = hashlib.sha256(f"{SECTION_CHARS}\0{settings}\0".encode())
    for article in sorted(articles, key=lambda a: a.path):
        digest.update(f"{article.path}\0{article.body}\0".encode())
    return digest.hexdigest()


def with_sections(index: SiteIndex, sections: Mapping[str, list[list[str]]]) -> SiteIndex:
    """`index` with each insight's sections file s/<n>.json beside its card d/<n>.json,
    from {insight address (a card's "u"): page_sections}; [] for an insight without."""
    prefix = f"{index.version}/d/"
    files = dict(index.files)
    for path, text in index.files.items():
        if path.startswith(prefix):
            files[f"{index.version}/s/{path[len(prefix) :]}"] = _dump(sections.get(json.loads(text)["u"], []))
    return replace(index, files=files)
