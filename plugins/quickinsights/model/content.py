"""The article model: what an insight is, how it is read from a file, and what is wrong
with it.

No MkDocs here: the plugin, the CLI and the tests share this one model.
Data flows one way: files -> `load_corpus` -> `Corpus` -> (site pages, search, CLI).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .categories import Vocabulary, load_vocabulary
from .fields import MAX_TITLE as MAX_TITLE  # re-exported: the fields' rules, for the CLI and tests
from .fields import OPTIONAL as OPTIONAL
from .fields import REQUIRED as REQUIRED
from .fields import RESERVED_SLUGS as RESERVED_SLUGS
from .fields import SCHEMA_ORDER as SCHEMA_ORDER
from .fields import SLUG_RE as SLUG_RE
from .fields import slugify as slugify
from .fields import validate_fields
from .frontmatter import FENCE, split
from .inputs import PAGE_FILES as PAGE_FILES  # re-exported: the site pages, for plugin.py and search.py
from .inputs import body_problems, scan_content, value_problems
from .languages import LANGUAGES
from .problems import Problem, sort_problems

WORDS_PER_MINUTE = 200


@dataclass(frozen=True)
class Article:
    """One insight in one language."""

    path: str  # as shown to editors, e.g. content/nl/klantloyaliteit.md
    lang: str
    slug: str
    title: str
    date: dt.date
    author: str
    categories: tuple[str, ...]  # canonical category slugs
    summary: str
    body: str
    body_line: int = 1
    translation_key: str | None = None
    # The digest of the original's text this translation was made from (translations.py).
    translated_from: str | None = None
    quote: str | None = None
    quote_author: str | None = None
    updated: dt.date | None = None
    tags: tuple[str, ...] = ()
    tag_lines: tuple[int, ...] = field(default=(), compare=False, repr=False)
    draft: bool = False
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def word_count(self) -> int:
        return len(self.body.split())

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))

    @property
    def src_uri(self) -> str:
        """The path below the content folder, as MkDocs names the file."""
        return f"{self.lang}/{self.slug}.md"


@dataclass(frozen=True)
class SitePage:
    """A site page (`index.md`, `about.md`): not an insight, but built from the same
    Markdown, so its text and links are checked as an insight's are."""

    path: str
    lang: str
    slug: str
    body: str
    body_line: int = 1
    # A site page is always published: a link from it to a draft breaks the build.
    draft: bool = False

    @property
    def src_uri(self) -> str:
        return f"{self.lang}/{self.slug}.md"


@dataclass
class Corpus:
    articles: list[Article]
    problems: list[Problem]
    # Insight files read, broken ones included.
    file_count: int = 0
    # The site pages that could be read; their problems are in `problems`.
    pages: list[SitePage] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def in_language(self, lang: str) -> list[Article]:
        return [a for a in self.articles if a.lang == lang]

    def translation_of(self, article: Article) -> Article | None:
        """The article with the same translation key in another language: the first
        of the site's languages that has one (with two languages, the other one)."""
        found = self.translations(article)
        return next((found[lang] for lang in LANGUAGES.others(article.lang) if lang in found), None)

    def translations(self, article: Article) -> dict[str, Article]:
        if not article.translation_key:
            return {}
        return {
            lang: other
            for lang, other in self._by_translation_key.get(article.translation_key, {}).items()
            if other is not article
        }

    @cached_property
    def _by_translation_key(self) -> dict[str, dict[str, Article]]:
        by_key: dict[str, dict[str, Article]] = {}
        for a in sorted(self.articles, key=lambda a: a.path):
            if a.translation_key:
                # The first file of a language wins; the duplicate is a check error.
                by_key.setdefault(a.translation_key, {}).setdefault(a.lang, a)
        return by_key


def load_article(
    path: Path, lang: str, display_path: str | None = None, vocabulary: Vocabulary | None = None
) -> tuple[Article | None, list[Problem]]:
    """Read and validate one insight file. Returns the article, or None, and problems."""
    shown = display_path or str(path)
    text, problems = read_source(path, shown)
    if text is None:
        return None, problems
    return parse_article(text, lang, path.stem, shown, vocabulary)


def read_source(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """The text of a Markdown file (newlines as MkDocs reads them), or the problem."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [
            Problem(shown, 1, f"cannot read the file: {error.strerror}", "check that the file exists and is readable")
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        # Decoded whole, so that error.start counts from the start of the file.
        line = data.count(b"\n", 0, error.start) + 1
        return None, [
            Problem(
                shown,
                line,
                f"the file is not UTF-8 text (byte {data[error.start]:#04x})",
                "save the file as UTF-8; a byte like this is usually a letter with an accent or a quote, "
                "saved by a program in another encoding (such as Windows-1252)",
            )
        ]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def load_page(path: Path, lang: str, shown: str) -> tuple[SitePage | None, list[Problem]]:
    """Read and check one site page (its front matter is optional and free). The page
    is None only when it cannot be read or its front matter is broken."""
    text, problems = read_source(path, shown)
    if text is None:
        return None, problems
    return parse_page(text, lang, path.stem, shown)


def parse_page(text: str, lang: str, slug: str, path: str) -> tuple[SitePage | None, list[Problem]]:
    body, body_line = text, 1
    problems: list[Problem] = []
    if text.lstrip("\ufeff").split("\n", 1)[0].rstrip() == FENCE:
        # Theme keys (Material's `hide`, ...) may be there too: only the YAML is checked.
        front, problems = split(text, path)
        if front is None:
            return None, problems
        problems = value_problems(front, path)
        body, body_line = front.body, front.body_line
    problems += body_problems(body, body_line, path)
    # Kept with problems in its text, so that its links are checked in the same run.
    return SitePage(path, lang, slug, body, body_line), problems


def parse_article(
    text: str, lang: str, slug: str, path: str, vocabulary: Vocabulary | None = None
) -> tuple[Article | None, list[Problem]]:
    front, problems = split(text, path)
    if front is None:
        return None, problems
    values, problems = validate_fields(front, lang, slug, path, vocabulary or load_vocabulary())
    return (Article(**values) if values is not None else None), problems


def load_corpus(
    content_dir: Path,
    root: Path | None = None,
    vocabulary: Vocabulary | None = None,
    progress: Callable[[Sequence[tuple[str, Path, str]], str], Iterable[tuple[str, Path, str]]] | None = None,
) -> Corpus:
    """Load every insight below `content_dir/<lang>/`, keeping going past broken files.

    The site pages are read too, and every other file the build would publish is
    looked at (inputs.scan_content): what may not be published is a problem here.
    `progress` may wrap the loop over the files, e.g. in the CLI's progress bar.
    """
    root = root or content_dir.parent
    articles: list[Article] = []
    scanned = scan_content(content_dir, display_path(content_dir, root))
    problems: list[Problem] = list(scanned.problems)
    files = scanned.insights
    for lang, path, shown in progress(files, "Reading insights") if progress else files:
        article, found = load_article(path, lang, shown, vocabulary)
        problems.extend(found)
        if article is not None:
            articles.append(article)
    pages = []
    for lang, path, shown in scanned.pages:
        page, found = load_page(path, lang, shown)
        problems.extend(found)
        if page is not None:
            pages.append(page)
    file_count = len(files)
    problems.extend(check_translation_keys(articles, vocabulary))
    return Corpus(articles, sort_problems(problems), file_count, pages)


def check_translation_keys(articles: list[Article], vocabulary: Vocabulary | None = None) -> list[Problem]:
    """Two insights of one language may not share a translation key (error), and an
    insight and its translation should have the same categories (warning)."""
    problems = []
    seen: dict[tuple[str, str], Article] = {}
    for article in sorted(articles, key=lambda a: a.path):
        if not article.translation_key:
            continue
        first = seen.setdefault((article.lang, article.translation_key), article)
        if first is not article:
            problems.append(
                Problem(
                    article.path,
                    article.key_lines.get("translation_key", 1),
                    f"translation_key '{article.translation_key}' is also used by {first.path}",
                    "each language may have one insight per translation_key; give one of them another key",
                )
            )
    vocabulary = vocabulary or load_vocabulary()
    for (lang, key), article in sorted(seen.items()):
        # Reported once per pair, on the translation (not the default language's file).
        if lang == LANGUAGES[0]:
            continue
        partner = seen.get((LANGUAGES[0], key))
        if partner is None or set(partner.categories) == set(article.categories):
            continue
        only_here = [vocabulary.get(c).slug_in(lang) for c in article.categories if c not in partner.categories]
        only_there = [
            vocabulary.get(c).slug_in(partner.lang) for c in partner.categories if c not in article.categories
        ]
        differences = [
            f"only here: {', '.join(only_here)}" if only_here else "",
            f"only there: {', '.join(only_there)}" if only_there else "",
        ]
        problems.append(
            Problem(
                article.path,
                article.key_lines.get("categories", 1),
                f"the categories differ from those of its translation {partner.path} ("
                + "; ".join(d for d in differences if d)
                + ")",
                "an insight and its translation are listed together: give both files the same categories, "
                "each in its own language",
                severity="warning",
            )
        )
    return problems


def display_path(path: Path, root: Path) -> str:
    """`path` relative to the project, as editors see it in messages."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
