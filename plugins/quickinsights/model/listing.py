"""What the overview and the category pages list: which insights, in which order, on
which page, and how many there are.

No MkDocs and no HTML here: the plugin asks this model which pages exist, and the
renderer turns one `ListingPage` into HTML. Every page holds at most `PAGE_SIZE`
insights, so no page grows with the collection; only the number of pages does.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from . import urls
from .categories import Category, Vocabulary
from .content import Article
from .languages import LANGUAGES

# About twenty cards a page: enough to scan, small enough to load fast at any size.
PAGE_SIZE = 20
# The overview renders this many of the newest insights as static HTML (without
# JavaScript); the filter loads the rest from the search index, page by page.
OVERVIEW_SIZE = 20


def newest_first(articles: Sequence[Article]) -> list[Article]:
    """Newest first; ties broken by title, then language, so the order is stable."""
    return sorted(articles, key=lambda a: (a.date, a.title, a.lang), reverse=True)


@dataclass(frozen=True)
class ListingPage:
    """One page of a paginated category listing, in UI language `ui_lang`."""

    ui_lang: str
    category: Category
    only: str | None  # narrowed to insights in this language, or None for both
    number: int  # 1-based
    page_count: int
    articles: tuple[Article, ...]
    total: int  # insights in the whole listing, over all its pages

    @property
    def url(self) -> str:
        return urls.category_url(self.ui_lang, self.category, self.number, self.only)

    @property
    def previous_url(self) -> str | None:
        if self.number == 1:
            return None
        return urls.category_url(self.ui_lang, self.category, self.number - 1, self.only)

    @property
    def next_url(self) -> str | None:
        if self.number == self.page_count:
            return None
        return urls.category_url(self.ui_lang, self.category, self.number + 1, self.only)


def page_count(total: int, per_page: int = PAGE_SIZE) -> int:
    """An empty listing still has one page, which says that it is empty."""
    return max(1, math.ceil(total / per_page))


def paginate(
    articles: Sequence[Article],
    ui_lang: str,
    category: Category,
    only: str | None = None,
    per_page: int = PAGE_SIZE,
) -> list[ListingPage]:
    """The pages of one category listing; `articles` must already be in listing order."""
    count = page_count(len(articles), per_page)
    return [
        ListingPage(
            ui_lang=ui_lang,
            category=category,
            only=only,
            number=number,
            page_count=count,
            articles=tuple(articles[(number - 1) * per_page : number * per_page]),
            total=len(articles),
        )
        for number in range(1, count + 1)
    ]


class Listings:
    """The corpus grouped for listing: per category, per language, newest first.

    Built once per build and shared by both UI languages: grouping is O(N log N) once,
    and each page then only slices.
    """

    def __init__(self, articles: Sequence[Article], vocabulary: Vocabulary):
        self.vocabulary = vocabulary
        self.newest = newest_first(articles)
        self.by_category: dict[str, list[Article]] = {c.slug: [] for c in vocabulary}
        for article in self.newest:
            for slug in article.categories:
                self.by_category[slug].append(article)

    def overview(self, size: int = OVERVIEW_SIZE) -> list[Article]:
        """The newest insights of both languages, which the overview shows without JS."""
        return self.newest[:size]

    def in_category(self, slug: str, only: str | None = None) -> list[Article]:
        articles = self.by_category[slug]
        return articles if only is None else [a for a in articles if a.lang == only]

    def count(self, slug: str, only: str | None = None) -> int:
        return len(self.in_category(slug, only))

    def language_counts(self) -> dict[str, int]:
        return {lang: sum(1 for a in self.newest if a.lang == lang) for lang in LANGUAGES}

    def pages(self, ui_lang: str) -> list[ListingPage]:
        """Every category page of UI language `ui_lang`: both languages, then each one."""
        pages: list[ListingPage] = []
        for category in self.vocabulary:
            for only in (None, *LANGUAGES):
                pages.extend(paginate(self.in_category(category.slug, only), ui_lang, category, only))
        return pages


# -- the overview's filter without words: static card lists ------------------------
#
# Filtering by category and language alone needs no search engine: the lists are known
# at build time. Each language's insights, and each category's, are written newest first
# as small JSON files of PAGE_SIZE cards (assets/cards/<lang>/<all|category>/<n>.json);
# filter.js merges the lists a choice needs and loads them a file at a time. The counts
# come from one small table in the overview: how many insights of each language have
# each combination of categories (a bit mask), so any union is a sum.


def card(article: Article) -> dict[str, object]:
    """What filter.js shows of an insight; short keys, as there are thousands."""
    return {
        "u": urls.article_url(article.lang, article.slug),
        "t": article.title,
        "s": article.summary,
        "d": article.date.isoformat(),
        "c": list(article.categories),
    }


def card_files(listings: Listings) -> Iterator[tuple[str, str]]:
    """(path below the site, JSON text) of every card list file."""
    for lang in LANGUAGES:
        lists = {"all": [a for a in listings.newest if a.lang == lang]}
        lists.update({slug: listings.in_category(slug, lang) for slug in listings.by_category})
        for key, articles in lists.items():
            for number, start in enumerate(range(0, len(articles), PAGE_SIZE), start=1):
                cards = [card(a) for a in articles[start : start + PAGE_SIZE]]
                yield urls.cards_url(lang, key, number), json.dumps(cards, ensure_ascii=False, separators=(",", ":"))


def category_masks(listings: Listings) -> dict[str, object]:
    """Per language: how many insights have each combination of categories, as
    [[mask, count], ...] with bit i for the i-th category of `categories`."""
    slugs = [c.slug for c in listings.vocabulary]
    bit = {slug: 1 << i for i, slug in enumerate(slugs)}
    masks: dict[str, dict[int, int]] = {lang: {} for lang in LANGUAGES}
    for article in listings.newest:
        mask = sum(bit[slug] for slug in article.categories)
        masks[article.lang][mask] = masks[article.lang].get(mask, 0) + 1
    return {"categories": slugs, "masks": {lang: sorted(counts.items()) for lang, counts in masks.items()}}
