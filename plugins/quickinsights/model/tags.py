"""Tags: the optional `tags` of an insight's front matter, as a listing (taxonomy.py).

A tag is free text, so the vocabulary is the collection's: every tag some published
insight carries. Tags that differ only in case or spaces ("NPS", "nps") are one tag,
with one page, shown in the spelling most insights use; `check_tags` asks editors to
write it that way, and points at near-duplicates ("team" and "teams").
No MkDocs here.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .content import Article, slugify
from .problems import Problem
from .taxonomy import Taxonomy

MAX_TAG = 40
# Close enough to be the same tag mistyped or in another number ("team", "teams").
NEAR = 0.85


def tag_slug(tag: str) -> str:
    """The address and the identity of a tag: case, spaces and accents do not count."""
    return slugify(tag)


@dataclass(frozen=True)
class Tag:
    slug: str
    name: str  # the spelling shown: the one most insights use

    def slug_in(self, lang: str) -> str:
        return self.slug

    def label(self, lang: str) -> str:
        return self.name

    def description(self, lang: str) -> str:
        return ""


def spellings(articles: Iterable[Article]) -> dict[str, Counter[str]]:
    """Per tag slug: how many insights write it each way."""
    found: dict[str, Counter[str]] = {}
    for article in articles:
        for tag in dict.fromkeys(article.tags):
            found.setdefault(tag_slug(tag), Counter())[tag] += 1
    return found


def preferred(counts: Counter[str]) -> str:
    # The most used spelling; among equals the first in sorted order, so it is stable.
    return min(counts, key=lambda spelling: (-counts[spelling], spelling))


class TagTaxonomy(Taxonomy):
    """Every tag of the published insights, in alphabetical order of its label."""

    name = "tags"
    template = "tag.html"

    def __init__(self, articles: Sequence[Article]):
        tags = [Tag(slug, preferred(counts)) for slug, counts in spellings(articles).items() if slug]
        tags.sort(key=lambda tag: (tag.name.casefold(), tag.slug))
        super().__init__(tags)

    def keys_of(self, article: Article) -> Iterable[str]:
        return dict.fromkeys(slug for slug in map(tag_slug, article.tags) if slug)


def check_tags(articles: Sequence[Article]) -> list[Problem]:
    """Each insight's tags, and each tag against the collection's other tags: the
    spelling against every language's (one tag, one page), the look-alikes against
    its own language's ("communication" and "communicatie" are both right)."""
    problems = []
    used = spellings(articles)
    by_lang = {lang: spellings(a for a in articles if a.lang == lang) for lang in {a.lang for a in articles}}
    for article in sorted(articles, key=lambda a: a.path):
        lines = article.tag_lines or (article.key_lines.get("tags", 1),) * len(article.tags)
        seen: dict[str, str] = {}
        for tag, line in zip(article.tags, lines, strict=False):
            slug = tag_slug(tag)
            if not slug:
                problems.append(
                    Problem(article.path, line, f"the tag '{tag}' has no letters or digits", "write the tag as a word")
                )
                continue
            if len(tag) > MAX_TAG:
                problems.append(
                    Problem(
                        article.path,
                        line,
                        f"the tag '{tag}' is {len(tag)} characters long; the limit is {MAX_TAG}",
                        "a tag is a word or two; the summary can say more",
                    )
                )
            if slug in seen:
                problems.append(
                    Problem(
                        article.path,
                        line,
                        f"the tag '{tag}' is listed twice" + (f" (as '{seen[slug]}')" if seen[slug] != tag else ""),
                        "remove one of the two; case and spaces do not make another tag",
                    )
                )
                continue
            seen[slug] = tag
            problems += _against_collection(article, tag, slug, line, used, by_lang[article.lang])
    return problems


def _against_collection(
    article: Article, tag: str, slug: str, line: int, used: dict[str, Counter[str]], here: dict[str, Counter[str]]
) -> list[Problem]:
    spelling = preferred(used[slug])
    if tag != spelling:
        others = used[slug][spelling]
        return [
            Problem(
                article.path,
                line,
                f"the tag '{tag}' is written '{spelling}' in {others} other insight{'s' if others != 1 else ''}",
                f"did you mean '{spelling}'? Both are one tag; write it the same way everywhere",
                severity="warning",
            )
        ]
    mine = sum(here[slug].values())
    # A rarer tag next to a commoner one that looks alike is probably a slip.
    alike = [
        other
        for other in difflib.get_close_matches(slug, [s for s in here if s and s != slug], n=3, cutoff=NEAR)
        if sum(here[other].values()) > mine
    ]
    if not alike:
        return []
    guess = preferred(here[alike[0]])
    return [
        Problem(
            article.path,
            line,
            f"the tag '{tag}' looks like '{guess}', which {sum(here[alike[0]].values())} insights use",
            f"did you mean '{guess}'? If they mean the same, use one; if not, keep both",
            severity="warning",
        )
    ]
