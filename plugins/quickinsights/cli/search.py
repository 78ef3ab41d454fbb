"""`insights search`: the collection's whoosh index from the terminal."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from ..model import i18n, siteconfig
from ..model.categories import Vocabulary
from ..model.languages import KNOWN, LANGUAGES
from ..model.problems import did_you_mean
from ..search import index as search
from ..search import ranking
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
@click.option(
    "--as-typed",
    is_flag=True,
    help="Search the words as typed: no correction of a word that matches nothing.",
)
@CONTENT_OPTION
def search_command(
    query: str,
    lang: str | None,
    category: str | None,
    limit: int,
    cache_dir: Path | None,
    as_typed: bool,
    content_dir: Path | None,
) -> None:
    """Find insights by their words, best match first: title, language, path, snippet.

    English and Dutch words are matched in all their forms ("organisaties" finds
    "organisatie"), and a Dutch word also finds compounds ("loyaliteit" finds
    "klantloyaliteit"). The index is updated first, for changed files only.
    A word that matches nothing is corrected to the nearest words of the
    collection, as the site's search does; --as-typed searches it as typed.

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
    vocabulary = site_vocabulary(settings)
    index = search.SearchIndex(cache_dir or settings.cache_dir, vocabulary, site_glossary(settings, vocabulary))
    try:
        report = index.sync_files(content_dir, root, index.vocabulary, progress=progress)
        hits = index.search(query, lang=lang, category=slug, limit=limit, correct=not as_typed)
    except search.SearchError as error:
        raise click.ClickException(f"{error.message}\n  hint: {error.hint}" if error.hint else error.message) from error
    if report.unreadable:
        click.echo(f"{count(len(report.unreadable), 'file')} with errors not searched; run 'insights check'.", err=True)
    for line in notes_lines(index.notes, query, lang, category, found=bool(hits)):
        click.echo(line, err=True)
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


def site_glossary(settings: siteconfig.SiteSettings, vocabulary: Vocabulary) -> list[dict[str, list[str]]]:
    """The site's glossary entries with its category labels, as the build searches with
    them (the plugin reads them from the same settings)."""
    try:
        return settings.glossary().search_entries(vocabulary)
    except siteconfig.SiteConfigError as error:
        raise click.ClickException(str(error)) from None


def notes_lines(
    notes: ranking.Notes, query: str, lang: str | None, category: str | None, found: bool = True
) -> list[str]:
    """What the site's search says about a query (search.js showNotes), in its English
    words, on stderr before the results: the words corrected, with the command that
    searches what was typed, and, when something was found, the words found nowhere."""
    lines = []
    if notes.corrections:
        corrected = notes.corrected(query.strip())
        command = f"insights search {shlex.quote(query.strip())} --as-typed"
        command += f" --lang {lang}" if lang else ""
        command += f" --category {shlex.quote(category)}" if category else ""
        lines.append(i18n.t("en", "search_corrected", corrected=f"“{corrected}”"))
        lines.append(i18n.t("en", "search_original", original=f"“{query.strip()}”") + f": {command}")
    if found and notes.missing:
        lines.append(i18n.t("en", "search_missing", words=", ".join(f"‘{w}’" for w in notes.missing)))
    elif found and notes.partial:
        lines.append(i18n.t("en", "search_partial"))
    return lines
