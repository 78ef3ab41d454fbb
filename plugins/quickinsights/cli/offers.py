"""What `insights new` offers beyond the title: adding an unknown author to the
registry (authors.yml) and the tags, matched against the collection's own spellings.

Asked only when the command runs in a terminal; otherwise the flags decide, so
scripts and CI never wait for an answer.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from ..model import authors as authors_file
from ..model.authors import Authors
from ..model.content import Article
from ..model.problems import did_you_mean
from ..model.tags import MAX_TAG, preferred, spellings, tag_slug

# How many of the language's most used tags the prompt shows.
SUGGESTED_TAGS = 8


def interactive() -> bool:
    """True when a person can answer: both ends of the command are a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def unknown_author(name: str, registry: Authors | None, add: bool, path: Path | None) -> str | None:
    """The entry to add to authors.yml for `name`, None when none is needed; refuses
    (with a did-you-mean) an unknown author the editor does not want to add."""
    if registry is None or registry.resolve(name) is not None:
        return None
    guess = did_you_mean(name, registry.names)
    hint = f"did you mean '{guess}'? " if guess else ""
    if not add and interactive():
        add = click.confirm(
            f"'{name}' is not in {path.name if path else 'authors.yml'}. {hint}Add them?", default=False
        )
        if add:
            return authors_file.new_entry(
                name,
                role=click.prompt("Role (optional)", default="", show_default=False),
                organisation=click.prompt("Organisation (optional)", default="", show_default=False),
                country=click.prompt("Country (optional)", default="", show_default=False),
            )
    if not add:
        raise click.UsageError(
            f"unknown author '{name}'; {hint}Pass --author with a name from authors.yml, "
            "or --add-author to add them to it"
        )
    return authors_file.new_entry(name)


def add_author(path: Path, entry: str) -> None:
    text = path.read_bytes().decode("utf-8")
    path.write_bytes(authors_file.append_entry(text, entry).encode("utf-8"))


def tags(names: list[str], articles: Sequence[Article], lang: str) -> list[str]:
    """The new insight's tags, each in the spelling the collection already uses."""
    used = spellings(articles)
    here = spellings(a for a in articles if a.lang == lang)
    if not names and interactive():
        common = sorted(here, key=lambda slug: -sum(here[slug].values()))[:SUGGESTED_TAGS]
        shown = ", ".join(preferred(here[slug]) for slug in common)
        answer = click.prompt(
            "Tags, separated by commas (optional" + (f"; used often: {shown}" if shown else "") + ")",
            default="",
            show_default=False,
        )
        names = [part for part in answer.split(",") if part.strip()]
    result: list[str] = []
    for name in names:
        tag = " ".join(name.split())
        slug = tag_slug(tag)
        if not slug or len(tag) > MAX_TAG:
            raise click.BadParameter(
                f"'{tag}' is not a tag: a word or two, at most {MAX_TAG} characters", param_hint="'--tag'"
            )
        if slug in used:
            written = preferred(used[slug])
            if written != tag:
                click.echo(f"Tag '{tag}' is written '{written}' in the other insights; using that.")
                tag = written
        else:
            guess = did_you_mean(slug, list(here))
            if guess:
                click.echo(f"Note: the tag '{tag}' is new; did you mean '{preferred(here[guess])}'?")
        if tag_slug(tag) not in {tag_slug(t) for t in result}:
            result.append(tag)
    return result
