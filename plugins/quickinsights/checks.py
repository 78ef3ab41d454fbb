"""Checks across the whole collection, beyond what one file's front matter says.

`validate` is the one gate: `insights check` and the site build both call it, so an
editor sees exactly the problems that would stop the build. `content.load_corpus`
validates each file on its own; this module adds what needs the other files or the
text itself: the body's language, duplicate titles, links between insights, dates in
the future and placeholder text left over from `insights new`.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path
from typing import Callable, Iterable, Sequence, TypeVar
from urllib.parse import unquote

from . import language, scaffold, urls
from .categories import LANGUAGES, Vocabulary, load_vocabulary
from .content import PAGE_FILES, RESERVED_SLUGS, Article, Corpus, load_corpus
from .problems import Problem, did_you_mean, sort_problems

T = TypeVar("T")
# Wraps a long loop, e.g. in a progress bar: (items, label) -> the same items.
Progress = Callable[[Sequence[T], str], Iterable[T]]

LANGUAGE_NAMES = {"en": "English", "nl": "Dutch"}


def validate(
    content_dir: Path,
    root: Path | None = None,
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> Corpus:
    """Load every insight and run every check: the problems the build stops on."""
    root = root or content_dir.parent
    corpus = load_corpus(content_dir, root=root, progress=progress)
    found = check_corpus(corpus, content_dir, today=today or dt.date.today(), progress=progress)
    return Corpus(corpus.articles, sort_problems([*corpus.problems, *found]), corpus.file_count)


def check_corpus(
    corpus: Corpus,
    content_dir: Path,
    *,
    today: dt.date,
    progress: Progress | None = None,
    vocabulary: Vocabulary | None = None,
) -> list[Problem]:
    site = _Site(corpus, content_dir, vocabulary or load_vocabulary())
    problems: list[Problem] = []
    problems += check_duplicates(corpus.articles)
    articles = sorted(corpus.articles, key=lambda a: a.path)
    for article in progress(articles, "Checking insights") if progress else articles:
        problems += check_language(article)
        problems += check_dates(article, today)
        problems += check_placeholders(article)
        problems += site.check_links(article)
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
    found, folder = LANGUAGE_NAMES[guess.lang], LANGUAGE_NAMES[article.lang]
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
    """A date in the future is usually a typo in the year; it publishes all the same."""
    problems = []
    for key in ("date", "updated"):
        value = getattr(article, key)
        if value is not None and value > today:
            problems.append(
                Problem(
                    article.path,
                    article.key_lines.get(key, 1),
                    f"'{key}' {value.isoformat()} is in the future",
                    f"check the year; the insight is published as soon as it is merged, showing this date (today is {today.isoformat()})",
                    severity="warning",
                )
            )
    return problems


def check_placeholders(article: Article) -> list[Problem]:
    """Text that `insights new` wrote for the editor to replace.

    In a draft this is expected work in progress (a warning); an insight that is
    about to be published may not contain it (an error).
    """
    severity = "warning" if article.draft else "error"
    hint = "replace the example text from 'insights new' with your own"
    if not article.draft:
        hint += " (the insight is not a draft, so this text would be published)"
    problems = []
    if scaffold.is_placeholder(article.summary):
        problems.append(Problem(article.path, article.key_lines.get("summary", 1), "'summary' is still the example text", hint, severity))
    offset = scaffold.find_placeholder(article.body)
    if offset is not None:  # one message is enough to send the editor to the body
        problems.append(Problem(article.path, article.body_line + offset, "the body still contains example text", hint, severity))
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
                Problem(article.path, 1, f"the slug '{article.slug}' is also used by {first.path}", "rename one of the two files")
            )
        if article.lang == urls.DEFAULT_LANGUAGE and article.slug in LANGUAGES:
            other = LANGUAGE_NAMES[article.slug]
            problems.append(
                Problem(article.path, 1, f"the file name '{article.slug}.md' is the address of the {other} part of the site", "choose another file name")
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


# -- links between insights -------------------------------------------------------------

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_CODE_SPAN = re.compile(r"`+[^`]*`+")
# [text](target "title") and ![alt](target); the target may be wrapped in <...>.
_INLINE_LINK = re.compile(r"\]\(\s*(<[^>]*>|[^)\s]+)")
_REFERENCE = re.compile(r"^\s{0,3}\[(?!\^)[^\]]+\]:\s*(<[^>]*>|\S+)")
_HTML_LINK = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
# What a line must contain to hold a link of one of the forms above (substring tests
# are much faster than a search, and most lines hold no link).
_LINK_MARKS = ("](", "]:", "href", "src", "HREF", "SRC")


def _may_link(text: str) -> bool:
    return any(mark in text for mark in _LINK_MARKS)


def find_links(body: str, first_line: int = 1) -> list[tuple[str, int]]:
    """Every link target in a Markdown body with its line in the file; code is skipped."""
    if not _may_link(body):
        return []  # most bodies: no link at all, and no line to look at
    links = []
    in_fence: str | None = None
    for offset, line in enumerate(body.split("\n")):
        if in_fence is None and not _may_link(line) and "`" not in line and "~~~" not in line:
            continue
        fence = _FENCE.match(line)
        if fence:
            if in_fence is None:
                in_fence = fence.group(1)
            elif fence.group(1) == in_fence:
                in_fence = None
            continue
        # Indented lines are read too: in a list they are text, and an indented code
        # block with a Markdown link in it is rarer than a link in a list item.
        if in_fence is not None:
            continue
        line = _CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
        for pattern in (_INLINE_LINK, _REFERENCE, _HTML_LINK):
            for match in pattern.finditer(line):
                target = match.group(1).strip()
                if target.startswith("<") and target.endswith(">"):
                    target = target[1:-1].strip()
                links.append((target, first_line + offset))
    return links


class _Site:
    """What a link in the content can point at: source files and site addresses."""

    def __init__(self, corpus: Corpus, content_dir: Path, vocabulary: Vocabulary):
        self.articles = {a.src_uri: a for a in corpus.articles}
        # Every Markdown file below the content folder, broken insights included:
        # a link to a broken file is that file's problem, reported there.
        self.sources = {p.relative_to(content_dir).as_posix() for p in content_dir.rglob("*.md")}
        self.content_dir = content_dir
        self.by_url: dict[str, Article | None] = {}
        for lang in LANGUAGES:
            self.by_url[urls.home_url(lang)] = None
            for page in PAGE_FILES:
                if f"{lang}/{page}" in self.sources and page != "index.md":
                    self.by_url[f"{urls.language_root(lang)}{page[:-3]}/"] = None
        for source in self.sources:
            lang, _, name = source.partition("/")
            if lang in LANGUAGES and "/" not in name and name not in PAGE_FILES:
                self.by_url[urls.article_url(lang, name[:-3])] = self.articles.get(source)
        self.categories = {
            urls.categories_url(lang): {c.slug_in(lang) for c in vocabulary} for lang in LANGUAGES
        }
        self.sections = {urls.overview_url(lang) for lang in LANGUAGES}

    def check_links(self, article: Article) -> list[Problem]:
        problems = []
        for target, line in find_links(article.body, article.body_line):
            found = self.check_link(article, target)
            if found:
                message, hint, severity = found
                problems.append(Problem(article.path, line, message, hint, severity))
        return problems

    def check_link(self, article: Article, target: str) -> tuple[str, str, str] | None:
        """(message, hint, severity) when `target` does not lead anywhere, else None."""
        if not target or target.startswith("#") or target.startswith("//") or _SCHEME.match(target):
            return None  # an anchor on this page or another site: not ours to judge
        path = unquote(re.split(r"[#?]", target, maxsplit=1)[0])
        if not path:
            return None
        if path.endswith(".md"):
            return self._check_source_link(article, target, path)
        last = path.rstrip("/").rsplit("/", 1)[-1]
        if path.endswith("/") or "." not in last:
            return self._check_url_link(article, target, path)
        if path.startswith("/"):
            return None  # a file at the site root (e.g. a download): not in the content
        if not (self.content_dir / article.lang / path).resolve().is_file():
            return (f"link to '{target}': there is no such file", f"the path is relative to content/{article.lang}/; check the spelling", "error")
        return None

    def _check_source_link(self, article: Article, target: str, path: str) -> tuple[str, str, str] | None:
        if path.startswith("/"):
            relative = posixpath.relpath(path.lstrip("/"), article.lang)
            return (f"link to '{target}': a link to a Markdown file must be relative to this file", f"write '{relative}'", "error")
        source = posixpath.normpath(posixpath.join(article.lang, path))
        if source.startswith("../") or source not in self.sources:
            return (f"link to '{target}': there is no insight or page {self._shown(source)}", self._suggest(article, source), "error")
        return self._check_draft(article, target, self.articles.get(source))

    def _check_url_link(self, article: Article, target: str, path: str) -> tuple[str, str, str] | None:
        here = "/" + urls.article_url(article.lang, article.slug)
        url = posixpath.normpath(posixpath.join(here, path)).lstrip("/")
        url = "" if url in ("", ".") else url + "/"
        if url.startswith("../"):
            return (f"link to '{target}': it leads outside the site", "link to an insight's file instead, e.g. '../nl/slug.md'", "error")
        if url in self.by_url:
            linked = self.by_url[url]
            problem = self._check_draft(article, target, linked)
            if problem or not path.startswith("/"):
                return problem
            return (
                f"link to '{target}' works only when the site is at the root of its domain",
                f"link to the file instead: '{self._source_link(article, linked, url)}'",
                "warning",
            )
        if self._is_generated(url):
            return None
        for base, slugs in self.categories.items():
            if url.startswith(base):
                name = url[len(base) :].split("/", 1)[0]
                return (f"link to '{target}': there is no category '{name}'", "existing categories: " + ", ".join(sorted(slugs)), "error")
        guess = self._suggest(article, self._source_for(url))
        if not guess.startswith("did you mean"):
            guess = "check the address; a link to the insight's file ('slug.md', '../nl/slug.md') is checked more precisely"
        return (f"link to '{target}': no page has the address /{url}", guess, "error")

    def _is_generated(self, url: str) -> bool:
        if url in self.sections or url in self.categories:
            return True
        for base, slugs in self.categories.items():
            if url.startswith(base):
                return url[len(base) :].split("/", 1)[0] in slugs
        lang = next((x for x in LANGUAGES if x != urls.DEFAULT_LANGUAGE and url.startswith(urls.language_root(x))), urls.DEFAULT_LANGUAGE)
        first = url[len(urls.language_root(lang)) :].split("/", 1)[0]
        # Other generated pages (feeds, search, ...) are made by the build itself.
        return first in RESERVED_SLUGS and first not in {"insights", "inzichten", "categories", "categorieen"}

    def _check_draft(self, article: Article, target: str, linked: Article | None) -> tuple[str, str, str] | None:
        if linked is not None and linked.draft and not article.draft:
            return (
                f"link to '{target}': {linked.path} is a draft, which is not published",
                "publish that insight first (draft: false), or remove the link for now",
                "error",
            )
        return None

    def _source_for(self, url: str) -> str:
        """The content file that would be published at `url` (for suggestions)."""
        for lang in sorted(LANGUAGES, key=lambda x: x == urls.DEFAULT_LANGUAGE):
            root = urls.language_root(lang)
            if url.startswith(root):
                return f"{lang}/{url[len(root):].strip('/')}.md"
        return url

    def _source_link(self, article: Article, linked: Article | None, url: str) -> str:
        source = linked.src_uri if linked else self._source_for(url)
        return posixpath.relpath(source, article.lang)

    def _shown(self, source: str) -> str:
        return f"content/{source}" if not source.startswith("../") else source

    def _suggest(self, article: Article, source: str) -> str:
        # Compare file names only: the shared folder and '.md' would make any two alike.
        folder, _, name = source.rpartition("/")
        names = {s.rpartition("/")[2].removesuffix(".md"): s for s in self.sources if s.rpartition("/")[0] == folder}
        guess = did_you_mean(name.removesuffix(".md"), names)
        if guess:
            return f"did you mean '{posixpath.relpath(names[guess], article.lang)}'?"
        for lang in LANGUAGES:
            elsewhere = f"{lang}/{name}"
            if elsewhere != source and elsewhere in self.sources:
                return f"did you mean '{posixpath.relpath(elsewhere, article.lang)}'? That file is in content/{lang}/"
        return "check the file name; within a language write 'slug.md', across languages '../nl/slug.md' or '../en/slug.md'"
