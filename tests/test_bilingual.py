"""The bilingual site (issue 4): translations linked by translation_key, the language
switcher, hreflang, the sitemap, Dutch UI, the site root, the 404 pages and per-page
meta. Most tests run on the sample content (`sample_site`); a few on tiny projects.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import ROOT, build_site, make_project
from quickinsights.model import i18n, urls
from quickinsights.model.content import Corpus, check_translation_keys, load_corpus, parse_article
from quickinsights.site.alternates import published_translations

SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's default, which the tests build with
BASE = "http://site.test/"  # any base to resolve relative links against
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text and attribute values outside
    elements marked as another language (`lang` other than `keep_lang`)."""

    TEXT_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")

    def __init__(self, keep_lang: str | None = None):
        super().__init__(convert_charrefs=True)
        self.keep_lang = keep_lang
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, inside a foreign-language or script element)
        self.text: list[str] = []

    def _skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attrs))
        lang = attrs.get("lang")
        skip = (
            self._skipping()
            or tag in ("script", "style")
            or (self.keep_lang is not None and tag != "html" and lang is not None and lang != self.keep_lang)
        )
        if not skip:
            self.text.extend(attrs[a] for a in self.TEXT_ATTRIBUTES if a in attrs)
        if tag not in VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self._skipping():
            self.text.append(data)


def parse(path: Path, keep_lang: str | None = None) -> Tags:
    tags = Tags(keep_lang)
    tags.feed(path.read_text(encoding="utf-8"))
    return tags


def page_file(site: Path, url: str) -> Path:
    """The file of a page at `url` (relative to the site root)."""
    return site / url / "index.html" if url == "" or url.endswith("/") else site / url


def page_url(site: Path, path: Path) -> str:
    rel = path.relative_to(site).as_posix()
    return rel.removesuffix("index.html") if rel.endswith("index.html") else rel


def resolve(href: str, from_url: str) -> str:
    """A link on the page at `from_url`, as a URL relative to the site root."""
    return urlsplit(urljoin(BASE + from_url, href)).path.lstrip("/")


def switcher(tags: Tags, from_url: str) -> dict[str, str]:
    return {
        a["hreflang"]: resolve(a["href"], from_url)
        for tag, a in tags.tags
        if tag == "a" and "md-select__link" in a.get("class", "")
    }


def hreflang(tags: Tags) -> dict[str, str]:
    return {
        a["hreflang"]: a["href"]
        for tag, a in tags.tags
        if tag == "link" and a.get("rel") == "alternate" and "hreflang" in a
    }


def meta(tags: Tags) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag, a in tags.tags:
        if tag == "meta" and ("property" in a or "name" in a):
            found.setdefault(a.get("property") or a["name"], []).append(a["content"])
    return found


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(ROOT / "content", root=ROOT)


def absolute(url: str) -> str:
    return SITE_URL + url


# -- translated pairs and untranslated insights ----------------------------------------


def test_sample_content_has_pairs_and_insights_in_one_language(corpus):
    pairs = [a for a in corpus.articles if published_translations(a, corpus)]
    single = [a for a in corpus.articles if not a.draft and not published_translations(a, corpus)]
    # The checks below must look at something: both kinds exist in the sample.
    assert len(pairs) >= 2 and len(single) >= 2


def test_every_translated_pair_points_at_each_other(sample_site, corpus):
    sitemap = sitemap_alternates(sample_site)
    for article in corpus.articles:
        translations = published_translations(article, corpus)
        if article.draft or not translations:
            continue
        (partner,) = translations.values()
        url = urls.article_url(article.lang, article.slug)
        partner_url = urls.article_url(partner.lang, partner.slug)
        tags = parse(page_file(sample_site, url))
        # The switcher goes to the translation (and stays on the page for its own language).
        assert switcher(tags, url) == {article.lang: url, partner.lang: partner_url}, article.path
        en_url = url if article.lang == "en" else partner_url
        expected = {article.lang: absolute(url), partner.lang: absolute(partner_url), "x-default": absolute(en_url)}
        assert hreflang(tags) == expected, article.path
        assert sitemap[absolute(url)] == expected, article.path
        # The link near the title.
        main = page_file(sample_site, url).read_text()
        link = re.search(r'<p class="qi-translation-link"><a href="([^"]+)" hreflang="(\w+)"', main)
        assert link and resolve(link[1], url) == partner_url and link[2] == partner.lang, article.path
        assert "qi-untranslated" not in main


def test_every_untranslated_insight_shows_its_notice(sample_site, corpus):
    notices = {
        "en": '<p class="qi-untranslated" role="note">This insight is only available in English. '
        '<span lang="nl">Dit inzicht is alleen in het Engels beschikbaar.</span></p>',
        "nl": '<p class="qi-untranslated" role="note">Dit inzicht is alleen in het Nederlands beschikbaar. '
        '<span lang="en">This insight is only available in Dutch.</span></p>',
    }
    for article in corpus.articles:
        if article.draft or published_translations(article, corpus):
            continue
        url = urls.article_url(article.lang, article.slug)
        html = page_file(sample_site, url).read_text()
        assert notices[article.lang] in html, article.path
        assert "qi-translation-link" not in html
        tags = parse(page_file(sample_site, url))
        other = "nl" if article.lang == "en" else "en"
        # The switcher goes to the other language's overview.
        assert switcher(tags, url) == {article.lang: url, other: urls.overview_url(other)}
        assert hreflang(tags) == {article.lang: absolute(url), "x-default": absolute(url)}
        assert "og:locale:alternate" not in meta(tags)


def test_generated_and_site_pages_switch_to_the_same_page_in_the_other_language(sample_site):
    expected = {
        "": "nl/",
        "about/": "nl/about/",
        "insights/": "nl/inzichten/",
        "categories/": "nl/categorieen/",
        "categories/leadership/": "nl/categorieen/leiderschap/",
        "categories/customer-loyalty/nl/": "nl/categorieen/klantloyaliteit/nl/",
    }
    for en_url, nl_url in expected.items():
        assert switcher(parse(page_file(sample_site, en_url)), en_url) == {"en": en_url, "nl": nl_url}
        assert switcher(parse(page_file(sample_site, nl_url)), nl_url) == {"en": en_url, "nl": nl_url}


def test_every_switcher_link_on_every_page_leads_to_a_page_that_links_back(sample_site):
    checked = 0
    for path in html_pages(sample_site):
        url = page_url(sample_site, path)
        tags = parse(path)
        for target in switcher(tags, url).values():
            assert page_file(sample_site, target).is_file(), f"{url}: switcher to {target}"
        # A page with a translation is named by the translation's hreflang links too.
        links = hreflang(tags)
        for lang, href in links.items():
            if lang == "x-default":
                continue
            other = parse(page_file(sample_site, href.removeprefix(SITE_URL)))
            assert hreflang(other) == links, f"{url} <-> {href}"
            checked += 1
    assert checked > 100


def test_every_page_has_the_right_html_lang(sample_site):
    for path in [*html_pages(sample_site), sample_site / "404.html", sample_site / "nl" / "404.html"]:
        lang = "nl" if path.relative_to(sample_site).parts[0] == "nl" else "en"
        assert f'<html lang="{lang}" class="no-js">' in path.read_text(), path


@pytest.mark.parametrize(
    ("url", "from_lang", "expected"),
    [
        ("insights/", "en", "nl/inzichten/"),
        ("nl/inzichten/", "nl", "insights/"),
        ("categories/", "en", "nl/categorieen/"),
        ("nl/categorieen/leiderschap/en/page/2/", "nl", "categories/leadership/en/page/2/"),
        ("categories/customer-loyalty/page/3/", "en", "nl/categorieen/klantloyaliteit/page/3/"),
        # Not a generated page of that language: no counterpart, so no hreflang.
        ("nl/categorieen/leadership/", "nl", None),
        ("categories/no-such-category/", "en", None),
        ("about/", "en", None),
        ("insights/", "nl", None),
    ],
)
def test_generated_pages_translate_by_address(url, from_lang, expected):
    from quickinsights.model.categories import load_vocabulary
    from quickinsights.model.listing import Listings
    from quickinsights.site.alternates import translate_generated_url

    to_lang = "nl" if from_lang == "en" else "en"
    assert translate_generated_url(url, from_lang, to_lang, Listings([], load_vocabulary())) == expected


# -- sitemap ----------------------------------------------------------------------------

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap_alternates(site: Path) -> dict[str, dict[str, str]]:
    root = ET.parse(site / "sitemap.xml").getroot()
    return {
        url.find("s:loc", NS).text: {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        for url in root.findall("s:url", NS)
    }


def test_sitemap_lists_every_page_with_its_translations(sample_site):
    entries = sitemap_alternates(sample_site)
    pages = {absolute(page_url(sample_site, p)) for p in html_pages(sample_site)}
    assert set(entries) == pages
    for loc, alternates in entries.items():
        if alternates:
            page = parse(page_file(sample_site, loc.removeprefix(SITE_URL)))
            # The sitemap says what the page's head says.
            assert alternates == hreflang(page), loc
    assert entries[absolute("categories/leadership/")] == {
        "en": absolute("categories/leadership/"),
        "nl": absolute("nl/categorieen/leiderschap/"),
        "x-default": absolute("categories/leadership/"),
    }
    assert entries[absolute("nl/")] == {"en": SITE_URL, "nl": absolute("nl/"), "x-default": SITE_URL}


def test_sitemap_gives_an_insights_date(sample_site, corpus):
    root = ET.parse(sample_site / "sitemap.xml").getroot()
    lastmod = {u.find("s:loc", NS).text: u.findtext("s:lastmod", None, NS) for u in root.findall("s:url", NS)}
    article = next(a for a in corpus.articles if not a.draft)
    expected = (article.updated or article.date).isoformat()
    assert lastmod[absolute(urls.article_url(article.lang, article.slug))] == expected
    assert lastmod[absolute("insights/")] is None


# -- Dutch UI ---------------------------------------------------------------------------


def material_strings(lang: str) -> dict[str, str]:
    """Material's own UI strings for `lang`, from its translation partial."""
    import material

    text = (Path(material.__file__).parent / "templates" / "partials" / "languages" / f"{lang}.html").read_text()
    return dict(re.findall(r'^\s*"([\w.]+)": "(.*)",?$', text, re.M))


def only_in(lang: str, other: str) -> dict[str, re.Pattern]:
    """The UI strings of `lang` that are not also the other language's (ours and
    Material's), as patterns in which a placeholder matches any one word."""
    patterns = {}
    for ours, theirs in ((i18n.STRINGS[lang], i18n.STRINGS[other]), (material_strings(lang), material_strings(other))):
        for key, text in ours.items():
            # Language codes, not words.
            if key == "language" or key.startswith("search.config") or text == theirs.get(key):
                continue
            parts = [re.escape(part.strip()) for part in re.split(r"\{\w+\}|#", text)]
            pattern = r"\S+".join(parts).replace(r"\S+", r"\s*\S+\s*")
            patterns[text] = re.compile(rf"(?<!\w){pattern}(?!\w)")
    return patterns


@pytest.mark.parametrize(("lang", "other"), [("nl", "en"), ("en", "nl")])
def test_pages_carry_no_ui_text_of_the_other_language(sample_site, lang, other):
    """Every page of `lang`, all its text and labelling attributes, except what is marked
    as the other language (the switcher's autonyms, the translation link)."""
    strings = only_in(other, lang)
    assert "{minutes} min read" in strings or "{minutes} min leestijd" in strings  # not empty
    root = sample_site / "nl" if lang == "nl" else sample_site
    pages = [p for p in html_pages(sample_site) if (p.is_relative_to(sample_site / "nl")) == (lang == "nl")]
    pages.append(root / "404.html")
    assert len(pages) > 30
    for path in pages:
        # The site's name is a name, not a word of ours.
        text = " ".join(parse(path, keep_lang=lang).text).replace("Quick Insights", "")
        found = sorted(s for s, pattern in strings.items() if pattern.search(text))
        assert not found, f"{path.relative_to(sample_site)}: {found}"


def test_material_ui_is_dutch_on_dutch_pages(sample_site):
    html = (sample_site / "nl" / "index.html").read_text()
    assert 'aria-label="Selecteer taal"' in html
    assert "Ga naar inhoud" in html
    assert "Skip to content" not in html


def test_every_ui_string_exists_in_both_languages():
    assert set(i18n.STRINGS["en"]) == set(i18n.STRINGS["nl"])
    for key, text in i18n.STRINGS["en"].items():
        assert set(re.findall(r"\{\w+\}", text)) == set(re.findall(r"\{\w+\}", i18n.STRINGS["nl"][key])), key


# -- per-page meta ----------------------------------------------------------------------


def test_article_meta_describes_the_insight(sample_site, corpus):
    for article in corpus.articles:
        if article.draft:
            continue
        translations = published_translations(article, corpus)
        tags = parse(page_file(sample_site, urls.article_url(article.lang, article.slug)))
        found = meta(tags)
        assert found["description"] == [article.summary]
        assert found["og:title"] == [article.title]
        assert found["og:description"] == [article.summary]
        assert found["og:type"] == ["article"]
        assert found["og:url"] == [absolute(urls.article_url(article.lang, article.slug))]
        assert found["og:locale"] == [{"en": "en_GB", "nl": "nl_NL"}[article.lang]]
        assert found.get("og:locale:alternate", []) == [{"en": "en_GB", "nl": "nl_NL"}[lang] for lang in translations]
        assert found["article:published_time"] == [article.date.isoformat()]


def test_head_escapes_untrusted_text(tmp_path):
    project = make_project(
        tmp_path,
        {
            "content/en/quotes-and-tags.md": """
            ---
            title: 'Say "no" & mean it </title><script>alert(1)</script>'
            date: 2024-03-14
            author: Anna "AJ" de Vries
            categories: [leadership]
            summary: 'A summary with "quotes" & an ampersand.'
            ---

            Short text.
            """
        },
    )
    site = build_site(project)
    html = (site / "quotes-and-tags" / "index.html").read_text()
    head = html[: html.index("</head>")]
    assert "<script>alert(1)" not in html
    assert (
        "<title>Say &#34;no&#34; &amp; mean it &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; - Quick Insights</title>"
        in head
    )
    assert '<meta name="description" content="A summary with &#34;quotes&#34; &amp; an ampersand.">' in head
    assert (
        '<meta property="og:title" content="Say &#34;no&#34; &amp; mean it &lt;/title&gt;&lt;script&gt;'
        'alert(1)&lt;/script&gt;">' in head
    )
    assert '<meta name="author" content="Anna &#34;AJ&#34; de Vries">' in head


# -- the site root and the 404 pages ------------------------------------------------------


def test_homes_carry_plain_links_to_each_language(sample_site):
    en = (sample_site / "index.html").read_text()
    assert (
        '<li><a href="./" hreflang="en" lang="en" data-qi-lang="en" aria-current="page">English</a></li>\n'
        '    <li><a href="nl/" hreflang="nl" lang="nl" data-qi-lang="nl">Nederlands</a></li>' in en
    )
    nl = (sample_site / "nl" / "index.html").read_text()
    assert '<nav class="qi-language-chooser" aria-label="Taal">' in nl
    assert '<a href="../" hreflang="en" lang="en" data-qi-lang="en">English</a>' in nl
    # Only the site root redirects.
    assert "qi-language" in en and "location.replace" in en
    assert "location.replace" not in nl


def test_each_language_has_its_404_page(sample_site):
    en = (sample_site / "404.html").read_text()
    nl = (sample_site / "nl" / "404.html").read_text()
    assert "<h1>Page not found</h1>" in en
    assert '<li><a href="/">Go to the home page</a></li>' in en
    assert '<li><a href="/insights/">Browse all insights</a></li>' in en
    assert (
        '<li lang="nl"><a href="/nl/" hreflang="nl" data-qi-lang="nl">De startpagina in het Nederlands</a></li>' in en
    )
    assert "<h1>Pagina niet gevonden</h1>" in nl
    assert '<li><a href="/nl/inzichten/">Bekijk alle inzichten</a></li>' in nl
    assert '<li lang="en"><a href="/" hreflang="en" data-qi-lang="en">The home page in English</a></li>' in nl
    # A 404 page names no address of its own.
    assert 'rel="canonical"' not in en and 'hreflang="x-default"' not in nl


# -- insights check: translation problems ---------------------------------------------------

PAIR = """---
title: {title}
date: 2024-03-14
author: Anna de Vries
categories: [{categories}]
summary: A summary.
translation_key: trust
---

Short text.
"""


def article(path: str, title: str, categories: str):
    lang, slug = path.split("/")[-2], Path(path).stem
    found, problems = parse_article(PAIR.format(title=title, categories=categories), lang, slug, path)
    assert found is not None, problems
    return found


def test_two_insights_with_one_translation_key_in_one_language_is_an_error_naming_both():
    problems = check_translation_keys(
        [article("content/en/a.md", "A", "leadership"), article("content/en/b.md", "B", "leadership")]
    )
    assert [p.format() for p in problems] == [
        "content/en/b.md:7: translation_key 'trust' is also used by content/en/a.md\n"
        "  hint: each language may have one insight per translation_key; give one of them another key"
    ]


def test_a_translation_with_other_categories_is_a_warning():
    problems = check_translation_keys(
        [
            article("content/en/trust.md", "Trust", "leadership, strategy"),
            article("content/nl/vertrouwen.md", "Vertrouwen", "leiderschap, klantloyaliteit"),
        ]
    )
    assert [p.format() for p in problems] == [
        "content/nl/vertrouwen.md:5: warning: the categories differ from those of its translation "
        "content/en/trust.md (only here: klantloyaliteit; only there: strategy)\n"
        "  hint: an insight and its translation are listed together: give both files the same categories, "
        "each in its own language"
    ]
    same = check_translation_keys(
        [article("content/en/trust.md", "Trust", "leadership"), article("content/nl/v.md", "V", "leiderschap")]
    )
    assert same == []


def test_a_draft_translation_does_not_count_as_a_translation(tmp_path):
    en = PAIR.format(title="Trust grows", categories="leadership")
    nl = PAIR.format(title="Vertrouwen groeit", categories="leiderschap").replace(
        "---\n\nShort", "draft: true\n---\n\nShort"
    )
    site = build_site(make_project(tmp_path, {"content/en/trust.md": en, "content/nl/vertrouwen.md": nl}))
    html = (site / "trust" / "index.html").read_text()
    assert "This insight is only available in English." in html
    assert switcher(parse(site / "trust" / "index.html"), "trust/") == {"en": "trust/", "nl": "nl/inzichten/"}
    assert not (site / "nl" / "vertrouwen").exists()


# -- the site root in a real browser ----------------------------------------------------------


@pytest.fixture
def open_root(sample_url, browser):
    """Open a page of the site in a fresh browser with the given languages (the root
    by default); records console errors and requests to any other address."""
    contexts = []

    def open_(locale: str, javascript: bool = True, path: str = ""):
        context = browser.new_context(locale=locale, java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        page.foreign_requests, page.console_errors = [], []
        page.on("request", lambda r: not r.url.startswith(sample_url) and page.foreign_requests.append(r.url))
        page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
        page.goto(sample_url + path)
        page.wait_for_load_state("load")
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("nl-NL", "nl/"), ("nl-BE", "nl/"), ("en-GB", ""), ("en-US", ""), ("de-DE", ""), ("fr-FR", "")],
)
def test_root_sends_readers_to_their_language(open_root, sample_url, locale, expected):
    page = open_root(locale)
    assert page.url == sample_url + expected
    assert page.evaluate("document.documentElement.lang") == (expected.rstrip("/") or "en")
    assert page.foreign_requests == [] and page.console_errors == []


def test_root_follows_the_choice_made_with_the_switcher(open_root, sample_url):
    page = open_root("nl-NL")
    assert page.url == sample_url + "nl/"
    page.hover(".md-header__option .md-select")
    page.click('.md-select__link[hreflang="en"]')
    page.wait_for_url(sample_url)
    assert page.evaluate("localStorage.getItem('qi-language')") == "en"
    # A new visit to the root, without a referrer, keeps the reader's choice.
    page.goto(sample_url)
    page.wait_for_load_state("load")
    assert page.url == sample_url


def test_root_reached_from_within_the_site_stays(open_root, sample_url):
    page = open_root("nl-NL")
    page.goto(sample_url + "about/")
    page.click(".md-header__button.md-logo")  # the logo leads to the English home
    page.wait_for_load_state("load")
    assert page.url == sample_url


def test_root_without_javascript_offers_both_languages(open_root, sample_url):
    page = open_root("nl-NL", javascript=False)
    assert page.url == sample_url
    chooser = page.get_by_role("navigation", name="Language")
    assert chooser.get_by_role("link", name="Nederlands").get_attribute("href") == "nl/"
    assert chooser.get_by_role("link", name="English").get_attribute("href") == "./"


def test_an_article_page_loads_without_stray_requests(open_root, sample_url):
    """Material's language integration would fetch sitemap.xml next to every alternate
    link (404s); the head keeps it from doing so, and puts the links back."""
    page = open_root("en-GB", path="nl/klantloyaliteit-begint-binnen/")
    page.wait_for_load_state("networkidle")
    assert page.console_errors == [] and page.foreign_requests == []
    assert page.evaluate("document.querySelectorAll('link[rel=alternate][hreflang]').length") == 3
    assert page.evaluate("document.querySelectorAll('link[rel=alternate][type=\"application/atom+xml\"]').length") == 1
    # The switcher goes to the translation.
    page.hover(".md-header__option .md-select")
    page.click('.md-select__link[hreflang="en"]')
    page.wait_for_url(sample_url + "customer-loyalty-starts-inside/")
