"""The article model and the validator, without MkDocs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from quickinsights.model.categories import load_vocabulary, parse_vocabulary
from quickinsights.model.content import load_corpus, parse_article, slugify

GOOD = (
    """---
title: Vertrouwen groeit langzaam
date: 2026-03-14
author: Anna de Vries
categories: [leiderschap, customer-loyalty]
summary: >-
  Waarom vertrouwen in kleine
  stappen groeit.
translation_key: trust
quote: "Wij hielden ons woord: klanten merkten het."
quote_author: Ruben Smit
updated: 2026-04-01
tags: [vertrouwen, klanten]
---

"""
    + "woord " * 401
)


def test_a_valid_article_becomes_an_article():
    article, problems = parse_article(GOOD, "nl", "vertrouwen-groeit-langzaam", "content/nl/x.md")
    assert problems == []
    assert article.title == "Vertrouwen groeit langzaam"
    assert article.date == dt.date(2026, 3, 14)
    assert article.updated == dt.date(2026, 4, 1)
    # Dutch and canonical slugs both resolve to canonical slugs, in the editor's order.
    assert article.categories == ("leadership", "customer-loyalty")
    assert article.summary == "Waarom vertrouwen in kleine stappen groeit."
    assert article.quote == "Wij hielden ons woord: klanten merkten het."
    assert article.tags == ("vertrouwen", "klanten")
    assert article.draft is False
    assert article.lang == "nl"
    assert article.src_uri == "nl/vertrouwen-groeit-langzaam.md"
    assert article.body_line == 15  # the line after the closing fence


def test_reading_time_rounds_up_at_200_words_a_minute():
    article, _ = parse_article(GOOD, "nl", "x", "content/nl/x.md")
    assert article.word_count == 401
    assert article.reading_minutes == 3


def test_a_single_category_may_be_written_without_a_list():
    text = GOOD.replace("categories: [leiderschap, customer-loyalty]", "categories: strategie")
    article, problems = parse_article(text, "nl", "x", "content/nl/x.md")
    assert problems == [] and article.categories == ("strategy",)


def test_a_dutch_slug_in_an_english_file_is_hinted_in_english():
    text = GOOD.replace("[leiderschap, customer-loyalty]", "[leiderschapp]")
    _, problems = parse_article(text, "en", "x", "content/en/x.md")
    assert [(p.line, p.message) for p in problems] == [(5, "unknown category 'leiderschapp'")]
    assert problems[0].hint.startswith("did you mean 'leadership'? Allowed: high-performance-organisations,")


def test_file_names_must_be_slugs_and_not_reserved():
    _, problems = parse_article(GOOD, "nl", "Mijn Inzicht", "content/nl/Mijn Inzicht.md")
    assert problems[0].message == "the file name 'Mijn Inzicht.md' is not a valid slug"
    assert problems[0].hint.startswith("rename it to 'mijn-inzicht.md'")
    _, problems = parse_article(GOOD, "nl", "inzichten", "content/nl/inzichten.md")
    assert problems[0].message == "the file name 'inzichten.md' is reserved for a generated page"


def test_slugify_folds_diacritics():
    assert slugify("Één café, twee coöperaties!") == "een-cafe-twee-cooperaties"


def test_the_corpus_keeps_going_past_broken_files_and_pairs_translations(tmp_path: Path):
    (tmp_path / "content" / "en").mkdir(parents=True)
    (tmp_path / "content" / "nl").mkdir(parents=True)
    english = GOOD.replace("Vertrouwen groeit langzaam", "Trust grows slowly")
    (tmp_path / "content" / "en" / "trust.md").write_text(english)
    (tmp_path / "content" / "nl" / "vertrouwen.md").write_text(GOOD)
    (tmp_path / "content" / "nl" / "kapot.md").write_text("---\ntitle: [\n---\n")
    (tmp_path / "content" / "nl" / "index.md").write_text("# not an insight\n")
    corpus = load_corpus(tmp_path / "content", root=tmp_path)
    assert corpus.file_count == 3
    assert [a.path for a in corpus.articles] == ["content/en/trust.md", "content/nl/vertrouwen.md"]
    assert [p.path for p in corpus.errors] == ["content/nl/kapot.md"]
    english, dutch = corpus.articles
    assert corpus.translation_of(english) is dutch
    assert corpus.translation_of(dutch) is english


def test_two_insights_of_one_language_may_not_share_a_translation_key(tmp_path: Path):
    (tmp_path / "content" / "nl").mkdir(parents=True)
    (tmp_path / "content" / "nl" / "a.md").write_text(GOOD)
    (tmp_path / "content" / "nl" / "b.md").write_text(GOOD)
    corpus = load_corpus(tmp_path / "content", root=tmp_path)
    assert [p.format() for p in corpus.errors] == [
        "content/nl/b.md:9: translation_key 'trust' is also used by content/nl/a.md\n"
        "  hint: each language may have one insight per translation_key; give one of them another key"
    ]


def test_the_vocabulary_has_both_languages_for_every_category():
    vocabulary = load_vocabulary()
    assert len(vocabulary) >= 6
    loyalty = vocabulary.resolve("klantloyaliteit")
    assert loyalty is vocabulary.resolve("customer-loyalty")
    assert loyalty.label("nl") == "Klantloyaliteit" and loyalty.label("en") == "Customer loyalty"
    assert loyalty.description("nl") and loyalty.description("en")


def test_a_malformed_vocabulary_is_refused():
    import pytest
    from quickinsights.model.categories import VocabularyError

    with pytest.raises(VocabularyError, match="category 'x' needs 'nl' with slug, label and description"):
        parse_vocabulary("- slug: x\n  en: {slug: x, label: X, description: d}\n")
