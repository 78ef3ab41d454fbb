"""The `insights` commands through click's CliRunner: output, files written, exit codes."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import ROOT, make_project
from quickinsights.cli import main as cli
from quickinsights.model.checks import validate

CASES = Path(__file__).parent / "fixtures" / "checks"
TODAY = dt.date.today().isoformat()

TRUST = """
---
title: Trust grows slowly
date: 2025-03-14
author: Anna de Vries
categories: [leadership, customer-loyalty]
summary: Why trust is built in small steps.
---

Trust is built in small steps, see [the other one](missing.md).
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    folder = make_project(tmp_path, {"content/en/trust-grows-slowly.md": TRUST})
    monkeypatch.chdir(folder)
    return folder


def invoke(*args: str) -> click.testing.Result:
    return CliRunner().invoke(cli.main, list(args), catch_exceptions=False)


# -- every command ----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(cli.main.commands))
def test_every_command_has_help_with_an_example(name):
    result = invoke(name, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"insights {name}" in result.output.split("Example:", 1)[1]


def test_the_group_help_lists_the_commands_with_an_example():
    result = invoke("--help")
    assert result.exit_code == 0
    assert "Example:" in result.output
    for name in ("check", "new", "translations", "linkcheck"):
        assert f"  {name} " in result.output


def test_outside_a_project_every_command_fails_cleanly(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for args in (["check"], ["translations"], ["new", "X", "--lang", "en", "--category", "strategy"]):
        result = invoke(*args)
        assert result.exit_code == 1
        assert (
            result.output
            == f"Error: no content folder at {tmp_path / 'content'}; run this inside the project or pass --content\n"
        )


# -- check --------------------------------------------------------------------------------


def test_check_human_output(project):
    result = invoke("check")
    assert result.exit_code == 1
    assert result.output == (
        "content/en/trust-grows-slowly.md:9: link to 'missing.md': there is no insight or page content/en/missing.md\n"
        "  hint: check the file name; within a language write 'slug.md', across languages '../nl/slug.md' or '../en/slug.md'\n"
        "1 insight file checked (0 English and 0 Dutch without errors): 1 error, 0 warnings.\n"
        'Each message is explained in docs/editors-guide.md, "What the messages mean".\n'
    )


def test_check_github_output_annotates_file_and_line(project):
    result = CliRunner().invoke(cli.main, ["check", "--format", "github"])
    assert result.exit_code == 1
    assert result.stdout == (
        "::error file=content/en/trust-grows-slowly.md,line=9::link to 'missing.md': there is no insight or page "
        "content/en/missing.md (hint: check the file name; within a language write 'slug.md', across languages "
        "'../nl/slug.md' or '../en/slug.md')\n"
    )
    assert result.stderr == "1 insight file checked (0 English and 0 Dutch without errors): 1 error, 0 warnings.\n"


def test_check_json_output(project):
    result = invoke("check", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.output) == {
        "files": 1,
        "errors": 1,
        "warnings": 0,
        "problems": [
            {
                "path": "content/en/trust-grows-slowly.md",
                "line": 9,
                "severity": "error",
                "message": "link to 'missing.md': there is no insight or page content/en/missing.md",
                "hint": "check the file name; within a language write 'slug.md', across languages '../nl/slug.md' or '../en/slug.md'",
            }
        ],
    }


def test_check_with_paths_shows_only_their_problems_and_exits_on_them(project):
    other = project / "content" / "en" / "other.md"
    other.write_text(
        TRUST.lstrip().replace("Trust grows slowly", "Other").replace("(missing.md)", "(trust-grows-slowly.md)")
    )
    result = invoke("check", "content/en/other.md")
    assert result.exit_code == 0
    assert result.output == "2 insight files checked (1 English and 0 Dutch without errors): 0 errors, 0 warnings.\n"
    result = invoke("check", "content/en/trust-grows-slowly.md", "content/en/other.md")
    assert result.exit_code == 1
    assert result.output.startswith("content/en/trust-grows-slowly.md:9: link to 'missing.md'")
    assert invoke("check", "content/en/").exit_code == 1


def test_check_warnings_alone_exit_0(project):
    (project / "content" / "en" / "trust-grows-slowly.md").write_text(
        TRUST.lstrip().replace("2025-03-14", "2999-01-01").replace(", see [the other one](missing.md)", "")
    )
    result = invoke("check")
    assert result.exit_code == 0
    assert (
        result.output.splitlines()[0]
        == "content/en/trust-grows-slowly.md:3: warning: scheduled: 'date' 2999-01-01 is in the future, so the insight is not published before the first build on or after that day"
    )
    assert result.output.splitlines()[-3:-1] == [
        "1 insight file checked (1 English and 0 Dutch without errors): 0 errors, 1 warning.",
        "Scheduled: content/en/trust-grows-slowly.md (2999-01-01): published by the first build on or after its date.",
    ]


def test_check_on_the_sample_content_is_clean(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = invoke("check", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["problems"] == []


# -- new ----------------------------------------------------------------------------------


def test_new_writes_a_draft_in_schema_order_that_passes_check(project):
    result = invoke(
        "new",
        "Één team, één doel: samenwerken",
        "--lang",
        "nl",
        "--category",
        "leadership",
        "--category",
        "strategie",
        "--author",
        "Anna de Vries",
    )
    assert result.exit_code == 0, result.output
    assert (
        result.output.splitlines()[0]
        == "Created content/nl/een-team-een-doel-samenwerken.md (a draft, not published until you set 'draft: false')."
    )
    written = (project / "content" / "nl" / "een-team-een-doel-samenwerken.md").read_text(encoding="utf-8")
    assert written == (
        "---\n"
        "title: 'Één team, één doel: samenwerken'\n"
        f"date: {TODAY}\n"
        "author: Anna de Vries\n"
        "categories:\n"
        "  - leiderschap\n"
        "  - strategie\n"
        "summary: >-\n"
        "  Schrijf een tot drie zinnen die de lezer vertellen wat dit inzicht biedt en waarom het voor een manager belangrijk is.\n"
        "draft: true\n"
        "---\n"
        "\n"
        "Begin met een situatie die de lezer herkent: wat er misgaat, of wat beter kan, en waarom dat voor het team belangrijk is.\n"
        "\n"
        "## Wat we in de praktijk zien\n"
        "\n"
        "Beschrijf een voorbeeld uit de praktijk: een organisatie, een team, een resultaat. Houd het kort en concreet.\n"
        "\n"
        "## Wat u maandag kunt doen\n"
        "\n"
        "- Een eerste stap die een manager deze week kan zetten.\n"
        "- Een tweede stap, en waar u op moet letten.\n"
    )
    problems = [p for p in validate(project / "content", project).problems if "een-team" in p.path]
    assert [(p.severity, p.message) for p in problems] == [
        ("warning", "'summary' is still the example text"),
        ("warning", "the body still contains example text"),
    ]


def test_new_refuses_to_overwrite(project):
    target = project / "content" / "en" / "trust-grows-slowly.md"
    before = target.read_bytes()
    result = invoke("new", "Trust grows slowly", "--lang", "en", "--category", "leadership", "--author", "X")
    assert result.exit_code == 1
    assert (
        result.output
        == "Error: content/en/trust-grows-slowly.md already exists; nothing was written. Choose another title or pass --slug\n"
    )
    assert target.read_bytes() == before


def test_new_refuses_a_title_that_exists_under_another_file_name(project):
    result = invoke(
        "new",
        "TRUST grows slowly",
        "--lang",
        "en",
        "--category",
        "leadership",
        "--author",
        "X",
        "--slug",
        "trust-again",
    )
    assert result.exit_code == 1
    assert (
        result.output
        == "Error: content/en/trust-grows-slowly.md already has the title 'Trust grows slowly'; nothing was written\n"
    )
    assert not (project / "content" / "en" / "trust-again.md").exists()


@pytest.mark.parametrize(
    "args,message",
    [
        (["X"], "say which language the insight is in: --lang en or --lang nl"),
        (
            ["X", "--lang", "en"],
            "name at least one category with --category; allowed: high-performance-organisations, customer-loyalty, employee-engagement, leadership, continuous-improvement, strategy, change-management, performance-management",
        ),
        (
            ["X", "--lang", "nl", "--category", "leiderschp"],
            "unknown category 'leiderschp'; did you mean 'leiderschap'? allowed: hoogpresterende-organisaties, klantloyaliteit, medewerkersbetrokkenheid, leiderschap, continu-verbeteren, strategie, verandermanagement, prestatiemanagement",
        ),
        (
            ["???", "--lang", "en", "--category", "strategy"],
            "'' is not a valid file name; pass --slug with lower-case letters, digits and hyphens",
        ),
        (
            ["Insights", "--lang", "en", "--category", "strategy"],
            "the file name 'insights.md' is reserved for a page of the site; pass another --slug",
        ),
    ],
)
def test_new_usage_errors_exit_2_and_write_nothing(project, args, message):
    before = sorted(p.name for p in (project / "content").rglob("*.md"))
    result = invoke("new", *args, "--author", "X")
    assert result.exit_code == 2
    assert result.output.endswith(f"Error: {message}\n")
    assert sorted(p.name for p in (project / "content").rglob("*.md")) == before


def test_new_translation_carries_categories_and_adds_the_key_to_the_original_only(project):
    original = project / "content" / "en" / "trust-grows-slowly.md"
    # CRLF line endings and a comment must survive: only one line is added.
    text = TRUST.lstrip().replace("summary:", "# keep this comment\nsummary:").replace("\n", "\r\n")
    original.write_bytes(text.encode())
    result = invoke("new", "Vertrouwen groeit langzaam", "--translation-of", "content/en/trust-grows-slowly.md")
    assert result.exit_code == 0, result.output
    assert (
        result.output.splitlines()[1]
        == "Added 'translation_key: trust-grows-slowly' to content/en/trust-grows-slowly.md, so the two are linked as translations."
    )
    lines = text.split("\r\n")
    lines.insert(lines.index("---", 1), "translation_key: trust-grows-slowly")
    assert original.read_bytes().decode() == "\r\n".join(lines)
    written = (project / "content" / "nl" / "vertrouwen-groeit-langzaam.md").read_text(encoding="utf-8")
    assert "author: Anna de Vries\ncategories:\n  - leiderschap\n  - klantloyaliteit\n" in written
    # What the translation is made from: the original's digest (model/translations.py).
    assert re.search(
        r"\ntranslation_key: trust-grows-slowly\ntranslated_from: '?[0-9a-f]{12}'?\ndraft: true\n---\n", written
    )
    corpus = validate(project / "content", project)
    english = next(a for a in corpus.articles if a.lang == "en")
    assert corpus.translation_of(english).path == "content/nl/vertrouwen-groeit-langzaam.md"


def test_new_translation_keeps_an_existing_key_and_refuses_a_second_translation(project):
    original = project / "content" / "en" / "trust-grows-slowly.md"
    original.write_text(TRUST.lstrip().replace("---\n\n", "translation_key: trust\n---\n\n"))
    before = original.read_bytes()
    result = invoke("new", "Vertrouwen", "--translation-of", str(original), "--category", "strategy")
    assert result.exit_code == 0, result.output
    assert original.read_bytes() == before
    written = (project / "content" / "nl" / "vertrouwen.md").read_text(encoding="utf-8")
    assert "categories:\n  - strategie\n" in written
    assert "translation_key: trust\n" in written
    result = invoke("new", "Vertrouwen, opnieuw", "--translation-of", str(original))
    assert result.exit_code == 1
    assert (
        result.output
        == "Error: content/nl/vertrouwen.md is already the Dutch translation of content/en/trust-grows-slowly.md; nothing was written\n"
    )


def test_new_translation_into_the_same_language_is_refused(project):
    result = invoke("new", "Trust, again", "--lang", "en", "--translation-of", "content/en/trust-grows-slowly.md")
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: content/en/trust-grows-slowly.md is already English; a translation needs --lang nl\n"
    )


# -- translations --------------------------------------------------------------------------


def test_translations_table_and_json(tmp_path, monkeypatch):
    pair = TRUST.replace(", see [the other one](missing.md)", "").replace("---\n\n", "translation_key: trust\n---\n\n")
    files = {
        "content/en/trust-grows-slowly.md": pair,
        "content/nl/vertrouwen.md": pair.replace("Trust grows slowly", "Vertrouwen"),
        "content/en/alone.md": pair.replace("Trust grows slowly", "Alone").replace(
            "translation_key: trust", "draft: true"
        ),
        "content/nl/kapot.md": "no front matter",
    }
    monkeypatch.chdir(make_project(tmp_path, files))
    result = CliRunner().invoke(cli.main, ["translations"])
    assert result.exit_code == 0
    # The pair records no original (made before translated_from): "untracked".
    assert result.stdout == (
        "English: 0 current, 0 outdated, 0 untracked, 0 missing (2 insights)\n"
        "\n"
        "Dutch: 0 current, 0 outdated, 1 untracked, 1 missing (1 insight)\n"
        "  Untracked (not known to be current: check, then: insights mark-current PATH):\n"
        "  path                      original\n"
        "  ------------------------  --------------------------------\n"
        "  content/nl/vertrouwen.md  content/en/trust-grows-slowly.md\n"
        "  Missing (insights new TITLE --translation-of PATH):\n"
        "  original             title\n"
        "  -------------------  -------------\n"
        "  content/en/alone.md  Alone (draft)\n"
        "\n"
    )
    assert result.stderr == "1 file with errors left out; run 'insights check'.\n"
    result = CliRunner().invoke(cli.main, ["translations", "--format", "json"])
    data = json.loads(result.stdout)
    assert data["en"]["insights"] == 2 and data["nl"]["insights"] == 1
    assert data["nl"]["missing"] == [
        {"path": "content/en/alone.md", "title": "Alone", "translation_key": None, "draft": True}
    ]
    assert data["nl"]["untracked"] == [
        {
            "path": "content/nl/vertrouwen.md",
            "title": "Vertrouwen",
            "original": "content/en/trust-grows-slowly.md",
            "draft": False,
        }
    ]
    assert data["en"]["missing"] == [] and data["nl"]["current"] == data["nl"]["outdated"] == []


# -- progress --------------------------------------------------------------------------------


def test_progress_is_silent_when_stderr_is_not_a_terminal(monkeypatch):
    items = list(range(500))
    assert cli.progress(items, "Reading") is items


def test_progress_draws_a_bar_on_a_terminal(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.delenv("CI", raising=False)
    assert list(cli.progress(list(range(500)), "Reading insights")) == list(range(500))
    assert "Reading insights" in terminal.getvalue()
    assert "100%" in terminal.getvalue()
    monkeypatch.setenv("CI", "true")
    assert cli.progress(list(range(500)), "Reading") == list(range(500))


def test_new_translation_of_a_file_it_cannot_edit_safely_writes_nothing(project):
    original = project / "content" / "en" / "flow.md"
    original.write_text(
        "---\n{title: Flow style, date: 2025-01-01, author: A, categories: [strategy], summary: S.}\n---\n\nText.\n"
    )
    before = original.read_bytes()
    result = invoke("new", "Stroom", "--translation-of", "content/en/flow.md")
    assert result.exit_code == 1
    assert result.output == (
        "Error: could not add a translation_key to content/en/flow.md; add the line 'translation_key: flow' "
        "to its front matter yourself and run this command again\n"
    )
    assert original.read_bytes() == before
    assert not (project / "content" / "nl" / "stroom.md").exists()


def test_new_translation_of_a_broken_file_lists_its_problems(project):
    (project / "content" / "en" / "broken.md").write_text("---\ntitle: Broken\n---\n\nText.\n")
    result = invoke("new", "Kapot", "--translation-of", "content/en/broken.md")
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: fix content/en/broken.md before translating it:\n"
        "content/en/broken.md:1: missing required field 'date'\n"
    )
