"""One listing model for every way of grouping insights: categories, authors, tags.

A *taxonomy* is a vocabulary of terms, each with a slug, a label and a description per
language, and a rule for which terms an insight belongs to. From that alone this
module says which pages exist: a page per term per UI language (both languages of
insights, then each language alone; paginated), an index per UI language, and the
counts they show. The site renders them (site/render.py, one template per taxonomy
for a term's heading), writes a feed per term per language (site/feeds.py) and puts
every page in the sitemap with its alternates (site/alternates.py).

Adding a taxonomy (a year archive, a series) is a subclass of `Taxonomy` (its name,
template, terms and `keys_of`) added to the site's list in `site/build.py`, plus its
term template and its section name in `urls.SECTION_NAMES`.

No MkDocs and no HTML here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Protocol

from . import urls
from .content import Article
from .languages import LANGUAGES

# About twenty cards a page: enough to scan, small enough to load fast at any size.
PAGE_SIZE = 20


class Term(Protocol):
    """What a listing needs of a term; a category, an author and a tag each are one."""

    @property
    def slug(self) -> str:
        """Canonical and language-free: the key insights are grouped by."""
        ...

    def slug_in(self, lang: str) -> str: ...

    def label(self, lang: str) -> str: ...

    def description(self, lang: str) -> str: ...


class Taxonomy:
    """A vocabulary of terms and which of them each insight belongs to."""

    # The key of the section in urls.SECTION_NAMES and of the index page's title in i18n.
    name: ClassVar[str]
    # The template of a term page's heading (the listing below it is shared).
    template: ClassVar[str]
    # The i18n key of what an empty term page says.
    empty_key: ClassVar[str] = "listing_empty"
    # A term without published insights still has its page (categories are a fixed
    # vocabulary, readers may bookmark them); otherwise it has none (an author whose
    # insights are all drafts).
    keep_empty: ClassVar[bool] = False

    def __init__(self, terms: Sequence[Term]):
        self.terms = list(terms)
        self._by_slug = {term.slug: term for term in self.terms}

    def keys_of(self, article: Article) -> Iterable[str]:
        """The canonical slugs of the terms `article` belongs to."""
        raise NotImplementedError

    def get(self, slug: str) -> Term:
        return self._by_slug[slug]

    def resolve_url_slug(self, slug: str, lang: str) -> Term | None:
        """The term whose page in `lang` is named `slug`, or None."""
        return next((term for term in self.terms if term.slug_in(lang) == slug), None)


@dataclass(frozen=True)
class ListingPage:
    """One page of a paginated term listing, in UI language `ui_lang`."""

    ui_lang: str
    term: Term
    only: str | None  # narrowed to insights in this language, or None for both
    number: int  # 1-based
    page_count: int
    articles: tuple[Article, ...]
    total: int  # insights in the whole listing, over all its pages
    section: str = "categories"  # the taxonomy's name

    @property
    def category(self) -> Term:
        """The term, by its name before authors and tags shared these pages."""
        return self.term

    def url_of(self, number: int) -> str:
        return urls.term_url(self.ui_lang, self.section, self.term.slug_in(self.ui_lang), number, self.only)

    @property
    def url(self) -> str:
        return self.url_of(self.number)

    @property
    def previous_url(self) -> str | None:
        return None if self.number == 1 else self.url_of(self.number - 1)

    @property
    def next_url(self) -> str | None:
        return None if self.number == self.page_count else self.url_of(self.number + 1)


def page_count(total: int, per_page: int = PAGE_SIZE) -> int:
    """An empty listing still has one page, which says that it is empty."""
    return max(1, math.ceil(total / per_page))


def paginate(
    articles: Sequence[Article],
    ui_lang: str,
    term: Term,
    only: str | None = None,
    per_page: int = PAGE_SIZE,
    section: str = "categories",
) -> list[ListingPage]:
    """The pages of one term's listing; `articles` must already be in listing order."""
    count = page_count(len(articles), per_page)
    return [
        ListingPage(
            ui_lang=ui_lang,
            term=term,
            only=only,
            number=number,
            page_count=count,
            articles=tuple(articles[(number - 1) * per_page : number * per_page]),
            total=len(articles),
            section=section,
        )
        for number in range(1, count + 1)
    ]


class TermListing:
    """One taxonomy's insights per term, newest first (`newest` is in listing order).

    Grouping is done once per build and shared by every UI language; each page then
    only slices.
    """

    def __init__(self, taxonomy: Taxonomy, newest: Sequence[Article]):
        self.taxonomy = taxonomy
        self.name = taxonomy.name
        self.by_term: dict[str, list[Article]] = {term.slug: [] for term in taxonomy.terms}
        for article in newest:
            for slug in taxonomy.keys_of(article):
                # A key the vocabulary does not hold (a draft's new tag in a preview) has no page.
                if slug in self.by_term:
                    self.by_term[slug].append(article)
        # The terms that get pages, in the vocabulary's order: a term needs a published
        # insight, also in a preview that lists drafts (which shows what will be published).
        self.terms = [
            term for term in taxonomy.terms if taxonomy.keep_empty or any(not a.draft for a in self.by_term[term.slug])
        ]
        self._with_page = {term.slug for term in self.terms}

    def in_term(self, slug: str, only: str | None = None) -> list[Article]:
        articles = self.by_term.get(slug, [])
        return articles if only is None else [a for a in articles if a.lang == only]

    def count(self, slug: str, only: str | None = None) -> int:
        return len(self.in_term(slug, only))

    def has_page(self, term: Term) -> bool:
        return term.slug in self._with_page

    def terms_of(self, article: Article) -> list[Term]:
        """The terms of `article` that have a page, in `article`'s order."""
        return [self.taxonomy.get(slug) for slug in self.taxonomy.keys_of(article) if slug in self._with_page]

    def variants(self, slug: str) -> tuple[str | None, ...]:
        """The language choices of a term's page: both languages (None), then each.

        A term of a vocabulary (`keep_empty`) has them all, as readers may bookmark
        them. Any other term has them only when its insights are in more than one
        language: otherwise each would repeat the page or be empty (of 47 sample
        tags, 41 are in one language; the site built in 12.0 s with every choice,
        see the commit)."""
        if self.taxonomy.keep_empty:
            return (None, *LANGUAGES)
        present = [lang for lang in LANGUAGES if self.count(slug, lang)]
        return (None, *present) if len(present) > 1 else (None,)

    def pages(self, ui_lang: str) -> list[ListingPage]:
        """Every term page of UI language `ui_lang`: both languages, then each one."""
        pages: list[ListingPage] = []
        for term in self.terms:
            for only in self.variants(term.slug):
                pages.extend(paginate(self.in_term(term.slug, only), ui_lang, term, only, section=self.name))
        return pages

    def index_url(self, ui_lang: str) -> str:
        return urls.section_url(ui_lang, self.name)

    def term_url(self, ui_lang: str, term: Term, only: str | None = None) -> str:
        return urls.term_url(ui_lang, self.name, term.slug_in(ui_lang), 1, only)

    def find(self, url: str, lang: str) -> tuple[Term | None, list[str]] | None:
        """(term or None for the index, what follows the term) when `url`, a page of
        the `lang` build, is one of this listing's; else None."""
        root = urls.section_url(lang, self.name)
        if not url.startswith(root):
            return None
        parts = [part for part in url[len(root) :].split("/") if part]
        if not parts:
            return None, []
        term = self.taxonomy.resolve_url_slug(parts[0], lang)
        if term is None or not self.has_page(term):
            return None
        return term, parts[1:]
