"""Our own, strict front matter parser.

MkDocs silently renders a broken YAML block as text, and PyYAML quietly keeps the last
of two equal keys. Here a file either yields a mapping with the line of every key, or
`Problem`s that say where and what is wrong. Dates stay text here, so that the model
can tell "not a date" from "2025-02-30" in words an editor understands.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from .problems import Problem

FENCE = "---"


@dataclass
class FrontMatter:
    data: dict
    # 1-based line in the file of each top-level key, and of each item of list values.
    key_lines: dict[str, int]
    item_lines: dict[str, list[int]]
    body: str
    body_line: int
    end_line: int = 1

    def line_of(self, key: str, default: int = 1) -> int:
        return self.key_lines.get(key, default)


class _DuplicateKey(yaml.MarkedYAMLError):
    def __init__(self, key: object, first: int, mark: yaml.Mark):
        super().__init__(problem=f"duplicate key '{key}'", problem_mark=mark)
        self.key, self.first, self.mark = key, first, mark


class _Strict(yaml.constructor.SafeConstructor):
    """Refuses duplicate keys (and, with the resolvers below, leaves dates as text)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[object, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.get(key)
            except TypeError:  # an unhashable key; SafeLoader reports it below
                continue
            if first is not None:
                raise _DuplicateKey(key, first, key_node.start_mark)
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


class _StrictLoader(_Strict, yaml.SafeLoader):
    """Pure Python: its messages are the ones editors read (and the tests pin)."""


# libyaml's parser (PyYAML's C extension), with the same constructor and resolvers: the
# same data from a seventh of the time (2.8 s against 0.4 s for 4,000 front matters).
# Only a front matter that parses is read with it; one that does not is read again by
# _StrictLoader, so that every message stays the same whether libyaml is there or not.
_FastLoader: type[yaml.CSafeLoader] | None = None
if yaml.__with_libyaml__:

    class _CStrictLoader(_Strict, yaml.CSafeLoader):
        pass

    _FastLoader = _CStrictLoader

# Without the timestamp resolver, `2025-02-30` stays the string the editor wrote.
_RESOLVERS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
_StrictLoader.yaml_implicit_resolvers = _RESOLVERS
if _FastLoader is not None:
    _FastLoader.yaml_implicit_resolvers = _RESOLVERS


def _parse_fast(yaml_text: str) -> tuple[yaml.Node | None, object] | None:
    """The node and data of a front matter that libyaml parses; None when it does not
    (or libyaml is missing): the pure-Python loader then says what is wrong."""
    if _FastLoader is None:
        return None
    loader = _FastLoader(yaml_text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    except (yaml.YAMLError, ValueError):
        return None
    finally:
        loader.dispose()


def split(text: str, path: str) -> tuple[FrontMatter | None, list[Problem]]:
    """Split a Markdown file into its parsed front matter and its body."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        return None, [
            Problem(
                path,
                1,
                "the file does not start with front matter",
                "put a YAML block between two '---' lines at the very top; see docs/editors-guide.md",
            )
        ]
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (FENCE, "...")), None)
    if end is None:
        return None, [
            Problem(
                path,
                1,
                "the front matter is not closed",
                "add a line with '---' after the last front matter key",
            )
        ]
    yaml_text = "\n".join(lines[1:end])
    offset = 2  # the YAML starts on the file's second line
    fast = _parse_fast(yaml_text)
    if fast is not None:
        node, data = fast
        return _front_matter(node, data, lines, end, path)
    try:
        loader = _StrictLoader(yaml_text)
    except yaml.reader.ReaderError as error:
        # The reader refuses control characters before any parsing starts.
        line = yaml_text.count("\n", 0, error.position) + offset
        code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "?")
        return None, [
            Problem(
                path,
                line,
                f"the front matter contains an invisible control character (U+{code:04X}) that YAML does not allow",
                "delete the character; retype the line if you cannot see it",
            )
        ]
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except _DuplicateKey as error:
        line = error.mark.line + offset
        first = error.first + offset
        key = error.key
        return None, [
            Problem(
                path,
                line,
                f"duplicate key '{key}' (first defined on line {first})",
                f"keep one '{key}' line and delete the other",
            )
        ]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + offset if mark is not None else offset
        reason = getattr(error, "problem", None) or str(error)
        context, context_mark = getattr(error, "context", None), getattr(error, "context_mark", None)
        if context and context_mark is not None and context_mark.line + offset != line:
            # "while parsing a flow sequence": say where that sequence started.
            reason += f" ({context} that starts on line {context_mark.line + offset})"
        return None, [
            Problem(
                path,
                line,
                f"invalid YAML in front matter: {reason}",
                "check indentation and colons; put text that contains ': ' or starts with a quote, '[' or '{' in quotes",
            )
        ]
    finally:
        loader.dispose()
    return _front_matter(node, data, lines, end, path)


def _front_matter(
    node: yaml.Node | None, data: object, lines: list[str], end: int, path: str
) -> tuple[FrontMatter | None, list[Problem]]:
    offset = 2
    if data is None:
        data = {}
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        return None, [
            Problem(
                path,
                offset,
                f"the front matter must be a mapping of keys to values, not {kind}",
                "write one 'key: value' per line, for example 'title: My insight'",
            )
        ]
    key_lines: dict[str, int] = {}
    item_lines: dict[str, list[int]] = {}
    # A mapping node only: "null" or "~" is an empty front matter, not a mapping node.
    for key_node, value_node in node.value if isinstance(node, yaml.MappingNode) else ():
        key = str(key_node.value)
        key_lines[key] = key_node.start_mark.line + offset
        if isinstance(value_node, yaml.SequenceNode):
            item_lines[key] = [item.start_mark.line + offset for item in value_node.value]
    body = "\n".join(lines[end + 1 :])
    return FrontMatter(data, key_lines, item_lines, body, body_line=end + 2, end_line=end + 1), []
