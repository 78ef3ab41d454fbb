"""Atom feeds: one per language with its newest insights, and one per term of every
listing (category, author, tag) per language.

A feed reader has no page to resolve a relative address against, so every link is
absolute, built from the site's address (`site_url`). ElementTree escapes all text
and attributes; characters that XML cannot carry at all are dropped first.
No MkDocs here: the plugin calls `write_feeds` once, after every language is built.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from ..model import i18n, urls
from ..model.categories import Vocabulary
from ..model.content import Article, Corpus
from ..model.languages import LANGUAGES
from ..model.listing import Listings
from ..model.taxonomy import Term

FEED_SIZE = 20
ATOM_NS = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MEDIA_TYPE = "application/atom+xml"
# Characters XML 1.0 does not allow, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

ET.register_namespace("", ATOM_NS)


@dataclass(frozen=True)
class Feed:
    lang: str
    url: str  # the feed file, relative to the site root
    page_url: str  # the HTML page the feed follows
    title: str
    subtitle: str
    articles: tuple[Article, ...]  # newest first
    term: Term | None = None


def feed_url(lang: str, term: Term | None = None, section: str = "categories") -> str:
    """`feeds/insights.xml`, `nl/feeds/categorieen/leiderschap.xml`, `feeds/tags/nps.xml`, ..."""
    names = urls.SECTION_NAMES[lang]
    if term is None:
        return f"{urls.language_root(lang)}feeds/{names['insights']}.xml"
    return f"{urls.language_root(lang)}feeds/{names[section]}/{term.slug_in(lang)}.xml"


def feed_title(lang: str, site_name: str, term: Term | None = None) -> str:
    if term is None:
        return i18n.t(lang, "feed_title", site=site_name)
    return i18n.t(lang, "feed_category_title", site=site_name, category=term.label(lang))


def newest(articles: list[Article], size: int = FEED_SIZE) -> tuple[Article, ...]:
    # Newest first; the slug breaks ties so that the feed is the same on every build.
    ordered = sorted(articles, key=lambda a: (a.date, a.slug), reverse=True)
    return tuple(ordered[:size])


def site_feeds(
    corpus: Corpus, listings: Listings, site_name: str, site_description: dict[str, str], size: int = FEED_SIZE
) -> list[Feed]:
    """Every feed of the site: per language, and per term page of every listing. A
    category's feed exists even while it is empty, so that the link in the category
    page's head never leads nowhere."""
    feeds = []
    for lang in LANGUAGES:
        articles = corpus.in_language(lang)
        feeds.append(
            Feed(
                lang,
                feed_url(lang),
                urls.overview_url(lang),
                feed_title(lang, site_name),
                site_description.get(lang, ""),
                newest(articles, size),
            )
        )
        for listing in listings.listings:
            for term in listing.terms:
                feeds.append(
                    Feed(
                        lang,
                        feed_url(lang, term, listing.name),
                        listing.term_url(lang, term),
                        feed_title(lang, site_name, term),
                        term.description(lang),
                        newest(listing.in_term(term.slug, lang), size),
                        term,
                    )
                )
    return feeds


def _timestamp(date: dt.date) -> str:
    # Insights carry a date, not a time: midnight UTC keeps the day the same everywhere
    # a reader in Europe looks.
    return f"{date.isoformat()}T00:00:00Z"


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
    element.text = _NOT_XML.sub("", text)
    return element


def _link(parent: ET.Element, href: str, rel: str, media_type: str, hreflang: str | None = None) -> None:
    attrs = {"rel": rel, "type": media_type, "href": href}
    if hreflang:
        attrs["hreflang"] = hreflang
    ET.SubElement(parent, f"{{{ATOM_NS}}}link", attrs)


def atom_xml(feed: Feed, site_url: str, vocabulary: Vocabulary, fallback_updated: dt.date) -> bytes:
    """The feed as an Atom 1.0 document (RFC 4287)."""
    absolute = lambda url: urljoin(site_url, url)  # noqa: E731 - a one-line helper
    root = ET.Element(f"{{{ATOM_NS}}}feed", {f"{{{XML_NS}}}lang": feed.lang})
    _text(root, "id", absolute(feed.url))
    _text(root, "title", feed.title)
    if feed.subtitle:
        _text(root, "subtitle", feed.subtitle)
    _link(root, absolute(feed.url), "self", MEDIA_TYPE)
    _link(root, absolute(feed.page_url), "alternate", "text/html", feed.lang)
    # An empty feed still needs <updated>; the newest insight of the site is a stable choice.
    updated = max((a.updated or a.date for a in feed.articles), default=fallback_updated)
    _text(root, "updated", _timestamp(updated))
    for article in feed.articles:
        entry = ET.SubElement(root, f"{{{ATOM_NS}}}entry")
        link = absolute(urls.article_url(article.lang, article.slug))
        _text(entry, "id", link)
        _text(entry, "title", article.title)
        _link(entry, link, "alternate", "text/html", article.lang)
        _text(entry, "published", _timestamp(article.date))
        _text(entry, "updated", _timestamp(article.updated or article.date))
        author = ET.SubElement(entry, f"{{{ATOM_NS}}}author")
        _text(author, "name", article.author)
        for slug in article.categories:
            ET.SubElement(
                entry,
                f"{{{ATOM_NS}}}category",
                {"term": slug, "label": _NOT_XML.sub("", vocabulary.get(slug).label(feed.lang))},
            )
        _text(entry, "summary", article.summary, type="text")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write_feeds(feeds: list[Feed], site_dir: Path, site_url: str, vocabulary: Vocabulary, corpus: Corpus) -> list[Path]:
    """Write every feed below `site_dir`; returns the files written."""
    fallback = max((a.updated or a.date for a in corpus.articles), default=dt.date(1970, 1, 1))
    written = []
    for feed in feeds:
        path = site_dir / feed.url
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(atom_xml(feed, site_url, vocabulary, fallback))
        written.append(path)
    return written
