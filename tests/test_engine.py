"""The search engine in the browser (assets/engine.js) over the index the build writes
(sitesearch.py), on a small site whose every expected answer is written out here."""

from __future__ import annotations

import pytest
from conftest import build_site, insight_text, make_project, serve


def insight(title: str, date: str, body: str, categories: str = "strategy") -> str:
    return insight_text(title, date, categories, body)


FILES = {
    # A title match outranks a body match; equal texts list the newest first.
    "content/en/zebra-title.md": insight("Zebra crossings", "2026-01-01", "Teams cross the road with care every day."),
    "content/en/zebra-body.md": insight("Road safety", "2026-01-02", "Teams watch the zebra crossing every day."),
    "content/en/older-twin.md": insight("Twin one", "2025-01-01", "Giraffes share leadership with patient teams."),
    "content/en/newer-twin.md": insight("Twin two", "2025-06-01", "Giraffes share leadership with patient teams."),
    "content/en/customer-loyalty.md": insight(
        "Loyal customers",
        "2024-03-03",
        "Customer loyalty grows when teams keep promises.",
        categories="customer-loyalty",
    ),
    "content/en/customer-service.md": insight(
        "Service desks",
        "2024-03-04",
        "A customer calls the desk; the teams answer quickly.",
        categories="customer-loyalty",
    ),
    "content/nl/organisaties.md": insight(
        "Lerende organisaties", "2024-05-05", "Organisaties leren van hun teams en hun ideeën.", "leiderschap"
    ),
    "content/nl/klanten.md": insight(
        "Trouwe klanten", "2024-05-06", "Klanten blijven wanneer teams hun beloften nakomen.", "klantloyaliteit"
    ),
    "content/nl/loyaliteit.md": insight(
        "Loyaliteit",
        "2024-05-07",
        "Loyaliteit groeit langzaam, en medewerkersloyaliteit ook.",
        "medewerkersbetrokkenheid",
    ),
    # Dutch compounds both ways, phrases, typos, the glossary and translations.
    "content/nl/kwaliteit.md": insight(
        "Goed werk", "2023-02-01", "Kwaliteit vraagt tijd; klanten merken het aan de service.", "leiderschap"
    ),
    "content/nl/servicekwaliteit.md": insight(
        "Achter de schermen",
        "2023-02-02",
        "Wat klanten merken: de servicekwaliteit ontstaat in de backoffice.",
        "leiderschap",
    ),
    "content/nl/service-aan-klanten.md": insight(
        "Aan de balie", "2023-02-03", "Wie service aan klanten verleent, hoort hun vragen als eerste.", "leiderschap"
    ),
    # A phrase of four words: whole in one, its three pairs apart in the other.
    "content/en/beavers-whole.md": insight("Rivers", "2021-01-01", "Beavers build dams patiently, year after year."),
    "content/en/beavers-apart.md": insight(
        "Sheds", "2021-01-02", "Beavers build sheds. Rivers build dams, and dams patiently hold."
    ),
    "content/en/pelicans.md": """
    ---
    title: Pelican habits
    date: 2022-01-01
    author: Anna de Vries
    categories: [strategy]
    summary: A short summary.
    translation_key: pelicans
    ---

    Pelicans fish together in lines.
    """,
    "content/nl/pelikanen.md": """
    ---
    title: Gewoonten van vogels
    date: 2022-01-02
    author: Anna de Vries
    categories: [strategie]
    summary: Een korte samenvatting.
    translation_key: pelicans
    ---

    Ze vissen samen in rijen.
    """,
    "glossary.yml": """
    - en: quality
      nl: kwaliteit
    """,
}

SEARCH_JS = """async ([query, languages, filters, options]) => {
  const engine = await import(new URL('../assets/engine.js', location.href).href);
  const index = await engine.index(document.querySelector('form.qi-search').dataset.index);
  const all = await index.search(query, languages, languages[0], options || {});
  const cards = await all.filter(filters || {}).cards(0, 50);
  return { slugs: cards.map((c) => c.url.replace(/^\\/|\\/$/g, '')), counts: all.counts(filters || {}), notes: all.notes };
}"""


@pytest.fixture(scope="module")
def engine_url(tmp_path_factory):
    site = build_site(make_project(tmp_path_factory.mktemp("engine"), FILES))
    url, server = serve(site)
    yield url
    server.shutdown()


@pytest.fixture
def search(page, engine_url):
    page.goto(engine_url + "about/")

    def run(query: str, languages=("en", "nl"), filters=None) -> list[str]:
        return page.evaluate(SEARCH_JS, [query, list(languages), filters])["slugs"]

    run.counts = lambda query, filters=None: page.evaluate(SEARCH_JS, [query, ["en", "nl"], filters])["counts"]
    run.notes = lambda query, languages=("en", "nl"), correct=True: page.evaluate(
        SEARCH_JS, [query, list(languages), None, {"correct": correct}]
    )["notes"]
    yield run
    assert page.console_errors == []
    assert page.foreign_requests == []


def test_a_title_match_ranks_above_a_body_match(search):
    assert search("zebra ") == ["zebra-title", "zebra-body"]


def test_equal_scores_list_the_newest_first(search):
    assert search("giraffes ") == ["newer-twin", "older-twin"]


def test_insights_with_every_word_come_first_then_those_with_most(search):
    # Both say "customer"; only the first also "promises".
    assert search("customer promises ") == ["customer-loyalty", "customer-service"]
    assert search.notes("customer promises ")["partial"] is False
    # "customers" in a title and "customer" in the body outweigh one "customer".
    assert search("customer ") == ["customer-loyalty", "customer-service"]
    # A word found nowhere is left out, and the reader is told.
    assert search("customer zqxv ") == search("customer ")
    assert search.notes("customer zqxv ")["missing"] == ["zqxv"]
    # No insight says both "promises" and "desk": those with one, the partial note.
    assert sorted(search("promises desk ")) == ["customer-loyalty", "customer-service"]
    assert search.notes("promises desk ")["partial"] is True


def test_the_word_being_typed_matches_the_words_it_begins(search):
    # "leader" while typing finds "leadership"; a whole word that is in no insight finds
    # the words it begins too, as the head of a compound ("leader|ship").
    assert sorted(search("leader")) == ["newer-twin", "older-twin"]
    assert search("leader ") == ["newer-twin", "older-twin"]
    # A last word of fewer than three letters waits for its third: "customer lo" is "customer".
    assert search("customer lo") == search("customer ")
    assert search("customer prom") == ["customer-loyalty", "customer-service"]


def test_each_language_is_stemmed_as_itself(search):
    # Dutch: "organisatie" meets "organisaties"; English "promise" meets "promises".
    assert search("organisatie ") == ["nl/organisaties"]
    assert search("promise ") == ["customer-loyalty"]
    # Only the languages searched: the Dutch and English insights that say "teams".
    assert sorted(search("team ", ["nl"])) == ["nl/klanten", "nl/organisaties"]
    # Dutch plurals in -ën: "ideeën" is the plural of "idee".
    assert search("idee ", ["nl"]) == ["nl/organisaties"]
    assert len(search("team ")) == 8


def test_both_languages_interleave_with_the_page_language_first(search):
    # Each language's best match scores 1: English first when English is preferred
    # (listed first), Dutch first when Dutch is, whatever the raw scores.
    english_first = search("team ", ["en", "nl"])
    dutch_first = search("team ", ["nl", "en"])
    assert english_first[0].startswith("nl/") is False
    assert dutch_first[0].startswith("nl/")
    assert sorted(english_first) == sorted(dutch_first)
    assert len(english_first) == 8


def test_case_and_accents_do_not_matter(search):
    assert search("IDEEËN ") == ["nl/organisaties"]
    assert search("ideeen ") == ["nl/organisaties"]


def test_category_labels_count_as_words(search):
    # "Service desks" never says "loyalty"; it is filed under Customer loyalty.
    assert search("loyalty ") == ["customer-loyalty", "customer-service"]
    assert search("klantloyaliteit ", ["nl"])[0] == "nl/klanten"
    # A category's labels are glossary entries: with both languages, the Dutch label
    # finds the English insights filed under the category too.
    assert sorted(search("klantloyaliteit ")[:3]) == ["customer-loyalty", "customer-service", "nl/klanten"]


MARKS_JS = """async ([query, languages, text, lang]) => {
  const engine = await import(new URL('../assets/engine.js', location.href).href);
  const index = await engine.index(document.querySelector('form.qi-search').dataset.index);
  return (await index.search(query, languages)).marks(text, lang);
}"""


def test_the_words_a_query_matched_are_marked_in_any_form(page, engine_url):
    page.goto(engine_url + "about/")
    marks = lambda *args: page.evaluate(MARKS_JS, list(args))  # noqa: E731
    assert marks("organisatie ", ["nl"], "Lerende organisaties en één organisatie", "nl") == [
        ["Lerende ", False],
        ["organisaties", True],
        [" en één ", False],
        ["organisatie", True],
    ]
    # The word being typed marks the indexed words it begins; stop words are never marked.
    assert marks("the lead", ["en"], "The leadership of the twins", "en") == [
        ["The ", False],
        ["leadership", True],
        [" of the twins", False],
    ]
    # Another language's words are not the query's, nor is text when nothing matched.
    assert marks("organisatie ", ["nl"], "organisatie", "en") == [["organisatie", False]]
    assert marks("zzzz ", ["en"], "zzzz", "en") == [["zzzz", False]]


def test_a_dutch_word_finds_the_compounds_that_end_in_it(search, page):
    # "Trouwe klanten" is filed under Klantloyaliteit: a compound of "loyaliteit",
    # which ranks below the insight that says the word itself.
    assert search("loyaliteit ", ["nl"]) == ["nl/loyaliteit", "nl/klanten"]
    # English has no compound lookup.
    assert search("kwaliteit ", ["en"]) == []
    marks = page.evaluate(MARKS_JS, ["loyaliteit ", ["nl"], "Klantloyaliteit en loyaliteit", "nl"])
    assert marks == [["Klantloyaliteit", True], [" en ", False], ["loyaliteit", True]]


def test_dutch_compounds_are_found_from_their_head_and_their_tail_and_split(search):
    # The tail ("kwaliteit" in "servicekwaliteit") and the head ("service"), each
    # below the insight with the word itself.
    assert search("kwaliteit ", ["nl"]) == ["nl/kwaliteit", "nl/servicekwaliteit"]
    assert sorted(search("service ", ["nl"])[:2]) == ["nl/kwaliteit", "nl/service-aan-klanten"]
    assert search("service ", ["nl"])[2] == "nl/servicekwaliteit"
    # A compound in the query finds texts that use its parts ("service aan klanten"),
    # with the linking -en- of "klantenservice"; written apart, one written together.
    assert sorted(search("klantenservice ", ["nl"])[:2]) == ["nl/kwaliteit", "nl/service-aan-klanten"]
    assert search("service kwaliteit ", ["nl"])[0] == "nl/servicekwaliteit"


def test_a_quoted_phrase_matches_only_the_phrase(search):
    assert sorted(search("service klanten ", ["nl"])[:2]) == ["nl/kwaliteit", "nl/service-aan-klanten"]
    # The stop word inside ("aan") is skipped, as the index skips it.
    assert search('"service aan klanten"', ["nl"]) == ["nl/service-aan-klanten"]
    assert search('"klanten service"', ["nl"]) == []
    assert search.notes('"klanten service"', ["nl"])["missing"] == ['"klanten service"']


def test_a_phrase_of_three_or_more_words_matches_only_where_it_stands_whole(search):
    assert sorted(search("beavers build dams patiently ", ["en"])[:2]) == ["beavers-apart", "beavers-whole"]
    assert search('"beavers build dams patiently"', ["en"]) == ["beavers-whole"]
    assert search('"build dams patiently"', ["en"]) == ["beavers-whole"]
    assert search('"beavers build dams"', ["en"]) == ["beavers-whole"]
    # Two words are a pair: both have it.
    assert sorted(search('"build dams"', ["en"])) == ["beavers-apart", "beavers-whole"]
    # Across two blocks (a title and the body) is no phrase.
    assert search('"rivers beavers build"', ["en"]) == []


def test_a_typo_is_corrected_and_the_original_can_be_searched(search):
    assert search("kwalitiet ", ["nl"]) == ["nl/kwaliteit", "nl/servicekwaliteit"]
    assert search.notes("kwalitiet ", ["nl"])["corrections"] == [["kwalitiet", "kwaliteit"]]
    assert search("kwalitiet ", ["nl"]) == search("kwaliteit ", ["nl"])
    # Words under five letters are never corrected; the reader may refuse a correction.
    assert search("tiem ", ["nl"]) == []
    assert search.notes("kwalitiet ", ["nl"], correct=False) == {
        "corrections": [],
        "missing": ["kwalitiet"],
        "partial": False,
    }


def test_the_glossary_finds_the_other_language_and_translations_come_along(search):
    # glossary.yml: "quality" is "kwaliteit"; on a Dutch search the English word finds
    # the Dutch insights.
    assert search("quality ", ["nl"]) == ["nl/kwaliteit", "nl/servicekwaliteit"]
    # With both languages, an insight brings its translation, just below it.
    assert search("pelicans ") == ["pelicans", "nl/pelikanen"]
    assert search("pelicans ", ["en"]) == ["pelicans"]


def test_stop_words_alone_match_nothing(search):
    assert search("the ") == []
    assert search("de het ") == []


def test_categories_and_language_narrow_and_count(search):
    narrowed = search("team ", filters={"categories": ["customer-loyalty"]})
    assert sorted(narrowed) == ["customer-loyalty", "customer-service", "nl/klanten"]
    assert search("team ", filters={"categories": ["customer-loyalty"], "lang": "nl"}) == ["nl/klanten"]
    counts = search.counts("team ", {"categories": ["customer-loyalty"], "lang": "nl"})
    # Per language: those in the chosen categories; per category: those in the chosen language.
    assert counts["lang"] == {"en": 2, "nl": 1}
    assert counts["all"] == 3
    assert {slug: n for slug, n in counts["category"].items() if n} == {"customer-loyalty": 1, "leadership": 1}
