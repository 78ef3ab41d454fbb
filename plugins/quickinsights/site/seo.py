"""What a page tells search engines, feed readers and link previews: the description,
OpenGraph, hreflang links, feed links, and the sitemap.

hreflang and OpenGraph want absolute addresses, so they are built from `site_url`.
No MkDocs here: the plugin builds a `Head` per page for `partials/qi-head.html` and
collects `SitemapEntry`s over both language builds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from ..model import i18n, urls
from ..model.content import Article, Corpus
from ..model.listing import Listings
from . import alternates, feeds
from .alternates import PageLanguages

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
# OpenGraph names locales language_TERRITORY; the same as our Babel locales.
OG_LOCALES = i18n.BABEL_LOCALES
SHARE_WORDS = ("share", "share_mail", "copy_link", "link_copied")


def absolute(site_url: str, url: str) -> str:
    """`url` (relative to the site root) as a full address below `site_url`."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return urljoin(base, url)


@dataclass(frozen=True)
class FeedLink:
    title: str
    url: str  # relative to the site root


@dataclass(frozen=True)
class Head:
    """Everything our head partial writes; every value is escaped by the template."""

    lang: str
    title: str
    description: str
    canonical: str
    og_type: str  # "article" or "website"
    og_locale: str
    og_locale_alternates: tuple[str, ...]
    # (hreflang, absolute URL), the page itself included, x-default last.
    hreflang: tuple[tuple[str, str], ...]
    feeds: tuple[FeedLink, ...]
    published: dt.date | None = None
    modified: dt.date | None = None
    # On the site root only: the Dutch home, for the language redirect script.
    redirect_targets: dict[str, str] = field(default_factory=dict)
    # An insight's social card, absolute (reader.py draws it): og:image, twitter:image.
    image: str = ""
    # An insight's share links and print footer, in its language (main.html).
    words: dict[str, str] = field(default_factory=dict)


def page_head(
    languages: PageLanguages,
    site_url: str,
    title: str,
    description: str,
    feeds: tuple[FeedLink, ...],
    og_type: str = "website",
    published: dt.date | None = None,
    modified: dt.date | None = None,
    redirect_targets: dict[str, str] | None = None,
) -> Head:
    versions = languages.versions
    hreflang = [(lang, absolute(site_url, url)) for lang, url in versions.items()]
    hreflang.append(("x-default", absolute(site_url, languages.x_default)))
    return Head(
        lang=languages.lang,
        title=title,
        description=description,
        canonical=absolute(site_url, languages.url),
        og_type=og_type,
        og_locale=OG_LOCALES[languages.lang],
        og_locale_alternates=tuple(OG_LOCALES[lang] for lang in versions if lang != languages.lang),
        hreflang=tuple(hreflang),
        feeds=feeds,
        published=published,
        modified=modified,
        redirect_targets=redirect_targets or {},
    )


@dataclass(frozen=True)
class SitemapEntry:
    url: str  # relative to the site root
    versions: dict[str, str]  # lang -> URL of every version, this one included
    x_default: str
    lastmod: dt.date | None = None


def sitemap_entry(languages: PageLanguages, lastmod: dt.date | None = None) -> SitemapEntry:
    return SitemapEntry(languages.url, languages.versions, languages.x_default, lastmod)


def sitemap_xml(entries: list[SitemapEntry], site_url: str) -> bytes:
    """A sitemap with `xhtml:link` alternates, as Google documents for multilingual sites.

    Only pages that were built are listed, and only built pages are named as
    alternates: a generated page's counterpart is derived from its address, and this
    is where a mistake there would surface as a missing link rather than a 404.
    """
    built = {entry.url for entry in entries}
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for entry in sorted(entries, key=lambda e: e.url):
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = absolute(site_url, entry.url)
        if entry.lastmod:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = entry.lastmod.isoformat()
        versions = {lang: u for lang, u in entry.versions.items() if u in built}
        if len(versions) < 2:
            continue  # a page in one language has no alternates to announce
        for lang, version in [*versions.items(), ("x-default", entry.x_default)]:
            ET.SubElement(
                url, f"{{{XHTML_NS}}}link", {"rel": "alternate", "hreflang": lang, "href": absolute(site_url, version)}
            )
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write_sitemap(entries: list[SitemapEntry], site_url: str, site_dir: Path) -> Path:
    """Write `sitemap.xml` and the `sitemap.xml.gz` MkDocs also ships."""
    data = sitemap_xml(entries, site_url)
    path = site_dir / "sitemap.xml"
    path.write_bytes(data)
    # mtime=0: the same sitemap gives the same bytes on every build.
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(data, mtime=0))
    return path


# -- per page: what the plugin asks for in on_page_context ------------------------------


@dataclass(frozen=True)
class PageMeta:
    languages: PageLanguages
    head: Head
    sitemap: SitemapEntry


def describe_page(
    *,
    lang: str,
    src_uri: str,
    url: str,
    title: str,
    corpus: Corpus,
    article: Article | None,
    generated: bool,
    site_pages: set[str],
    listings: Listings,
    site_url: str,
    site_name: str,
    site_description: str,
) -> PageMeta:
    """The languages, head and sitemap entry of one page of the `lang` build."""
    feed_links = [FeedLink(feeds.feed_title(lang, site_name), feeds.feed_url(lang))]
    if article is not None:
        languages = alternates.for_article(article, corpus)
        head = page_head(
            languages,
            site_url,
            article.title,
            article.summary,
            tuple(feed_links),
            "article",
            published=article.date,
            modified=article.updated,
        )
        head = dataclasses.replace(head, words={key: i18n.t(lang, key) for key in SHARE_WORDS})
        return PageMeta(languages, head, sitemap_entry(languages, article.updated or article.date))
    description = site_description
    if generated:
        languages = alternates.for_generated(lang, url, listings)
        found = alternates.term_of(url, lang, listings)
        if found is not None:
            listing, term = found
            description = term.description(lang) or site_description
            feed_links.append(
                FeedLink(feeds.feed_title(lang, site_name, term), feeds.feed_url(lang, term, listing.name))
            )
    else:
        name = src_uri.split("/", 1)[-1]
        languages = alternates.for_site_page(lang, name, site_pages)
    redirect = {}
    if url == urls.home_url(lang) == "":
        # The site root: the default language's home, which sends readers on.
        redirect = {other: urls.relative_url(urls.home_url(other), url) for other in alternates.other_languages(lang)}
    head = page_head(languages, site_url, title, description, tuple(feed_links), redirect_targets=redirect)
    return PageMeta(languages, head, sitemap_entry(languages))


def not_found_head(lang: str, site_name: str, title: str) -> Head:
    """The 404 page's head: no canonical address, no hreflang, no OpenGraph."""
    feed = FeedLink(feeds.feed_title(lang, site_name), feeds.feed_url(lang))
    return Head(lang, title, "", "", "", OG_LOCALES[lang], (), (), (feed,))


def not_found_page(lang: str, base_path: str) -> dict[str, object]:
    """What templates/404.html shows; links are absolute paths (`base_path` is the site
    root's path, e.g. `/` or `/insights/`), as a 404 page is served at any address."""
    t = lambda key: i18n.t(lang, key)  # noqa: E731 - a one-line helper
    return {
        "title": t("not_found_title"),
        "text": t("not_found_text"),
        "home": t("not_found_home"),
        "home_url": base_path + urls.home_url(lang),
        "overview": t("not_found_overview"),
        "overview_url": base_path + urls.overview_url(lang),
        "others": [
            {"lang": other, "text": i18n.t(other, "home_in_language"), "url": base_path + urls.home_url(other)}
            for other in alternates.other_languages(lang)
        ],
    }
