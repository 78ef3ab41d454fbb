"""A site's own YAML files (categories.yml, glossary.yml): read and parsed with every
failure as one `Problem` at the file's line, for the loaders to raise as their own
error (categories.VocabularyError, glossary.GlossaryError). No MkDocs here."""

from __future__ import annotations

from pathlib import Path

import yaml

from .problems import Problem


class FileProblem(Exception):
    """A file that cannot be used: where, what, and how to fix it."""

    def __init__(self, path: str, line: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.problem = Problem(path, line, message, hint)

    def __str__(self) -> str:
        return self.problem.format()


def line_of(node: yaml.Node) -> int:
    """The 1-based line a YAML node starts on."""
    return node.start_mark.line + 1


def read_text(path: Path, shown: str, name: str, missing_hint: str, error: type[FileProblem]) -> str:
    """The UTF-8 text of `path` (`shown` in messages, `name` such as 'categories file')."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise error(shown, 1, f"the {name} does not exist", missing_hint) from None
    except OSError as failure:
        raise error(shown, 1, f"cannot read the {name}: {failure.strerror}", "check the file's permissions") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as failure:
        line = data.count(b"\n", 0, failure.start) + 1
        raise error(
            shown, line, f"the file is not UTF-8 text (byte {data[failure.start]:#04x})", "save the file as UTF-8"
        ) from None


def compose(text: str, source: str, example: str, error: type[FileProblem]) -> yaml.Node | None:
    """The node tree of `text` (None when empty), or `error` at the line of bad YAML."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as failure:
        mark = failure.problem_mark or failure.context_mark
        raise error(
            source,
            mark.line + 1 if mark else 1,
            f"invalid YAML: {failure.problem or failure.context}",
            "check the indentation and the quotes on this line and the one before; " + example,
        ) from None
    except yaml.YAMLError as failure:  # e.g. a character YAML does not allow
        raise error(source, 1, f"invalid YAML: {failure}", "save the file as UTF-8 text") from None
