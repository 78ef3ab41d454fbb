"""How a query is matched and ranked: the rules of both searches, in plain Python.

`insights search` runs `search` over whoosh's postings (search.py); the reader's search
runs the same rules in assets/engine.js over the site's static index (sitesearch.py),
reading the constants below from the index's entry. A test runs the judged queries
through both and compares the first five (tests/test_search_parity.py).

A query is a list of *slots*, one per word or "quoted phrase", per language searched;
each slot has alternatives (queryplan.py), every alternative a set of keys that must all match (a
phrase's word pairs, a compound's parts) and a weight:

- the word itself (its stem, in that language), weight 1;
- Dutch: the compounds that contain it at the head or the tail ("kwaliteit" in
  "servicekwaliteit", "service" in "serviceniveau"), COMPOUND; a compound's parts
  ("klantenservice": "klant" and "service"), SPLIT;
- two neighbouring words written as one ("work load": "workload"), JOIN;
- the glossary's equivalents of the words, in any language searched, GLOSSARY;
- while the reader types it, the words the last word begins, PREFIX;
- a word that matches nothing at all: a compound of known words, the words that
  begin or end with it, else the nearest words of the collection (one edit, two for
  words of 8 letters or more): the reader is told, and may search the original.

Insights that match more slots rank first; then BM25 (K1, B) over the alternatives'
postings, relative to each language's best match, so that two languages interleave by
relevance; then the page's language, then the newest. With two languages searched, an
insight also brings its translation, just below it. No MkDocs, no whoosh.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from . import analysis, querytext
from .analysis import ANALYZERS, fold
from .queryplan import add_parts, corrections_of, matches, plan, relaxed, unknown
from .querytext import Query
from .rankbase import (  # noqa: F401 - ranking.MAX_WEIGHT, ranking.Vocabulary, ... as before
    COMPOUND,
    EXTENDS,
    GLOSSARY,
    JOIN,
    K1,
    LENGTH_STEPS,
    MAX_CORRECTIONS,
    MAX_EXPANSIONS,
    MAX_WEIGHT,
    MIN_EXTENDED,
    MIN_JOIN,
    MIN_PREFIX,
    MIN_UNKNOWN,
    PART,
    PRECISION,
    PREFIX,
    SPLIT,
    TRANSLATION,
    Alternative,
    B,
    Notes,
    Postings,
    Result,
    Slot,
    Source,
    Vocabulary,
    constants,
    length_code,
    length_of,
)


def search(
    source: Source,
    text: str,
    languages: Sequence[str],
    preferred: str | None = None,
    typing: bool = False,
    correct: bool = True,
) -> Result:
    """Every insight in `languages` that matches `text`, best first (see the module)."""
    query = querytext.parse_query(text, typing)
    langs = [lang for lang in source.languages if lang in languages]
    preferred = preferred or (langs[0] if langs else "")
    # "customer lo": a last word too short to look up as a prefix is still being typed.
    if query.typing and len(query.tokens) > 1 and len(query.tokens[-1].text) < MIN_PREFIX:
        query = Query(query.tokens[:-1], query.strict, query.typing)
    plans = {lang: plan(query, lang, source.glossary) for lang in langs}
    notes = Notes()
    last = query.tokens[-1].position if query.typing and query.tokens else -1
    # A compound's parts, and the words the word being typed begins.
    for lang, (slots, _) in plans.items():
        for slot in slots:
            if slot.phrase:
                continue
            term = ANALYZERS[lang].term(slot.word)
            parts = source.parts(lang, term) if lang in analysis.COMPOUND_LANGUAGES else None
            add_parts(slot, lang, parts or ())
            if slot.position == last and len(slot.word) >= MIN_PREFIX:
                typed = fold(slot.word)
                begun = [f"{lang}:{other}" for other in source.prefixed(lang, typed) if other != term]
                # ...and the terms it is on its way to ("managem": "manag", the stem of
                # "management"), found in its own chunk: no vocabulary while typing.
                begun += [
                    f"{lang}:{typed[:n]}"
                    for n in range(len(typed) - 1, max(MIN_EXTENDED, len(typed) - EXTENDS) - 1, -1)
                    if typed[:n] != term and source.postings(f"{lang}:{typed[:n]}")
                ]
                slot.add(tuple(begun), PREFIX, union=True)
    # Words that matched nothing in any language searched: the vocabulary's help.
    positions = sorted({s.position for slots, _ in plans.values() for s in slots})
    for position in positions:
        here = [(lang, s) for lang, (slots, _) in plans.items() for s in slots if s.position == position]
        # A word the glossary translates may still be a compound to split here.
        if any(matches(source, s, itself=True) for _, s in here) or here[0][1].phrase:
            continue
        word = fold(here[0][1].word)
        if len(word) < MIN_UNKNOWN:
            continue
        for lang, slot in here:
            unknown(source, lang, slot)
        if any(matches(source, s) for _, s in here):
            continue
        corrections = corrections_of(source, langs, word) if correct else []
        for lang, slot in here:
            terms = list(
                dict.fromkeys(
                    ANALYZERS[lang].term(other)
                    for code, other in corrections
                    if code == lang and ANALYZERS[lang].term(other)
                )
            )
            slot.add(tuple(f"{lang}:{t}" for t in terms), 1.0, union=True)
            # The corrected word's compounds too, as the word typed right would find them.
            if lang in analysis.COMPOUND_LANGUAGES:
                slot.add(tuple(f"{lang}:{t} ~" for t in terms), COMPOUND, union=True)
        if corrections:
            notes.corrections.append((here[0][1].word, corrections[0][1]))
        if not any(matches(source, s) for _, s in here):
            for lang, slot in here:
                relaxed(source, lang, slot)
    missing = set()
    for position in positions:
        at = [s for slots, _ in plans.values() for s in slots if s.position == position]
        if not any(matches(source, s) for s in at):
            missing.add(position)
            # A stop word of another language searched ("to" in "one-to-one") is no news.
            if at[0].phrase or all(ANALYZERS[lang].term(at[0].word) for lang in langs):
                notes.missing.append(at[0].word)
    for slots, _ in plans.values():
        slots[:] = [s for s in slots if s.position not in missing]
    return _rank(source, plans, langs, preferred, query.strict, notes)


def _union(lists: Sequence[Postings | None]) -> Postings | None:
    """Postings merged: each insight once, its weights summed (capped as the index's)."""
    merged: dict[int, int] = {}
    for entries in lists:
        for doc, weight in entries or ():
            merged[doc] = merged.get(doc, 0) + weight
    return sorted((doc, min(MAX_WEIGHT, weight)) for doc, weight in merged.items()) or None


def _rank(
    source: Source,
    plans: Mapping[str, tuple[list[Slot], list[str]]],
    langs: Sequence[str],
    preferred: str,
    strict: bool,
    notes: Notes,
) -> Result:
    scores: dict[int, float] = {}
    matched: dict[int, int] = {}
    keys: set[str] = set()
    excluded: set[int] = set()
    wanted = {lang: len(slots) for lang, (slots, _) in plans.items()}
    for lang, (slots, negated) in plans.items():
        docs = [d for d in source.docs() if source.lang(d) == lang]
        n = len(docs)
        average = sum(source.length(d) for d in docs) / max(1, n)
        score: dict[int, float] = {}
        for slot in slots:
            here: dict[int, float] = {}
            for alternative in slot.alternatives:
                lists = [source.postings(k) for k in alternative.keys]
                if alternative.union:
                    keys.update(k for k, entries in zip(alternative.keys, lists, strict=True) if entries)
                    lists = [_union(lists)]
                if not all(lists):
                    continue
                keys.update(alternative.keys if not alternative.union else ())
                parts = []
                for entries in lists:
                    assert entries is not None
                    df = len(entries)
                    idf = math.log(1 + (n - df + 0.5) / (df + 0.5)) * alternative.weight
                    part = {}
                    for doc, tf in entries:
                        part[doc] = idf * (tf * (K1 + 1)) / (tf + K1 * (1 - B + B * source.length(doc) / average))
                    parts.append(part)
                common = [d for d in parts[0] if all(d in p for p in parts[1:])] if len(parts) > 1 else list(parts[0])
                for doc in common:
                    total = 0.0
                    for part in parts:
                        total += part[doc]
                    here[doc] = here.get(doc, 0.0) + total
            for doc, value in here.items():
                if value > 0:
                    score[doc] = score.get(doc, 0.0) + value
                    matched[doc] = matched.get(doc, 0) + 1
        best = max(score.values(), default=0.0)
        for doc, value in score.items():
            relative = math.floor(value / best * PRECISION + 0.5) / PRECISION
            if relative > 0:
                scores[doc] = relative
        for key in negated:
            excluded.update(doc for doc, _ in source.postings(key) or ())
    # Two languages: an insight brings its translation, just below it.
    if len(langs) > 1 and TRANSLATION > 0:
        brought: dict[int, tuple[int, float]] = {}
        for doc in sorted(scores):
            other = source.translation(doc)
            if other is None or source.lang(other) not in langs or other in excluded:
                continue
            candidate = (matched[doc], math.floor(scores[doc] * TRANSLATION * PRECISION + 0.5) / PRECISION)
            own = brought.get(other) or (matched.get(other, 0), scores.get(other, 0.0))
            if candidate > own:
                brought[other] = candidate
        for doc, (count, value) in brought.items():
            matched[doc], scores[doc] = count, value
    ids = [d for d in scores if d not in excluded and (not strict or matched[d] >= wanted[source.lang(d)])]
    ids.sort(key=lambda d: (-matched[d], -scores[d], source.lang(d) != preferred, source.rank(d)))
    if ids and matched[ids[0]] < wanted[source.lang(ids[0])]:
        notes.partial = True
    return Result(ids, scores, matched, keys, notes)
