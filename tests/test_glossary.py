"""The site's glossary (glossary.py): found like categories.yml (siteconfig.py), its
mistakes at path:line, and what both searches make of it."""

from __future__ import annotations

import textwrap

import pytest
from click.testing import CliRunner
from conftest import ROOT, build_site, insight_text, make_project
from mkdocs.exceptions import Abort
from quickinsights.cli import main as cli
from quickinsights.model import siteconfig
from quickinsights.model.categories import load_vocabulary
from quickinsights.model.glossary import GlossaryError, load_glossary, parse_glossary


def test_entries_name_terms_per_language_one_or_a_list():
    glossary = parse_glossary(
        "- en: sickness absence\n  nl: [ziekteverzuim, verzuim]\n- en: [remote work, working from home]\n"
    )
    assert [(e.terms, e.line) for e in glossary.entries] == [
        ({"en": ("sickness absence",), "nl": ("ziekteverzuim", "verzuim")}, 1),
        ({"en": ("remote work", "working from home")}, 3),
    ]
    assert parse_glossary("# nothing yet\n").entries == ()


def test_the_category_labels_count_as_entries():
    entries = parse_glossary("- en: workload\n  nl: werkdruk\n").search_entries(load_vocabulary())
    assert entries[0] == {"en": ["workload"], "nl": ["werkdruk"]}
    assert {"en": ["Customer loyalty"], "nl": ["Klantloyaliteit"]} in entries


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- en: workload\n  de: Arbeitslast\n", 2, "unknown language 'de'"),
        ("- en: workload\n", 1, "this entry has one term only, so it finds nothing new"),
        ("- en: workload\n  nl: [werkdruk, 3]\n", 2, "'nl' must be a term or a list of terms (text)"),
        ("- en: workload\n  nl: []\n", 2, "'nl' lists no term"),
        ("- en: workload\n  nl: werkdruk\n  nl: druk\n", 3, "'nl' is given twice in this entry"),
        ("en: workload\n", 1, "expected a list of entries"),
        ("- workload\n", 1, "an entry must be a mapping of languages to terms"),
        ("- en: [workload\n  nl: werkdruk\n", 2, "invalid YAML: expected ',' or ']', but got ':'"),
    ],
)
def test_a_broken_glossary_is_an_error_at_its_line(text, line, message):
    with pytest.raises(GlossaryError) as error:
        parse_glossary(text, "glossary.yml")
    assert (error.value.problem.path, error.value.problem.line, error.value.problem.message) == (
        "glossary.yml",
        line,
        message,
    )
    assert error.value.problem.hint


def test_the_site_finds_its_glossary_next_to_mkdocs_yml(tmp_path):
    assert siteconfig.resolve(tmp_path, "content", {}).glossary_file is None  # none: no glossary
    assert len(siteconfig.resolve(tmp_path, "content", {}).glossary()) == 0
    (tmp_path / "glossary.yml").write_text("- en: workload\n  nl: werkdruk\n")
    settings = siteconfig.resolve(tmp_path, "content", {})
    assert settings.glossary_file == tmp_path / "glossary.yml" and len(settings.glossary()) == 1
    (tmp_path / "terms.yml").write_text("- en: [workload\n")
    with pytest.raises(siteconfig.SiteConfigError) as error:
        siteconfig.resolve(tmp_path, "content", {"glossary": "terms.yml"}).glossary()
    assert str(error.value).startswith("terms.yml:2: invalid YAML")
    with pytest.raises(siteconfig.SiteConfigError) as error:
        siteconfig.resolve(tmp_path, "content", {"glossary": "missing.yml"})
    assert str(error.value).startswith(
        "mkdocs.yml:1: the glossary file 'missing.yml' named in the quickinsights plugin's options does not exist"
    )


def test_the_repository_glossary_is_valid_and_bilingual():
    glossary = load_glossary(ROOT / "glossary.yml", "glossary.yml")
    assert len(glossary) >= 40
    assert all(set(entry.terms) == {"en", "nl"} for entry in glossary.entries)


FILES = {
    "content/en/workload.md": insight_text(
        "Talking about workload", "2026-01-01", "performance-management", "Workload grows when priorities are unclear."
    ),
    "content/nl/druk.md": insight_text(
        "Werkdruk bespreekbaar maken",
        "2026-01-02",
        "prestatiemanagement",
        "Werkdruk groeit als prioriteiten vaag zijn.",
    ),
    "glossary.yml": "- en: workload\n  nl: werkdruk\n",
}


def test_insights_search_finds_the_other_language_through_the_glossary(tmp_path, monkeypatch):
    project = make_project(tmp_path, FILES)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli.main, ["search", "workload", "--lang", "nl"])
    assert result.exit_code == 0, result.output
    assert "content/nl/druk.md" in result.stdout


def test_a_broken_glossary_stops_the_build_and_the_search_at_its_line(tmp_path, monkeypatch, caplog):
    project = make_project(tmp_path, {**FILES, "glossary.yml": "- en: workload\n  fr: charge\n"})
    with pytest.raises(Abort):
        build_site(project)
    assert (
        textwrap.dedent("""\
        glossary.yml:2: unknown language 'fr'
          hint: an entry has a key per language: en, nl""")
        in caplog.text
    )
    assert "Traceback" not in caplog.text
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli.main, ["search", "workload"])
    assert result.exit_code == 1
    assert "glossary.yml:2: unknown language 'fr'" in result.output
