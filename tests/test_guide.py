"""The editor's guide stays true: its tables and examples are checked against the code."""

from __future__ import annotations

import re

from conftest import ROOT
from quickinsights.cli import main as cli
from quickinsights.model.categories import load_vocabulary
from quickinsights.model.content import RESERVED_SLUGS, SCHEMA_ORDER, parse_article

GUIDE = (ROOT / "docs" / "editors-guide.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    return GUIDE.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_key_table_lists_every_key_in_schema_order():
    keys = re.findall(r"^\| `(\w+)` \| (?:yes|no) \|", section("Front matter"), re.MULTILINE)
    assert tuple(keys) == SCHEMA_ORDER


def test_the_complete_example_is_a_valid_insight():
    example = section("Front matter").split("```markdown\n", 1)[1].split("\n```", 1)[0]
    article, problems = parse_article(example + "\n", "en", "customer-loyalty-starts-inside", "example.md")
    assert problems == []
    assert article.categories == ("customer-loyalty", "employee-engagement")


def test_the_category_table_matches_the_vocabulary():
    rows = re.findall(r"^\| `([a-z-]+)` \| (.+?) \| `([a-z-]+)` \| (.+?) \|$", section("Categories"), re.MULTILINE)
    assert rows == [(c.slug, c.label("en"), c.slug_in("nl"), c.label("nl")) for c in load_vocabulary()]


def test_every_reserved_slug_is_named():
    named = set(re.findall(r"`([a-z0-9]+)`", section("Where a file goes and what it is called")))
    assert RESERVED_SLUGS <= named


def test_the_link_examples_lead_to_sample_insights():
    table = section("Writing the text")
    for target in re.findall(r"\]\(([^)#]+\.md)(?:#([a-z-]+))?\)", table):
        path, anchor = target
        assert (ROOT / "content" / "en" / path).resolve().is_file(), path
        if anchor:
            headings = (ROOT / "content" / "en" / path).read_text(encoding="utf-8")
            assert anchor in {
                re.sub(r"[^a-z0-9]+", "-", h.lower()).strip("-")
                for h in re.findall(r"^## (.+)$", headings, re.MULTILINE)
            }


def test_every_command_the_guide_names_exists():
    named = set(re.findall(r"`insights ([a-z][a-z-]*)", GUIDE))
    assert named <= set(cli.main.commands)
    assert {"new", "check", "search", "translations", "mark-current", "linkcheck"} <= named
