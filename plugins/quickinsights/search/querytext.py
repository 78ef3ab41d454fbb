"""A query as typed (analysis.py's words): its words and "quoted phrases", `NOT` and
`-` (negated), `AND` (every word required), hyphens, whether the last word is still
being typed, and where the glossary's term sequences occur in it."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .analysis import TOKEN_RE


@dataclass(frozen=True)
class Token:
    """A query word as typed (lower-cased), where it stands, and what it belongs to."""

    text: str
    position: int
    phrase: int = -1  # the number of its quoted phrase, or -1
    negated: bool = False
    hyphen: bool = False  # a hyphen joins it to the next word ("one-to-one")


@dataclass(frozen=True)
class Query:
    tokens: tuple[Token, ...]
    strict: bool = False  # "a AND b": only insights with every word
    typing: bool = False  # no space after the last word: it may be unfinished


_QUERY_PART = re.compile(r'"([^"]*)"?|(\S+)')
OPERATORS = {"AND", "OR", "NOT"}


def parse_query(text: str, typing: bool = False) -> Query:
    """Words, "quoted phrases", `NOT word` or `-word` (insights without it), `AND`
    (every word required) and `OR` (the default: insights with every word first, then
    those with most)."""
    tokens: list[Token] = []
    strict = False
    negate = False
    phrases = 0
    for match in _QUERY_PART.finditer(text):
        phrase, bare = match.groups()
        if bare in OPERATORS:
            strict = strict or bare == "AND"
            negate = bare == "NOT"
            continue
        negated = negate or (bare is not None and bare.startswith("-"))
        negate = False
        part = (phrase if phrase is not None else bare).lower()
        found = list(TOKEN_RE.finditer(part))
        number = -1
        if phrase is not None and found:
            number, phrases = phrases, phrases + 1
        for at, word in enumerate(found):
            hyphen = at + 1 < len(found) and part[word.end() : found[at + 1].start()] == "-"
            tokens.append(Token(word.group(), len(tokens), number, negated, hyphen))
    # An open quote at the end is still being typed; a closed one is complete.
    unfinished = typing and bool(tokens) and not text[-1:].isspace() and not text.rstrip().endswith('"')
    return Query(tuple(tokens), strict, unfinished)


def glossary_matches(sequences: Sequence[Sequence[str]], query_terms: Sequence[str]) -> Iterator[tuple[int, int, int]]:
    """Where each term sequence occurs in `query_terms` (one term per query word, ''
    for a word that is not indexed, which the match skips): (sequence number, first
    word, last word)."""
    indexed = [(i, t) for i, t in enumerate(query_terms) if t]
    only = [t for _, t in indexed]
    for number, sequence in enumerate(sequences):
        n = len(sequence)
        if not n:
            continue
        for start in range(len(only) - n + 1):
            if only[start : start + n] == list(sequence):
                yield number, indexed[start][0], indexed[start + n - 1][0]
