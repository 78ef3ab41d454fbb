"""Build/search benchmark: Quick Insights against a bare MkDocs + Material +
mkdocs-static-i18n site, on the same generated corpus, in one run.

    .venv/bin/python benchmarks/run.py --sizes 200 1000
    .venv/bin/python benchmarks/run.py --sizes 5000 --repeat 1

For each size (insights per language) it generates a corpus (generate.py), then builds
  (a) the baseline: a stock bilingual Material site (measure.baseline_config), and
  (b) the full Quick Insights configuration (our mkdocs.yml, --strict),
each cold in a fresh process, alternating a and b `--repeat` times (the fastest run
counts: other work on the machine only ever adds time), then once more after one
insight was edited (caches warm). It then measures page sizes, the site search's index
(files and bytes by part, and the time to write it, which the build spends once),
whoosh's index, query and related-insights times, and the site search in Chromium
against its Pagefind baseline (benchmarks/browser_search.py, when present).

Results go to benchmarks/results/n<size>.json; docs/performance.md gets the table.
Ratios are only ever taken between builds of the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import resource
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402
import measure  # noqa: E402
import report  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks" / "results"
# latency_p90_ms: issue 3's "within 150 ms of a keystroke or a filter change", on the
# p90 of each kind (the header box, the overview's keystrokes and its filter changes).
BUDGETS = {
    "ratio_at_1000": 1.3,
    "article_html_kb": 40,
    "first_query_kb": 300,
    "search_share": 0.10,
    "latency_p90_ms": 150,
}
# Queries a reader might type, with inflected forms, so that stemming is exercised.
QUERIES = {
    "en": [
        "customer",
        "loyal customers",
        "leaders",
        "improvements",
        "engagement survey",
        "strategy",
        "managers",
        "feedback conversations",
        "change programmes",
        "teams",
        "measuring",
        "stand-up",
    ],
    "nl": [
        "klanten",
        "klantloyaliteit",
        "medewerkers",
        "leidinggevenden",
        "verbeteringen",
        "strategie",
        "veranderingen",
        "betrokkenheid",
        "overleggen",
        "organisaties",
        "gesprekken",
        "teamleider",
    ],
}


def edit_one_article(content_dir: Path) -> Path:
    """Change one insight as an editor would: a sentence added to its body."""
    path = sorted(p for p in (content_dir / "en").glob("*.md") if p.name not in generate.PAGE_FILES)[0]
    with path.open("a", encoding="utf-8") as f:
        f.write("\nOne more sentence, added to measure a rebuild after a single change.\n")
    return path


def clean(*paths: Path) -> None:
    for path in paths:
        if path.exists():
            shutil.rmtree(path)


def builds(site: Path, work: Path, repeat: int) -> dict:
    base_cfg, full_cfg = site / "baseline.yml", site / "mkdocs.yml"
    measure.baseline_config(full_cfg, base_cfg)
    out = {"baseline": {"cold": []}, "full": {"cold": []}}
    site_a, site_b = work / "site-a", work / "site-b"
    for i in range(repeat):
        for name, cfg, target, strict in (("baseline", base_cfg, site_a, False), ("full", full_cfg, site_b, True)):
            # Cold: no site folder and no cache from an earlier build.
            clean(target, site / ".cache")
            build = measure.run_build(cfg, target, strict, work / f"{name}-cold-{i}.log")
            if build.returncode:
                raise SystemExit(f"{name} build failed ({cfg}):\n{build.log_tail}")
            out[name]["cold"].append(measure.asdict(build))
            print(
                f"  {name:8} cold   {build.seconds:7.2f} s (CPU {build.cpu_seconds:6.2f} s)  {build.max_rss_mb:6.0f} MB  "
                f"load {build.load_before:.2f}",
                file=sys.stderr,
            )
    edited = edit_one_article(site / "content")
    for name, cfg, target, strict in (("baseline", base_cfg, site_a, False), ("full", full_cfg, site_b, True)):
        build = measure.run_build(cfg, target, strict, work / f"{name}-rebuild.log")
        if build.returncode:
            raise SystemExit(f"{name} rebuild failed ({cfg}):\n{build.log_tail}")
        out[name]["rebuild"] = measure.asdict(build)
        print(f"  {name:8} rebuild {build.seconds:6.2f} s  (after editing {edited.name})", file=sys.stderr)
    for name in ("baseline", "full"):
        out[name]["best_cold"] = min(b["seconds"] for b in out[name]["cold"])
        out[name]["best_cold_cpu"] = min(b["cpu_seconds"] for b in out[name]["cold"])
        out[name]["max_rss_mb"] = max(b["max_rss_mb"] for b in out[name]["cold"])
    out["ratio"] = round(out["full"]["best_cold"] / out["baseline"]["best_cold"], 3)
    out["ratio_cpu"] = round(out["full"]["best_cold_cpu"] / out["baseline"]["best_cold_cpu"], 3)
    # The ratio of each pair, so that its spread under the machine's load is visible.
    out["ratio_per_pair"] = [
        round(b["seconds"] / a["seconds"], 3)
        for a, b in zip(out["baseline"]["cold"], out["full"]["cold"], strict=False)
    ]
    return out


def sizes(site: Path, work: Path) -> dict:
    content = site / "content"
    site_a, site_b = work / "site-a", work / "site-b"
    out: dict = {
        "article_full": measure.article_pages(site_b, content),
        "article_baseline": measure.article_pages(site_a, content),
        "overview": {},
    }
    for lang, path in (("en", site_b / "insights" / "index.html"), ("nl", site_b / "nl" / "inzichten" / "index.html")):
        if path.is_file():
            out["overview"][lang] = measure.file_sizes(path)
    search_dir = site_b / "assets" / "search"
    out["search_index"] = measure.search_index_size(search_dir) if search_dir.is_dir() else None
    index_json = site_a / "search" / "search_index.json"
    out["baseline_search_index"] = measure.file_sizes(index_json) if index_json.is_file() else None
    return out


def index_time(site: Path, work: Path) -> tuple[float | None, float | None]:
    """The site search's index made and written as the build does (every insight
    analysed, sitesearch.build_index before the pages, write_index after every
    language), into a scratch folder: wall and CPU time. The analysis serves the
    related insights too; it is counted here, once.
    The insights are loaded first, outside the timing: the build has them already."""
    try:
        from quickinsights.model.categories import load_vocabulary
        from quickinsights.model.content import load_corpus
        from quickinsights.search import sitesearch
    except ImportError:
        return None, None
    articles = [a for a in load_corpus(site / "content", root=site).articles if not a.draft]
    vocabulary = load_vocabulary()
    target = work / "index-timing"
    clean(target)
    before = _cpu()
    start = time.perf_counter()
    sitesearch.write_index(target, sitesearch.build_index(articles, vocabulary))
    seconds, cpu = round(time.perf_counter() - start, 3), round(_cpu() - before, 3)
    clean(target)
    return seconds, cpu


def _cpu() -> float:
    """CPU seconds of this process and its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def validate_cpu(site: Path) -> float | None:
    """CPU time of `insights check`'s validation, which the build runs first."""
    try:
        from quickinsights.model import checks
    except ImportError:
        return None
    before = _cpu()
    checks.validate(site / "content", site)
    return round(_cpu() - before, 3)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def whoosh_figures(site: Path, work: Path, rounds: int = 5) -> dict | None:
    """Related insights as the build computes them (from the articles, no whoosh index:
    cold, then after one edit), and the whoosh index of `insights search` (cold index
    time, query p50/p95). The build analyses every insight once, for the site search
    and the related insights (sitesearch.analyse); that analysis is timed with the
    search index (index_time), not here."""
    try:
        from quickinsights.model.categories import load_vocabulary
        from quickinsights.model.content import load_corpus
        from quickinsights.search import index as search
        from quickinsights.search import sitesearch
    except ImportError:
        return None
    corpus = load_corpus(site / "content", root=site)
    out: dict = {"documents": len(corpus.articles)}
    related_cache = work / "related-cache"
    clean(related_cache)

    def terms(articles):
        return {path: text for path, (_, text) in sitesearch.analyse(articles, load_vocabulary()).items()}

    counts = terms(corpus.articles)
    start, before = time.perf_counter(), _cpu()
    search.update_related(search.SearchIndex(related_cache), articles=corpus.articles, counts=counts)
    out["related_s"] = round(time.perf_counter() - start, 3)
    out["related_cpu_s"] = round(_cpu() - before, 3)
    # One insight changed: what the next build pays for related insights.
    edit_one_article(site / "content")
    edited = load_corpus(site / "content", root=site)
    counts = terms(edited.articles)
    start = time.perf_counter()
    search.update_related(search.SearchIndex(related_cache), articles=edited.articles, counts=counts)
    out["related_one_edit_s"] = round(time.perf_counter() - start, 3)

    cache = work / "whoosh-cache"
    clean(cache)
    index = search.SearchIndex(cache)
    start = time.perf_counter()
    index.sync(edited.articles, site)
    out["index_s"] = round(time.perf_counter() - start, 3)
    index.search("warm up")
    times: list[float] = []
    for _ in range(rounds):
        for lang, queries in QUERIES.items():
            for text in queries:
                start = time.perf_counter()
                index.search(text, lang=lang)
                times.append((time.perf_counter() - start) * 1000)
    out.update(
        queries=len(times),
        query_p50_ms=round(percentile(times, 0.5), 2),
        query_p95_ms=round(percentile(times, 0.95), 2),
    )
    return out


def browser_figures(site_b: Path, site_a: Path) -> dict | None:
    """Bytes a first query transfers, and the latencies. Quick Insights: measured in
    Chromium by browser_search.py (served with gzip, as any web host does), with
    Pagefind over the same site as its baseline when installed. Baseline (a): Material's
    search fetches its whole index and its search worker before the first result, so
    their gzipped sizes are what its first query transfers."""
    out: dict = {}
    worker = sorted((site_a / "assets" / "javascripts" / "workers").glob("search.*.js"))
    index_json = site_a / "search" / "search_index.json"
    if index_json.is_file() and worker:
        out["baseline_first_query_bytes"] = (
            measure.file_sizes(index_json)["gzip"] + measure.file_sizes(worker[0])["gzip"]
        )
    script = REPO / "benchmarks" / "browser_search.py"
    if not script.is_file():
        return out
    spec = importlib.util.spec_from_file_location("browser_search", script)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        found = module.measure(
            site_b, True, with_baseline=_has_pagefind(), log=lambda text: print(f"  {text}", file=sys.stderr)
        )
    except Exception as error:  # noqa: BLE001 - a figure missing, not a failed run
        out["error"] = f"browser_search.py failed: {error!r}"[:500]
        return out
    header = found.get("header_first_query") or []
    if header:
        # The worst of its queries: the budget holds for any first query.
        out["first_query_bytes"] = max(q["bytes"] for q in header)
        out["first_query_requests"] = max(q["requests"] for q in header)
    out["overview_load_bytes"] = (found.get("overview_load") or {}).get("bytes")
    out["overview_first_query_bytes"] = (found.get("overview_first_query") or {}).get("bytes")
    out["latency_ms"] = found.get("latency_ms")
    out["ratios"] = found.get("ratios")
    out["browser_search"] = found
    return out


def _has_pagefind() -> bool:
    """Pagefind, the search baseline, comes with the `bench` extra (make bench)."""
    return importlib.util.find_spec("pagefind") is not None


def budgets(size: int, result: dict) -> dict:
    out = {}
    if size == 1000:
        out["ratio_at_1000"] = {"value": result["builds"]["ratio"], "limit": BUDGETS["ratio_at_1000"]}
    largest = result["sizes"]["article_full"].get("largest", {}).get("raw")
    if largest is not None:
        out["article_html_kb"] = {"value": round(largest / 1000, 1), "limit": BUDGETS["article_html_kb"]}
    first = (result.get("browser") or {}).get("first_query_bytes")
    if first is not None:
        out["first_query_kb"] = {"value": round(first / 1000, 1), "limit": BUDGETS["first_query_kb"]}
    # What the build runs for search: the site search's index and related insights
    # (the build makes no whoosh index since 4235257; `insights search` does).
    # On CPU time, which other work on the machine disturbs far less than wall time.
    whoosh = result.get("whoosh") or {}
    cpu = [result.get("search_index_cpu_s"), whoosh.get("related_cpu_s")]
    wall = [result.get("search_index_s"), whoosh.get("related_s")]
    if None not in cpu and None not in wall:
        full = result["builds"]["full"]
        out["search_share"] = {
            "value": round(sum(cpu) / full["best_cold_cpu"], 3),
            "limit": BUDGETS["search_share"],
            "wall": round(sum(wall) / full["best_cold"], 3),
        }
    lat = (result.get("browser") or {}).get("latency_ms") or {}
    p90 = [
        lat[k]["p90"]
        for k in ("header_keystroke", "overview_keystroke", "filter_change", "filter_change_with_query")
        if k in lat
    ]
    if p90:
        out["latency_p90_ms"] = {"value": max(p90), "limit": BUDGETS["latency_p90_ms"]}
    for entry in out.values():
        entry["met"] = entry["value"] <= entry["limit"]
    return out


def run_size(size: int, seed: int, repeat: int, workdir: Path, browser: bool) -> dict:
    work = workdir / f"n{size}"
    site = work / "corpus"
    clean(work)
    work.mkdir(parents=True)
    print(f"n={size} per language: generating (seed {seed})", file=sys.stderr)
    generate.generate(site, size, seed)
    result: dict = {
        "size_per_language": size,
        "seed": seed,
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        **measure.commit(REPO),
        "machine": measure.machine(),
        "versions": measure.versions(),
        "load_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    result["builds"] = builds(site, work, repeat)
    result["sizes"] = sizes(site, work)
    result["search_index_s"], result["search_index_cpu_s"] = index_time(site, work)
    result["validate_cpu_s"] = validate_cpu(site)
    result["whoosh"] = whoosh_figures(site, work)
    result["browser"] = browser_figures(work / "site-b", work / "site-a") if browser else None
    result["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
    result["budgets"] = budgets(size, result)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000], help="insights per language")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=2, help="cold builds of each kind per size (the fastest counts)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/quickinsights-bench"))
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurement of the first query")
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite the table in docs/performance.md")
    args = parser.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    for size in args.sizes:
        result = run_size(size, args.seed, args.repeat, args.workdir, not args.no_browser)
        out = RESULTS / f"n{size}.json"
        out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(report.summary(result), file=sys.stderr)
        print(f"  -> {out.relative_to(REPO)}", file=sys.stderr)
    if not args.no_docs:
        report.update_docs(RESULTS, REPO / "docs" / "performance.md")
        print("updated docs/performance.md", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
