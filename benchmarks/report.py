"""Turn benchmark results (benchmarks/results/n<size>.json) into the Markdown table in
docs/performance.md, between the two marker comments; the prose around it is written
by hand and left alone."""

from __future__ import annotations

import json
from pathlib import Path

START = "<!-- benchmark-results:start (written by benchmarks/run.py; do not edit by hand) -->"
END = "<!-- benchmark-results:end -->"


def kb(n: int | float | None) -> str:
    return "–" if n is None else f"{n / 1000:,.1f} KB"


def mb(n: int | float | None) -> str:
    return "–" if n is None else f"{n / 1_000_000:,.1f} MB"


def sec(x: float | None) -> str:
    return "–" if x is None else f"{x:,.2f} s"


def get(data: dict | None, *keys, default=None):
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return default
        data = data[key]
    return data


def latency(s: dict | None) -> str:
    return "–" if not s else f"{s['median']} / {s['p90']} / {s['max']} ms"


def rows(r: dict) -> list[tuple[str, str]]:
    b, s, w, br = r["builds"], r["sizes"], r.get("whoosh") or {}, r.get("browser") or {}
    sample_full, sample_base = get(s, "article_full", "sample"), get(s, "article_baseline", "sample")
    largest = get(s, "article_full", "largest")
    out = [
        (
            "run",
            f"{r['date'][:16].replace('T', ' ')} UTC, {r['commit']}{' +changes' if r.get('uncommitted_changes') else ''}",
        ),
        ("load average at start / end (2 cores)", f"{r['load_at_start'][0]:.2f} / {r['load_at_end'][0]:.2f}"),
        ("(a) baseline cold build", sec(b["baseline"]["best_cold"])),
        ("(b) Quick Insights cold build", sec(b["full"]["best_cold"])),
        (
            "cold build CPU time a / b",
            f"{sec(b['baseline'].get('best_cold_cpu'))} / {sec(b['full'].get('best_cold_cpu'))}",
        ),
        (
            "**b/a** wall time (best of each; per pair)",
            f"**{b['ratio']:.2f}** ({', '.join(f'{x:.2f}' for x in b['ratio_per_pair'])})",
        ),
        ("b/a CPU time (best of each)", f"{b['ratio_cpu']:.2f}" if "ratio_cpu" in b else "–"),
        ("peak memory a / b", f"{b['baseline']['max_rss_mb']:.0f} / {b['full']['max_rss_mb']:.0f} MB"),
        (
            "rebuild after one edit a / b",
            f"{sec(b['baseline']['rebuild']['seconds'])} / {sec(b['full']['rebuild']['seconds'])}",
        ),
        ("article page HTML, b: sample raw / gzip", f"{kb(get(sample_full, 'raw'))} / {kb(get(sample_full, 'gzip'))}"),
        ("article page HTML, b: largest raw / gzip", f"{kb(get(largest, 'raw'))} / {kb(get(largest, 'gzip'))}"),
        ("article page HTML, a: sample raw / gzip", f"{kb(get(sample_base, 'raw'))} / {kb(get(sample_base, 'gzip'))}"),
    ]
    for lang in ("en", "nl"):
        o = get(s, "overview", lang)
        out.append((f"overview page ({lang}) raw / gzip", f"{kb(get(o, 'raw'))} / {kb(get(o, 'gzip'))}"))
    si = s.get("search_index")
    lat = br.get("latency_ms") or {}
    ratios = br.get("ratios") or {}
    out += [
        ("site search index, b: files / total", f"{si['files']:,} / {mb(si['bytes'])}" if si else "–"),
        ("site search index, b: entry raw / gzip", f"{kb(get(si, 'entry', 'raw'))} / {kb(get(si, 'entry', 'gzip'))}"),
        (
            "site search index writing, wall / CPU",
            f"{sec(r.get('search_index_s'))} / {sec(r.get('search_index_cpu_s'))}",
        ),
        ("validation (`insights check`) CPU, part of b", sec(r.get("validate_cpu_s"))),
        (
            "Material search_index.json, a: raw / gzip",
            f"{mb(get(s, 'baseline_search_index', 'raw'))} / {mb(get(s, 'baseline_search_index', 'gzip'))}",
        ),
        (
            "first query transfer (gzip), b / a",
            f"{kb(br.get('first_query_bytes'))} / {kb(br.get('baseline_first_query_bytes'))}",
        ),
        (
            "overview: load / then first query, b",
            f"{kb(br.get('overview_load_bytes'))} / {kb(br.get('overview_first_query_bytes'))}",
        ),
        ("keystroke, header box: median / p90 / max, b", latency(lat.get("header_keystroke"))),
        (
            "keystroke, overview (both languages): median / p90 / max, b",
            latency(lat.get("overview_keystroke") or lat.get("keystroke")),
        ),
        ("filter change, overview: median / p90 / max, b", latency(lat.get("filter_change"))),
        ("filter change with words: median / p90 / max, b", latency(lat.get("filter_change_with_query"))),
        (
            "first query bytes, ours / Pagefind (same run): header / overview",
            f"{get(ratios, 'first_query_bytes', 'header_largest')} / {get(ratios, 'first_query_bytes', 'overview_largest')}"
            if ratios
            else "–",
        ),
        (
            "keystroke (search + 8 results) p90, ours / Pagefind (same run)",
            f"{get(ratios, 'keystroke_summaries', 'ours', 'p90')} / {get(ratios, 'keystroke_summaries', 'pagefind', 'p90')} ms "
            f"(× {get(ratios, 'keystroke', 'p90')})"
            if ratios
            else "–",
        ),
        ("related insights, cold / after one edit", f"{sec(w.get('related_s'))} / {sec(w.get('related_one_edit_s'))}"),
        ("whoosh index for `insights search`, cold", sec(w.get("index_s"))),
        (
            "whoosh query p50 / p95",
            f"{w['query_p50_ms']:.1f} / {w['query_p95_ms']:.1f} ms" if "query_p50_ms" in w else "–",
        ),
    ]
    parts = [r.get("validate_cpu_s"), w.get("related_cpu_s"), r.get("search_index_cpu_s")]
    if all(x is not None for x in parts) and "best_cold_cpu" in b["full"]:
        rest = b["full"]["best_cold_cpu"] - sum(parts)
        out.append(
            (
                "CPU of b: validation + related + search index; the rest (× a)",
                f"{parts[0]:.1f} + {parts[1]:.1f} + {parts[2]:.1f} s; {rest:.1f} s "
                f"(× {rest / b['baseline']['best_cold_cpu']:.2f})",
            )
        )
    names = {
        "ratio_at_1000": "budget b/a ≤ 1.3 at 1,000",
        "article_html_kb": "budget article HTML ≤ 40 KB",
        "first_query_kb": "budget first query ≤ 300 KB",
        "search_share": "budget search index + related ≤ 10% of build",
        "latency_p90_ms": "budget keystroke and filter change p90 ≤ 150 ms",
    }
    for key, name in names.items():
        entry = r.get("budgets", {}).get(key)
        if entry:
            value = f"{entry['value']:g}"
            if key == "search_share":
                value = (
                    f"{entry['value']:.0%} of CPU ({entry['wall']:.0%} of wall time)"
                    if "wall" in entry
                    else f"{entry['value']:.0%}"
                )
            out.append((name, f"{value} {'met' if entry['met'] else '**missed**'}"))
        else:
            out.append((name, "–"))
    return out


def table(results: list[dict]) -> str:
    header = "| per language | " + " | ".join(f"{r['size_per_language']:,}" for r in results) + " |"
    lines = [header, "|---|" + "---:|" * len(results)]
    columns = [rows(r) for r in results]
    for i, (name, _) in enumerate(columns[0]):
        lines.append(f"| {name} | " + " | ".join(col[i][1] for col in columns) + " |")
    latest = max(results, key=lambda r: r["date"])
    m, v = latest["machine"], latest["versions"]
    lines += [
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_mb'] / 1024:.0f} GB RAM, {m['os']}.",
        "Versions: " + ", ".join(f"{k} {val}" for k, val in v.items()) + ".",
    ]
    return "\n".join(lines)


def load(results_dir: Path) -> list[dict]:
    results = [json.loads(p.read_text(encoding="utf-8")) for p in results_dir.glob("n*.json")]
    return sorted(results, key=lambda r: r["size_per_language"])


def update_docs(results_dir: Path, doc: Path) -> None:
    results = load(results_dir)
    if not results:
        return
    block = f"{START}\n\n{table(results)}\n\n{END}"
    text = doc.read_text(encoding="utf-8") if doc.is_file() else f"# Performance\n\n{START}\n{END}\n"
    if START not in text or END not in text:
        text = text.rstrip() + f"\n\n{START}\n{END}\n"
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    doc.write_text(before + block + after, encoding="utf-8")


def summary(r: dict) -> str:
    return "\n".join(f"  {name}: {value}" for name, value in rows(r))
