"""One set of rules, two searches: the judged queries (benchmarks/judged/queries.yml)
run through the reader's search (engine.js in Chromium, over the index the build
writes) and through `insights search` (search.py over whoosh), which must give the same
first five for at least 95% of them (issue 12). The rules themselves are ranking.py's;
the same rules in Python over the site's own files (tests/sitesource.py) must give
exactly what the browser gives, so a difference says which side drifted.

The words are complete (a space after the last one): `insights search` has no word
being typed. The site's overview searches both languages and narrows to the page's
language, as `insights search --lang` does; equal scores list the page's language first.
"""

from __future__ import annotations

import importlib.util
import json

import pytest
from conftest import ROOT, build_site, serve
from quickinsights.model import siteconfig
from quickinsights.search import index as search
from quickinsights.search import ranking
from sitesource import SiteSource

FOUND = 5


def _benchmark():
    spec = importlib.util.spec_from_file_location("bench_search_quality", ROOT / "benchmarks" / "search_quality.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def judged(tmp_path_factory):
    """The benchmark's site: the sample content, the test insights, glossary.yml."""
    bench = _benchmark()
    project = bench.make_project(tmp_path_factory.mktemp("judged"))
    site = build_site(project)
    files = {
        p.relative_to(site / "assets" / "search").as_posix(): p.read_text(encoding="utf-8")
        for p in (site / "assets" / "search").rglob("*.json")
    }
    url, server = serve(site)
    yield bench.load_queries(), project, files, url
    server.shutdown()


SEARCH_JS = """async ([queries]) => {
  const engine = await import(new URL('../assets/engine.js', location.href).href);
  const index = await engine.index(document.querySelector('form.qi-search').dataset.index);
  const out = [];
  for (const [text, page, only] of queries) {
    const hits = await index.search(text, ['en', 'nl'], page);
    const cards = await hits.filter({ lang: only }).cards(0, 5);
    out.push(cards.map((c) => `content/${c.lang}/${c.url.replace(/\\/$/, '').split('/').pop()}.md`));
  }
  return out;
}"""


def _differences(queries, one, other) -> list[str]:
    return [f"{q['q']!r}: {a} / {b}" for q, a, b in zip(queries, one, other, strict=True) if a != b]


def test_the_site_and_insights_search_give_the_same_first_five(judged, page):
    queries, project, files, url = judged
    page.goto(url + "about/")
    site = page.evaluate(SEARCH_JS, [[[q["q"] + " ", q["lang"], "" if q["both"] else q["lang"]] for q in queries]])
    settings = siteconfig.load(project)
    vocabulary = settings.vocabulary()
    index = search.SearchIndex(
        settings.cache_dir, vocabulary, settings.glossary().search_entries(vocabulary)
    )  # as insights search makes it
    index.sync_files(project / "content", project)
    cli = [
        [
            hit.path
            for hit in index.search(q["q"], lang=None if q["both"] else q["lang"], limit=FOUND, preferred=q["lang"])
        ]
        for q in queries
    ]
    differ = _differences(queries, site, cli)
    assert len(differ) <= 0.05 * len(queries), "\n".join(differ)
    # The rules in Python over the site's files: exactly the browser's.
    source = SiteSource(files)
    version = source.entry["version"]

    def path(doc: int) -> str:
        card = json.loads(files[f"{version}/d/{doc}.json"])
        return f"content/{card['l']}/{card['u'].rstrip('/').rsplit('/', 1)[-1]}.md"

    python = [
        [
            path(d)
            for d in ranking.search(source, q["q"] + " ", ["en", "nl"], q["lang"]).ids
            if q["both"] or source.lang(d) == q["lang"]
        ][:FOUND]
        for q in queries
    ]
    assert _differences(queries, site, python) == []
    assert page.console_errors == []
