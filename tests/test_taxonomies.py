"""Authors, tags and the one listing model they share with categories (taxonomy.py),
without MkDocs: the registry file, the checks of the front matter, which pages exist."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

import pytest
from quickinsights.model import urls
from quickinsights.model.authors import (
    AuthorsError,
    AuthorTaxonomy,
    append_entry,
    check_authors,
    new_entry,
    parse_authors,
)
from quickinsights.model.categories import load_vocabulary
from quickinsights.model.content import Article, parse_article
from quickinsights.model.listing import Listings
from quickinsights.model.tags import TagTaxonomy, check_tags
from quickinsights.model.taxonomy import Taxonomy
from quickinsights.site.alternates import translate_generated_url

VOCABULARY = load_vocabulary()

AUTHORS = """\
- name: Eva Kramer
  role: {en: HR adviser, nl: HR-adviseur}
  organisation: Quick Insights
  country: {en: Netherlands, nl: Nederland}
  bio:
    en: Eva writes about why people stay.
    nl: Eva schrijft over waarom mensen blijven.
  links: [https://example.org/eva, {label: Blog, url: "https://blog.example.org/"}]
- name: Bas Hendriks
  slug: bas
"""


def article(n: int, lang: str = "en", author: str = "Eva Kramer", tags: tuple[str, ...] = (), **kw) -> Article:
    return Article(
        path=f"content/{lang}/a{n}.md",
        lang=lang,
        slug=f"a{n}",
        title=f"Insight {n}",
        date=dt.date(2025, 1, 1) + dt.timedelta(days=n),
        author=author,
        categories=("leadership",),
        summary="S",
        body="Body.",
        tags=tags,
        key_lines={"author": 4, "tags": 9},
        **kw,
    )


# -- the author registry ------------------------------------------------------------


def test_the_registry_reads_profiles_per_language_and_finds_authors_by_name_or_slug():
    authors = parse_authors(AUTHORS)
    eva = authors.resolve("Eva Kramer")
    assert eva is not None and eva.slug == "eva-kramer"
    assert eva.description("en") == "HR adviser, Quick Insights, Netherlands"
    assert eva.description("nl") == "HR-adviseur, Quick Insights, Nederland"
    assert eva.bio("nl") == "Eva schrijft over waarom mensen blijven."
    assert [(link.label, link.url) for link in eva.links] == [
        ("example.org", "https://example.org/eva"),
        ("Blog", "https://blog.example.org/"),
    ]
    assert authors.resolve("bas") is authors.resolve("Bas Hendriks")
    assert authors.resolve("bas").description("en") == ""  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- role: x\n", 1, "this author has no 'name'"),
        ("- name: A\n  rol: x\n", 2, "unknown key 'rol' in author 'A'"),
        ("- name: A\n  bio: {en: x, de: y}\n", 2, "author 'A': 'bio' has an unknown language 'de'"),
        ("- name: A\n  links: [example.org]\n", 2, "author 'A': the link 'example.org' is not a web address"),
        (
            "- name: A\n  links: ['javascript:alert(1)']\n",
            2,
            "author 'A': the link 'javascript:alert(1)' is not a web address",
        ),
        ("- name: A\n- name: A\n", 2, "'A' is also used by the author on line 1"),
        ("- name: A\n  slug: Not A Slug\n", 2, "author 'A': the slug 'Not A Slug' is not a slug"),
        ("- name: A\n  photo: ../secret.png\n", 2, "author 'A': 'photo' must be a file of the site"),
        ("- name: A\n  photo: me.pdf\n", 2, "author 'A': the photo 'me.pdf' is not an image"),
        ("- name: A\n  bio: [x]\n", 2, "author 'A': 'bio' must be text, or text per language"),
        ("- name: [A\n", 2, "invalid YAML: expected ',' or ']', but got '<stream end>'"),
        ("", 1, "expected a list of authors"),
    ],
)
def test_a_broken_registry_is_reported_at_its_line(text, line, message):
    with pytest.raises(AuthorsError) as raised:
        parse_authors(text, "authors.yml")
    assert (raised.value.problem.path, raised.value.problem.line, raised.value.problem.message) == (
        "authors.yml",
        line,
        message,
    )


def test_a_photo_must_exist_below_the_content_folder(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "a.png").write_bytes(b"\x89PNG")
    assert (
        parse_authors("- name: A\n  photo: assets/a.png\n", content_dir=tmp_path).resolve("A").photo == "assets/a.png"
    )  # type: ignore[union-attr]
    with pytest.raises(AuthorsError, match=r"the photo 'assets/b.png' does not exist below"):
        parse_authors("- name: A\n  photo: assets/b.png\n", content_dir=tmp_path)


def test_an_unknown_author_is_reported_at_the_line_with_a_did_you_mean():
    authors = parse_authors(AUTHORS)
    problems = check_authors([article(1, author="Eva Kramr"), article(2)], authors)
    assert [p.format() for p in problems] == [
        "content/en/a1.md:4: unknown author 'Eva Kramr'\n"
        "  hint: did you mean 'Eva Kramer'? Authors are listed in authors.yml next to mkdocs.yml; add them there "
        "(insights new --add-author does it for you)"
    ]
    # A site without a registry accepts any author.
    assert check_authors([article(1, author="Anyone")], None) == []


def test_a_new_entry_is_added_at_the_end_and_reads_back():
    text = append_entry(AUTHORS.rstrip("\n"), new_entry('Ann "AJ" Lee: editor', role="Editor"))
    added = parse_authors(text).resolve('Ann "AJ" Lee: editor')
    assert added is not None and added.role("nl") == "Editor" and added.slug == "ann-aj-lee-editor"


def test_authors_whose_insights_are_all_drafts_get_no_page():
    authors = parse_authors(AUTHORS)
    published = [article(1), article(2, "nl")]
    listings = Listings(published, VOCABULARY, [AuthorTaxonomy(authors)])
    author_listing = listings.listing("authors")
    assert author_listing is not None
    assert [t.slug for t in author_listing.terms] == ["eva-kramer"]  # Bas has no insight
    pages = author_listing.pages("nl")
    assert [(p.url, len(p.articles)) for p in pages] == [
        ("nl/auteurs/eva-kramer/", 2),
        ("nl/auteurs/eva-kramer/en/", 1),
        ("nl/auteurs/eva-kramer/nl/", 1),
    ]


# -- tags ---------------------------------------------------------------------------


def test_tags_that_differ_in_case_spaces_or_accents_are_one_tag_in_the_most_used_spelling():
    articles = [
        article(1, tags=("NPS", "Customer loyalty")),
        article(2, tags=("NPS",)),
        article(3, "nl", tags=("nps", "café")),
        article(4, tags=("cafe",)),
    ]
    taxonomy = TagTaxonomy(articles)
    assert [(t.slug, t.name) for t in taxonomy.terms] == [
        ("cafe", "cafe"),
        ("customer-loyalty", "Customer loyalty"),
        ("nps", "NPS"),
    ]
    listing = Listings(articles, VOCABULARY, [taxonomy]).listing("tags")
    assert listing is not None
    assert listing.count("nps") == 3 and listing.count("nps", "nl") == 1
    assert urls.term_url("nl", "tags", "nps") == "nl/tags/nps/"


def test_tag_spellings_and_look_alikes_are_warnings_with_a_did_you_mean():
    articles = [
        article(1, tags=("NPS", "teams")),
        article(2, tags=("NPS", "teams")),
        article(3, tags=("nps", "team")),
        # Another language's look-alike is its own word.
        article(4, "nl", tags=("team",)),
    ]
    articles[2] = dataclasses.replace(articles[2], tag_lines=(10, 11))
    assert [p.format() for p in check_tags(articles)] == [
        "content/en/a3.md:10: warning: the tag 'nps' is written 'NPS' in 2 other insights\n"
        "  hint: did you mean 'NPS'? Both are one tag; write it the same way everywhere",
        "content/en/a3.md:11: warning: the tag 'team' looks like 'teams', which 2 insights use\n"
        "  hint: did you mean 'teams'? If they mean the same, use one; if not, keep both",
    ]


def test_a_tag_twice_or_without_letters_is_an_error():
    problems = check_tags([article(1, tags=("NPS", "nps", "!!!"), tag_lines=(9, 10, 11))])
    assert [(p.line, p.message, p.severity) for p in problems] == [
        (10, "the tag 'nps' is listed twice (as 'NPS')", "error"),
        (11, "the tag '!!!' has no letters or digits", "error"),
    ]


def test_front_matter_tags_keep_their_lines_and_lose_extra_spaces():
    text = (
        "---\ntitle: T\ndate: 2025-01-01\nauthor: A\ncategories: [leadership]\nsummary: S\n"
        "tags:\n  - Customer   loyalty\n  - NPS\n---\n\nTeams learn every day.\n"
    )
    found, problems = parse_article(text, "en", "t", "content/en/t.md")
    assert problems == [] and found is not None
    assert found.tags == ("Customer loyalty", "NPS")
    assert found.tag_lines == (8, 9)


# -- the listing model is one for all ------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Year:
    slug: str

    def slug_in(self, lang: str) -> str:
        return self.slug

    def label(self, lang: str) -> str:
        return self.slug

    def description(self, lang: str) -> str:
        return ""


class YearTaxonomy(Taxonomy):
    """What the next listing takes: a name, a template, its terms and `keys_of`."""

    name = "years"
    template = "year.html"

    def __init__(self, articles: Iterable[Article]):
        super().__init__([Year(y) for y in sorted({str(a.date.year) for a in articles}, reverse=True)])

    def keys_of(self, article: Article) -> Iterable[str]:
        return (str(article.date.year),)


def test_a_new_listing_is_a_small_class(monkeypatch):
    monkeypatch.setitem(urls.SECTION_NAMES["en"], "years", "years")
    monkeypatch.setitem(urls.SECTION_NAMES["nl"], "years", "jaren")
    articles = [article(1), article(400, "nl"), article(401)]
    listings = Listings(articles, VOCABULARY, [YearTaxonomy(articles)])
    years = listings.listing("years")
    assert years is not None
    assert [t.slug for t in years.terms] == ["2026", "2025"]
    # A language choice only where a year has insights in both languages.
    assert [p.url for p in years.pages("nl")] == [
        "nl/jaren/2026/",
        "nl/jaren/2026/en/",
        "nl/jaren/2026/nl/",
        "nl/jaren/2025/",
    ]
    # Its pages have their alternates (hreflang, sitemap) like any other listing's.
    assert translate_generated_url("nl/jaren/2025/page/2/", "nl", "en", listings) == "years/2025/page/2/"
    assert translate_generated_url("nl/auteurs/x/", "nl", "en", listings) is None
