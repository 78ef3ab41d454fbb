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

from .categories import LANGUAGES, Vocabulary
from .problems import Problem

ENTRY_EXAMPLE = (
    "each entry names a term in each language, one or a list:\n"
    "    - en: sickness absence\n"
    "      nl: [ziekteverzuim, verzuim]"
)


class GlossaryError(Exception):
    """A glossary that cannot be used: where, what, and how to fix it."""

    def __init__(self, path: str, line: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.problem = Problem(path, line, message, hint)

    def __str__(self) -> str:
        return self.problem.format()


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


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _terms(node: yaml.Node, source: str, lang: str) -> tuple[str, ...]:
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    terms = []
    for item in items:
        if not (isinstance(item, yaml.ScalarNode) and item.tag == "tag:yaml.org,2002:str" and item.value.strip()):
            raise GlossaryError(
                source, _line(item), f"'{lang}' must be a term or a list of terms (text)", ENTRY_EXAMPLE
            )
        terms.append(" ".join(str(item.value).split()))
    if not terms:
        raise GlossaryError(source, _line(node), f"'{lang}' lists no term", ENTRY_EXAMPLE)
    return tuple(terms)


def parse_glossary(text: str, source: str = "glossary.yml") -> Glossary:
    """The glossary in the text of a glossary file, or `GlossaryError` at its line."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise GlossaryError(
            source,
            mark.line + 1 if mark else 1,
            f"invalid YAML: {error.problem or error.context}",
            "check the indentation and the quotes on this line and the one before; " + ENTRY_EXAMPLE,
        ) from None
    except yaml.YAMLError as error:
        raise GlossaryError(source, 1, f"invalid YAML: {error}", "save the file as UTF-8 text") from None
    if root is None:
        return Glossary()
    if not isinstance(root, yaml.SequenceNode):
        raise GlossaryError(source, _line(root), "expected a list of entries", ENTRY_EXAMPLE)
    entries = []
    for node in root.value:
        line = _line(node)
        if not isinstance(node, yaml.MappingNode):
            raise GlossaryError(source, line, "an entry must be a mapping of languages to terms", ENTRY_EXAMPLE)
        terms: dict[str, tuple[str, ...]] = {}
        for key, value in node.value:
            lang = str(key.value)
            if lang not in LANGUAGES:
                raise GlossaryError(
                    source,
                    _line(key),
                    f"unknown language '{lang}'",
                    f"an entry has a key per language: {', '.join(LANGUAGES)}",
                )
            if lang in terms:
                raise GlossaryError(
                    source,
                    _line(key),
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
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise GlossaryError(
            shown,
            1,
            "the glossary file does not exist",
            "create it, or set the plugin's 'glossary' option in mkdocs.yml to the file you use",
        ) from None
    except OSError as error:
        raise GlossaryError(
            shown, 1, f"cannot read the glossary: {error.strerror}", "check the file's permissions"
        ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise GlossaryError(
            shown, line, f"the file is not UTF-8 text (byte {data[error.start]:#04x})", "save the file as UTF-8"
        ) from None
    return parse_glossary(text, shown)
