"""The `insights` command: a thin click layer over the article model.

Each command is a few lines over a library module (checks, scaffold, linkcheck, ...);
what it prints is for editors. Failures raise `click.ClickException` (or exit 1 after
listing problems), so every failure exits non-zero and none shows a traceback.
"""

from __future__ import annotations

import click

from . import check, init, new, search, translations
from .common import progress as progress  # the commands' progress bars (tests call it)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="quickinsights")
def main() -> None:
    """Quick Insights: check, find and write bilingual insights.

    \b
    Example:
      insights new "Trust grows slowly" --lang en --category leadership
      insights check
    """


for command in (
    init.init,
    check.check,
    new.new,
    translations.translations_command,
    translations.mark_current,
    search.search_command,
    check.linkcheck_command,
):
    main.add_command(command)
