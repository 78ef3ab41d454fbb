"""How much an original changed since its translation was made, and since when: from
git history, where there is some (a shallow CI clone has little or none; the answer
is then None and the report says only that the original changed)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..model.translations import digest_of_text

# How far back to look for the version a translation was made from.
MAX_COMMITS = 200


@dataclass(frozen=True)
class Change:
    since: str | None  # the day of the first commit that changed it after that version; None: not committed yet
    added: int  # lines, from that version to the file as it is now
    removed: int


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def change_since(root: Path, path: str, digest: str) -> Change | None:
    """The change to the original at `path` (relative to `root`) since its version whose
    digest is `digest`; None when history does not reach that version."""
    log = _git(root, "log", f"-n{MAX_COMMITS}", "--format=%H %cs", "--", path)
    if not log:
        return None
    newer: str | None = None
    for entry in log.splitlines():
        commit, _, day = entry.partition(" ")
        text = _git(root, "show", f"{commit}:{path}")
        if text is not None and digest_of_text(text) == digest:
            numstat = _git(root, "diff", "--numstat", commit, "--", path) or ""
            added = removed = 0
            for line in numstat.splitlines():
                parts = line.split("\t")
                if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit():
                    added, removed = added + int(parts[0]), removed + int(parts[1])
            return Change(newer, added, removed)
        newer = day
    return None
