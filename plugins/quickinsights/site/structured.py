"""Where a page sits in the site, for readers and for machines: the breadcrumb trail
(Home › Insights › Customer loyalty › the title) and schema.org data as JSON-LD
(`BreadcrumbList` on every page with a trail, `Article` on every insight).

Trails are plain data (label and address relative to the site root); render.py turns
them into HTML and into JSON-LD with absolute addresses. Every text in the JSON-LD is
untrusted (titles, names): `json_ld` escapes what could end the <script> element.
No MkDocs here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urljoin

from markupsafe import Markup

from ..model import i18n, urls
from ..model.categories import Vocabulary
from ..model.content import Article
from ..model.languages import LANGUAGES
from ..model.listing import Listings

SCHEMA = "https://schema.org"


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str | None  # relative to the site root; None for the page itself


def _start(lang: str) -> list[Crumb]:
    return [Crumb(i18n.t(lang, "home"), urls.home_url(lang)), Crumb(i18n.t(lang, "insights"), urls.overview_url(lang))]


def index_trail(section: str, lang: str) -> list[Crumb]:
    """A listing's index page: Home › Insights › Tags."""
    return [*_start(lang), Crumb(i18n.t(lang, section), None)]


def term_trail(section: str, lang: str, label: str) -> list[Crumb]:
    """A term's page: Home › Insights › Authors › Eva Kramer."""
    return [*_start(lang), Crumb(i18n.t(lang, section), urls.section_url(lang, section)), Crumb(label, None)]


def article_trail(article: Article, vocabulary: Vocabulary) -> list[Crumb]:
    """An insight: Home › Insights › its first category › its title."""
    trail = _start(article.lang)
    if article.categories:
        category = vocabulary.get(article.categories[0])
        trail.append(Crumb(category.label(article.lang), urls.category_url(article.lang, category)))
    return [*trail, Crumb(article.title, None)]


def json_ld(data: object) -> Markup:
    """JSON for a <script type="application/ld+json"> element. '<', '>' and '&' are
    written as JSON escapes, so no text can close the element ('</script>') or open a
    comment; U+2028 and U+2029 likewise, for older parsers."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return Markup(text)


def breadcrumb_list(crumbs: list[Crumb], site_url: str, page_url: str | None = None) -> dict[str, object]:
    """schema.org BreadcrumbList; the last item (this page) is named without an address
    unless `page_url` is given."""
    items: list[dict[str, object]] = []
    for position, crumb in enumerate(crumbs, start=1):
        item: dict[str, object] = {"@type": "ListItem", "position": position, "name": crumb.label}
        url = crumb.url if crumb.url is not None else page_url
        if url is not None:
            item["item"] = urljoin(site_url, url)
        items.append(item)
    return {"@context": SCHEMA, "@type": "BreadcrumbList", "itemListElement": items}


def person(name: str, url: str | None, job_title: str = "", organisation: str = "") -> dict[str, object]:
    data: dict[str, object] = {"@type": "Person", "name": name}
    if url:
        data["url"] = url
    if job_title:
        data["jobTitle"] = job_title
    if organisation:
        data["worksFor"] = {"@type": "Organization", "name": organisation}
    return data


def author_of(article: Article, listings: Listings | None, site_url: str) -> dict[str, object]:
    """The insight's author as schema.org Person, with their page when they have one."""
    listing = listings.listing("authors") if listings is not None else None
    for author in listing.terms_of(article) if listing is not None else []:
        url = urljoin(site_url, listing.term_url(article.lang, author))  # type: ignore[union-attr]
        role = getattr(author, "role", None)
        return person(
            author.label(article.lang), url, role(article.lang) if role else "", getattr(author, "organisation", "")
        )
    return person(article.author, None)


def article_data(
    article: Article,
    site_url: str,
    author: dict[str, object],
    translation: Article | None,
    keywords: list[str],
    sections: list[str],
) -> dict[str, object]:
    """schema.org Article for one insight. Of a pair, the older insight is the work and
    the newer its translation (the same day: the default language's is the work)."""
    url = urljoin(site_url, urls.article_url(article.lang, article.slug))
    data: dict[str, object] = {
        "@context": SCHEMA,
        "@type": "Article",
        "headline": article.title,
        "description": article.summary,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": article.lang,
        "datePublished": article.date.isoformat(),
        "dateModified": (article.updated or article.date).isoformat(),
        "author": author,
        "wordCount": article.word_count,
    }
    if sections:
        data["articleSection"] = sections
    if keywords:
        data["keywords"] = keywords
    if translation is not None:
        other = {
            "@type": "Article",
            "headline": translation.title,
            "url": urljoin(site_url, urls.article_url(translation.lang, translation.slug)),
            "inLanguage": translation.lang,
        }
        rank = lambda a: (a.date, a.lang != LANGUAGES.default)  # noqa: E731 - a one-line key
        data["workTranslation" if rank(article) <= rank(translation) else "translationOfWork"] = other
    return data
