"""`insights new`: a new insight as a draft, or the translation of one."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import click

from ..model import inputs, scaffold, translations
from ..model.content import MAX_TITLE, RESERVED_SLUGS, SLUG_RE, Article, load_article, load_corpus, slugify
from ..model.languages import KNOWN, LANGUAGES, english_name
from ..model.problems import did_you_mean, format_human
from . import offers
from .common import (
    CONTENT_OPTION,
    other_language,
    project_folders,
    shown_path,
    site_authors,
    site_language,
    site_settings,
    site_vocabulary,
)


@click.command(short_help="Start a new insight (a draft), or a translation.")
@click.argument("title")
@click.option(
    "--lang",
    type=click.Choice(tuple(KNOWN)),
    help="The language of the new insight (default with --translation-of: the other language).",
)
@click.option(
    "--category",
    "category_names",
    multiple=True,
    metavar="SLUG",
    help="A category; repeat for more. With --translation-of: default the original's.",
)
@click.option(
    "--translation-of",
    "original_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The insight this one translates: links the two with a translation_key.",
)
@click.option("--author", help="The author's name (default: the original's author, or your git user.name).")
@click.option(
    "--add-author",
    is_flag=True,
    help="Add the author to authors.yml when they are not in it yet (asked when run in a terminal).",
)
@click.option("--tag", "tag_names", multiple=True, metavar="TAG", help="A tag (optional); repeat for more.")
@click.option("--slug", help="The file name without .md (default: made from the title).")
@CONTENT_OPTION
def new(
    title: str,
    lang: str | None,
    category_names: tuple[str, ...],
    original_path: Path | None,
    author: str | None,
    add_author: bool,
    tag_names: tuple[str, ...],
    slug: str | None,
    content_dir: Path | None,
) -> None:
    """Start a new insight: writes content/<lang>/<slug>.md as a draft.

    The file has today's date, the front matter in the guide's order, example text to
    replace, and `draft: true`, so it is never published unfinished. An existing file
    is never overwritten.

    \b
    Example:
      insights new "Trust grows slowly" --lang en --category leadership
      insights new "Vertrouwen groeit langzaam" --translation-of content/en/trust-grows-slowly.md
      insights new "Listening to complaints" --lang en --category customer-loyalty --tag complaints
    """
    root, content_dir = project_folders(content_dir)
    settings = site_settings()
    site_language(lang)
    vocabulary = site_vocabulary(settings)
    registry = site_authors(settings)
    _refuse_unsafe(title, "'TITLE'")
    _refuse_unsafe(author, "'--author'")
    _refuse_unsafe(slug, "'--slug'")
    for name in category_names:
        _refuse_unsafe(name, "'--category'")
    for name in tag_names:
        _refuse_unsafe(name, "'--tag'")
    title = " ".join(title.split())
    if not title:
        raise click.UsageError("the title is empty")
    if len(title) > MAX_TITLE:
        raise click.UsageError(f"the title is {len(title)} characters long; the limit is {MAX_TITLE}")
    original: Article | None = None
    if original_path is not None:
        original = _load_original(original_path, root)
        lang = lang or next(x for x in LANGUAGES if x != original.lang)
        if lang == original.lang:
            raise click.UsageError(
                f"{original.path} is already {english_name(lang)}; a translation needs --lang {other_language(lang)}"
            )
    if lang is None:
        raise click.UsageError("say which language the insight is in: --lang en or --lang nl")

    names = list(category_names) or ([vocabulary.get(c).slug_in(lang) for c in original.categories] if original else [])
    if not names:
        raise click.UsageError(
            "name at least one category with --category; allowed: " + ", ".join(vocabulary.names_for(lang))
        )
    categories = []
    for name in names:
        category = vocabulary.resolve(name)
        if category is None:
            guess = did_you_mean(name, vocabulary.all_names)
            hint = f"did you mean '{vocabulary.resolve(guess).slug_in(lang)}'? " if guess else ""  # type: ignore[union-attr]
            raise click.UsageError(
                f"unknown category '{name}'; {hint}allowed: " + ", ".join(vocabulary.names_for(lang))
            )
        if category.slug_in(lang) not in categories:
            categories.append(category.slug_in(lang))

    slug = slug or slugify(title)
    if not SLUG_RE.match(slug):
        raise click.UsageError(
            f"'{slug}' is not a valid file name; pass --slug with lower-case letters, digits and hyphens"
        )
    if slug in RESERVED_SLUGS or (lang == LANGUAGES.default and slug in KNOWN):
        raise click.UsageError(f"the file name '{slug}.md' is reserved for a page of the site; pass another --slug")
    target = content_dir / lang / f"{slug}.md"
    if target.exists():
        raise click.ClickException(
            f"{shown_path(target, root)} already exists; nothing was written. Choose another title or pass --slug"
        )

    corpus = load_corpus(content_dir, root=root, vocabulary=vocabulary)
    same_title = next((a for a in corpus.in_language(lang) if a.title.casefold() == title.casefold()), None)
    if same_title:
        raise click.ClickException(f"{same_title.path} already has the title '{same_title.title}'; nothing was written")

    key = None
    edited_original = None
    if original is not None:
        key = original.translation_key or _free_key(original.slug, corpus.articles)
        existing = next((a for a in corpus.in_language(lang) if key and a.translation_key == key), None)
        if existing:
            raise click.ClickException(
                f"{existing.path} is already the {english_name(lang)} translation of {original.path}; nothing was written"
            )
        if not original.translation_key:
            text = original_path.read_bytes().decode("utf-8")  # type: ignore[union-attr]
            edited_original = scaffold.add_translation_key(text, key)
            if edited_original is None:
                raise click.ClickException(
                    f"could not add a translation_key to {original.path}; add the line 'translation_key: {key}' "
                    "to its front matter yourself and run this command again"
                )
    author = author or (original.author if original else None) or _git_user()
    if not author:
        raise click.UsageError('who is the author? Pass --author "Your Name" (or set git\'s user.name)')
    _refuse_unsafe(author, "the author (from git's user.name, or the original)")
    new_author = offers.unknown_author(author, registry, add_author, settings.authors_file)
    tags = offers.tags(list(tag_names), corpus.articles, lang)

    text = scaffold.new_article(
        title=title,
        lang=lang,
        author=author,
        categories=categories,
        date=dt.date.today(),
        translation_key=key,
        # What the translation is made from: a later change to the original makes it outdated.
        translated_from=translations.digest_of(original) if original is not None else None,
        tags=tags,
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
        handle.write(text)
    click.echo(f"Created {shown_path(target, root)} (a draft, not published until you set 'draft: false').")
    if edited_original is not None and original_path is not None and original is not None:
        original_path.write_bytes(edited_original.encode("utf-8"))
        click.echo(f"Added 'translation_key: {key}' to {original.path}, so the two are linked as translations.")
    if new_author is not None and settings.authors_file is not None:
        offers.add_author(settings.authors_file, new_author)
        click.echo(f"Added {author} to {shown_path(settings.authors_file, root)}; add a bio there for their page.")
    click.echo(
        "Next: replace the example text, run 'insights check', preview with 'make serve', "
        "then set 'draft: false' and open a pull request."
    )


def _refuse_unsafe(value: str | None, what: str) -> None:
    """Control and bidirectional characters would be written into the file (and
    refused by `insights check` there): refuse them here, where they were typed."""
    char = inputs.first_unsafe(value or "")
    if char is not None:
        raise click.BadParameter(f"it contains {inputs.describe(char)}; type it again without", param_hint=what)


def _load_original(path: Path, root: Path) -> Article:
    lang = path.resolve().parent.name
    if lang not in LANGUAGES:
        raise click.UsageError(f"{path} is not an insight in content/en/ or content/nl/")
    article, problems = load_article(path, lang, shown_path(path, root), site_vocabulary())
    if article is None:
        raise click.ClickException(f"fix {shown_path(path, root)} before translating it:\n" + format_human(problems))
    return article


def _free_key(slug: str, articles: list[Article]) -> str:
    """The original's slug as translation key, unless another insight already uses it."""
    used = {a.translation_key for a in articles}
    key, n = slug, 2
    while key in used:
        key, n = f"{slug}-{n}", n + 1
    return key


def _git_user() -> str | None:
    try:
        result = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None
