"""The listing model (listing.py) without MkDocs, and the listing pages it becomes."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from conftest import build_site, insight_text, make_project
from quickinsights.model import urls
from quickinsights.model.categories import load_vocabulary
from quickinsights.model.content import Article
from quickinsights.model.listing import (
    PAGE_SIZE,
    Listings,
    card_files,
    category_masks,
    newest_first,
    page_count,
    paginate,
)

VOCABULARY = load_vocabulary()
LEADERSHIP = VOCABULARY.get("leadership")


def article(n: int, lang: str = "en", categories: tuple[str, ...] = ("leadership",), day: int | None = None) -> Article:
    date = dt.date(2020, 1, 1) + dt.timedelta(days=n if day is None else day)
    return Article(
        path=f"content/{lang}/a{n}.md",
        lang=lang,
        slug=f"a{n}",
        title=f"Insight {n}",
        date=date,
        author="A",
        categories=categories,
        summary="S",
        body="Body.",
    )


def test_newest_first_breaks_date_ties_by_title_then_language():
    a = article(1, day=5)
    b = article(2, day=5)
    c = article(3, day=9)
    d = article(2, lang="nl", day=5)
    assert [(x.title, x.lang) for x in newest_first([a, b, c, d])] == [
        ("Insight 3", "en"),
        ("Insight 2", "nl"),
        ("Insight 2", "en"),
        ("Insight 1", "en"),
    ]


@pytest.mark.parametrize(("total", "pages"), [(0, 1), (1, 1), (20, 1), (21, 2), (40, 2), (41, 3)])
def test_page_count(total, pages):
    assert page_count(total) == pages


def test_paginate_cuts_pages_of_twenty_with_prev_and_next():
    articles = newest_first([article(n) for n in range(45)])
    pages = paginate(articles, "en", LEADERSHIP)
    assert [len(p.articles) for p in pages] == [20, 20, 5]
    assert [p.number for p in pages] == [1, 2, 3]
    assert {p.total for p in pages} == {45}
    assert pages[0].articles[0].title == "Insight 44"
    assert pages[2].articles[-1].title == "Insight 0"
    assert pages[0].url == "categories/leadership/"
    assert pages[0].previous_url is None
    assert pages[0].next_url == "categories/leadership/page/2/"
    assert pages[1].previous_url == "categories/leadership/"
    assert pages[2].url == "categories/leadership/page/3/"
    assert pages[2].next_url is None


def test_an_empty_listing_has_one_empty_page():
    pages = paginate([], "nl", LEADERSHIP, only="en")
    assert len(pages) == 1
    assert pages[0].articles == ()
    assert pages[0].url == "nl/categorieen/leiderschap/en/"


def test_category_urls_use_the_ui_language_slug():
    assert urls.category_url("en", LEADERSHIP) == "categories/leadership/"
    assert urls.category_url("nl", LEADERSHIP) == "nl/categorieen/leiderschap/"
    assert urls.category_url("nl", LEADERSHIP, page=3, only="nl") == "nl/categorieen/leiderschap/nl/page/3/"


def test_listings_group_by_category_and_language():
    articles = [
        article(1, "en", ("leadership", "strategy")),
        article(2, "nl", ("leadership",)),
        article(3, "nl", ("strategy",)),
        article(4, "en", ("customer-loyalty",)),
    ]
    listings = Listings(articles, VOCABULARY)
    assert [a.slug for a in listings.in_category("leadership")] == ["a2", "a1"]
    assert [a.slug for a in listings.in_category("strategy", "nl")] == ["a3"]
    assert listings.count("leadership") == 2
    assert listings.count("leadership", "en") == 1
    assert listings.count("employee-engagement") == 0
    assert listings.language_counts() == {"en": 2, "nl": 2}
    assert [a.slug for a in listings.overview(size=3)] == ["a4", "a3", "a2"]


def test_every_category_has_a_page_per_language_variant_in_each_ui_language():
    listings = Listings([article(n, "en" if n % 2 else "nl") for n in range(50)], VOCABULARY)
    pages = listings.pages("nl")
    leadership = [p for p in pages if p.category.slug == "leadership"]
    assert [(p.only, p.number, len(p.articles)) for p in leadership] == [
        (None, 1, 20),
        (None, 2, 20),
        (None, 3, 10),
        ("en", 1, 20),
        ("en", 2, 5),
        ("nl", 1, 20),
        ("nl", 2, 5),
    ]
    # Every other category is empty but still has its (one, empty) page per variant.
    assert len(pages) == len(leadership) + (len(VOCABULARY) - 1) * 3
    assert len({p.url for p in pages}) == len(pages)


def test_card_files_list_each_language_and_category_newest_first_in_files_of_twenty():
    articles = [
        article(n, "en" if n % 3 else "nl", ("leadership",) if n % 2 else ("strategy", "leadership")) for n in range(45)
    ]
    files = dict(card_files(Listings(articles, VOCABULARY)))
    en_all = [card for n in (1, 2) for card in json.loads(files[f"assets/cards/en/all/{n}.json"])]
    assert len(en_all) == 30 and "assets/cards/en/all/3.json" not in files
    assert [c["t"] for c in en_all[:3]] == ["Insight 44", "Insight 43", "Insight 41"]
    assert en_all[0] == {"u": "a44/", "t": "Insight 44", "s": "S", "d": "2020-02-14", "c": ["strategy", "leadership"]}
    nl_strategy = json.loads(files["assets/cards/nl/strategy/1.json"])
    assert [c["u"] for c in nl_strategy] == [
        "nl/a42/",
        "nl/a36/",
        "nl/a30/",
        "nl/a24/",
        "nl/a18/",
        "nl/a12/",
        "nl/a6/",
        "nl/a0/",
    ]
    # A category without insights in a language has no file; the counts say it is empty.
    assert not any(path.startswith("assets/cards/en/customer-loyalty/") for path in files)


def test_category_masks_count_each_combination_per_language():
    articles = [
        article(1, "en", ("leadership", "strategy")),
        article(2, "en", ("leadership",)),
        article(3, "en", ("leadership",)),
        article(4, "nl", ("strategy",)),
    ]
    stats = category_masks(Listings(articles, VOCABULARY))
    slugs = [c.slug for c in VOCABULARY]
    assert stats["categories"] == slugs
    lead, strat = 1 << slugs.index("leadership"), 1 << slugs.index("strategy")
    assert stats["masks"] == {"en": sorted([(lead, 2), (lead | strat, 1)]), "nl": [(strat, 1)]}


# -- the pages built from the model ------------------------------------------------

XSS = "<img src=x onerror=alert(1)>"


def insight(title: str, date: str, categories: str, lang: str = "en") -> str:
    body = "Organisaties leren elke dag." if lang == "nl" else "Teams learn every day."
    return insight_text(title, date, categories, body, summary=f"What {title.split('<')[0] or 'this insight'} is about")


@pytest.fixture(scope="module")
def listing_site(tmp_path_factory):
    files = {
        f"content/en/leading-{n:02d}.md": insight(f"Leading {n:02d}", f"2025-01-{n:02d}", "leadership")
        for n in range(1, 23)
    }
    files["content/nl/leiden.md"] = insight("Leiden in de zorg", "2025-02-01", "leiderschap, strategie", "nl")
    files["content/en/xss.md"] = insight(XSS, "2024-06-01", "strategy")
    project = make_project(tmp_path_factory.mktemp("listing"), files)
    return build_site(project)


def main_of(html: str) -> str:
    """The page's own content: cards are <article>s too, so cut at the footer."""
    start = html.index('role="main"')
    return html[start : html.index("<footer", start)]


def card_titles(html: str) -> list[str]:
    return re.findall(r'class="qi-card__link" href="[^"]*" hreflang="\w+">([^<]*)</a>', main_of(html))


def test_category_page_lists_both_languages_newest_first_paginated(listing_site):
    page1 = (listing_site / "categories" / "leadership" / "index.html").read_text()
    assert card_titles(page1) == ["Leiden in de zorg"] + [f"Leading {n:02d}" for n in range(22, 3, -1)]
    assert "23 insights · Page 1 of 2" in page1
    assert '<a class="md-button" rel="next" href="page/2/">Next page</a>' in page1
    assert 'rel="prev"' not in page1
    page2 = (listing_site / "categories" / "leadership" / "page" / "2" / "index.html").read_text()
    assert card_titles(page2) == ["Leading 03", "Leading 02", "Leading 01"]
    assert '<a class="md-button" rel="prev" href="../../">Previous page</a>' in page2
    assert 'rel="next"' not in page2


def test_dutch_category_page_has_dutch_label_slug_and_language_variants(listing_site):
    html = (listing_site / "nl" / "categorieen" / "leiderschap" / "nl" / "index.html").read_text()
    main = main_of(html)
    assert "<h1>Leiderschap</h1>" in main
    assert card_titles(html) == ["Leiden in de zorg"]
    assert '<a href="./" aria-current="page">Nederlands</a> <span class="qi-count">1</span>' in main
    assert '<a href="../" >' not in main
    assert '<a href="../">Beide talen</a> <span class="qi-count">23</span>' in main
    assert '<a href="../en/" hreflang="en">Engels</a> <span class="qi-count">22</span>' in main
    assert "1 inzicht" in main
    # Chips link to the category pages of the page's own language.
    assert '<a class="qi-chip" href="../../strategie/">Strategie</a>' in main


def test_category_index_counts_per_language(listing_site):
    main = main_of((listing_site / "categories" / "index.html").read_text())
    assert '<h2><a href="leadership/">Leadership</a> <span class="qi-count">23</span></h2>' in main
    assert '<a href="leadership/en/" hreflang="en">English</a> <span class="qi-count">22</span>' in main
    assert '<a href="leadership/nl/" hreflang="nl">Dutch</a> <span class="qi-count">1</span>' in main


def test_overview_renders_only_the_newest_twenty_and_links_to_categories(listing_site):
    html = (listing_site / "insights" / "index.html").read_text()
    titles = card_titles(html)
    assert len(titles) == PAGE_SIZE
    assert titles[:3] == ["Leiden in de zorg", "Leading 22", "Leading 21"]
    main = main_of(html)
    assert '<a href="../categories/leadership/">Leadership</a> <span class="qi-count">23</span>' in main
    assert '<a href="../categories/">All categories</a>' in main
    # The filter form is there for the script at its final size (no layout shift);
    # without scripts a style in the head hides it (test_reader_a11y.py).
    assert '<form class="qi-filter" role="search" aria-label="Filter the insights">' in main
    assert '<input type="checkbox" name="category" value="leadership" data-url="../categories/leadership/">' in main


def test_untrusted_titles_are_escaped_on_listing_pages(listing_site):
    for page in (
        "categories/strategy/index.html",
        "nl/categorieen/strategie/index.html",
        "categories/strategy/en/index.html",
    ):
        html = (listing_site / page).read_text()
        assert XSS not in html, page
        assert "&lt;img src=x onerror=alert(1)&gt;" in main_of(html), page


def test_the_site_has_one_search_index_for_both_languages(listing_site):
    entry = json.loads((listing_site / "assets" / "search" / "index.json").read_text())
    assert entry["languages"] == ["en", "nl"]
    # One row per published insight, newest first: "Leiden in de zorg" is the newest.
    assert entry["docs"]["lang"].count("0") == 23 and entry["docs"]["lang"].count("1") == 1
    first = json.loads((listing_site / "assets" / "search" / entry["version"] / "d" / "0.json").read_text())
    assert (first["t"], first["l"], first["u"]) == ("Leiden in de zorg", "nl", "nl/leiden/")
    for lang in ("en", "nl"):
        assert (listing_site / "assets" / "search" / entry["version"] / f"stem-{lang}.js").is_file()
    # Every page names the index it was built with.
    for page in ("index.html", "nl/leiden/index.html", "categories/strategy/index.html"):
        assert f'data-index="{entry["version"]}"' in (listing_site / page).read_text()
