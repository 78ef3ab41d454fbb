"""What the overview and the listing pages list: which insights, in which order, on
which page, and how many there are (the pages of a term: taxonomy.py).

No MkDocs and no HTML here: the plugin asks this model which pages exist, and the
renderer turns one `ListingPage` into HTML. Every page holds at most `PAGE_SIZE`
insights, so no page grows with the collection; only the number of pages does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence

from . import urls
from .categories import Vocabulary
from .content import Article
from .languages import LANGUAGES
from .tags import tag_slug
from .taxonomy import PAGE_SIZE, ListingPage, Taxonomy, TermListing, page_count, paginate

__all__ = ["PAGE_SIZE", "ListingPage", "Listings", "page_count", "paginate"]

# The overview renders this many of the newest insights as static HTML (without
# JavaScript); the filter loads the rest from the search index, page by page.
OVERVIEW_SIZE = 20


def newest_first(articles: Sequence[Article]) -> list[Article]:
    """Newest first; ties broken by title, then language, so the order is stable."""
    return sorted(articles, key=lambda a: (a.date, a.title, a.lang), reverse=True)


class CategoryTaxonomy(Taxonomy):
    """The site's category vocabulary (categories.yml) as a listing."""

    name = "categories"
    template = "category.html"
    empty_key = "category_empty"
    keep_empty = True

    def keys_of(self, article: Article) -> Iterable[str]:
        return article.categories


class Listings:
    """The corpus grouped for listing: newest first, and per term of every taxonomy.

    Built once per build and shared by both UI languages: grouping is O(N log N) once,
    and each page then only slices. `taxonomies` are the listings beyond the
    categories (authors, tags: site/build.py); the categories are always there.
    """

    def __init__(self, articles: Sequence[Article], vocabulary: Vocabulary, taxonomies: Sequence[Taxonomy] = ()):
        self.vocabulary = vocabulary
        self.newest = newest_first(articles)
        self.categories = TermListing(CategoryTaxonomy(list(vocabulary)), self.newest)
        self.listings = [self.categories, *(TermListing(t, self.newest) for t in taxonomies)]
        self.by_category = self.categories.by_term

    def listing(self, name: str) -> TermListing | None:
        return next((listing for listing in self.listings if listing.name == name), None)

    def overview(self, size: int = OVERVIEW_SIZE) -> list[Article]:
        """The newest insights of both languages, which the overview shows without JS."""
        return self.newest[:size]

    def in_category(self, slug: str, only: str | None = None) -> list[Article]:
        return self.categories.in_term(slug, only)

    def count(self, slug: str, only: str | None = None) -> int:
        return self.categories.count(slug, only)

    def language_counts(self) -> dict[str, int]:
        return {lang: sum(1 for a in self.newest if a.lang == lang) for lang in LANGUAGES}

    def pages(self, ui_lang: str) -> list[ListingPage]:
        """Every category page of UI language `ui_lang`: both languages, then each one."""
        return self.categories.pages(ui_lang)


# -- the overview's filter without words: static card lists ------------------------
#
# Filtering by category and language alone needs no search engine: the lists are known
# at build time. Each language's insights, and each category's, are written newest first
# as small JSON files of PAGE_SIZE cards (assets/cards/<lang>/<all|category>/<n>.json);
# filter.js merges the lists a choice needs and loads them a file at a time. The counts
# come from one small table in the overview: how many insights of each language have
# each combination of categories (a bit mask), so any union is a sum.


def card(article: Article) -> dict[str, object]:
    """What filter.js shows of an insight; short keys, as there are thousands. `g`:
    its tags as written, each with its tag page in the insight's language."""
    data: dict[str, object] = {
        "u": urls.article_url(article.lang, article.slug),
        "t": article.title,
        "s": article.summary,
        "d": article.date.isoformat(),
        "c": list(article.categories),
    }
    if article.tags:
        data["g"] = [[tag, urls.term_url(article.lang, "tags", tag_slug(tag))] for tag in dict.fromkeys(article.tags)]
    return data


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
