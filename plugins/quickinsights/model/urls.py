"""Where every page of the site lives, in one place.

URLs here are relative to the site root and end in '/', as MkDocs' directory URLs do.
The default language (English) lives at the root, Dutch below `nl/`, as
mkdocs-static-i18n lays them out.
"""

from __future__ import annotations

import posixpath

from .categories import Category
from .languages import KNOWN, LANGUAGES

# The search index, written after all languages are built (sitesearch.py). Below
# assets/, which no insight slug may take.
SEARCH_DIR = "assets/search/"
# Generated pages carry a name in their own language.
SECTIONS = ("insights", "categories", "authors", "tags")
SECTION_NAMES = {code: {key: language.section(key) for key in SECTIONS} for code, language in KNOWN.items()}


def language_root(lang: str) -> str:
    return "" if lang == LANGUAGES.default else f"{lang}/"


def home_url(lang: str) -> str:
    return language_root(lang)


def article_url(lang: str, slug: str) -> str:
    return f"{language_root(lang)}{slug}/"


def overview_url(lang: str) -> str:
    return f"{language_root(lang)}{SECTION_NAMES[lang]['insights']}/"


def section_url(lang: str, section: str) -> str:
    """The index page of a listing (`categories/`, `nl/auteurs/`, `tags/`, ...)."""
    return f"{language_root(lang)}{SECTION_NAMES[lang][section]}/"


def term_url(lang: str, section: str, slug: str, page: int = 1, only: str | None = None) -> str:
    """A term's page in UI language `lang` (`slug` is the term's slug in `lang`); `only`
    narrows it to insights in that language.

    The language variants (`.../leadership/nl/`) let a reader without JavaScript narrow
    a listing by language too.
    """
    url = f"{section_url(lang, section)}{slug}/"
    if only is not None:
        url = f"{url}{only}/"
    return url if page == 1 else f"{url}page/{page}/"


def categories_url(lang: str) -> str:
    return section_url(lang, "categories")


def category_url(lang: str, category: Category, page: int = 1, only: str | None = None) -> str:
    """A category page in UI language `lang` (see `term_url`)."""
    return term_url(lang, "categories", category.slug_in(lang), page, only)


def cards_url(lang: str, key: str, number: int) -> str:
    """A file of the overview filter's card lists (listing.card_files): `key` is 'all'
    or a canonical category slug. Below assets/, which no insight slug may take."""
    return f"assets/cards/{lang}/{key}/{number}.json"


def src_uri_for(url: str) -> str:
    """The virtual source path of a generated page at `url` (for File.generated)."""
    return f"{url}index.md"


def relative_url(target: str, from_url: str) -> str:
    """`target` as seen from the page at `from_url`; both relative to the site root."""
    base = from_url if from_url.endswith("/") else posixpath.dirname(from_url) + "/"
    rel = posixpath.relpath("/" + target, "/" + base)
    if (target == "" or target.endswith("/")) and not rel.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel
