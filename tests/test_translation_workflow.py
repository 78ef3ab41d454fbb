"""Outdated translations (issue 14), on a test repository with git history: rewriting an
original makes its translation outdated in `insights translations --format json`, in
`insights check` (both files, also as pull-request annotations) and on the translated
page; `insights mark-current` clears all four."""

from __future__ import annotations

import json
import subprocess

import pytest
from click.testing import CliRunner
from conftest import build_site, make_project
from quickinsights.cli import main as cli
from quickinsights.model import translations
from quickinsights.model.content import load_article

ORIGINAL = """\
---
title: Trust grows slowly
date: 2026-03-02
author: Anna de Vries
categories:
  - leadership
summary: Trust is built in small steps, and a team notices every one of them.
translation_key: trust-grows-slowly
---

Trust in a team grows from many small moments in which people keep their word. A
manager who does what was promised, week after week, earns more trust than any
speech about openness could. The first step is simple: make fewer promises, and keep
all of them. The second is to say so when a promise cannot be kept, before anyone
has to ask.
"""
DUTCH = """
Vertrouwen in een team groeit uit veel kleine momenten waarin mensen hun woord
houden. Een manager die week na week doet wat hij heeft beloofd, wint meer vertrouwen
dan welke toespraak over openheid ook. De eerste stap is eenvoudig: beloof minder, en
kom alles na. De tweede is het te zeggen wanneer een belofte niet lukt, voordat
iemand ernaar hoeft te vragen.
"""


def _git(project, *args):
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    project = make_project(tmp_path, {"content/en/trust-grows-slowly.md": ORIGINAL})
    monkeypatch.chdir(project)
    result = CliRunner().invoke(
        cli.main,
        [
            "new",
            "Vertrouwen groeit langzaam",
            "--translation-of",
            "content/en/trust-grows-slowly.md",
            "--author",
            "Anna de Vries",
        ],
    )
    assert result.exit_code == 0, result.output
    dutch = project / "content/nl/vertrouwen-groeit-langzaam.md"
    text = dutch.read_text(encoding="utf-8")
    front, _, _ = text.partition("\n---\n")
    dutch.write_text(
        front.replace("draft: true", "draft: false").replace(
            front.split("summary: >-\n", 1)[1].split("\n", 1)[0], "  Vertrouwen bouw je in kleine stappen op."
        )
        + "\n---\n"
        + DUTCH,
        encoding="utf-8",
    )
    _git(project, "init", "-q")
    _git(project, "-c", "user.name=t", "-c", "user.email=t@e", "add", "-A")
    _git(project, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "pair", "--date", "2026-03-02T10:00:00")
    return project


def _rewrite_original(project):
    path = project / "content/en/trust-grows-slowly.md"
    path.write_text(ORIGINAL.replace("make fewer promises", "make fewer promises, write them down,"), encoding="utf-8")
    _git(project, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qam", "rewrite")


def _status(project):
    result = CliRunner().invoke(cli.main, ["translations", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _check(project, output_format="human"):
    return CliRunner().invoke(cli.main, ["check", "--format", output_format])


def test_new_translation_records_what_it_was_made_from(repo):
    dutch = repo / "content/nl/vertrouwen-groeit-langzaam.md"
    original, _ = load_article(repo / "content/en/trust-grows-slowly.md", "en")
    assert f"translated_from: {translations.digest_of(original)}" in dutch.read_text() or (
        f"translated_from: '{translations.digest_of(original)}'" in dutch.read_text()
    )
    status = _status(repo)
    assert [e["path"] for e in status["nl"]["current"]] == ["content/nl/vertrouwen-groeit-langzaam.md"]
    assert status["nl"]["outdated"] == [] and status["en"]["missing"] == []


def test_reflowing_the_original_does_not_make_it_outdated(repo):
    path = repo / "content/en/trust-grows-slowly.md"
    path.write_text(
        path.read_text().replace("A\nmanager", "A manager").replace("\n\nTrust", "\n\n\nTrust"), encoding="utf-8"
    )
    assert _status(repo)["nl"]["outdated"] == []


def test_a_rewritten_original_makes_its_translation_outdated_everywhere_until_marked_current(repo):
    _rewrite_original(repo)
    # 1. insights translations --format json: outdated, with how much changed and since when.
    (entry,) = _status(repo)["nl"]["outdated"]
    assert entry["path"] == "content/nl/vertrouwen-groeit-langzaam.md"
    assert entry["original"] == "content/en/trust-grows-slowly.md"
    assert entry["changed"]["lines_added"] >= 1 and entry["changed"]["lines_removed"] >= 1
    assert entry["changed"]["since"]
    # 2. insights check: a warning on both files, with the command that clears it.
    result = _check(repo)
    assert result.exit_code == 0, result.output  # a warning, not an error
    assert "content/nl/vertrouwen-groeit-langzaam.md:" in result.output
    assert "outdated translation: its English original content/en/trust-grows-slowly.md has changed" in result.output
    assert "insights mark-current content/nl/vertrouwen-groeit-langzaam.md" in result.output
    # 3. The pull-request check annotates the original.
    annotations = _check(repo, "github").output
    assert "::warning file=content/en/trust-grows-slowly.md" in annotations
    assert "the Dutch translation content/nl/vertrouwen-groeit-langzaam.md now lags behind this text" in annotations
    # 4. The reader of the translation is told, in Dutch, with a link to the original.
    site = build_site(repo)
    page = (site / "nl/vertrouwen-groeit-langzaam/index.html").read_text(encoding="utf-8")
    assert "Dit inzicht is vertaald uit het Engels; het origineel is sindsdien bijgewerkt." in page
    assert 'class="qi-outdated"' in page and "../../trust-grows-slowly/" in page
    assert "qi-outdated" not in (site / "trust-grows-slowly/index.html").read_text(encoding="utf-8")

    # Marking it current clears all four.
    result = CliRunner().invoke(cli.main, ["mark-current", "content/nl/vertrouwen-groeit-langzaam.md"])
    assert result.exit_code == 0, result.output
    assert _status(repo)["nl"]["outdated"] == []
    assert "outdated" not in _check(repo).output and "lags behind" not in _check(repo, "github").output
    site = build_site(repo)
    assert "qi-outdated" not in (site / "nl/vertrouwen-groeit-langzaam/index.html").read_text(encoding="utf-8")


def test_without_history_the_report_still_says_it_changed(repo):
    _rewrite_original(repo)
    subprocess.run(["rm", "-rf", ".git"], cwd=repo, check=True)
    (entry,) = _status(repo)["nl"]["outdated"]
    assert entry["changed"] is None
    table = CliRunner().invoke(cli.main, ["translations"]).stdout
    assert "changed (no history to tell how much)" in table


def test_the_markdown_report_posts_as_a_pull_request_comment(repo):
    _rewrite_original(repo)
    text = CliRunner().invoke(cli.main, ["translations", "--format", "markdown"]).stdout
    assert text.startswith("## Translation status\n")
    assert "| Dutch | 0 | 1 | 0 | 0 |" in text
    assert "- outdated: [`content/nl/vertrouwen-groeit-langzaam.md`]" in text
    assert "| leadership | 0 | 1 | 0 | 0 |" in text


def test_a_hand_edited_digest_is_an_error_with_the_fix(repo):
    dutch = repo / "content/nl/vertrouwen-groeit-langzaam.md"
    text = dutch.read_text()
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("translated_from:"))
    dutch.write_text(
        "\n".join(
            row if not row.startswith("translated_from:") else "translated_from: latest" for row in text.splitlines()
        )
        + "\n"
    )
    result = _check(repo)
    assert result.exit_code == 1
    assert (
        f"content/nl/vertrouwen-groeit-langzaam.md:{line}: 'translated_from' ('latest') is not the digest insights writes"
        in result.output
    )
    assert "insights mark-current" in result.output


def test_mark_current_starts_tracking_a_pair_made_before_the_field(tmp_path, monkeypatch):
    dutch = ORIGINAL.replace("Trust grows slowly", "Vertrouwen groeit langzaam").split("---\n\n")[0] + "---\n" + DUTCH
    project = make_project(
        tmp_path,
        {
            "content/en/trust-grows-slowly.md": ORIGINAL,
            "content/nl/vertrouwen.md": dutch.replace("2026-03-02", "2026-03-09"),
        },
    )
    monkeypatch.chdir(project)
    status = _status(project)
    assert [e["path"] for e in status["nl"]["untracked"]] == ["content/nl/vertrouwen.md"]
    result = CliRunner().invoke(cli.main, ["mark-current", "content/nl/vertrouwen.md"])
    assert result.exit_code == 0, result.output
    assert [e["path"] for e in _status(project)["nl"]["current"]] == ["content/nl/vertrouwen.md"]
    # Nothing else in the file changed.
    after = (project / "content/nl/vertrouwen.md").read_text()
    assert after.replace(
        next(row + "\n" for row in after.splitlines() if row.startswith("translated_from:")), ""
    ) == dutch.replace("2026-03-02", "2026-03-09")
