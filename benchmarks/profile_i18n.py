"""Why does mkdocs-static-i18n grow faster than linearly? Measure it.

    .venv/bin/python benchmarks/profile_i18n.py --sizes 200 1000

For each size it builds the baseline site (measure.baseline_config: MkDocs + Material +
static-i18n + Material's search, no quickinsights) four ways: one language built or
two, each with static-i18n's `reconfigure_search` on (the plugin's default) and off
(our mkdocs.yml). Each build runs in its own process; the two-language builds are then
run once more under cProfile, and the cumulative times of static-i18n's functions (and
the number of calls of the search de-duplication's inner lambda) are printed.

The finding (docs/performance.md): with `reconfigure_search: true`, static-i18n's
`reconfigure_search_duplicates` compares every search entry of the default language
with every entry of the other languages (a `filter` over a list, per entry, plus
`list.remove`), which is quadratic in the number of pages. Our mkdocs.yml turns it off.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import subprocess
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402
import measure  # noqa: E402

VARIANTS = {
    "one language, reconfigure_search off": (False, False),
    "two languages, reconfigure_search off": (True, False),
    "one language, reconfigure_search on": (False, True),
    "two languages, reconfigure_search on": (True, True),
}


def variant_config(base: Path, out: Path, both: bool, reconfigure_search: bool) -> None:
    config = yaml.safe_load(base.read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            plugin["i18n"]["reconfigure_search"] = reconfigure_search
            for language in plugin["i18n"]["languages"]:
                if not language.get("default"):
                    language["build"] = both
    out.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")


def profile_build(config: Path, site_dir: Path, out: Path) -> dict:
    """One build under cProfile, in a child process; static-i18n's functions by
    cumulative time."""
    cmd = [
        sys.executable,
        "-m",
        "cProfile",
        "-o",
        str(out),
        str(measure.BIN / "mkdocs"),
        "build",
        "-q",
        "-f",
        str(config),
        "-d",
        str(site_dir),
    ]
    subprocess.run(
        cmd,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stats = pstats.Stats(str(out))
    found = {"total_s": round(stats.total_tt, 2)}
    for (path, line, name), (_, calls, _, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        if "mkdocs_static_i18n" in path and (cumulative > 0.05 or name == "<lambda>" and calls > 10_000):
            key = f"{path.split('site-packages/')[-1]}:{line}({name})"
            found[key] = {"cumulative_s": round(cumulative, 2), "calls": calls}
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/quickinsights-bench/i18n"))
    parser.add_argument("--repeat", type=int, default=3, help="timed builds of each variant (the fastest counts)")
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args(argv)
    results: dict = {}
    for size in args.sizes:
        work = args.workdir / f"n{size}"
        site = work / "corpus"
        generate.generate(site, size, args.seed)
        measure.baseline_config(site / "mkdocs.yml", site / "baseline.yml")
        results[size] = {"builds": {}, "profiles": {}}
        for _name, (both, reconfigure) in VARIANTS.items():
            variant_config(
                site / "baseline.yml", site / f"variant-{int(both)}{int(reconfigure)}.yml", both, reconfigure
            )
        # Interleaved repeats, fastest counts: load from other work only ever adds time.
        for _ in range(args.repeat):
            for name, (both, reconfigure) in VARIANTS.items():
                config = site / f"variant-{int(both)}{int(reconfigure)}.yml"
                build = measure.run_build(config, work / "site", False, work / "build.log")
                best = results[size]["builds"].setdefault(name, {"wall_s": build.seconds, "cpu_s": build.cpu_seconds})
                best["wall_s"] = min(best["wall_s"], build.seconds)
                best["cpu_s"] = min(best["cpu_s"], build.cpu_seconds)
                print(
                    f"n={size:5}  {name:40} {build.seconds:7.2f} s  CPU {build.cpu_seconds:7.2f} s  "
                    f"(load {build.load_before:.2f})",
                    file=sys.stderr,
                )
        b = results[size]["builds"]
        for setting in ("off", "on"):
            two, one = (
                b[f"two languages, reconfigure_search {setting}"],
                b[f"one language, reconfigure_search {setting}"],
            )
            ratios = {kind: round(two[kind] / one[kind], 2) for kind in ("wall_s", "cpu_s")}
            results[size][f"two/one, reconfigure_search {setting}"] = ratios
            print(
                f"n={size:5}  two/one with reconfigure_search {setting}: wall {ratios['wall_s']:.2f}, CPU {ratios['cpu_s']:.2f}",
                file=sys.stderr,
            )
        if not args.no_profile:
            for setting, flag in (("off", 0), ("on", 1)):
                profile = profile_build(site / f"variant-1{flag}.yml", work / "site", work / f"two-{setting}.prof")
                results[size]["profiles"][f"two languages, reconfigure_search {setting}"] = profile
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
