"""What every `insights` command shares: finding the site around the current folder, its
settings and vocabulary, the --content option, progress bars and plain-text tables."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import click

from ..model import siteconfig
from ..model.authors import Authors
from ..model.categories import Vocabulary
from ..model.languages import LANGUAGES

T = TypeVar("T")
# Fewer items than this finish before a progress bar would be worth drawing.
PROGRESS_MIN = 200
CONTENT_OPTION = click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The content folder (default: content/ of the project around the current folder).",
)


def find_project_root(start: Path) -> Path:
    """The nearest folder at or above `start` with a mkdocs.yml or a content/ folder."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file() or (folder / "content").is_dir():
            return folder
    return start


def site_settings() -> siteconfig.SiteSettings:
    """The site around the current folder, read from its mkdocs.yml as the build reads it."""
    try:
        return siteconfig.load(find_project_root(Path.cwd()))
    except siteconfig.SiteConfigError as error:
        raise click.ClickException(str(error)) from None


def site_vocabulary(settings: siteconfig.SiteSettings | None = None) -> Vocabulary:
    """The site's categories (its categories.yml, or the package's default)."""
    try:
        return (settings or site_settings()).vocabulary()
    except siteconfig.SiteConfigError as error:
        raise click.ClickException(str(error)) from None


def site_authors(settings: siteconfig.SiteSettings | None = None) -> Authors | None:
    """The site's author registry (its authors.yml), or None: the site has none."""
    try:
        return (settings or site_settings()).authors()
    except siteconfig.SiteConfigError as error:
        raise click.ClickException(str(error)) from None


def project_folders(content_dir: Path | None) -> tuple[Path, Path]:
    settings = site_settings()
    root = settings.root
    content_dir = content_dir or settings.content_dir
    if not content_dir.is_dir():
        raise click.ClickException(f"no content folder at {content_dir}; run this inside the project or pass --content")
    return root, content_dir


def progress(items: Sequence[T], label: str) -> Iterable[T]:
    """A progress bar on a terminal for long loops; nothing in CI, pipes or logs."""
    if len(items) < PROGRESS_MIN or not sys.stderr.isatty() or os.environ.get("CI"):
        return items
    return _bar(items, label)


def _bar(items: Sequence[T], label: str) -> Iterator[T]:
    with click.progressbar(items, label=label, file=sys.stderr) as bar:
        yield from bar


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)).rstrip()
        for row in [header, *rows]
    ]
    lines.insert(1, "  " + "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def other_language(lang: str) -> str:
    return LANGUAGES.others(lang)[0]


def count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def shown_path(path: Path, root: Path) -> str:
    """`path` as the editor knows it: relative to the site, when it is inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def site_language(lang: str | None) -> str | None:
    """`lang` if the site has it (its mkdocs.yml, read by `site_settings`): the --lang
    choices are every language Quick Insights knows, a site publishes some of them."""
    if lang is not None and lang not in LANGUAGES:
        raise click.ClickException(
            f"this site has no language '{lang}'\n  hint: its languages are {', '.join(LANGUAGES)} "
            "(the i18n plugin's languages in mkdocs.yml)"
        )
    return lang
