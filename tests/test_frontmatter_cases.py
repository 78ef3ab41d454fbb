"""Front matter cases as small files with the expected messages beside them.

Each `tests/fixtures/frontmatter/<case>.md` is read as if it were
`content/en/<case>.md`; `<case>.expected` holds exactly what editors are shown.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from quickinsights.model.content import load_article
from quickinsights.model.problems import format_human

CASES = sorted((Path(__file__).parent / "fixtures" / "frontmatter").glob("*.md"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case_gives_the_expected_messages(case: Path):
    article, problems = load_article(case, "en", f"content/en/{case.name}")
    expected = case.with_suffix(".expected").read_text()
    shown = format_human(problems)
    assert shown + ("\n" if shown else "") == expected
    assert (article is None) == bool(problems)


def test_every_broken_case_has_a_hint_and_a_line():
    for case in CASES:
        _, problems = load_article(case, "en", f"content/en/{case.name}")
        for problem in problems:
            assert problem.hint, problem
            assert problem.line >= 1, problem
