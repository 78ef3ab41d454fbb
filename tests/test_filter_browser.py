"""The overview's filter, the category pages and the header search, in Chromium.

Expected values come from the article model (listing.py) over the same content, so
the tests say exactly which insights a reader must see.
"""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, build_site, make_project, serve
from quickinsights.model.categories import load_vocabulary
from quickinsights.model.content import load_corpus
from quickinsights.model.glossary import Glossary
from quickinsights.model.i18n import format_date
from quickinsights.model.listing import Listings
from quickinsights.search import ranking
from quickinsights.search.sitesearch import build_index

VOCABULARY = load_vocabulary()
CARDS_JS = """els => els.map(e => ({
    title: e.querySelector('.qi-card__link').textContent,
    // The insight's address: a search result's also carries ?h= (test_section_results.py).
    href: new URL(e.querySelector('.qi-card__link').href).pathname,
    lang: e.lang,
    date: e.querySelector('time').dateTime,
    when: e.querySelector('time').textContent,
    chips: [...e.querySelectorAll('.qi-chip')].map(c => c.textContent),
}))"""


@pytest.fixture(scope="module")
def sample():
    """The published sample insights, as the site shows them."""
    corpus = load_corpus(ROOT / "content", root=ROOT)
    return [a for a in corpus.articles if not a.draft]


@pytest.fixture
def reader(page):
    """A page that must end with no console error and no request to another host."""
    yield page
    assert page.console_errors == []
    assert page.foreign_requests == []


def wait_idle(page) -> None:
    page.wait_for_selector("form.qi-filter:not([hidden])")
    page.wait_for_selector(".qi-cards:not([aria-busy])", state="attached")


def open_overview(page, base: str, lang: str = "en", query: str = "") -> None:
    page.goto(base + ("insights/" if lang == "en" else "nl/inzichten/") + query)
    wait_idle(page)


def all_cards(page) -> list[dict]:
    """Every card of the current result, clicking "show more" until all are loaded."""
    while page.locator(".qi-more").is_visible():
        page.locator(".qi-more").click()
        page.wait_for_selector(".qi-cards:not([aria-busy])", state="attached")
    return page.eval_on_selector_all(".qi-card", CARDS_JS)


def titles(cards) -> set[str]:
    return {c["title"] for c in cards}


def status(page) -> str:
    return page.locator(".qi-result-count").inner_text()


def assert_newest_first(cards) -> None:
    dates = [c["date"] for c in cards]
    assert dates == sorted(dates, reverse=True)


def test_overview_lists_every_insight_newest_first(reader, sample_url, sample):
    open_overview(reader, sample_url, lang="nl")
    assert status(reader) == f"{len(sample)} inzichten"
    assert reader.locator(".qi-card").count() == 20  # as built; the rest on request
    reader.locator(".qi-more").click()
    wait_idle(reader)
    # Focus moves to the first card that was added, where reading goes on.
    assert reader.evaluate("document.activeElement.closest('.qi-card') === document.querySelectorAll('.qi-card')[20]")
    cards = all_cards(reader)
    assert [c["title"] for c in cards] == [a.title for a in Listings(sample, VOCABULARY).newest]
    # Cards made by the script read like the ones made at build time.
    assert {c["when"] for c in cards} == {format_date(a.date, "nl") for a in sample}
    assert all(c["chips"] for c in cards)


def test_words_show_ten_results_first_and_more_on_request(reader, sample_url, sample):
    open_overview(reader, sample_url, query="?q=team")
    expected = matching(sample, "team")
    assert len(expected) > 10
    assert status(reader) == f"{len(expected)} insights"
    assert reader.locator(".qi-card").count() == 10
    reader.locator(".qi-more").click()
    wait_idle(reader)
    assert reader.evaluate("document.activeElement.closest('.qi-card') === document.querySelectorAll('.qi-card')[10]")
    assert reader.locator(".qi-card").count() == min(len(expected), 30)
    assert {c["href"] for c in all_cards(reader)} == expected


def test_choosing_a_category_shows_only_its_cards(reader, sample_url, sample):
    open_overview(reader, sample_url)
    reader.get_by_role("checkbox", name="Leadership").check()
    wait_idle(reader)
    expected = [a for a in sample if "leadership" in a.categories]
    assert status(reader) == f"{len(expected)} insights"
    cards = all_cards(reader)
    assert titles(cards) == {a.title for a in expected}
    assert all("Leadership" in c["chips"] for c in cards)
    assert_newest_first(cards)
    assert reader.url.endswith("/insights/?category=leadership")


def test_two_categories_show_insights_of_either(reader, sample_url, sample):
    open_overview(reader, sample_url, query="?category=strategy&category=customer-loyalty")
    expected = {a.title for a in sample if {"strategy", "customer-loyalty"} & set(a.categories)}
    cards = all_cards(reader)
    assert len(cards) == len(expected)  # an insight in both categories is shown once
    assert titles(cards) == expected
    assert_newest_first(cards)
    assert reader.get_by_role("checkbox", name="Strategy").is_checked()
    assert reader.get_by_role("checkbox", name="Customer loyalty").is_checked()


def test_categories_and_language_alone_load_no_search_index(reader, sample_url, sample):
    requests = []
    reader.on("request", lambda request: requests.append(request.url))
    open_overview(reader, sample_url)
    reader.get_by_role("checkbox", name="Leadership").check()
    wait_idle(reader)
    reader.get_by_role("radio", name="Dutch").check()
    wait_idle(reader)
    assert [a.title for a in sample if a.lang == "nl" and "leadership" in a.categories] != []
    assert not [url for url in requests if "/assets/search/" in url]
    assert sorted({url.split("/assets/")[1] for url in requests if "/assets/cards/" in url}) == [
        "cards/en/leadership/1.json",
        "cards/nl/leadership/1.json",
    ]


def test_choosing_a_language_shows_only_that_language(reader, sample_url, sample):
    open_overview(reader, sample_url, lang="nl")
    reader.get_by_role("radio", name="Engels").check()
    wait_idle(reader)
    expected = [a for a in sample if a.lang == "en"]
    assert status(reader) == f"{len(expected)} inzichten"
    cards = all_cards(reader)
    assert {c["lang"] for c in cards} == {"en"}
    assert titles(cards) == {a.title for a in expected}
    assert reader.url.endswith("/nl/inzichten/?lang=en")


def test_counts_per_category_and_language(reader, sample_url, sample):
    open_overview(reader, sample_url, query="?lang=nl")
    listings = Listings(sample, VOCABULARY)
    dutch = [a for a in sample if a.lang == "nl"]
    # Category counts follow the language choice; language counts ignore it.
    for category in VOCABULARY:
        count = reader.locator(f'[data-count="category:{category.slug}"]').inner_text()
        assert count == str(listings.count(category.slug, "nl")), category.slug
    assert reader.locator('[data-count="lang:en"]').inner_text() == str(len(sample) - len(dutch))
    assert reader.locator('[data-count="lang:nl"]').inner_text() == str(len(dutch))
    assert reader.locator('[data-count="lang:"]').inner_text() == str(len(sample))


def test_a_query_shows_matching_insights(reader, sample_url, sample):
    open_overview(reader, sample_url)
    reader.get_by_role("searchbox", name="Search the insights").fill("stand-up")
    wait_idle(reader)
    cards = all_cards(reader)
    stand_up = next(a for a in sample if a.slug == "the-daily-stand-up-that-works")
    assert stand_up.title in titles(cards)
    assert len(cards) < 10
    assert reader.url.endswith("/insights/?q=stand-up")


def test_category_language_and_query_combine(reader, sample_url, sample):
    open_overview(reader, sample_url, query="?category=continuous-improvement&lang=nl&q=verbeteren")
    cards = all_cards(reader)
    assert cards, "expected at least one Dutch continuous-improvement insight about verbeteren"
    expected = {a.title for a in sample if a.lang == "nl" and "continuous-improvement" in a.categories}
    assert titles(cards) <= expected
    assert "/nl/continu-verbeteren-in-de-zorg/" in {c["href"] for c in cards}
    # The form shows the state the URL asked for.
    assert reader.get_by_role("searchbox", name="Search the insights").input_value() == "verbeteren"
    assert reader.get_by_role("radio", name="Dutch").is_checked()
    assert reader.get_by_role("checkbox", name="Continuous improvement").is_checked()


def test_reload_restores_and_back_undoes_a_filter(reader, sample_url, sample):
    open_overview(reader, sample_url)
    reader.get_by_role("checkbox", name="Strategy").check()
    wait_idle(reader)
    reader.get_by_role("radio", name="English").check()
    wait_idle(reader)
    assert reader.url.endswith("/insights/?category=strategy&lang=en")
    expected = {a.title for a in sample if a.lang == "en" and "strategy" in a.categories}
    assert titles(all_cards(reader)) == expected

    reader.reload()
    wait_idle(reader)
    assert reader.get_by_role("checkbox", name="Strategy").is_checked()
    assert reader.get_by_role("radio", name="English").is_checked()
    assert titles(all_cards(reader)) == expected

    reader.go_back()
    wait_idle(reader)
    assert reader.url.endswith("/insights/?category=strategy")
    assert reader.get_by_role("radio", name="Both").is_checked()
    assert titles(all_cards(reader)) == {a.title for a in sample if "strategy" in a.categories}


def test_empty_state_and_clear_filters(reader, sample_url, sample):
    open_overview(reader, sample_url, query="?q=xylofoonzebra")
    assert status(reader) == "No insights"
    assert reader.locator(".qi-empty").is_visible()
    reader.locator(".qi-empty .qi-clear").click()
    wait_idle(reader)
    assert status(reader) == f"{len(sample)} insights"
    assert reader.url.endswith("/insights/")
    # Focus goes back to the search box, ready for another try.
    assert reader.evaluate("document.activeElement.id") == "qi-filter-q"


def test_filter_controls_are_labelled_and_keyboard_usable(reader, sample_url, sample):
    open_overview(reader, sample_url)
    assert reader.locator(".qi-result-count").get_attribute("aria-live") == "polite"
    assert reader.locator("fieldset legend").all_inner_texts() == ["Categories", "Language"]
    for category in VOCABULARY:
        assert reader.get_by_role("checkbox", name=category.label("en")).count() == 1
    search = reader.get_by_role("searchbox", name="Search the insights")
    search.focus()
    reader.keyboard.press("Tab")
    assert reader.evaluate("document.activeElement.value") == next(iter(VOCABULARY)).slug
    reader.keyboard.press("Space")
    wait_idle(reader)
    first = next(iter(VOCABULARY))
    assert status(reader) == f"{sum(1 for a in sample if first.slug in a.categories)} insights"


def test_category_page_works_without_javascript(browser, sample_url, sample):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(sample_url + "nl/categorieen/leiderschap/")
        assert page.locator("h1").inner_text() == "Leiderschap"
        expected = Listings(sample, VOCABULARY).in_category("leadership")
        cards = page.eval_on_selector_all(".qi-card", CARDS_JS)
        assert [c["title"] for c in cards] == [a.title for a in expected[:20]]
        page.get_by_role("link", name="Engels").first.click()
        assert page.url.endswith("/nl/categorieen/leiderschap/en/")
        cards = page.eval_on_selector_all(".qi-card", CARDS_JS)
        assert [c["title"] for c in cards] == [a.title for a in expected if a.lang == "en"][:20]
        # The overview without JavaScript: the newest cards and a way to every category.
        page.goto(sample_url + "insights/")
        assert page.locator("form.qi-filter").is_hidden()
        assert page.locator(".qi-card").count() == min(20, len(sample))
        page.get_by_role("link", name="Leadership", exact=True).last.click()
        assert page.url.endswith("/categories/leadership/")
    finally:
        context.close()


def matching(sample, word: str, languages=("en", "nl"), typing: bool = True) -> set[str]:
    """The insights (as site addresses) that a one-word query matches: the rules both
    searches run (ranking.py, which tests/test_search_parity.py keeps equal to
    engine.js) over the index the build writes, with the category labels as the
    glossary's entries; while the word is typed, the words it begins too."""
    from sitesource import SiteSource

    files = build_index(sample, VOCABULARY, glossary=Glossary().search_entries(VOCABULARY)).files
    source = SiteSource(files)
    version = source.entry["version"]
    found = ranking.search(source, word if typing else word + " ", languages, typing=True)
    return {"/" + json.loads(files[f"{version}/d/{doc}.json"])["u"] for doc in found.ids}


def header_results(page) -> list[dict]:
    page.wait_for_selector(".qi-search__panel:not([hidden])")
    page.wait_for_selector(".qi-search__results:not([aria-busy])", state="attached")
    return page.eval_on_selector_all(
        ".qi-search__results a",
        "els => els.map(a => ({href: new URL(a.href).pathname, lang: a.lang,"
        " title: a.querySelector('.qi-search__title').textContent}))",
    )


def stemmers(requests: list[str]) -> list[str]:
    """The languages whose query stemmer `requests` loaded: the languages searched."""
    return sorted({url.rsplit("/stem-", 1)[1][:-3] for url in requests if "/assets/search/" in url and "/stem-" in url})


@pytest.mark.parametrize(("start", "lang"), [("about/", "en"), ("nl/about/", "nl")])
def test_header_search_finds_a_dutch_insight_from_an_inflected_word(reader, sample_url, start, lang):
    # content/nl/continu-verbeteren-in-de-zorg.md says "organisaties", never "organisatie".
    text = (ROOT / "content" / "nl" / "continu-verbeteren-in-de-zorg.md").read_text()
    assert "organisaties" in text and "organisatie " not in text
    reader.goto(sample_url + start)
    box = reader.locator("#qi-search-q")
    box.fill("organisatie")
    shown = header_results(reader)
    # The page's language first: no English insight says "organisatie", so an English
    # page shows the nearest English word's (and says so), and the Dutch insights are
    # one button away.
    if lang == "en":
        assert {r["lang"] for r in shown} == {"en"}
        assert reader.locator(".qi-search-notes").inner_text().startswith("Showing results for organisation.")
        reader.get_by_role("button", name="Also search Dutch insights").click()
        reader.wait_for_selector(".qi-search__also", state="hidden")
        shown = header_results(reader)
    # (Both languages: the Dutch insights, and the English translations they bring.)
    assert shown[0]["lang"] == "nl" and "nl" in {r["lang"] for r in shown}
    # The words it matched are marked, in any of their forms.
    marked = {text.lower() for text in reader.locator(".qi-search__results mark").all_inner_texts()}
    # (Also the compounds that end in it, such as "zelforganisatie", in the snippets.)
    assert "organisaties" in marked and all(text.endswith(("organisatie", "organisaties")) for text in marked)
    assert len(shown) == 8  # the box shows the best 8; Enter shows them all
    count = reader.locator(".qi-search__status").inner_text()
    # Keyboard: down into the results, Escape closes and returns to the box.
    box.press("ArrowDown")
    assert reader.evaluate("document.activeElement.closest('.qi-search__results') !== null")
    reader.keyboard.press("Escape")
    assert reader.locator(".qi-search__panel").is_hidden()
    assert reader.evaluate("document.activeElement.id") == "qi-search-q"
    # Enter opens the overview of the page's language with every match: of the
    # languages the box searched (the language filter says which).
    box.press("Enter")
    reader.wait_for_url("**/?q=organisatie" + ("&lang=nl" if lang == "nl" else ""))
    wait_idle(reader)
    assert reader.get_by_role("radio", name="Nederlands" if lang == "nl" else "Both").is_checked()
    assert reader.locator(".qi-result-count").inner_text() == count
    cards = all_cards(reader)
    assert "/nl/continu-verbeteren-in-de-zorg/" in {c["href"] for c in cards}
    assert [c["href"] for c in cards][:8] == [r["href"] for r in shown]


def test_header_first_query_loads_only_the_page_language(reader, sample_url, sample):
    requests = []
    reader.on("request", lambda request: requests.append(request.url))
    reader.goto(sample_url + "nl/about/")
    reader.locator("#qi-search-q").fill("team")
    shown = header_results(reader)
    assert shown and {r["lang"] for r in shown} == {"nl"}
    assert reader.locator(".qi-search__status").inner_text() == f"{len(matching(sample, 'team', ['nl']))} inzichten"
    # English insights are not searched; the English stemmer is there for the glossary,
    # which looks each query up in its languages (ranking.js).
    assert stemmers(requests) == ["en", "nl"]
    # The English insights are one button away, in the page's language.
    also = reader.get_by_role("button", name="Ook Engelse inzichten doorzoeken")
    assert also.is_visible()
    assert reader.locator(".qi-search__all").get_attribute("href").endswith("/nl/inzichten/?q=team&lang=nl")
    also.click()
    reader.wait_for_selector(".qi-search__also", state="hidden")
    shown = header_results(reader)
    assert stemmers(requests) == ["en", "nl"]
    both = matching(sample, "team")
    assert {href.startswith("/nl/") for href in both} == {True, False}
    assert reader.locator(".qi-search__status").inner_text() == f"{len(both)} inzichten"
    assert {r["href"] for r in shown} <= both
    # Each result carries its language's badge.
    badges = reader.eval_on_selector_all(
        ".qi-search__results a", "els => els.map(a => [a.lang, a.querySelector('.qi-badge').textContent])"
    )
    assert all(badge == lang.upper() for lang, badge in badges)
    # Later queries search both languages: the reader asked for them.
    reader.locator("#qi-search-q").fill("teams")
    header_results(reader)
    assert reader.locator(".qi-search__status").inner_text() == f"{len(matching(sample, 'teams'))} inzichten"
    assert reader.locator(".qi-search__all").get_attribute("href").endswith("/nl/inzichten/?q=teams")


def test_also_search_button_is_keyboard_usable(reader, sample_url):
    reader.goto(sample_url + "about/")
    box = reader.locator("#qi-search-q")
    box.focus()
    reader.keyboard.type("feedback")
    shown = header_results(reader)
    assert shown and {r["lang"] for r in shown} == {"en"}
    # Down through the results reaches the button; Enter presses it.
    box.press("ArrowDown")
    for _ in shown:
        reader.keyboard.press("ArrowDown")
    assert reader.evaluate("document.activeElement.textContent") == "Also search Dutch insights"
    reader.keyboard.press("Enter")
    reader.wait_for_selector(".qi-search__also", state="hidden")
    shown = header_results(reader)
    assert "nl" in {r["lang"] for r in shown}
    # Focus goes on at the first Dutch result, and the panel stays open.
    first_dutch = next(r["href"] for r in shown if r["lang"] == "nl")
    assert reader.evaluate("new URL(document.activeElement.href).pathname") == first_dutch
    assert reader.locator(".qi-search__panel").is_visible()
    # Up goes back through the results to the box.
    for _ in range(len(shown)):
        reader.keyboard.press("ArrowUp")
    assert reader.evaluate("document.activeElement.id") == "qi-search-q"


def test_overview_searches_both_languages_with_one_index(reader, sample_url, sample):
    requests = []
    reader.on("request", lambda request: requests.append(request.url))
    open_overview(reader, sample_url, lang="nl", query="?q=team")
    # The answer covers both languages, and the count says so.
    cards = all_cards(reader)
    assert {c["href"] for c in cards} == matching(sample, "team")
    assert {c["lang"] for c in cards} == {"en", "nl"}
    assert status(reader) == f"{len(cards)} inzichten"
    assert reader.locator('[data-count="lang:"]').inner_text() == str(len(cards))
    # One entry, the two stemmers, the chunks of the word and one card per insight shown.
    search = [url.split("/assets/search/")[1] for url in requests if "/assets/search/" in url]
    assert len([url for url in search if url.endswith("/index.json")]) == 1
    assert stemmers(requests) == ["en", "nl"]
    assert len([url for url in search if "/d/" in url]) == len(cards)
    assert len(search) == len(set(search))  # nothing is fetched twice


def test_overview_search_finds_the_inflected_dutch_word(reader, sample_url):
    open_overview(reader, sample_url, query="?q=organisatie&lang=nl")
    assert "/nl/continu-verbeteren-in-de-zorg/" in {c["href"] for c in all_cards(reader)}


# -- untrusted text ------------------------------------------------------------------

XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = make_project(
        tmp_path_factory.mktemp("hostile"),
        {
            "content/en/hostile.md": f"""
            ---
            title: "{XSS}"
            date: 2026-01-05
            author: Eve
            categories: [strategy]
            summary: A title that tries to run a script, as a test of escaping.
            ---

            Zebras graze quietly while the strategy team writes its plan.
            """,
        },
    )
    site = build_site(project)
    url, server = serve(site)
    yield site, url
    server.shutdown()


def test_hostile_title_is_text_everywhere(browser, hostile_site):
    site, url = hostile_site
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        # The card the filter builds from the search index.
        page.goto(url + "insights/?category=strategy")
        wait_idle(page)
        assert page.locator(".qi-card__link").all_inner_texts() == [XSS]
        # The header search's results, also with a word of the title marked.
        page.locator("#qi-search-q").fill("zebras")
        assert [r["title"] for r in header_results(page)] == [XSS]
        page.locator("#qi-search-q").fill("img ")
        assert [r["title"] for r in header_results(page)] == [XSS]
        assert page.locator(".qi-search__results mark").all_inner_texts() == ["img"]
        # The category page, rendered at build time.
        page.goto(url + "nl/categorieen/strategie/")
        assert page.locator(".qi-card__link").all_inner_texts() == [XSS]
        assert page.locator("img[src=x]").count() == 0
        assert dialogs == []
    finally:
        context.close()
    # The JSON the page loads (the search index's card) carries the title as data.
    index = site / "assets" / "search"
    version = json.loads((index / "index.json").read_text())["version"]
    cards = [json.loads(path.read_text()) for path in (index / version / "d").glob("*.json")]
    assert [(card["t"], card["u"]) for card in cards if card["t"] == XSS] == [(XSS, "hostile/")]


def test_cards_drawn_by_the_script_show_their_tags_linked_to_tag_pages(reader, sample_url, sample, sample_site):
    open_overview(reader, sample_url)
    reader.get_by_role("checkbox", name="Leadership").check()
    wait_idle(reader)
    all_cards(reader)
    drawn = reader.eval_on_selector_all(
        ".qi-card",
        """cards => cards.map(card => ({
            title: card.querySelector('.qi-card__title').textContent.trim(),
            tags: [...card.querySelectorAll('.qi-tag')].map(a => [a.textContent, new URL(a.href).pathname]),
        }))""",
    )
    by_title = {a.title: a for a in sample}
    assert any(card["tags"] for card in drawn)
    for card in drawn:
        article = by_title[card["title"]]
        assert [label for label, _ in card["tags"]] == [f"#{tag}" for tag in dict.fromkeys(article.tags)]
        for _, path in card["tags"]:
            assert (sample_site / path.lstrip("/") / "index.html").is_file(), path


def test_search_results_show_their_tags(reader, sample_url, sample):
    open_overview(reader, sample_url, query="?q=feedback")
    reader.wait_for_selector(".qi-card")
    drawn = reader.eval_on_selector_all(
        ".qi-card",
        """cards => cards.map(card => ({
            title: card.querySelector('.qi-card__title').textContent.trim(),
            tags: [...card.querySelectorAll('.qi-tag')].map(a => a.textContent),
        }))""",
    )
    by_title = {a.title: a for a in sample}
    assert drawn and any(card["tags"] for card in drawn)
    for card in drawn:
        assert card["tags"] == [f"#{tag}" for tag in dict.fromkeys(by_title[card["title"]].tags)]
