"""What the whoosh index keeps of an insight, without whoosh: its fingerprint, its
document (terms with their weights, word pairs, words as written, stored text), what
state.json keeps of its file, and a search result with its snippet."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model.categories import Vocabulary, load_vocabulary
from ..model.content import Article
from . import analysis, docterms, ranking
from .analysis import ANALYZERS
from .docterms import plain_text

# The site's index caps a weight at this too: the same postings.
MAX_WEIGHT = ranking.MAX_WEIGHT
SNIPPET_WORDS = 32


def fingerprint(article: Article) -> str:
    """Changes whenever anything the index or the related insights use changes."""
    parts = [
        article.lang,
        article.slug,
        article.title,
        article.summary,
        article.body,
        " ".join(article.categories),
        str(article.draft),
        article.quote or "",
        article.quote_author or "",
        " ".join(article.tags),
    ]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Hit:
    """One search result. `snippet_parts` marks the matched words (True)."""

    path: str
    lang: str
    slug: str
    title: str
    categories: tuple[str, ...]
    score: float
    snippet_parts: tuple[tuple[str, bool], ...]
    draft: bool = False

    @property
    def snippet(self) -> str:
        return "".join(text for text, _ in self.snippet_parts)


@dataclass
class SyncReport:
    indexed: int = 0
    removed: int = 0
    unreadable: list[str] = field(default_factory=list)  # files with problems, not indexed
    rebuilt: bool = False


@dataclass
class Entry:
    """What state.json keeps of one file."""

    stamp: tuple[int, int] | None  # (mtime_ns, size) when the file was last read
    fp: str | None  # None: the file has problems and is not indexed
    lang: str
    draft: bool = False
    cats: tuple[str, ...] = ()

    def to_json(self) -> list:
        return [list(self.stamp) if self.stamp else None, self.fp, self.lang, self.draft, list(self.cats)]

    @classmethod
    def from_json(cls, data: list) -> Entry:
        stamp, fp, lang, draft, cats = data
        return cls(tuple(stamp) if stamp else None, fp, lang, bool(draft), tuple(cats))


def searchable_text(title: str, summary: str, body: str, extra: str = "") -> str:
    """What is indexed and compared of an insight (its body as plain text; `extra`:
    see `extra_text`)."""
    return f"{title}\n{summary}\n{body}\n{extra}"


def extra_text(article: Article, labels: Sequence[str] | None = None) -> str:
    """What else an insight's page shows of it, searched and compared too: its pull
    quote and the quote's author, its tags, and the `labels` of its categories in its
    language (by default from the category vocabulary)."""
    if labels is None:
        labels = load_vocabulary().labels(article.categories, article.lang)
    return " ".join(filter(None, (article.quote, article.quote_author, *article.tags, *labels)))


def document(article: Article, vocabulary: Vocabulary) -> tuple[dict, dict[str, int]]:
    """The whoosh document of an insight, and its term counts (for related insights)."""
    lang = article.lang
    labels = vocabulary.labels(article.categories, lang)
    found = docterms.document_terms(article, labels)
    doc = {
        "path": article.path,
        "lang": lang,
        "length": sum(min(MAX_WEIGHT, w) for w in found.weights.values()),
        # listing.newest_first's order (date, title, language), as one sortable text.
        "order": f"{article.date.isoformat()}\x1f{article.title}\x1f{lang}",
        "translation": article.translation_key or "",
        "slug": article.slug,
        "title": article.title,
        "summary": article.summary,
        "text": plain_text(article.body),
        "sequence": " ".join(found.sequence),
        "extra": extra_text(article, labels),
        "categories": " ".join(article.categories),
        "draft": article.draft,
        f"terms_{lang}": {t: min(MAX_WEIGHT, w) for t, w in found.weights.items()},
        f"pairs_{lang}": {p: min(MAX_WEIGHT, w) for p, w in found.pairs.items()},
        f"words_{lang}": dict.fromkeys(found.words, 1),
    }
    return doc, found.counts


def hit_of(stored, score: float, terms: set[str]) -> Hit:
    """The result of an insight's stored fields, its snippet around the matched `terms`."""
    lang = stored["lang"]
    return Hit(
        path=stored["path"],
        lang=lang,
        slug=stored["slug"],
        title=stored["title"],
        categories=tuple(stored["categories"].split()),
        score=score,
        snippet_parts=snippet(stored["text"], terms, lang) or snippet(stored["summary"], terms, lang, whole=True),
        draft=bool(stored["draft"]),
    )


def snippet(text: str, terms: set[str], lang: str, whole: bool = False) -> tuple[tuple[str, bool], ...]:
    """About `SNIPPET_WORDS` words of `text` around its first matching word, the
    matching words marked. Whoosh's highlighter re-analyses the whole text of every
    hit, token object by token object: too slow for the query budget."""
    term = ANALYZERS[lang].term
    words = list(analysis.TOKEN_RE.finditer(text))
    first = next((i for i, m in enumerate(words) if term(m.group()) in terms), None)
    if first is None and not whole:
        return ()
    start = 0 if whole or first is None else max(0, first - 8)
    end = len(words) if whole else min(len(words), start + SNIPPET_WORDS)
    if not words:
        return ((text, False),) if text else ()
    parts: list[tuple[str, bool]] = [("… ", False)] if start > 0 else []
    position = words[start].start()
    for m in words[start:end]:
        if term(m.group()) in terms:
            parts += [(text[position : m.start()], False), (m.group(), True)]
            position = m.end()
    # The last word's punctuation belongs to the snippet when the text ends there.
    tail = text[position:] if end == len(words) else text[position : words[end - 1].end()]
    parts.append((tail + (" …" if end < len(words) else ""), False))
    return tuple((" ".join(t.split(" ")).replace("\n", " "), mark) for t, mark in parts if t)
