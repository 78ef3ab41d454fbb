"""Checks across the whole collection, beyond what one file's front matter says.

`validate` is the one gate: `insights check` and the site build both call it, so an
editor sees exactly the problems that would stop the build. `content.load_corpus`
validates each file on its own; this module adds what needs the other files or the
text itself: the body's language, duplicate titles, links between insights, dates in
the future and placeholder text left over from `insights new`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from . import clock, language, sanitize, scaffold, translations
from .authors import Authors, check_authors
from .categories import Vocabulary, load_vocabulary
from .content import Article, Corpus, load_corpus
from .languages import KNOWN, LANGUAGES, english_name
from .links import Links
from .problems import Problem, Severity, sort_problems
from .tags import check_tags

T = TypeVar("T")
# Wraps a long loop, e.g. in a progress bar: (items, label) -> the same items.
Progress = Callable[[Sequence[T], str], Iterable[T]]


def validate(
    content_dir: Path,
    root: Path | None = None,
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
    vocabulary: Vocabulary | None = None,
    html_policy: sanitize.Policy | None = None,
    authors: Authors | None = None,
) -> Corpus:
    """Load every insight and run every check: the problems the build stops on.
    `vocabulary`: the site's categories (default: the package's); `html_policy`: the
    HTML an insight may contain (default: the strict policy, sanitize.DEFAULT_POLICY);
    `authors`: the site's author registry (None: any author is accepted)."""
    root = root or content_dir.parent
    corpus = load_corpus(content_dir, root=root, progress=progress, vocabulary=vocabulary)
    found = check_corpus(
        corpus,
        content_dir,
        today=today or clock.today(),
        progress=progress,
        vocabulary=vocabulary,
        html_policy=html_policy,
        authors=authors,
    )
    return dataclasses.replace(corpus, problems=sort_problems([*corpus.problems, *found]))


def check_corpus(
    corpus: Corpus,
    content_dir: Path,
    *,
    today: dt.date,
    progress: Progress | None = None,
    vocabulary: Vocabulary | None = None,
    html_policy: sanitize.Policy | None = None,
    authors: Authors | None = None,
) -> list[Problem]:
    """The problems that need the whole collection or the text, article by article."""
    site = Links(corpus, content_dir, vocabulary or load_vocabulary())
    problems: list[Problem] = []
    problems += check_duplicates(corpus.articles)
    # A translation that lags behind its original, said on both files (translations.py).
    problems += translations.problems(corpus)
    # The listings' terms that come from the front matter (authors.py, tags.py).
    problems += check_authors(corpus.articles, authors)
    problems += check_tags(corpus.articles)
    articles = sorted(corpus.articles, key=lambda a: a.path)
    for article in progress(articles, "Checking insights") if progress else articles:
        problems += check_language(article)
        problems += check_dates(article, today)
        problems += check_placeholders(article)
        problems += site.check(article)
        # HTML the build would remove (sanitize.py): the editor hears of it first.
        problems += sanitize.find_disallowed(
            article.body, article.body_line, html_policy or sanitize.DEFAULT_POLICY, path=article.path
        )
    # The site pages are built from Markdown too: a link from one to a draft (or to no
    # file) fails the strict build, so it fails here.
    for page in corpus.pages:
        problems += site.check(page)
    return problems


# -- one article ----------------------------------------------------------------------


def check_language(article: Article) -> list[Problem]:
    """The folder decides the language; the text must agree with it.

    A draft may be a translation in progress (the original pasted in, translated
    paragraph by paragraph), so there it is a warning: it blocks only publication.
    """
    guess = language.detect(article.body)
    if not guess.is_sure or guess.lang == article.lang:
        return []
    found, folder = english_name(guess.lang), english_name(article.lang)
    lines = article.body.split("\n")
    first_text = next((i for i, line in enumerate(lines) if line.strip()), 0)
    return [
        Problem(
            article.path,
            article.body_line + first_text,
            f"the text is in {found}, but the file is in content/{article.lang}/, the {folder} folder",
            f"the folder decides an insight's language: move the file to content/{guess.lang}/, or write the text in {folder}",
            "warning" if article.draft else "error",
        )
    ]


def check_dates(article: Article, today: dt.date) -> list[Problem]:
    """A `date` in the future schedules the insight: it is published by the first build
    on or after that day (the Pages workflow builds daily). An `updated` in the future
    is a typo."""
    problems = []
    if article.date > today:
        problems.append(
            Problem(
                article.path,
                article.key_lines.get("date", 1),
                f"scheduled: 'date' {article.date.isoformat()} is in the future, so the insight is not published "
                "before the first build on or after that day",
                f"nothing to do if that is the plan (today is {today.isoformat()}; mkdocs serve shows it); "
                "if the year is a typo, correct it",
                severity="warning",
            )
        )
    for key in ("updated",):
        value = getattr(article, key)
        if value is not None and value > today:
            problems.append(
                Problem(
                    article.path,
                    article.key_lines.get(key, 1),
                    f"'{key}' {value.isoformat()} is in the future",
                    f"check the year: readers see this date as it is (today is {today.isoformat()})",
                    severity="warning",
                )
            )
    return problems


def check_placeholders(article: Article) -> list[Problem]:
    """Text that `insights new` wrote for the editor to replace.

    In a draft this is expected work in progress (a warning); an insight that is
    about to be published may not contain it (an error).
    """
    severity: Severity = "warning" if article.draft else "error"
    hint = "replace the example text from 'insights new' with your own"
    if not article.draft:
        hint += " (the insight is not a draft, so this text would be published)"
    problems = []
    if scaffold.is_placeholder(article.summary):
        problems.append(
            Problem(
                article.path, article.key_lines.get("summary", 1), "'summary' is still the example text", hint, severity
            )
        )
    offset = scaffold.find_placeholder(article.body)
    if offset is not None:  # one message is enough to send the editor to the body
        problems.append(
            Problem(article.path, article.body_line + offset, "the body still contains example text", hint, severity)
        )
    return problems


def check_duplicates(articles: Iterable[Article]) -> list[Problem]:
    """Within one language, two insights may not share a slug, an address or a title."""
    problems = []
    seen_slug: dict[tuple[str, str], Article] = {}
    seen_title: dict[tuple[str, str], Article] = {}
    for article in sorted(articles, key=lambda a: a.path):
        first = seen_slug.setdefault((article.lang, article.slug.casefold()), article)
        if first is not article:
            problems.append(
                Problem(
                    article.path,
                    1,
                    f"the slug '{article.slug}' is also used by {first.path}",
                    "rename one of the two files",
                )
            )
        if article.lang == LANGUAGES.default and article.slug in KNOWN:
            other = english_name(article.slug)
            problems.append(
                Problem(
                    article.path,
                    1,
                    f"the file name '{article.slug}.md' is the address of the {other} part of the site",
                    "choose another file name",
                )
            )
        first = seen_title.setdefault((article.lang, " ".join(article.title.casefold().split())), article)
        if first is not article:
            # A draft may be a new version in the works: it only blocks once it publishes.
            either_draft = first.draft or article.draft
            problems.append(
                Problem(
                    article.path,
                    article.key_lines.get("title", 1),
                    f"the title '{article.title}' is also used by {first.path}",
                    "readers and search cannot tell the two apart; make the titles different, or merge the two insights"
                    + (" before the draft is published" if either_draft else ""),
                    "warning" if either_draft else "error",
                )
            )
    return problems
