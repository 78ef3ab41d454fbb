"""The offline link check of a built site (linkcheck.py, `insights linkcheck`)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import build_site, make_project
from quickinsights.cli import main as cli
from quickinsights.model.linkcheck import check_site, read_page

PAGES = {
    "index.html": """<html><head>
<link rel="stylesheet" href="assets/site.css">
<link rel="alternate" hreflang="nl" href="https://example.org/insights/nl/">
<link rel="canonical" href="https://example.org/insights/gone/">
</head><body>
<a href="a/">A</a> <a href="a/#intro">intro</a> <a href="a/#nowhere">nowhere</a>
<a href="missing/">missing</a> <a href="https://other.example/x">other site</a>
<a href="mailto:x@example.org">mail</a> <a href="#top">top</a> <a href="#bottom">bottom</a>
<img src="img/a.png" srcset="img/a.png 1x, img/b.png 2x">
<a href="/insights/a/">root-relative</a> <a href="/a/">outside</a> <a href="//assets/x.js">doubled</a>
<a id="top" href="../../up/">up</a>
</body></html>""",
    "a/index.html": '<h2 id="intro">Intro</h2><a href="../">home</a><a href="../nl/">nl</a><a href="../a%20b/">space</a>',
    "nl/index.html": '<a href="../a/">a</a>',
    "a b/index.html": "<p>a folder with a space</p>",
    "assets/site.css": "",
    "img/a.png": "",
}


def make_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for rel, html in PAGES.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(html, encoding="utf-8")
    return site


def test_every_kind_of_broken_internal_link_is_reported_with_its_line(tmp_path):
    report = check_site(make_site(tmp_path), "https://example.org/insights/", shown_as="site")
    assert [(p.path, p.line, p.message) for p in report.problems] == [
        ("site/index.html", 4, "broken link '/insights/gone/': there is no file gone/index.html"),
        ("site/index.html", 6, "broken link 'a/#nowhere': a/index.html has no element with id 'nowhere'"),
        ("site/index.html", 7, "broken link 'missing/': there is no file missing/index.html"),
        ("site/index.html", 8, "broken link '#bottom': index.html has no element with id 'bottom'"),
        ("site/index.html", 9, "broken link 'img/b.png': there is no file img/b.png"),
        ("site/index.html", 10, "broken link '/a/': it leads outside the site, which is published at /insights/"),
        ("site/index.html", 10, "broken link '//assets/x.js': browsers read 'assets' as another host"),
        ("site/index.html", 11, "broken link '../../up/': it leads above the site's root folder"),
    ]
    assert (report.pages, report.external) == (4, 1)


def test_read_page_collects_ids_and_every_address():
    page = read_page('<a name="n" href="x/">x</a><div id="d"></div><img src="i.png" srcset="a.png 1x, b.png 2x"/>')
    assert page.ids == {"n", "d"}
    assert page.links == [("x/", 1), ("i.png", 1), ("a.png", 1), ("b.png", 1)]


def test_the_command_exits_1_on_a_broken_link_and_0_on_a_sound_site(tmp_path):
    site = make_site(tmp_path)
    result = CliRunner().invoke(cli.main, ["linkcheck", str(site), "--site-url", "https://example.org/insights/"])
    assert result.exit_code == 1
    assert result.output.endswith(
        "4 pages, 20 internal links checked (1 to other sites not followed): 8 broken links.\n"
    )
    assert (
        f"{site}/index.html:7: broken link 'missing/': there is no file missing/index.html\n  hint: " in result.output
    )
    sound = tmp_path / "sound"
    (sound / "a").mkdir(parents=True)
    (sound / "index.html").write_text('<a href="a/">a</a>')
    (sound / "a" / "index.html").write_text('<a href="../">home</a>')
    result = CliRunner().invoke(cli.main, ["linkcheck", str(sound)])
    assert result.exit_code == 0
    assert result.output == "2 pages, 2 internal links checked (0 to other sites not followed): 0 broken links.\n"


def test_the_sample_site_has_no_broken_link(sample_site):
    report = check_site(sample_site, "http://127.0.0.1:8000/")
    assert report.problems == []
    assert report.pages > 50


def test_the_sample_site_built_for_a_subfolder_has_no_broken_link(tmp_path, monkeypatch):
    # As GitHub Pages publishes a project site: https://<owner>.github.io/<repo>/.
    monkeypatch.setenv("SITE_URL", "https://example.org/insights/")
    site = build_site(make_project(tmp_path, with_sample=True))
    report = check_site(site, "https://example.org/insights/")
    assert report.problems == []
