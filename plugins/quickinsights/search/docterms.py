"""What an insight's text becomes for search (analysis.py's rules): its blocks (title,
summary, headings, body, tags, category labels) with their weights, and their terms,
counts, word pairs and words as written (`DocumentTerms`). No whoosh, no MkDocs."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from ..model.content import Article
from .analysis import ANALYZERS, TOKEN_RE, Analyzer, fold


@dataclass
class DocumentTerms:
    """An insight's terms: `weights` for search (each occurrence counts its block's
    weight: title 3, summary, headings, tags and category labels 2, the rest 1),
    `counts` (each word once, as `Analyzer.counts` of the whole text gives them: the
    related insights), `pairs` ("term term" of
    neighbouring words in one block, stop words skipped, weighted: phrase search) and
    `words` (the lower-cased, folded words as written, for typo correction and
    compound splitting). `sequence`: the terms in order, '' between two blocks, and
    `pair_at` each pair's places in it (of its first term; one place as a number, not
    a list: millions of one-item lists cost the build a garbage collector's time): a
    "phrase of three or more words" matches only where its pairs follow one another
    (rankbase.phrase_postings)."""

    weights: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    pairs: dict[str, int] = field(default_factory=dict)
    words: set[str] = field(default_factory=set)
    sequence: list[str] = field(default_factory=list)
    pair_at: dict[str, int | list[int]] = field(default_factory=dict)


# What one occurrence of a word counts for search, by where it stands.
BLOCK_WEIGHTS = {"title": 3, "summary": 2, "heading": 2, "tag": 2, "label": 2, "text": 1}
_HYPHEN_CHAIN = re.compile(r"\w+(?:-\w+)+")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_FOOTNOTE = re.compile(r"\[\^[^\]]+\]:?")
_MD_TAG = re.compile(r"<[^>]+>")
_MD_MARKS = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+\.\s+)|[*_`]+|\{[:#.][^}]*\}", re.M)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+\S")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


def plain_text(markdown: str) -> str:
    """Markdown reduced to running text, for snippets: links keep their words."""
    text = _MD_LINK.sub(r"\1", markdown)
    text = _MD_FOOTNOTE.sub("", text)
    text = _MD_TAG.sub(" ", text)
    text = _MD_MARKS.sub("", text)
    return " ".join(text.split())


def body_blocks(markdown: str) -> Iterator[tuple[str, bool]]:
    """The paragraphs of a Markdown body as plain text, and whether each is a heading
    (a `#` line outside a code fence)."""
    lines: list[str] = []
    fenced = False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        if not fenced and _HEADING.match(line):
            if lines:
                yield plain_text("\n".join(lines)), False
                lines = []
            yield plain_text(line), True
        elif not fenced and not line.strip():
            if lines:
                yield plain_text("\n".join(lines)), False
                lines = []
        else:
            lines.append(line)
    if lines:
        yield plain_text("\n".join(lines)), False


def article_blocks(article: Article, labels: Sequence[str]) -> list[tuple[str, int]]:
    """Everything an insight's page shows of it, as (text, weight) blocks: title,
    summary, body paragraphs and headings, pull quote and its author, tags, and the
    `labels` of its categories in its language."""
    w = BLOCK_WEIGHTS
    blocks = [(article.title, w["title"]), (article.summary, w["summary"])]
    blocks += [(text, w["heading"] if heading else w["text"]) for text, heading in body_blocks(article.body) if text]
    blocks += [(text, w["text"]) for text in (article.quote, article.quote_author) if text]
    blocks += [(tag, w["tag"]) for tag in article.tags]
    blocks += [(label, w["label"]) for label in labels]
    return blocks


def document_terms(article: Article, labels: Sequence[str]) -> DocumentTerms:
    return analyse_blocks(article_blocks(article, labels), ANALYZERS[article.lang])


def analyse_blocks(blocks: Iterable[tuple[str, int]], analyzer: Analyzer) -> DocumentTerms:
    """The terms of text `blocks`, each (text, weight). Neighbouring words make a pair
    only within one block: a title's last word and the summary's first are no phrase."""
    out = DocumentTerms()
    weights, counts, pairs, seen = out.weights, out.counts, out.pairs, out.words
    sequence, pair_at = out.sequence, out.pair_at
    term_of = analyzer.term
    for text, weight in blocks:
        lower = text.lower()
        previous = ""
        if sequence and sequence[-1]:
            sequence.append("")  # no phrase runs from one block into the next
        for word in TOKEN_RE.findall(lower):
            term = term_of(word)
            if len(word) > 2:
                seen.add(fold(word))
            if not term:
                continue
            weights[term] = weights.get(term, 0) + weight
            counts[term] = counts.get(term, 0) + 1
            if previous:
                pair = f"{previous} {term}"
                pairs[pair] = pairs.get(pair, 0) + weight
                at = pair_at.get(pair)
                if at is None:
                    pair_at[pair] = len(sequence) - 1
                elif isinstance(at, int):
                    pair_at[pair] = [at, len(sequence) - 1]
                else:
                    at.append(len(sequence) - 1)
            sequence.append(term)
            previous = term
        # "stand-up" is also found as "standup".
        for chain in _HYPHEN_CHAIN.findall(lower):
            joined = chain.replace("-", "")
            term = term_of(joined)
            if term:
                seen.add(fold(joined))
                weights[term] = weights.get(term, 0) + weight
    return out
