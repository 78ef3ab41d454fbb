"""Which languages a page exists in, and where the language switcher sends a reader.

A translated insight has its own slug in each language, so mkdocs-static-i18n's pairing
of pages by file path cannot find its translation; the article model can
(`Corpus.translations`, by `translation_key`). Generated pages (overview, listing
pages of categories, authors and tags) have a name in each language (`urls.SECTION_NAMES`), so their counterpart is
found by translating the address.

No MkDocs here: the plugin asks for a `PageLanguages` per page and hands it to the
templates (switcher, hreflang, og:locale) and the sitemap.

All URLs are relative to the site root, as in `urls.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import urls
from ..model.content import Article, Corpus
from ..model.languages import LANGUAGES
from ..model.listing import Listings
from ..model.taxonomy import Term, TermListing


@dataclass(frozen=True)
class PageLanguages:
    """One page and its versions in the other languages."""

    lang: str
    url: str
    # The same page in another language (lang -> URL): hreflang, sitemap, og:locale:alternate.
    translations: dict[str, str]
    # Where the switcher's entry for each language goes: the translation where there is
    # one, otherwise a sensible page of that language (never a 404).
    switcher: dict[str, str]

    @property
    def versions(self) -> dict[str, str]:
        """This page and its translations, in the order of `LANGUAGES`."""
        found = {self.lang: self.url, **self.translations}
        return {lang: found[lang] for lang in LANGUAGES if lang in found}

    @property
    def x_default(self) -> str:
        """The version for readers of neither language: the default language's, if any."""
        return self.versions.get(LANGUAGES.default, self.url)


def other_languages(lang: str) -> list[str]:
    return [other for other in LANGUAGES if other != lang]


def published_translations(article: Article, corpus: Corpus) -> dict[str, Article]:
    """The translations a reader can open: a draft is never published, so it does not count.

    The same rule holds in the preview, so that the preview links what the site will.
    """
    return {lang: other for lang, other in corpus.translations(article).items() if not other.draft}


def for_article(article: Article, corpus: Corpus) -> PageLanguages:
    """An insight: its translation, or (untranslated) the other language's overview."""
    url = urls.article_url(article.lang, article.slug)
    translations = {
        lang: urls.article_url(lang, other.slug) for lang, other in published_translations(article, corpus).items()
    }
    switcher = {article.lang: url}
    for lang in other_languages(article.lang):
        # No translation: the overview of that language is the nearest useful page.
        switcher[lang] = translations.get(lang, urls.overview_url(lang))
    return PageLanguages(article.lang, url, translations, switcher)


def site_page_url(lang: str, name: str) -> str:
    """The URL of a site page (`index.md`, `about.md`) of a language folder."""
    if name == "index.md":
        return urls.home_url(lang)
    return urls.article_url(lang, name.removesuffix(".md"))


def for_site_page(lang: str, name: str, available: set[str]) -> PageLanguages:
    """A site page: the file of the same name in the other language's folder.

    `available` holds the source paths (`nl/about.md`) of the site pages that exist.
    """
    url = site_page_url(lang, name)
    translations = {
        other: site_page_url(other, name) for other in other_languages(lang) if f"{other}/{name}" in available
    }
    switcher = {lang: url}
    for other in other_languages(lang):
        switcher[other] = translations.get(other, urls.home_url(other))
    return PageLanguages(lang, url, translations, switcher)


def for_generated(lang: str, url: str, listings: Listings) -> PageLanguages:
    """A generated page (overview, listing indexes, term pages and their pages)."""
    translations = {}
    for other in other_languages(lang):
        translated = translate_generated_url(url, lang, other, listings)
        if translated is not None:
            translations[other] = translated
    switcher = {lang: url}
    for other in other_languages(lang):
        switcher[other] = translations.get(other, urls.home_url(other))
    return PageLanguages(lang, url, translations, switcher)


def for_other_page(lang: str, url: str) -> PageLanguages:
    """Any other page (the 404 page, say): the switcher goes to the other homes."""
    switcher = {lang: url}
    for other in other_languages(lang):
        switcher[other] = urls.home_url(other)
    return PageLanguages(lang, url, {}, switcher)


def _generated_parts(url: str, lang: str, listings: Listings) -> tuple[str, Term | None, list[str]] | None:
    """Split a generated page's URL into (section key, term, rest), or None."""
    if url == urls.overview_url(lang):
        return "insights", None, []
    for listing in listings.listings:
        found = listing.find(url, lang)
        if found is not None:
            return listing.name, found[0], found[1]
    return None


def translate_generated_url(url: str, from_lang: str, to_lang: str, listings: Listings) -> str | None:
    """The same generated page in `to_lang`, or None when `url` is not one we know.

    The section name and the term's slug are translated; what follows them (a
    language filter `nl/`, a page number `page/2/`) is the same in every language,
    because every language's term pages list the same insights.
    """
    parsed = _generated_parts(url, from_lang, listings)
    if parsed is None:
        return None
    key, term, rest = parsed
    parts = [urls.SECTION_NAMES[to_lang][key]]
    if term is not None:
        parts.append(term.slug_in(to_lang))
    return urls.language_root(to_lang) + "".join(f"{part}/" for part in parts + rest)


def term_of(url: str, lang: str, listings: Listings) -> tuple[TermListing, Term] | None:
    """The listing and term a generated term page is about, or None for any other page."""
    parsed = _generated_parts(url, lang, listings)
    if parsed is None or parsed[1] is None:
        return None
    listing = listings.listing(parsed[0])
    return (listing, parsed[1]) if listing is not None else None


def switcher_entries(languages: PageLanguages, names: dict[str, str]) -> list[dict[str, str]]:
    """Material's `extra.alternate` for this page: one entry per language, in order."""
    return [{"name": names[lang], "link": languages.switcher[lang], "lang": lang} for lang in LANGUAGES]
