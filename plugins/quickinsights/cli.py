"""The `insights` command: a thin click layer over the article model."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .content import load_corpus
from .problems import format_github, format_human, format_json


def find_project_root(start: Path) -> Path:
    """The nearest folder at or above `start` with a mkdocs.yml or a content/ folder."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file() or (folder / "content").is_dir():
            return folder
    return start


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="quickinsights")
def main() -> None:
    """Quick Insights: check, find and write bilingual insights.

    \b
    Example:
      insights check
    """


@main.command()
@click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The content folder (default: content/ of the project around the current folder).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["human", "github", "json"]),
    default="human",
    show_default=True,
    help="human: path:line: message and a hint; github: workflow annotations; json: a list of problems.",
)
def check(content_dir: Path | None, output_format: str) -> None:
    """Validate every insight's front matter and the links between translations.

    Prints each problem as `path:line: message` with a hint on the next line, and
    exits 1 when there is an error. Warnings alone exit 0.

    \b
    Example:
      insights check
      insights check --format github
    """
    root = find_project_root(Path.cwd())
    content_dir = content_dir or root / "content"
    if not content_dir.is_dir():
        raise click.ClickException(f"no content folder at {content_dir}; run this inside the project or pass --content")
    corpus = load_corpus(content_dir, root=root)
    problems = corpus.problems
    if output_format == "json":
        click.echo(format_json(problems))
    elif output_format == "github":
        if problems:
            click.echo(format_github(problems))
    elif problems:
        click.echo(format_human(problems))
    errors, warnings = len(corpus.errors), len(corpus.warnings)
    summary = (
        f"{corpus.file_count} insight files checked "
        f"({len(corpus.in_language('en'))} English and {len(corpus.in_language('nl'))} Dutch without errors): "
        f"{_count(errors, 'error')}, {_count(warnings, 'warning')}."
    )
    if output_format != "json":
        click.echo(summary, err=output_format == "github")
    sys.exit(1 if errors else 0)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
