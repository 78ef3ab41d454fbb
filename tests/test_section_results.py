"""Results that take the reader to the place (issue 12): a search result links to the
section whose text matched, with that section's snippet, and the article opened from
it highlights the query's words until the reader clears them. In Chromium, over a
small site built for these tests; the sections' data is checked against the pages the
build wrote.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import build_site, make_project, serve
from quickinsights.search import sitesearch

XSS = "<img src=x onerror=alert(1)>"

DUTCH = """
---
title: "Samen beslissen"
date: 2026-03-02
author: Anna de Vries
categories: [leadership]
summary: "Hoe een team zelf besluiten neemt, en wat daarvoor nodig is."
translation_key: deciding-together
---

Een team dat zelf beslist, voelt zich eigenaar van het resultaat.

## Waarom het werkt

Wie meebeslist, zet zich in voor de uitvoering en vraagt eerder om hulp.

## Wat de directie doet

De organisatie geeft het team ruimte en informatie. Veel organisaties vergeten dat,
en houden de besluiten toch bij zich.

## Wat u morgen doet

Plan een kort overleg over één besluit dat het team zelf mag nemen.
"""

ENGLISH = """
---
title: "Deciding together"
date: 2026-03-02
author: Anna de Vries
categories: [leadership]
summary: "How a team makes its own decisions, and what that takes."
translation_key: deciding-together
---

A team that decides for itself owns the result.

## Why it works

People who take part in a decision put their effort into carrying it out.

## What the board does

It gives the team room and information, and keeps its hands off.
"""

# A heading that is markup once unescaped: it must stay text in every result.
HOSTILE = """
---
title: "Escalation without drama"
date: 2026-02-10
author: Eve
categories: [strategy]
summary: "When to hand a problem on, and how."
---

Most problems are solved where they start.

## &lt;img src=x onerror=alert(1)&gt;

Quokkas rarely escalate; a team that knows its limits does so early.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = make_project(
        tmp_path_factory.mktemp("sections"),
        {
            "content/nl/samen-beslissen.md": DUTCH,
            "content/en/deciding-together.md": ENGLISH,
            "content/en/escalation-without-drama.md": HOSTILE,
        },
    )
    return build_site(project)


@pytest.fixture(scope="module")
def base(site):
    url, server = serve(site)
    yield url
    server.shutdown()


@pytest.fixture
def reader(page):
    """A page that must end with no console error, no request to another host and no
    script run from a heading (an alert is a dialog)."""
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    assert page.console_errors == []
    assert page.foreign_requests == []
    assert page.dialogs == []


def header_results(page, start: str, query: str) -> list[dict]:
    page.goto(start)
    page.locator("#qi-search-q").fill(query)
    page.wait_for_selector(".qi-search__panel:not([hidden])")
    # The sections come a moment after the results (search.js Results.places).
    page.wait_for_selector(".qi-search__results[data-places]:not([aria-busy])", state="attached")
    return page.eval_on_selector_all(
        ".qi-search__results a",
        """els => els.map(a => ({
        href: a.getAttribute('href'),
        title: a.querySelector('.qi-search__title').textContent,
        heading: a.querySelector('.qi-search__place-heading')?.textContent ?? null,
        snippet: a.querySelector('.qi-search__place-snippet')?.textContent ?? null,
        marked: [...a.querySelectorAll('.qi-search__place mark')].map(m => m.textContent),
    }))""",
    )


def body_ids(page_html: str) -> list[str]:
    """The ids of the headings in an insight's body, as the build wrote the page."""
    article = page_html[
        page_html.index('<article class="md-content__inner') : page_html.index('<aside class="qi-related"')
        if '<aside class="qi-related"' in page_html
        else page_html.index("</article>")
    ]
    return re.findall(r'<h[2-6] id="([^"]+)"', article)


def wait_highlighted(page) -> None:
    page.wait_for_selector(".qi-highlight:not([hidden])")


# -- the data -------------------------------------------------------------------------


def test_each_insight_has_the_sections_of_its_own_page(site):
    entry = json.loads((site / "assets" / "search" / "index.json").read_text(encoding="utf-8"))
    folder = site / "assets" / "search" / entry["version"]
    seen = {}
    for path in sorted((folder / "d").glob("*.json")):
        card = json.loads(path.read_text(encoding="utf-8"))
        assert "h" not in card  # the cards stay as small as they were
        sections = json.loads((folder / "s" / path.name).read_text(encoding="utf-8"))
        page = (site / card["u"] / "index.html").read_text(encoding="utf-8")
        # The anchors are the ids the build gave the page's headings: a Dutch insight's
        # from the Dutch page.
        assert [anchor for anchor, _, _ in sections] == body_ids(page), card["u"]
        seen[card["u"]] = sections
    assert seen["nl/samen-beslissen/"] == [
        [
            "waarom-het-werkt",
            "Waarom het werkt",
            "Wie meebeslist, zet zich in voor de uitvoering en vraagt eerder om hulp.",
        ],
        [
            "wat-de-directie-doet",
            "Wat de directie doet",
            "De organisatie geeft het team ruimte en informatie. Veel organisaties vergeten dat, en houden de besluiten toch bij zich.",
        ],
        [
            "wat-u-morgen-doet",
            "Wat u morgen doet",
            "Plan een kort overleg over één besluit dat het team zelf mag nemen.",
        ],
    ]
    assert [heading for _, heading, _ in seen["deciding-together/"]] == ["Why it works", "What the board does"]
    # The hostile heading is stored as the text it is, to be shown as text.
    assert seen["escalation-without-drama/"][0][1] == XSS


def test_page_sections_reads_the_rendered_body():
    html = (
        "<p>Before the first heading.</p>\n"
        '<h2 id="first">First <em>one</em><a class="headerlink" href="#first" title="Permanent link">¶</a></h2>\n'
        '<p>Some <strong>bold</strong> text<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>.</p>\n'
        "<ul>\n<li>a list</li>\n<li>item</li>\n</ul>\n"
        '<h3 id="second">&lt;b&gt; &amp; co</h3>\n<table><tr><td>cell</td><td>two</td></tr></table>\n'
        "<h2>No id</h2>\n<p>still the second section</p>\n"
        '<div class="footnote">\n<hr />\n<ol><li id="fn:1"><p>A note.</p></li></ol>\n</div>'
    )
    assert sitesearch.page_sections(html) == [
        ["first", "First one", "Some bold text. a list item"],
        ["second", "<b> & co", "cell two No id still the second section"],
    ]
    assert sitesearch.page_sections("<p>no headings</p>") == []
    assert sitesearch.page_sections('<h2 id="x">X</h2><p>one two three four</p>', limit=9) == [["x", "X", "one two"]]


def test_the_version_follows_the_sections_sources():
    from quickinsights.model.categories import load_vocabulary
    from quickinsights.model.content import parse_article

    vocabulary = load_vocabulary()

    def version(body: str) -> str:
        text = f'---\ntitle: "T"\ndate: 2026-01-01\nauthor: A\ncategories: [strategy]\nsummary: "S."\n---\n\n{body}\n'
        article, problems = parse_article(text, "en", "t", "content/en/t.md", vocabulary)
        assert article is not None and not [p for p in problems if p.is_error]
        return sitesearch.build_index([article], vocabulary, salt=sitesearch.sections_salt([article], "x")).version

    # The same words, one paragraph moved to another section: the same postings, other sections.
    assert version("## A\n\nOne.\n\n## B\n\nTwo.") != version("## A\n\n## B\n\nOne.\n\nTwo.")
    assert version("## A\n\nOne.") == version("## A\n\nOne.")


# -- in the browser -------------------------------------------------------------------


def test_a_header_result_links_to_the_section_and_shows_its_snippet(reader, base):
    shown = header_results(reader, base + "nl/about/", "organisatie")
    assert [r["title"] for r in shown] == ["Samen beslissen"]
    result = shown[0]
    # The word is in the text below one heading, not in the title or summary.
    assert result["href"] == "/nl/samen-beslissen/?h=organisatie#wat-de-directie-doet"
    assert result["heading"] == "Wat de directie doet"
    assert result["snippet"] == (
        "De organisatie geeft het team ruimte en informatie. Veel organisaties vergeten dat, "
        "en houden de besluiten toch bij zich."
    )
    # Marked in both forms, as marks (not markup) in text.
    assert result["marked"] == ["organisatie", "organisaties"]
    assert reader.locator(".qi-search__place mark.qi-mark").count() == 2


def test_a_title_that_says_it_all_links_to_the_top(reader, base):
    # Every word in the title and no heading with one: the article is the place.
    shown = header_results(reader, base + "about/", "deciding")
    assert [(r["href"], r["heading"]) for r in shown] == [("/deciding-together/?h=deciding", None)]
    # A heading with the word is a place even so.
    shown = header_results(reader, base + "about/", "board ")
    assert [(r["href"], r["heading"]) for r in shown] == [
        ("/deciding-together/?h=board#what-the-board-does", "What the board does")
    ]


def test_an_overview_card_links_to_the_section(reader, base):
    reader.goto(base + "nl/inzichten/?q=organisatie&lang=nl")
    reader.wait_for_selector(".qi-cards[data-places]", state="attached")
    card = reader.locator(".qi-card", has=reader.locator(".qi-card__section"))
    assert card.count() == 1
    assert card.locator(".qi-card__link").get_attribute("href") == "/nl/samen-beslissen/?h=organisatie"
    section = card.locator(".qi-card__section")
    assert section.get_attribute("href") == "/nl/samen-beslissen/?h=organisatie#wat-de-directie-doet"
    assert section.text_content() == "Wat de directie doet"
    assert card.locator(".qi-card__snippet mark").all_text_contents() == ["organisatie", "organisaties"]


def test_the_article_highlights_every_form_and_clears_them(reader, base):
    plain = base + "nl/samen-beslissen/"
    reader.goto(plain)
    text = reader.locator("article").text_content()
    shown = header_results(reader, base + "nl/about/", "organisatie")
    reader.locator(".qi-search__results a").first.click()
    reader.wait_for_url("**/nl/samen-beslissen/?h=organisatie#wat-de-directie-doet")
    wait_highlighted(reader)
    marks = reader.locator("article mark.qi-highlight-mark").all_text_contents()
    assert marks == ["organisatie", "organisaties"]  # the form typed and another
    # The page went to the section (as far as a short page scrolls): its heading is in view.
    top = reader.evaluate("document.getElementById('wat-de-directie-doet').getBoundingClientRect().top")
    assert reader.evaluate("scrollY") > 0 and 0 <= top < reader.evaluate("innerHeight") - 100
    # The bar says what is highlighted, in the page's language; the words are text.
    bar = reader.locator(".qi-highlight")
    assert bar.text_content().split() == ["Gemarkeerd:", "organisatie", "✕", "Wissen"]
    clear = reader.get_by_role("button", name="Markering wissen")
    # By keyboard: Tab reaches the button from the search box, Enter clears.
    reader.locator("#qi-search-q").focus()
    for _ in range(40):
        reader.keyboard.press("Tab")
        if reader.evaluate("document.activeElement.classList.contains('qi-highlight__clear')"):
            break
    assert reader.evaluate("document.activeElement.classList.contains('qi-highlight__clear')")
    reader.keyboard.press("Enter")
    assert reader.locator("article mark").count() == 0
    assert bar.is_hidden() and clear.is_hidden()
    assert reader.url == plain + "#wat-de-directie-doet"  # the parameter is gone, the place kept
    assert reader.locator("article").text_content() == text  # the text as it was
    assert reader.evaluate("document.activeElement.classList.contains('qi-title')")
    assert shown  # (the result the reader clicked)


def test_an_english_article_highlights_a_word_being_typed(reader, base):
    # "decid" (still typing): the words it begins, as in the results.
    reader.goto(base + "deciding-together/?h=decid")
    wait_highlighted(reader)
    assert {m.lower() for m in reader.locator("article mark").all_text_contents()} == {"deciding", "decides"}
    # The related insights and the permalinks are not the article's text.
    assert reader.locator(".qi-related mark, .headerlink mark").count() == 0


def test_nothing_to_highlight_shows_no_bar(reader, base):
    reader.goto(base + "deciding-together/?h=organisatie")
    reader.wait_for_load_state("networkidle")
    assert reader.locator(".qi-highlight").is_hidden()
    assert reader.locator("article mark").count() == 0


def test_without_javascript_the_page_is_as_always(browser, base):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base + "nl/samen-beslissen/?h=organisatie#wat-de-directie-doet")
        assert page.locator(".qi-highlight").is_hidden()
        assert page.locator("article mark").count() == 0
        assert page.locator("#wat-de-directie-doet").inner_text().startswith("Wat de directie doet")
    finally:
        context.close()


def test_a_hostile_heading_and_query_stay_text(reader, base):
    shown = header_results(reader, base + "about/", "quokkas")
    assert [(r["href"], r["heading"]) for r in shown] == [
        ("/escalation-without-drama/?h=quokkas#img-srcx-onerroralert1", XSS)
    ]
    # The heading's own words marked: text nodes and marks, never markup.
    shown = header_results(reader, base + "about/", "img ")
    assert shown[0]["heading"] == XSS
    assert reader.locator(".qi-search__place-heading mark").all_text_contents() == ["img"]
    assert reader.locator(".qi-search__results img").count() == 0
    reader.goto(base + "insights/?q=quokkas")
    reader.wait_for_selector(".qi-cards[data-places]", state="attached")
    assert reader.locator(".qi-card__section").text_content() == XSS
    assert reader.locator(".qi-cards img").count() == 0
    # A query in the address that is markup: shown as the text it is.
    reader.goto(base + "escalation-without-drama/?h=" + "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    wait_highlighted(reader)
    assert reader.locator(".qi-highlight__words").text_content() == XSS
    assert reader.locator("article img[src=x]").count() == 0
    assert "img" in [m.lower() for m in reader.locator("article mark").all_text_contents()]
