"""`insights translations`: per language, which translations are current, which lag
behind their original, and what is missing; `insights mark-current`: a translation
brought up to date (model/translations.py)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..model import scaffold, translations
from ..model.content import Corpus, load_corpus
from ..model.languages import LANGUAGES, english_name
from ..model.translations import CURRENT, OUTDATED, UNTRACKED, Status, Translation
from .common import (
    CONTENT_OPTION,
    count,
    progress,
    project_folders,
    shown_path,
    site_vocabulary,
    table,
)
from .history import Change, change_since

STATES = (CURRENT, OUTDATED, UNTRACKED)


@click.command(name="translations", short_help="Per language: translations current, outdated and missing.")
@CONTENT_OPTION
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
    help="table: for people; json: the same as data; markdown: for a pull-request comment.",
)
def translations_command(content_dir: Path | None, output_format: str) -> None:
    """Show, per language and per category, which translations are current, which
    lag behind their original (outdated) and which originals are not translated yet.

    A translation is outdated when its original's text changed after the translation
    was made (insights new --translation-of) or last marked current (insights
    mark-current); git history, where there is some, tells how much and since when.
    Files with errors are left out (run 'insights check').

    \b
    Example:
      insights translations
      insights translations --format markdown > status.md
    """
    root, content_dir = project_folders(content_dir)
    vocabulary = site_vocabulary()
    corpus = load_corpus(content_dir, root=root, progress=progress, vocabulary=vocabulary)
    report = translations.status(corpus)
    changes = {
        item.translation.path: change_since(root, item.original.path, item.translation.translated_from or "")
        for item in report.outdated
        if item.original is not None
    }
    data = _data(corpus, report, changes, [c.slug for c in vocabulary])
    if output_format == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    elif output_format == "markdown":
        click.echo(_markdown(data))
    else:
        click.echo(_table(data))
    if corpus.errors:
        broken = len({p.path for p in corpus.errors})
        click.echo(f"{count(broken, 'file')} with errors left out; run 'insights check'.", err=True)


@click.command(name="mark-current", short_help="Record that a translation is up to date with its original.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@CONTENT_OPTION
def mark_current(paths: tuple[Path, ...], content_dir: Path | None) -> None:
    """Record that each translation in PATHS is up to date with its original: writes
    the original's digest into its 'translated_from' (nothing else in the file changes).
    Run it after bringing a translation up to date; 'insights check' and the page's
    notice then stop calling it outdated.

    \b
    Example:
      insights mark-current content/nl/klantloyaliteit.md
    """
    root, content_dir = project_folders(content_dir)
    corpus = load_corpus(content_dir, root=root, progress=progress, vocabulary=site_vocabulary())
    by_path = {a.path: a for a in corpus.articles}
    for path in paths:
        shown = shown_path(path, root)
        article = by_path.get(shown)
        if article is None:
            raise click.ClickException(f"{shown} is not an insight without errors; run 'insights check' on it")
        # The first insight of its key in another language that is no translation itself
        # (for a pair made before translated_from: the other one).
        original = translations.original_of(article, corpus)
        if original is None:
            raise click.ClickException(
                f"{shown} has no original: no insight in another language shares its translation_key "
                f"'{article.translation_key or '-'}' without being a translation itself"
            )
        digest = translations.digest_of(original)
        if article.translated_from == digest:
            click.echo(f"{shown} is already current with {original.path}.")
            continue
        text = path.read_text(encoding="utf-8")
        changed = scaffold.set_scalar(text, "translated_from", digest)
        if changed is None:
            raise click.ClickException(
                f"could not edit the front matter of {shown}; add the line 'translated_from: \"{digest}\"' yourself"
            )
        path.write_bytes(changed.encode("utf-8"))
        click.echo(f"{shown} is now current with {original.path} (translated_from: {digest}).")


# -- the report -------------------------------------------------------------------------


def _entry(item: Translation, change: Change | None) -> dict:
    entry: dict = {
        "path": item.translation.path,
        "title": item.translation.title,
        "original": item.original.path if item.original else None,
        "draft": item.translation.draft,
    }
    if item.state == OUTDATED:
        entry["changed"] = (
            {"since": change.since, "lines_added": change.added, "lines_removed": change.removed} if change else None
        )
    return entry


def _data(corpus: Corpus, report: Status, changes: dict[str, Change | None], categories: list[str]) -> dict:
    data: dict = {}
    for lang in LANGUAGES:
        items = report.translations[lang]
        missing = report.missing[lang]
        per_category: dict[str, dict[str, int]] = {}
        for slug in categories:
            row = {
                state: sum(1 for i in items if i.state == state and slug in i.translation.categories)
                for state in STATES
            }
            row["missing"] = sum(1 for a in missing if slug in a.categories)
            if any(row.values()):
                per_category[slug] = row
        data[lang] = {
            "insights": len(corpus.in_language(lang)),
            **{
                state: [_entry(i, changes.get(i.translation.path)) for i in items if i.state == state]
                for state in STATES
            },
            "missing": [
                {"path": a.path, "title": a.title, "translation_key": a.translation_key, "draft": a.draft}
                for a in missing
            ],
            "categories": per_category,
        }
    return data


def _changed(entry: dict) -> str:
    change = entry.get("changed")
    if change is None:
        return "changed (no history to tell how much)"
    since = f"since {change['since']}" if change["since"] else "not committed yet"
    return f"+{change['lines_added']} -{change['lines_removed']} lines, {since}"


def _table(data: dict) -> str:
    out = []
    for lang in LANGUAGES:
        d = data[lang]
        out.append(
            f"{english_name(lang)}: {len(d[CURRENT])} current, {len(d[OUTDATED])} outdated, "
            f"{len(d[UNTRACKED])} untracked, {len(d['missing'])} missing ({count(d['insights'], 'insight')})"
        )
        if d[OUTDATED]:
            out.append("  Outdated (update, then: insights mark-current PATH):")
            out.append(
                table(["path", "original", "change"], [[e["path"], e["original"], _changed(e)] for e in d[OUTDATED]])
            )
        if d[UNTRACKED]:
            out.append("  Untracked (not known to be current: check, then: insights mark-current PATH):")
            out.append(table(["path", "original"], [[e["path"], e["original"]] for e in d[UNTRACKED]]))
        if d["missing"]:
            out.append("  Missing (insights new TITLE --translation-of PATH):")
            out.append(
                table(
                    ["original", "title"],
                    [[e["path"], e["title"] + (" (draft)" if e["draft"] else "")] for e in d["missing"]],
                )
            )
        out.append("")
    return "\n".join(out)


def _markdown(data: dict) -> str:
    out = [
        "## Translation status",
        "",
        "| language | current | outdated | untracked | missing |",
        "|---|---|---|---|---|",
    ]
    for lang in LANGUAGES:
        d = data[lang]
        out.append(
            f"| {english_name(lang)} | {len(d[CURRENT])} | {len(d[OUTDATED])} | {len(d[UNTRACKED])} | {len(d['missing'])} |"
        )
    for lang in LANGUAGES:
        d = data[lang]
        if not (d[OUTDATED] or d["missing"] or d["categories"]):
            continue
        out += ["", f"### {english_name(lang)}", ""]
        for e in d[OUTDATED]:
            out.append(
                f"- outdated: [`{e['path']}`]({e['path']}) lags behind [`{e['original']}`]({e['original']}): {_changed(e)}"
            )
        for e in d["missing"]:
            out.append(f"- missing: a translation of [`{e['path']}`]({e['path']}) ({_cell(e['title'])})")
        if d["categories"]:
            out += ["", "| category | current | outdated | untracked | missing |", "|---|---|---|---|---|"]
            for slug, row in d["categories"].items():
                out.append(f"| {slug} | {row[CURRENT]} | {row[OUTDATED]} | {row[UNTRACKED]} | {row['missing']} |")
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    """Text inside a Markdown table or list: no pipes or line breaks that would break it."""
    return " ".join(text.replace("|", "\\|").split())
