"""Judged search quality: the reader's search, `insights search` and Pagefind over one
site, on the judged query set (benchmarks/judged/queries.yml, issue 12).

    python benchmarks/search_quality.py [--engines site,cli,pagefind] [--classes typo,phrase]
                                        [--misses] [--json FILE] [--rev REV] [--keep]

One run builds a site (mkdocs build --strict, the repository's mkdocs.yml) from the
sample content plus the test insights of benchmarks/judged/content/, then asks every
query of each engine and takes its first 10 results in order:

- site: the reader's search, through the real overview page in Chromium (filter.js over
  engine.js): the overview of the query's page language with ?q= and, unless both
  languages are searched, ?lang=; the page's first answer (10 cards) in order. One page
  per language is loaded once; each query is a history entry and a popstate, which is
  how the overview reads a URL (filter.js), so no reload per query.
- cli: `insights search QUERY --limit 10 [--lang L]` in the project folder, in this
  process (click's CliRunner over quickinsights.cli.main:main), its numbered output parsed.
- pagefind: Pagefind over the same built site, one bundle per language as the site ran
  it before (pagefind_baseline.py), through its JS API in Chromium; both languages:
  both bundles, merged by score, as the old search.js did.

A query is found when any of its expected insights is in the first 5 (hit@5); hit@1
and MRR over the first 10 beside it. Prints the figures per class (and per kind of
compound, and per page language) for each engine; --misses lists, per engine, the
queries not found in the first 5 with what came instead. Writes the figures, and per
query each engine's rank and first 5, as JSON (default
benchmarks/results/search-quality.json). Asserts nothing; tests never time anything.

Others edit the same working tree: `--rev HEAD` measures the package (plugins/),
mkdocs.yml and sample content as committed (git archive), not the tree's uncommitted
edits; the judged set and the test insights always come from the tree.

Needs Chromium (/usr/bin/chromium), Playwright, and for pagefind `pagefind[bin]`
(`pip install -e '.[bench]'`).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import browser_search  # noqa: E402
import measure  # noqa: E402
import pagefind_baseline as baseline  # noqa: E402

QUERIES = HERE / "judged" / "queries.yml"
TEST_CONTENT = HERE / "judged" / "content"
RESULTS = HERE / "results" / "search-quality.json"
ENGINES = ("site", "cli", "pagefind")
CLASSES = ("inflection", "compound", "multiword", "topical", "category", "typo", "phrase", "cross-language")
KINDS = ("tail", "head", "split", "join")
LANGUAGES = ("en", "nl")
# The overview of each language, below the site's root (the site's language table:
# English at the root, Dutch below nl/).
OVERVIEW = {"en": "insights/", "nl": "nl/inzichten/"}
TOP = 10
FOUND = 5
TIMEOUT_MS = 15_000


# -- the judged set ------------------------------------------------------------------


def load_queries(path: Path = QUERIES) -> list[dict]:
    """The queries, checked: every field known, every expected insight in the site."""
    queries = yaml.safe_load(path.read_text(encoding="utf-8"))
    known = {
        f"content/{p.parent.name}/{p.name}"
        for folder in (ROOT / "content", TEST_CONTENT)
        for p in folder.glob("*/*.md")
        if p.stem not in ("index", "about")
    }
    problems = []
    for number, q in enumerate(queries, 1):
        where = f"{path.name}: query {number} ({q.get('q')!r})"
        unknown = set(q) - {"q", "lang", "both", "class", "kind", "expect", "note"}
        if unknown:
            problems.append(f"{where}: unknown keys {sorted(unknown)}")
        if not isinstance(q.get("q"), str) or not q["q"].strip():
            problems.append(f"{where}: 'q' must be the query text")
        if q.get("lang") not in LANGUAGES:
            problems.append(f"{where}: 'lang' must be one of {', '.join(LANGUAGES)}")
        if q.get("class") not in CLASSES:
            problems.append(f"{where}: 'class' must be one of {', '.join(CLASSES)}")
        if q.get("kind") is not None and (q.get("class") != "compound" or q["kind"] not in KINDS):
            problems.append(f"{where}: 'kind' is for compounds only, one of {', '.join(KINDS)}")
        q["both"] = bool(q.get("both", False))
        expect = q.get("expect") or []
        if not expect:
            problems.append(f"{where}: no expected insights")
        for item in expect:
            if item not in known:
                problems.append(f"{where}: expected {item} is neither in content/ nor in benchmarks/judged/content/")
            elif not q["both"] and item.split("/")[1] != q.get("lang"):
                problems.append(f"{where}: expected {item} is not in the language searched ({q.get('lang')})")
    if problems:
        raise SystemExit("\n".join(problems))
    return queries


def searched(q: dict) -> list[str]:
    """The languages a query searches, the page's first."""
    return [q["lang"], *[code for code in LANGUAGES if code != q["lang"]]] if q["both"] else [q["lang"]]


# -- the site ------------------------------------------------------------------------


def export(rev: str, folder: Path) -> tuple[Path, str]:
    """plugins/, mkdocs.yml, content/ and glossary.yml as committed in `rev`, and its commit."""

    def git(*args: str) -> bytes:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True)
        if done.returncode != 0:
            raise SystemExit(f"git {' '.join(args)}: {done.stderr.decode().strip()}")
        return done.stdout

    commit = git("rev-parse", "--short", rev).decode().strip()
    source = folder / "source"
    # glossary.yml only where `rev` has one (it came with issue 12's cross-language search).
    names = ["plugins", "mkdocs.yml", "content"]
    if (
        subprocess.run(["git", "cat-file", "-e", f"{commit}:glossary.yml"], cwd=ROOT, capture_output=True).returncode
        == 0
    ):
        names.append("glossary.yml")
    with tarfile.open(fileobj=io.BytesIO(git("archive", commit, *names))) as tar:
        # The "data" filter (Python 3.12, and 3.10/3.11 security releases) refuses odd members.
        tar.extractall(source, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    return source, commit


def use_package(plugins: Path) -> None:
    """Import quickinsights from `plugins` here and in the build's process."""
    sys.path.insert(0, str(plugins))
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(plugins), os.environ.get("PYTHONPATH")]))


def make_project(folder: Path, source: Path = ROOT) -> Path:
    """`source`'s mkdocs.yml and sample content, and the test insights, in one project."""
    project = folder / "project"
    project.mkdir(parents=True)
    shutil.copy(source / "mkdocs.yml", project / "mkdocs.yml")
    # The site's glossary (glossary.yml next to mkdocs.yml), where the source has one.
    if (source / "glossary.yml").is_file():
        shutil.copy(source / "glossary.yml", project / "glossary.yml")
    shutil.copytree(source / "content", project / "content")
    for source in sorted(TEST_CONTENT.glob("*/*.md")):
        target = project / "content" / source.parent.name / source.name
        if target.exists():
            raise SystemExit(
                f"{source.relative_to(ROOT)}: content/ already has {target.relative_to(project)}; rename the test insight"
            )
        shutil.copy(source, target)
    return project


def build(project: Path) -> tuple[Path, float]:
    site = project / "site"
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--quiet",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site),
        ],
        cwd=project,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"mkdocs build --strict failed:\n{done.stdout}{done.stderr}")
    return site, time.perf_counter() - started


def result_path(url: str, lang: str) -> str:
    """An insight's address on the site as its file: the slug is the file name."""
    slug = urllib.parse.urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    return f"content/{lang}/{slug}.md"


# -- the engines ---------------------------------------------------------------------

# The overview reads its state from the URL on popstate (filter.js), and marks the
# result list busy at once, until this query's first cards are in.
SITE_JS = """
async ([search, timeout]) => {
  const root = document.querySelector('[data-qi-overview]');
  const list = root.querySelector('.qi-cards');
  history.pushState(null, '', location.pathname + search);
  dispatchEvent(new PopStateEvent('popstate'));
  const started = performance.now();
  while (list.hasAttribute('aria-busy')) {
    if (performance.now() - started > timeout) return { error: 'no answer within ' + timeout + ' ms' };
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const status = root.querySelector('.qi-result-count').textContent;
  if (status === root.dataset.unavailable) return { error: status };
  return { cards: [...list.querySelectorAll('.qi-card')].map((card) => ({
    lang: card.lang, href: card.querySelector('.qi-card__link').getAttribute('href') })) };
}
"""

PAGEFIND_JS = """
async ([query, langs, count]) => {
  /* term */
  const found = [];
  for (const lang of langs) {
    const search = await window.__pf[lang].search(term(query));
    for (const result of search.results) found.push({ result, lang });
  }
  found.sort((a, b) => b.result.score - a.result.score);
  const top = found.slice(0, count);
  const data = await Promise.all(top.map((f) => f.result.data()));
  return data.map((d, i) => ({ url: d.url, lang: top[i].lang }));
}
""".replace("/* term */", baseline.TERM_JS)


def run_site(browser, base: str, queries: list[dict]) -> dict[int, list[str] | str]:
    context = browser.new_context()
    pages = {}
    errors: list[str] = []
    out: dict[int, list[str] | str] = {}
    try:
        for lang in LANGUAGES:
            page = context.new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(base + OVERVIEW[lang])
            page.wait_for_selector("form.qi-filter:not([hidden])")
            pages[lang] = page
        for number, q in queries:
            params = {"q": q["q"]} if q["both"] else {"lang": q["lang"], "q": q["q"]}
            answer = pages[q["lang"]].evaluate(SITE_JS, ["?" + urllib.parse.urlencode(params), TIMEOUT_MS])
            if "error" in answer:
                out[number] = answer["error"]
            else:
                out[number] = [result_path(c["href"], c["lang"]) for c in answer["cards"][:TOP]]
    finally:
        context.close()
    if errors:
        print(f"site: {len(errors)} script errors in the page, the first: {errors[0]}", file=sys.stderr)
    return out


@contextmanager
def inside(folder: Path):
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


HIT_LINE = re.compile(r"^\d+\. .*\((en|nl)(, draft)?\)$")


def parse_cli(output: str) -> list[str]:
    """The paths of `insights search`'s numbered results, in order."""
    lines = output.splitlines()
    return [lines[i + 1].strip() for i, line in enumerate(lines[:-1]) if HIT_LINE.match(line)]


def run_cli(project: Path, queries: list[dict]) -> dict[int, list[str] | str]:
    from click.testing import CliRunner

    try:
        from quickinsights.cli.main import main
    except ImportError as error:
        raise SystemExit(
            f"cli: cannot import quickinsights.cli.main ({error}); with --rev, is a file it imports uncommitted?"
        ) from None

    print(f"cli: quickinsights from {Path(sys.modules['quickinsights'].__file__).parent}", file=sys.stderr)
    runner = CliRunner()  # click 8.2 and later keep stdout and stderr apart
    out: dict[int, list[str] | str] = {}
    with inside(project):
        for number, q in queries:
            args = ["search", q["q"], "--limit", str(TOP)] + ([] if q["both"] else ["--lang", q["lang"]])
            result = runner.invoke(main, args, catch_exceptions=True)
            if result.exit_code != 0:
                out[number] = (result.output.strip().splitlines() or [repr(result.exception)])[-1]
            else:
                out[number] = parse_cli(result.stdout)
    return out


def run_pagefind(browser, base: str, queries: list[dict]) -> dict[int, list[str] | str]:
    context = browser.new_context()
    out: dict[int, list[str] | str] = {}
    try:
        page = context.new_page()
        page.goto(base)
        page.evaluate(baseline.LOAD_JS, list(LANGUAGES))
        for number, q in queries:
            try:
                found = page.evaluate(PAGEFIND_JS, [q["q"], searched(q), TOP])
                out[number] = [result_path(r["url"], r["lang"]) for r in found]
            except Exception as error:  # noqa: BLE001 - one bad query should not end the run
                out[number] = str(error).splitlines()[0]
    finally:
        context.close()
    return out


# -- figures -------------------------------------------------------------------------


def rank(ranked: list[str], expect: list[str]) -> int | None:
    return next((i for i, path in enumerate(ranked[:TOP], 1) if path in expect), None)


def figures(ranks: list[int | None]) -> dict:
    n = len(ranks)
    if not n:
        return {"n": 0}
    return {
        "n": n,
        "hit@1": round(sum(r == 1 for r in ranks) / n, 4),
        "hit@5": round(sum(r is not None and r <= FOUND for r in ranks) / n, 4),
        "mrr@10": round(sum(1 / r for r in ranks if r) / n, 4),
    }


def groups(queries: list[dict]) -> list[tuple[str, list[int]]]:
    """(row name, query numbers): all, each class, each compound kind, each page language."""
    rows = [("all", [n for n, _ in queries])]
    for cls in CLASSES:
        members = [n for n, q in queries if q["class"] == cls]
        if members:
            rows.append((cls, members))
        if cls == "compound":
            rows += [(f"  {kind}", m) for kind in KINDS if (m := [n for n, q in queries if q.get("kind") == kind])]
    rows += [(f"{lang} page", m) for lang in LANGUAGES if (m := [n for n, q in queries if q["lang"] == lang])]
    return rows


def table(queries: list[dict], ranks: dict[str, dict[int, int | None]]) -> str:
    engines = list(ranks)
    head = f"{'':<16}{'n':>4}" + "".join(f" │ {e:<8}{'hit@1':>6}{'hit@5':>6}{'MRR':>6}" for e in engines)
    lines = [head, "─" * len(head)]
    pct = lambda x: f"{100 * x:5.0f}%"  # noqa: E731
    for name, members in groups(queries):
        row = f"{name:<16}{len(members):>4}"
        for engine in engines:
            f = figures([ranks[engine][n] for n in members])
            row += f" │ {'':<8}{pct(f['hit@1'])}{pct(f['hit@5'])}{f['mrr@10']:6.2f}"
        lines.append(row)
    return "\n".join(lines)


def short(path: str) -> str:
    return path.removeprefix("content/").removesuffix(".md")


def misses(queries: list[dict], results: dict[str, dict], ranks: dict[str, dict]) -> str:
    lines = []
    for engine in ranks:
        missed = [(n, q) for n, q in queries if not (ranks[engine][n] and ranks[engine][n] <= FOUND)]
        lines.append(f"\n{engine}: {len(missed)} of {len(queries)} not in the first {FOUND}")
        for n, q in missed:
            got = results[engine][n]
            scope = "+".join(searched(q))
            kind = f"/{q['kind']}" if q.get("kind") else ""
            lines.append(f"  {q['q']!r} [{scope}, {q['class']}{kind}] expected {', '.join(map(short, q['expect']))}")
            if isinstance(got, str):
                lines.append(f"      error: {got}")
            else:
                r = ranks[engine][n]
                lines.append(
                    f"      got: {', '.join(map(short, got[:3])) or 'nothing'}"
                    + (f" (first expected at {r})" if r else "")
                )
    return "\n".join(lines)


# -- the run -------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--engines", default=",".join(ENGINES), help=f"comma-separated, of {', '.join(ENGINES)} (default: all)"
    )
    parser.add_argument("--classes", default="", help=f"comma-separated, of {', '.join(CLASSES)} (default: all)")
    parser.add_argument("--misses", action="store_true", help="list, per engine, the queries not found in the first 5")
    parser.add_argument(
        "--json", type=Path, default=RESULTS, help=f"write the figures here (default: {RESULTS.relative_to(ROOT)})"
    )
    parser.add_argument(
        "--rev",
        help="measure plugins/, mkdocs.yml and content/ as committed in REV (e.g. HEAD), not the working tree's",
    )
    parser.add_argument("--keep", action="store_true", help="keep the built project and say where")
    args = parser.parse_args()
    engines = [e for e in args.engines.split(",") if e]
    classes = [c for c in args.classes.split(",") if c]
    for name, chosen, allowed in (("engine", engines, ENGINES), ("class", classes, CLASSES)):
        if wrong := [x for x in chosen if x not in allowed]:
            parser.error(f"unknown {name} {', '.join(wrong)}; choose from {', '.join(allowed)}")

    every = load_queries()
    queries = [(n, q) for n, q in enumerate(every, 1) if not classes or q["class"] in classes]
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="search-quality-"))
    timings: dict[str, float] = {}
    results: dict[str, dict] = {}
    try:
        if args.rev:
            source, commit = export(args.rev, folder)
            use_package(source / "plugins")
            code = {"commit": commit, "uncommitted_changes": False, "measured": f"git archive {commit}"}
        else:
            source, code = ROOT, measure.commit(ROOT)
        project = make_project(folder, source)
        site, timings["build"] = build(project)
        print(f"built {site} in {timings['build']:.1f} s; {len(queries)} queries", file=sys.stderr)
        if "cli" in engines:
            t = time.perf_counter()
            results["cli"] = run_cli(project, queries)
            timings["cli"] = time.perf_counter() - t
        browser_engines = [e for e in engines if e in ("site", "pagefind")]
        if browser_engines:
            from playwright.sync_api import sync_playwright

            pagefind = None
            if "pagefind" in engines:
                t = time.perf_counter()
                baseline.build(site, log=lambda text: print(text, file=sys.stderr))
                timings["pagefind_index"] = time.perf_counter() - t
                pagefind = baseline.folder(site)
            base, server = browser_search.serve(site, False, pagefind)
            try:
                with sync_playwright() as p:
                    browser = p.chromium.launch(
                        executable_path=browser_search.CHROMIUM, headless=True, args=browser_search.CHROMIUM_ARGS
                    )
                    for engine in browser_engines:
                        t = time.perf_counter()
                        results[engine] = (run_site if engine == "site" else run_pagefind)(browser, base, queries)
                        timings[engine] = time.perf_counter() - t
                    browser.close()
            finally:
                server.shutdown()
    finally:
        if args.keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    timings["total"] = time.perf_counter() - started

    engines = [e for e in ENGINES if e in results]
    ranks = {
        e: {n: (None if isinstance(results[e][n], str) else rank(results[e][n], q["expect"])) for n, q in queries}
        for e in engines
    }
    errors = {e: sum(isinstance(r, str) for r in results[e].values()) for e in engines}
    print(
        f"\nJudged search quality, commit {code['commit']}{' + uncommitted changes' if code['uncommitted_changes'] else ''}: "
        f"hit@1, hit@5 (an expected insight in the first {FOUND}), MRR over the first {TOP}\n"
    )
    print(table(queries, ranks))
    print("\n" + "; ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items()))
    for engine, count in errors.items():
        if count:
            print(f"{engine}: {count} queries failed (counted as not found); --misses shows them", file=sys.stderr)
    if args.misses:
        print(misses(queries, results, ranks))

    out = {
        **code,
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "queries": len(queries),
        "classes": classes or list(CLASSES),
        "found_in_first": FOUND,
        "seconds": {name: round(s, 1) for name, s in timings.items()},
        "figures": {
            e: {name.strip(): figures([ranks[e][n] for n in members]) for name, members in groups(queries)}
            for e in engines
        },
        "errors": errors,
        "per_query": [
            {
                "q": q["q"],
                "lang": q["lang"],
                "both": q["both"],
                "class": q["class"],
                **({"kind": q["kind"]} if q.get("kind") else {}),
                **{
                    e: {
                        "rank": ranks[e][n],
                        "first": results[e][n]
                        if isinstance(results[e][n], str)
                        else list(map(short, results[e][n][:FOUND])),
                    }
                    for e in engines
                },
            }
            for n, q in queries
        ],
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    # One line per query: a diff between two runs then shows the queries that changed.
    rows = out.pop("per_query")
    text = json.dumps(out, indent=1, ensure_ascii=False)[:-2]
    text += (
        ',\n "per_query": [\n' + ",\n".join("  " + json.dumps(row, ensure_ascii=False) for row in rows) + "\n ]\n}\n"
    )
    json.loads(text)
    args.json.write_text(text, encoding="utf-8")
    print(f"\nwrote {args.json}", file=sys.stderr)


if __name__ == "__main__":
    main()
