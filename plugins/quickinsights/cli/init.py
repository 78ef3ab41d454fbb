"""`insights init`: a new site."""

from __future__ import annotations

from pathlib import Path

import click

from . import newsite
from .common import (
    count,
)


@click.command(short_help="Make a new site: configuration, categories, an example insight pair, workflows.")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--name", "site_name", default="Quick Insights", show_default=True, help="The site's name (mkdocs.yml's site_name)."
)
@click.option(
    "--force", is_flag=True, help="Add the site's files to a folder that is not empty (no file is overwritten)."
)
@click.option(
    "--requirement",
    metavar="SPEC",
    help="What requirements.txt installs (default: this version of Quick Insights, from where it was installed).",
)
def init(folder: Path, site_name: str, force: bool, requirement: str | None) -> None:
    """Make a new Quick Insights site in FOLDER, ready to build and publish.

    Writes mkdocs.yml, categories.yml (the default vocabulary, yours to edit), authors.yml,
    content/en/ and content/nl/ with home and about pages and one example insight
    in both languages, requirements.txt, the pull-request check and GitHub Pages
    workflows, a README and a .gitignore. The new site passes `insights check` and
    `mkdocs build --strict` as it is. A folder that is not empty is refused unless
    --force is given; an existing file is never overwritten.

    \b
    Example:
      insights init my-insights --name "Acme Insights"
      cd my-insights && mkdocs serve
    """
    try:
        site = newsite.create_site(folder, site_name=site_name, force=force, requirement=requirement)
    except newsite.InitError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created a Quick Insights site in {folder} ({count(len(site.files), 'file')}).")
    click.echo(
        "Next:\n"
        f"  cd {folder}\n"
        "  insights check        # every insight checked, as pull requests are\n"
        "  mkdocs serve          # preview on http://127.0.0.1:8000\n"
        "Then edit categories.yml, authors.yml and mkdocs.yml, and replace the example insight with your own."
    )
