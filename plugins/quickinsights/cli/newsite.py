"""What `insights init` writes: a new site that builds strictly and passes the check.

The files come from `sitetemplate/` beside this module, with a few names filled in;
the categories are the package's default vocabulary, copied so the owner can edit
them. Template files are stored without a leading dot (`gitignore`, `github/`), as
package data globs skip dot files.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from ..model.categories import VOCABULARY_FILE

TEMPLATE_DIR = Path(__file__).with_name("sitetemplate")
# Where a template file lands when its name differs from the site's.
RENAMED = {"gitignore": ".gitignore", "github": ".github"}


class InitError(Exception):
    pass


@dataclass(frozen=True)
class NewSite:
    folder: Path
    files: list[Path]


def package_requirement() -> str:
    """The requirement line that installs this very version of Quick Insights: the git
    commit or the address it was installed from when pip recorded one (PEP 610), else
    the version number."""
    try:
        dist = metadata.distribution("quickinsights")
    except metadata.PackageNotFoundError:  # running from a checkout without install
        return "quickinsights"
    direct = dist.read_text("direct_url.json")
    if direct:
        info = json.loads(direct)
        url = info.get("url", "")
        vcs = info.get("vcs_info")
        if vcs and url and not url.startswith("file:"):
            return f"quickinsights @ {vcs.get('vcs', 'git')}+{url}@{vcs.get('commit_id', '')}".rstrip("@")
        if url.startswith(("https://", "http://")):
            return f"quickinsights @ {url}"
    return f"quickinsights=={dist.version}"


def _target(relative: Path) -> Path:
    first, *rest = relative.parts
    return Path(RENAMED.get(first, first), *rest)


def create_site(
    folder: Path, *, site_name: str, force: bool = False, today: dt.date | None = None, requirement: str | None = None
) -> NewSite:
    """Write a new site into `folder` (made if missing). Refuses a folder that holds
    anything unless `force`; even then no existing file is overwritten."""
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{folder} is a file, not a folder")
    existing = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    if existing and not force:
        shown = ", ".join(existing[:5]) + (", ..." if len(existing) > 5 else "")
        raise InitError(
            f"{folder} is not empty ({shown}); nothing was written\n"
            "  hint: choose a new folder, or pass --force to add the site's files to it (no file is overwritten)"
        )
    site_name = " ".join(site_name.split())
    if not site_name or re.search(r"[\x00-\x1f\x7f]", site_name):
        raise InitError("the site name must be plain text on one line")
    values = {
        "site_name": site_name,
        "date": (today or dt.date.today()).isoformat(),
        "package": requirement or package_requirement(),
    }
    plan: list[tuple[Path, str]] = []
    for source in sorted(p for p in TEMPLATE_DIR.rglob("*") if p.is_file()):
        text = source.read_text(encoding="utf-8")
        if source.suffix in {".yml", ".md", ".txt"} and not source.parts[-3:-1] == ("github", "workflows"):
            text = _fill(text, values, yaml=source.name == "mkdocs.yml")
        plan.append((folder / _target(source.relative_to(TEMPLATE_DIR)), text))
    plan.append((folder / "categories.yml", VOCABULARY_FILE.read_text(encoding="utf-8")))
    clashes = [path for path, _ in plan if path.exists()]
    if clashes:
        raise InitError(
            f"{clashes[0]} already exists; nothing was written\n"
            "  hint: insights init never overwrites a file; move it away or start in an empty folder"
        )
    for path, text in plan:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    return NewSite(folder, [path for path, _ in plan])


def _fill(text: str, values: dict[str, str], *, yaml: bool) -> str:
    def value(match: re.Match[str]) -> str:
        found = values[match.group(1)]
        # In YAML a JSON string is a quoted scalar: any colon or quote in a name is safe.
        return json.dumps(found, ensure_ascii=False) if yaml else found

    return re.sub(r"\{\{(\w+)\}\}", value, text)
