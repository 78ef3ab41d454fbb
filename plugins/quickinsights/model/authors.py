"""The site's authors (`authors.yml` next to mkdocs.yml), as a listing (taxonomy.py).

Each entry names an author as the front matter's `author` does, with what their page
shows: role, organisation, country, a short bio per language, an optional photo (a
file of the site) and links. Read with path:line errors as categories.yml is
(yamlfile.py). A site without the file has no author pages, and any `author` is
accepted; with it, an `author` not in it is an error (`check_authors`).
No MkDocs here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .content import Article
from .fields import SLUG_RE, slugify
from .languages import LANGUAGES
from .problems import Problem, did_you_mean
from .taxonomy import Taxonomy
from .yamlfile import FileProblem, compose, line_of, read_text

KEYS = ("slug", "name", "role", "organisation", "country", "bio", "photo", "links")
# Texts that may differ per language: one text for all, or one per language.
PER_LANGUAGE = ("role", "country", "bio")
PHOTO_TYPES = (".jpg", ".jpeg", ".png", ".webp", ".svg", ".avif", ".gif")
LINK_SCHEMES = ("https", "http", "mailto")

ENTRY_EXAMPLE = (
    "each entry looks like:\n"
    "    - name: Eva Kramer\n"
    "      role: {en: Senior consultant, nl: Senior adviseur}\n"
    "      organisation: Quick Insights\n"
    "      country: {en: Netherlands, nl: Nederland}\n"
    "      bio: {en: One or two sentences., nl: Een of twee zinnen.}\n"
    "      photo: assets/authors/eva-kramer.jpg   # optional, a file below the content folder\n"
    "      links: [https://example.org/eva]      # optional"
)


class AuthorsError(FileProblem):
    """An authors file that cannot be used: where, what, and how to fix it."""


@dataclass(frozen=True)
class Link:
    url: str
    label: str


@dataclass(frozen=True)
class Author:
    slug: str
    name: str
    organisation: str = ""
    texts: dict[str, dict[str, str]] = field(default_factory=dict)  # key -> lang -> text
    photo: str | None = None  # below the content folder, e.g. assets/authors/eva.jpg
    links: tuple[Link, ...] = ()
    line: int = 1

    def slug_in(self, lang: str) -> str:
        return self.slug

    def label(self, lang: str) -> str:
        return self.name

    def text(self, key: str, lang: str) -> str:
        """`role`, `country` or `bio` in `lang` (else in the first language that has it)."""
        values = self.texts.get(key, {})
        return values.get(lang) or next((values[other] for other in LANGUAGES if other in values), "")

    def role(self, lang: str) -> str:
        return self.text("role", lang)

    def country(self, lang: str) -> str:
        return self.text("country", lang)

    def bio(self, lang: str) -> str:
        return self.text("bio", lang)

    def description(self, lang: str) -> str:
        """'Senior consultant, Quick Insights, Netherlands': the byline of the 12manage model."""
        return ", ".join(part for part in (self.role(lang), self.organisation, self.country(lang)) if part)


class Authors:
    """The registry, in the file's order; looked up by name or slug."""

    def __init__(self, authors: Sequence[Author]):
        self.authors = list(authors)
        self._by_name = {a.name: a for a in self.authors} | {a.slug: a for a in self.authors}

    def __iter__(self):
        return iter(self.authors)

    def __len__(self) -> int:
        return len(self.authors)

    def resolve(self, name: str) -> Author | None:
        return self._by_name.get(name)

    @property
    def names(self) -> list[str]:
        return [a.name for a in self.authors]


class AuthorTaxonomy(Taxonomy):
    """An author page for every author of the registry with a published insight."""

    name = "authors"
    template = "author.html"

    def __init__(self, authors: Authors):
        super().__init__(list(authors))
        self.registry = authors

    def keys_of(self, article: Article) -> Iterable[str]:
        author = self.registry.resolve(article.author)
        return (author.slug,) if author is not None else ()


def check_authors(articles: Sequence[Article], authors: Authors | None) -> list[Problem]:
    """Every insight's `author` is in the registry (when the site has one)."""
    if authors is None:
        return []
    problems = []
    for article in articles:
        if authors.resolve(article.author) is not None:
            continue
        guess = did_you_mean(article.author, authors.names)
        problems.append(
            Problem(
                article.path,
                article.key_lines.get("author", 1),
                f"unknown author '{article.author}'",
                (f"did you mean '{guess}'? " if guess else "")
                + "Authors are listed in authors.yml next to mkdocs.yml; add them there "
                + "(insights new --add-author does it for you)",
            )
        )
    return problems


def new_entry(name: str, role: str = "", organisation: str = "", country: str = "") -> str:
    """The text of a new entry for the end of authors.yml (`insights new` adds it);
    every value is written as a JSON string, which YAML reads as it is."""
    lines = [f"- name: {json.dumps(name, ensure_ascii=False)}"]
    for key, value in (("role", role), ("organisation", organisation), ("country", country)):
        if value:
            lines.append(f"  {key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def append_entry(text: str, entry: str) -> str:
    """`text` of an authors file with `entry` after its last line."""
    return (text if not text or text.endswith("\n") else text + "\n") + entry


# -- the file -------------------------------------------------------------------------


def _scalar(node: yaml.Node | None) -> str | None:
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str" and node.value.strip():
        return " ".join(str(node.value).split())
    return None


def _per_language(node: yaml.Node, key: str, name: str, source: str) -> dict[str, str]:
    text = _scalar(node)
    if text is not None:
        return dict.fromkeys(LANGUAGES, text)
    if isinstance(node, yaml.MappingNode):
        values = {}
        for lang_node, value in node.value:
            lang = str(lang_node.value)
            if lang not in LANGUAGES:
                raise AuthorsError(
                    source,
                    line_of(lang_node),
                    f"author '{name}': '{key}' has an unknown language '{lang}'",
                    "the languages are: " + ", ".join(LANGUAGES),
                )
            text = _scalar(value)
            if text is None:
                raise AuthorsError(
                    source, line_of(value), f"author '{name}': '{key}.{lang}' must be non-empty text", ENTRY_EXAMPLE
                )
            values[lang] = text
        return values
    raise AuthorsError(
        source, line_of(node), f"author '{name}': '{key}' must be text, or text per language", ENTRY_EXAMPLE
    )


def _links(node: yaml.Node, name: str, source: str) -> tuple[Link, ...]:
    if not isinstance(node, yaml.SequenceNode):
        raise AuthorsError(source, line_of(node), f"author '{name}': 'links' must be a list", ENTRY_EXAMPLE)
    links = []
    for item in node.value:
        url, label = _scalar(item), None
        if isinstance(item, yaml.MappingNode):
            values = {str(k.value): v for k, v in item.value}
            url, label = _scalar(values.get("url")), _scalar(values.get("label"))
        parts = urlsplit(url or "")
        if url is None or parts.scheme not in LINK_SCHEMES or not (parts.netloc or parts.scheme == "mailto"):
            raise AuthorsError(
                source,
                line_of(item),
                f"author '{name}': the link '{url or ''}' is not a web address",
                "write it in full, e.g. https://example.org/page (or mailto:name@example.org)",
            )
        links.append(Link(url, label or (parts.netloc or parts.path)))
    return tuple(links)


def parse_authors(text: str, source: str = "authors.yml", content_dir: Path | None = None) -> Authors:
    """The registry in the text of an authors file, or `AuthorsError` at its line.
    A photo must be a file below `content_dir` (not checked without one)."""
    root = compose(text, source, ENTRY_EXAMPLE, AuthorsError)
    if not isinstance(root, yaml.SequenceNode) or not root.value:
        where = line_of(root) if root is not None else 1
        raise AuthorsError(source, where, "expected a list of authors", ENTRY_EXAMPLE)
    authors: list[Author] = []
    seen: dict[str, int] = {}
    for entry in root.value:
        line = line_of(entry)
        if not isinstance(entry, yaml.MappingNode):
            raise AuthorsError(source, line, "an author must be a mapping with at least 'name'", ENTRY_EXAMPLE)
        fields = {str(k.value): v for k, v in entry.value}
        name = _scalar(fields.get("name"))
        if name is None:
            raise AuthorsError(source, line, "this author has no 'name'", ENTRY_EXAMPLE)
        for key_node, _ in entry.value:
            if key_node.value not in KEYS:
                guess = did_you_mean(str(key_node.value), KEYS)
                raise AuthorsError(
                    source,
                    line_of(key_node),
                    f"unknown key '{key_node.value}' in author '{name}'",
                    (f"did you mean '{guess}'? " if guess else "") + "an author may have: " + ", ".join(KEYS),
                )
        slug = _scalar(fields.get("slug")) or slugify(name)
        if not SLUG_RE.match(slug):
            raise AuthorsError(
                source,
                line_of(fields.get("slug", entry)),
                f"author '{name}': the slug '{slug}' is not a slug",
                "lower-case letters and digits joined by hyphens, e.g. 'eva-kramer'",
            )
        for key in (name, slug):
            if key in seen:
                raise AuthorsError(
                    source,
                    line,
                    f"'{key}' is also used by the author on line {seen[key]}",
                    "every author has a name and slug of their own",
                )
            seen[key] = line
        texts = {key: _per_language(fields[key], key, name, source) for key in PER_LANGUAGE if key in fields}
        photo = None
        if "photo" in fields:
            photo = _photo(fields["photo"], name, source, content_dir)
        authors.append(
            Author(
                slug=slug,
                name=name,
                organisation=_scalar(fields.get("organisation")) or "",
                texts=texts,
                photo=photo,
                links=_links(fields["links"], name, source) if "links" in fields else (),
                line=line,
            )
        )
    return Authors(authors)


def _photo(node: yaml.Node, name: str, source: str, content_dir: Path | None) -> str:
    photo = _scalar(node)
    hint = "a path below the content folder, e.g. assets/authors/eva-kramer.jpg"
    if photo is None or photo.startswith("/") or ".." in photo.split("/") or "://" in photo:
        raise AuthorsError(source, line_of(node), f"author '{name}': 'photo' must be a file of the site", hint)
    if not photo.lower().endswith(PHOTO_TYPES):
        raise AuthorsError(
            source,
            line_of(node),
            f"author '{name}': the photo '{photo}' is not an image",
            "use one of: " + ", ".join(PHOTO_TYPES),
        )
    if content_dir is not None and not (content_dir / photo).is_file():
        raise AuthorsError(
            source,
            line_of(node),
            f"author '{name}': the photo '{photo}' does not exist below {content_dir.name}/",
            hint,
        )
    return photo


@lru_cache(maxsize=16)
def _load(path: Path, shown: str, content_dir: Path | None, stamp: tuple[int, int] | None) -> Authors:
    text = read_text(path, shown, "authors file", "create it, or remove the 'authors' option", AuthorsError)
    return parse_authors(text, shown, content_dir)


def load_authors(path: Path, shown: str | None = None, content_dir: Path | None = None) -> Authors:
    """The registry in `path`, read again when the file changes. Raises `AuthorsError`."""
    try:
        stat = Path(path).stat()
        stamp: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = None
    return _load(Path(path), shown or str(path), content_dir, stamp)
