"""The one analysis (analysis.py): what a word becomes, for the site's index, the
browser's queries, `insights search` and the related insights alike."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from conftest import ROOT
from quickinsights.model.content import Article, load_corpus
from quickinsights.search import analysis, docterms
from quickinsights.search import index as search
from quickinsights.search.analysis import ANALYZERS, split_compound
from quickinsights.search.querytext import Token, parse_query


def test_words_are_lower_cased_stemmed_and_folded_after_stemming():
    nl, en = ANALYZERS["nl"], ANALYZERS["en"]
    assert nl.term("Organisaties") == nl.term("organisatie") == "organiseer"
    assert nl.term("één") == "een"  # accents folded after the stemmer (which needs them)
    assert en.term("Leadership") == "leadership" and en.term("promises") == en.term("promise")
    # Stop words (our own lists) and single letters are not indexed.
    assert nl.term("het") == en.term("the") == en.term("a") == ""
    assert "het" in analysis.STOP_WORDS["nl"] and "the" in analysis.STOP_WORDS["en"]


def test_dutch_plurals_in_en_with_a_diaeresis_meet_the_singular():
    nl = ANALYZERS["nl"]
    assert nl.term("strategieën") == nl.term("strategie") == nl.term("strategieen")
    assert nl.term("ideeën") == nl.term("idee")


def test_hyphenated_words_are_also_indexed_joined_and_pairs_stay_in_their_block():
    found = docterms.analyse_blocks([("The daily stand-up", 3), ("Board meeting", 1)], ANALYZERS["en"])
    assert found.weights["standup"] == 3 and found.weights["stand"] == 3
    assert found.pairs == {"daili stand": 3, "board meet": 1}
    # Related insights compare the words as written: no joined word there.
    assert "standup" not in found.counts
    assert {"standup", "stand", "daily", "board"} <= found.words


def test_headings_are_found_outside_code_fences():
    body = "Intro text.\n\n## A heading\nText under it.\n\n```\n# a comment\n```"
    assert list(docterms.body_blocks(body)) == [
        # (plain_text takes the "#" off the comment: only its words are searched)
        ("Intro text.", False),
        ("A heading", True),
        ("Text under it.", False),
        ("a comment", False),
    ]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_related_insights_count_what_the_stored_text_gives(lang):
    # `insights search` compares stored text (title, summary, body, extra); the build
    # compares articles: the same counts, so warm and cold related lists agree.
    corpus = load_corpus(ROOT / "content", root=ROOT)
    for article in corpus.in_language(lang):
        labels = ["A label"]
        text = search._searchable_text(
            article.title, article.summary, search.plain_text(article.body), search.extra_text(article, labels)
        )
        assert docterms.document_terms(article, labels).counts == ANALYZERS[lang].counts(text), article.path


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_whoosh_analyzer_wraps_the_analysis(lang):
    text = "Lerende organisaties en één team; the leaders' stand-up."
    assert Counter(t.text for t in search.analyzer(lang)(text)) == ANALYZERS[lang].counts(text)


def known(*words):
    return set(words).__contains__


def test_compounds_split_with_linking_letters_and_the_longest_head_first():
    vocabulary = known("klanten", "klant", "service", "leiderschap", "stijl", "thuiswerk", "beleid", "gesprek", "sprek")
    written = known("klanten", "klant", "service", "leiderschap", "stijl", "beleid", "gesprek")
    assert split_compound("klantenservice", vocabulary, written) == analysis.Split("klanten", "service", True, True)
    assert split_compound("leiderschapsstijl", vocabulary, written).head == "leiderschap"  # linking s
    assert split_compound("thuiswerkbeleid", vocabulary, written).head == "thuiswerk"  # a stem as head
    # A tail must be a word as written: "sprek" (the stem of "gesprek") makes no "exitge|sprek".
    assert split_compound("exitgesprek", vocabulary, written) is None
    assert split_compound("exitgesprek", vocabulary, written, relaxed=True) == analysis.Split(
        "exit", "gesprek", False, True
    )
    # Particles and suffixes are no parts: "voor|beeld", "betrokken|heid".
    assert split_compound("voorbeeld", known("voor", "beeld"), known("beeld")) is None
    assert split_compound("betrokkenheid", known("betrokken", "heid"), known("heid"), relaxed=True) is None


def test_adjectives_in_lijk_are_no_compounds_and_a_linking_s_that_begins_a_word_stays_with_it():
    # 5 of the sample's 126 compounds were split wrongly: "duide|lijk(er)", "vriend|elijk",
    # "maand|elijks", "werk|elijk", "doel|s|tellingen".
    nl = ANALYZERS["nl"]
    for word, head in (("duidelijker", "duid"), ("vriendelijke", "vriend"), ("maandelijks", "maand")):
        assert (
            split_compound(word, known(head, "lijker", "elijke", "elijks"), known(head), nl.stem, relaxed=True) is None
        )
    vocabulary = known("doel", "stel", "tel", "tellingen", "stellen")
    split = split_compound("doelstellingen", vocabulary, known("doel", "tellingen", "stellen"), nl.stem)
    assert (split.head, split.tail) == ("doel", "stellingen")  # "stellingen" stems to "stel", a known term
    # A linking s still comes off a head when the tail is no word with it.
    assert (
        split_compound("leiderschapsstijl", known("leiderschap", "stijl"), known("stijl"), nl.stem).head
        == "leiderschap"
    )


def test_the_compounds_of_a_vocabulary_in_both_directions():
    words = ["klant", "klanten", "loyaliteit", "klantloyaliteit", "service", "serviceniveau", "niveau"]
    found = analysis.find_compounds(words, [], ANALYZERS["nl"])
    nl = ANALYZERS["nl"]
    assert found.parts[nl.term("klantloyaliteit")] == ["klant", nl.term("loyaliteit")]
    assert found.containing["klant"] == [nl.term("klantloyaliteit")]
    assert found.containing[nl.term("service")] == [nl.term("serviceniveau")]


def test_queries_have_words_phrases_negations_and_operators():
    query = parse_query('"service aan klanten" NOT backoffice -telefoon AND one-to-one', typing=True)
    assert [(t.text, t.phrase, t.negated) for t in query.tokens] == [
        ("service", 0, False),
        ("aan", 0, False),
        ("klanten", 0, False),
        ("backoffice", -1, True),
        ("telefoon", -1, True),
        ("one", -1, False),
        ("to", -1, False),
        ("one", -1, False),
    ]
    assert query.strict and query.typing
    assert [t.hyphen for t in query.tokens][-3:] == [True, True, False]
    assert parse_query("words ", typing=True).typing is False
    assert parse_query('"open', typing=True).tokens == (Token("open", 0, 0),)


def test_edit_distance_counts_a_swap_as_one_edit_and_stops_at_the_limit():
    assert analysis.edit_distance("klahcten", "klachten", 2) == 1
    assert analysis.edit_distance("leadrship", "leadership", 2) == 1
    assert analysis.edit_distance("abcdefgh", "zzzzzzzz", 2) == 3
    assert [analysis.max_edits(w) for w in ("tiem", "feedbak", "leiderschp")] == [0, 1, 2]


def test_every_block_of_an_insight_has_its_weight():
    article = Article(
        path="content/en/x.md",
        lang="en",
        slug="x",
        title="Zebra",
        date=dt.date(2026, 1, 1),
        author="A",
        categories=("strategy",),
        summary="Zebra summary.",
        body="## Zebra\n\nA zebra.",
        tags=("zebra",),
        quote="Zebra!",
        quote_author="Zed",
    )
    found = docterms.document_terms(article, ["Zebra label"])
    # title 3 + summary 2 + heading 2 + body 1 + quote 1 + tag 2 + label 2
    assert found.weights["zebra"] == 13
    assert found.counts["zebra"] == 7
