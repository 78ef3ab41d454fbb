"""The site's one search engine: a static index written by the build and searched in
the reader's browser (assets/engine.js), for the header box and the overview's filter.

Why our own and not Pagefind: at 5,000 insights per language Pagefind took 100-300 ms
per keystroke for common words (its WebAssembly ranks every matching page and passes
every word position back to JavaScript), and it stems with one language per bundle, so
searching both languages cost two engines (about 270 KB) before a first answer. Here
each insight's terms are stemmed at build time with its own language's Snowball stemmer
(analysis.py, which `insights search` and the related insights use too), and the
browser stems the query with the same stemmers translated to JavaScript (stemjs.py) and
the same rules, which the entry carries. One index then holds both languages, and a
search is a few array walks over the postings of the query's words, ranked by the
rules of ranking.py (benchmarks/browser_search.py measures both).

What is written below the site, in `urls.SEARCH_DIR`:

    <version>/index.json  the entry, fetched first (a copy is at the top, for tools):
                          version, languages, categories, one row per insight
                          (language, categories, length code, its translation's
                          distance), the
                          query analysis (analysis.py), the ranking's constants
                          (ranking.py), the analysed glossary and the first key of
                          every chunk
    <version>/t/<n>.json  the postings, in chunks of about CHUNK_CHARS, keys in sorted
                          order, so that a word and the words it begins sit together:
                          "<lang>:<term>": [gap, weight, gap, weight, ...] (insight
                          numbers as gaps; weight: the occurrences, each counting its
                          place's weight, docterms.BLOCK_WEIGHTS);
                          "nl:<term> ~": the merged postings of the compounds that
                          contain the term; "nl:<term> =": the known parts of a
                          compound, as terms (sorted right after the term itself)
    <version>/pairs.json  the first key of every chunk of word pairs (a phrase only)
    <version>/p/<n>.json  "<lang>><term> <term>": postings of neighbouring words;
                          "<lang>><term> <term>@": their places in each insight of
                          those postings, in order, a number or a list of them
                          (phrases of 3+ words)
    <version>/v/<lang>.json  the language's words, most frequent first, and its other
                          terms: fetched only for a query word that matches nothing
                          (compound splitting, typos)
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

import hashlib
import json
import shutil
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..model import i18n, listing, urls
from ..model.categories import Vocabulary
from ..model.content import Article
from ..model.languages import LANGUAGES
from . import analysis, docterms, ranking, stemjs
from .analysis import ANALYZERS
from .sections import page_sections, sections_salt  # noqa: F401 - sitesearch.page_sections as before

# The layout of the files; assets/engine.js reads this one (its FORMAT).
# 3: the places of word pairs ("<lang>>a b@"), for phrases of three or more words.
FORMAT = 3
# Categories are a bit mask per insight in engine.js (32-bit integers, one sign bit).
MAX_CATEGORIES = 31
# Raw JSON characters per chunk: about 15-20 KB gzipped, a few per query.
CHUNK_CHARS = 48_000
MAX_WEIGHT = ranking.MAX_WEIGHT
STEMMERS = analysis.SNOWBALL


class SearchIndexError(Exception):
    """The search index could not be written; the message is for people."""


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


# Each insight's terms (docterms.DocumentTerms), by path.
Analysed = Mapping[str, docterms.DocumentTerms]
# A glossary entry as written: {language: [term, ...]} (glossary.py).
GlossaryEntries = Sequence[Mapping[str, Sequence[str]]]


def analyse(articles: Sequence[Article], vocabulary: Vocabulary) -> dict[str, docterms.DocumentTerms]:
    """The terms of each insight, by path. An insight's category labels count as its
    words: "customer loyalty" finds the insights filed under Customer loyalty. The
    build analyses once, for this index and the related insights (`.counts`)."""
    return {a.path: docterms.document_terms(a, vocabulary.labels(a.categories, a.lang)) for a in articles}


def postings(
    articles: Sequence[Article], analysed: Analysed
) -> tuple[dict[str, list[int]], dict[str, list], list[int]]:
    """Over `articles`, numbered in their order: the terms' postings {"<lang>:<term>":
    [gap, weight, ...]}, the word pairs' {"<lang>>term term": ...} with their places
    ("...@"), and each insight's length (its terms' weights, for BM25)."""
    by_lang: dict[str, tuple[dict, dict, dict]] = {}
    lengths = [0] * len(articles)
    for number, article in enumerate(articles):
        found = analysed[article.path]
        lang_terms, lang_pairs, lang_places = by_lang.setdefault(article.lang, ({}, {}, {}))
        length = 0
        for term, weight in found.weights.items():
            weight = min(MAX_WEIGHT, weight)
            entries = lang_terms.get(term)
            if entries is None:
                lang_terms[term] = [number, weight]
            else:
                entries += (number, weight)
            length += weight
        lengths[number] = length
        pair_at = found.pair_at
        for pair, weight in found.pairs.items():
            entries = lang_pairs.get(pair)
            if entries is None:
                lang_pairs[pair] = [number, min(MAX_WEIGHT, weight)]
                lang_places[pair] = [pair_at[pair]]
            else:
                entries += (number, min(MAX_WEIGHT, weight))
                lang_places[pair].append(pair_at[pair])
    terms: dict[str, list[int]] = {}
    pairs: dict[str, list] = {}
    for lang, (lang_terms, lang_pairs, lang_places) in by_lang.items():
        terms.update((f"{lang}:{term}", _gaps(entries)) for term, entries in lang_terms.items())
        for pair, entries in lang_pairs.items():
            pairs[f"{lang}>{pair}"] = _gaps(entries)
            pairs[f"{lang}>{pair}@"] = lang_places[pair]
    return terms, pairs, lengths


def _gaps(entries: list[int]) -> list[int]:
    previous = -1  # [number, weight, ...] as [gap, weight, ...], in place
    for at in range(0, len(entries), 2):
        number = entries[at]
        entries[at] = number - previous - 1
        previous = number
    return entries


def _decode(entries: list[int]) -> Iterator[tuple[int, int]]:
    number = -1
    for gap, weight in zip(entries[::2], entries[1::2], strict=True):
        number += gap + 1
        yield number, weight


def _encode(weights: Mapping[int, int]) -> list[int]:
    entries: list[int] = []
    last = -1
    for number in sorted(weights):
        entries += (number - last - 1, min(MAX_WEIGHT, weights[number]))
        last = number
    return entries


def vocabulary_of(articles: Sequence[Article], analysed: Analysed, lang: str) -> tuple[list[str], list[str]]:
    """A language's words as written, most frequent first (then alphabetical), and
    the terms that are no word as written: what a reader's unknown word is split
    against and corrected to (ranking.Vocabulary)."""
    frequency: dict[str, int] = defaultdict(int)
    terms: set[str] = set()
    for article in articles:
        if article.lang == lang:
            found = analysed[article.path]
            for word in found.words:
                frequency[word] += 1
            terms.update(found.weights)
    words = sorted(frequency, key=lambda w: (-frequency[w], w))
    return words, sorted(terms - frequency.keys())


def compound_entries(
    lists: Mapping[str, list[int]], words: Sequence[str], terms: Sequence[str], lang: str
) -> dict[str, list]:
    """For the compounds of the vocabulary (analysis.find_compounds): "<lang>:<C> ="
    with the known parts of compound C, and "<lang>:<P> ~" with the merged postings of
    the compounds that contain P at the head or the tail ("kwaliteit" ->
    "servicekwaliteit"; engine.js and ranking.py read both)."""
    prefix = f"{lang}:"
    found = analysis.find_compounds(
        words, [*terms, *(k[len(prefix) :] for k in lists if k.startswith(prefix))], ANALYZERS[lang]
    )
    entries: dict[str, list] = {}
    for compound, parts in found.parts.items():
        if parts and prefix + compound in lists:
            entries[f"{prefix}{compound} ="] = parts
    for part, compounds in found.containing.items():
        weights: dict[int, int] = defaultdict(int)
        for compound in compounds:
            for number, weight in _decode(lists.get(prefix + compound, [])):
                weights[number] += weight
        if weights:
            entries[f"{prefix}{part} ~"] = _encode(weights)
    return entries


def analyse_glossary(glossary: GlossaryEntries, languages: Sequence[str]) -> list[dict[str, list[list[str]]]]:
    """Each glossary entry's terms as term sequences of their language."""
    return [
        {lang: [ANALYZERS[lang].terms(text) for text in entry[lang]] for lang in languages if entry.get(lang)}
        for entry in glossary
    ]


def chunks(lists: Mapping[str, list], size: int = CHUNK_CHARS) -> list[dict[str, list]]:
    """The postings in key order, cut into chunks of about `size` characters of JSON."""
    return [{key: lists[key] for key in keys} for keys, _ in chunk_texts(lists, size)]


def chunk_texts(lists: Mapping[str, list], size: int = CHUNK_CHARS) -> list[tuple[list[str], str]]:
    """`chunks`' keys and each chunk's text (its `_dump`), every entry dumped once."""
    out: list[tuple[list[str], str]] = []
    keys: list[str] = []
    texts: list[str] = []
    length = 0
    for key in sorted(lists):
        text = _dump({key: lists[key]})[1:-1]
        if keys and length + len(text) + 2 > size:
            out.append((keys, "{" + ",".join(texts) + "}"))
            keys, texts, length = [], [], 0
        keys.append(key)
        texts.append(text)
        length += len(text) + 2
    if keys:
        out.append((keys, "{" + ",".join(texts) + "}"))
    return out


@dataclass(frozen=True)
class SiteIndex:
    """The index's files, {path below SEARCH_DIR: text}, and their version."""

    version: str
    files: dict[str, str]
    insights: int
    chunks: int


def build_index(
    articles: Sequence[Article],
    vocabulary: Vocabulary,
    analysed: Analysed | None = None,
    salt: str = "",
    glossary: GlossaryEntries = (),
) -> SiteIndex:
    """The index of `articles` (the published insights), from their `analysed` terms
    (made here when not given), with the `glossary`'s entries. Deterministic: the same
    insights give the same files. The build makes it before it renders the pages,
    which name its version; `salt` goes into the version too (with_sections adds to
    the files after the pages)."""
    try:
        return _build(
            articles, vocabulary, analysed if analysed is not None else analyse(articles, vocabulary), salt, glossary
        )
    except stemjs.StemmerTranslationError as error:
        raise SearchIndexError(str(error)) from None


def _build(
    articles: Sequence[Article],
    vocabulary: Vocabulary,
    analysed: Analysed,
    salt: str = "",
    glossary: GlossaryEntries = (),
) -> SiteIndex:
    ordered = listing.newest_first(articles)
    languages = [lang for lang in LANGUAGES if any(a.lang == lang for a in ordered)]
    slugs = [c.slug for c in vocabulary]
    if len(slugs) > MAX_CATEGORIES:
        raise SearchIndexError(
            f"the search index holds at most {MAX_CATEGORIES} categories; categories.yml has {len(slugs)}\n"
            "  hint: merge categories, or widen the category masks in search/sitesearch.py and site/assets/engine.js"
        )
    bit = {slug: 1 << i for i, slug in enumerate(slugs)}
    lists, pair_lists, lengths = postings(ordered, analysed)
    files: dict[str, str] = {}
    extra: dict[str, list] = {}
    for lang in languages:
        words, terms = vocabulary_of(ordered, analysed, lang)
        # Loaded only for a word that matches nothing (engine.js Index.vocabulary).
        files[f"v/{lang}.json"] = _dump({"words": words, "terms": terms})
        if lang in analysis.COMPOUND_LANGUAGES:
            extra.update(compound_entries(lists, words, terms, lang))
    lists.update(extra)
    parts = chunk_texts(lists)
    for number, (_, text) in enumerate(parts):
        files[f"t/{number}.json"] = text
    # Word pairs have chunks of their own, listed in a file of their own: only a
    # phrase loads them.
    pair_parts = chunk_texts(pair_lists)
    for number, (_, text) in enumerate(pair_parts):
        files[f"p/{number}.json"] = text
    files["pairs.json"] = _dump([keys[0] for keys, _ in pair_parts])
    for number, article in enumerate(ordered):
        files[f"d/{number}.json"] = _dump({**listing.card(article), "l": article.lang})
    for lang in languages:
        files[f"stem-{lang}.js"] = stemjs.javascript(STEMMERS[lang])
    # Each insight's translation as the distance to its number (0: none): translations
    # are mostly published together, so the distances are small and compress well.
    numbers = {(a.lang, a.translation_key): n for n, a in enumerate(ordered) if a.translation_key}
    translations = [
        next(
            (
                numbers[(other, a.translation_key)] - n
                for other in languages
                if other != a.lang and (other, a.translation_key) in numbers
            ),
            0,
        )
        if a.translation_key
        else 0
        for n, a in enumerate(ordered)
    ]
    entry = {
        "format": FORMAT,
        "languages": languages,
        "categories": slugs,
        "docs": {
            "lang": "".join(str(languages.index(a.lang)) for a in ordered),
            "cats": [sum(bit[slug] for slug in a.categories) for a in ordered],
            # BM25's lengths as codes, and the length of each code (ranking.length_code).
            "length": [ranking.length_code(n) for n in lengths],
            "lengths": [
                ranking.length_of(code) for code in range(max((ranking.length_code(n) for n in lengths), default=0) + 1)
            ],
            "translation": translations,
        },
        "analysis": {
            "pattern": analysis.TOKEN_PATTERN,
            "fold": analysis.FOLD,
            "compounds": analysis.compound_rules(),
            **{lang: ANALYZERS[lang].rules_for_browser() for lang in languages},
        },
        "ranking": ranking.constants(),
        "glossary": analyse_glossary(glossary, languages),
        # What the search tells a reader about a query, in each page language (i18n.py).
        "messages": {
            lang: {key: i18n.t(lang, f"search_{key}") for key in ("corrected", "original", "missing", "partial")}
            for lang in LANGUAGES
        },
        "chunks": [keys[0] for keys, _ in parts],
    }
    # `salt`: what the files written later depend on (sections_salt).
    version = hashlib.sha256(
        (salt + _dump(entry) + "".join(f"{k}\0{v}\0" for k, v in sorted(files.items()))).encode()
    ).hexdigest()[:12]
    index = {f"{version}/{path}": text for path, text in files.items()}
    # Pages name the version they were built with and load its entry (immutable, so
    # a browser may cache it for good); the copy at the top is for tools.
    index[f"{version}/index.json"] = index["index.json"] = _dump({**entry, "version": version})
    return SiteIndex(version, index, len(ordered), len(parts) + len(pair_parts))


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


# -- sections (sections.py: an insight's sections, from its rendered page) ---------------


def with_sections(index: SiteIndex, sections: Mapping[str, list[list[str]]]) -> SiteIndex:
    """`index` with each insight's sections file s/<n>.json beside its card d/<n>.json,
    from {insight address (a card's "u"): page_sections}; [] for an insight without."""
    prefix = f"{index.version}/d/"
    files = dict(index.files)
    for path, text in index.files.items():
        if path.startswith(prefix):
            files[f"{index.version}/s/{path[len(prefix) :]}"] = _dump(sections.get(json.loads(text)["u"], []))
    return replace(index, files=files)
