"""The controlled category vocabulary (see `categories.yml` beside this module)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import yaml

LANGUAGES = ("en", "nl")
VOCABULARY_FILE = Path(__file__).with_name("categories.yml")


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


def parse_vocabulary(data: object, source: str = "categories.yml") -> Vocabulary:
    """Build a vocabulary from the YAML data, failing loudly on a malformed file."""
    if not isinstance(data, list) or not data:
        raise ValueError(f"{source}: expected a non-empty list of categories")
    categories = []
    seen: set[str] = set()
    for entry in data:
        if not isinstance(entry, dict) or not isinstance(entry.get("slug"), str):
            raise ValueError(f"{source}: every category needs a 'slug': {entry!r}")
        texts = {}
        for lang in LANGUAGES:
            text = entry.get(lang)
            if not isinstance(text, dict) or not all(
                isinstance(text.get(key), str) and text[key].strip()
                for key in ("slug", "label", "description")
            ):
                raise ValueError(
                    f"{source}: category '{entry['slug']}' needs '{lang}' with slug, label and description"
                )
            texts[lang] = CategoryText(text["slug"], text["label"], text["description"])
        for name in {entry["slug"], *(t.slug for t in texts.values())}:
            if name in seen:
                raise ValueError(f"{source}: the slug '{name}' is used by two categories")
            seen.add(name)
        categories.append(Category(entry["slug"], texts))
    return Vocabulary(categories)


@lru_cache(maxsize=None)
def load_vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    with open(path, encoding="utf-8") as handle:
        return parse_vocabulary(yaml.safe_load(handle), source=str(path))
