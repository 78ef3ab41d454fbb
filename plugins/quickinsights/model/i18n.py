"""The words of our user interface, in English and Dutch.

Every string the site shows that does not come from content lives here, so that a
Dutch page never carries English words of ours. Dates and plurals come from Babel's
CLDR data rather than hand-written month names.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date as _babel_format_date

from .languages import KNOWN

# English dates read "24 November 2026": the British order, as the organisation is Dutch.
BABEL_LOCALES = {code: language.locale for code, language in KNOWN.items()}
LANGUAGE_NAMES = {code: language.native_name for code, language in KNOWN.items()}

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "published": "Published",
        "updated": "Updated",
        "by": "By",
        "reading_time": "{minutes} min read",
        "categories": "Categories",
        "draft": "Draft: this insight is not published yet. It is shown only in the local preview.",
        "scheduled": "Scheduled: this insight is published on {date}. Until then it is shown only in the local preview.",
        "insights": "Insights",
        "all_insights": "All insights",
        "language": "Language",
        "lang_en": "English",
        "lang_nl": "Dutch",
        "home": "Home",
        "about": "About",
        "outdated_notice": "This insight was translated from {language}; the original has been updated since.",
        "outdated_link": "Read the original",
        "translation_link": "Read this insight in English",
        "lang_de": "German",
        "only_in_de": "This insight is only available in German.",
        "also_search_de": "Also search German insights",
        # Translations, the site root, 404 pages and feeds (issue 4). The notice names
        # the language of the insight: `only_in_nl` on a Dutch page, in either language.
        "only_in_en": "This insight is only available in English.",
        "only_in_nl": "This insight is only available in Dutch.",
        "home_in_language": "The home page in English",
        "not_found_title": "Page not found",
        "not_found_text": "There is no page at this address. It may have moved, or the address may have a typo.",
        "not_found_home": "Go to the home page",
        "not_found_overview": "Browse all insights",
        "feed_title": "{site}: insights in English",
        "feed_category_title": "{site}: {category}, in English",
        "footnotes": "Notes",
        # Below an insight: alike insights of the same language (issue 5).
        "related": "Related insights",
        # The overview's filter, the category pages and the header search (issue 3).
        "filter_label": "Filter the insights",
        "search_label": "Search the insights",
        "search_placeholder": "Search",
        "both_languages": "Both",
        "clear_filters": "Clear filters",
        "count_zero": "No insights",
        "count_one": "1 insight",
        "count_other": "{count} insights",
        "empty_title": "No insights match these filters.",
        "empty_hint": "Try fewer categories, the other language or other words.",
        "show_more": "Show more",
        "newest": "Newest insights",
        # The reader's side (issue 16): the folded filter on phones, sharing.
        "filters": "Filters",
        "browse_label": "Browse the insights",
        "share": "Share this insight",
        "share_mail": "Email",
        "copy_link": "Copy link",
        "link_copied": "Link copied",
        "browse_categories": "Browse by category",
        "all_categories": "All categories",
        "in_both_languages": "Both languages",
        "page_of": "Page {number} of {count}",
        "previous_page": "Previous page",
        "next_page": "Next page",
        "pages": "Pages",
        "category_empty": "There are no insights in this category yet.",
        "search_unavailable": "Search is not available right now.",
        "search_results": "Search results",
        "header_search_label": "Search the English insights",
        "all_results": "Show all results",
        # The header box searches the page's language; this button adds the other's.
        "also_search_en": "Also search English insights",
        "also_search_nl": "Also search Dutch insights",
        # What the search says about a query (ranking.py's notes; the search index
        # carries these to the browser, sitesearch.py).
        "search_corrected": "Showing results for {corrected}.",
        "search_original": "Search for {original} instead",
        "search_missing": "No results for {words}; showing insights with the other words.",
        "search_partial": "No insight has all the words; first those with the most.",
        # An insight opened from a search result marks the words (highlight.js).
        "highlight_label": "Highlighted:",
        "highlight_clear": "Clear",
        "highlight_clear_label": "Clear the highlighting",
        # Authors, tags and breadcrumbs (issue 13; the listings of taxonomy.py).
        "authors": "Authors",
        "all_authors": "All authors",
        "tags": "Tags",
        "tag": "Tag",
        "all_tags": "All tags",
        "listing_empty": "There are no insights here yet.",
        "breadcrumb": "Breadcrumb",
        "photo_of": "Photo of {name}",
        "links": "Links",
    },
    "nl": {
        "published": "Gepubliceerd",
        "updated": "Bijgewerkt",
        "by": "Door",
        "reading_time": "{minutes} min leestijd",
        "categories": "Categorieën",
        "draft": "Concept: dit inzicht is nog niet gepubliceerd. Het is alleen zichtbaar in de lokale voorvertoning.",
        "scheduled": "Gepland: dit inzicht wordt gepubliceerd op {date}. Tot dan is het alleen zichtbaar in de lokale voorvertoning.",
        "insights": "Inzichten",
        "all_insights": "Alle inzichten",
        "language": "Taal",
        "lang_en": "Engels",
        "lang_nl": "Nederlands",
        "home": "Home",
        "about": "Over ons",
        "outdated_notice": "Dit inzicht is vertaald uit het {language}; het origineel is sindsdien bijgewerkt.",
        "outdated_link": "Lees het origineel",
        "translation_link": "Lees dit inzicht in het Nederlands",
        "lang_de": "Duits",
        "only_in_de": "Dit inzicht is alleen in het Duits beschikbaar.",
        "also_search_de": "Ook Duitse inzichten doorzoeken",
        "only_in_en": "Dit inzicht is alleen in het Engels beschikbaar.",
        "only_in_nl": "Dit inzicht is alleen in het Nederlands beschikbaar.",
        "home_in_language": "De startpagina in het Nederlands",
        "not_found_title": "Pagina niet gevonden",
        "not_found_text": "Op dit adres staat geen pagina. Misschien is de pagina verplaatst, of staat er een typefout in het adres.",
        "not_found_home": "Naar de startpagina",
        "not_found_overview": "Bekijk alle inzichten",
        "feed_title": "{site}: inzichten in het Nederlands",
        "feed_category_title": "{site}: {category}, in het Nederlands",
        "footnotes": "Noten",
        "related": "Gerelateerde inzichten",
        "filter_label": "Filter de inzichten",
        "search_label": "Zoek in de inzichten",
        "search_placeholder": "Zoeken",
        "both_languages": "Beide",
        "clear_filters": "Filters wissen",
        "count_zero": "Geen inzichten",
        "count_one": "1 inzicht",
        "count_other": "{count} inzichten",
        "empty_title": "Geen inzichten gevonden met deze filters.",
        "empty_hint": "Kies minder categorieën, de andere taal of andere woorden.",
        "show_more": "Meer tonen",
        "newest": "Nieuwste inzichten",
        # The reader's side (issue 16): the folded filter on phones, sharing.
        "filters": "Filters",
        "browse_label": "Blader door de inzichten",
        "share": "Deel dit inzicht",
        "share_mail": "E-mail",
        "copy_link": "Link kopiëren",
        "link_copied": "Link gekopieerd",
        "browse_categories": "Bladeren per categorie",
        "all_categories": "Alle categorieën",
        "in_both_languages": "Beide talen",
        "page_of": "Pagina {number} van {count}",
        "previous_page": "Vorige pagina",
        "next_page": "Volgende pagina",
        "pages": "Pagina's",
        "category_empty": "Er zijn nog geen inzichten in deze categorie.",
        "search_unavailable": "Zoeken is nu niet beschikbaar.",
        "search_results": "Zoekresultaten",
        "header_search_label": "Zoek in de Nederlandse inzichten",
        "all_results": "Alle resultaten tonen",
        "also_search_en": "Ook Engelse inzichten doorzoeken",
        "also_search_nl": "Ook Nederlandse inzichten doorzoeken",
        "search_corrected": "Resultaten voor {corrected}.",
        "search_original": "Zoek toch naar {original}",
        "search_missing": "Geen resultaten voor {words}; inzichten met de andere woorden.",
        "search_partial": "Geen inzicht bevat alle woorden; eerst die met de meeste.",
        "highlight_label": "Gemarkeerd:",
        "highlight_clear": "Wissen",
        "highlight_clear_label": "Markering wissen",
        "authors": "Auteurs",
        "all_authors": "Alle auteurs",
        "tags": "Tags",
        "tag": "Tag",
        "all_tags": "Alle tags",
        "listing_empty": "Hier zijn nog geen inzichten.",
        "breadcrumb": "Kruimelpad",
        "photo_of": "Foto van {name}",
        "links": "Links",
    },
    # German: the third language of the test fixture (tests/test_third_language.py);
    # what a site needs for one more language is this dictionary, an entry in
    # languages.KNOWN and the language's labels in its categories file.
    "de": {
        "published": "Veröffentlicht",
        "updated": "Aktualisiert",
        "by": "Von",
        "reading_time": "{minutes} Min. Lesezeit",
        "categories": "Kategorien",
        "draft": "Entwurf: dieser Einblick ist noch nicht veröffentlicht. Er erscheint nur in der lokalen Vorschau.",
        "scheduled": "Geplant: dieser Einblick erscheint am {date}. Bis dahin ist er nur in der lokalen Vorschau zu sehen.",
        "insights": "Einblicke",
        "all_insights": "Alle Einblicke",
        "language": "Sprache",
        "lang_en": "Englisch",
        "lang_nl": "Niederländisch",
        "lang_de": "Deutsch",
        "home": "Startseite",
        "about": "Über uns",
        "outdated_notice": "Dieser Einblick ist eine Übersetzung (Original: {language}); das Original wurde seitdem aktualisiert.",
        "outdated_link": "Das Original lesen",
        "translation_link": "Diesen Einblick auf Deutsch lesen",
        "only_in_en": "Dieser Einblick ist nur auf Englisch verfügbar.",
        "only_in_nl": "Dieser Einblick ist nur auf Niederländisch verfügbar.",
        "only_in_de": "Dieser Einblick ist nur auf Deutsch verfügbar.",
        "home_in_language": "Die Startseite auf Deutsch",
        "not_found_title": "Seite nicht gefunden",
        "not_found_text": "Unter dieser Adresse gibt es keine Seite. Vielleicht wurde sie verschoben, oder die Adresse enthält einen Tippfehler.",
        "not_found_home": "Zur Startseite",
        "not_found_overview": "Alle Einblicke ansehen",
        "feed_title": "{site}: Einblicke auf Deutsch",
        "feed_category_title": "{site}: {category}, auf Deutsch",
        "footnotes": "Anmerkungen",
        "related": "Verwandte Einblicke",
        "filter_label": "Die Einblicke filtern",
        "search_label": "Die Einblicke durchsuchen",
        "search_placeholder": "Suchen",
        "both_languages": "Alle",
        "clear_filters": "Filter zurücksetzen",
        "count_zero": "Keine Einblicke",
        "count_one": "1 Einblick",
        "count_other": "{count} Einblicke",
        "empty_title": "Keine Einblicke passen zu diesen Filtern.",
        "empty_hint": "Wählen Sie weniger Kategorien, eine andere Sprache oder andere Wörter.",
        "show_more": "Mehr anzeigen",
        "newest": "Neueste Einblicke",
        # The reader's side (issue 16): the folded filter on phones, sharing.
        "filters": "Filter",
        "browse_label": "Die Einblicke durchsuchen",
        "share": "Diesen Einblick teilen",
        "share_mail": "E-Mail",
        "copy_link": "Link kopieren",
        "link_copied": "Link kopiert",
        "browse_categories": "Nach Kategorie stöbern",
        "all_categories": "Alle Kategorien",
        "in_both_languages": "Alle Sprachen",
        "page_of": "Seite {number} von {count}",
        "previous_page": "Vorherige Seite",
        "next_page": "Nächste Seite",
        "pages": "Seiten",
        "category_empty": "In dieser Kategorie gibt es noch keine Einblicke.",
        "search_unavailable": "Die Suche ist gerade nicht verfügbar.",
        "search_results": "Suchergebnisse",
        "header_search_label": "Die deutschen Einblicke durchsuchen",
        "all_results": "Alle Ergebnisse anzeigen",
        "also_search_en": "Auch englische Einblicke durchsuchen",
        "also_search_nl": "Auch niederländische Einblicke durchsuchen",
        "also_search_de": "Auch deutsche Einblicke durchsuchen",
        "search_corrected": "Ergebnisse für {corrected}.",
        "search_original": "Stattdessen nach {original} suchen",
        "search_missing": "Keine Ergebnisse für {words}; Einblicke mit den übrigen Wörtern.",
        "search_partial": "Kein Einblick enthält alle Wörter; zuerst die mit den meisten.",
        "highlight_label": "Markiert:",
        "highlight_clear": "Entfernen",
        "highlight_clear_label": "Markierung entfernen",
        "authors": "Autoren",
        "all_authors": "Alle Autoren",
        "tags": "Schlagwörter",
        "tag": "Schlagwort",
        "all_tags": "Alle Schlagwörter",
        "listing_empty": "Hier gibt es noch keine Einblicke.",
        "breadcrumb": "Brotkrümelnavigation",
        "photo_of": "Foto von {name}",
        "links": "Links",
    },
}


def t(lang: str, key: str, **values: object) -> str:
    """The UI string `key` in `lang`, with `{name}` placeholders filled in."""
    text = STRINGS[lang][key]
    return text.format(**values) if values else text


def format_date(date: dt.date, lang: str) -> str:
    """'24 November 2026' in English, '24 november 2026' in Dutch."""
    return _babel_format_date(date, format="long", locale=BABEL_LOCALES[lang])


def count_insights(count: int, lang: str) -> str:
    """'No insights', '1 insight', '12 insights' (the same three forms in Dutch)."""
    key = "count_zero" if count == 0 else "count_one" if count == 1 else "count_other"
    return t(lang, key, count=count)


def reading_time(minutes: int, lang: str) -> str:
    return t(lang, "reading_time", minutes=minutes)
