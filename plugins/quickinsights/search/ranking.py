"""How a query is matched and ranked: the rules of both searches, in plain Python.

`insights search` runs `search` over whoosh's postings (search.py); the reader's search
runs the same rules in assets/engine.js over the site's static index (sitesearch.py),
reading the constants below from the index's entry. A test runs the judged queries
through both and compares the first five (tests/test_search_parity.py).

A query is a list of *slots*, one per word or "quoted phrase", per language searched;
each slot has alternatives, every alternative a set of keys that must all match (a
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
from dataclasses import dataclass, field
from typing import Protocol

from . import analysis
from .analysis import ANALYZERS, Query, fold

K1 = 1.2
B = 0.75
PREFIX = 0.5
COMPOUND = 0.5
SPLIT = 0.5
# Each part of a compound on its own: a text with both parts is what the reader means.
PART = 0.25
JOIN = 1.0
GLOSSARY = 0.7
TRANSLATION = 0.9
# The word being typed matches the words it begins from this length on, and the terms
# of MIN_EXTENDED letters or more it extends by at most EXTENDS letters (a stem and the
# start of its ending: "managem" is on its way to "manag"; "feedbak" is a typo, not "feed").
MIN_PREFIX = 3
EXTENDS = 2
MIN_EXTENDED = 5
# A word that matches nothing is looked up in the vocabulary from this length on
# ("exit" in "exitgesprek"); typos are corrected from 5 letters (analysis.max_edits).
MIN_UNKNOWN = 4
# Joined neighbours shorter than this are not looked up ("a b").
MIN_JOIN = 6
MAX_EXPANSIONS = 30
# A posting's weight at most, as the index stores them (sitesearch.MAX_WEIGHT).
MAX_WEIGHT = 255
MAX_CORRECTIONS = 3
# Scores are compared to 9 decimals: JavaScript and Python may differ in the last bit.
PRECISION = 1e9
# BM25 takes an insight's length in steps of 2^(1/8) (about 9%): the index's entry then
# holds a small code per insight instead of a number (a fifth of its bytes at 5,000 per
# language), and the lengths both searches use are the same integers (`length_of`).
LENGTH_STEPS = 8


def length_code(length: float) -> int:
    return round(LENGTH_STEPS * math.log2(length + 1))


def length_of(code: int) -> int:
    """The length BM25 uses for a length code: an integer, the same in engine.js,
    which gets the table (sitesearch.py)."""
    return round(2 ** (code / LENGTH_STEPS)) - 1


def constants() -> dict[str, float]:
    """What engine.js reads from the index's entry: one definition of the ranking."""
    return {
        "k1": K1,
        "b": B,
        "prefix": PREFIX,
        "compound": COMPOUND,
        "split": SPLIT,
        "join": JOIN,
        "part": PART,
        "glossary": GLOSSARY,
        "translation": TRANSLATION,
        "minPrefix": MIN_PREFIX,
        "extends": EXTENDS,
        "minExtended": MIN_EXTENDED,
        "minUnknown": MIN_UNKNOWN,
        "minJoin": MIN_JOIN,
        "maxExpansions": MAX_EXPANSIONS,
        "maxCorrections": MAX_CORRECTIONS,
        "precision": PRECISION,
        "maxWeight": MAX_WEIGHT,
    }


Postings = Sequence[tuple[int, int]]


@dataclass
class Vocabulary:
    """A language's words as written (most frequent first) and everything known as a
    word or a term: for unknown words (compound splitting, typos)."""

    words: list[str]
    known: set[str]
    words_set: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.words_set = set(self.words)


class Source(Protocol):
    """What the rules read: the site's index files, or whoosh's index."""

    @property
    def languages(self) -> Sequence[str]: ...

    @property
    def glossary(self) -> Sequence[Mapping[str, Sequence[Sequence[str]]]]: ...  # {language: [term sequence]}

    def docs(self) -> Sequence[int]: ...  # the insights' numbers

    def lang(self, doc: int) -> str: ...

    def length(self, doc: int) -> float: ...

    def rank(self, doc: int) -> int: ...  # newest first: smaller

    def translation(self, doc: int) -> int | None: ...

    def postings(self, key: str) -> Postings | None: ...  # "en:term", "nl:term ~", "en>term term"

    def parts(self, lang: str, term: str) -> Sequence[str] | None: ...  # a compound's known parts

    def prefixed(self, lang: str, prefix: str) -> Sequence[str]: ...  # indexed terms beginning with it

    def vocabulary(self, lang: str) -> Vocabulary: ...


@dataclass
class Alternative:
    """Keys that must all match (a phrase's pairs), or with `union` any of them, their
    postings merged into one list (the words being typed begins, the words an unknown
    word is part of, its corrections): many such words count as one, not as many.
    `glossary`: a translation, not the word itself."""

    keys: tuple[str, ...]
    weight: float
    union: bool = False
    glossary: bool = False


@dataclass
class Slot:
    """One query word (or phrase) in one language."""

    position: int  # its first token
    word: str  # as typed, lower case ('"…"' for a phrase)
    phrase: bool = False
    alternatives: list[Alternative] = field(default_factory=list)

    def add(self, keys: tuple[str, ...], weight: float, union: bool = False, glossary: bool = False) -> None:
        if keys and all(a.keys != keys or a.union != union for a in self.alternatives):
            self.alternatives.append(Alternative(keys, weight, union, glossary))


@dataclass
class Notes:
    """What the reader is told about a query."""

    corrections: list[tuple[str, str]] = field(default_factory=list)  # (word typed, word searched)
    missing: list[str] = field(default_factory=list)  # words (or phrases) found nowhere
    partial: bool = False  # no insight has every word; the first has the most

    def corrected(self, text: str) -> str:
        """`text` with the corrections made."""
        out = text
        for typed, searched in self.corrections:
            at = out.lower().find(typed)
            if at >= 0:
                out = out[:at] + searched + out[at + len(typed) :]
        return out


@dataclass
class Result:
    ids: list[int]
    scores: dict[int, float]
    matched: dict[int, int]
    keys: set[str]  # the keys that matched, for marking words
    notes: Notes


def plan(
    query: Query, lang: str, glossary: Sequence[Mapping[str, Sequence[Sequence[str]]]]
) -> tuple[list[Slot], list[str]]:
    """The slots of `query` in `lang` with the alternatives known without the index,
    and the keys of its negated words."""
    analyzer = ANALYZERS[lang]
    tokens = query.tokens
    terms = [analyzer.term(t.text) for t in tokens]
    compounds = lang in analysis.COMPOUND_LANGUAGES
    slots: list[Slot] = []
    by_position: dict[int, Slot] = {}
    phrases: dict[int, list[int]] = {}
    for token, term in zip(tokens, terms, strict=True):
        if token.negated or not term:
            continue
        if token.phrase >= 0:
            phrases.setdefault(token.phrase, []).append(token.position)
            continue
        slot = Slot(token.position, token.text)
        slot.add((f"{lang}:{term}",), 1.0)
        if compounds:
            slot.add((f"{lang}:{term} ~",), COMPOUND)
        by_position[token.position] = slot
        slots.append(slot)
    for number, positions in phrases.items():
        phrase_terms = [terms[p] for p in positions]
        words = [t for t in tokens if t.phrase == number]
        # At the phrase's first word, stop word or not: the same place in every language.
        slot = Slot(words[0].position, '"' + " ".join(t.text for t in words) + '"', phrase=True)
        if len(phrase_terms) == 1:
            slot.add((f"{lang}:{phrase_terms[0]}",), 1.0)
        else:
            slot.add(tuple(f"{lang}>{a} {b}" for a, b in zip(phrase_terms, phrase_terms[1:], strict=False)), 1.0)
        slots.append(slot)
    slots.sort(key=lambda s: s.position)
    free = [t for t in tokens if t.phrase < 0 and not t.negated]
    # Neighbours written as one word ("work load": "workload").
    for first, second in zip(free, free[1:], strict=False):
        if second.position != first.position + 1 or len(first.text) + len(second.text) < MIN_JOIN:
            continue
        joined = analyzer.term(first.text + second.text)
        covered = [by_position[p] for p in (first.position, second.position) if p in by_position]
        if joined and covered:
            for slot in covered:
                slot.add((f"{lang}:{joined}",), JOIN / len(covered))
    # Words joined by hyphens, as the index also holds them ("one-to-one": "onetoone").
    chain: list[analysis.Token] = []
    for token in free:
        chain.append(token)
        if token.hyphen:
            continue
        if len(chain) > 2:
            joined = analyzer.term("".join(t.text for t in chain))
            covered = [by_position[t.position] for t in chain if t.position in by_position]
            if joined and covered:
                for slot in covered:
                    slot.add((f"{lang}:{joined}",), JOIN / len(covered))
        chain = []
    # The glossary: a term of any language in the query brings its equivalents.
    usable = {t.position for t in free}
    for entry in glossary:
        for other, sequences in entry.items():
            if other not in ANALYZERS:
                continue
            other_terms = [ANALYZERS[other].term(t.text) if t.position in usable else "" for t in tokens]
            for number, start, end in analysis.glossary_matches(sequences, other_terms):
                covered = [s for p, s in by_position.items() if start <= p <= end]
                if not covered:
                    continue
                for index, equivalent in enumerate(entry.get(lang, ())):
                    if (other == lang and index == number) or not equivalent:
                        continue
                    for slot in covered:
                        slot.add(tuple(f"{lang}:{t}" for t in equivalent), GLOSSARY / len(covered), glossary=True)
                        # A Dutch equivalent in compounds too ("verpleegkundige": "wijkverpleegkundigen").
                        if compounds and len(equivalent) == 1:
                            slot.add((f"{lang}:{equivalent[0]} ~",), GLOSSARY * COMPOUND / len(covered), glossary=True)
    negated = [f"{lang}:{term}" for token, term in zip(tokens, terms, strict=True) if token.negated and term]
    return slots, negated


def _add_parts(slot: Slot, lang: str, parts: Sequence[str]) -> None:
    """A compound's parts: together (SPLIT), and each on its own (PART):
    "thuiswerkbeleid" also finds a text on thuiswerken that says nothing of beleid."""
    if len(parts) > 1:
        slot.add(tuple(f"{lang}:{part}" for part in parts), SPLIT)
    for part in parts:
        slot.add((f"{lang}:{part}",), PART)


def _matches(source: Source, slot: Slot, itself: bool = False) -> bool:
    """Whether any alternative of `slot` matches an insight; `itself`: leaving the
    glossary's translations out."""
    return any(
        (any if a.union else all)(source.postings(k) for k in a.keys)
        for a in slot.alternatives
        if not (itself and a.glossary)
    )


def _unknown(source: Source, lang: str, slot: Slot) -> None:
    """Alternatives for a word that matched nothing: a compound of known words, or the
    words of the collection that begin or end with it."""
    word = fold(slot.word)
    analyzer = ANALYZERS[lang]
    vocabulary = source.vocabulary(lang)
    split = analysis.split_compound(
        word, vocabulary.known.__contains__, vocabulary.words_set.__contains__, analyzer.stem
    )
    if split is not None:
        _add_parts(slot, lang, [analyzer.stem(split.head), analyzer.stem(split.tail)])
    found: list[str] = []
    for other in vocabulary.words:
        if len(other) >= len(word) + 3 and _contains(other, word):
            key = f"{lang}:{analyzer.term(other)}"
            if key != f"{lang}:" and key not in found:
                found.append(key)
                if len(found) >= MAX_EXPANSIONS:
                    break
    slot.add(tuple(found), COMPOUND, union=True)


def _contains(other: str, word: str) -> bool:
    """Whether `other` begins with `word` and the rest may be a word, or ends with it
    after a head that may be one: "voorbeeld" is no compound of "beeld"."""
    if other.startswith(word) and word not in analysis.NOT_HEADS and other[len(word) :] not in analysis.NOT_TAILS:
        return True
    # A suffix is no word whose compounds to find ("lijk" in "duidelijk").
    if other.endswith(word) and word not in analysis.NOT_TAILS:
        head = other[: -len(word)]
        heads = [head] + [head[: -len(link)] for link in analysis.LINKING if head.endswith(link)]
        return not any(h in analysis.NOT_HEADS or h in analysis.STOP_WORDS["nl"] for h in heads)
    return False


def _relaxed(source: Source, lang: str, slot: Slot) -> None:
    """The last resort for a word that matched nothing: a compound with one part the
    collection knows ("besluitvorming": "besluit")."""
    vocabulary = source.vocabulary(lang)
    split = analysis.split_compound(
        fold(slot.word),
        vocabulary.known.__contains__,
        vocabulary.words_set.__contains__,
        ANALYZERS[lang].stem,
        relaxed=True,
    )
    if split is not None:
        for part, known in ((split.head, split.head_known), (split.tail, split.tail_known)):
            if known:
                slot.add((f"{lang}:{ANALYZERS[lang].stem(part)}",), SPLIT)


def _correct(source: Source, languages: Sequence[str], word: str) -> list[tuple[str, str]]:
    """The nearest words to `word` in the languages' vocabularies: (language, word),
    at most MAX_CORRECTIONS, the most frequent first."""
    limit = analysis.max_edits(word)
    best = limit + 1
    found: list[tuple[int, str, str]] = []
    for lang in languages:
        for other in source.vocabulary(lang).words:
            if abs(len(other) - len(word)) > min(limit, best) or other == word:
                continue
            distance = analysis.edit_distance(word, other, min(limit, best))
            if distance <= limit and distance <= best:
                best = distance
                found.append((distance, lang, other))
    return [(lang, other) for distance, lang, other in found if distance == best][:MAX_CORRECTIONS]


def search(
    source: Source,
    text: str,
    languages: Sequence[str],
    preferred: str | None = None,
    typing: bool = False,
    correct: bool = True,
) -> Result:
    """Every insight in `languages` that matches `text`, best first (see the module)."""
    query = analysis.parse_query(text, typing)
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
            _add_parts(slot, lang, parts or ())
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
        if any(_matches(source, s, itself=True) for _, s in here) or here[0][1].phrase:
            continue
        word = fold(here[0][1].word)
        if len(word) < MIN_UNKNOWN:
            continue
        for lang, slot in here:
            _unknown(source, lang, slot)
        if any(_matches(source, s) for _, s in here):
            continue
        corrections = _correct(source, langs, word) if correct else []
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
        if not any(_matches(source, s) for _, s in here):
            for lang, slot in here:
                _relaxed(source, lang, slot)
    missing = set()
    for position in positions:
        at = [s for slots, _ in plans.values() for s in slots if s.position == position]
        if not any(_matches(source, s) for s in at):
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
