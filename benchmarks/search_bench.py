"""Benchmark of the whoosh search module (plugins/quickinsights/search/index.py).

    .venv/bin/python benchmarks/search_bench.py --per-language 5000
    .venv/bin/python benchmarks/search_bench.py --compounds

On a corpus from generate.py (N insights per language) it prints:
  - what a cold site build pays for the related insights (no whoosh index: the build
    makes none), and what the first `insights search` pays for the whole index;
  - query times (p50, p95, max) over the benchmark's reader queries, after one
    warm-up query, and the first query of a fresh index object;
  - what a rebuild pays with warm caches: nothing changed, one insight edited (index
    update + related insights), and one edited without an index;
  - how many insights got 3-5 related insights.
Budgets (issue 5): query p95 <= 50 ms at 5,000 per language; related insights add at
most 10% to a cold build (compare build_related_cold_s with a cold build from run.py)
and at most 2 s to a rebuild after one change.

--compounds lists every Dutch compound expansion on the sample content, to judge the
precision of the compound splitting by eye. Figures only: nothing here asserts time.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402
from quickinsights.model.content import load_corpus  # noqa: E402
from quickinsights.search import index as search  # noqa: E402
from run import QUERIES, edit_one_article  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def measure(per_language: int, seed: int, rounds: int, work: Path, profile: Path | None) -> dict:
    site = work / "site"
    generate.generate(site, per_language, seed)
    corpus, load_s = timed(load_corpus, site / "content", root=site)
    profiler = cProfile.Profile() if profile else None

    # What a cold site build pays: the related insights, from the articles it has loaded
    # (the build makes no whoosh index).
    build_cache = work / "build-cache"
    shutil.rmtree(build_cache, ignore_errors=True)
    if profiler:
        profiler.enable()
    related, build_related_s = timed(search.update_related, search.SearchIndex(build_cache), articles=corpus.articles)
    if profiler:
        profiler.disable()
        profiler.dump_stats(str(profile))
    counts = Counter(min(len(related.get(a.path)), 5) for a in corpus.articles if not a.draft)

    # What the first `insights search` pays: the whole index.
    cache = work / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    index = search.SearchIndex(cache)
    _, index_s = timed(index.sync, corpus.articles, site)

    # Queries on an open index, as a long-running process sees them.
    index.search("warm up")
    times = []
    for _ in range(rounds):
        for lang, queries in QUERIES.items():
            for text in queries:
                _, seconds = timed(index.search, text, lang=lang)
                times.append(seconds * 1000)
    # The first query of a fresh index object (as in a new `insights search` process).
    _, first_query_s = timed(search.SearchIndex(cache).search, "klantloyaliteit", lang="nl")

    # A rebuild with warm caches: what the build's plugin does (related insights, and
    # the index since one exists now), with nothing changed and after one edit.
    def rebuild(with_index: bool) -> float:
        fresh = load_corpus(site / "content", root=site)  # the build loads it anyway
        start = time.perf_counter()
        idx = search.SearchIndex(cache if with_index else build_cache)
        if with_index:
            idx.sync(fresh.articles, site)
        search.update_related(idx, articles=fresh.articles)
        return time.perf_counter() - start

    rebuild(True)  # the index's cache has no related.json yet
    unchanged_s = rebuild(True)
    edit_one_article(site / "content")
    one_edit_s = rebuild(True)
    edit_one_article(site / "content")
    one_edit_no_index_s = rebuild(False)

    return {
        "per_language": per_language,
        "documents": len(corpus.articles),
        "load_corpus_s": round(load_s, 2),
        "build_related_cold_s": round(build_related_s, 2),
        "index_cold_s": round(index_s, 2),
        "queries": len(times),
        "query_p50_ms": round(statistics.median(times), 1),
        "query_p95_ms": round(percentile(times, 0.95), 1),
        "query_max_ms": round(max(times), 1),
        "first_query_fresh_index_ms": round(first_query_s * 1000, 1),
        "rebuild_unchanged_s": round(unchanged_s, 2),
        "rebuild_one_edit_s": round(one_edit_s, 2),
        "rebuild_one_edit_no_index_s": round(one_edit_no_index_s, 2),
        "related_counts": {str(k): v for k, v in sorted(counts.items())},
        "cache_mb": round(sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) / 1e6, 1),
    }


def compounds(content_dir: Path) -> None:
    """Every Dutch compound of the sample content's vocabulary and its parts, as both
    searches split them (analysis.find_compounds over the index's words and terms)."""
    with tempfile.TemporaryDirectory() as tmp:
        index = search.SearchIndex(Path(tmp))
        index.sync_files(content_dir, content_dir.parent)
        source = index._current_source()
        found = source.compounds()
        words = len(source.vocabulary("nl").words)
    print(f"{words} Dutch words, {len(found.parts)} compounds, {len(found.containing)} parts:")
    for compound, parts in sorted(found.parts.items()):
        print(f"  {compound:>28} = {' + '.join(parts)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--per-language", type=int, nargs="+", default=[1000], help="insights per language (default 1000)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5, help="times each query runs (default 5)")
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the cold index + related here")
    parser.add_argument("--compounds", action="store_true", help="list the compound expansions on the sample content")
    args = parser.parse_args(argv)
    if args.compounds:
        compounds(REPO / "content")
        return 0
    for n in args.per_language:
        work = args.work or Path(tempfile.mkdtemp(prefix="search-bench-"))
        try:
            print(json.dumps(measure(n, args.seed, args.rounds, work, args.profile), indent=2), flush=True)
        finally:
            if not args.work:
                shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
