"""`insights translations`: what each language lacks."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..model.content import load_corpus
from ..model.languages import LANGUAGES
from .common import (
    CONTENT_OPTION,
    LANGUAGE_NAMES,
    other_language,
    progress,
    project_folders,
    site_vocabulary,
    table,
)


@click.command(short_help="List the insights without a translation, per language.")
@CONTENT_OPTION
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table: for people; json: the same as data.",
)
def translations(content_dir: Path | None, output_format: str) -> None:
    """List the insights that have no translation yet, per language.

    An insight counts as translated when an insight in the other language has the
    same translation_key. Files with errors are left out (run 'insights check').

    \b
    Example:
      insights translations
      insights translations --format json
    """
    root, content_dir = project_folders(content_dir)
    corpus = load_corpus(content_dir, root=root, progress=progress, vocabulary=site_vocabulary())
    missing = {
        lang: [a for a in sorted(corpus.in_language(lang), key=lambda a: a.path) if corpus.translation_of(a) is None]
        for lang in LANGUAGES
    }
    if output_format == "json":
        data = {
            lang: {
                "insights": len(corpus.in_language(lang)),
                "untranslated": [
                    {"path": a.path, "title": a.title, "translation_key": a.translation_key, "draft": a.draft}
                    for a in missing[lang]
                ],
            }
            for lang in LANGUAGES
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        for lang in LANGUAGES:
            other = LANGUAGE_NAMES[other_language(lang)]
            click.echo(
                f"{LANGUAGE_NAMES[lang]}: {len(missing[lang])} of {len(corpus.in_language(lang))} insights have no {other} translation"
            )
            if missing[lang]:
                click.echo(
                    table(
                        ["path", "title", "translation_key"],
                        [
                            [a.path, a.title + (" (draft)" if a.draft else ""), a.translation_key or "-"]
                            for a in missing[lang]
                        ],
                    )
                )
            click.echo()
    if corpus.errors:
        broken = len({p.path for p in corpus.errors})
        click.echo(f"{broken} file{'s' if broken != 1 else ''} with errors left out; run 'insights check'.", err=True)
