"""A third language is configuration plus translated strings (issue 13).

The site `insights init` writes (English and Dutch) gets German as well, as a site owner
would add it: an entry in the i18n plugin's languages, the German labels in its
categories.yml, and content/de/ (tests/fixtures/trilingual/). Nothing of the package
changes. The built site then has German pages, a switcher and hreflang links over all
three languages, German in the sitemap, and German in both searches.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
import yaml
from click.testing import CliRunner
from conftest import FIXTURES, build_site, serve
from quickinsights.cli import main as cli
from quickinsights.model import i18n, languages

TRILINGUAL = FIXTURES / "trilingual"
GERMAN = """\
        - locale: de
          name: Deutsch
          build: true
          site_description: Kurze, praktische Einblicke in das Management.
          nav:
            - Startseite: index.md
            - Einblicke: einblicke/index.md
            - Über uns: about.md
  - quickinsights:"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("trilingual") / "site"
    result = CliRunner().invoke(cli.main, ["init", str(folder), "--name", "Quick Insights"])
    assert result.exit_code == 0, result.output
    config = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    assert config.count("  - quickinsights:") == 1
    (folder / "mkdocs.yml").write_text(config.replace("  - quickinsights:", GERMAN), encoding="utf-8")
    german = yaml.safe_load((TRILINGUAL / "categories-de.yml").read_text(encoding="utf-8"))
    categories = yaml.safe_load((folder / "categories.yml").read_text(encoding="utf-8"))
    for category in categories:
        category["de"] = german[category["slug"]]
    (folder / "categories.yml").write_text(yaml.safe_dump(categories, allow_unicode=True), encoding="utf-8")
    shutil.copytree(TRILINGUAL / "content" / "de", folder / "content" / "de")
    return folder


@pytest.fixture(scope="module")
def site(project):
    return build_site(project)


def _html(site, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_every_language_of_the_table_has_every_interface_word():
    english = set(i18n.STRINGS["en"])
    for code in languages.KNOWN:
        assert set(i18n.STRINGS[code]) == english, code
        for other in languages.KNOWN:
            # The words that name another language, or point to it, exist for each pair.
            assert {f"lang_{other}", f"only_in_{other}", f"also_search_{other}"} <= set(i18n.STRINGS[code])


def test_insights_check_accepts_the_german_insights(project, monkeypatch):
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli.main, ["check"])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output


def test_german_pages_are_built_in_german(site):
    home = _html(site, "de/index.html")
    assert '<html lang="de"' in home
    article = _html(site, "de/eine-prioritaet-pro-woche/index.html")
    assert '<html lang="de"' in article
    assert "Eine Priorität pro Woche" in article
    # The date in German (CLDR), the byline and the category label in German.
    assert "2. November 2026" in article
    assert ">Führung<" in article
    overview = _html(site, "de/einblicke/index.html")
    assert "Alle Einblicke" in overview or "Einblicke" in overview
    category = _html(site, "de/kategorien/kundentreue/index.html")
    assert "Kundentreue beginnt nach dem Kauf" in category
    assert (site / "de" / "404.html").is_file()


def test_the_switcher_and_hreflang_offer_all_three_languages(site):
    pages = {
        "en": _html(site, "one-priority-a-week/index.html"),
        "nl": _html(site, "nl/een-prioriteit-per-week/index.html"),
        "de": _html(site, "de/eine-prioritaet-pro-woche/index.html"),
    }
    for lang, html in pages.items():
        found = dict(re.findall(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)"', html))
        assert found.keys() >= {"en", "nl", "de"}, (lang, found)
        assert found["de"].endswith("/de/eine-prioritaet-pro-woche/")
        assert found["nl"].endswith("/nl/een-prioriteit-per-week/")
        # The switcher (Material's language selector) links each translation.
        switcher = html[html.index("md-select__list") :]
        slugs = {"en": "one-priority-a-week/", "nl": "een-prioriteit-per-week/", "de": "eine-prioritaet-pro-woche/"}
        assert all(slugs[other] in switcher for other in slugs if other != lang), (lang, switcher[:600])
        assert "Deutsch" in switcher and "Nederlands" in switcher and "English" in switcher


def test_an_insight_only_in_german_says_so_and_has_no_alternates(site):
    html = _html(site, "de/kundentreue-beginnt-nach-dem-kauf/index.html")
    assert "Dieser Einblick ist nur auf Deutsch verfügbar." in html
    assert 'hreflang="nl"' not in html.split("</head>")[0] or "kundentreue" not in html.split('hreflang="nl"')[0][-200:]


def test_the_sitemap_lists_german_pages_with_their_alternates(site):
    tree = ET.parse(site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    locs = {url.findtext("s:loc", namespaces=ns): url for url in tree.getroot().findall("s:url", ns)}
    german = [loc for loc in locs if "/de/eine-prioritaet-pro-woche/" in loc]
    assert german
    links = {link.get("hreflang") for link in locs[german[0]].findall("x:link", ns)}
    assert {"en", "nl", "de"} <= links


def test_the_site_search_indexes_german_with_its_own_stemmer(site):
    entry = json.loads((site / "assets" / "search" / "index.json").read_text(encoding="utf-8"))
    folder = site / "assets" / "search" / entry["version"]
    assert (folder / "stem-de.js").is_file()
    assert "german" in (folder / "stem-de.js").read_text(encoding="utf-8").lower()


def test_the_readers_search_finds_a_german_insight_by_an_inflected_word(site, page):
    url, server = serve(site)
    try:
        page.goto(url + "de/einblicke/?q=Verbesserung")
        page.wait_for_selector(".qi-card a", timeout=10_000)
        titles = page.locator(".qi-card h2, .qi-card h3").all_inner_texts()
        assert any("Kleine Verbesserungen" in title for title in titles), titles
    finally:
        server.shutdown()


def test_insights_search_finds_a_german_insight(project, monkeypatch):
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli.main, ["search", "Kunden", "--lang", "de"])
    assert result.exit_code == 0, result.output + (result.stderr or "")
    assert "Kundentreue beginnt nach dem Kauf" in result.output
