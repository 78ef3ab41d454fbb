"""The site's search index as the build writes it (sitesearch.py): what a browser finds
in its files. The browser side is tested in test_filter_browser.py and test_engine.py."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import snowballstemmer
from quickinsights.model.categories import Category, CategoryText, Vocabulary, load_vocabulary
from quickinsights.model.content import Article
from quickinsights.search import ranking, sitesearch

VOCABULARY = load_vocabulary()
XSS = "<img src=x onerror=alert(1)>"


def article(
    lang: str, slug: str, title: str, date: str, body: str, categories=("strategy",), summary="A summary."
) -> Article:
    return Article(
        path=f"content/{lang}/{slug}.md",
        lang=lang,
        slug=slug,
        title=title,
        date=dt.date.fromisoformat(date),
        author="An Author",
        categories=tuple(categories),
        summary=summary,
        body=body,
    )


ARTICLES = [
    article("en", "zebras", "Zebra strategy", "2026-01-02", "Zebras graze. The zebras plan [ahead](../other/)."),
    article(
        "nl",
        "organisaties",
        "Lerende organisaties",
        "2026-03-01",
        "Organisaties leren van hun medewerkers.",
        categories=("leadership", "strategy"),
    ),
    article("en", "hostile", XSS, "2025-05-05", "A hostile title.", categories=("customer-loyalty",)),
]


def decoded(files: dict[str, str]) -> dict[str, list[tuple[int, int]]]:
    """Every key's postings as (insight number, weight), word pairs' too; a compound's
    parts ("<lang>:<term> =") and a pair's places ("<lang>>a b@") as they are."""
    entry = json.loads(files["index.json"])
    version = entry["version"]
    found = {}
    names = [f"{version}/t/{n}.json" for n in range(len(entry["chunks"]))]
    names += [f"{version}/p/{n}.json" for n in range(len(json.loads(files[f"{version}/pairs.json"])))]
    for name in names:
        for key, entries in json.loads(files[name]).items():
            if key.endswith((" =", "@")):
                found[key] = entries
                continue
            doc, pairs = -1, []
            for gap, weight in zip(entries[::2], entries[1::2], strict=True):
                doc += gap + 1
                pairs.append((doc, weight))
            found[key] = pairs
    return found


def test_insights_are_numbered_newest_first_with_their_cards():
    index = sitesearch.build_index(ARTICLES, VOCABULARY)
    files = index.files
    entry = json.loads(files["index.json"])
    version = entry["version"]
    # Pages load the entry below its version; the copy at the top is the same.
    assert version == index.version
    assert files[f"{version}/index.json"] == files["index.json"]
    cards = [json.loads(files[f"{version}/d/{n}.json"]) for n in range(3)]
    assert [(c["t"], c["l"], c["u"], c["d"]) for c in cards] == [
        ("Lerende organisaties", "nl", "nl/organisaties/", "2026-03-01"),
        ("Zebra strategy", "en", "zebras/", "2026-01-02"),
        (XSS, "en", "hostile/", "2025-05-05"),
    ]
    assert cards[0]["c"] == ["leadership", "strategy"]
    assert entry["languages"] == ["en", "nl"]
    assert entry["docs"]["lang"] == "100"
    bit = {slug: 1 << i for i, slug in enumerate(entry["categories"])}
    assert entry["docs"]["cats"] == [bit["leadership"] | bit["strategy"], bit["strategy"], bit["customer-loyalty"]]


def terms_only(postings: dict) -> dict:
    return {k: v for k, v in postings.items() if ":" in k and " " not in k}


def test_terms_are_stemmed_in_their_own_language_and_titles_weigh_more():
    postings = decoded(sitesearch.build_index(ARTICLES, VOCABULARY).files)
    # "Zebra" in the title (once, weight 3) and "Zebras"/"zebras" in the body (1 each).
    assert postings["en:zebra"] == [(1, 3 + 2)]
    # The Dutch stemmer conflates "organisaties" and "organisatie": the query's stem meets it.
    dutch = snowballstemmer.stemmer("dutch").stemWord
    assert dutch("organisatie") == dutch("organisaties")
    assert postings[f"nl:{dutch('organisatie')}"] == [(0, 3 + 1)]
    # The summary weighs 2: "A summary." in each.
    assert postings["en:summari"] == [(1, 2), (2, 2)]
    # Stop words and link targets are not indexed; terms of one language only.
    assert "en:the" not in postings and not [k for k in postings if "other" in k]
    assert {key.split(":")[0] for key in terms_only(postings)} == {"en", "nl"}
    # The length row is the sum of an insight's term weights (BM25's document length),
    # as a code; the table gives the length of each code, within 5%.
    docs = json.loads(sitesearch.build_index(ARTICLES, VOCABULARY).files["index.json"])["docs"]
    sums = [sum(w for pairs in terms_only(postings).values() for d, w in pairs if d == n) for n in range(3)]
    assert docs["length"] == [ranking.length_code(n) for n in sums]
    assert all(abs(docs["lengths"][code] - n) <= 0.05 * n + 1 for code, n in zip(docs["length"], sums, strict=True))


def test_headings_tags_and_labels_weigh_more_than_the_body():
    body = "## Zebra crossings\n\nA zebra waits.\n\n```\n# not a heading zebra\n```"
    one = article("en", "z", "Roads", "2026-01-01", body, categories=("customer-loyalty",))
    postings = decoded(sitesearch.build_index([one], VOCABULARY).files)
    # The heading's "Zebra" 2, the body's and the code block's 1 each.
    assert postings["en:zebra"] == [(0, 2 + 1 + 1)]
    # The category's label ("Customer loyalty") counts as words of weight 2.
    assert postings["en:loyalti"] == [(0, 2)]


def test_word_pairs_are_indexed_for_phrases_in_chunks_of_their_own():
    files = sitesearch.build_index(ARTICLES, VOCABULARY).files
    postings = decoded(files)
    version = json.loads(files["index.json"])["version"]
    # Neighbours within a block, stop words skipped ("The zebras plan"): "zebra plan".
    assert postings["en>zebra plan"] == [(1, 1)]
    assert postings["en>zebra strategi"] == [(1, 3)]  # the title's pair weighs 3
    # Each pair's places, per insight of its postings: where a longer phrase's pairs
    # must follow one another (the title's terms, then a gap, then the summary's).
    assert postings["en>zebra strategi@"] == [0]  # one place: a number, not a list
    assert len(postings["en>zebra plan@"]) == 1 and postings["en>zebra plan@"][0] > 2
    # The title's last word and the summary's first are no pair.
    assert "en>strategi summari" not in postings
    assert not [
        k
        for n in range(len(json.loads(files["index.json"])["chunks"]))
        for k in json.loads(files[f"{version}/t/{n}.json"])
        if ">" in k
    ]


def test_each_language_has_its_vocabulary_for_unknown_words():
    files = sitesearch.build_index(ARTICLES, VOCABULARY).files
    version = json.loads(files["index.json"])["version"]
    en = json.loads(files[f"{version}/v/en.json"])
    # Words as written (folded, lower case), the most frequent first; terms that are
    # no written word beside them.
    assert en["words"][:2] == ["summary", "hostile"] or en["words"][0] == "summary"
    assert "zebras" in en["words"] and "zebra" in en["words"]
    assert "summari" in en["terms"] and "zebra" not in en["terms"]


def test_translations_glossary_and_messages_are_in_the_entry():
    pair = [
        article("en", "loyal", "Loyal", "2026-01-02", "Customers stay.").__class__(
            **{**vars(article("en", "loyal", "Loyal", "2026-01-02", "Customers stay.")), "translation_key": "loyal"}
        ),
        article("nl", "trouw", "Trouw", "2026-01-01", "Klanten blijven.").__class__(
            **{**vars(article("nl", "trouw", "Trouw", "2026-01-01", "Klanten blijven.")), "translation_key": "loyal"}
        ),
        article("nl", "alone", "Alleen", "2025-01-01", "Zonder vertaling."),
    ]
    glossary = [{"en": ["sickness absence"], "nl": ["ziekteverzuim", "verzuim"]}]
    entry = json.loads(sitesearch.build_index(pair, VOCABULARY, glossary=glossary).files["index.json"])
    # The translation's distance: insight 0 and 1 are each other's; 2 has none.
    assert entry["docs"]["translation"] == [1, -1, 0]
    # Each term as the terms of its language, as a query's words become.
    assert entry["glossary"] == [{"en": [["sick", "absenc"]], "nl": [["ziekteverzuim"], ["verzuim"]]}]
    assert entry["messages"]["nl"]["corrected"] == "Resultaten voor {corrected}."
    assert entry["ranking"]["k1"] == 1.2


def test_dutch_compounds_get_the_merged_postings_of_their_head_and_tail():
    dutch = snowballstemmer.stemmer("dutch").stemWord
    articles = [
        article("nl", "klanten", "Klanten", "2026-01-03", "Klanten komen graag terug."),
        article("nl", "binnen", "Binnen", "2026-01-02", "Klantloyaliteit begint binnen, bij de medewerkers."),
        article("nl", "trouw", "Trouw", "2026-01-01", "Loyaliteit groeit langzaam; klantloyaliteit ook."),
    ]
    postings = decoded(sitesearch.build_index(articles, VOCABULARY).files)
    tail, compound = dutch("loyaliteit"), dutch("klantloyaliteit")
    # "klant" and "loyaliteit" are words of the index, so "klantloyaliteit" is their
    # compound: its postings (insights 1 and 2) sit under "<part> ~" of both parts,
    # and its parts under "<compound> =".
    assert postings[f"nl:{tail}"] == [(2, 1)]
    assert postings[f"nl:{tail} ~"] == postings["nl:klant ~"] == postings[f"nl:{compound}"] == [(1, 1), (2, 1)]
    assert postings[f"nl:{compound} ="] == ["klant", tail]
    # No compounds in English, none of a word that is no compound.
    assert f"nl:{dutch('klanten')} =" not in postings
    assert not [key for key in postings if key.startswith("en:") and key.endswith((" ~", " ="))]


def test_chunks_hold_sorted_keys_and_the_entry_names_each_first_key():
    lists = {f"en:{word}": [0, 1] * n for n, word in enumerate(["b", "a", "d", "c", "e", "f"], start=1)}
    parts = sitesearch.chunks(lists, size=40)
    assert len(parts) > 2
    keys = [key for part in parts for key in part]
    assert keys == sorted(lists)
    assert all(part for part in parts)
    files = sitesearch.build_index(ARTICLES, VOCABULARY).files
    entry = json.loads(files["index.json"])
    for number, first in enumerate(entry["chunks"]):
        assert next(iter(json.loads(files[f"{entry['version']}/t/{number}.json"]))) == first


def test_the_version_changes_with_the_content_and_only_then():
    one = json.loads(sitesearch.build_index(ARTICLES, VOCABULARY).files["index.json"])["version"]
    again = json.loads(sitesearch.build_index(list(reversed(ARTICLES)), VOCABULARY).files["index.json"])["version"]
    edited = ARTICLES[:2] + [article("en", "hostile", "Now harmless", "2025-05-05", "A hostile title.")]
    other = json.loads(sitesearch.build_index(edited, VOCABULARY).files["index.json"])["version"]
    assert one == again
    assert other != one


def test_untrusted_text_is_data_in_the_index(tmp_path):
    sitesearch.write_index(tmp_path, sitesearch.build_index(ARTICLES, VOCABULARY))
    entry = json.loads((tmp_path / "assets" / "search" / "index.json").read_text())
    card = (tmp_path / "assets" / "search" / entry["version"] / "d" / "2.json").read_text()
    assert json.loads(card)["t"] == XSS


def test_a_new_index_replaces_the_old_one(tmp_path):
    sitesearch.write_index(tmp_path, sitesearch.build_index(ARTICLES, VOCABULARY))
    figures = sitesearch.write_index(tmp_path, sitesearch.build_index(ARTICLES[:1], VOCABULARY))
    folders = [p.name for p in (tmp_path / "assets" / "search").iterdir() if p.is_dir()]
    assert len(folders) == 1
    assert figures["insights"] == 1
    assert sorted(p.name for p in (tmp_path / "assets" / "search" / folders[0] / "d").iterdir()) == ["0.json"]


def test_the_engine_reads_the_format_the_build_writes():
    engine = (Path(sitesearch.__file__).parent.parent / "site" / "assets" / "engine.js").read_text()
    assert re.search(r"^const FORMAT = (\d+);$", engine, re.M).group(1) == str(sitesearch.FORMAT)


def test_too_many_categories_for_the_masks_is_a_clear_error():
    texts = lambda n: {lang: CategoryText(f"c{n}-{lang}", f"C{n}", "") for lang in ("en", "nl")}  # noqa: E731
    many = Vocabulary([Category(f"c{n}", texts(n)) for n in range(32)])
    with pytest.raises(sitesearch.SearchIndexError) as error:
        sitesearch.build_index([article("en", "a", "A", "2026-01-01", "Words.", categories=("c0",))], many)
    assert str(error.value) == (
        "the search index holds at most 31 categories; categories.yml has 32\n"
        "  hint: merge categories, or widen the category masks in search/sitesearch.py and site/assets/engine.js"
    )
