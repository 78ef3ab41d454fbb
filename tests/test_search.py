"""Search on whoosh (search.py) and related insights (related.py): analysis, ranking,
the incremental index, the `insights search` command and the related list on pages."""

from __future__ import annotations

import importlib.util
import logging
import os
import random
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, build_site, make_project
from mkdocs.exceptions import Abort
from quickinsights.cli import main as cli
from quickinsights.model.content import load_corpus
from quickinsights.search import index as search
from quickinsights.search import indexstore, related
from quickinsights.search.related import Info, RelatedSet


def insight(title: str, body: str, categories: str = "leadership", summary: str = "", draft: bool = False) -> str:
    return f"""
---
title: {title}
date: 2025-03-14
author: Anna de Vries
categories: [{categories}]
summary: {summary or title + ", in short."}
{"draft: true" if draft else ""}
---

{body}
"""


FILES = {
    "content/en/organisations-that-last.md": insight(
        "Organisations that last",
        "Lasting organisations keep a long horizon. Their managers weigh decisions against ten years.",
        "high-performance-organisations",
    ),
    "content/en/loyal-customers.md": insight(
        "Loyal customers",
        "Customers stay with an organisation that keeps its promises. Loyalty grows in small steps.",
        "customer-loyalty",
    ),
    "content/en/quiet-meetings.md": insight(
        "Quiet meetings",
        "A stand-up meeting of ten minutes, every morning, with the board in view.",
        "continuous-improvement",
    ),
    "content/nl/klanten-blijven.md": insight(
        "Klanten blijven",
        "Klanten blijven waar de klantloyaliteit groeit: bij een klant die zich gehoord voelt.",
        "klantloyaliteit",
    ),
    "content/en/unfinished-meetings.md": insight(
        "Unfinished meetings",
        "Meetings without an end, a draft about horizons.",
        "continuous-improvement",
        draft=True,
    ),
    "content/nl/organisaties-die-standhouden.md": insight(
        "Wat goede organisaties doen",
        "Goede organisaties kijken ver vooruit. Een duidelijk voorbeeld: het beleid voor tien jaar.",
        "hoogpresterende-organisaties",
    ),
}


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path, FILES)


@pytest.fixture
def index(project, tmp_path):
    idx = search.SearchIndex(tmp_path / "cache")
    idx.sync_files(project / "content", project)
    return idx


def paths(hits) -> list[str]:
    return [hit.path for hit in hits]


# -- analysis ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_fast_analysis_agrees_with_the_whoosh_analyzer_on_the_sample_content(lang):
    # Indexing uses `Analysis`, queries use whoosh's chain: they must give the same terms.
    corpus = load_corpus(ROOT / "content", root=ROOT)
    analysis = search.Analysis(lang)
    articles = corpus.in_language(lang)
    assert len(articles) >= 10
    for article in articles:
        text = f"{article.title}\n{article.summary}\n{search.plain_text(article.body)}"
        assert analysis.counts(text) == Counter(t.text for t in search.analyzer(lang)(text)), article.path


def test_dutch_stemming_conflates_inflections_that_whoosh_porter_does_not():
    from whoosh.lang import stemmer_for_language

    whoosh_dutch = stemmer_for_language("nl")
    assert whoosh_dutch("organisaties") != whoosh_dutch("organisatie")
    analysis = search.Analysis("nl")
    assert analysis.term("organisaties") == analysis.term("organisatie") == "organiseer"
    assert analysis.term("klanten") == analysis.term("klant") == "klant"
    assert analysis.term("financiële") == "financieel"
    assert analysis.term("één") == "een"  # accents folded after stemming
    assert analysis.term("het") == ""  # a stop word


def test_plain_text_keeps_the_words_of_markdown():
    markdown = "## Why\n\nSee [the *other* insight](other.md) and **this**[^1].\n\n- one\n- two\n\n[^1]: A note."
    assert search.plain_text(markdown) == "Why See the other insight and this. one two A note."


# -- search -----------------------------------------------------------------------------


def test_dutch_query_finds_other_inflections(index):
    assert paths(index.search("organisatie", lang="nl")) == ["content/nl/organisaties-die-standhouden.md"]


def test_dutch_part_of_a_compound_finds_the_compound(index):
    hits = index.search("loyaliteit")
    assert paths(hits) == ["content/nl/klanten-blijven.md"]
    assert ("klantloyaliteit", True) in hits[0].snippet_parts


def test_compound_splitting_skips_particles_and_suffixes(index):
    # "voor|beeld" is no compound of "beeld", "duide|lijk" none of "lijk".
    assert index.search("beeld", lang="nl") == []
    assert index.search("lijk", lang="nl") == []


def test_english_stemming_and_ranking_title_first(index):
    hits = index.search("organisation")
    # The title match ranks first; the other insight has the word only in its body.
    assert paths(hits) == ["content/en/organisations-that-last.md", "content/en/loyal-customers.md"]
    assert hits[0].title == "Organisations that last"
    assert hits[0].lang == "en"
    assert hits[0].score > hits[1].score


def test_language_and_category_filters(index):
    assert paths(index.search("organisations organisaties", lang="nl")) == [
        "content/nl/organisaties-die-standhouden.md"
    ]
    assert paths(index.search("organisation", category="customer-loyalty")) == ["content/en/loyal-customers.md"]
    assert index.search("organisation", limit=1)[0].path == "content/en/organisations-that-last.md"


def test_snippet_marks_matches_in_context(index):
    hit = index.search("promises")[0]
    assert hit.snippet == "Customers stay with an organisation that keeps its promises. Loyalty grows in small steps."
    assert [text for text, marked in hit.snippet_parts if marked] == ["promises"]


def test_snippet_of_a_long_text_is_a_window_around_the_first_match():
    text = " ".join(f"word{i}" for i in range(100)) + " target " + " ".join(f"more{i}" for i in range(100))
    parts = search.snippet(text, {"target"}, "en")
    joined = "".join(t for t, _ in parts)
    assert joined.startswith("… word92 word93")
    assert joined.endswith("more22 …")
    assert ("target", True) in parts


def test_query_syntax_is_forgiving(index):
    # A quoted phrase matches only the phrase; field names and stray brackets are just words.
    assert paths(index.search('"keeps its promises"')) == ["content/en/loyal-customers.md"]
    assert paths(index.search("title:stand-up (")) == ["content/en/quiet-meetings.md"]
    assert paths(index.search("organisation NOT loyalty")) == ["content/en/organisations-that-last.md"]
    assert paths(index.search("promises AND horizon")) == []
    assert index.search("") == []


# -- the incremental index ----------------------------------------------------------------


def test_only_changed_files_are_indexed_again(project, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = search.SearchIndex(cache).sync_files(project / "content", project)
    assert (first.indexed, first.removed, first.rebuilt) == (6, 0, True)
    again = search.SearchIndex(cache).sync_files(project / "content", project)
    assert (again.indexed, again.removed, again.rebuilt) == (0, 0, False)

    # A touched but unchanged file is read once, not indexed, and then not read again.
    path = project / "content/en/quiet-meetings.md"
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)
    assert search.SearchIndex(cache).sync_files(project / "content", project).indexed == 0
    monkeypatch.setattr(search, "load_article", lambda *a, **k: pytest.fail("an unchanged file was read"))
    assert search.SearchIndex(cache).sync_files(project / "content", project).indexed == 0
    monkeypatch.undo()

    path.write_text(path.read_text().replace("board in view", "kanban board in view"))
    changed = search.SearchIndex(cache)
    assert changed.sync_files(project / "content", project).indexed == 1
    assert paths(changed.search("kanban")) == ["content/en/quiet-meetings.md"]

    (project / "content/en/loyal-customers.md").unlink()
    gone = search.SearchIndex(cache)
    assert gone.sync_files(project / "content", project).removed == 1
    assert gone.search("promises") == []


def test_a_broken_file_leaves_the_index_and_is_reported(project, index, tmp_path):
    path = project / "content/en/quiet-meetings.md"
    path.write_text(path.read_text().replace("title: Quiet meetings", "title: [unclosed"))
    report = search.SearchIndex(tmp_path / "cache").sync_files(project / "content", project)
    assert report.unreadable == ["content/en/quiet-meetings.md"]
    assert (report.indexed, report.removed) == (0, 1)
    again = search.SearchIndex(tmp_path / "cache")
    assert again.sync_files(project / "content", project).unreadable == ["content/en/quiet-meetings.md"]
    assert again.search("stand-up") == []


def test_an_interrupted_run_resumes_without_duplicates(project, tmp_path, monkeypatch):
    monkeypatch.setattr(search, "BATCH", 2)  # a commit (a segment) every two documents
    real, calls = search._document, []

    def failing(article, *rest):
        calls.append(article.path)
        if len(calls) == 5:
            raise KeyboardInterrupt
        return real(article, *rest)

    monkeypatch.setattr(search, "_document", failing)
    with pytest.raises(KeyboardInterrupt):
        search.SearchIndex(tmp_path / "cache").sync_files(project / "content", project)
    monkeypatch.setattr(search, "_document", real)
    resumed = search.SearchIndex(tmp_path / "cache")
    assert resumed.sync_files(project / "content", project).indexed == 2  # four were committed
    assert paths(resumed.search("promises")) == ["content/en/loyal-customers.md"]
    assert len(resumed.search("meetings organisation klanten organisaties", limit=20)) == 6


def test_a_new_schema_version_rebuilds_the_index(project, index, tmp_path, monkeypatch):
    for module in (search, indexstore):  # the index's folder, related insights
        monkeypatch.setattr(module, "SCHEMA_VERSION", search.SCHEMA_VERSION + 1)
    report = search.SearchIndex(tmp_path / "cache").sync_files(project / "content", project)
    assert (report.rebuilt, report.indexed) == (True, 6)


def test_a_damaged_index_is_rebuilt(project, index, tmp_path):
    for toc in (tmp_path / "cache" / "search").glob("*.toc"):
        toc.write_bytes(b"not an index")
    fresh = search.SearchIndex(tmp_path / "cache")
    report = fresh.sync_files(project / "content", project)
    assert (report.rebuilt, report.indexed) == (True, 6)
    assert paths(fresh.search("kanban stand-up")) == ["content/en/quiet-meetings.md"]


def test_drafts_are_found_and_marked(index):
    hits = index.search("meetings")
    assert [(h.path, h.draft) for h in hits] == [
        ("content/en/unfinished-meetings.md", True),
        ("content/en/quiet-meetings.md", False),
    ]


def test_sync_from_articles_matches_sync_from_files(project, tmp_path):
    corpus = load_corpus(project / "content", root=project)
    idx = search.SearchIndex(tmp_path / "cache")
    assert idx.sync(corpus.articles, project).indexed == 6
    # The CLI's file-based sync finds nothing to do after the build's.
    assert search.SearchIndex(tmp_path / "cache").sync_files(project / "content", project).indexed == 0


# -- related insights ---------------------------------------------------------------------


def _info(path: str, cats=("a",), draft=False, fp="1") -> Info:
    return Info(fp, "en", tuple(cats), draft)


def test_category_overlap_breaks_ties_and_drafts_are_never_related():
    vec = {"x": 1.0}
    infos = {
        "me": _info("me", ("a", "b")),
        "one-shared": _info("one-shared", ("a",)),
        "two-shared": _info("two-shared", ("a", "b")),
        "none-shared": _info("none-shared", ("c",)),
        "draft": _info("draft", ("a", "b"), draft=True),
    }
    state = RelatedSet()
    related.update(state, "en", infos, {p: vec for p in infos}, set(), full=True)
    assert state.get("me") == ["two-shared", "one-shared", "none-shared"]
    assert "draft" not in state.get("one-shared")


def test_too_few_alike_are_filled_up_with_shared_categories():
    infos = {
        p: _info(p, cats)
        for p, cats in [("me", ("a",)), ("alike", ("z",)), ("cat1", ("a",)), ("cat2", ("a", "b")), ("other", ("q",))]
    }
    vectors = {"me": {"x": 1.0}, "alike": {"x": 1.0}, "cat1": {"y": 1.0}, "cat2": {"w": 1.0}, "other": {"v": 1.0}}
    state = RelatedSet()
    related.update(state, "en", infos, vectors, set(), full=True)
    assert state.get("me") == ["alike", "cat1", "cat2"]
    assert state.entries["me"].matches == 1


def test_key_terms_are_a_unit_vector_of_the_rarest_weighty_terms():
    df = {"common": 90, "rare": 2, "unique": 1, "mid": 10}
    vec = related.key_terms({"common": 5, "rare": 1, "unique": 3, "mid": 2}, df.__getitem__, 100)
    assert list(vec) == ["rare", "mid"]  # 'unique' matches nothing, 'common' is in most
    assert abs(sum(w * w for w in vec.values()) - 1) < 1e-3


def test_incremental_update_equals_a_full_computation():
    """Random edits, additions, removals and draft flips: after each round, the lists
    kept incrementally are those a full computation gives on the same vectors."""
    rng = random.Random(5)
    # 160 insights x 8 of 20 terms: about 64 per term, so the posting cap (50) matters.
    vocabulary = [f"t{i}" for i in range(20)]

    def vector() -> dict[str, float]:
        terms = rng.sample(vocabulary, 8)
        return {t: round(rng.random() + 0.05, 4) for t in terms}

    infos = {f"p{i:03}": Info("0", "en", tuple(rng.sample("abcd", 2)), rng.random() < 0.05) for i in range(160)}
    vectors = {p: vector() for p in infos}
    state = RelatedSet()
    related.update(state, "en", infos, dict(vectors), set(), full=True)
    assert max(Counter(t for v in vectors.values() for t in v).values()) > related.POSTING_CAP
    for round_ in range(12):
        changed: dict[str, dict[str, float]] = {}
        removed: set[str] = set()
        for path in rng.sample(sorted(infos), 4):
            action = rng.choice(["edit", "remove", "draft", "cats"])
            if action == "remove":
                removed.add(path)
                del infos[path], vectors[path]
                continue
            if action == "edit":
                vectors[path] = vector()
            info = infos[path]
            draft = (not info.draft) if action == "draft" else info.draft
            cats = tuple(rng.sample("abcd", 2)) if action == "cats" else info.cats
            infos[path] = Info(f"{round_}", "en", cats, draft)
            changed[path] = vectors[path]
        new = f"n{round_}"
        infos[new] = Info("0", "en", ("a",), False)
        vectors[new] = changed[new] = vector()
        related.update(state, "en", infos, changed, removed, full=False)
        fresh = RelatedSet()
        related.update(fresh, "en", infos, dict(vectors), set(), full=True)
        assert {p: e.rel for p, e in state.entries.items()} == {p: e.rel for p, e in fresh.entries.items()}, round_


def test_only_vectors_whose_weights_can_change_are_computed_again(tmp_path, monkeypatch):
    terms = {f"p{i}": {"shared": 1, f"t{i % 7}": 2, f"own{i}": 1} for i in range(100)}
    terms.update({f"q{i}": {"woord": 1, f"w{i % 3}": 1} for i in range(10)})
    asked: list[str] = []
    computed: list[str] = []
    unit_vector = related._unit_vector

    def counting(tf, idf):
        computed.append(next(t for t in tf if t.startswith(("own", "w"))))
        return unit_vector(tf, idf)

    monkeypatch.setattr(related, "_unit_vector", counting)

    def counts_of(path: str, lang: str) -> dict[str, int]:
        asked.append(path)
        return terms[path]

    infos = {p: Info("1", "en" if p.startswith("p") else "nl", ("a",), False) for p in terms}
    related.refresh(tmp_path / "r.pickle", 1, infos, counts_of, ["en", "nl"])
    assert (len(asked), len(computed)) == (110, 110)
    asked.clear(), computed.clear()
    related.refresh(tmp_path / "r.pickle", 1, infos, counts_of, ["en", "nl"])
    assert (asked, computed) == ([], [])  # nothing changed: nothing asked
    # A word of its own: no other insight's weights change.
    terms["p1"] = {**terms["p1"], "fresh": 3}
    infos["p1"] = Info("2", "en", ("a",), False)
    related.refresh(tmp_path / "r.pickle", 1, infos, counts_of, ["en", "nl"])
    assert (len(asked), computed) == (100, ["own1"])  # every English insight's counts, for the frequencies
    computed.clear()
    # t3 in one insight more: the insights that weigh t3 are weighed again.
    terms["p1"] = {**terms["p1"], "t3": 1}
    infos["p1"] = Info("3", "en", ("a",), False)
    related.refresh(tmp_path / "r.pickle", 1, infos, counts_of, ["en", "nl"])
    assert sorted(computed) == sorted(["own1", *(f"own{i}" for i in range(100) if i % 7 == 3)])


# The generated corpus of the benchmarks, small: real English and Dutch text, enough
# insights that a term's capped posting list (50) and the common-term limit matter.
CORPUS_SIZE = 120


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("generated") / "site"
    _generator().generate(site, CORPUS_SIZE, seed=3)
    return site


def _insights(content: Path, lang: str = "en") -> list[Path]:
    return sorted(p for p in (content / lang).glob("*.md") if p.name not in ("index.md", "about.md"))


def _replace_body(path: Path, body: str) -> None:
    front, _ = path.read_text(encoding="utf-8").split("\n---\n", 1)
    path.write_text(f"{front}\n---\n{body}", encoding="utf-8")


def _body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[1]


EDITS = {
    # The benchmarks' edit: a sentence more.
    "sentence": lambda c: _replace_body(
        _insights(c)[4], _body(_insights(c)[4]) + "\nCustomers, managers and teams met.\n"
    ),
    # Another text altogether: many document frequencies change.
    "body": lambda c: _replace_body(_insights(c)[4], _body(_insights(c)[-1])),
    "added": lambda c: (c / "en" / "zz-one-more.md").write_text(
        # Without its translation key (the original keeps it); an unknown key would fail the file.
        re.sub(
            r"^translation_key:.*\n",
            "",
            re.sub(r'title: "', 'title: "One more: ', _insights(c)[7].read_text(encoding="utf-8"), count=1),
            flags=re.M,
        ),
        encoding="utf-8",
    ),
    "removed": lambda c: _insights(c, "nl")[3].unlink(),
    "draft": lambda c: _insights(c)[9].write_text(
        _insights(c)[9].read_text(encoding="utf-8").replace("\n---\n", "\ndraft: true\n---\n", 1), encoding="utf-8"
    ),
}


def _related_state(site: Path, cache: Path) -> bytes:
    """The related insights of the site's insights, in a canonical form: every
    insight's list (paths and scores), its content matches and key-term vector. (The
    build passes its own term counts; the site-build test below goes that way.)"""
    corpus = load_corpus(site / "content", root=site)
    state = search.update_related(search.SearchIndex(cache), articles=corpus.articles)
    rows = [(p, e.rel, e.matches, list(e.vec.items())) for p, e in sorted(state.entries.items())]
    return repr(rows).encode("utf-8")


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_warm_update_equals_a_cold_computation_byte_for_byte(generated, tmp_path, edit):
    site = tmp_path / "site"
    shutil.copytree(generated, site)
    before = _related_state(site, tmp_path / "warm")
    EDITS[edit](site / "content")
    warm = _related_state(site, tmp_path / "warm")
    cold = _related_state(site, tmp_path / "cold")
    assert warm != before
    assert warm == cold


def test_a_warm_build_equals_a_cold_build_of_the_same_content(tmp_path):
    """The whole site, page for page, after one edited body: built with the cache of
    the build before, and built from nothing."""
    project = tmp_path / "project"
    _generator().generate(project, 60, seed=5)
    build_site(project, tmp_path / "first")
    EDITS["body"](project / "content")
    warm = build_site(project, tmp_path / "warm")
    shutil.rmtree(project / ".cache")
    cold = build_site(project, tmp_path / "cold")
    pages = sorted(p.relative_to(warm).as_posix() for p in warm.rglob("*.html"))
    assert pages == sorted(p.relative_to(cold).as_posix() for p in cold.rglob("*.html"))
    assert len(pages) > 120
    assert [p for p in pages if (warm / p).read_bytes() != (cold / p).read_bytes()] == []
    # The edit changed the related insights of other pages too (what a stale idf missed).
    first = tmp_path / "first"
    changed = [p for p in pages if (first / p).exists() and (first / p).read_bytes() != (warm / p).read_bytes()]
    assert len(changed) > 1


def test_related_are_kept_between_runs_and_recomputed_only_where_needed(project, tmp_path):
    cache = tmp_path / "cache"
    corpus = load_corpus(project / "content", root=project)
    idx = search.SearchIndex(cache)
    idx.sync(corpus.articles, project)
    first = search.update_related(idx)
    assert first.get("content/en/organisations-that-last.md") == [
        "content/en/loyal-customers.md",
        "content/en/quiet-meetings.md",
    ]
    # The draft shares words with both, but is never linked to.
    assert first.get("content/en/quiet-meetings.md") == ["content/en/organisations-that-last.md"]
    assert first.get("content/en/unfinished-meetings.md") == [
        "content/en/quiet-meetings.md",
        "content/en/organisations-that-last.md",
    ]
    stamp = (cache / "related.pickle").stat().st_mtime_ns
    again = search.SearchIndex(cache)
    again.sync(corpus.articles, project)
    search.update_related(again)
    assert (cache / "related.pickle").stat().st_mtime_ns == stamp  # nothing to do: not rewritten


# -- the command ----------------------------------------------------------------------------


@pytest.fixture
def in_project(project, monkeypatch):
    monkeypatch.chdir(project)
    return project


def test_search_command_prints_ranked_results(in_project):
    result = CliRunner().invoke(cli.main, ["search", "organisation"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:3] == [
        "1. Organisations that last (en)",
        "   content/en/organisations-that-last.md",
        "   Lasting organisations keep a long horizon. Their managers weigh decisions against ten years.",
    ]
    assert result.output.splitlines()[3] == "2. Loyal customers (en)"
    assert (in_project / ".cache" / "quickinsights" / "search" / "state.json").is_file()


def test_search_command_filters_and_reports_no_results(in_project):
    result = CliRunner().invoke(cli.main, ["search", "loyaliteit", "--lang", "en"])
    assert result.exit_code == 0
    assert result.output == "No insights found.\n"
    result = CliRunner().invoke(cli.main, ["search", "unfinished", "--lang", "en", "--limit", "1"])
    assert result.output.splitlines()[0] == "1. Unfinished meetings (en, draft)"
    result = CliRunner().invoke(
        cli.main, ["search", "organisaties", "--category", "hoogpresterende-organisaties", "--limit", "1"]
    )
    assert result.output.splitlines()[0] == "1. Wat goede organisaties doen (nl)"


def test_search_command_bad_category_suggests_one(in_project):
    result = CliRunner().invoke(cli.main, ["search", "trust", "--category", "klantloyalitet"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == "Error: unknown category 'klantloyalitet'"
    assert result.output.splitlines()[1].startswith(
        "  hint: did you mean 'klantloyaliteit'? Allowed: high-performance-organisations, "
    )


def test_search_command_unusable_cache_fails_cleanly(in_project):
    (in_project / "cache").mkdir()
    (in_project / "cache" / "search").write_text("a file where the index folder should be")
    result = CliRunner().invoke(cli.main, ["search", "trust", "--cache", "cache"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: cannot create the search index in cache/search: Not a directory",
        "  hint: check that the folder is writable, or delete it",
    ]
    assert "Traceback" not in result.output


def test_search_command_help_has_an_example():
    result = CliRunner().invoke(cli.main, ["search", "--help"])
    assert result.exit_code == 0
    assert '  Example:\n    insights search "customer loyalty"\n' in result.output


# -- on the site ------------------------------------------------------------------------------


def _related_links(html: str) -> list[tuple[str, str]]:
    aside = re.search(r'<aside class="qi-related".*?</aside>', html, re.S)
    return re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', aside.group(0)) if aside else []


def test_article_pages_list_related_insights_of_their_language(tmp_path):
    words = "trust promises customers teams loyalty meetings habits horizon managers decisions"
    files = {
        f"content/en/note-{i}.md": insight(
            f"Note {i} <b>bold</b>" if i == 1 else f"Note {i}",
            " ".join(words.split()[i % 5 : i % 5 + 5]) + f". Unique{i} text.",
            summary=f"Note number {i}.",
        )
        for i in range(7)
    }
    files["content/nl/notitie.md"] = insight("Notitie", "Vertrouwen en beloften aan klanten.", "leiderschap")
    files["content/nl/tweede-notitie.md"] = insight("Tweede notitie", "Klanten en vertrouwen in teams.", "leiderschap")
    project = make_project(tmp_path, files)
    site = build_site(project)
    links = _related_links((site / "note-0" / "index.html").read_text())
    assert 3 <= len(links) <= 5
    assert all(href.startswith("../note-") for href, _ in links)
    assert ("../note-1/", "Note 1 &lt;b&gt;bold&lt;/b&gt;") in links
    dutch = (site / "nl" / "notitie" / "index.html").read_text()
    assert '<h2 id="qi-related-heading">Gerelateerde inzichten</h2>' in dutch
    assert _related_links(dutch) == [("../tweede-notitie/", "Tweede notitie")]
    assert "Related insights" in (site / "note-3" / "index.html").read_text()


def test_build_fails_cleanly_when_the_cache_cannot_be_written(tmp_path, caplog):
    project = make_project(tmp_path, {"content/en/loyal-customers.md": FILES["content/en/loyal-customers.md"]})
    (project / ".cache").mkdir()
    (project / ".cache" / "quickinsights").write_text("a file where the cache folder should be")
    with pytest.raises(Abort):
        build_site(project)
    assert f"cannot write {project}/.cache/quickinsights/related.pickle: File exists" in caplog.text  # mkdir
    assert "  hint: check that the folder is writable and the disk not full, or delete the folder" in caplog.text
    assert "Traceback" not in caplog.text


def test_the_build_keeps_an_existing_search_index_up_to_date_and_makes_none(project, monkeypatch):
    cache = project / ".cache" / "quickinsights"
    build_site(project)
    assert (cache / "related.pickle").is_file()
    assert not (cache / "search").exists()  # a cold index would cost a cold build 15-20%

    monkeypatch.chdir(project)
    assert CliRunner().invoke(cli.main, ["search", "kanban"]).output == "No insights found.\n"
    path = project / "content/en/quiet-meetings.md"
    path.write_text(path.read_text().replace("board in view", "kanban board in view"))
    build_site(project)
    # The build indexed the change: the command reads no file and finds the word.
    monkeypatch.setattr(search, "load_article", lambda *a, **k: pytest.fail("the build left a file to index"))
    result = CliRunner().invoke(cli.main, ["search", "kanban"])
    assert result.output.splitlines()[0] == "1. Quiet meetings (en)"


def test_a_busy_index_does_not_fail_the_build(project, monkeypatch, caplog):
    caplog.set_level(logging.INFO)
    cache = project / ".cache" / "quickinsights"
    search.SearchIndex(cache).sync_files(project / "content", project)
    path = project / "content/en/quiet-meetings.md"
    path.write_text(path.read_text().replace("board in view", "kanban board in view"))
    monkeypatch.setattr(search, "LOCK_TIMEOUT", 0.1)
    writer = search.SearchIndex(cache)._open().writer()  # another process, indexing
    try:
        build_site(project)
    finally:
        writer.cancel()
    assert f"the search index in {cache}/search is locked by another process; not updated by this build" in caplog.text
    assert (cache / "related.pickle").is_file()


def test_a_reader_follows_a_related_insight(sample_url, page, tmp_path):
    """In Chromium, on the sample site: the list a reader sees is the one computed from
    the sample content, in the page's language, and its links lead there."""
    corpus = load_corpus(ROOT / "content", root=ROOT)
    idx = search.SearchIndex(tmp_path / "cache")
    idx.sync(corpus.articles, ROOT)
    expected = search.update_related(idx).get("content/nl/klantloyaliteit-begint-binnen.md")
    titles = {a.path: a.title for a in corpus.articles}
    assert 3 <= len(expected) <= 5

    page.goto(sample_url + "nl/klantloyaliteit-begint-binnen/")
    assert page.locator("#qi-related-heading").text_content() == "Gerelateerde inzichten"
    assert page.locator(".qi-related a").all_text_contents() == [titles[p] for p in expected]
    page.locator(".qi-related a").first.click()
    page.wait_for_url("**/nl/" + Path(expected[0]).stem + "/")
    assert page.locator("h1.qi-title").text_content() == titles[expected[0]]
    assert page.console_errors == []
    assert page.foreign_requests == []
