"""Author and tag pages, breadcrumbs and structured data on the built sample site, and
on small sites for what the sample does not show (hostile text, drafts, unknown
authors)."""

from __future__ import annotations

import html
import json
import re
import textwrap
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, build_site, insight_text, make_project
from mkdocs.exceptions import Abort
from quickinsights.model.authors import load_authors
from quickinsights.model.content import load_corpus
from quickinsights.model.tags import tag_slug

SITE_URL = "http://127.0.0.1:8000/"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT / "content", root=ROOT)


@pytest.fixture(scope="module")
def authors():
    return load_authors(ROOT / "authors.yml")


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def main_of(text: str) -> str:
    start = text.index('role="main"')
    return text[start : text.index("<footer", start)]


def json_ld(text: str) -> list[dict]:
    return [json.loads(block) for block in JSON_LD.findall(main_of(text))]


def article_url(article) -> str:
    return ("" if article.lang == "en" else f"{article.lang}/") + f"{article.slug}/"


def resolve(from_url: str, href: str) -> str:
    """A relative link on the page at `from_url`, as a URL below the site root."""
    from posixpath import join, normpath

    target = normpath(join("/" + from_url, href)).lstrip("/")
    return target + "/" if href.endswith("/") and target else target


def test_every_article_carries_article_and_breadcrumb_json_ld(sample_site, corpus, authors):
    published = [a for a in corpus.articles if not a.draft]
    assert published
    for article in published:
        url = article_url(article)
        data = {block["@type"]: block for block in json_ld(page(sample_site, url))}
        assert set(data) == {"Article", "BreadcrumbList"}, url
        item = data["Article"]
        assert item["@context"] == "https://schema.org"
        assert item["headline"] == article.title
        assert item["inLanguage"] == article.lang
        assert item["datePublished"] == article.date.isoformat()
        assert item["dateModified"] == (article.updated or article.date).isoformat()
        assert item["url"] == SITE_URL + url
        person = item["author"]
        assert person["@type"] == "Person" and person["name"] == article.author
        author = authors.resolve(article.author)
        section = "authors" if article.lang == "en" else "nl/auteurs"
        assert person["url"] == f"{SITE_URL}{section}/{author.slug}/"
        assert (sample_site / person["url"][len(SITE_URL) :] / "index.html").is_file()
        translation = corpus.translation_of(article)
        link = item.get("workTranslation") or item.get("translationOfWork")
        if translation is None:
            assert link is None, url
        else:
            assert link["url"] == SITE_URL + article_url(translation)
            assert link["inLanguage"] == translation.lang
        crumbs = data["BreadcrumbList"]["itemListElement"]
        assert [c["position"] for c in crumbs] == list(range(1, len(crumbs) + 1))
        assert crumbs[-1]["name"] == article.title and "item" not in crumbs[-1]
        assert crumbs[1]["item"] == SITE_URL + ("insights/" if article.lang == "en" else "nl/inzichten/")


def test_of_a_translated_pair_one_is_the_work_and_the_other_its_translation(sample_site, corpus):
    for article in corpus.articles:
        translation = corpus.translation_of(article)
        if translation is None or article.lang != "en":
            continue
        mine = next(b for b in json_ld(page(sample_site, article_url(article))) if b["@type"] == "Article")
        theirs = next(b for b in json_ld(page(sample_site, article_url(translation))) if b["@type"] == "Article")
        assert {"workTranslation", "translationOfWork"} == {
            next(k for k in block if k in {"workTranslation", "translationOfWork"}) for block in (mine, theirs)
        }


def test_the_breadcrumb_is_an_ordered_list_in_a_labelled_nav_in_the_page_language(sample_site):
    main = main_of(page(sample_site, "nl/klantloyaliteit-begint-binnen"))
    trail = re.search(r'<nav class="qi-breadcrumb" aria-label="Kruimelpad">\s*<ol>(.*?)</ol>', main, re.S)
    assert trail is not None
    items = re.findall(r"<li>(.*?)</li>", trail.group(1))
    assert items == [
        '<a href="../">Home</a>',
        '<a href="../inzichten/">Inzichten</a>',
        '<a href="../categorieen/klantloyaliteit/">Klantloyaliteit</a>',
        '<span aria-current="page">Klantloyaliteit begint binnen</span>',
    ]


@pytest.mark.parametrize(
    ("url", "trail"),
    [
        ("categories/leadership", ["Home", "Insights", "Categories", "Leadership"]),
        ("nl/auteurs/eva-kramer", ["Home", "Inzichten", "Auteurs", "Eva Kramer"]),
        ("tags/feedback", ["Home", "Insights", "Tags", "#feedback"[1:]]),
        ("nl/tags", ["Home", "Inzichten", "Tags"]),
    ],
)
def test_listing_pages_carry_a_breadcrumb_and_its_json_ld(sample_site, url, trail):
    text = page(sample_site, url)
    (crumbs,) = [b for b in json_ld(text) if b["@type"] == "BreadcrumbList"]
    assert [c["name"] for c in crumbs["itemListElement"]] == trail
    assert f'<span aria-current="page">{trail[-1]}</span>' in main_of(text)


def test_every_byline_links_to_an_author_page_in_the_page_language(sample_site, corpus, authors):
    for article in corpus.articles:
        url = article_url(article)
        main = main_of(page(sample_site, url))
        href = re.search(r'<a class="qi-author" href="([^"]+)" rel="author">([^<]+)</a>', main)
        assert href is not None, url
        assert html.unescape(href.group(2)) == article.author
        target = resolve(url, href.group(1))
        slug = authors.resolve(article.author).slug
        assert target == (f"authors/{slug}/" if article.lang == "en" else f"nl/auteurs/{slug}/")
        assert (sample_site / target / "index.html").is_file()


def test_an_author_page_shows_the_profile_and_their_insights_in_both_languages(sample_site, corpus):
    for url, role, bio, heading in (
        (
            "authors/lotte-visser",
            "Improvement adviser in healthcare, Quick Insights, Netherlands",
            "Lotte works",
            "3 insights",
        ),
        (
            "nl/auteurs/lotte-visser",
            "Verbeteradviseur in de zorg, Quick Insights, Nederland",
            "Lotte werkt",
            "3 inzichten",
        ),
    ):
        main = main_of(page(sample_site, url))
        assert '<h1 id="qi-profile-name">Lotte Visser</h1>' in main
        assert f'<p class="qi-profile__role">{role}</p>' in main
        assert f'<p class="qi-profile__bio">{bio}' in main
        assert heading in main
    titles = re.findall(
        r'class="qi-card__link" href="[^"]*" hreflang="(\w+)">', main_of(page(sample_site, "authors/lotte-visser"))
    )
    assert sorted(titles) == ["en", "nl", "nl"]
    # The language choice of the category pages, on the author's page.
    assert (sample_site / "authors" / "lotte-visser" / "nl" / "index.html").is_file()


def test_every_author_with_an_insight_has_pages_and_is_in_the_index(sample_site, corpus, authors):
    used = {authors.resolve(a.author).slug for a in corpus.articles}
    for section in ("authors", "nl/auteurs"):
        pages = {p.name for p in (sample_site / section).iterdir() if p.is_dir()}
        assert pages == used
        index = main_of(page(sample_site, section))
        assert len(re.findall(r'<li class="qi-category-index__item">', index)) == len(used)


def test_tags_link_from_articles_and_cards_to_their_pages_which_list_both_languages(sample_site, corpus):
    for article in corpus.articles:
        url = article_url(article)
        header = main_of(page(sample_site, url)).split("</header>")[0]
        links = re.findall(r'<a class="qi-tag" href="([^"]+)" rel="tag">#([^<]+)</a>', header)
        assert [html.unescape(label) for _, label in links] == list(article.tags), url
        for href, _ in links:
            assert (sample_site / resolve(url, href) / "index.html").is_file()
    feedback = main_of(page(sample_site, "tags/feedback"))
    assert "<h1>#feedback</h1>" in feedback
    languages = re.findall(r'class="qi-card__link" href="[^"]*" hreflang="(\w+)">', feedback)
    assert sorted(set(languages)) == ["en", "nl"]
    # Cards show the tags too, linked in the page's language.
    assert '<a class="qi-tag" href="../kaizen/" rel="tag">#kaizen</a>' in main_of(page(sample_site, "nl/tags/zorg"))


def test_the_tag_index_lists_every_tag_once(sample_site, corpus):
    slugs = {tag_slug(t) for a in corpus.articles for t in a.tags}
    for section in ("tags", "nl/tags"):
        index = main_of(page(sample_site, section))
        found = re.findall(r'<h2><a href="([^"/]+)/">', index)
        assert sorted(found) == sorted(slugs)


def test_author_and_tag_pages_are_in_the_sitemap_with_their_alternates(sample_site):
    sitemap = (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    for en, nl in (
        ("authors/eva-kramer/", "nl/auteurs/eva-kramer/"),
        ("tags/hpo/", "nl/tags/hpo/"),
        ("authors/", "nl/auteurs/"),
    ):
        entry = re.search(rf"<url>\s*<loc>{re.escape(SITE_URL + en)}</loc>(.*?)</url>", sitemap, re.S)
        assert entry is not None, en
        assert f'hreflang="nl" href="{SITE_URL}{nl}"' in entry.group(1)
    text = page(sample_site, "nl/auteurs/eva-kramer")
    assert f'<link rel="alternate" hreflang="en" href="{SITE_URL}authors/eva-kramer/">' in text


def test_every_listing_term_has_a_feed_per_language(sample_site):
    for path in (
        "feeds/authors/eva-kramer.xml",
        "nl/feeds/auteurs/eva-kramer.xml",
        "feeds/tags/hpo.xml",
        "nl/feeds/tags/hpo.xml",
    ):
        assert (sample_site / path).is_file(), path
    text = page(sample_site, "tags/hpo")
    assert 'href="../../feeds/tags/hpo.xml"' in text


@pytest.mark.parametrize("url", ["strategy-on-one-page", "categories/strategy", "authors/femke-bos", "nl/tags/focus"])
def test_the_menu_marks_insights_as_the_current_section(sample_site, url):
    text = page(sample_site, url)
    active = re.findall(r'<li class="md-nav__item md-nav__item--active">\s*<a href="([^"]+)"', text)
    assert [resolve(url + "/", href.rstrip("/") + "/") for href in active] == [
        "insights/" if not url.startswith("nl/") else "nl/inzichten/"
    ]
    # The page that is built next is not marked from the page before.
    about = page(sample_site, "about")
    assert "md-nav__item--active" not in about.split('class="md-nav__link md-nav__link--active"')[0].split("About")[0]


# -- small sites --------------------------------------------------------------------

HOSTILE = "</script><script>alert(1)</script> & <!-- -->"


def _site(tmp_path, files: dict[str, str], authors: str | None) -> Path:
    project = make_project(tmp_path, files)
    if authors is not None:
        (project / "authors.yml").write_text(textwrap.dedent(authors), encoding="utf-8")
    return project


def test_a_hostile_title_name_and_tag_cannot_leave_the_json_ld(tmp_path):
    text = insight_text("T", "2025-01-01", "leadership", "Teams learn every day.").replace(
        'title: "T"', f"title: {json.dumps(HOSTILE)}"
    )
    text = text.replace("    ---\n\n", '    tags: ["</script>x"]\n    ---\n\n', 1)
    authors = f"- name: Anna de Vries\n  role: {json.dumps(HOSTILE)}\n  organisation: {json.dumps(HOSTILE)}\n"
    site = build_site(_site(tmp_path, {"content/en/hostile.md": text}, authors))
    output = page(site, "hostile")
    assert "<script>alert(1)</script>" not in output
    assert output.count("</script><script>alert") == 0
    data = {block["@type"]: block for block in json_ld(output)}
    assert data["Article"]["headline"] == HOSTILE
    assert data["Article"]["author"]["jobTitle"] == HOSTILE
    assert data["Article"]["keywords"] == ["</script>x"]
    assert data["BreadcrumbList"]["itemListElement"][-1]["name"] == HOSTILE
    profile = main_of(page(site, "authors/anna-de-vries"))
    assert "<script>alert(1)</script>" not in profile


def test_json_ld_escapes_what_could_end_the_script_element():
    from quickinsights.site.structured import json_ld as dump

    text = str(dump({"t": "</SCRIPT><!-- & \u2028\u2029"}))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"t": "</SCRIPT><!-- & \u2028\u2029"}


def test_an_author_whose_insights_are_all_drafts_gets_no_page(tmp_path):
    draft = (
        insight_text("Draft", "2025-01-02", "leadership", "Teams learn every day.")
        .replace("author: Anna de Vries", "author: Bo Berg")
        .replace("    ---\n\n", "    draft: true\n    ---\n\n", 1)
    )
    files = {
        "content/en/live.md": insight_text("Live", "2025-01-01", "leadership", "Teams learn every day."),
        "content/en/draft.md": draft,
    }
    site = build_site(_site(tmp_path, files, "- name: Anna de Vries\n- name: Bo Berg\n"))
    assert (site / "authors" / "anna-de-vries" / "index.html").is_file()
    assert not (site / "authors" / "bo-berg").exists()
    assert "bo-berg" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "Bo Berg" not in main_of(page(site, "authors"))


def test_an_unknown_author_stops_the_build_at_its_line(tmp_path, caplog):
    files = {"content/en/x.md": insight_text("X", "2025-01-01", "leadership", "Teams learn every day.")}
    project = _site(tmp_path, files, "- name: Anna de Vries-Smit\n")
    with pytest.raises(Abort):  # MkDocs reports our PluginError as a clean abort
        build_site(project)
    assert (
        "content/en/x.md:4: unknown author 'Anna de Vries'\n  hint: did you mean 'Anna de Vries-Smit'?" in caplog.text
    )


def test_a_site_without_authors_yml_has_no_author_pages_and_plain_bylines(tmp_path):
    files = {"content/en/x.md": insight_text("X", "2025-01-01", "leadership", "Teams learn every day.")}
    site = build_site(_site(tmp_path, files, None))
    assert not (site / "authors").exists()
    assert '<span class="qi-author">Anna de Vries</span>' in main_of(page(site, "x"))


def test_the_sample_registry_is_what_the_sample_content_uses(corpus, authors):
    assert {a.author for a in corpus.articles} == set(authors.names)
    entries = yaml.safe_load((ROOT / "authors.yml").read_text(encoding="utf-8"))
    assert all(set(entry["bio"]) == {"en", "nl"} for entry in entries)


def test_a_tag_in_one_language_has_one_page_per_ui_language_without_a_choice(sample_site):
    for url in ("tags/zorg", "nl/tags/zorg"):
        main = main_of(page(sample_site, url))
        assert "qi-language-switch" not in main
        assert not (sample_site / url / "en").exists() and not (sample_site / url / "nl").exists()
    # A tag in both languages has the choice of the category pages.
    assert 'hreflang="nl">Dutch</a> <span class="qi-count">1</span>' in main_of(page(sample_site, "tags/hpo"))


def test_a_preview_shows_drafts_but_no_page_for_a_draft_only_author_or_tag(tmp_path):
    draft = (
        insight_text("Draft", "2025-01-02", "leadership", "Teams learn every day.")
        .replace("author: Anna de Vries", "author: Bo Berg")
        .replace("    ---\n\n", "    tags: [brand new, shared]\n    draft: true\n    ---\n\n", 1)
    )
    live = insight_text("Live", "2025-01-01", "leadership", "Teams learn every day.").replace(
        "    ---\n\n", "    tags: [shared]\n    ---\n\n", 1
    )
    files = {"content/en/live.md": live, "content/en/draft.md": draft}
    site = build_site(_site(tmp_path, files, "- name: Anna de Vries\n- name: Bo Berg\n"), command="serve")
    header = main_of(page(site, "draft")).split("</header>")[0]
    assert '<span class="qi-author">Bo Berg</span>' in header
    assert '<span class="qi-tag">#brand new</span>' in header
    assert '<a class="qi-tag" href="../tags/shared/" rel="tag">#shared</a>' in header
    assert not (site / "authors" / "bo-berg").exists() and not (site / "tags" / "brand-new").exists()


def test_an_author_photo_below_the_content_folder_is_shown_on_both_pages(tmp_path):
    files = {"content/en/x.md": insight_text("X", "2025-01-01", "leadership", "Teams learn every day.")}
    project = _site(tmp_path, files, "- name: Anna de Vries\n  photo: img/anna.svg\n  bio: Writes.\n")
    (project / "content" / "img").mkdir()
    (project / "content" / "img" / "anna.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    site = build_site(project)
    assert (site / "img" / "anna.svg").is_file()
    for url in ("authors/anna-de-vries", "nl/auteurs/anna-de-vries"):
        img = re.search(r'<img class="qi-profile__photo" src="([^"]+)" alt="([^"]+)"', main_of(page(site, url)))
        assert img is not None and resolve(url + "/", img.group(1)) == "img/anna.svg"
    assert img.group(2) == "Foto van Anna de Vries"
