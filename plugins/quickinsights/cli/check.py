"""`insights check` and `insights linkcheck`: the checks that pull requests run."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..model import checks, clock, linkcheck, siteconfig
from ..model.languages import LANGUAGES, english_name
from ..model.problems import Problem, format_github, format_human
from .common import (
    CONTENT_OPTION,
    count,
    progress,
    project_folders,
    shown_path,
    site_authors,
    site_settings,
    site_vocabulary,
)


@click.command(short_help="Check every insight, as the build and pull requests do.")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@CONTENT_OPTION
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["human", "github", "json"]),
    default="human",
    show_default=True,
    help="human: path:line: message and a hint; github: workflow annotations; json: counts and a list of problems.",
)
def check(paths: tuple[Path, ...], content_dir: Path | None, output_format: str) -> None:
    """Check every insight, as the build and the pull-request check do.

    Checks the front matter, the body's language against its folder, duplicate
    titles, links between insights, dates in the future and left-over example text.
    Prints each problem as `path:line: message` with a hint on the next line, and
    exits 1 when there is an error. Warnings alone exit 0.

    With PATHS, all insights are still checked (links and duplicates need them all),
    but only problems in those files or folders are shown.

    \b
    Example:
      insights check
      insights check content/nl/klantloyaliteit-begint-binnen.md
      insights check --format github
    """
    root, content_dir = project_folders(content_dir)
    settings = site_settings()
    try:
        policy = settings.html_policy()
    except siteconfig.SiteConfigError as error:
        raise click.ClickException(str(error)) from None
    try:
        today = clock.today()
    except clock.ClockError as error:
        raise click.ClickException(str(error)) from None
    corpus = checks.validate(
        content_dir,
        root=root,
        today=today,
        progress=progress,
        vocabulary=site_vocabulary(settings),
        html_policy=policy,
        authors=site_authors(settings),
    )
    problems = corpus.problems
    if paths:
        wanted = [shown_path(path, root) for path in paths]
        problems = [p for p in problems if any(p.path == w or p.path.startswith(w.rstrip("/") + "/") for w in wanted)]
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    if output_format == "json":
        click.echo(
            json.dumps(
                {
                    "files": corpus.file_count,
                    "errors": len(errors),
                    "warnings": len(warnings),
                    "problems": [_problem_json(p) for p in problems],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        if problems:
            click.echo(format_github(problems) if output_format == "github" else format_human(problems))
        broken = {p.path for p in corpus.errors}
        sound = [a for a in corpus.articles if a.path not in broken]
        per_language = [f"{sum(a.lang == lang for a in sound)} {english_name(lang)}" for lang in LANGUAGES]
        languages_said = " and ".join(
            [", ".join(per_language[:-1]), per_language[-1]] if len(per_language) > 1 else per_language
        )
        summary = (
            f"{count(corpus.file_count, 'insight file')} checked "
            f"({languages_said} without errors): "
            f"{count(len(errors), 'error')}, {count(len(warnings), 'warning')}."
        )
        click.echo(summary, err=output_format == "github")
        scheduled = sorted(
            (a.date, a.path) for a in corpus.articles if not a.draft and clock.is_scheduled(a.date, today)
        )
        if scheduled:
            listed = ", ".join(f"{path} ({date.isoformat()})" for date, path in scheduled)
            click.echo(
                f"Scheduled: {listed}: published by the first build on or after its date.",
                err=output_format == "github",
            )
        if problems and output_format == "human":
            click.echo('Each message is explained in docs/editors-guide.md, "What the messages mean".')
    sys.exit(1 if errors else 0)


def _problem_json(problem: Problem) -> dict:
    return {
        "path": problem.path,
        "line": problem.line,
        "severity": problem.severity,
        "message": problem.message,
        "hint": problem.hint,
    }


@click.command(name="linkcheck", short_help="Check every link of a built site, offline.")
@click.argument("site_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--site-url",
    envvar="SITE_URL",
    default="http://127.0.0.1:8000/",
    show_default=True,
    help="The address the site was built for: $SITE_URL when it is set, as in mkdocs.yml.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["human", "github"]),
    default="human",
    show_default=True,
    help="human: path:line: message and a hint; github: workflow annotations.",
)
def linkcheck_command(site_dir: Path, site_url: str, output_format: str) -> None:
    """Check that every link inside a built site leads to a page, file or anchor.

    Reads every HTML page below SITE_DIR; links to other hosts are not followed
    (no network is needed). Exits 1 when a link is broken.

    \b
    Example:
      mkdocs build --strict && insights linkcheck site/
    """
    report = linkcheck.check_site(site_dir, site_url, shown_as=site_dir.as_posix(), progress=progress)
    if report.problems:
        click.echo(format_github(report.problems) if output_format == "github" else format_human(report.problems))
    click.echo(
        f"{report.pages} pages, {report.internal} internal links checked ({report.external} to other sites not followed): "
        f"{count(len(report.problems), 'broken link')}.",
        err=output_format == "github",
    )
    sys.exit(1 if report.problems else 0)
