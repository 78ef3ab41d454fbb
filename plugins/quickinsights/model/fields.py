"""What an insight's front matter may hold, and the check of one file's fields.

content.py builds the `Article` from what `validate_fields` returns; the checks that
need the whole collection are in checks.py (and tags.py, authors.py). No MkDocs here.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .categories import Vocabulary
from .frontmatter import FrontMatter
from .inputs import body_problems, value_problems
from .problems import Problem, did_you_mean

REQUIRED = ("title", "date", "author", "categories", "summary")
OPTIONAL = ("translation_key", "translated_from", "quote", "quote_author", "updated", "tags", "draft")
# The order in which `insights new` writes keys and the guide lists them.
# What translations.source_digest writes into `translated_from`.
DIGEST_RE = re.compile(r"[0-9a-f]{12}")
SCHEMA_ORDER = ("title", "date", "author", "categories", "summary", *OPTIONAL)
# Slugs that generated pages use, in either language.
RESERVED_SLUGS = frozenset(
    {
        "insights",
        "inzichten",
        "categories",
        "categorieen",
        "authors",
        "auteurs",
        "tags",
        "feeds",
        "search",
        "404",
        "assets",
    }
)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HTML_TAG_RE = re.compile(r"<[a-zA-Z/!][^>]*>")
MAX_TITLE = 120


# -- validation of one file ---------------------------------------------------------


class _Checker:
    def __init__(self, front: FrontMatter, path: str):
        self.front = front
        self.path = path
        self.problems: list[Problem] = []

    def error(self, key: str | None, message: str, hint: str, line: int | None = None) -> None:
        if line is None:
            line = self.front.line_of(key) if key else 1
        self.problems.append(Problem(self.path, line, message, hint))

    def text(self, key: str, required: bool) -> str | None:
        value = self.front.data.get(key)
        if value is None:
            if required:
                self.error(None, f"missing required field '{key}'", f"add a line '{key}: ...' to the front matter")
            return None
        if isinstance(value, (bool, int, float)):
            self.error(
                key, f"'{key}' must be text, not {type_name(value)}", f'put the value in quotes: {key}: "{value}"'
            )
            return None
        if not isinstance(value, str):
            self.error(key, f"'{key}' must be text, not {type_name(value)}", f"write it on one line: {key}: some text")
            return None
        value = " ".join(value.split())
        if not value:
            self.error(key, f"'{key}' is empty", f"write the {key.replace('_', ' ')} after '{key}:'")
            return None
        return value

    def date(self, key: str, required: bool) -> dt.date | None:
        value = self.front.data.get(key)
        if value is None:
            if required:
                self.error(
                    None, f"missing required field '{key}'", f"add a line '{key}: YYYY-MM-DD' to the front matter"
                )
            return None
        text = str(value).strip()
        if not DATE_RE.match(text):
            self.error(
                key, f"'{key}' must be a date written YYYY-MM-DD, not '{text}'", f"for example: {key}: 2026-03-14"
            )
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError as error:
            self.error(
                key,
                f"'{key}' is not a real date: {text} ({error})",
                "use a date that exists in the calendar, written YYYY-MM-DD",
            )
            return None

    def text_list(self, key: str, required: bool) -> list[tuple[str, int]] | None:
        """A list of strings (a single string is accepted as a list of one)."""
        value = self.front.data.get(key)
        line = self.front.line_of(key)
        if value is None:
            if required:
                self.error(
                    None,
                    f"missing required field '{key}'",
                    f"add '{key}:' with one or more items, e.g. {key}: [leadership]",
                )
            return None
        if isinstance(value, str):
            return [(value.strip(), line)]
        if not isinstance(value, list):
            self.error(
                key, f"'{key}' must be a list of text, not {type_name(value)}", f"for example: {key}: [first, second]"
            )
            return None
        lines = self.front.item_lines.get(key, [line] * len(value))
        items = []
        for item, item_line in zip(value, lines, strict=False):
            if not isinstance(item, str) or not item.strip():
                self.error(
                    key,
                    f"every item of '{key}' must be text, not {type_name(item)}",
                    "write each item as a word or phrase",
                    item_line,
                )
                continue
            items.append((item.strip(), item_line))
        if not items and required:
            self.error(key, f"'{key}' is empty", f"name at least one item in '{key}'")
            return None
        return items


def type_name(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "empty"
    return "text"


def validate_fields(
    front: FrontMatter, lang: str, slug: str, path: str, vocabulary: Vocabulary
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The fields of an `Article` read from `front`, or None and the problems."""
    check = _Checker(front, path)
    allowed = (*REQUIRED, *OPTIONAL)
    for key in front.data:
        if key not in allowed:
            guess = did_you_mean(str(key), allowed)
            hint = (f"did you mean '{guess}'? " if guess else "") + "Allowed keys: " + ", ".join(allowed)
            check.error(str(key), f"unknown key '{key}'", hint)

    if not SLUG_RE.match(slug):
        check.error(
            None,
            f"the file name '{slug}.md' is not a valid slug",
            f"rename it to '{slugify(slug) or 'my-insight'}.md': lower-case letters, digits and hyphens",
        )
    elif slug in RESERVED_SLUGS:
        check.error(None, f"the file name '{slug}.md' is reserved for a generated page", "choose another file name")

    title = check.text("title", required=True)
    if title and len(title) > MAX_TITLE:
        check.error(
            "title",
            f"'title' is {len(title)} characters long; the limit is {MAX_TITLE}",
            "shorten the title; the summary can carry the rest",
        )
    date = check.date("date", required=True)
    author = check.text("author", required=True)
    summary = check.text("summary", required=True)
    if summary and HTML_TAG_RE.search(summary):
        check.error(
            "summary",
            "'summary' must be plain text, without HTML tags",
            "remove the tags; the summary is shown as plain text",
        )

    categories: list[str] = []
    for name, line in check.text_list("categories", required=True) or []:
        category = vocabulary.resolve(name)
        if category is None:
            choices = vocabulary.names_for(lang)
            guess = did_you_mean(name, vocabulary.all_names)
            if guess:
                guess = vocabulary.resolve(guess).slug_in(lang)  # type: ignore[union-attr]
            hint = (f"did you mean '{guess}'? " if guess else "") + "Allowed: " + ", ".join(choices)
            check.error("categories", f"unknown category '{name}'", hint, line)
        elif category.slug in categories:
            check.error("categories", f"category '{name}' is listed twice", "remove one of the two", line)
        else:
            categories.append(category.slug)

    translation_key = check.text("translation_key", required=False)
    if translation_key and not SLUG_RE.match(translation_key):
        check.error(
            "translation_key",
            f"translation_key '{translation_key}' is not a slug",
            f"use lower-case letters, digits and hyphens, e.g. '{slugify(translation_key)}'",
        )
    translated_from = check.text("translated_from", required=False)
    if translated_from is not None and not DIGEST_RE.fullmatch(translated_from):
        check.error(
            "translated_from",
            f"'translated_from' ({translated_from!r}) is not the digest insights writes",
            "do not edit it by hand: update the translation, then run 'insights mark-current' on this file",
        )
        translated_from = None
    elif translated_from is not None and not translation_key:
        check.error(
            "translated_from",
            "'translated_from' is set but there is no translation_key",
            "give this translation its original's translation_key",
        )
    quote = check.text("quote", required=False)
    quote_author = check.text("quote_author", required=False)
    if quote_author and not quote:
        check.error(
            "quote_author", "'quote_author' is set but there is no 'quote'", "add the quote, or remove 'quote_author'"
        )
    updated = check.date("updated", required=False)
    if updated and date and updated < date:
        check.error(
            "updated",
            f"'updated' ({updated}) is before 'date' ({date})",
            "the update date must be on or after the publication date",
        )
    # Spaces inside a tag do not count: "customer  loyalty" is "customer loyalty".
    tag_items = [(" ".join(tag.split()), line) for tag, line in check.text_list("tags", required=False) or []]
    tags = [tag for tag, _ in tag_items]
    tag_lines = [line for _, line in tag_items]
    draft = front.data.get("draft", False)
    if not isinstance(draft, bool):
        check.error(
            "draft", f"'draft' must be true or false, not {type_name(draft)}", "write 'draft: true' or 'draft: false'"
        )
        draft = False
    if not front.body.strip():
        check.error(
            None, "the insight has no body text", "write the key points below the closing '---'", front.end_line
        )
    check.problems += value_problems(front, path)
    check.problems += body_problems(front.body, front.body_line, path)

    if check.problems:
        return None, sorted(check.problems, key=lambda p: p.line)
    values = dict(
        path=path,
        lang=lang,
        slug=slug,
        title=title,
        date=date,
        author=author,
        categories=tuple(categories),
        summary=summary,
        body=front.body,
        body_line=front.body_line,
        translation_key=translation_key,
        translated_from=translated_from,
        quote=quote,
        quote_author=quote_author,
        updated=updated,
        tags=tuple(tags),
        tag_lines=tuple(tag_lines),
        draft=draft,
        key_lines=dict(front.key_lines),
    )
    return values, []


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; diacritics are folded (é -> e)."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
