"""HTML in insight bodies: `insights check` reports what the policy refuses at its line,
the build removes it even when the check is bypassed, and what Markdown and editors
legitimately write comes out unchanged (sanitize.py)."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, build_site, make_project
from hypothesis import example, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import Abort, PluginError
from quickinsights.model import sanitize
from quickinsights.model.content import load_corpus
from quickinsights.model.sanitize import DEFAULT_POLICY, PolicyError, find_disallowed, policy_from_options

INSIGHTS = str(Path(sys.executable).with_name("insights"))

FRONT = """---
title: "Probes"
date: 2026-01-05
author: Anna de Vries
categories: [leadership]
summary: "A short summary."
---
"""
OPENING = (
    "Leaders who keep their promises build trust with their teams, one honest conversation at a time, "
    "and the customers notice the difference long before any survey does."
)
# Each probe on its own line, with what `insights check` says about it.
PROBES = [
    ("<script>alert(1)</script>", ["raw HTML <script> is not allowed in an insight"]),
    ("<img src=x onerror=alert(1)>", ["the HTML attribute 'onerror' on <img> is not allowed in an insight"]),
    ('<iframe src="https://evil.example/"></iframe>', ["raw HTML <iframe> is not allowed in an insight"]),
    (
        '<form action="https://evil.example/"><input name="q"></form>',
        ["raw HTML <form> is not allowed in an insight", "raw HTML <input> is not allowed in an insight"],
    ),
    (
        "A [Markdown link](javascript:alert(1)) here.",
        ["link to 'javascript:alert(1)': javascript: addresses are not allowed in an insight"],
    ),
    (
        'A <a href="javascript:alert(2)">raw link</a> here.',
        ["link to 'javascript:alert(2)': javascript: addresses are not allowed in an insight"],
    ),
    (
        "A [Markdown page](data:text/html;base64,PHNjcmlwdD4=) here.",
        ["link to 'data:text/html;base64,PHNjcmlwdD4=': data: addresses are not allowed in an insight"],
    ),
    (
        'A <a href="data:text/html;base64,PHNjcmlwdD4=">raw page</a> here.',
        ["link to 'data:text/html;base64,PHNjcmlwdD4=': data: addresses are not allowed in an insight"],
    ),
    (
        'A [styled](https://example.org/){: onclick="alert(4)" } link.',
        ["the HTML attribute 'onclick' on <a> is not allowed in an insight"],
    ),
    (
        "![A chart](https://tracker.example/pixel.png)",
        ["image 'https://tracker.example/pixel.png' is on another site; an insight shows files of the site only"],
    ),
]
# HTML shown as code is text: never reported, also when the same HTML appears for real.
AS_CODE = [
    "Write `<iframe>` or `<script>` in a code span to show it.",
    "```html",
    '<iframe src="x"></iframe>',
    "<script>alert(5)</script>",
    "```",
]
MARKERS = (
    "alert(",
    "onerror",
    "onclick",
    "<iframe",
    "<form",
    "<input",
    "javascript:",
    "data:text/html",
    "tracker.example",
)


def probe_file() -> tuple[str, list[tuple[int, str]]]:
    """The probe insight, and the (line, message) pairs expected for it."""
    lines = FRONT.splitlines() + ["", OPENING, ""]
    lines += AS_CODE[:1] + [""] + AS_CODE[1:] + [""]
    expected = []
    for html, messages in PROBES:
        lines += [html, ""]
        expected += [(len(lines) - 1, message) for message in messages]
    return "\n".join(lines) + "\n", expected


def project_with(tmp_path: Path, files: dict[str, str]) -> Path:
    for lang in ("en", "nl"):
        (tmp_path / "content" / lang).mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


# -- insights check -------------------------------------------------------------------


def test_insights_check_reports_every_probe_at_its_line(tmp_path):
    text, expected = probe_file()
    project = project_with(tmp_path, {"content/en/probes.md": text})
    result = subprocess.run([INSIGHTS, "check"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 1
    reported = [
        (int(line), message)
        for line, message in re.findall(r"^content/en/probes\.md:(\d+): (.*)$", result.stdout, re.MULTILINE)
    ]
    assert reported == sorted(expected)
    assert "Traceback" not in result.stdout + result.stderr
    hints = dict(re.findall(r"^content/en/probes\.md:\d+: (.*)\n  hint: (.*)$", result.stdout, re.MULTILINE))
    assert hints["raw HTML <iframe> is not allowed in an insight"] == (
        "an embedded page or plugin runs another site's code inside ours; link to it instead: [Watch the video](https://...)"
    )
    assert hints["the HTML attribute 'onerror' on <img> is not allowed in an insight"] == (
        "remove it: onerror= is an event handler, which runs script in the reader's browser"
    )
    assert hints["link to 'javascript:alert(1)': javascript: addresses are not allowed in an insight"] == (
        "a javascript: address runs script when it is clicked; link to an http(s) address, a mailto: address or a file of the site"
    )


def test_lines_follow_the_front_matter_and_repeated_html(tmp_path):
    body = "First line of text.\n\n<iframe></iframe>\n\n`<iframe>` as code\n\n<iframe></iframe>\n"
    problems = find_disallowed(body, 12, path="content/en/x.md")
    assert [p.format() for p in problems] == [
        "content/en/x.md:14: raw HTML <iframe> is not allowed in an insight\n"
        "  hint: an embedded page or plugin runs another site's code inside ours; link to it instead: [Watch the video](https://...)",
        "content/en/x.md:18: raw HTML <iframe> is not allowed in an insight\n"
        "  hint: an embedded page or plugin runs another site's code inside ours; link to it instead: [Watch the video](https://...)",
    ]


def test_an_address_spelled_with_character_references_is_read_as_the_browser_reads_it():
    problems = find_disallowed(
        'Text.\n\nA [spelled](&#106;avascript:alert(3)) link, <a href="jav&#x09;ascript:x">too</a>.\n', 8
    )
    assert [(p.line, p.message) for p in problems] == [
        (10, "link to 'javascript:alert(3)': javascript: addresses are not allowed in an insight"),
        (10, "link to 'jav\tascript:x': javascript: addresses are not allowed in an insight"),
    ]
    assert "script:" not in sanitize.sanitize(
        sanitize.render('[spelled](&#106;avascript:alert(3)) <a href="jav&#x09;ascript:x">too</a>')
    )


@pytest.mark.parametrize(
    "body",
    [
        "`<script>alert(1)</script>` is how not to do it.",
        "```\n<script>alert(1)</script>\n```",
        '~~~html\n<iframe src="https://x.example/"></iframe>\n~~~',
        "Text.\n\n    <form><input></form>\n",
        "Write &lt;script&gt; to show a tag; 3 < 4 and R&D are text.",
    ],
    ids=["code span", "fence", "tilde fence", "indented code", "escaped"],
)
def test_html_shown_as_code_or_text_is_not_reported(body):
    assert find_disallowed(body) == []


def test_a_problem_the_scanner_misses_is_still_reported(monkeypatch):
    # The check's own reading and nh3's could differ one day: the editor hears of it.
    monkeypatch.setattr(sanitize, "scan", lambda html, policy=DEFAULT_POLICY: [])
    problems = find_disallowed("Text.\n\n<iframe></iframe>\n", 8, path="content/en/x.md")
    assert [(p.line, p.message) for p in problems] == [(10, "the build would remove <iframe> from this insight")]


# -- the build ------------------------------------------------------------------------


def main_of(html: str) -> str:
    start = html.index('role="main"')
    return html[start : html.index("</main>", start)]


def test_the_strict_build_fails_with_the_same_messages(tmp_path, caplog):
    text, expected = probe_file()
    project = make_project(tmp_path, {"content/en/probes.md": text})
    with pytest.raises((PluginError, Abort)):
        build_site(project)
    for line, message in expected:
        assert f"content/en/probes.md:{line}: {message}\n  hint: " in caplog.text
    assert f"{len(expected)} problems in the content; nothing was built" in caplog.text
    assert "Traceback" not in caplog.text


def test_the_build_removes_every_probe_when_the_check_is_bypassed(tmp_path, monkeypatch):
    monkeypatch.setattr(sanitize, "find_disallowed", lambda *args, **kwargs: [])
    text, _ = probe_file()
    site = build_site(make_project(tmp_path, {"content/en/probes.md": text}))
    main = main_of((site / "probes" / "index.html").read_text(encoding="utf-8"))
    for marker in MARKERS[1:]:
        assert marker not in main
    assert main.count("alert(") == 1  # the one shown as code, escaped
    assert "&lt;script&gt;alert(5)&lt;/script&gt;" in main
    assert '<a href="https://example.org/">styled</a>' in main  # the link stays, its handler goes
    assert ">raw link</a>" in main  # the text of a link stays, its address goes


@pytest.mark.parametrize("html", [html for html, _ in PROBES], ids=[m[0].split(" is ")[0] for _, m in PROBES])
def test_sanitizing_the_rendered_probe_removes_it(html):
    clean = sanitize.sanitize(sanitize.render(html))
    for marker in MARKERS:
        assert marker not in clean
    assert sanitize.scan(clean) == []


# -- what must come out unchanged ------------------------------------------------------

RICH = """
## Why it works {: #why .lead }

A paragraph with a footnote[^1], **strong** and *em* text, `code`, a [link](https://example.org/ "Title"),
a [mail](mailto:team@example.org), an <abbr title="Net Promoter Score">NPS</abbr>, H<sub>2</sub>O, x<sup>2</sup>,
<kbd>Ctrl</kbd>+<kbd>C</kbd>, <mark>marked</mark>, a line<br>break and <span lang="nl">gezelligheid</span>.
{: .intro }

| left | centre | right |
|:-----|:------:|------:|
| 1    | 2      | 3     |

!!! note "Remember"
    Admonitions hold Markdown: *this* too.

<details markdown>
<summary>More</summary>
Hidden **Markdown** text.
</details>

<figure markdown>
![The team](img/team.png){ width="300" }
<figcaption>The team in 2025.</figcaption>
</figure>

<div class="grid" markdown>
- one
- two
</div>

<time datetime="2026-03-14">14 March</time>, <q cite="https://example.org/">a quote</q>, <del>old</del> <ins>new</ins>.

Write to <team@example.org> or see <https://example.org/>.

[^1]: The note, with a [link back](#why).
"""


class _Structure(HTMLParser):
    """Elements, attributes (values decoded) and text in order: how a browser reads it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("<", tag, sorted((name, value or "") for name, value in attrs)))

    handle_startendtag = handle_starttag  # <hr /> and <hr> are one element

    def handle_endtag(self, tag):
        self.events.append((">", tag))

    def handle_data(self, data):
        if self.events and self.events[-1][0] == "text":
            self.events[-1] = ("text", self.events[-1][1] + data)
        else:
            self.events.append(("text", data))


def structure(html: str) -> list[tuple]:
    parser = _Structure()
    parser.feed(html)
    parser.close()
    return parser.events


def sample_articles():
    return load_corpus(ROOT / "content", root=ROOT).articles


def test_the_sample_content_and_markdown_features_have_no_html_problems():
    bodies = [(a.path, a.body) for a in sample_articles()] + [("rich", RICH)]
    assert len(bodies) == 29
    for path, body in bodies:
        rendered = sanitize.render(body)
        # The scan itself, past the shortcut that skips bodies without HTML.
        assert sanitize.scan(rendered) == [], path
        assert sanitize.removed_by_sanitizing(rendered) is None, path
        assert structure(sanitize.sanitize(rendered)) == structure(rendered), path
    assert find_disallowed(RICH) == []


def test_the_built_bodies_of_the_sample_content_are_not_changed(tmp_path, monkeypatch):
    seen: list[tuple[str, str]] = []
    original = sanitize.sanitize

    def recording(html, policy=DEFAULT_POLICY):
        clean = original(html, policy)
        seen.append((html, clean))
        return clean

    monkeypatch.setattr(sanitize, "sanitize", recording)
    # By an author of the sample registry (authors.yml).
    rich = (
        FRONT.replace("Probes", "Rich Markdown").replace("Anna de Vries", "Eva Kramer") + "\n" + OPENING + "\n" + RICH
    )
    project = make_project(
        tmp_path, {"content/en/rich-markdown.md": rich, "content/en/img/team.png": ""}, with_sample=True
    )
    site = build_site(project)
    assert len(seen) == 29  # every insight once, in its own language's build
    for html, clean in seen:
        assert structure(clean) == structure(html)
    main = main_of((site / "rich-markdown" / "index.html").read_text(encoding="utf-8"))
    for kept in (
        '<div class="admonition note">',
        '<a class="headerlink" href="#why" title="Permanent link">',
        '<h2 class="lead" id="why">',
        '<p class="intro">',
        '<th style="text-align: right;">',
        '<div class="footnote">',
        '<abbr title="Net Promoter Score">',
        "<details>",
        'src="../img/team.png"',
    ):
        assert kept in main


# -- a site owner's options ------------------------------------------------------------

LOOSE = {
    "html": {
        "allow_tags": ["video", "source"],
        "allow_attributes": {"video": ["src", "controls", "poster"], "source": ["src", "type"], "a": ["target"]},
        "allow_url_schemes": ["tel"],
        "external_media": True,
    }
}
LOOSE_BODY = """Text first.

<video controls src="media/intro.mp4"><source src="media/intro.webm" type="video/webm"></video>

Call [the desk](tel:+31201234567) or read <a href="https://example.org/" target="_blank">this</a>.

![Logo](https://cdn.example.org/logo.png)
"""


def test_the_loosened_policy_allows_what_the_site_owner_named():
    assert [(p.line, p.message) for p in find_disallowed(LOOSE_BODY)] == [
        (3, "raw HTML <video> is not allowed in an insight"),
        (3, "raw HTML <source> is not allowed in an insight"),
        (5, "link to 'tel:+31201234567': tel: addresses are not allowed in an insight"),
        (5, "the HTML attribute 'target' on <a> is not allowed in an insight"),
        (7, "image 'https://cdn.example.org/logo.png' is on another site; an insight shows files of the site only"),
    ]
    policy = policy_from_options(LOOSE)
    assert find_disallowed(LOOSE_BODY, policy=policy) == []
    clean = sanitize.sanitize(sanitize.render(LOOSE_BODY), policy)
    assert '<video controls="" src="media/intro.mp4"><source src="media/intro.webm" type="video/webm"></video>' in clean
    assert '<a href="tel:+31201234567" rel="noopener">the desk</a>' in clean
    assert '<a href="https://example.org/" target="_blank" rel="noopener">this</a>' in clean
    assert 'src="https://cdn.example.org/logo.png"' in clean
    # Still never: a script, an event handler, a javascript: link.
    assert [
        p.message
        for p in find_disallowed('<video onplay="alert(1)"></video> [x](javascript:y) <script></script>', policy=policy)
    ] == [
        "the HTML attribute 'onplay' on <video> is not allowed in an insight",
        "link to 'javascript:y': javascript: addresses are not allowed in an insight",
        "raw HTML <script> is not allowed in an insight",
    ]


def test_the_option_in_mkdocs_yml_loosens_the_build(tmp_path):
    text = FRONT + "\n" + OPENING + "\n\n" + LOOSE_BODY
    project = make_project(
        tmp_path, {"content/en/video.md": text, "content/en/media/intro.mp4": "", "content/en/media/intro.webm": ""}
    )
    config = (project / "mkdocs.yml").read_text()
    option = (
        "  - quickinsights:\n      html:\n        allow_tags: [video, source]\n"
        "        allow_attributes: {video: [src, controls], source: [src, type], a: [target]}\n"
        "        allow_url_schemes: [tel]\n        external_media: true\n"
    )
    (project / "mkdocs.yml").write_text(config.replace("  - quickinsights\n", option))
    main = main_of((build_site(project) / "video" / "index.html").read_text(encoding="utf-8"))
    assert '<video controls="" src="media/intro.mp4">' in main
    assert 'href="tel:+31201234567"' in main


@pytest.mark.parametrize(
    ("html", "message", "hint"),
    [
        (
            {"allow_tags": ["script"]},
            "allow_tags: <script> can never be allowed in an insight",
            "a script in an insight runs in every reader's browser",
        ),
        ({"allow_tags": "video"}, "allow_tags must be a list", "write a list, e.g. [video]"),
        ({"allow_tags": ["<video>"]}, "allow_tags: '<video>' is not a tag name", "write a tag name such as video"),
        ({"allow_tag": ["video"]}, "unknown key 'allow_tag'", "did you mean 'allow_tags'?"),
        (
            {"allow_attributes": {"a": ["onclick"]}},
            "allow_attributes: a: 'onclick' can never be allowed",
            "onclick= is an event handler",
        ),
        (
            {"allow_attributes": {"*": ["style"]}},
            "allow_attributes: *: 'style' can never be allowed",
            "the theme decides the look of the text",
        ),
        (
            {"allow_attributes": {"video": ["src"]}},
            "allow_attributes names <video>, which is not an allowed tag",
            "add video to allow_tags too",
        ),
        (
            {"allow_attributes": ["a"]},
            "allow_attributes must map a tag (or '*' for every tag) to a list of attributes",
            "for example html:",
        ),
        (
            {"allow_url_schemes": ["javascript"]},
            "allow_url_schemes: 'javascript:' can never be allowed",
            "a javascript: address runs script",
        ),
        (
            {"allow_url_schemes": ["data:"]},
            "allow_url_schemes: 'data:' can never be allowed",
            "a data: address carries a whole document",
        ),
        ({"external_media": "yes"}, "external_media must be true or false", "write external_media: true"),
        (
            {"allow_attributes": {"a": ["target", "rel"]}},
            "allow_attributes: 'rel' and 'target' cannot both be allowed",
            "with target allowed",
        ),
        (
            "strict",
            "must be a mapping of allow_tags, allow_attributes, allow_url_schemes, external_media",
            "for example html:",
        ),
    ],
)
def test_a_bad_option_says_what_is_wrong(html, message, hint):
    with pytest.raises(PolicyError) as info:
        policy_from_options({"html": html})
    assert info.value.message == message
    assert info.value.hint.startswith(hint)
    assert str(info.value).startswith(f"mkdocs.yml:1: the quickinsights option 'html': {message}\n  hint: {hint}")


def test_no_option_is_the_strict_default():
    assert policy_from_options({}) is DEFAULT_POLICY
    assert policy_from_options({"html": None, "cache_dir": ".cache"}) is DEFAULT_POLICY


def test_mkdocs_refuses_a_bad_option_without_a_traceback(tmp_path):
    project = make_project(tmp_path)
    config = (project / "mkdocs.yml").read_text()
    (project / "mkdocs.yml").write_text(
        config.replace("  - quickinsights\n", "  - quickinsights:\n      html:\n        allow_tags: [script]\n")
    )
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    result = subprocess.run([mkdocs, "build", "--strict"], cwd=project, capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert (
        "Plugin 'quickinsights' option 'html': allow_tags: <script> can never be allowed in an insight\n  hint: "
        in output
    )
    assert "Traceback" not in output


# -- the shortcut for bodies without HTML -----------------------------------------------

FRAGMENTS = [
    "text ",
    "\n",
    "\n\n",
    " ",
    "[x](",
    ")",
    "![i](",
    "]: ",
    "[x]",
    "(",
    ":",
    "javascript",
    "JavaScript",
    "data",
    "https",
    "mailto",
    "//",
    "img.png",
    "#a",
    "\x01",
    "\t",
    "note: ",
    "`",
    "*",
    "- ",
    "1. ",
    "> ",
    "[^1]",
    "[^1]: n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join))
@example("![i](//other.example/x.png)")
@example("![i][r]\n\n[r]:\n  //other.example/x.png")
@example("[x](\n\x01javascript:alert(1))")
def test_a_body_the_shortcut_skips_holds_nothing_to_report(body):
    # find_disallowed renders only bodies that may hold refused HTML; the others must not.
    if not sanitize._may_hold_disallowed(body, DEFAULT_POLICY):
        rendered = sanitize.render(body)
        assert sanitize.scan(rendered) == []
        assert sanitize.removed_by_sanitizing(rendered) is None


# -- the editors' guide stays true -------------------------------------------------------


def guide_section() -> str:
    guide = (ROOT / "docs" / "editors-guide.md").read_text(encoding="utf-8")
    return guide.split("\n## HTML in the text\n", 1)[1].split("\n## ", 1)[0]


def test_the_guide_lists_the_allowed_elements():
    listed = guide_section().split("- These HTML elements: ", 1)[1].split(".\n", 1)[0]
    assert set(re.findall(r"`([a-z0-9]+)`", listed)) == sanitize.DEFAULT_TAGS


def test_the_guide_example_is_what_the_check_prints():
    example = guide_section().split("```text\n", 1)[1].split("\n```", 1)[0]
    body = "Text.\n\n<iframe></iframe>\n\nA [link](javascript:void(0)).\n"
    printed = [
        re.sub(r"^content/en/x\.md:\d+: ", "", p.format()) for p in find_disallowed(body, path="content/en/x.md")
    ]
    shown = re.sub(r"^content/en/better-meetings\.md:\d+: ", "", example, flags=re.MULTILINE)
    assert shown == "\n".join(printed)
