"""The notes an article page opens with besides its draft banner: a translation that
lags behind its original (model/translations.py), and a scheduled insight, which only
a preview shows (site/build.py holds it back)."""

from __future__ import annotations

from ..model import clock, i18n, translations, urls
from ..model.content import Article, Corpus


def outdated(article: Article, corpus: Corpus, page_url: str) -> dict[str, str] | None:
    """On a translation that lags behind its original: that it does, in the page's
    language, with a link to the original."""
    original = translations.original_of(article, corpus) if article.translated_from else None
    if original is None or original.draft or translations.digest_of(original) == article.translated_from:
        return None
    language = i18n.t(article.lang, f"lang_{original.lang}")
    return {
        "text": i18n.t(article.lang, "outdated_notice", language=language),
        "link": i18n.t(article.lang, "outdated_link"),
        "lang": original.lang,
        "url": urls.relative_url(urls.article_url(original.lang, original.slug), page_url),
    }


def scheduled(article: Article) -> str | None:
    """On a scheduled insight (in a preview): the day it is published, in the page's language."""
    if not clock.is_scheduled(article.date):
        return None
    return i18n.t(article.lang, "scheduled", date=i18n.format_date(article.date, article.lang))
