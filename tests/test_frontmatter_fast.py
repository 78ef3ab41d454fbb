"""libyaml reads front matter (issue 15) with exactly the answers of the pure-Python
reader: the same data, the same key and item lines, and for a broken front matter the
same message, which the pure-Python reader gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from quickinsights.model import frontmatter

CASES = sorted(
    [*(ROOT / "content").rglob("*.md"), *(FIXTURES / "frontmatter").rglob("*.md"), *(FIXTURES / "checks").rglob("*.md")]
)
BROKEN = [
    "---\ntitle: [unclosed\n---\nbody",
    "---\ntitle: a\ntitle: b\n---\nbody",
    "---\ntitle: a\n  bad: indent\n---\n",
    "---\n- a list\n---\n",
    "---\ntitle: \x07bell\n---\n",
    "---\ndate: 2025-02-30\n---\n",
    "---\n? [a, b]\n: c\n---\n",
    "---\ntitle: 'quote\n---\n",
]


def _both(text: str, monkeypatch) -> tuple:
    fast = frontmatter.split(text, "x.md")
    with monkeypatch.context() as patch:
        patch.setattr(frontmatter, "_FastLoader", None)
        slow = frontmatter.split(text, "x.md")
    return fast, slow


def test_libyaml_is_there():
    assert frontmatter._FastLoader is not None, "PyYAML without libyaml: front matter is read 7x slower"


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_same_answer_for_every_file_we_have(path: Path, monkeypatch):
    fast, slow = _both(path.read_text(encoding="utf-8", errors="surrogateescape"), monkeypatch)
    assert fast == slow


@pytest.mark.parametrize("text", BROKEN)
def test_the_same_message_for_broken_front_matter(text: str, monkeypatch):
    fast, slow = _both(text, monkeypatch)
    assert fast == slow
