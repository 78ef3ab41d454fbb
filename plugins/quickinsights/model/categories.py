"""The controlled category vocabulary (see `categories.yml` beside this module)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .languages import LANGUAGES
from .yamlfile import FileProblem, compose, line_of, read_text

# The package's default vocabulary, used by a site that has no categories file of its own.
VOCABULARY_FILE = Path(__file__).with_name("categories.yml")
# Lower-case ASCII words joined by hyphens (the same rule as insight file names).
SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class CategoryText:
    slug: str
    label: str
    description: str


@dataclass(frozen=True)
class Category:
    slug: str
    texts: dict[str, CategoryText]

    def slug_in(self, lang: str) -> str:
        return self.texts[lang].slug

    def label(self, lang: str) -> str:
        return self.texts[lang].label

    def description(self, lang: str) -> str:
        return self.texts[lang].description


class Vocabulary:
    """All categories, in the order of the vocabulary file."""

    def __init__(self, categories: list[Category]):
        self.categories = categories
        self._by_slug = {c.slug: c for c in categories}
        # Every accepted spelling: the canonical slug and the slug in each language.
        self._aliases: dict[str, Category] = {}
        for category in categories:
            self._aliases[category.slug] = category
            for text in category.texts.values():
                self._aliases[text.slug] = category

    def __iter__(self):
        return iter(self.categories)

    def __len__(self) -> int:
        return len(self.categories)

    def get(self, slug: str) -> Category:
        return self._by_slug[slug]

    def labels(self, slugs: Iterable[str], lang: str) -> list[str]:
        """The labels in `lang` of the categories `slugs` (canonical slugs)."""
        return [self._by_slug[slug].label(lang) for slug in slugs]

    def resolve(self, name: str) -> Category | None:
        """The category an editor meant by a canonical or language slug, or None."""
        return self._aliases.get(name)

    def names_for(self, lang: str) -> list[str]:
        """The spellings an editor of `lang` is offered in hints."""
        return [c.slug_in(lang) for c in self.categories]

    @property
    def all_names(self) -> list[str]:
        return list(self._aliases)


class VocabularyError(FileProblem):
    """A categories file that cannot be used: where, what, and how to fix it."""


ENTRY_EXAMPLE = (
    "each entry looks like:\n"
    "    - slug: leadership\n"
    "      en: {slug: leadership, label: Leadership, description: ...}\n"
    "      nl: {slug: leiderschap, label: Leiderschap, description: ...}"
)


def _mapping(node: yaml.Node) -> dict[str, yaml.Node]:
    """A mapping node's values by their (string) keys."""
    assert isinstance(node, yaml.MappingNode)
    return {str(key.value): value for key, value in node.value}


def _text(node: yaml.Node | None) -> str | None:
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str" and node.value.strip():
        return str(node.value)
    return None


def parse_vocabulary(text: str, source: str = "categories.yml") -> Vocabulary:
    """Build a vocabulary from the text of a categories file, or raise
    `VocabularyError` with the file's line and the fix."""
    root = compose(text, source, ENTRY_EXAMPLE, VocabularyError)
    if not isinstance(root, yaml.SequenceNode) or not root.value:
        raise VocabularyError(
            source,
            line_of(root) if root is not None else 1,
            "expected a list of categories" + ("" if root is not None else ", but the file is empty"),
            ENTRY_EXAMPLE,
        )
    categories = []
    seen: dict[str, int] = {}
    for entry in root.value:
        line = line_of(entry)
        if not isinstance(entry, yaml.MappingNode):
            raise VocabularyError(
                source, line, "a category must be a mapping with 'slug', 'en' and 'nl'", ENTRY_EXAMPLE
            )
        fields = _mapping(entry)
        slug = _text(fields.get("slug"))
        if slug is None:
            raise VocabularyError(source, line, "this category has no 'slug'", ENTRY_EXAMPLE)
        unknown = sorted(set(fields) - {"slug", *LANGUAGES})
        if unknown:
            raise VocabularyError(
                source,
                line_of(next(k for k, _ in entry.value if k.value == unknown[0])),
                f"unknown key '{unknown[0]}' in category '{slug}'",
                "a category has 'slug' and one entry per language: " + ", ".join(LANGUAGES),
            )
        texts = {}
        for lang in LANGUAGES:
            node = fields.get(lang)
            if not isinstance(node, yaml.MappingNode):
                raise VocabularyError(
                    source,
                    line_of(node) if node is not None else line,
                    f"category '{slug}' needs '{lang}' with slug, label and description",
                    ENTRY_EXAMPLE,
                )
            values = _mapping(node)
            for key in ("slug", "label", "description"):
                if _text(values.get(key)) is None:
                    where = values.get(key)
                    raise VocabularyError(
                        source,
                        line_of(where) if where is not None else line_of(node),
                        f"category '{slug}': '{lang}.{key}' must be non-empty text",
                        ENTRY_EXAMPLE,
                    )
            text_slug = str(values["slug"].value)
            for name in (slug, text_slug):
                if not SLUG_RE.fullmatch(name):
                    raise VocabularyError(
                        source,
                        line,
                        f"the slug '{name}' is not a slug",
                        "slugs are lower-case letters and digits joined by hyphens, e.g. 'customer-loyalty'",
                    )
            texts[lang] = CategoryText(text_slug, str(values["label"].value), str(values["description"].value))
        for name in {slug, *(t.slug for t in texts.values())}:
            if name in seen:
                raise VocabularyError(
                    source,
                    line,
                    f"the slug '{name}' is also used by the category on line {seen[name]}",
                    "every slug, in every language, names one category: choose another",
                )
            seen[name] = line
        categories.append(Category(slug, texts))
    return Vocabulary(categories)


@lru_cache(maxsize=16)
def _load(path: Path, shown: str, stamp: tuple[int, int] | None) -> Vocabulary:
    missing = (
        "create it (`insights init` writes one), or set the plugin's 'categories' option in mkdocs.yml "
        "to the file you use"
    )
    text = read_text(path, shown, "categories file", missing, VocabularyError)
    return parse_vocabulary(text, source=shown)


def load_vocabulary(path: Path = VOCABULARY_FILE, shown: str | None = None) -> Vocabulary:
    """The vocabulary in `path` (by default the package's own);
    `shown` is the path in messages. Read again when the file changes (a preview
    follows edits). Raises `VocabularyError`."""
    path = Path(path)
    try:
        stat = path.stat()
        stamp: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = None
    return _load(path, shown or str(path), stamp)
