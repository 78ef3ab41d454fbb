"""`insights search`: the collection's whoosh index from the terminal."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..model.languages import KNOWN, LANGUAGES
from ..model.problems import did_you_mean
from ..search import index as search
from .common import (
    CONTENT_OPTION,
    count,
    progress,
    project_folders,
    site_language,
    site_settings,
    site_vocabulary,
)


@click.command(name="search")
@click.argument("query")
@click.option("--lang", type=click.Choice(tuple(KNOWN)), help="Only insights in this language.")
@click.option("--category", metavar="SLUG", help="Only insights in this category (its slug in either language).")
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True, help="At most this many results.")
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the index is kept (default: .cache/quickinsights/ in the project).",
)
@CONTENT_OPTION
def search_command(
    query: str, lang: str | None, category: str | None, limit: int, cache_dir: Path | None, content_dir: Path | None
) -> None:
    """Find insights by their words, best match first: title, language, path, snippet.

    English and Dutch words are matched in all their forms ("organisaties" finds
    "organisatie"), and a Dutch word also finds compounds ("loyaliteit" finds
    "klantloyaliteit"). The index is updated first, for changed files only.

    \b
    Example:
      insights search "customer loyalty"
      insights search loyaliteit --lang nl --category klantloyaliteit
    """
    root, content_dir = project_folders(content_dir)
    site_language(lang)
    slug = None
    if category:
        vocabulary = site_vocabulary()
        resolved = vocabulary.resolve(category)
        if resolved is None:
            guess = did_you_mean(category, vocabulary.all_names)
            names = vocabulary.names_for(lang or LANGUAGES.default)
            raise click.ClickException(
                f"unknown category '{category}'\n  hint: "
                + (f"did you mean '{guess}'? " if guess else "")
                + f"Allowed: {', '.join(names)} (or the same in the other language)"
            )
        slug = resolved.slug
    settings = site_settings()
    index = search.SearchIndex(cache_dir or settings.cache_dir, site_vocabulary(settings))
    try:
        report = index.sync_files(content_dir, root, index.vocabulary, progress=progress)
        hits = index.search(query, lang=lang, category=slug, limit=limit)
    except search.SearchError as error:
        raise click.ClickException(f"{error.message}\n  hint: {error.hint}" if error.hint else error.message) from error
    if report.unreadable:
        click.echo(f"{count(len(report.unreadable), 'file')} with errors not searched; run 'insights check'.", err=True)
    if not hits:
        click.echo("No insights found.", err=True)
        return
    styled = sys.stdout.isatty()
    for number, hit in enumerate(hits, 1):
        about = f"{hit.lang}, draft" if hit.draft else hit.lang
        click.echo(f"{number}. {click.style(hit.title, bold=True) if styled else hit.title} ({about})")
        click.echo(f"   {hit.path}")
        snippet = "".join(click.style(text, bold=True) if mark and styled else text for text, mark in hit.snippet_parts)
        click.echo(f"   {snippet}")
