"""`insights search` tells what the site's search tells a reader about a query: the
words it corrected, how to search what was typed, and the words found nowhere
(search.js showNotes), in the same words, on stderr before the results."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import make_project
from quickinsights.cli import main as cli
from test_search import FILES


@pytest.fixture
def in_project(tmp_path, monkeypatch):
    project = make_project(tmp_path, FILES)
    monkeypatch.chdir(project)
    return project


def search(*args: str):
    result = CliRunner().invoke(cli.main, ["search", *args])
    assert result.exit_code == 0, result.output
    return result


def test_a_corrected_word_is_said_with_the_command_that_searches_it_as_typed(in_project):
    result = search("quiet meetinsg")
    assert result.stderr.splitlines() == [
        "Showing results for “quiet meetings”.",
        "Search for “quiet meetinsg” instead: insights search 'quiet meetinsg' --as-typed",
    ]
    assert result.stdout.splitlines()[0] == "1. Quiet meetings (en)"
    # The command it names searches what was typed: the word is then found nowhere.
    again = search("quiet meetinsg", "--as-typed")
    assert again.stderr.splitlines() == ["No results for ‘meetinsg’; showing insights with the other words."]
    assert again.stdout.splitlines()[0] == "1. Quiet meetings (en)"


def test_the_command_keeps_the_language_and_category_given(in_project):
    result = search("meetinsg", "--lang", "en", "--category", "continuous-improvement")
    assert result.stderr.splitlines()[1] == (
        "Search for “meetinsg” instead: insights search meetinsg --as-typed --lang en --category continuous-improvement"
    )


def test_words_found_nowhere_are_named(in_project):
    result = search("loyal zzqxv wwqpt")
    assert result.stderr.splitlines() == [
        "No results for ‘zzqxv’, ‘wwqpt’; showing insights with the other words.",
    ]
    assert result.stdout.splitlines()[0] == "1. Loyal customers (en)"


def test_no_insight_with_every_word_is_said(in_project):
    result = search("loyal horizon")
    assert result.stderr.splitlines() == ["No insight has all the words; first those with the most."]


def test_a_query_found_as_typed_says_nothing_more(in_project):
    result = search("loyal customers")
    assert result.stderr == ""
    assert result.stdout.splitlines()[0] == "1. Loyal customers (en)"


def test_nothing_found_is_said_once(in_project):
    assert search("zzqxv").stderr == "No insights found.\n"


def test_a_phrase_of_three_or_more_words_matches_only_where_it_stands_whole(tmp_path):
    """As the site's engine does (test_engine): its pairs must follow one another."""
    from quickinsights.search import index as search
    from test_engine import FILES as ENGINE_FILES

    project = make_project(tmp_path, ENGINE_FILES)
    index = search.SearchIndex(tmp_path / "cache")
    index.sync_files(project / "content", project)

    def slugs(query: str) -> list[str]:
        return [hit.slug for hit in index.search(query, lang="en")]

    assert sorted(slugs("beavers build dams patiently")[:2]) == ["beavers-apart", "beavers-whole"]
    assert slugs('"beavers build dams patiently"') == ["beavers-whole"]
    assert slugs('"build dams patiently"') == ["beavers-whole"]
    assert sorted(slugs('"build dams"')) == ["beavers-apart", "beavers-whole"]
    assert slugs('"rivers beavers build"') == []
