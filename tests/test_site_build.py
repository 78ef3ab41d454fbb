"""The site built from content: metadata rendered inside the page's main content."""

from __future__ import annotations

import re

import pytest
from conftest import build_site, make_project
from mkdocs.exceptions import Abort, PluginError

EN_ARTICLE = """
---
title: Trust <b>grows</b> slowly
date: 2026-03-14
author: Anna de Vries
categories: [leadership, customer-loyalty]
summary: Why trust is built in small steps & lost in one.
translation_key: trust
quote: We kept our promises, and the customers noticed.
quote_author: Ruben Smit, plant manager
---

Trust is built in small steps[^1].

- Keep promises.
- Say what you will do.

[^1]: And lost in one.
"""

NL_ARTICLE = """
---
title: Vertrouwen groeit langzaam
date: 2026-11-24
author: Anna de Vries
categories: [leiderschap]
summary: Waarom vertrouwen in kleine stappen groeit.
translation_key: trust
---

Vertrouwen groeit in kleine stappen, en organisaties merken dat pas later.
"""


def main_of(html: str) -> str:
    """The part of the page inside role="main": the theme's nav repeats titles."""
    start = html.index('role="main"')
    return html[start : html.index("</main>", start)]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("site")
    project = make_project(
        tmp,
        {
            "content/en/trust-grows-slowly.md": EN_ARTICLE,
            "content/nl/vertrouwen-groeit-langzaam.md": NL_ARTICLE,
            "content/en/unfinished.md": EN_ARTICLE.replace("translation_key: trust\n", "draft: true\n"),
        },
    )
    return build_site(project)


def test_english_article_renders_its_metadata_inside_main(site):
    main = main_of((site / "trust-grows-slowly" / "index.html").read_text())
    assert '<h1 class="qi-title">Trust &lt;b&gt;grows&lt;/b&gt; slowly</h1>' in main
    assert '<time class="qi-date" datetime="2026-03-14">14 March 2026</time>' in main
    assert '<span class="qi-author">Anna de Vries</span>' in main
    assert "1 min read" in main
    # Chips link to the category pages of the page's language (issue 3).
    assert '<a class="qi-chip" href="../categories/leadership/">Leadership</a>' in main
    assert '<a class="qi-chip" href="../categories/customer-loyalty/">Customer loyalty</a>' in main
    assert '<p class="qi-lead">Why trust is built in small steps &amp; lost in one.</p>' in main
    assert "<blockquote><p>We kept our promises, and the customers noticed.</p></blockquote>" in main
    assert "<figcaption>Ruben Smit, plant manager</figcaption>" in main
    assert 'class="footnote"' in main


def test_dutch_article_renders_dutch_metadata_inside_main(site):
    main = main_of((site / "nl" / "vertrouwen-groeit-langzaam" / "index.html").read_text())
    assert '<h1 class="qi-title">Vertrouwen groeit langzaam</h1>' in main
    assert '<time class="qi-date" datetime="2026-11-24">24 november 2026</time>' in main
    assert "Door <span" in main
    assert "1 min leestijd" in main
    assert '<a class="qi-chip" href="../categorieen/leiderschap/">Leiderschap</a>' in main
    assert 'href="../../trust-grows-slowly/"' in main


def test_page_language_is_set(site):
    assert '<html lang="nl"' in (site / "nl" / "vertrouwen-groeit-langzaam" / "index.html").read_text()
    assert '<html lang="en"' in (site / "trust-grows-slowly" / "index.html").read_text()


def test_drafts_are_not_published(site):
    assert not (site / "unfinished").exists()
    assert "unfinished" not in (site / "insights" / "index.html").read_text()


def test_articles_stay_out_of_the_nav(site):
    nav = (site / "about" / "index.html").read_text()
    nav = nav[nav.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>")]
    assert "trust-grows-slowly" not in nav
    assert "Insights" in nav


def test_no_page_requests_another_host(site):
    pattern = re.compile(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="(https?:)?//', re.I)
    for page in site.rglob("*.html"):
        html = page.read_text()
        for match in pattern.finditer(html):
            tag = html[match.start() : html.index(">", match.start()) + 1]
            # <link rel="alternate|canonical"> are addresses, not requests.
            assert re.search(r'rel="(alternate|canonical)"', tag), f"{page}: {tag}"


def test_broken_article_fails_the_build_with_every_problem(tmp_path, caplog):
    project = make_project(
        tmp_path,
        {
            "content/en/bad-date.md": EN_ARTICLE.replace("2026-03-14", "2025-02-30"),
            "content/nl/onbekend.md": NL_ARTICLE.replace("[leiderschap]", "[klantfocus]"),
        },
    )
    with pytest.raises((PluginError, Abort)) as info:
        build_site(project)
    assert info.type is Abort  # MkDocs reports a PluginError as a clean abort
    message = caplog.text
    assert "2 problems in the content; nothing was built" in message
    assert "content/en/bad-date.md:3: 'date' is not a real date: 2025-02-30" in message
    assert "content/nl/onbekend.md:5: unknown category 'klantfocus'" in message
    assert "  hint: Allowed: hoogpresterende-organisaties, klantloyaliteit," in message
    assert "Traceback" not in message


def test_mkdocs_build_lists_every_kind_of_broken_article_without_a_traceback(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    cases = Path(__file__).parent / "fixtures" / "frontmatter"
    broken = {f"content/en/{case.name}": case.read_text() for case in cases.glob("*.md") if case.stem != "valid"}
    project = make_project(tmp_path, broken)
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    result = subprocess.run([mkdocs, "build", "--strict"], cwd=project, capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    expected = [
        line
        for case in cases.glob("*.md")
        if case.stem != "valid"
        for line in case.with_suffix(".expected").read_text().splitlines()
    ]
    count = sum(1 for line in expected if not line.startswith("  hint: "))
    assert f"{count} problems in the content; nothing was built" in output
    for line in expected:
        assert line in output
    assert "Traceback" not in output
    assert not (project / "site" / "index.html").exists()


def test_the_preview_shows_drafts_marked_as_draft(tmp_path):
    draft = EN_ARTICLE.replace("translation_key: trust\n", "draft: true\n")
    project = make_project(tmp_path, {"content/en/unfinished.md": draft})
    site = build_site(project, command="serve")
    main = main_of((site / "unfinished" / "index.html").read_text())
    assert '<p class="qi-draft" role="note">Draft: this insight is not published yet.' in main


def test_each_home_shows_the_newest_insights_of_its_language(site):
    home = main_of((site / "index.html").read_text())
    assert '<h2 id="qi-latest-heading">Newest insights</h2>' in home
    assert 'href="trust-grows-slowly/"' in home and "Trust &lt;b&gt;grows&lt;/b&gt; slowly" in home
    assert "vertrouwen-groeit-langzaam" not in home
    assert "unfinished" not in home  # drafts are not published
    dutch = main_of((site / "nl" / "index.html").read_text())
    assert '<h2 id="qi-latest-heading">Nieuwste inzichten</h2>' in dutch
    assert 'href="../nl/vertrouwen-groeit-langzaam/"' in dutch or 'href="vertrouwen-groeit-langzaam/"' in dutch
    assert 'href="inzichten/">Alle inzichten</a>' in dutch
