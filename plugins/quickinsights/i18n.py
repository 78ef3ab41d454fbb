"""The words of our user interface, in English and Dutch.

Every string the site shows that does not come from content lives here, so that a
Dutch page never carries English words of ours. Dates and plurals come from Babel's
CLDR data rather than hand-written month names.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date as _babel_format_date

# English dates read "24 November 2026": the British order, as the organisation is Dutch.
BABEL_LOCALES = {"en": "en_GB", "nl": "nl_NL"}
LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands"}

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "published": "Published",
        "updated": "Updated",
        "by": "By",
        "reading_time": "{minutes} min read",
        "categories": "Categories",
        "draft": "Draft: this insight is not published yet. It is shown only in the local preview.",
        "insights": "Insights",
        "all_insights": "All insights",
        "language": "Language",
        "lang_en": "English",
        "lang_nl": "Dutch",
        "read_more": "Read the insight",
        "home": "Home",
        "about": "About",
        "translation_link": "Lees dit inzicht in het Nederlands",
        "only_in": "This insight is only available in English.",
        "footnotes": "Notes",
    },
    "nl": {
        "published": "Gepubliceerd",
        "updated": "Bijgewerkt",
        "by": "Door",
        "reading_time": "{minutes} min leestijd",
        "categories": "Categorieën",
        "draft": "Concept: dit inzicht is nog niet gepubliceerd. Het is alleen zichtbaar in de lokale voorvertoning.",
        "insights": "Inzichten",
        "all_insights": "Alle inzichten",
        "language": "Taal",
        "lang_en": "Engels",
        "lang_nl": "Nederlands",
        "read_more": "Lees het inzicht",
        "home": "Home",
        "about": "Over ons",
        "translation_link": "Read this insight in English",
        "only_in": "Dit inzicht is alleen in het Nederlands beschikbaar.",
        "footnotes": "Noten",
    },
}


def t(lang: str, key: str, **values: object) -> str:
    """The UI string `key` in `lang`, with `{name}` placeholders filled in."""
    text = STRINGS[lang][key]
    return text.format(**values) if values else text


def format_date(date: dt.date, lang: str) -> str:
    """'24 November 2026' in English, '24 november 2026' in Dutch."""
    return _babel_format_date(date, format="long", locale=BABEL_LOCALES[lang])


def reading_time(minutes: int, lang: str) -> str:
    return t(lang, "reading_time", minutes=minutes)
