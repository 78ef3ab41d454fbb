"""The measurements behind `benchmarks/run.py`: timed builds in a child process, page
and index sizes on disk, and the machine the figures come from.

Every build runs in its own process, so that its wall time includes start-up (as a
site owner sees it) and its peak memory is its own: `os.wait4` returns the rusage of
exactly that child, and on Linux its `ru_maxrss` also covers the child's own children,
if any, because they are waited for before the child exits.
"""

from __future__ import annotations

import gzip
import importlib.metadata
import os
import platform
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

BIN = Path(sys.executable).parent
# Pagefind: not the site's, the search baseline's (benchmarks/pagefind_baseline.py).
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pagefind", "whoosh", "quickinsights")
# Plugins of the baseline besides static-i18n: a stock Material site keeps its search.
BASELINE_PLUGINS = ("search",)


@dataclass
class Build:
    seconds: float
    # CPU time (user + system) of the child and its children: far less disturbed than
    # wall time by other work on a shared machine, but blind to time spent waiting.
    cpu_seconds: float
    max_rss_mb: float
    returncode: int
    load_before: float
    log_tail: str = ""


def run_build(config_file: Path, site_dir: Path, strict: bool, log_file: Path) -> Build:
    """`mkdocs build` in a child process; wall time and that child's peak memory."""
    cmd = [str(BIN / "mkdocs"), "build", "-q", "-f", str(config_file), "-d", str(site_dir)]
    if strict:
        cmd.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": "https://example.org/"}
    load = os.getloadavg()[0]
    with open(log_file, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=config_file.parent)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    tail = ""
    if proc.returncode:
        tail = log_file.read_text(encoding="utf-8", errors="replace")[-3000:]
    cpu = usage.ru_utime + usage.ru_stime
    return Build(round(seconds, 3), round(cpu, 3), round(usage.ru_maxrss / 1024, 1), proc.returncode, load, tail)


def baseline_config(full_config: Path, out: Path) -> None:
    """A stock bilingual Material site over the same content: MkDocs + Material +
    mkdocs-static-i18n (folder structure, `reconfigure_search: false`) with Material's
    search plugin, the same theme and Markdown settings, and a nav of the pages that
    exist as files (home, about), so no insight is in the nav. No quickinsights."""

    class Loader(yaml.SafeLoader):
        pass

    # `!ENV [NAME, default]`: a benchmark always uses the default.
    Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])
    config = yaml.load(full_config.read_text(encoding="utf-8"), Loader=Loader)
    docs_dir = full_config.parent / config.get("docs_dir", "docs")
    i18n = None
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            i18n = plugin["i18n"]
    if i18n is None:
        raise SystemExit(f"{full_config}: no i18n plugin to build a baseline from")
    i18n["reconfigure_search"] = False
    for language in i18n.get("languages", []):
        folder = docs_dir / language["locale"]
        language["nav"] = [
            entry
            for entry in language.get("nav", [])
            if not isinstance(entry, dict) or (folder / str(next(iter(entry.values())))).is_file()
        ]
    keep = (
        "site_name",
        "site_description",
        "site_url",
        "docs_dir",
        "theme",
        "markdown_extensions",
        "validation",
        "extra",
    )
    baseline = {key: config[key] for key in keep if key in config}
    # Home pages link to the generated overview, which a stock site does not have.
    baseline["validation"] = {**baseline.get("validation", {}), "links": {"not_found": "info"}}
    baseline["plugins"] = [*BASELINE_PLUGINS, {"i18n": i18n}]
    out.write_text(yaml.safe_dump(baseline, sort_keys=False, allow_unicode=True), encoding="utf-8")


def file_sizes(path: Path) -> dict[str, int]:
    data = path.read_bytes()
    return {"raw": len(data), "gzip": len(gzip.compress(data, 6))}


def folder_size(path: Path) -> dict[str, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}


def search_index_size(folder: Path) -> dict:
    """The site search's index (sitesearch.py) on disk: files and bytes in all, and by
    part. A reader's query fetches the entry, a stemmer or two, a few chunks and a card
    per result shown, so the parts say more than the total."""
    parts: dict[str, dict[str, int]] = {}
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        relative = "/" + path.relative_to(folder).as_posix()
        name = next(
            (
                name
                for name, marker in (
                    ("entry", "/index.json"),
                    ("chunks", "/t/"),
                    ("cards", "/d/"),
                    ("stemmers", "/stem-"),
                )
                if marker in relative
            ),
            "other",
        )
        entry = parts.setdefault(name, {"files": 0, "bytes": 0})
        entry["files"] += 1
        entry["bytes"] += path.stat().st_size
    entry_file = folder / "index.json"
    return {
        "files": sum(p["files"] for p in parts.values()),
        "bytes": sum(p["bytes"] for p in parts.values()),
        "parts": parts,
        "entry": file_sizes(entry_file) if entry_file.is_file() else None,
    }


def page_path(site_dir: Path, lang: str, slug: str) -> Path:
    prefix = site_dir if lang == "en" else site_dir / lang
    return prefix / slug / "index.html"


def article_pages(site_dir: Path, content_dir: Path) -> dict[str, dict]:
    """Sizes of every insight's page: one fixed sample (the first English insight),
    the median and the largest, per the raw bytes."""
    sizes = []
    for lang in ("en", "nl"):
        for md in sorted((content_dir / lang).glob("*.md")):
            if md.name in ("index.md", "about.md"):
                continue
            html = page_path(site_dir, lang, md.stem)
            if html.is_file():
                sizes.append((html.stat().st_size, f"{lang}/{md.stem}", html))
    if not sizes:
        return {}
    sample = sizes[0]
    ordered = sorted(sizes)
    largest, median = ordered[-1], ordered[len(ordered) // 2]
    return {
        "count": len(sizes),
        "sample": {"page": sample[1], **file_sizes(sample[2])},
        "median": {"page": median[1], **file_sizes(median[2])},
        "largest": {"page": largest[1], **file_sizes(largest[2])},
    }


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = int(line.split()[1]) // 1024
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_mb": ram, "os": platform.platform()}


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def commit(repo: Path) -> dict:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True).stdout.strip()

    # Others edit the same tree: say whether the measured code had uncommitted changes.
    dirty = git("status", "--porcelain", "--", "plugins", "mkdocs.yml", "pyproject.toml")
    return {"commit": git("rev-parse", "--short", "HEAD"), "uncommitted_changes": bool(dirty)}


__all__ = [
    "Build",
    "asdict",
    "run_build",
    "baseline_config",
    "file_sizes",
    "folder_size",
    "search_index_size",
    "article_pages",
    "machine",
    "versions",
    "commit",
    "page_path",
]
