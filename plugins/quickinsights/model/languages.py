"""Every fact about a language, in one table, and which of them a site uses.

A language's code is its content folder (`content/nl/`), its URL prefix (`nl/`, none
for the site's default language), its hreflang and the key of its interface words
(`i18n.STRINGS`), its search stop words and its labels in `categories.yml`. The rest
is here: its names, its CLDR locale for dates, its Snowball stemmer, whether search
splits its compounds, and the names its generated pages carry in URLs.

A site's languages are the `languages` of the i18n plugin in its mkdocs.yml, the
default one first (`siteconfig.load` and the plugin's `on_config` call `use`). So a
third language is configuration plus translated strings: an entry in `KNOWN`, its
words in `i18n.STRINGS`, its labels in the site's categories file, and its content
folder.

`LANGUAGES` is the one place that holds the site's choice: a sequence of codes that
every module iterates, set once per build or command before any content is read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import overload


@dataclass(frozen=True)
class Language:
    code: str
    # In English, for the messages editors read ("the body looks Dutch").
    english_name: str
    # In the language itself, for readers (the language switcher, badges).
    native_name: str
    # CLDR, for dates and plurals (Babel).
    locale: str
    # snowballstemmer's name of the stemmer; the browser runs the same one (stemjs.py).
    stemmer: str
    # Search splits compounds (kwaliteitsmanagement = kwaliteit + management).
    compounds: bool = False
    # The names of the generated pages in URLs: /nl/inzichten/, /nl/categorieen/...
    sections: Mapping[str, str] = field(default_factory=dict)

    def section(self, name: str) -> str:
        return self.sections.get(name, name)


KNOWN: dict[str, Language] = {
    language.code: language
    for language in (
        Language("en", "English", "English", "en_GB", "english"),
        Language(
            "nl",
            "Dutch",
            "Nederlands",
            "nl_NL",
            "dutch",
            compounds=True,
            sections={"insights": "inzichten", "categories": "categorieen", "authors": "auteurs"},
        ),
        Language(
            "de",
            "German",
            "Deutsch",
            "de_DE",
            "german",
            sections={
                "insights": "einblicke",
                "categories": "kategorien",
                "authors": "autoren",
                "tags": "schlagwoerter",
            },
        ),
    )
}
DEFAULT_CODES = ("en", "nl")


class UnknownLanguage(ValueError):
    pass


class Languages(Sequence[str]):
    """The site's language codes, the default language first."""

    def __init__(self, codes: Iterable[str]) -> None:
        self._codes: tuple[str, ...] = ()
        self.use(codes)

    def use(self, codes: Iterable[str]) -> None:
        chosen = tuple(dict.fromkeys(codes))
        unknown = [code for code in chosen if code not in KNOWN]
        if unknown:
            raise UnknownLanguage(
                f"language {', '.join(repr(c) for c in unknown)} is not one Quick Insights knows "
                f"(it knows {', '.join(KNOWN)})"
            )
        if not chosen:
            raise UnknownLanguage("a site needs at least one language")
        if chosen == self._codes:
            return  # every build and command sets them: only a change clears caches
        self._codes = chosen
        for hook in _ON_CHANGE:
            hook()

    @property
    def default(self) -> str:
        return self._codes[0]

    def others(self, code: str) -> list[str]:
        return [other for other in self._codes if other != code]

    def __len__(self) -> int:
        return len(self._codes)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index):
        return self._codes[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def __repr__(self) -> str:
        return f"Languages({self._codes!r})"


# What caches something per language set registers here to be cleared by `use`.
_ON_CHANGE: list = []


def on_change(hook) -> None:
    _ON_CHANGE.append(hook)


LANGUAGES = Languages(DEFAULT_CODES)


def get(code: str) -> Language:
    return KNOWN[code]


def english_name(code: str) -> str:
    return KNOWN[code].english_name


def native_name(code: str) -> str:
    return KNOWN[code].native_name
