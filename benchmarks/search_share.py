"""CPU a cold build spends on search, step by step, as the plugin runs the steps.

    PYTHONPATH=<code>/plugins .venv/bin/python benchmarks/search_share.py CORPUS BUILT_SITE WORK

CORPUS is a site folder from generate.py, BUILT_SITE its built site (`mkdocs build -d`),
WORK a scratch folder (replaced). Prints the CPU seconds of: the analysis of every
insight (once, for the site index and the related insights), the related insights
(cold cache, from the analysis' term counts), the site index made
(sitesearch.build_index), the sections read from every built page (page_sections) and
the index written. Divide their total by a cold build's CPU time (user + system,
e.g. `/usr/bin/time -v mkdocs build`) for the share of the build. With PYTHONPATH
pointing at another checkout's plugins/, the same steps of that code. Figures only.
"""

from __future__ import annotations

import json
import resource
import shutil
import sys
from pathlib import Path

import quickinsights
from quickinsights.model.categories import load_vocabulary
from quickinsights.model.content import load_corpus
from quickinsights.search import index as search
from quickinsights.search import sitesearch


def cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    site, built, work = (Path(a) for a in sys.argv[1:])
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    articles = load_corpus(site / "content", root=site).articles
    published = [a for a in articles if not a.draft]
    vocabulary = load_vocabulary()
    out: dict[str, object] = {"code": str(Path(quickinsights.__file__).parent)}
    steps: dict[str, float] = {}
    start = cpu()
    analysed = sitesearch.analyse(articles, vocabulary)
    steps["analyse"] = cpu() - start
    start = cpu()
    counts = {path: terms.counts for path, terms in analysed.items()}
    search.update_related(search.SearchIndex(work / "related"), articles=articles, counts=counts)
    steps["related"] = cpu() - start
    start = cpu()
    index = sitesearch.build_index(published, vocabulary, analysed)
    steps["build_index"] = cpu() - start
    start = cpu()
    for page in built.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        sitesearch.page_sections(html[max(0, html.find("<article")) :])
    steps["page_sections"] = cpu() - start
    start = cpu()
    sitesearch.write_index(work / "site", index)
    steps["write_index"] = cpu() - start
    out.update({name: round(seconds, 2) for name, seconds in steps.items()})
    out["total"] = round(sum(steps.values()), 2)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
