"""Property: no file, however broken, makes `insights check` raise or print a traceback.

Hypothesis writes arbitrary bytes, arbitrary text, and text shaped like an insight
(front matter fences, YAML-ish lines, Markdown links of every kind) as a file in
content/en/, and the check must answer with problems or a clean result.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from click.testing import CliRunner
from conftest import ROOT
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from quickinsights.cli import main as cli
from quickinsights.model.checks import validate
from quickinsights.model.problems import Problem

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KEYS = [
    "title",
    "date",
    "author",
    "categories",
    "summary",
    "translation_key",
    "quote",
    "quote_author",
    "updated",
    "tags",
    "draft",
    "titel",
]
VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "2026-02-30",
            "2026-03-14",
            "9999-12-31",
            "[leadership]",
            "[a, b",
            "{x: 1}",
            "true",
            "~",
            "'",
            "- x",
            "|",
            ">-",
            "*a",
            "&a x",
            "!!binary x",
        ]
    ),
)
YAML_LINE = st.one_of(st.builds(lambda k, v: f"{k}: {v}", st.sampled_from(KEYS), VALUES), st.text(max_size=20))
LINK = st.builds(
    lambda text, target: f"[{text}]({target})",
    st.text(max_size=5),
    st.one_of(
        st.sampled_from(
            [
                "x.md",
                "../nl/x.md",
                "/nl/x/",
                "../",
                "/",
                "#a",
                "https://e.org",
                "../../../etc.md",
                "%zz.md",
                "a b.md",
                ".md",
                "//x",
                "?q",
                "/categories/",
                "../categories/x/",
            ]
        ),
        st.text(max_size=15),
    ),
)
BODY_PART = st.one_of(
    st.text(max_size=40), LINK, st.sampled_from(["```", "~~~", "`", "<a href='", "[r]: ", "\n", "---", "# h"])
)
INSIGHT_LIKE = st.builds(
    lambda lines, body: "---\n" + "\n".join(lines) + "\n---\n" + "".join(body),
    st.lists(YAML_LINE, max_size=8),
    st.lists(BODY_PART, max_size=12),
)


class Project:
    """One project folder reused for every example (tmp_path is per test, not per example)."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="qi-property-"))
        for lang in ("en", "nl"):
            (self.root / "content" / lang).mkdir(parents=True)
            shutil.copy(ROOT / "content" / lang / "about.md", self.root / "content" / lang / "about.md")
        # A valid neighbour, so that links and duplicate titles have something to meet.
        (self.root / "content" / "nl" / "x.md").write_text(
            "---\ntitle: X\ndate: 2025-01-01\nauthor: A\ncategories: [leiderschap]\nsummary: S.\n---\n\nTekst.\n"
        )
        self.file = self.root / "content" / "en" / "case.md"

    def check(self, data: bytes) -> list[Problem]:
        self.file.write_bytes(data)
        corpus = validate(self.root / "content", self.root)
        for problem in corpus.problems:
            assert problem.path.startswith("content/")
            assert problem.line >= 1
            assert problem.message
        return corpus.problems


PROJECT = Project()


@SETTINGS
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(data):
    PROJECT.check(data)


@SETTINGS
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(text):
    PROJECT.check(text.encode("utf-8"))


@SETTINGS
@given(INSIGHT_LIKE)
@example("---\nNull\n---\nBody.\n")  # found by Hypothesis: a scalar node, not a mapping
@example("---\n\x1f\n---\nBody.\n")  # found by Hypothesis: YAML's reader refuses it up front
def test_text_shaped_like_an_insight_never_raises(text):
    problems = PROJECT.check(text.encode("utf-8"))
    # Only a file that yields an article can be clean.
    if not problems:
        assert text.startswith("---\n")


@settings(max_examples=40, deadline=None)
@given(st.one_of(st.binary(max_size=200), INSIGHT_LIKE.map(lambda t: t.encode("utf-8"))))
def test_the_command_answers_with_exit_0_or_1_and_never_a_traceback(data):
    PROJECT.file.write_bytes(data)
    runner = CliRunner()
    for output_format in ("human", "github", "json"):
        result = runner.invoke(
            cli.main, ["check", "--content", str(PROJECT.root / "content"), "--format", output_format]
        )
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output


def test_control_characters_in_front_matter_are_a_problem_with_a_line():
    (problem,) = PROJECT.check(b"---\ntitle: a\x1fb\n---\nBody.\n")
    assert (problem.line, problem.message) == (
        2,
        "the front matter contains an invisible control character (U+001F) that YAML does not allow",
    )


@SETTINGS
@given(
    title=st.text(min_size=1, max_size=120).map(lambda t: " ".join(t.split())).filter(bool),
    author=st.text(min_size=1, max_size=40).map(lambda t: " ".join(t.split())).filter(bool),
    lang=st.sampled_from(["en", "nl"]),
)
def test_insights_new_writes_any_title_and_author_so_that_they_read_back_unchanged(title, author, lang):
    import datetime as dt

    from quickinsights.model.content import parse_article
    from quickinsights.model.scaffold import new_article

    text = new_article(
        title=title, lang=lang, author=author, categories=["strategy"], date=dt.date(2026, 1, 2), translation_key="k"
    )
    article, problems = parse_article(text, lang, "x", "x.md")
    if article is None:
        # Only what the schema itself refuses (e.g. HTML in a title is fine, a control
        # character is not); never a quoting mistake of ours.
        assert all("control character" in p.message for p in problems), problems
        return
    assert (article.title, article.author, article.draft, article.translation_key) == (title, author, True, "k")
