"""Links in an insight's body: where they are, and whether they lead anywhere.

Editors link to files (`other.md`, `../nl/other.md`), sometimes to addresses
(`../other/`, `/nl/other/`); both are resolved against the content folder and the
site's address scheme (urls.py), so that `insights check` reports a broken link with its
line before the build or a reader finds it. Anchors (`other.md#why`) are compared
with the ids the page's headings will have. No MkDocs here.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

import markdown as python_markdown

from . import urls
from .categories import Vocabulary
from .content import RESERVED_SLUGS, Article, Corpus, SitePage
from .frontmatter import split
from .inputs import nesting_problem
from .languages import LANGUAGES
from .problems import Problem, Severity, did_you_mean

# The Markdown extensions of mkdocs.yml that give elements an id (headings through
# toc, `{#id}` through attr_list, notes through footnotes); the others are there so that
# the text is read as MkDocs reads it.
ID_EXTENSIONS = ("toc", "attr_list", "footnotes", "md_in_html", "admonition", "tables")
# What is wrong with a link: (message, hint, severity).
Found = tuple[str, str, Severity]
_ID = re.compile(r"""\bid=["']([^"']+)["']""")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_CODE_SPAN = re.compile(r"`+[^`]*`+")
# [text](target "title") and ![alt](target); the target may be wrapped in <...>.
_INLINE_LINK = re.compile(r"\]\(\s*(<[^>]*>|[^)\s]+)")
_REFERENCE = re.compile(r"^\s{0,3}\[(?!\^)[^\]]+\]:\s*(<[^>]*>|\S+)")
_HTML_LINK = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
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


class Links:
    """What a link in the content can point at: source files, site addresses, anchors."""

    def __init__(self, corpus: Corpus, content_dir: Path, vocabulary: Vocabulary):
        self.articles = {a.src_uri: a for a in corpus.articles}
        # Every Markdown file below the content folder, broken insights included:
        # a link to a broken file is that file's problem, reported there.
        self.sources = {p.relative_to(content_dir).as_posix() for p in content_dir.rglob("*.md")}
        self.content_dir = content_dir
        # Site address -> the source file published there.
        self.by_url: dict[str, str] = {}
        for source in self.sources:
            lang, _, name = source.partition("/")
            if lang in LANGUAGES and "/" not in name:
                slug = name.removesuffix(".md")
                self.by_url[urls.home_url(lang) if slug == "index" else urls.article_url(lang, slug)] = source
        for lang in LANGUAGES:
            self.by_url.setdefault(urls.home_url(lang), f"{lang}/index.md")
        self.categories = {urls.categories_url(lang): {c.slug_in(lang) for c in vocabulary} for lang in LANGUAGES}
        self.sections = {urls.overview_url(lang) for lang in LANGUAGES}
        # The generated pages a file may link to, as files of its own language's build
        # (`insights/index.md` from content/en/): each language is built on its own, so
        # another language's generated pages are not among MkDocs' files.
        self.generated = {
            f"{lang}/{url[len(urls.language_root(lang)) :]}index.md": url
            for lang in LANGUAGES
            for url in (
                urls.overview_url(lang),
                urls.categories_url(lang),
                *(urls.category_url(lang, c) for c in vocabulary),
            )
        }

    def check(self, article: Article | SitePage) -> list[Problem]:
        """Every link of `article` (or site page) that leads nowhere, at its line."""
        problems = []
        for target, line in find_links(article.body, article.body_line):
            found = self.check_link(article, target)
            if found:
                message, hint, severity = found
                problems.append(Problem(article.path, line, message, hint, severity))
        return problems

    def check_link(self, article: Article | SitePage, target: str) -> Found | None:
        """(message, hint, severity) when `target` does not lead anywhere, else None."""
        if not target or target.startswith("//") or SCHEME.match(target):
            return None  # another site: not ours to judge
        path = unquote(re.split(r"[#?]", target, maxsplit=1)[0])
        if not path:
            return self._check_anchor(target, article.src_uri)
        if path.endswith(".md"):
            return self._check_source_link(article, target, path)
        last = path.rstrip("/").rsplit("/", 1)[-1]
        if path.endswith("/") or "." not in last:
            return self._check_url_link(article, target, path)
        if path.startswith("/"):
            return None  # a file at the site root (e.g. a download): not in the content
        if not (self.content_dir / article.lang / path).resolve().is_file():
            return (
                f"link to '{target}': there is no such file",
                f"the path is relative to content/{article.lang}/; check the spelling",
                "error",
            )
        return None

    def _check_source_link(self, article: Article | SitePage, target: str, path: str) -> Found | None:
        if path.startswith("/"):
            relative = posixpath.relpath(path.lstrip("/"), article.lang)
            return (
                f"link to '{target}': a link to a Markdown file must be relative to this file",
                f"write '{relative}'",
                "error",
            )
        source = posixpath.normpath(posixpath.join(article.lang, path))
        if source in self.generated:
            if source.startswith(f"{article.lang}/"):
                return None  # a page the build makes (its anchors: the site's link check)
            return (
                f"link to '{target}': a page the build makes in the other language is not a file to link to",
                f"link to its address instead: '{urls.relative_url(self.generated[source], _page_url(article))}'",
                "error",
            )
        if source.startswith("../") or source not in self.sources:
            return (
                f"link to '{target}': there is no insight or page {self._shown(source)}",
                self._suggest(article, source),
                "error",
            )
        return self._check_draft(article, target, self.articles.get(source)) or self._check_anchor(target, source)

    def _check_url_link(self, article: Article | SitePage, target: str, path: str) -> Found | None:
        here = "/" + _page_url(article)
        url = posixpath.normpath(posixpath.join(here, path)).lstrip("/")
        url = "" if url in ("", ".") else url + "/"
        if url.startswith("../"):
            return (
                f"link to '{target}': it leads outside the site",
                "link to an insight's file instead, e.g. '../nl/slug.md'",
                "error",
            )
        if url in self.by_url:
            source = self.by_url[url]
            problem = self._check_draft(article, target, self.articles.get(source)) or self._check_anchor(
                target, source
            )
            if problem or not path.startswith("/"):
                return problem
            return (
                f"link to '{target}' works only when the site is at the root of its domain",
                f"link to the file instead: '{posixpath.relpath(source, article.lang)}'",
                "warning",
            )
        if self._is_generated(url):
            return None
        for base, slugs in self.categories.items():
            if url.startswith(base):
                name = url[len(base) :].split("/", 1)[0]
                return (
                    f"link to '{target}': there is no category '{name}'",
                    "existing categories: " + ", ".join(sorted(slugs)),
                    "error",
                )
        guess = self._suggest(article, self._source_for(url))
        if not guess.startswith("did you mean"):
            guess = (
                "check the address; a link to the insight's file ('slug.md', '../nl/slug.md') is checked more precisely"
            )
        return (f"link to '{target}': no page has the address /{url}", guess, "error")

    def _is_generated(self, url: str) -> bool:
        if url in self.sections or url in self.categories:
            return True
        for base, slugs in self.categories.items():
            if url.startswith(base):
                return url[len(base) :].split("/", 1)[0] in slugs
        lang = next(
            (x for x in LANGUAGES if x != LANGUAGES.default and url.startswith(urls.language_root(x))),
            LANGUAGES.default,
        )
        first = url[len(urls.language_root(lang)) :].split("/", 1)[0]
        # Other generated pages (feeds, search, ...) are made by the build itself.
        return first in RESERVED_SLUGS and first not in {"insights", "inzichten", "categories", "categorieen"}

    def _check_draft(self, article: Article | SitePage, target: str, linked: Article | None) -> Found | None:
        if linked is not None and linked.draft and not article.draft:
            return (
                f"link to '{target}': {linked.path} is a draft, which is not published",
                "publish that insight first (draft: false), or remove the link for now",
                "error",
            )
        return None

    def _source_for(self, url: str) -> str:
        """The content file that would be published at `url` (for suggestions)."""
        for lang in sorted(LANGUAGES, key=lambda x: x == LANGUAGES.default):
            root = urls.language_root(lang)
            if url.startswith(root):
                return f"{lang}/{url[len(root) :].strip('/')}.md"
        return url

    def _check_anchor(self, target: str, source: str) -> Found | None:
        """A warning when `#fragment` names no heading or element of `source`.

        A warning, not an error: a wrong anchor still opens the right page, and the
        link check of the built site has the final word on ids made by templates.
        """
        fragment = unquote(target.partition("#")[2])
        if not fragment or source not in self.sources:
            return None
        ids = self.ids(source)
        if fragment in ids:
            return None
        known = ", ".join(sorted(ids)[:8]) or "none"
        return (
            f"link to '{target}': {self._shown(source)} has no heading with the id '{fragment}'",
            f"a heading's id is its text in lower case with hyphens ('## Why it works' is '#why-it-works'); ids there: {known}",
            "warning",
        )

    def ids(self, source: str) -> frozenset[str]:
        """The ids the page built from `source` will have (its headings, notes, `{#id}`)."""
        article = self.articles.get(source)
        if article is not None:
            return _ids_of(article.body)
        text = (self.content_dir / source).read_text(encoding="utf-8", errors="replace")
        front, _ = split(text, source)
        body = front.body if front is not None else text
        if nesting_problem(body, 1, source) is not None:
            return frozenset()  # too deep to render; that file's own problem
        return _ids_of(body)

    def _shown(self, source: str) -> str:
        return f"content/{source}" if not source.startswith("../") else source

    def _suggest(self, article: Article | SitePage, source: str) -> str:
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


def _page_url(page: Article | SitePage) -> str:
    return urls.home_url(page.lang) if page.slug == "index" else urls.article_url(page.lang, page.slug)


@lru_cache(maxsize=4096)
def _ids_of(markdown: str) -> frozenset[str]:
    # Rendered only for pages that an anchor points at, so the cost stays small.
    html = python_markdown.Markdown(extensions=list(ID_EXTENSIONS)).convert(markdown)
    return frozenset(_ID.findall(html))
