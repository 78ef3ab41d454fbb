"""HTML fragments of our pages, rendered from the article model with Jinja.

Autoescaping is on for every template: titles and summaries are untrusted text.
No MkDocs here; the plugin passes in the URL of the page being rendered so that every
link is relative and the site works from any folder of any web server.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..model import i18n, translations, urls
from ..model.categories import Vocabulary
from ..model.content import Article, Corpus
from ..model.languages import LANGUAGES
from ..model.listing import ListingPage, Listings, category_masks
from . import alternates

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


def json_for_html(data: object) -> Markup:
    """JSON to embed in a <script> element: '<' escaped, so no '</script>' can end it."""
    return Markup(json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c"))


@dataclass(frozen=True)
class VariantLink:
    """A category listing narrowed to one language (lang None: both languages)."""

    lang: str | None
    label: str
    url: str
    count: int
    current: bool = False


@dataclass(frozen=True)
class CategoryEntry:
    slug: str
    label: str
    description: str
    url: str
    count: int
    variants: tuple[VariantLink, ...]


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
            language_name=i18n.t(ui_lang, f"lang_{article.lang}"),  # in the page's language
            categories=self.category_links(article.categories, ui_lang, page_url),
        )

    def article_header(self, article: Article, corpus: Corpus, page_url: str) -> str:
        lang = article.lang
        translation = next(iter(alternates.published_translations(article, corpus).values()), None)
        translation_link = None
        notice = None
        if translation is not None:
            translation_link = {
                "lang": translation.lang,
                # In the translation's language: "Lees dit inzicht in het Nederlands".
                "text": i18n.t(translation.lang, "translation_link"),
                "url": urls.relative_url(urls.article_url(translation.lang, translation.slug), page_url),
            }
        else:
            # Said in the page's language, then for a reader of the other language in
            # theirs: "This insight is only available in Dutch".
            other = alternates.other_languages(lang)[0]
            notice = {
                "text": i18n.t(lang, f"only_in_{lang}"),
                "other_lang": other,
                "other_text": i18n.t(other, f"only_in_{lang}"),
            }
        return self._render(
            "article_header.html",
            lang,
            outdated=self._outdated_notice(article, corpus, page_url),
            article=article,
            reading_time=i18n.reading_time(article.reading_minutes, lang),
            categories=self.category_links(article.categories, lang, page_url),
            translation=translation_link,
            notice=notice,
            # Marks a search's words when the page is opened from a result (?h=).
            highlight_script=urls.relative_url("assets/highlight.js", page_url),
        )

    def _outdated_notice(self, article: Article, corpus: Corpus, page_url: str) -> dict[str, str] | None:
        """ "This insight was translated from English; the original has been updated
        since", with a link to it, on a translation that lags behind (translations.py)."""
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

    def language_chooser(self, lang: str, page_url: str) -> str:
        """Plain links to each language's home, for the homes: readers without
        JavaScript and crawlers see them (the site root's redirect is a script)."""
        links = [
            {
                "lang": other,
                "name": i18n.LANGUAGE_NAMES[other],
                "url": urls.relative_url(urls.home_url(other), page_url),
                "current": other == lang,
            }
            for other in LANGUAGES
        ]
        return self._render("language_chooser.html", lang, links=links)

    def latest(self, articles: list[Article], lang: str, page_url: str, count: int = 5) -> str:
        """The newest insights of one language, for that language's home page."""
        newest = sorted(articles, key=lambda a: (a.date, a.title), reverse=True)[:count]
        return self._render(
            "latest.html",
            lang,
            cards=[self.card(a, lang, page_url) for a in newest],
            overview_url=urls.relative_url(urls.overview_url(lang), page_url),
        )

    # -- listings (issue 3): the model is listing.py, these only turn it into HTML --

    def _category_entries(self, listings: Listings, ui_lang: str, page_url: str) -> list[CategoryEntry]:
        entries = []
        for category in self.vocabulary:
            variants = tuple(
                VariantLink(
                    lang=only,
                    label=i18n.t(ui_lang, f"lang_{only}"),
                    url=urls.relative_url(urls.category_url(ui_lang, category, only=only), page_url),
                    count=listings.count(category.slug, only),
                )
                for only in LANGUAGES
            )
            entries.append(
                CategoryEntry(
                    slug=category.slug,
                    label=category.label(ui_lang),
                    description=category.description(ui_lang),
                    url=urls.relative_url(urls.category_url(ui_lang, category), page_url),
                    count=listings.count(category.slug),
                    variants=variants,
                )
            )
        return entries

    def overview(self, listings: Listings, ui_lang: str, page_url: str) -> str:
        """The newest insights as static cards, the (hidden until scripted) filter form
        and links to every category page: a fixed size whatever the collection's."""
        cards = [self.card(a, ui_lang, page_url) for a in listings.overview()]
        total = len(listings.newest)
        language_counts = listings.language_counts()
        blank = Card(
            lang="",
            title="",
            summary="",
            url="",
            date=None,
            date_text="",
            language_name="",
            categories=(CategoryLink("", "", "#" if self.link_categories else None),),
        )
        return self._render(
            "overview.html",
            ui_lang,
            cards=cards,
            blank_card=blank,
            total=total,
            newest_heading=i18n.t(ui_lang, "newest") if total > len(cards) else i18n.count_insights(total, ui_lang),
            categories=self._category_entries(listings, ui_lang, page_url),
            languages=[
                {
                    "lang": lang,
                    "label": i18n.t(ui_lang, f"lang_{lang}"),
                    "count": language_counts[lang],
                    # Without JavaScript: the overview in that language (the no-script links).
                    "name": i18n.LANGUAGE_NAMES[lang],
                    "overview_url": urls.relative_url(urls.overview_url(lang), page_url),
                    "current": lang == ui_lang,
                }
                for lang in LANGUAGES
            ],
            categories_url=urls.relative_url(urls.categories_url(ui_lang), page_url),
            script_url=urls.relative_url("assets/filter.js", page_url),
            locale=i18n.BABEL_LOCALES[ui_lang].replace("_", "-"),
            stats=json_for_html(category_masks(listings)),
        )

    def category_index(self, listings: Listings, ui_lang: str, page_url: str) -> str:
        return self._render(
            "category_index.html",
            ui_lang,
            categories=self._category_entries(listings, ui_lang, page_url),
            overview_url=urls.relative_url(urls.overview_url(ui_lang), page_url),
        )

    def category_page(self, listing: ListingPage, listings: Listings, page_url: str) -> str:
        ui_lang, category = listing.ui_lang, listing.category
        variants = [
            VariantLink(
                lang=only,
                label=i18n.t(ui_lang, f"lang_{only}" if only else "in_both_languages"),
                url=urls.relative_url(urls.category_url(ui_lang, category, only=only), page_url),
                count=listings.count(category.slug, only),
                current=only == listing.only,
            )
            for only in (None, *LANGUAGES)
        ]

        def rel(url: str | None) -> str | None:
            return urls.relative_url(url, page_url) if url is not None else None

        return self._render(
            "category.html",
            ui_lang,
            label=category.label(ui_lang),
            description=category.description(ui_lang),
            variants=variants,
            cards=[self.card(a, ui_lang, page_url) for a in listing.articles],
            count_text=i18n.count_insights(listing.total, ui_lang),
            number=listing.number,
            page_count=listing.page_count,
            previous_url=rel(listing.previous_url),
            next_url=rel(listing.next_url),
            categories_url=urls.relative_url(urls.categories_url(ui_lang), page_url),
            overview_url=urls.relative_url(urls.overview_url(ui_lang), page_url),
        )

    def header_search(self, ui_lang: str, languages: list[str], version: str) -> dict[str, str]:
        """What the header search box needs; its URL is relative to the site root.
        `languages`: those with insights, which the box can search."""
        t = functools.partial(i18n.t, ui_lang)
        # The box searches the page's language first and offers the other on request.
        others = [lang for lang in languages if lang != ui_lang]
        return {
            "languages": " ".join(languages),
            # The search index this page was built with (sitesearch.py).
            "index": version,
            "lang": ui_lang,
            "also_search": t(f"also_search_{others[0]}") if others else "",
            "overview_url": urls.overview_url(ui_lang),
            "label": t("header_search_label"),
            "placeholder": t("search_placeholder"),
            "results": t("search_results"),
            "all_results": t("all_results"),
            "unavailable": t("search_unavailable"),
            "count_zero": t("count_zero"),
            "count_one": t("count_one"),
            "count_other": t("count_other"),
        }

    def related(self, article: Article, related: list[Article], page_url: str) -> str:
        """The related insights below an insight's body; nothing when there are none."""
        if not related:
            return ""
        links = [
            {"title": other.title, "url": urls.relative_url(urls.article_url(other.lang, other.slug), page_url)}
            for other in related
        ]
        return self._render("related.html", article.lang, links=links)
