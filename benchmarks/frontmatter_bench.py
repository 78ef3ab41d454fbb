"""Front matter read by libyaml against the pure-Python reader (issue 15), on the
generated corpus, in one run: prints the seconds of each and their ratio.

    .venv/bin/python benchmarks/frontmatter_bench.py --size 2000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402
from quickinsights.model import frontmatter  # noqa: E402


def read_all(texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        frontmatter.split(text, "x.md")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=2000, help="insights per language")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of each (the fastest counts)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        generate.generate(site, args.size, 1)
        texts = [p.read_text(encoding="utf-8") for p in sorted((site / "content").rglob("*.md"))]
    fast_loader = frontmatter._FastLoader
    fast = slow = float("inf")
    for _ in range(args.repeat):
        frontmatter._FastLoader = None
        slow = min(slow, read_all(texts))
        frontmatter._FastLoader = fast_loader
        fast = min(fast, read_all(texts))
    print(f"{len(texts)} files: pure Python {slow:.2f} s, libyaml {fast:.2f} s, ratio {fast / slow:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
