"""Safe inputs (issue 11): what the content folder may hold and what its text may contain.

Each probe of the issue is here, run through `insights check` as an editor runs it
(a real process), and where the probe is about the build, through one strict build.
"""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import build_site, make_project
from mkdocs.exceptions import Abort, PluginError
from quickinsights.model import checks, inputs
from quickinsights.model.problems import format_human

INSIGHTS = str(Path(sys.executable).with_name("insights"))
BIDI_HINT = (
    "delete it (retype the text around it if you cannot see it): it shows the text after it in another order "
    "than it is written, so readers could see something other than what reviewers read"
)
CONTROL_HINT = (
    "delete it (retype the text around it if you cannot see it); it usually comes with text copied from another program"
)


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([INSIGHTS, *args], cwd=project, capture_output=True, text=True, env=env)


def insight(title: str = "Trust grows slowly", body: str = "Trust is built in small steps.", extra: str = "") -> str:
    return (
        f"---\ntitle: {title}\ndate: 2026-03-14\nauthor: Anna de Vries\ncategories: [leadership]\n"
        f"summary: Why trust is built in small steps.\n{extra}---\n\n{body}\n"
    )


def problems_in(project: Path) -> str:
    return format_human(checks.validate(project / "content", project).problems)


# -- characters ------------------------------------------------------------------------


def test_a_nul_in_the_body_and_an_escaped_nul_in_the_title_are_named_at_their_lines(tmp_path):
    project = make_project(tmp_path)
    text = insight(title='"Trust\\0 grows"', body="Trust is built\n\nin small\x00 steps.")
    (project / "content" / "en" / "nul.md").write_bytes(text.encode("utf-8"))
    result = run(project, "check")
    assert result.returncode == 1
    assert result.stdout.startswith(
        "content/en/nul.md:2: 'title' contains U+0000 NULL, an invisible control character\n"
        f"  hint: {CONTROL_HINT}\n"
        "content/en/nul.md:11: the text contains U+0000 NULL, an invisible control character\n"
        f"  hint: {CONTROL_HINT}\n"
        "1 insight file checked (0 English and 0 Dutch without errors): 2 errors, 0 warnings.\n"
    )
    assert "Traceback" not in result.stdout + result.stderr


def test_a_site_page_may_not_hold_them_either(tmp_path):
    project = make_project(tmp_path)
    about = project / "content" / "nl" / "about.md"
    about.write_text('---\ntitle: "Over \\u202Eons"\n---\n\nTekst\u2066 hier.\n', encoding="utf-8")
    assert problems_in(project) == (
        "content/nl/about.md:2: 'title' contains U+202E RIGHT-TO-LEFT OVERRIDE, an invisible bidirectional control character\n"
        f"  hint: {BIDI_HINT}\n"
        "content/nl/about.md:5: the text contains U+2066 LEFT-TO-RIGHT ISOLATE, an invisible bidirectional control character\n"
        f"  hint: {BIDI_HINT}"
    )


def test_every_refused_character_has_its_unicode_name():
    refused = [chr(c) for c in range(0x2070) if inputs.UNSAFE.match(chr(c))]
    expected = [
        *range(0x00, 0x09),
        0x0B,
        0x0C,
        *range(0x0E, 0x20),
        *range(0x7F, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
    assert [ord(c) for c in refused] == expected
    for char in refused:
        code, _, name = inputs.character_name(char).partition(" ")
        assert code == f"U+{ord(char):04X}"
        # Unicode's names, aliases for the controls; U+0007 keeps its ISO 6429 name BELL,
        # which is also the name of U+1F514 (its alias ALERT says less to an editor).
        assert unicodedata.lookup(name) == char or name == "BELL"
    assert inputs.character_name("\x07") == "U+0007 BELL"
    assert inputs.character_name("\u202e") == "U+202E RIGHT-TO-LEFT OVERRIDE"


def test_tab_newline_and_carriage_return_stay_allowed():
    assert inputs.character_problems("a\tb\r\nc\n", 1, "x.md") == []


def test_a_binary_file_gives_ten_lines_and_a_count_not_a_message_per_line():
    body = "\n".join(f"line {i}\x01" for i in range(50))
    problems = inputs.character_problems(body, 5, "x.md")
    assert [p.line for p in problems] == [*range(5, 15), 15]
    assert problems[-1].message == "40 more lines from here on contain invisible control characters"


def test_invalid_utf8_is_reported_at_its_line_with_the_byte(tmp_path):
    project = make_project(tmp_path)
    # Far past the first 8 KB: a decoder that reads in chunks would count from the chunk.
    body = "\n\n".join(f"Paragraph {i} about trust and small steps." for i in range(400))
    data = insight(body=body).encode("utf-8") + b"It starts in a caf\xe9.\n"
    (project / "content" / "en" / "latin.md").write_bytes(data)
    result = run(project, "check")
    assert result.returncode == 1
    line = data.count(b"\n", 0, data.index(b"\xe9")) + 1
    assert line == 808
    assert result.stdout.startswith(
        f"content/en/latin.md:{line}: the file is not UTF-8 text (byte 0xe9)\n"
        "  hint: save the file as UTF-8; a byte like this is usually a letter with an accent or a quote, "
        "saved by a program in another encoding (such as Windows-1252)\n"
    )


@pytest.mark.parametrize(
    "title,author,message",
    [
        (
            "Ring the\x07 bell",
            "Anna",
            "Invalid value for 'TITLE': it contains U+0007 BELL, an invisible control character",
        ),
        (
            "Invoice \u202etxt.exe",
            "Anna",
            "Invalid value for 'TITLE': it contains U+202E RIGHT-TO-LEFT OVERRIDE, an invisible bidirectional control character",
        ),
        (
            "Trust",
            "Anna\u2067 de Vries",
            "Invalid value for '--author': it contains U+2067 RIGHT-TO-LEFT ISOLATE, an invisible bidirectional control character",
        ),
    ],
)
def test_insights_new_refuses_them_in_its_arguments_and_writes_nothing(tmp_path, title, author, message):
    project = make_project(tmp_path)
    result = run(project, "new", title, "--lang", "en", "--category", "leadership", "--author", author)
    assert result.returncode == 2
    assert result.stderr.endswith(f"Error: {message}; type it again without\n")
    assert sorted(p.name for p in (project / "content" / "en").iterdir()) == ["about.md", "index.md"]


# -- links out of the content folder -----------------------------------------------------

OUTSIDE_HINT = (
    "the build publishes every file in the content folder, and what a link points to with it; "
    "copy the {kind} into the content folder instead, or remove the link"
)


def test_links_out_of_the_content_folder_are_refused_with_their_targets(tmp_path):
    project = make_project(tmp_path, {"content/en/img/logo.png": "png", "secrets/key.txt": "secret"})
    img = project / "content" / "en" / "img"
    (img / "environ.png").symlink_to("/proc/self/environ")
    (img / "passwd.png").symlink_to("/etc/passwd")
    (project / "content" / "nl" / "private").symlink_to("../../secrets")
    (img / "gone.png").symlink_to("missing.png")
    result = run(project, "check")
    assert result.returncode == 1
    assert result.stdout == (
        "content/en/img/environ.png:1: the file is a link to '/proc/self/environ', outside the content folder\n"
        f"  hint: {OUTSIDE_HINT.format(kind='file')}\n"
        "content/en/img/gone.png:1: the file is a link to 'missing.png', which does not exist\n"
        "  hint: remove the link, or point it to a file in the content folder\n"
        "content/en/img/passwd.png:1: the file is a link to '/etc/passwd', outside the content folder\n"
        f"  hint: {OUTSIDE_HINT.format(kind='file')}\n"
        "content/nl/private:1: the folder is a link to '../../secrets', outside the content folder\n"
        f"  hint: {OUTSIDE_HINT.format(kind='folder')}\n"
        "0 insight files checked (0 English and 0 Dutch without errors): 4 errors, 0 warnings.\n"
        'Each message is explained in docs/editors-guide.md, "What the messages mean".\n'
    )


def test_a_link_to_a_file_or_folder_inside_the_content_folder_may_stay(tmp_path):
    project = make_project(tmp_path, {"content/en/img/logo.png": "png"})
    (project / "content" / "nl" / "logo.png").symlink_to("../en/img/logo.png")
    (project / "content" / "nl" / "img").symlink_to("../en/img")
    assert problems_in(project) == ""


def test_a_folder_linked_into_itself_and_a_pipe_are_refused(tmp_path):
    project = make_project(tmp_path)
    (project / "content" / "en" / "img").mkdir()
    (project / "content" / "en" / "img" / "again").symlink_to("..")
    os.mkfifo(project / "content" / "en" / "img" / "pipe")
    assert problems_in(project) == (
        "content/en/img/again:1: the folder is a link to '..', a folder that contains it\n"
        "  hint: the site would contain the folder again and again; remove the link\n"
        "content/en/img/pipe:1: this is not a regular file (a pipe, socket or device), which the site cannot publish\n"
        "  hint: remove it from the content folder"
    )


def test_the_build_fails_on_a_link_out_before_it_copies_anything(tmp_path, caplog):
    project = make_project(tmp_path, {"content/en/trust.md": insight(), "secrets/key.txt": "the secret"})
    (project / "content" / "en" / "key.png").symlink_to(project / "secrets" / "key.txt")
    with pytest.raises((PluginError, Abort)):
        build_site(project)
    assert (
        "1 problem in the content; nothing was built:\n"
        f"content/en/key.png:1: the file is a link to '{project / 'secrets' / 'key.txt'}', outside the content folder\n"
        f"  hint: {OUTSIDE_HINT.format(kind='file')}"
    ) in caplog.text
    assert "Traceback" not in caplog.text
    site = project / "site"
    assert not site.exists() or not any(site.rglob("*"))


# -- Markdown files outside content/<lang>/<slug>.md ---------------------------------------


def test_markdown_files_elsewhere_are_refused_with_where_insights_go(tmp_path):
    files = {
        "content/zz.md": insight(),
        "content/de/x.md": insight(),
        "content/en/2024/x.md": insight(),
        "content/en/x.markdown": insight(),
        "content/nl/Y.MD": insight(),
        # Assets stay allowed, wherever they are; names starting with '.' are never published.
        "content/en/img/chart.png": "png",
        "content/en/img/2024/photo.jpg": "jpg",
        "content/CNAME": "insights.example.org",
        "content/.obsidian/notes.md": "# not published",
    }
    result = run(make_project(tmp_path, files), "check")
    unchecked = "the site would publish it as a page without any check"
    assert result.returncode == 1
    assert result.stdout == (
        f"content/de/x.md:1: a Markdown file outside content/en/ and content/nl/, where {unchecked}\n"
        "  hint: insights go in content/en/<slug>.md or content/nl/<slug>.md: move it there, or delete it\n"
        f"content/en/2024/x.md:1: a Markdown file in a subfolder of content/en/, where {unchecked}\n"
        "  hint: insights go directly in content/en/ (content/en/<slug>.md): move it there; images and other files may stay in subfolders\n"
        f"content/en/x.markdown:1: a Markdown file ending in '.markdown', which the site would publish as a page without any check\n"
        "  hint: insights end in '.md': rename it to x.md\n"
        f"content/nl/Y.MD:1: a Markdown file ending in '.MD', which the site would publish as a page without any check\n"
        "  hint: insights end in '.md': rename it to Y.md\n"
        f"content/zz.md:1: a Markdown file outside content/en/ and content/nl/, where {unchecked}\n"
        "  hint: insights go in content/en/<slug>.md or content/nl/<slug>.md: move it there, or delete it\n"
        "0 insight files checked (0 English and 0 Dutch without errors): 5 errors, 0 warnings.\n"
        'Each message is explained in docs/editors-guide.md, "What the messages mean".\n'
    )


def test_the_pages_the_build_sees_are_the_pages_the_check_reads(tmp_path):
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    files = {"content/en/trust.md": insight(), "content/en/img/chart.png": "png", "content/nl/vertrouwen.md": insight()}
    project = make_project(tmp_path, files)
    (project / "content" / "nl" / "img").symlink_to("../en/img")
    found = inputs.scan_content(project / "content", "content")
    config = load_config(str(project / "mkdocs.yml"))
    built = sorted(f.src_uri for f in get_files(config) if f.is_documentation_page())
    read = sorted(shown.removeprefix("content/") for _, _, shown in [*found.insights, *found.pages])
    assert (
        read == built == ["en/about.md", "en/index.md", "en/trust.md", "nl/about.md", "nl/index.md", "nl/vertrouwen.md"]
    )
    assert found.problems == []


# -- a clean check means a clean build -----------------------------------------------------

DEEP_HINT = (
    "start a new list or paragraph instead of indenting further: readers cannot follow so many "
    "levels, and the site cannot render them"
)


def nested_list(levels: int) -> str:
    return "\n".join("    " * level + f"- level {level + 1}" for level in range(levels))


@pytest.mark.parametrize(
    "body,line,depth",
    [
        (nested_list(1000), 29, 21),  # the 1,000 indented levels
        ("- " * 10000 + "item", 9, 10000),  # 10,000 list items nested on one line
        (nested_list(21), 29, 21),
        ("> " * 25 + "a quote in a quote", 9, 25),
        ("\n".join("    " * i + "1. step" for i in range(30)), 29, 21),
        ('<div markdown="1">\n' * 21 + "text\n" + "</div>\n" * 21, 29, 21),
    ],
    ids=["1000-indented", "10000-items", "21-levels", "quotes", "numbered", "markdown-html"],
)
def test_nesting_deeper_than_the_limit_is_refused_at_its_line(tmp_path, body, line, depth):
    project = make_project(tmp_path, {"content/en/deep.md": ""})
    (project / "content" / "en" / "deep.md").write_text(insight(body=body), encoding="utf-8")
    result = run(project, "check")
    assert result.returncode == 1
    assert result.stdout.startswith(
        f"content/en/deep.md:{line}: lists, quotes or indentation nested {depth} levels deep; the limit is 20\n"
        f"  hint: {DEEP_HINT}\n"
        "1 insight file checked (0 English and 0 Dutch without errors): 1 error, 0 warnings.\n"
    )
    assert "Traceback" not in result.stdout + result.stderr


def test_nesting_up_to_the_limit_and_deep_code_in_a_fence_are_fine():
    assert inputs.nesting_problem(nested_list(20), 1, "x.md") is None
    assert inputs.nesting_problem("```\n" + nested_list(100) + "\n```\n", 1, "x.md") is None
    # An unclosed fence is no fence to Python-Markdown: its lines are read as Markdown.
    assert inputs.nesting_problem("```\n" + nested_list(100), 1, "x.md").line == 22


def test_a_site_page_linking_to_a_draft_fails_the_check_and_the_build_alike(tmp_path, caplog):
    draft = insight(title="Not yet", extra="draft: true\n")
    project = make_project(tmp_path, {"content/en/not-yet.md": draft})
    about = project / "content" / "en" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nRead [what comes next](not-yet.md).\n", encoding="utf-8")
    line = about.read_text(encoding="utf-8").count("\n")
    expected = (
        f"content/en/about.md:{line}: link to 'not-yet.md': content/en/not-yet.md is a draft, which is not published\n"
        "  hint: publish that insight first (draft: false), or remove the link for now"
    )
    result = run(project, "check")
    assert result.returncode == 1
    assert result.stdout.startswith(expected + "\n")
    with pytest.raises((PluginError, Abort)):
        build_site(project)
    assert f"1 problem in the content; nothing was built:\n{expected}" in caplog.text


def test_site_pages_get_every_link_check_and_the_nesting_limit(tmp_path):
    project = make_project(tmp_path)
    index = project / "content" / "nl" / "index.md"
    index.write_text(
        "---\ntitle: Start\n---\n\nZie [alles](inzichten/index.md), [over](about.md) en [weg](wegg.md).\n\n"
        "Ook [de Engelse lijst](../en/insights/index.md).\n\n" + nested_list(25) + "\n",
        encoding="utf-8",
    )
    (project / "content" / "en" / "about.md").write_text("---\ntitle: [About\n---\n\nText.\n", encoding="utf-8")
    assert problems_in(project) == (
        "content/en/about.md:2: invalid YAML in front matter: expected ',' or ']', but got '<stream end>'\n"
        "  hint: check indentation and colons; put text that contains ': ' or starts with a quote, '[' or '{' in quotes\n"
        "content/nl/index.md:5: link to 'wegg.md': there is no insight or page content/nl/wegg.md\n"
        "  hint: check the file name; within a language write 'slug.md', across languages '../nl/slug.md' or '../en/slug.md'\n"
        "content/nl/index.md:7: link to '../en/insights/index.md': a page the build makes in the other language is not a file to link to\n"
        "  hint: link to its address instead: '../insights/'\n"
        "content/nl/index.md:29: lists, quotes or indentation nested 21 levels deep; the limit is 20\n"
        f"  hint: {DEEP_HINT}"
    )


def test_what_the_check_allows_builds_strictly(tmp_path):
    """The allowed side of every limit above, in one strict build."""
    body = (
        "Trust is built in small steps, and every step counts for the team.\n\n"
        "See [all insights](insights/index.md), [the categories](categories/index.md), "
        "[leadership](categories/leadership/index.md) and [the Dutch ones](../nl/inzichten/).\n\n"
        "![A chart](img/2024/chart.png) ![Shared](shared.png)\n\n" + nested_list(20)
    )
    files = {"content/en/trust.md": insight(body=body), "content/en/img/2024/chart.png": "png"}
    project = make_project(tmp_path, files)
    (project / "content" / "en" / "shared.png").symlink_to("img/2024/chart.png")
    assert problems_in(project) == ""
    site = build_site(project)
    html = (site / "trust" / "index.html").read_text(encoding="utf-8")
    assert html.count("<ul>") >= 20 and "level 20" in html
    assert (site / "shared.png").read_text() == "png"
