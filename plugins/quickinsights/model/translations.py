"""Which translations are current, which lag behind their original, which are missing.

A translation records what it was made from: `translated_from` in its front matter is
the digest of its original's text (title, summary, quote and body, whitespace aside)
when the translation was made (`insights new --translation-of`) or last brought up to
date (`insights mark-current`). When the original's text changes, its digest no longer
matches: the translation is outdated until an editor updates it and marks it current.

The digest lives in the files, not in git history, because the check must give the
same answer everywhere: in a shallow CI clone (no history), in a fork, and on an
editor's machine. History, where there is some, only adds how much changed and since
when (cli/history.py).

Which one is the original: of a translation key's insights, those without
`translated_from`. A pair where neither records it (made before this field existed) is
"untracked": `insights translations` lists it, `insights mark-current` starts tracking.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from .content import Article, Corpus
from .languages import LANGUAGES, english_name
from .problems import Problem

DIGEST_LENGTH = 12
CURRENT, OUTDATED, UNTRACKED, ORPHANED = "current", "outdated", "untracked", "orphaned"


def source_digest(title: str, summary: str, quote: str | None, quote_author: str | None, body: str) -> str:
    """The digest of what a translator translates; reflowing lines or changing blank
    lines does not change it, changing a word does."""
    words = " ".join(" ".join(part.split()) for part in (title, summary, quote or "", quote_author or "", body))
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


def digest_of(article: Article) -> str:
    return source_digest(article.title, article.summary, article.quote, article.quote_author, article.body)


@dataclass(frozen=True)
class Translation:
    """One translation and its original, and whether it keeps up with it."""

    translation: Article
    original: Article | None
    state: str  # CURRENT, OUTDATED, UNTRACKED or ORPHANED (no original with its key)


@dataclass(frozen=True)
class Status:
    """Per language: its translations and the originals elsewhere it lacks."""

    translations: dict[str, list[Translation]] = field(default_factory=dict)
    missing: dict[str, list[Article]] = field(default_factory=dict)

    def in_state(self, lang: str, state: str) -> list[Translation]:
        return [t for t in self.translations.get(lang, []) if t.state == state]

    @property
    def outdated(self) -> list[Translation]:
        return [t for lang in self.translations for t in self.in_state(lang, OUTDATED)]


def original_of(article: Article, corpus: Corpus) -> Article | None:
    """The insight `article` was translated from: of its translation key's insights in
    other languages, the first (in the site's language order) that is no translation."""
    others = corpus.translations(article)
    return next(
        (others[lang] for lang in LANGUAGES if lang in others and others[lang].translated_from is None),
        None,
    )


def status(corpus: Corpus, *, include_drafts: bool = True) -> Status:
    articles = [a for a in corpus.articles if include_drafts or not a.draft]
    result = Status({lang: [] for lang in LANGUAGES}, {lang: [] for lang in LANGUAGES})
    for article in sorted(articles, key=lambda a: a.path):
        if article.translated_from is not None:
            original = original_of(article, corpus)
            if original is None:
                state = ORPHANED
            else:
                state = CURRENT if digest_of(original) == article.translated_from else OUTDATED
            result.translations[article.lang].append(Translation(article, original, state))
            continue
        group = corpus.translations(article)
        original = _untracked_original(article, group)
        if original is not None:
            result.translations[article.lang].append(Translation(article, original, UNTRACKED))
            continue
        for lang in LANGUAGES.others(article.lang):
            if lang not in group:
                result.missing[lang].append(article)
    return result


def _untracked_original(article: Article, group: Mapping[str, Article]) -> Article | None:
    """Of insights sharing a key where none records its original (made before
    `translated_from`), the earliest (by date, then the site's language order) counts
    as the original: None when that is `article` itself."""
    untracked = [other for other in group.values() if other.translated_from is None]
    if not untracked:
        return None
    order = {lang: i for i, lang in enumerate(LANGUAGES)}
    first = min([article, *untracked], key=lambda a: (a.date, order.get(a.lang, len(order))))
    return None if first is article else first


def problems(corpus: Corpus, command: str = "insights mark-current") -> list[Problem]:
    """Warnings for `insights check` and the pull-request check: on an outdated
    translation, and on its original (so that the pull request that changes an
    original is told that its translations now lag behind)."""
    found = []
    report = status(corpus)
    for item in report.outdated:
        translation, original = item.translation, item.original
        if original is None:  # an outdated translation always has one; keep mypy sure
            continue
        found.append(
            Problem(
                translation.path,
                translation.key_lines.get("translated_from", 1),
                f"outdated translation: its {english_name(original.lang)} original {original.path} has changed "
                "since this translation was made",
                f"bring the text up to date with the original, then run: {command} {translation.path}",
                severity="warning",
            )
        )
        found.append(
            Problem(
                original.path,
                original.key_lines.get("title", 1),
                f"the {english_name(translation.lang)} translation {translation.path} now lags behind this text",
                f"update {translation.path} too (or ask a translator), then run: {command} {translation.path}",
                severity="warning",
            )
        )
    for lang in LANGUAGES:
        for item in report.in_state(lang, ORPHANED):
            article = item.translation
            found.append(
                Problem(
                    article.path,
                    article.key_lines.get("translated_from", 1),
                    f"'translated_from' is set but no insight in another language has translation_key "
                    f"'{article.translation_key}' and no 'translated_from' of its own",
                    "give the original the same translation_key, or remove 'translated_from' if this is the original",
                    severity="warning",
                )
            )
    return found


def digest_of_text(text: str) -> str | None:
    """The digest of an insight file's text as `digest_of` gives it for the loaded
    insight (for an older version of the original, from git); None if unreadable."""
    from .frontmatter import split

    front, problems = split(text, "original")
    if front is None or problems:
        return None

    def field(name: str) -> str:
        value = front.data.get(name)
        return value if isinstance(value, str) else ""

    return source_digest(field("title"), field("summary"), field("quote"), field("quote_author"), front.body)
