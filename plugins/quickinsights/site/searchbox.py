"""What the header search box (templates/partials/qi-search.html) needs in a page's
language; the plugin gives it to every page's template. No MkDocs here."""

from __future__ import annotations

import functools

from ..model import i18n, urls


def header_search(ui_lang: str, languages: list[str], version: str) -> dict[str, str]:
    """What the header search box needs; its URL is relative to the site root.
    `languages`: those with insights, which the box can search."""
    t = functools.partial(i18n.t, ui_lang)
    # The box searches the page's language first and offers the other on request.
    others = [lang for lang in languages if lang != ui_lang]
    return {
        "languages": " ".join(languages),
        # The search index this page was built with (sitesearch.py).
        "index": version,
        "lang": ui_lang,
        "also_search": t(f"also_search_{others[0]}") if others else "",
        "overview_url": urls.overview_url(ui_lang),
        "label": t("header_search_label"),
        "placeholder": t("search_placeholder"),
        "results": t("search_results"),
        "all_results": t("all_results"),
        "unavailable": t("search_unavailable"),
        "count_zero": t("count_zero"),
        "count_one": t("count_one"),
        "count_other": t("count_other"),
    }
