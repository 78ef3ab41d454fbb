"""Problems found in content, and how they are shown to editors.

A `Problem` is plain data: which file, which line, what is wrong and how to fix it.
The validator produces them; the CLI and the MkDocs plugin only format them, so an
editor sees the same words whichever tool found the problem.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str
    hint: str = ""
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def format(self) -> str:
        """`path:line: message` then an indented hint line, as compilers do."""
        prefix = "" if self.is_error else "warning: "
        text = f"{self.path}:{self.line}: {prefix}{self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def format_github(self) -> str:
        """A GitHub Actions workflow command, shown as an annotation on the file."""
        kind = "error" if self.is_error else "warning"
        message = self.message + (f" (hint: {self.hint})" if self.hint else "")
        return f"::{kind} file={_escape_property(self.path)},line={self.line}::{_escape_data(message)}"


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.path, p.line, p.severity, p.message))


def format_human(problems: Iterable[Problem]) -> str:
    return "\n".join(p.format() for p in problems)


def format_github(problems: Iterable[Problem]) -> str:
    return "\n".join(p.format_github() for p in problems)


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice to a mistyped word, or None when nothing is close."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _escape_data(text: str) -> str:
    # GitHub's workflow-command escaping (actions/toolkit, command.ts).
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
