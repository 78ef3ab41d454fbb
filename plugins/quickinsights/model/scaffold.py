"""What `insights new` writes: a new insight's file, and a translation key added to
the original when a translation is started.

The new file is valid from the first minute (so `insights check` and the preview work
while it is being written) but it is a draft, so an unfinished insight never reaches
the published site. Its example sentences are recognised by `checks`: a warning in a
draft, an error once `draft: false` would publish them.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

from .content import SCHEMA_ORDER
from .frontmatter import split

# The example text, sentence by sentence, in the file's own language; each one is a
# whole line of the skeleton (or the summary), so that `is_placeholder` can find it.
EXAMPLE_SUMMARY = {
    "en": "Write one to three sentences that tell the reader what this insight offers and why it matters to a manager.",
    "nl": "Schrijf een tot drie zinnen die de lezer vertellen wat dit inzicht biedt en waarom het voor een manager belangrijk is.",
}
EXAMPLE_BODY = {
    "en": (
        "Start with a situation the reader recognises: what goes wrong, or what could go better, and why it matters to the team.",
        "## What we see in practice",
        "Describe one example from practice: one organisation, one team, one result. Keep it short and concrete.",
        "## What to do on Monday",
        "- A first step a manager can take this week.",
        "- A second step, and what to watch for.",
    ),
    "nl": (
        "Begin met een situatie die de lezer herkent: wat er misgaat, of wat beter kan, en waarom dat voor het team belangrijk is.",
        "## Wat we in de praktijk zien",
        "Beschrijf een voorbeeld uit de praktijk: een organisatie, een team, een resultaat. Houd het kort en concreet.",
        "## Wat u maandag kunt doen",
        "- Een eerste stap die een manager deze week kan zetten.",
        "- Een tweede stap, en waar u op moet letten.",
    ),
}
# Headings of the skeleton may stay: they are good headings. Only the sentences the
# editor must replace count as left-over example text.
_PLACEHOLDERS = frozenset(
    " ".join(line.split())
    for lines in (*EXAMPLE_BODY.values(), tuple(EXAMPLE_SUMMARY.values()))
    for line in lines
    if not line.startswith("#")
)


# One search over a whole body (any spacing) instead of a test per line: bodies are
# checked by the thousand.
_PLACEHOLDER_RE = re.compile("|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(_PLACEHOLDERS)))


def is_placeholder(text: str) -> bool:
    """True when `text` (a summary or one body line) is example text of `insights new`."""
    return " ".join(text.split()) in _PLACEHOLDERS


# The first two words of every example sentence: a plain substring test (fast) that
# most bodies fail, before the regular expression (slower) looks closer.
_HEADS = frozenset(" ".join(p.split()[:2]) for p in _PLACEHOLDERS)


def find_placeholder(text: str) -> int | None:
    """The 0-based line of `text` where example text of `insights new` starts, or None."""
    if not any(head in text for head in _HEADS):
        return None
    match = _PLACEHOLDER_RE.search(text)
    return None if match is None else text.count("\n", 0, match.start())


def new_article(
    *,
    title: str,
    lang: str,
    author: str,
    categories: list[str],
    date: dt.date,
    translation_key: str | None = None,
    translated_from: str | None = None,
    tags: list[str] | None = None,
) -> str:
    """The text of a new insight: front matter in the schema's order, then the body."""
    values: dict[str, object] = {
        "title": title,
        "date": date,
        "author": author,
        "categories": categories,
        "summary": EXAMPLE_SUMMARY[lang],
        "translation_key": translation_key,
        "translated_from": translated_from,
        "tags": tags or None,
        "draft": True,
    }
    lines = ["---"]
    for key in SCHEMA_ORDER:
        value = values.get(key)
        if value is None:
            continue
        if key == "summary":
            lines += ["summary: >-", f"  {value}"]
        elif isinstance(value, dt.date):
            lines.append(f"{key}: {value.isoformat()}")  # YAML would quote it as a string
        elif isinstance(value, list):
            lines.append(f"{key}:")
            lines += [f"  - {_scalar(item)}" for item in value]
        elif isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}")
        else:
            lines.append(f"{key}: {_scalar(value)}")
    lines.append("---")
    body = "\n\n".join(EXAMPLE_BODY[lang][:4]) + "\n\n" + "\n".join(EXAMPLE_BODY[lang][4:])
    return "\n".join(lines) + "\n\n" + body + "\n"


def _scalar(value: object) -> str:
    """One YAML scalar, quoted only when plain text would be read as something else."""
    text = yaml.safe_dump(value, allow_unicode=True, width=10_000, default_flow_style=True)
    return text.removesuffix("\n...\n").rstrip("\n")


def add_translation_key(text: str, key: str) -> str | None:
    """`text` with a `translation_key: key` line added to its front matter, or None
    (also when it has one already)."""
    front, problems = split(text, "original")
    if front is None or problems or "translation_key" in front.data:
        return None
    return set_scalar(text, "translation_key", key)


def set_scalar(text: str, key: str, value: str) -> str | None:
    """`text` with `key: value` in its front matter: its one line replaced, or a line
    inserted at its place in the schema order; or None.

    Everything else stays byte for byte as the editor wrote it (line endings and byte
    order mark included). None when the front matter is not plain enough to edit
    safely (the key spans several lines, or the edit would change what else it means).
    """
    front, problems = split(text, "original")
    if front is None or problems:
        return None
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    new_line = f"{key}: {_scalar(value)}{newline}"
    if key in front.key_lines:
        line = front.key_lines[key]
        if not lines[line - 1].lstrip("\ufeff").startswith(f"{key}:"):
            return None
        lines[line - 1] = new_line
    else:
        later = SCHEMA_ORDER[SCHEMA_ORDER.index(key) + 1 :]
        lines_after = [front.key_lines[k] for k in later if k in front.key_lines]
        # Before the first key that comes after `key`, or before the closing fence.
        line = min(lines_after) if lines_after else front.end_line
        lines.insert(line - 1, new_line)
    changed = "".join(lines)
    # Only accept the edit when the YAML still means the same plus the new value.
    after, problems = split(changed, "original")
    if after is None or problems or after.data != {**front.data, key: value} or after.body != front.body:
        return None
    return changed
