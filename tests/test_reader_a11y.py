"""The reader's side of every page type, in Chromium: axe-core finds no serious or
critical violation (both languages, phone and desktop, light and dark), the overview
does not move once shown (layout shift) and its first result is on the first phone
screen, and the built HTML is valid (the W3C Nu checker, where Java and vnu.jar are).

PAGES is the list of page types: a page type added to the site (author and tag pages)
is one line here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

# (page type, English path, Dutch path), paths from the site's root.
PAGES = [
    ("home", "", "nl/"),
    ("overview", "insights/", "nl/inzichten/"),
    ("overview-query", "insights/?q=feedback", "nl/inzichten/?q=feedback"),
    ("category", "categories/customer-loyalty/", "nl/categorieen/klantloyaliteit/"),
    ("article", "complaints-are-a-gift/", "nl/klantloyaliteit-begint-binnen/"),
    ("not-found", "404.html", "nl/404.html"),
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
SCHEMES = ("light", "dark")
BLOCKING = ("serious", "critical")


def page_urls() -> list[tuple[str, str]]:
    """(id, path) of every page of PAGES in both languages."""
    return [(f"{name}-{lang}", path) for name, en, nl in PAGES for lang, path in (("en", en), ("nl", nl))]


def settle(page) -> None:
    """Wait until the page's own scripts have done what they do on load."""
    page.wait_for_load_state("load")
    if page.locator("[data-qi-overview]").count():
        page.wait_for_selector("[data-qi-overview][data-qi-ready]", state="attached")
        page.wait_for_selector(".qi-cards:not([aria-busy])", state="attached")


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page, as axe reports them."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page).response["violations"]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['impact']}: {v['id']} ({len(v['nodes'])}): {v['help']}: "
        + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"]) for n in v["nodes"][:3])
        for v in violations
    )


@pytest.fixture(scope="module")
def axe_page(browser):
    """One context per viewport and scheme, reused by the axe tests (contexts are slow)."""
    contexts = {}

    def get(viewport: str, scheme: str):
        if (viewport, scheme) not in contexts:
            context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme)
            contexts[viewport, scheme] = context.new_page()
        return contexts[viewport, scheme]

    yield get
    for page in contexts.values():
        page.context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize(("name", "path"), page_urls(), ids=[n for n, _ in page_urls()])
def test_axe_finds_no_serious_violation(axe_page, sample_url, name, path, viewport, scheme):
    page = axe_page(viewport, scheme)
    page.goto(sample_url + path)
    settle(page)
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert blocking == [], describe(blocking)


LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  // Two frames after the page's scripts settled: every shift of the load is reported.
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve(total), 300)));
})"""


def layout_shift(browser, url: str, viewport: dict) -> float:
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        page.goto(url)
        settle(page)
        return page.evaluate(LAYOUT_SHIFT)
    finally:
        context.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("path", ["insights/", "nl/inzichten/", "insights/?q=feedback"])
def test_overview_does_not_shift(browser, sample_url, path, viewport):
    assert layout_shift(browser, sample_url + path, VIEWPORTS[viewport]) < 0.02


def first_card_top(browser, url: str, javascript: bool = True) -> float:
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(url)
        if javascript:
            settle(page)
        return page.locator(".qi-card").first.bounding_box()["y"]
    finally:
        context.close()


@pytest.mark.parametrize("path", ["insights/", "nl/inzichten/"])
def test_first_result_is_on_the_first_phone_screen(browser, sample_url, path):
    # Its title at least: the card starts well above the bottom of the screen.
    assert first_card_top(browser, sample_url + path) < PHONE["height"] - 120


def test_without_javascript_the_overview_offers_language_and_category_links(browser, sample_url):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(sample_url + "insights/")
        links = page.locator(".qi-nojs-filters a")
        hrefs = links.evaluate_all("els => els.map(e => new URL(e.href).pathname)")
        assert "/nl/inzichten/" in hrefs
        assert "/categories/customer-loyalty/" in hrefs
        # Near the top: above the first card, on the first screen.
        assert links.first.bounding_box()["y"] < PHONE["height"]
        assert links.first.bounding_box()["y"] < page.locator(".qi-card").first.bounding_box()["y"]
        # The scripted controls, which do nothing without script, are not shown.
        assert not page.locator("form.qi-filter").is_visible()
    finally:
        context.close()


# Material's own markup that we keep: autocomplete="off" on its drawer and search
# toggles (checkboxes) stops Firefox restoring them open on "back"; HTML allows the
# attribute on text inputs only.
MATERIAL_KNOWN = ("Attribute “autocomplete” is only allowed when the input type is",)


def vnu_command() -> list[str] | None:
    """The Nu checker: $VNU_JAR, or vnu.jar from the project's npm install (Makefile)."""
    jar = os.environ.get("VNU_JAR") or str(ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar")
    if not shutil.which("java") or not Path(jar).exists():
        return None
    return ["java", "-jar", jar]


def test_html_is_valid(sample_site):
    command = vnu_command()
    if command is None:
        pytest.skip("no Java or vnu.jar (make test installs both)")
    files = [str(p) for p in sorted(sample_site.rglob("*.html"))]
    result = subprocess.run(
        [*command, "--format", "json", "--errors-only", *files], capture_output=True, text=True, check=False
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    prefix = f"file:{sample_site}/"
    errors = [
        f"{m.get('url', '').removeprefix(prefix)}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if not any(known in m["message"] for known in MATERIAL_KNOWN)
    ]
    assert errors == [], "\n".join(errors[:40])
