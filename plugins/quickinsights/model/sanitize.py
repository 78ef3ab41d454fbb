"""HTML in insight bodies: what may reach a reader's browser, and what the check reports.

Editors are trusted, but a reviewer can miss one line, and a pasted embed code or a
`javascript:` link would run in every reader's browser on our domain. So an insight's
HTML is held to an allow-list: the HTML our Markdown produces (mkdocs.yml's
extensions: headings with toc permalinks, paragraphs, lists, tables, footnotes,
admonitions, `md_in_html`, `attr_list` classes and ids) plus harmless inline and
structural HTML an editor may write (abbr, sub/sup, kbd, details/summary, figure, ...).
Links go to http(s), mailto or the site itself; images come from the site itself.

Two steps share this one policy:

- `find_disallowed` (run by `insights check`, and so by the build's gate) renders the
  Markdown body as the build does and reports every element, attribute or address the
  policy refuses, at its line in the file. Nothing is removed without an editor being
  told first.
- `sanitize` (run by the build on every insight's rendered body) removes whatever is
  left, with nh3 (the Ammonia sanitizer), so anything the check missed never reaches a
  reader.

A site owner may allow more in mkdocs.yml (`policy_from_options`); some things can
never be allowed (scripts, event handlers, `javascript:` and `data:` addresses).
The policy itself, its tables and the site owner's options are in htmlpolicy.py.
No MkDocs here.
"""

from __future__ import annotations

import html as html_lib
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

import markdown as python_markdown

# Re-exported (`as`): the plugin, its config, checks.py and siteconfig.py use them from here.
from .htmlpolicy import DEFAULT_POLICY as DEFAULT_POLICY
from .htmlpolicy import DEFAULT_TAGS as DEFAULT_TAGS
from .htmlpolicy import NEVER_ATTRIBUTES, NEVER_TAGS, value_problem
from .htmlpolicy import Policy as Policy
from .htmlpolicy import PolicyError as PolicyError
from .htmlpolicy import policy_from_options as policy_from_options
from .links import ID_EXTENSIONS
from .problems import Problem

GUIDE = "see 'HTML in the text' in docs/editors-guide.md"
# For `find_disallowed`'s shortcut: an address with a scheme, after `(` (an inline link)
# or `:` (a reference definition); browsers skip control characters and spaces first.
_SCHEME_IN_MARKDOWN = re.compile(r"[(:][\x00-\x20]*<?[\x00-\x20]*([A-Za-z][A-Za-z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_CODE_SPAN = re.compile(r"`+[^`]*`+")
# MkDocs always adds fenced_code to mkdocs.yml's extensions.
MARKDOWN_EXTENSIONS = (*ID_EXTENSIONS, "fenced_code")


def sanitize(html: str, policy: Policy = DEFAULT_POLICY) -> str:
    """`html` with everything the policy refuses removed (the build's last line of defence)."""
    return policy.cleaner.clean(html)


# -- what the check reports -----------------------------------------------------------


def find_disallowed(
    body: str, first_line: int = 1, policy: Policy = DEFAULT_POLICY, *, path: str = ""
) -> list[Problem]:
    """Every element, attribute and address in a Markdown body that the policy refuses,
    at its line in the file (`first_line` is the body's first line). HTML shown as code
    is text, not HTML, and is not reported."""
    if not _may_hold_disallowed(body, policy):
        return []  # most bodies: no HTML, no braces, no address with another scheme
    rendered = render(body)
    findings = scan(rendered, policy)
    if not findings:
        # Should the check and nh3 ever disagree: say so rather than drop it unseen.
        removed = removed_by_sanitizing(rendered, policy)
        if removed is not None:
            what = f"<{removed}>" if removed else "text"
            hint = f"write it in Markdown, or with the HTML an insight may use ({GUIDE})"
            needles = ((f"<{removed}", "tag"),) if removed else ()
            findings = [_Finding(f"the build would remove {what} from this insight", hint, needles)]
    source = _Source(body)
    problems = []
    for finding in findings:
        offset = source.locate(finding.needles)
        problems.append(Problem(path, first_line + offset, finding.message, finding.hint))
    return list(dict.fromkeys(problems))  # a reference used twice: one message


def render(body: str) -> str:
    """The body's HTML as the build renders it (without MkDocs' link rewriting)."""
    converter = _converter()
    converter.reset()
    return converter.convert(body)


@lru_cache(maxsize=1)
def _converter() -> python_markdown.Markdown:
    return python_markdown.Markdown(
        extensions=list(MARKDOWN_EXTENSIONS), extension_configs={"toc": {"permalink": True}}
    )


def _may_hold_disallowed(body: str, policy: Policy) -> bool:
    """False when the rendered body can only hold what Markdown itself writes: no raw
    HTML (`<`), no attr_list (`{`), no character reference that could spell a scheme
    (`&`), no control character, and no address with a scheme that is not allowed (or,
    for images, any scheme or `//`). Rendering every body would double `insights check`."""
    if "<" in body or "{" in body or "&" in body or _CONTROL.search(body):
        return True
    schemes = {m.group(1).lower() for m in _SCHEME_IN_MARKDOWN.finditer(body)}
    if schemes - policy.url_schemes:
        return True
    return "![" in body and bool(schemes or "//" in body) and not policy.external_media


@dataclass(frozen=True)
class _Finding:
    message: str
    hint: str
    # What to look for in the source, most precise first: ("<iframe", "tag"), ...
    needles: tuple[tuple[str, str], ...]


def scan(html: str, policy: Policy = DEFAULT_POLICY) -> list[_Finding]:
    """What the policy refuses in rendered HTML, in document order."""
    scanner = _Scanner(policy)
    scanner.feed(html)
    scanner.close()
    return scanner.findings


class _Scanner(HTMLParser):
    def __init__(self, policy: Policy) -> None:
        super().__init__(convert_charrefs=True)
        self.policy = policy
        self.findings: list[_Finding] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.policy.tags:
            self.findings.append(
                _Finding(f"raw HTML <{tag}> is not allowed in an insight", _tag_hint(tag), ((f"<{tag}", "tag"),))
            )
            return  # its attributes go with it
        allowed = self.policy.allowed_attributes(tag)
        for name, value in attrs:
            if name not in allowed:
                hint = _attribute_hint(tag, name, allowed)
                self.findings.append(
                    _Finding(
                        f"the HTML attribute '{name}' on <{tag}> is not allowed in an insight", hint, ((name, "word"),)
                    )
                )
                continue
            found = value_problem(self.policy, tag, name, value or "")
            if found:
                message, hint = found
                self.findings.append(_Finding(message, hint, ((value or "", "text"), (name, "word"))))

    handle_startendtag = handle_starttag


_EMBEDS = {"iframe", "frame", "frameset", "object", "embed", "applet", "portal", "fencedframe"}
_FORMS = {
    "form",
    "input",
    "button",
    "select",
    "option",
    "optgroup",
    "textarea",
    "label",
    "fieldset",
    "legend",
    "datalist",
    "output",
    "meter",
    "progress",
}
_MEDIA = {"video", "audio", "source", "track", "picture", "canvas", "svg", "math", "map", "area"}


def _tag_hint(tag: str) -> str:
    if tag in NEVER_TAGS:
        return f"remove it: {NEVER_TAGS[tag]}"
    if tag in _EMBEDS:
        return "an embedded page or plugin runs another site's code inside ours; link to it instead: [Watch the video](https://...)"
    if tag in _FORMS:
        return "an insight cannot hold a form; link to the form on its own page instead: [Sign up](https://...)"
    if tag in _MEDIA:
        return "use an image (![what it shows](img/chart.png)) or a link; a site owner can allow this tag in mkdocs.yml"
    return f"write it in Markdown, or use HTML that an insight may contain ({GUIDE}); HTML meant as an example goes in `code`"


def _attribute_hint(tag: str, name: str, allowed: frozenset[str]) -> str:
    if name.startswith("on"):
        return f"remove it: {name}= is an event handler, which runs script in the reader's browser"
    if name in NEVER_ATTRIBUTES:
        return f"remove it: {NEVER_ATTRIBUTES[name]}; a class the theme knows may do ({{: .class }} after a paragraph)"
    return f"remove it; allowed on <{tag}>: {', '.join(sorted(allowed))}"


def removed_by_sanitizing(html: str, policy: Policy = DEFAULT_POLICY) -> str | None:
    """What sanitizing `html` drops: the tag of the first element that loses itself or
    an attribute, "" when only text goes, None when nothing does. Comments, and what the
    HTML parser adds or moves (a <tbody>, a paragraph closed before a <div>), do not
    count: a browser reads the page the same way."""
    # With `target` allowed nh3 sets rel on every link itself.
    ignored = frozenset({"rel"}) if policy.link_rel else frozenset()
    before, after = _Content(ignored), _Content(ignored)
    before.feed(html)
    after.feed(policy.cleaner.clean(html))
    lost = before.elements - after.elements
    if lost:
        return next(tag for tag, _ in before.order if (tag, _) in lost)
    return "" if before.words != after.words else None


class _Content(HTMLParser):
    def __init__(self, ignored: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.ignored = ignored
        self.order: list[tuple[str, tuple[tuple[str, str], ...]]] = []
        self.elements: Counter[tuple[str, tuple[tuple[str, str], ...]]] = Counter()
        self.words: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = (tag, tuple(sorted((name, value or "") for name, value in attrs if name not in self.ignored)))
        self.order.append(element)
        self.elements[element] += 1

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self.words.update(data.split())


class _Source:
    """The body's lines as an editor sees them, to find what a finding came from;
    fenced code and code spans are blanked (HTML shown as code is not HTML)."""

    def __init__(self, body: str) -> None:
        self.lines: list[str] = []
        in_fence: str | None = None
        for line in body.split("\n"):
            fence = _FENCE.match(line)
            if fence and in_fence is None:
                in_fence = fence.group(1)
                line = ""
            elif fence and fence.group(1) == in_fence:
                in_fence, line = None, ""
            elif in_fence is not None:
                line = ""
            self.lines.append(_CODE_SPAN.sub(lambda m: " " * len(m.group()), line).lower())
        self.decoded = [html_lib.unescape(line) if "&" in line else line for line in self.lines]
        # Per needle, where its last match ended: the second <iframe> is on a later line.
        self.cursor: dict[tuple[str, str], tuple[int, int]] = {}

    def locate(self, needles: tuple[tuple[str, str], ...]) -> int:
        """The 0-based line of the first needle found (0 when none is)."""
        for needle in needles:
            if not needle[0]:
                continue
            for start in (self.cursor.get(needle, (0, 0)), (0, 0)):
                found = self._find(needle, *start)
                if found is not None:
                    self.cursor[needle] = found
                    return found[0]
        return 0

    def _find(self, needle: tuple[str, str], line: int, column: int) -> tuple[int, int] | None:
        text, kind = needle[0].lower(), needle[1]
        for index in range(line, len(self.lines)):
            for lines in (self.lines, self.decoded) if kind == "text" else (self.lines,):
                at = lines[index].find(text, column if index == line else 0)
                while at >= 0:
                    end = at + len(text)
                    if kind == "text" or _is_whole(lines[index], at, end, kind):
                        return index, end
                    at = lines[index].find(text, at + 1)
        return None


def _is_whole(line: str, start: int, end: int, kind: str) -> bool:
    after = line[end : end + 1]
    if after and (after.isalnum() or after in "-_:."):
        return False
    if kind == "word":
        before = line[start - 1 : start]
        return not (before and (before.isalnum() or before in "-_:."))
    return True
