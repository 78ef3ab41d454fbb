"""The ranking's constants and the types both searches share (see ranking.py): the
weights of the alternatives, BM25's, the limits of the vocabulary's help, and what a
`Source` of postings answers. engine.js reads the constants from the index's entry.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

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


def phrase_postings(lists: Sequence[Postings | None], places: Callable[[int, int], Sequence[int]]) -> Postings | None:
    """The postings of a phrase of three or more words ("<lang>>a b c"): the insights in
    which its pairs (`lists`, in order) follow one another, pair k at place p + k of
    one block (`places(k, doc)`: pair k's places in insight `doc`), each with the least
    of its pairs' weights. Both searches answer a phrase's key with this."""
    if not lists or not all(lists):
        return None
    weights: dict[int, int] = dict(lists[0] or ())
    for entries in lists[1:]:
        here = dict(entries or ())
        weights = {doc: min(weight, here[doc]) for doc, weight in weights.items() if doc in here}
    found = []
    for doc in sorted(weights):
        later = [set(places(k, doc)) for k in range(1, len(lists))]
        if any(all(p + k + 1 in at for k, at in enumerate(later)) for p in places(0, doc)):
            found.append((doc, weights[doc]))
    return found or None
