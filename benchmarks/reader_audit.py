"""The reader's figures of the sample site: axe-core's violations by impact over every
page state of the browser tests (page types x languages x phone/desktop x light/dark),
the colour pairs that fail contrast, the overview's layout shift (CLS) and where its
first card starts on a 390x844 phone, with and without JavaScript.

    python benchmarks/reader_audit.py [--site site/]

The same measurements as tests/test_reader_a11y.py, printed rather than asserted, so
that a site built from an older commit can be compared (it waits for the overview's
script in a way that works before and after issue 16).
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import test_reader_a11y as reader  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS, build_site, make_project, serve  # noqa: E402


def settle(page) -> None:
    """Like the test's, but also for an overview built before data-qi-ready existed."""
    page.wait_for_load_state("load")
    if page.locator("[data-qi-overview]").count():
        page.wait_for_selector("[data-qi-ready], form.qi-filter:not([hidden])", state="attached")
        page.wait_for_selector(".qi-cards:not([aria-busy])", state="attached")
        page.wait_for_timeout(300)


def audit(browser, base: str) -> None:
    impacts: collections.Counter[str] = collections.Counter()
    rules: collections.Counter[tuple[str, str]] = collections.Counter()
    pairs: set[tuple[str, str, float]] = set()
    states = failing = 0
    for viewport in reader.VIEWPORTS:
        for scheme in reader.SCHEMES:
            context = browser.new_context(viewport=reader.VIEWPORTS[viewport], color_scheme=scheme)
            page = context.new_page()
            for _name, path in reader.page_urls():
                page.goto(base + path)
                settle(page)
                violations = reader.axe_violations(page)
                states += 1
                failing += any(v["impact"] in reader.BLOCKING for v in violations)
                for v in violations:
                    impacts[v["impact"]] += 1
                    rules[v["impact"], v["id"]] += 1
                    for node in v["nodes"] if v["id"] == "color-contrast" else []:
                        data = node["any"][0]["data"] if node["any"] else {}
                        pairs.add((data.get("fgColor"), data.get("bgColor"), data.get("contrastRatio")))
            context.close()
    print(f"axe: {failing} of {states} page states with a serious or critical violation")
    print("axe violations (rule x page state) by impact:", dict(impacts) or "none")
    for (impact, rule), count in sorted(rules.items()):
        print(f"  {impact:<9} {rule:<32} {count}")
    print(f"colour pairs failing contrast: {len(pairs)}")
    for fg, bg, ratio in sorted(pairs, key=str):
        print(f"  {fg} on {bg}: {ratio}:1")
    reader.settle = settle
    for path in ("insights/", "nl/inzichten/", "insights/?q=feedback"):
        shifts = {vp: reader.layout_shift(browser, base + path, size) for vp, size in reader.VIEWPORTS.items()}
        print(f"CLS {path:<22} " + "  ".join(f"{vp} {value:.3f}" for vp, value in shifts.items()))
    for path in ("insights/", "nl/inzichten/"):
        scripted = reader.first_card_top(browser, base + path)
        plain = reader.first_card_top(browser, base + path, javascript=False)
        print(f"first card y at 390x844 {path:<15} {scripted:.0f} px (without JavaScript {plain:.0f} px)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the sample site)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or build_site(make_project(Path(tmp), with_sample=True))
        base, server = serve(site)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                audit(browser, base)
                browser.close()
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
