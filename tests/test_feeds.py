"""Atom feeds (issue 4): one per language with the newest insights, one per category per
language; parsed with a real feed parser (feedparser), and advertised in every head."""

from __future__ import annotations

import datetime as dt
import re
import time
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
from conftest import ROOT, build_site, make_project
from quickinsights.model import urls
from quickinsights.model.categories import load_vocabulary
from quickinsights.model.content import Article, Corpus, load_corpus
from quickinsights.model.listing import Listings
from quickinsights.site import feeds

SITE_URL = "http://127.0.0.1:8000/"
LANGUAGE_FEEDS = {
    "en": ("feeds/insights.xml", "Quick Insights: insights in English"),
    "nl": ("nl/feeds/inzichten.xml", "Quick Insights: inzichten in het Nederlands"),
}


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    found = load_corpus(ROOT / "content", root=ROOT)
    return Corpus([a for a in found.articles if not a.draft], [])


def newest(articles: list[Article], size: int = 20) -> list[Article]:
    return sorted(articles, key=lambda a: (a.date, a.slug), reverse=True)[:size]


def struct(date: dt.date) -> time.struct_time:
    """The date as feedparser reads an Atom date: midnight UTC."""
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc).utctimetuple()


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_language_feed_has_the_newest_insights_of_its_language(sample_site, corpus, lang):
    path, title = LANGUAGE_FEEDS[lang]
    parsed = feedparser.parse((sample_site / path).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.language == lang
    assert parsed.feed.title == title
    assert parsed.feed.link == SITE_URL + urls.overview_url(lang)
    assert [link.href for link in parsed.feed.links if link.rel == "self"] == [SITE_URL + path]
    expected = newest(corpus.in_language(lang))
    assert [e.title for e in parsed.entries] == [a.title for a in expected]
    assert [e.link for e in parsed.entries] == [SITE_URL + urls.article_url(lang, a.slug) for a in expected]
    assert [e.published_parsed for e in parsed.entries] == [struct(a.date) for a in expected]
    assert [e.updated_parsed for e in parsed.entries] == [struct(a.updated or a.date) for a in expected]
    assert [e.summary for e in parsed.entries] == [a.summary for a in expected]
    assert [e.author for e in parsed.entries] == [a.author for a in expected]
    assert parsed.feed.updated_parsed == max(struct(a.updated or a.date) for a in expected)


def test_category_feeds_hold_the_category_in_each_language(sample_site, corpus):
    vocabulary = load_vocabulary()
    leadership = vocabulary.get("leadership")
    for lang, path, title in (
        ("en", "feeds/categories/leadership.xml", "Quick Insights: Leadership, in English"),
        ("nl", "nl/feeds/categorieen/leiderschap.xml", "Quick Insights: Leiderschap, in het Nederlands"),
    ):
        parsed = feedparser.parse((sample_site / path).read_bytes())
        assert not parsed.bozo
        assert parsed.feed.language == lang
        assert parsed.feed.title == title
        assert parsed.feed.subtitle == leadership.description(lang)
        assert parsed.feed.link == SITE_URL + urls.category_url(lang, leadership)
        expected = newest([a for a in corpus.in_language(lang) if "leadership" in a.categories])
        assert expected, "the sample has leadership insights in both languages"
        assert [e.link for e in parsed.entries] == [SITE_URL + urls.article_url(lang, a.slug) for a in expected]
        for entry in parsed.entries:
            assert "leadership" in [tag.term for tag in entry.tags]
    # Every category has a feed in each language, so that no advertised feed is missing.
    for category in vocabulary:
        for lang in ("en", "nl"):
            assert (sample_site / feeds.feed_url(lang, category)).is_file()


def test_every_page_advertises_its_feeds(sample_site):
    for page in sample_site.rglob("*.html"):
        rel = page.relative_to(sample_site).as_posix()
        lang = "nl" if rel.startswith("nl/") else "en"
        html = page.read_text()
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="([^"]*)" href="([^"]*)">', html)
        assert links, rel
        assert links[0][0] == LANGUAGE_FEEDS[lang][1]
        for _, href in links:
            target = urlsplit(urljoin("http://site.test/" + rel, href)).path.lstrip("/")
            assert (sample_site / target).is_file(), f"{rel}: {href}"
    category_page = (sample_site / "nl" / "categorieen" / "leiderschap" / "index.html").read_text()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Quick Insights: Leiderschap, in het Nederlands" '
        'href="../../feeds/categorieen/leiderschap.xml">' in category_page
    )


def make_article(n: int, lang: str = "en", **fields) -> Article:
    values = dict(
        path=f"content/{lang}/insight-{n}.md",
        lang=lang,
        slug=f"insight-{n}",
        title=f"Insight {n}",
        date=dt.date(2024, 1, 1) + dt.timedelta(days=n),
        author="Anna de Vries",
        categories=("leadership",),
        summary=f"Summary {n}.",
        body="Text.",
    )
    values.update(fields)
    return Article(**values)


def test_a_feed_holds_the_newest_twenty():
    articles = [make_article(n) for n in range(25)]
    vocabulary = load_vocabulary()
    listings = Listings(articles, vocabulary)
    site_feeds = feeds.site_feeds(Corpus(articles, []), listings, "Quick Insights", {"en": "About", "nl": "Over"})
    english = next(f for f in site_feeds if f.lang == "en" and f.term is None)
    assert [a.slug for a in english.articles] == [f"insight-{n}" for n in range(24, 4, -1)]
    dutch = next(f for f in site_feeds if f.lang == "nl" and f.term is None)
    parsed = feedparser.parse(feeds.atom_xml(dutch, "https://example.org/qi/", vocabulary, dt.date(2024, 2, 1)))
    # An empty feed is still a valid feed, dated by the site's newest insight.
    assert not parsed.bozo and parsed.entries == []
    assert parsed.feed.updated == "2024-02-01T00:00:00Z"
    assert parsed.feed.id == "https://example.org/qi/nl/feeds/inzichten.xml"


def test_feeds_escape_untrusted_text():
    article = make_article(
        1,
        title='Trust <b>grows</b> & "slowly" ]]>',
        summary="<script>alert(1)</script> & more\x0b",
        author="Anna & <Co>",
    )
    feed = feeds.Feed("en", "feeds/insights.xml", "insights/", "Quick Insights", "", (article,))
    xml = feeds.atom_xml(feed, "https://example.org/", load_vocabulary(), dt.date(2024, 1, 1))
    assert b"<script>" not in xml and b"<b>" not in xml
    parsed = feedparser.parse(xml)
    assert not parsed.bozo
    (entry,) = parsed.entries
    assert entry.title == 'Trust <b>grows</b> & "slowly" ]]>'
    assert entry.summary == "<script>alert(1)</script> & more"  # text, not markup; \x0b is not XML
    assert entry.author == "Anna & <Co>"


def test_feeds_use_the_site_address(tmp_path, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://example.org/insights/")
    project = make_project(
        tmp_path,
        {
            "content/nl/vertrouwen.md": """
            ---
            title: Vertrouwen groeit
            date: 2024-03-14
            author: Anna de Vries
            categories: [leiderschap]
            summary: Waarom vertrouwen langzaam groeit.
            ---

            Korte tekst.
            """
        },
    )
    site = build_site(project)
    parsed = feedparser.parse((site / "nl" / "feeds" / "inzichten.xml").read_bytes())
    assert [e.link for e in parsed.entries] == ["https://example.org/insights/nl/vertrouwen/"]
    assert parsed.feed.link == "https://example.org/insights/nl/inzichten/"
    # The 404 pages link from the site's own folder on the server.
    assert '<a href="/insights/nl/inzichten/">' in (site / "nl" / "404.html").read_text()
