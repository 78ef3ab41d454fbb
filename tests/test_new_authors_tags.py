"""`insights new` and the listings: an unknown author (refused, added with a flag or
after a question in a terminal), tags (in the collection's spelling), and `insights
check` with the site's authors.yml."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner
from conftest import make_project
from quickinsights.cli import main as cli
from quickinsights.cli import offers
from quickinsights.model.authors import load_authors

NPS = """
---
title: Scores and stories
date: 2025-03-14
author: Anna de Vries
categories: [customer-loyalty]
summary: What a score leaves out.
tags: [NPS, customer feedback]
---

Customers tell more than a score.
"""

AUTHORS = "# Who writes here.\n- name: Anna de Vries\n  role: Editor\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    folder = make_project(tmp_path, {"content/en/scores-and-stories.md": NPS})
    (folder / "authors.yml").write_text(AUTHORS, encoding="utf-8")
    monkeypatch.chdir(folder)
    monkeypatch.setattr(offers, "interactive", lambda: False)
    return folder


def invoke(*args: str, input: str | None = None) -> click.testing.Result:  # noqa: A002 - click's name
    return CliRunner().invoke(cli.main, list(args), input=input, catch_exceptions=False)


NEW = ("new", "Trust grows slowly", "--lang", "en", "--category", "leadership")


def test_an_unknown_author_is_refused_with_a_did_you_mean_and_nothing_is_written(project):
    result = invoke(*NEW, "--author", "Anna de Vrie")
    assert result.exit_code == 2
    assert (
        "unknown author 'Anna de Vrie'; did you mean 'Anna de Vries'? Pass --author with a name from authors.yml, "
        "or --add-author to add them to it" in result.output
    )
    assert not (project / "content" / "en" / "trust-grows-slowly.md").exists()
    assert (project / "authors.yml").read_text(encoding="utf-8") == AUTHORS


def test_add_author_adds_them_at_the_end_of_the_registry_and_check_passes(project):
    result = invoke(*NEW, "--author", "Bo: the 'new' one", "--add-author")
    assert result.exit_code == 0, result.output
    assert "Added Bo: the 'new' one to authors.yml; add a bio there for their page." in result.output
    text = (project / "authors.yml").read_text(encoding="utf-8")
    assert text == AUTHORS + "- name: \"Bo: the 'new' one\"\n"
    assert load_authors(project / "authors.yml").resolve("Bo: the 'new' one") is not None
    check = invoke("check")
    assert check.exit_code == 0, check.output


def test_in_a_terminal_it_asks_whether_to_add_the_author_and_their_role(project, monkeypatch):
    monkeypatch.setattr(offers, "interactive", lambda: True)
    result = invoke(*NEW, "--author", "Bo Berg", "--tag", "trust", input="y\nCoach\nAcme\n\n")
    assert result.exit_code == 0, result.output
    assert "'Bo Berg' is not in authors.yml. Add them? [y/N]: y" in result.output
    added = load_authors(project / "authors.yml").resolve("Bo Berg")
    assert added is not None and added.description("nl") == "Coach, Acme"


def test_in_a_terminal_no_means_nothing_is_written(project, monkeypatch):
    monkeypatch.setattr(offers, "interactive", lambda: True)
    result = invoke(*NEW, "--author", "Bo Berg", input="n\n")
    assert result.exit_code == 2
    assert not (project / "content" / "en" / "trust-grows-slowly.md").exists()


def test_tags_are_written_in_the_collection_spelling(project):
    result = invoke(*NEW, "--author", "Anna de Vries", "--tag", "nps", "--tag", "  Trust  ", "--tag", "NPS")
    assert result.exit_code == 0, result.output
    assert "Tag 'nps' is written 'NPS' in the other insights; using that." in result.output
    text = (project / "content" / "en" / "trust-grows-slowly.md").read_text(encoding="utf-8")
    assert "tags:\n  - NPS\n  - Trust\ndraft: true\n" in text
    assert invoke("check").exit_code == 0


def test_in_a_terminal_it_offers_the_tags_used_most(project, monkeypatch):
    monkeypatch.setattr(offers, "interactive", lambda: True)
    result = invoke(*NEW, "--author", "Anna de Vries", input="customer feedback, service\n")
    assert result.exit_code == 0, result.output
    assert (
        "used often: NPS, customer feedback" in result.output or "used often: customer feedback, NPS" in result.output
    )
    text = (project / "content" / "en" / "trust-grows-slowly.md").read_text(encoding="utf-8")
    assert "tags:\n  - customer feedback\n  - service\n" in text


def test_check_reports_an_author_missing_from_the_registry(project):
    (project / "content" / "en" / "scores-and-stories.md").write_text(
        NPS.lstrip("\n").replace("Anna de Vries", "Anna Vries"), encoding="utf-8"
    )
    result = invoke("check")
    assert result.exit_code == 1
    assert "content/en/scores-and-stories.md:4: unknown author 'Anna Vries'" in result.output
    assert "hint: did you mean 'Anna de Vries'?" in result.output


def test_a_broken_registry_stops_check_at_its_line(project):
    (project / "authors.yml").write_text(AUTHORS + "  links: [not-a-url]\n", encoding="utf-8")
    result = invoke("check")
    assert result.exit_code == 1
    assert "authors.yml:4: author 'Anna de Vries': the link 'not-a-url' is not a web address" in result.output
