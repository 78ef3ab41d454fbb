"""Sections: results that take the reader to the place (issue 12).

Each insight's sections as its page shows them, in <version>/s/<n>.json beside its card
d/<n>.json: [[anchor, heading, text], ...] for every heading with an id (MkDocs' toc
extension gives each one), the text running to the next heading. engine.js
(Hits.place) picks the section that holds the query's words, for a link to its anchor
with its snippet. A browser fetches the file of a result shown once the reader pauses
(search.js), not for every letter typed: about 1.2 KB gzipped per insight, which in
the cards would have cost the 20-30 cards of a first query typed on the overview
26-40 KB (docs/search.md, "Results that take the reader to the place").
They come from the rendered page, so a Dutch insight's from the Dutch page and with
the ids the build gave; the pages are rendered after the index is made, so
`with_sections` adds the files at the end of the build, and `sections_salt` puts
what they are made from into the version the pages name.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from html import unescape

from ..model.content import Article

# A section's text is cut after this many characters (at a word): the snippet is of
# the words found in it, and a long section costs every search that shows it.
SECTION_CHARS = 1000
_HEADING = re.compile(r'<h([1-6])\b[^>]*?\sid="([^"]+)"[^>]*>(.*?)</h\1\s*>', re.S | re.I)
# The permalink after a heading's text, footnote numbers in the text, the footnotes.
_HEADERLINK = re.compile(r'<a\b[^>]*\bclass="headerlink"[^>]*>.*?</a\s*>', re.S | re.I)
_FOOTNOTE_REF = re.compile(r'<sup\b[^>]*\bid="fnref[^"]*"[^>]*>.*?</sup\s*>', re.S | re.I)
_FOOTNOTES = re.compile(r'<div\b[^>]*\bclass="footnote"[^>]*>.*', re.S | re.I)
# Tags that end a word: block elements and line breaks. Other tags sit inside words.
_BLOCK_TAG = re.compile(
    r"</?(?:p|li|ul|ol|dl|dt|dd|div|table|thead|tbody|tr|td|th|pre|blockquote|figure|figcaption"
    r"|details|summary|br|hr|h[1-6])\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^>]*>")
_SKIPPED = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.S | re.I)


def _html_text(html: str) -> str:
    text = _TAG.sub("", _BLOCK_TAG.sub(" ", _SKIPPED.sub(" ", html)))
    return " ".join(unescape(text).split())


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    at = text.rfind(" ", 0, limit + 1)
    return text[: at if at > 0 else limit]


def page_sections(html: str, limit: int = SECTION_CHARS) -> list[list[str]]:
    """[[anchor, heading, text], ...] of an insight's body as the build rendered it
    (sanitized HTML, before our header): the text before the first heading and the
    footnotes are no section; headings without an id (no toc extension) are none."""
    html = _FOOTNOTE_REF.sub("", _FOOTNOTES.sub("", html))
    headings = list(_HEADING.finditer(html))
    sections = []
    for number, heading in enumerate(headings):
        end = headings[number + 1].start() if number + 1 < len(headings) else len(html)
        title = _html_text(_HEADERLINK.sub("", heading.group(3)))
        sections.append([unescape(heading.group(2)), title, _cut(_html_text(html[heading.end() : end]), limit)])
    return sections


def sections_salt(articles: Sequence[Article], settings: str) -> str:
    """What the sections of `articles` are made from, for the index's version: their
    bodies, and `settings` (the Markdown extensions and HTML policy that render them)."""
    digest = hashlib.sha256(f"{SECTION_CHARS}\0{settings}\0".encode())
    for article in sorted(articles, key=lambda a: a.path):
        digest.update(f"{article.path}\0{article.body}\0".encode())
    return digest.hexdigest()
