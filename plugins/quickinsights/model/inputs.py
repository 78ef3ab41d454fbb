"""Safe inputs: which files in the content folder may be published, and what their
text may hold.

MkDocs publishes every file below its docs_dir (our content folder): Markdown files
become pages, everything else is copied as it is, and links are followed. So a link
to `/etc/passwd` is published like an image, and a Markdown file outside
`content/<lang>/` becomes a page that nothing has checked. `scan_content` walks the
folder as MkDocs does and sorts what it finds into insights, site pages, assets and
problems, before anything is built.

The text checks (nesting too deep to render, invisible control characters and
bidirectional controls) are in safetext.py.
No MkDocs here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .languages import LANGUAGES
from .problems import Problem

# Re-exported (`as`): content.py, links.py, cli/new.py and the tests use them from here.
from .safetext import UNSAFE as UNSAFE
from .safetext import body_problems as body_problems
from .safetext import character_name as character_name
from .safetext import character_problems as character_problems
from .safetext import describe as describe
from .safetext import first_unsafe as first_unsafe
from .safetext import nesting_problem as nesting_problem
from .safetext import value_problems as value_problems

# What MkDocs reads as Markdown (mkdocs.utils.markdown_extensions); compared in lower
# case here, so that `x.MD` (which MkDocs would copy as raw text) is named too.
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")
# Files in a language folder that are site pages, not insights.
PAGE_FILES = ("index.md", "about.md")


# -- the files of the content folder -------------------------------------------------


@dataclass
class ContentFiles:
    """What the build would publish from the content folder, sorted by kind."""

    insights: list[tuple[str, Path, str]] = field(default_factory=list)  # (lang, path, shown)
    pages: list[tuple[str, Path, str]] = field(default_factory=list)  # index.md, about.md
    problems: list[Problem] = field(default_factory=list)


def scan_content(content_dir: Path, shown_dir: str) -> ContentFiles:
    """Every file MkDocs would publish from `content_dir`, as it walks the folder
    (links followed, names starting with '.' skipped, as MkDocs' default exclusion).

    `shown_dir` is the folder as editors see it in messages (e.g. 'content'). A link
    may point to a file or folder inside the content folder; a link out of it, a link
    that leads nowhere and anything that is not a file or folder are refused, and so is
    a Markdown file anywhere but `content/<lang>/<slug>.md`.
    """
    found = ContentFiles()
    base = content_dir.resolve()
    _walk(content_dir, "", base, (base,), shown_dir.rstrip("/"), found)
    order = {lang: i for i, lang in enumerate(LANGUAGES)}
    found.insights.sort(key=lambda item: (order[item[0]], item[1].name))
    found.pages.sort(key=lambda item: (order[item[0]], item[1].name))
    return found


def _walk(folder: Path, rel: str, base: Path, chain: tuple[Path, ...], shown_dir: str, found: ContentFiles) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        found.problems.append(
            Problem(
                f"{shown_dir}/{rel}".rstrip("/"),
                1,
                f"cannot read the folder: {error.strerror}",
                "check the folder's permissions",
            )
        )
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue  # never published: MkDocs excludes '.*' (and so do editors' tools)
        path = Path(entry.path)
        name = f"{rel}{entry.name}"
        shown = f"{shown_dir}/{name}"
        is_link = entry.is_symlink()
        if is_link:
            problem = _check_link(path, shown, base)
            if problem is not None:
                found.problems.append(problem)
                continue
        if entry.is_dir():
            real = path.resolve()
            if real in chain:
                found.problems.append(
                    Problem(
                        shown,
                        1,
                        f"the folder is a link to '{os.readlink(path)}', a folder that contains it",
                        "the site would contain the folder again and again; remove the link",
                    )
                )
                continue
            _walk(path, f"{name}/", base, (*chain, real), shown_dir, found)
        elif entry.is_file():
            _sort_file(name, path, shown, found)
        else:
            found.problems.append(
                Problem(
                    shown,
                    1,
                    "this is not a regular file (a pipe, socket or device), which the site cannot publish",
                    "remove it from the content folder",
                )
            )


def _check_link(path: Path, shown: str, base: Path) -> Problem | None:
    """A problem when the link at `path` leads out of the content folder, or nowhere."""
    target = os.readlink(path)
    real = path.resolve()
    kind = "folder" if path.is_dir() else "file"
    if not real.is_relative_to(base):
        return Problem(
            shown,
            1,
            f"the {kind} is a link to '{target}', outside the content folder",
            "the build publishes every file in the content folder, and what a link points to with it; "
            f"copy the {kind} into the content folder instead, or remove the link",
        )
    if not real.exists():
        return Problem(
            shown,
            1,
            f"the file is a link to '{target}', which does not exist",
            "remove the link, or point it to a file in the content folder",
        )
    return None


def _sort_file(name: str, path: Path, shown: str, found: ContentFiles) -> None:
    """Insight, site page, asset, or a Markdown file in a place the site does not check."""
    folder, _, file_name = name.rpartition("/")
    if not file_name.lower().endswith(MARKDOWN_SUFFIXES):
        return  # an image or another asset: copied as it is, wherever it is
    stem, suffix = file_name.rsplit(".", 1)
    where = "content/en/<slug>.md or content/nl/<slug>.md"
    if folder in LANGUAGES and suffix == "md":
        kind = found.pages if file_name in PAGE_FILES else found.insights
        kind.append((folder, path, shown))
        return
    unchecked = "the site would publish it as a page without any check"
    if folder in LANGUAGES:
        message = f"a Markdown file ending in '.{suffix}', which the site would publish as a page without any check"
        hint = f"insights end in '.md': rename it to {stem}.md"
    elif folder.split("/", 1)[0] in LANGUAGES:
        lang = folder.split("/", 1)[0]
        message = f"a Markdown file in a subfolder of content/{lang}/, where {unchecked}"
        hint = f"insights go directly in content/{lang}/ (content/{lang}/<slug>.md): move it there; images and other files may stay in subfolders"
    else:
        message = f"a Markdown file outside content/en/ and content/nl/, where {unchecked}"
        hint = f"insights go in {where}: move it there, or delete it"
    found.problems.append(Problem(shown, 1, message, hint))
