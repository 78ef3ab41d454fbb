"""The site's bilingual glossary: the collection's key terms in each language, so that
an English query finds Dutch insights and the other way round (ranking.py looks each
query up in it).

`glossary.yml` next to mkdocs.yml (the plugin option `glossary`; siteconfig.py finds
it), a list of entries, each the same term in the languages it has; one language may
list several words for it:

    - en: sickness absence
      nl: [ziekteverzuim, verzuim]

A site without the file has no glossary. A broken file is a path:line error with the
fix, as a broken categories.yml is (categories.py). The category labels of each
language count as entries too (`search_entries`): "customer loyalty" finds
"klantloyaliteit" with no line in the glossary.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .categories import Vocabulary
from .languages import LANGUAGES
from .yamlfile import FileProblem, compose, line_of, read_text

ENTRY_EXAMPLE = (
    "each entry names a term in each language, one or a list:\n"
    "    - en: sickness absence\n"
    "      nl: [ziekteverzuim, verzuim]"
)


class GlossaryError(FileProblem):
    """A glossary that cannot be used: where, what, and how to fix it."""


@dataclass(frozen=True)
class Entry:
    terms: dict[str, tuple[str, ...]]
    line: int


@dataclass(frozen=True)
class Glossary:
    entries: tuple[Entry, ...] = ()

    def __len__(self) -> int:
        return len(self.entries)

    def search_entries(self, vocabulary: Vocabulary | None = None) -> list[dict[str, list[str]]]:
        """What the searches look up: every entry, then each category's labels."""
        found = [{lang: list(terms) for lang, terms in entry.terms.items()} for entry in self.entries]
        for category in vocabulary or ():
            found.append({lang: [category.label(lang)] for lang in LANGUAGES})
        return found


def _terms(node: yaml.Node, source: str, lang: str) -> tuple[str, ...]:
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    terms = []
    for item in items:
        if not (isinstance(item, yaml.ScalarNode) and item.tag == "tag:yaml.org,2002:str" and item.value.strip()):
            raise GlossaryError(
                source, line_of(item), f"'{lang}' must be a term or a list of terms (text)", ENTRY_EXAMPLE
            )
        terms.append(" ".join(str(item.value).split()))
    if not terms:
        raise GlossaryError(source, line_of(node), f"'{lang}' lists no term", ENTRY_EXAMPLE)
    return tuple(terms)


def parse_glossary(text: str, source: str = "glossary.yml") -> Glossary:
    """The glossary in the text of a glossary file, or `GlossaryError` at its line."""
    root = compose(text, source, ENTRY_EXAMPLE, GlossaryError)
    if root is None:
        return Glossary()
    if not isinstance(root, yaml.SequenceNode):
        raise GlossaryError(source, line_of(root), "expected a list of entries", ENTRY_EXAMPLE)
    entries = []
    for node in root.value:
        line = line_of(node)
        if not isinstance(node, yaml.MappingNode):
            raise GlossaryError(source, line, "an entry must be a mapping of languages to terms", ENTRY_EXAMPLE)
        terms: dict[str, tuple[str, ...]] = {}
        for key, value in node.value:
            lang = str(key.value)
            if lang not in LANGUAGES:
                raise GlossaryError(
                    source,
                    line_of(key),
                    f"unknown language '{lang}'",
                    f"an entry has a key per language: {', '.join(LANGUAGES)}",
                )
            if lang in terms:
                raise GlossaryError(
                    source,
                    line_of(key),
                    f"'{lang}' is given twice in this entry",
                    "list several terms of one language as [one, two]",
                )
            terms[lang] = _terms(value, source, lang)
        if sum(len(t) for t in terms.values()) < 2:
            raise GlossaryError(
                source,
                line,
                "this entry has one term only, so it finds nothing new",
                "add the term in the other language (or another word for it)",
            )
        entries.append(Entry({lang: terms[lang] for lang in LANGUAGES if lang in terms}, line))
    return Glossary(tuple(entries))


def load_glossary(path: Path, shown: str | None = None) -> Glossary:
    """The glossary in `path` (`shown` in messages); raises `GlossaryError`."""
    shown = shown or str(path)
    missing = "create it, or set the plugin's 'glossary' option in mkdocs.yml to the file you use"
    text = read_text(path, shown, "glossary file", missing, GlossaryError)
    return parse_glossary(text, shown)
