"""The `insights` command: a thin click layer over the article model.

Each command is a few lines over a library module (checks, scaffold, linkcheck, ...);
what it prints is for editors. Failures raise `click.ClickException` (or exit 1 after
listing problems), so every failure exits non-zero and none shows a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import click

from ..model import checks, inputs, linkcheck, scaffold, siteconfig
from ..model.categories import LANGUAGES, Vocabulary
from ..model.content import MAX_TITLE, RESERVED_SLUGS, SLUG_RE, Article, load_article, load_corpus, slugify
from ..model.problems import Problem, did_you_mean, format_github, format_human
from ..search import index as search
from . import newsite

T = TypeVar("T")
# Fewer items than this finish before a progress bar would be worth drawing.
PROGRESS_MIN = 200
LANGUAGE_NAMES = {"en": "English", "nl": "Dutch"}
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


def _settings() -> siteconfig.SiteSettings:
    """The site around the current folder, read from its mkdocs.yml as the build reads it."""
    try:
        return siteconfig.load(find_project_root(Path.cwd()))
    except siteconfig.SiteConfigError as error:
        raise click.ClickException(str(error)) from None


def _vocabulary(settings: siteconfig.SiteSettings | None = None) -> Vocabulary:
    """The site's categories (its categories.yml, or the package's default)."""
    try:
        return (settings or _settings()).vocabulary()
    except siteconfig.SiteConfigError as error:
        raise click.ClickException(str(error)) from None


def _project(content_dir: Path | None) -> tuple[Path, Path]:
    settings = _settings()
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="quickinsights")
def main() -> None:
    """Quick Insights: check, find and write bilingual insights.

    \b
    Example:
      insights new "Trust grows slowly" --lang en --category leadership
      insights check
    """


@main.command(short_help="Make a new site: configuration, categories, an example insight pair, workflows.")
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

    Writes mkdocs.yml, categories.yml (the default vocabulary, yours to edit),
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
    click.echo(f"Created a Quick Insights site in {folder} ({_count(len(site.files), 'file')}).")
    click.echo(
        "Next:\n"
        f"  cd {folder}\n"
        "  insights check        # every insight checked, as pull requests are\n"
        "  mkdocs serve          # preview on http://127.0.0.1:8000\n"
        "Then edit categories.yml and mkdocs.yml, and replace the example insight with your own."
    )


@main.command(short_help="Check every insight, as the build and pull requests do.")
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
    root, content_dir = _project(content_dir)
    settings = _settings()
    try:
        policy = settings.html_policy()
    except siteconfig.SiteConfigError as error:
        raise click.ClickException(str(error)) from None
    corpus = checks.validate(
        content_dir, root=root, progress=progress, vocabulary=_vocabulary(settings), html_policy=policy
    )
    problems = corpus.problems
    if paths:
        wanted = [_shown(path, root) for path in paths]
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
        english = sum(a.lang == "en" for a in sound)
        summary = (
            f"{_count(corpus.file_count, 'insight file')} checked "
            f"({english} English and {len(sound) - english} Dutch without errors): "
            f"{_count(len(errors), 'error')}, {_count(len(warnings), 'warning')}."
        )
        click.echo(summary, err=output_format == "github")
        if problems and output_format == "human":
            click.echo('Each message is explained in docs/editors-guide.md, "What the messages mean".')
    sys.exit(1 if errors else 0)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _problem_json(problem: Problem) -> dict:
    return {
        "path": problem.path,
        "line": problem.line,
        "severity": problem.severity,
        "message": problem.message,
        "hint": problem.hint,
    }


@main.command(short_help="Start a new insight (a draft), or a translation.")
@click.argument("title")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
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
@click.option("--slug", help="The file name without .md (default: made from the title).")
@CONTENT_OPTION
def new(
    title: str,
    lang: str | None,
    category_names: tuple[str, ...],
    original_path: Path | None,
    author: str | None,
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
    """
    root, content_dir = _project(content_dir)
    vocabulary = _vocabulary()
    _refuse_unsafe(title, "'TITLE'")
    _refuse_unsafe(author, "'--author'")
    _refuse_unsafe(slug, "'--slug'")
    for name in category_names:
        _refuse_unsafe(name, "'--category'")
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
                f"{original.path} is already {LANGUAGE_NAMES[lang]}; a translation needs --lang {_other(lang)}"
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
    if slug in RESERVED_SLUGS or (lang == "en" and slug in LANGUAGES):
        raise click.UsageError(f"the file name '{slug}.md' is reserved for a page of the site; pass another --slug")
    target = content_dir / lang / f"{slug}.md"
    if target.exists():
        raise click.ClickException(
            f"{_shown(target, root)} already exists; nothing was written. Choose another title or pass --slug"
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
                f"{existing.path} is already the {LANGUAGE_NAMES[lang]} translation of {original.path}; nothing was written"
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

    text = scaffold.new_article(
        title=title, lang=lang, author=author, categories=categories, date=dt.date.today(), translation_key=key
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
        handle.write(text)
    click.echo(f"Created {_shown(target, root)} (a draft, not published until you set 'draft: false').")
    if edited_original is not None and original_path is not None and original is not None:
        original_path.write_bytes(edited_original.encode("utf-8"))
        click.echo(f"Added 'translation_key: {key}' to {original.path}, so the two are linked as translations.")
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
    article, problems = load_article(path, lang, _shown(path, root), _vocabulary())
    if article is None:
        raise click.ClickException(f"fix {_shown(path, root)} before translating it:\n" + format_human(problems))
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


def _other(lang: str) -> str:
    return next(x for x in LANGUAGES if x != lang)


@main.command(short_help="List the insights without a translation, per language.")
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
    root, content_dir = _project(content_dir)
    corpus = load_corpus(content_dir, root=root, progress=progress, vocabulary=_vocabulary())
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
            other = LANGUAGE_NAMES[_other(lang)]
            click.echo(
                f"{LANGUAGE_NAMES[lang]}: {len(missing[lang])} of {len(corpus.in_language(lang))} insights have no {other} translation"
            )
            if missing[lang]:
                click.echo(
                    _table(
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


@main.command(name="search")
@click.argument("query")
@click.option("--lang", type=click.Choice(LANGUAGES), help="Only insights in this language.")
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
    root, content_dir = _project(content_dir)
    slug = None
    if category:
        vocabulary = _vocabulary()
        resolved = vocabulary.resolve(category)
        if resolved is None:
            guess = did_you_mean(category, vocabulary.all_names)
            names = vocabulary.names_for(lang or "en")
            raise click.ClickException(
                f"unknown category '{category}'\n  hint: "
                + (f"did you mean '{guess}'? " if guess else "")
                + f"Allowed: {', '.join(names)} (or the same in the other language)"
            )
        slug = resolved.slug
    settings = _settings()
    index = search.SearchIndex(cache_dir or settings.cache_dir, _vocabulary(settings))
    try:
        report = index.sync_files(content_dir, root, index.vocabulary, progress=progress)
        hits = index.search(query, lang=lang, category=slug, limit=limit)
    except search.SearchError as error:
        raise click.ClickException(f"{error.message}\n  hint: {error.hint}" if error.hint else error.message) from error
    if report.unreadable:
        click.echo(
            f"{_count(len(report.unreadable), 'file')} with errors not searched; run 'insights check'.", err=True
        )
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


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)).rstrip()
        for row in [header, *rows]
    ]
    lines.insert(1, "  " + "  ".join("-" * w for w in widths))
    return "\n".join(lines)


@main.command(name="linkcheck", short_help="Check every link of a built site, offline.")
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
        f"{_count(len(report.problems), 'broken link')}.",
        err=output_format == "github",
    )
    sys.exit(1 if report.problems else 0)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
