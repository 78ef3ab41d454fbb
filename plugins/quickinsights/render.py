"""HTML fragments of our pages, rendered from the article model with Jinja.

Autoescaping is on for every template: titles and summaries are untrusted text.
No MkDocs here; the plugin passes in the URL of the page being rendered so that every
link is relative and the site works from any folder of any web server.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from . import i18n, urls
from .categories import Vocabulary
from .content import Article, Corpus

TEMPLATES_DIR = Path(__file__).with_name("templates")


@dataclass(frozen=True)
class CategoryLink:
    slug: str
    label: str
    url: str | None


@dataclass(frozen=True)
class Card:
    """What a listing shows of one insight."""

    lang: str
    title: str
    summary: str
    url: str
    date: object
    date_text: str
    language_name: str
    categories: tuple[CategoryLink, ...]


class Renderer:
    def __init__(self, vocabulary: Vocabulary, link_categories: bool = False):
        self.vocabulary = vocabulary
        self.link_categories = link_categories
        self.env = Environment(
            loader=FileSystemLoader(str(TEMPLATES_DIR)),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=False,
            lstrip_blocks=False,
        )

    def _render(self, template: str, lang: str, **context: object) -> str:
        return self.env.get_template(template).render(
            t=lambda key, **values: i18n.t(lang, key, **values),
            date=lambda value: i18n.format_date(value, lang),
            lang=lang,
            **context,
        )

    def category_links(self, slugs: tuple[str, ...], lang: str, page_url: str) -> tuple[CategoryLink, ...]:
        links = []
        for slug in slugs:
            category = self.vocabulary.get(slug)
            url = urls.relative_url(urls.category_url(lang, category), page_url) if self.link_categories else None
            links.append(CategoryLink(slug, category.label(lang), url))
        return tuple(links)

    def card(self, article: Article, ui_lang: str, page_url: str) -> Card:
        """A card in the UI language `ui_lang`; the insight itself may be in the other."""
        return Card(
            lang=article.lang,
            title=article.title,
            summary=article.summary,
            url=urls.relative_url(urls.article_url(article.lang, article.slug), page_url),
            date=article.date,
            date_text=i18n.format_date(article.date, ui_lang),
            language_name=i18n.LANGUAGE_NAMES[article.lang],
            categories=self.category_links(article.categories, ui_lang, page_url),
        )

    def article_header(self, article: Article, corpus: Corpus, page_url: str) -> str:
        lang = article.lang
        translation = corpus.translation_of(article)
        translation_link = None
        if translation is not None and not translation.draft:
            translation_link = {
                "lang": translation.lang,
                "url": urls.relative_url(urls.article_url(translation.lang, translation.slug), page_url),
            }
        return self._render(
            "article_header.html",
            lang,
            article=article,
            reading_time=i18n.reading_time(article.reading_minutes, lang),
            categories=self.category_links(article.categories, lang, page_url),
            translation=translation_link,
        )

    def overview(self, articles: list[Article], ui_lang: str, page_url: str) -> str:
        newest_first = sorted(articles, key=lambda a: (a.date, a.title), reverse=True)
        cards = [self.card(a, ui_lang, page_url) for a in newest_first]
        return self._render("overview.html", ui_lang, cards=cards)
