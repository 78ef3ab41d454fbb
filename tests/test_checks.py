"""Checks across the collection (checks.py): language, duplicates, links, dates, drafts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import ROOT, build_site, make_project
from mkdocs.exceptions import Abort
from quickinsights.model import checks, language, links, scaffold
from quickinsights.model.content import load_corpus
from quickinsights.model.problems import Problem

CASES = Path(__file__).parent / "fixtures" / "checks"
TODAY = dt.date(2026, 11, 24)


def fixture_text(name: str) -> str:
    return (CASES / name).read_text(encoding="utf-8")


def article(title: str, body: str, extra: str = "", date: str = "2025-09-02", categories: str = "[leadership]") -> str:
    return f"---\ntitle: {title}\ndate: {date}\nauthor: Anna de Vries\ncategories: {categories}\nsummary: A summary.\n{extra}---\n\n{body}\n"


def problems_of(tmp_path: Path, files: dict[str, str], today: dt.date = TODAY) -> list[Problem]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    project = make_project(tmp_path, files)
    return checks.validate(project / "content", project, today=today).problems


# -- language -----------------------------------------------------------------------


def sample_bodies() -> list[tuple[str, str]]:
    corpus = load_corpus(ROOT / "content", ROOT)
    return [(a.path, a.lang, a.body) for a in corpus.articles]


@pytest.mark.parametrize(
    "path,lang,body", sample_bodies(), ids=lambda v: v if isinstance(v, str) and v.endswith(".md") else ""
)
def test_every_sample_insight_is_recognised_as_its_folders_language(path, lang, body):
    guess = language.detect(body)
    assert guess.lang == lang
    assert guess.is_sure


def test_english_text_in_the_dutch_folder_is_an_error_at_the_bodys_first_line(tmp_path):
    assert problems_of(tmp_path, {"content/nl/vergaderen.md": fixture_text("english-text.md")}) == [
        Problem(
            "content/nl/vergaderen.md",
            9,
            "the text is in English, but the file is in content/nl/, the Dutch folder",
            "the folder decides an insight's language: move the file to content/en/, or write the text in Dutch",
        )
    ]


def test_in_a_draft_the_other_language_is_a_warning(tmp_path):
    text = fixture_text("english-text.md").replace("---\n\n", "draft: true\n---\n\n")
    (problem,) = problems_of(tmp_path, {"content/nl/vergaderen.md": text})
    assert (problem.line, problem.severity) == (10, "warning")


def test_a_real_dutch_insight_in_the_english_folder_is_an_error(tmp_path):
    text = (ROOT / "content" / "nl" / "klantloyaliteit-begint-binnen.md").read_text(encoding="utf-8")
    text = text.replace("translation_key:", "#")  # no partner in this project
    (problem,) = problems_of(tmp_path, {"content/en/loyalty.md": text})
    assert problem.message == "the text is in Dutch, but the file is in content/en/, the English folder"
    lines = text.split("\n")
    fence = lines.index("---", 1)
    assert problem.line == next(i for i in range(fence + 1, len(lines)) if lines[i].strip()) + 1


def test_dutch_text_with_english_terms_and_an_english_quote_is_dutch(tmp_path):
    assert problems_of(tmp_path, {"content/nl/feedback.md": fixture_text("dutch-text-with-english-terms.md")}) == []


def test_a_dutch_file_left_mostly_in_english_is_caught(tmp_path):
    dutch_intro = "Dit inzicht is nog niet helemaal vertaald; de eerste alinea is al wel in het Nederlands.\n\n"
    english = fixture_text("english-text.md").split("---\n", 2)[2]
    (problem,) = problems_of(tmp_path, {"content/nl/half.md": article("Half vertaald", dutch_intro + english)})
    assert problem.message == "the text is in English, but the file is in content/nl/, the Dutch folder"


def test_a_body_too_short_to_judge_is_not_reported(tmp_path):
    body = "Trust is built in small steps, and lost in one."
    assert problems_of(tmp_path, {"content/nl/kort.md": article("Kort", body)}) == []
    assert language.detect(body).is_sure is False


def test_prose_drops_code_addresses_and_markup():
    markdown = (
        "## Title\n\nSee [the guide](../nl/gids.md) and `code here` at https://example.org/x.\n\n```\nignored()\n```\n"
    )
    assert language.prose(markdown) == "Title See the guide and at"


# -- duplicates -----------------------------------------------------------------------


def test_two_insights_with_the_same_title_in_one_language_is_an_error_on_the_second(tmp_path):
    problems = problems_of(
        tmp_path,
        {
            "content/en/trust-a.md": article("Trust grows slowly", "Trust is built in small steps."),
            "content/en/trust-b.md": article("trust  grows SLOWLY", "Trust is built in small steps."),
            "content/nl/trust.md": article("Trust grows slowly", "Vertrouwen groeit langzaam."),
        },
    )
    assert problems == [
        Problem(
            "content/en/trust-b.md",
            2,
            "the title 'trust grows SLOWLY' is also used by content/en/trust-a.md",
            "readers and search cannot tell the two apart; make the titles different, or merge the two insights",
        )
    ]


def test_a_draft_with_a_published_title_is_a_warning(tmp_path):
    (problem,) = problems_of(
        tmp_path,
        {
            "content/en/trust-a.md": article("Trust grows slowly", "Trust is built in small steps."),
            "content/en/trust-b.md": article("Trust grows slowly", "A new version.", "draft: true\n"),
        },
    )
    assert problem.severity == "warning"
    assert problem.path == "content/en/trust-b.md"
    assert problem.hint.endswith("before the draft is published")


def test_an_english_insight_may_not_take_the_address_of_the_dutch_site(tmp_path):
    assert problems_of(tmp_path, {"content/en/nl.md": article("The Netherlands", "A short text.")}) == [
        Problem(
            "content/en/nl.md",
            1,
            "the file name 'nl.md' is the address of the Dutch part of the site",
            "choose another file name",
        )
    ]


# -- links ------------------------------------------------------------------------------


def test_links_between_insights_are_resolved_and_broken_ones_reported_with_their_line(tmp_path):
    problems = problems_of(
        tmp_path,
        {
            "content/en/links.md": fixture_text("broken-links.md"),
            "content/en/other.md": article("Other", "## Why\n\nAnother insight."),
            "content/nl/ander.md": article("Ander", "Een ander inzicht."),
        },
    )
    assert [(p.line, p.severity, p.message, p.hint) for p in problems] == [
        (
            14,
            "error",
            "link to '../nl/other.md': there is no insight or page content/nl/other.md",
            "did you mean 'other.md'? That file is in content/en/",
        ),
        (14, "error", "link to 'othr.md': there is no insight or page content/en/othr.md", "did you mean 'other.md'?"),
        (
            15,
            "error",
            "link to '/nl/ander.md': a link to a Markdown file must be relative to this file",
            "write '../nl/ander.md'",
        ),
        (
            15,
            "warning",
            "link to 'other.md#how': content/en/other.md has no heading with the id 'how'",
            "a heading's id is its text in lower case with hyphens ('## Why it works' is '#why-it-works'); ids there: why",
        ),
        (
            17,
            "error",
            "link to '../categories/leadersip/': there is no category 'leadersip'",
            "existing categories: change-management, continuous-improvement, customer-loyalty, employee-engagement, "
            "high-performance-organisations, leadership, performance-management, strategy",
        ),
        (
            17,
            "error",
            "link to '../missing/': no page has the address /missing/",
            "check the address; a link to the insight's file ('slug.md', '../nl/slug.md') is checked more precisely",
        ),
        (
            17,
            "error",
            "link to '../no-such-insight/': no page has the address /no-such-insight/",
            "check the address; a link to the insight's file ('slug.md', '../nl/slug.md') is checked more precisely",
        ),
        (
            18,
            "warning",
            "link to '/nl/ander/' works only when the site is at the root of its domain",
            "link to the file instead: '../nl/ander.md'",
        ),
        (
            20,
            "error",
            "link to '../nl/gone.md': there is no insight or page content/nl/gone.md",
            "check the file name; within a language write 'slug.md', across languages '../nl/slug.md' or '../en/slug.md'",
        ),
    ]
    assert {p.path for p in problems} == {"content/en/links.md"}


def test_find_links_skips_code_and_reads_every_link_form():
    body = "A [x](a.md \"title\") ![i](img/p.png)\n`[c](c.md)` <a href='b.md'>b</a>\n```\n[f](f.md)\n```\n[r]: <r.md>\n[^1]: note\n"
    body += "1. A step,\n    see [the list](l.md)\n"
    assert links.find_links(body, 10) == [("a.md", 10), ("img/p.png", 10), ("b.md", 11), ("r.md", 15), ("l.md", 18)]


def test_a_published_insight_may_not_link_to_a_draft_but_a_draft_may(tmp_path):
    problems = problems_of(
        tmp_path,
        {
            "content/en/published.md": article("Published", "See [the draft](draft.md)."),
            "content/en/draft.md": article("Draft", "See [the other draft](draft-two.md).", "draft: true\n"),
            "content/en/draft-two.md": article("Draft two", "Nothing yet.", "draft: true\n"),
        },
    )
    assert problems == [
        Problem(
            "content/en/published.md",
            9,
            "link to 'draft.md': content/en/draft.md is a draft, which is not published",
            "publish that insight first (draft: false), or remove the link for now",
        )
    ]


def test_a_missing_image_beside_the_insight_is_reported(tmp_path):
    files = {
        "content/en/pictures.md": article("Pictures", "![Team](img/team.png) ![Here](img/here.png)"),
        "content/en/img/here.png": "png",
    }
    assert problems_of(tmp_path, files) == [
        Problem(
            "content/en/pictures.md",
            9,
            "link to 'img/team.png': there is no such file",
            "the path is relative to content/en/; check the spelling",
        )
    ]


# -- dates and left-over example text -------------------------------------------------------------


def test_a_date_in_the_future_is_a_warning_and_today_is_fine(tmp_path):
    files = {
        "content/en/later.md": article("Later", "Soon.", "updated: 2027-01-02\n", date="2026-11-25"),
        "content/en/today.md": article("Today", "Now.", date="2026-11-24"),
    }
    assert problems_of(tmp_path, files) == [
        Problem(
            "content/en/later.md",
            3,
            "scheduled: 'date' 2026-11-25 is in the future, so the insight is not published before the first build on or after that day",
            "nothing to do if that is the plan (today is 2026-11-24; mkdocs serve shows it); if the year is a typo, correct it",
            "warning",
        ),
        Problem(
            "content/en/later.md",
            7,
            "'updated' 2027-01-02 is in the future",
            "check the year: readers see this date as it is (today is 2026-11-24)",
            "warning",
        ),
    ]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_example_text_of_insights_new_is_a_warning_in_a_draft_and_an_error_when_published(tmp_path, lang):
    text = scaffold.new_article(title="Example", lang=lang, author="Anna de Vries", categories=["strategy"], date=TODAY)
    draft = problems_of(tmp_path / "draft", {f"content/{lang}/example.md": text})
    assert [(p.line, p.severity, p.message) for p in draft] == [
        (7, "warning", "'summary' is still the example text"),
        (12, "warning", "the body still contains example text"),
    ]
    published = problems_of(
        tmp_path / "published", {f"content/{lang}/example.md": text.replace("draft: true", "draft: false")}
    )
    assert [(p.line, p.severity) for p in published] == [(7, "error"), (12, "error")]
    assert published[0].hint == (
        "replace the example text from 'insights new' with your own (the insight is not a draft, so this text would be published)"
    )


# -- the build uses the same gate ------------------------------------------------------------


def test_the_sample_content_has_no_problem():
    assert checks.validate(ROOT / "content", ROOT).problems == []


def test_the_build_stops_on_a_check_error_with_the_same_message(tmp_path, caplog):
    project = make_project(tmp_path, {"content/nl/vergaderen.md": fixture_text("english-text.md")})
    with pytest.raises(Abort):  # MkDocs reports our PluginError as a clean abort
        build_site(project)
    assert (
        "1 problem in the content; nothing was built:\n"
        "content/nl/vergaderen.md:9: the text is in English, but the file is in content/nl/, the Dutch folder\n"
        "  hint: the folder decides an insight's language: move the file to content/en/, or write the text in Dutch"
    ) in caplog.text


def test_a_warning_does_not_stop_the_strict_build(tmp_path):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    project = make_project(tmp_path, {"content/en/later.md": article("Later", "Written ahead of time.", date=tomorrow)})
    site = build_site(project)
    # Built, strict as it is; the insight dated tomorrow is scheduled (tests/test_scheduled.py).
    assert (site / "index.html").is_file()
    assert not (site / "later").exists()


def test_a_build_lets_go_of_the_language_model_and_a_preview_keeps_it(tmp_path):
    from quickinsights.model import language

    body = " ".join(["A manager who listens first and speaks second learns what the team already knows."] * 4)
    project = make_project(tmp_path, {"content/en/listen.md": article("Listen first", body)})
    build_site(project, tmp_path / "built")
    assert language._identifier.cache_info().currsize == 0
    # Another body: the answer for the first one is remembered without the model.
    (project / "content/en/listen.md").write_text(article("Listen first", body + " Then act on it."), encoding="utf-8")
    build_site(project, tmp_path / "preview", command="serve")
    assert language._identifier.cache_info().currsize == 1


def test_anchors_are_compared_with_the_ids_the_headings_will_have(tmp_path):
    body = (
        "## Why it works {#why}\n\n## Één stap: café\n\nText[^1] and [self](#een-stap-cafe), [bad](#nope),\n"
        "[other](other.md#what-to-do), [other bad](other.md#why), [page](../other/#what-to-do), [home](../nl/#x)\n\n[^1]: A note.\n"
    )
    problems = problems_of(
        tmp_path,
        {
            "content/en/anchors.md": article("Anchors", body),
            "content/en/other.md": article("Other", "## What to do\n\nText."),
        },
    )
    assert [(p.line, p.severity, p.message) for p in problems] == [
        (13, "warning", "link to '#nope': content/en/anchors.md has no heading with the id 'nope'"),
        (14, "warning", "link to '../nl/#x': content/nl/index.md has no heading with the id 'x'"),
        (14, "warning", "link to 'other.md#why': content/en/other.md has no heading with the id 'why'"),
    ]
    assert problems[0].hint.endswith("ids there: een-stap-cafe, fn:1, fnref:1, why")
