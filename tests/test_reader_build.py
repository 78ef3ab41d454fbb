"""What the build does for readers that templates cannot (site/reader.py): one main
landmark, fingerprinted and minified assets, and each insight's social card."""

from __future__ import annotations

import dataclasses
import io
import re

from conftest import ROOT
from PIL import Image
from quickinsights.model.categories import load_vocabulary
from quickinsights.model.content import load_corpus
from quickinsights.site import reader

ASSETS = ROOT / "plugins" / "quickinsights" / "site" / "assets"


def test_materials_main_becomes_a_div_and_ours_stays():
    page = (
        '<main class="md-main" data-md-component="main"><nav>x</nav>'
        '<main class="md-content" role="main"><h1>T</h1></main></main><footer></footer>'
    )
    tidy = reader.one_main_landmark(page)
    assert tidy.count("<main") == 1 and tidy.count("</main>") == 1
    assert tidy.startswith('<div class="md-main" data-md-component="main">')
    assert tidy.endswith("</main></div><footer></footer>")


def test_assets_are_minified_and_their_imports_carry_the_imported_files_hash():
    assets = reader.assets(ASSETS)
    for name, (text, _) in assets.items():
        assert len(text) < len((ASSETS / name).read_text(encoding="utf-8")), name
    engine_hash = assets["engine.js"][1]
    assert f'"./engine.js?v={engine_hash}"' in assets["search.js"][0]
    assert f'"./search.js?v={assets["search.js"][1]}"' in assets["filter.js"][0]
    # A page loads each asset at the same address the modules import it from.
    html = reader.fingerprint('<script type="module" src="../assets/search.js"></script>', ASSETS)
    assert html == f'<script type="module" src="../assets/search.js?v={assets["search.js"][1]}"></script>'


def test_fingerprint_leaves_other_addresses_alone():
    html = '<a href="assets/cards/en/all/1.json">x</a> <img src="assets/images/favicon.png">'
    assert reader.fingerprint(html, ASSETS) == html


def test_a_social_card_is_drawn_once_and_named_by_what_it_shows(tmp_path):
    corpus = load_corpus(ROOT / "content", root=ROOT)
    article = next(a for a in corpus.articles if a.lang == "nl" and not a.draft)
    vocabulary = load_vocabulary()
    site, cache = tmp_path / "site", tmp_path / "cache"
    url = reader.social_card(article, vocabulary, "Quick Insights", site, cache)
    assert re.fullmatch(r"assets/social/[0-9a-f]{16}\.png", url)
    image = Image.open(io.BytesIO((site / url).read_bytes()))
    assert image.size == (1200, 630)
    # Cached: the same insight gives the same file, not drawn again.
    cached = cache / "social" / url.rsplit("/", 1)[1]
    stamp = cached.stat().st_mtime_ns
    assert reader.social_card(article, vocabulary, "Quick Insights", site, cache) == url
    assert cached.stat().st_mtime_ns == stamp
    # A new title is a new card.
    retitled = dataclasses.replace(article, title=article.title + "!")
    assert reader.social_card(retitled, vocabulary, "Quick Insights", site, cache) != url
