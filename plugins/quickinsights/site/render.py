"""HTML fragments of our pages, rendered from the article model with Jinja.

Autoescaping is on for every template: titles and summaries are untrusted text.
No MkDocs here; the plugin passes in the URL of the page being rendered so that every
link is relative and the site works from any folder of any web server.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..model import i18n, urls
from ..model.categories import Vocabulary
from ..model.content import Article, Corpus
from ..model.languages import LANGUAGES
from ..model.listing import ListingPage, Listings, category_masks
from ..model.tags import tag_slug
from ..model.taxonomy import Term, TermListing
from . import alternates, notices, structured

TEMPLATES_DIR = Path(__file__).with_name("templates")


@dataclass(frozen=True)
class TermLink:
    """A term (category, tag, author) as a chip or byline; `url` None: not linked."""

    slug: str
    label: str
    url: str | None


CategoryLink = TermLink


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
    tags: tuple[TermLink, ...] = ()


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
class TermEntry:
    """A term in its listing's index page (and the overview's category list)."""

    slug: str
    label: str
    description: str
    url: str
    count: int
    variants: tuple[VariantLink, ...]


CategoryEntry = TermEntry


class Renderer:
    def __init__(
        self,
        vocabulary: Vocabulary,
        link_categories: bool = False,
        listings: Listings | None = None,
        site_url: str = "",
    ):
        self.vocabulary = vocabulary
        self.link_categories = link_categories
        # The listings beyond categories link the bylines and tags (site pages only).
        self.listings = listings
        self.site_url = site_url
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
            tags=self.term_links("tags", article, ui_lang, page_url),
        )

    def term_links(self, name: str, article: Article, lang: str, page_url: str) -> tuple[TermLink, ...]:
        """`article`'s terms of the listing `name` (its tags, its author), linked where
        they have a page. Tags are shown even without one (a draft's new tag in a
        preview, a site built without listings), in the article's spelling."""
        listing = self.listings.listing(name) if self.listings is not None else None
        pages = {term.slug: term for term in listing.terms_of(article)} if listing is not None else {}

        def link(term: Term) -> TermLink:
            return TermLink(term.slug, term.label(lang), urls.relative_url(listing.term_url(lang, term), page_url))  # type: ignore[union-attr]

        if name == "tags":
            shown = dict.fromkeys(article.tags)
            return tuple(
                link(pages[tag_slug(tag)]) if tag_slug(tag) in pages else TermLink(tag, tag, None) for tag in shown
            )
        return tuple(link(term) for term in pages.values())

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
        author = next(iter(self.term_links("authors", article, lang, page_url)), None)
        tags = self.term_links("tags", article, lang, page_url)
        crumbs = structured.article_trail(article, self.vocabulary)
        breadcrumb = self.breadcrumb(crumbs, lang, page_url)
        data = structured.article_data(
            article,
            self.site_url,
            structured.author_of(article, self.listings, self.site_url),
            translation,
            keywords=[tag.label for tag in tags],
            sections=self.vocabulary.labels(article.categories, lang),
        )
        return breadcrumb + self._render(
            "article_header.html",
            lang,
            outdated=notices.outdated(article, corpus, page_url),
            scheduled=notices.scheduled(article),
            article=article,
            author_url=author.url if author else None,
            tags=tags,
            json_ld=structured.json_ld(data),
            reading_time=i18n.reading_time(article.reading_minutes, lang),
            categories=self.category_links(article.categories, lang, page_url),
            translation=translation_link,
            notice=notice,
            # Marks a search's words when the page is opened from a result (?h=).
            highlight_script=urls.relative_url("assets/highlight.js", page_url),
        )

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

    # -- listings: the model is taxonomy.py and listing.py, these only turn it into HTML --

    def _term_entries(self, listing: TermListing, ui_lang: str, page_url: str) -> list[TermEntry]:
        entries = []
        for term in listing.terms:
            variants = tuple(
                VariantLink(
                    lang=only,
                    label=i18n.t(ui_lang, f"lang_{only}"),
                    url=urls.relative_url(listing.term_url(ui_lang, term, only), page_url),
                    count=listing.count(term.slug, only),
                )
                for only in listing.variants(term.slug)
                if only is not None
            )
            entries.append(
                TermEntry(
                    slug=term.slug,
                    label=term.label(ui_lang),
                    description=term.description(ui_lang),
                    url=urls.relative_url(listing.term_url(ui_lang, term), page_url),
                    count=listing.count(term.slug),
                    variants=variants,
                )
            )
        return entries

    def _category_entries(self, listings: Listings, ui_lang: str, page_url: str) -> list[TermEntry]:
        return self._term_entries(listings.categories, ui_lang, page_url)

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
            # A tag for filter.js to clone; a card without tags drops the list.
            tags=(TermLink("", "", "#" if self.link_categories else None),),
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

    def term_index(self, listing: TermListing, ui_lang: str, page_url: str) -> str:
        """A listing's index page: every term, its description and its counts."""
        crumbs = structured.index_trail(listing.name, ui_lang)
        return self.breadcrumb(crumbs, ui_lang, page_url) + self._render(
            "term_index.html",
            ui_lang,
            title=i18n.t(ui_lang, listing.name),
            section=listing.name,
            entries=self._term_entries(listing, ui_lang, page_url),
            overview_url=urls.relative_url(urls.overview_url(ui_lang), page_url),
        )

    def term_page(self, listing: TermListing, page: ListingPage, page_url: str) -> str:
        """One page of a term's listing: its heading (the taxonomy's template), the
        language choice, the cards and the pagination."""
        ui_lang, term = page.ui_lang, page.term
        variants = [
            VariantLink(
                lang=only,
                label=i18n.t(ui_lang, f"lang_{only}" if only else "in_both_languages"),
                url=urls.relative_url(listing.term_url(ui_lang, term, only), page_url),
                count=listing.count(term.slug, only),
                current=only == page.only,
            )
            for only in listing.variants(term.slug)
        ]

        def rel(url: str | None) -> str | None:
            return urls.relative_url(url, page_url) if url is not None else None

        heading = self._render(
            listing.taxonomy.template,
            ui_lang,
            term=term,
            label=term.label(ui_lang),
            description=term.description(ui_lang),
            asset=lambda path: urls.relative_url(path, page_url),
        )
        crumbs = structured.term_trail(listing.name, ui_lang, term.label(ui_lang))
        return self.breadcrumb(crumbs, ui_lang, page_url) + self._render(
            "listing.html",
            ui_lang,
            heading=Markup(heading),
            variants=variants,
            cards=[self.card(a, ui_lang, page_url) for a in page.articles],
            count_text=i18n.count_insights(page.total, ui_lang),
            empty_text=i18n.t(ui_lang, listing.taxonomy.empty_key),
            number=page.number,
            page_count=page.page_count,
            previous_url=rel(page.previous_url),
            next_url=rel(page.next_url),
            index_url=urls.relative_url(listing.index_url(ui_lang), page_url),
            index_text=i18n.t(ui_lang, f"all_{listing.name}"),
            overview_url=urls.relative_url(urls.overview_url(ui_lang), page_url),
        )

    def breadcrumb(self, crumbs: list[structured.Crumb], lang: str, page_url: str) -> str:
        """The trail above a page, for readers and as schema.org BreadcrumbList."""
        return self._render(
            "breadcrumb.html",
            lang,
            crumbs=[(c.label, urls.relative_url(c.url, page_url) if c.url is not None else None) for c in crumbs],
            json_ld=structured.json_ld(structured.breadcrumb_list(crumbs, self.site_url)),
        )

    def related(self, article: Article, related: list[Article], page_url: str) -> str:
        """The related insights below an insight's body; nothing when there are none."""
        if not related:
            return ""
        links = [
            {"title": other.title, "url": urls.relative_url(urls.article_url(other.lang, other.slug), page_url)}
            for other in related
        ]
        return self._render("related.html", article.lang, links=links)
