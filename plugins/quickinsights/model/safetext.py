"""Safe text: what a Markdown body and the values of its front matter may hold.

These checks keep out what the build cannot render or a reader cannot see: nesting so
deep that Python-Markdown's recursion fails, invisible control characters, and the
bidirectional controls that show text in another order than it is written. They run on
the files inputs.py finds in the content folder (and on what an editor types for
`insights new`); their names are importable from inputs.py too. No MkDocs here.
"""

from __future__ import annotations

import re
import unicodedata

from .frontmatter import FrontMatter
from .problems import Problem

# -- characters ------------------------------------------------------------------------

# C0 controls except tab, line feed and carriage return; DEL; C1 controls; and the
# bidirectional embeddings, overrides and isolates (the "Trojan Source" characters).
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Control characters have no name in unicodedata, only aliases (NameAliases.txt).
_CONTROL_NAMES = (
    "NULL",
    "START OF HEADING",
    "START OF TEXT",
    "END OF TEXT",
    "END OF TRANSMISSION",
    "ENQUIRY",
    "ACKNOWLEDGE",
    "BELL",
    "BACKSPACE",
    "CHARACTER TABULATION",
    "LINE FEED",
    "LINE TABULATION",
    "FORM FEED",
    "CARRIAGE RETURN",
    "SHIFT OUT",
    "SHIFT IN",
    "DATA LINK ESCAPE",
    "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO",
    "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR",
    "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK",
    "CANCEL",
    "END OF MEDIUM",
    "SUBSTITUTE",
    "ESCAPE",
    "INFORMATION SEPARATOR FOUR",
    "INFORMATION SEPARATOR THREE",
    "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE",
)
_C1_NAMES = (
    "PADDING CHARACTER",
    "HIGH OCTET PRESET",
    "BREAK PERMITTED HERE",
    "NO BREAK HERE",
    "INDEX",
    "NEXT LINE",
    "START OF SELECTED AREA",
    "END OF SELECTED AREA",
    "CHARACTER TABULATION SET",
    "CHARACTER TABULATION WITH JUSTIFICATION",
    "LINE TABULATION SET",
    "PARTIAL LINE FORWARD",
    "PARTIAL LINE BACKWARD",
    "REVERSE LINE FEED",
    "SINGLE SHIFT TWO",
    "SINGLE SHIFT THREE",
    "DEVICE CONTROL STRING",
    "PRIVATE USE ONE",
    "PRIVATE USE TWO",
    "SET TRANSMIT STATE",
    "CANCEL CHARACTER",
    "MESSAGE WAITING",
    "START OF GUARDED AREA",
    "END OF GUARDED AREA",
    "START OF STRING",
    "SINGLE GRAPHIC CHARACTER INTRODUCER",
    "SINGLE CHARACTER INTRODUCER",
    "CONTROL SEQUENCE INTRODUCER",
    "STRING TERMINATOR",
    "OPERATING SYSTEM COMMAND",
    "PRIVACY MESSAGE",
    "APPLICATION PROGRAM COMMAND",
)
# Lines of one file reported for characters; a binary file would give a message a line.
MAX_CHARACTER_LINES = 10


def character_name(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE', 'U+0000 NULL'."""
    code = ord(char)
    if code < 0x20:
        name = _CONTROL_NAMES[code]
    elif code == 0x7F:
        name = "DELETE"
    elif 0x80 <= code <= 0x9F:
        name = _C1_NAMES[code - 0x80]
    else:
        name = unicodedata.name(char, "")
    return f"U+{code:04X} {name}".rstrip()


def describe(char: str) -> str:
    """The character, named, and what kind of character it is."""
    if 0x202A <= ord(char) <= 0x2069:
        return f"{character_name(char)}, an invisible bidirectional control character"
    return f"{character_name(char)}, an invisible control character"


def character_hint(char: str) -> str:
    if 0x202A <= ord(char) <= 0x2069:
        return (
            "delete it (retype the text around it if you cannot see it): it shows the text after it in "
            "another order than it is written, so readers could see something other than what reviewers read"
        )
    if 0x80 <= ord(char) <= 0x9F:
        return (
            "delete it, and type the character it probably was (a quote, a dash or '…') again: text from "
            "Windows programs read in the wrong encoding leaves these characters"
        )
    return "delete it (retype the text around it if you cannot see it); it usually comes with text copied from another program"


def unsafe_characters(text: str) -> list[str]:
    """Each kind of character in `text` that may not be published, by code point (the
    order in which problems of one line are sorted)."""
    return sorted(set(UNSAFE.findall(text)))


def first_unsafe(text: str) -> str | None:
    """The first character of `text` that may not be published, or None."""
    match = UNSAFE.search(text)
    return match.group() if match else None


def character_problems(text: str, first_line: int, path: str, what: str = "the text") -> list[Problem]:
    """A problem for each unsafe character (each kind once a line) of `text`."""
    if not UNSAFE.search(text):
        return []  # nearly every file: one search, no lines
    problems = []
    lines = [(offset, line) for offset, line in enumerate(text.split("\n")) if UNSAFE.search(line)]
    for offset, line in lines[:MAX_CHARACTER_LINES]:
        for char in unsafe_characters(line):
            problems.append(
                Problem(path, first_line + offset, f"{what} contains {describe(char)}", character_hint(char))
            )
    if len(lines) > MAX_CHARACTER_LINES:
        rest = len(lines) - MAX_CHARACTER_LINES
        offset = lines[MAX_CHARACTER_LINES][0]
        problems.append(
            Problem(
                path,
                first_line + offset,
                f"{rest} more line{'s' if rest != 1 else ''} from here on contain invisible control characters",
                "is this a text file? Delete the characters, or save the text again as plain UTF-8",
            )
        )
    return problems


def value_problems(front: FrontMatter, path: str) -> list[Problem]:
    """A problem for each front matter value (or list item) with an unsafe character.

    YAML refuses control characters typed as they are, but not written as escapes in
    quotes ("\\0", "\\a"), and it allows the bidirectional controls."""
    problems = []
    for key, value in front.data.items():
        items = value if isinstance(value, list) else [value]
        lines = front.item_lines.get(str(key), []) if isinstance(value, list) else []
        for i, item in enumerate(items):
            line = lines[i] if i < len(lines) else front.line_of(str(key))
            for char in unsafe_characters("\n".join(_strings(item))):
                problems.append(Problem(path, line, f"'{key}' contains {describe(char)}", character_hint(char)))
    return problems


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    if isinstance(value, dict):
        return [text for pair in value.items() for item in pair for text in _strings(item)]
    return []


def body_problems(body: str, first_line: int, path: str) -> list[Problem]:
    """What a Markdown body may not hold: unsafe characters, nesting too deep to render."""
    problems = character_problems(body, first_line, path)
    nesting = nesting_problem(body, first_line, path)
    return problems + [nesting] if nesting else problems


# -- nesting ---------------------------------------------------------------------------

# Python-Markdown parses nested lists, quotes and `markdown` HTML blocks by recursion,
# and fails (RecursionError) at a few hundred levels, sooner inside a build; 200 levels
# of lists already take half a second. No reader follows more than a handful of levels.
MAX_NESTING = 20
TAB_LENGTH = 4  # Python-Markdown's: a nested list is indented by four more columns
# The characters a line's nesting is written with; a line can only be nested deeper
# than MAX_NESTING when it starts with more of them than that (one search per body).
_DEEP_START = re.compile(rf"^[ \t>*+\-.)0-9]{{{MAX_NESTING + 1},}}", re.MULTILINE)
_NESTING_TOKEN = re.compile(r"[ \t]+|>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)")
# Python-Markdown's fenced_code: fences at the start of a line, closed by the same fence.
_FENCE_OPEN = re.compile(r"^(`{3,}|~{3,})")
_HTML_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*?)(/?)>")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_MARKDOWN_ATTRIBUTE = re.compile(r"""\smarkdown(?:\s*=\s*["']?(?:1|block|span)["']?)?(?=[\s/]|$)""")


def line_depth(line: str) -> int:
    """How deeply `line` is nested by its start: one level per '>', per list marker and
    per four columns of indentation (the space after a marker is no indentation)."""
    depth = columns = pos = 0
    after = ""  # the token before: a marker's own space is not indentation
    while True:
        token = _NESTING_TOKEN.match(line, pos)
        if token is None:
            return depth + columns // TAB_LENGTH
        text = token.group()
        if text[0] in " \t":
            width = len(text.expandtabs(TAB_LENGTH))
            columns += 0 if after == "marker" else width - 1 if after == ">" else width
        else:
            depth += 1
        after = "space" if text[0] in " \t" else ">" if text == ">" else "marker"
        pos = token.end()


def nesting_problem(body: str, first_line: int, path: str) -> Problem | None:
    """A problem at the first line nested deeper than MAX_NESTING, else None.

    Measured on the Markdown source, before anything is rendered, so that the check
    stays cheap and never meets the recursion it guards against.
    """
    html = "markdown" in body
    if not html and not _DEEP_START.search(body):
        return None  # nearly every body
    lines = body.split("\n")
    fenced = _fenced_lines(lines)
    open_tags: list[tuple[str, bool]] = []  # inside `markdown` HTML blocks: (tag, has markdown)
    for offset, line in enumerate(lines):
        if offset in fenced:
            continue
        if html:
            _follow_tags(line, open_tags)
        depth = line_depth(line) + sum(markdown for _, markdown in open_tags)
        if depth > MAX_NESTING:
            return Problem(
                path,
                first_line + offset,
                f"lists, quotes or indentation nested {depth} levels deep; the limit is {MAX_NESTING}",
                "start a new list or paragraph instead of indenting further: readers cannot follow so many "
                "levels, and the site cannot render them",
            )
    return None


def _fenced_lines(lines: list[str]) -> set[int]:
    """The lines inside closed fenced code blocks: fenced_code takes them out before any
    nesting is parsed. An unclosed fence is no fence to Python-Markdown."""
    inside: set[int] = set()
    start: int | None = None
    fence = ""
    for i, line in enumerate(lines):
        if start is None:
            match = _FENCE_OPEN.match(line)
            if match:
                start, fence = i, match.group(1)
        elif line.rstrip(" ") == fence:
            inside.update(range(start, i + 1))
            start = None
    return inside


def _follow_tags(line: str, open_tags: list[tuple[str, bool]]) -> None:
    """Keep the stack of open HTML elements that are, or are inside, `markdown` blocks."""
    for closing, tag, attributes, self_closing in _HTML_TAG.findall(line):
        tag = tag.lower()
        if closing:
            if open_tags and open_tags[-1][0] == tag:
                open_tags.pop()
        elif not self_closing and tag not in _VOID:
            markdown = bool(_MARKDOWN_ATTRIBUTE.search(" " + attributes))
            if markdown or open_tags:
                open_tags.append((tag, markdown))
