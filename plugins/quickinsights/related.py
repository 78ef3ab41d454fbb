"""Related insights: the insights of the same language most alike a given one.

Plain Python over key-term vectors, kept between builds in a pickle; `search.py`
supplies each insight's term counts (with the search index's analysis), so nothing
here knows the engine.

Similarity is the cosine of two insights' key-term vectors (each insight's
`KEY_TERMS` highest tf-idf terms, normalised), over the terms both hold among the
`POSTING_CAP` highest of that term. It is symmetric, which makes an incremental update
cheap and exact: when X changes, only these lists can change: X's own, those of the
insights that X pushed out of (or let into) a term's capped list, those whose list
held one of these, those whose weakest entry X now reaches, and those that had too
few matches. Between full recomputes the
unchanged insights keep the idf of their last computation; `search.py` recomputes a
language in full once enough of it changed.
"""

from __future__ import annotations

import math
import os
import pickle
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

RELATED_MIN = 3
RELATED_MAX = 5
KEY_TERMS = 20
# Per key term, only the insights it weighs most in are compared (see `_postings`).
POSTING_CAP = 50
# A full recompute once this share of a language changed since the last one: between
# full runs, changed insights are weighed with the document frequencies of the last.
FULL_RECOMPUTE_SHARE = 0.02
# Terms in more than this share of a language's insights say nothing about a topic.
MAX_DF_SHARE = 0.5
SMALL_CORPUS = 20
# Scores equal to three decimals count as a tie, broken by shared categories.
TIE_DECIMALS = 3


@dataclass(frozen=True)
class Info:
    """What ranking needs of an insight, as of now."""

    fp: str
    lang: str
    cats: tuple[str, ...]
    draft: bool


@dataclass
class Entry:
    """What is kept of an insight between builds."""

    fp: str
    lang: str
    vec: dict[str, float]
    rel: list[tuple[str, float]]
    matches: int  # how many of `rel` are content matches (score > 0); the rest share a category


class RelatedSet:
    """Every insight's related insights, and the vectors they were computed from."""

    def __init__(
        self,
        entries: dict[str, Entry] | None = None,
        changes: dict[str, int] | None = None,
        df: dict[str, dict[str, int]] | None = None,
        n: dict[str, int] | None = None,
    ):
        self.entries = entries or {}
        # Insights changed per language since its last full computation.
        self.changes = changes or {}
        # Per language, the document frequencies and count of the last full computation:
        # the idf that changed insights are weighed with until the next one.
        self.df = df or {}
        self.n = n or {}

    def get(self, path: str, n: int = RELATED_MAX) -> list[str]:
        entry = self.entries.get(path)
        return [p for p, _ in entry.rel[:n]] if entry else []


def refresh(
    path: Path,
    version: int,
    every: dict[str, Info],
    counts_of: Callable[[str, str], dict[str, int]],
    languages: Sequence[str],
    progress: Callable[[Sequence, str], Iterable] | None = None,
) -> RelatedSet:
    """Bring the related insights kept in `path` in line with `every` insight now,
    computing key terms (from `counts_of(path, lang)`) only for changed insights, or for
    a whole language after enough changes. Raises OSError when `path` is unwritable."""
    state = _load(path, version)
    touched = False
    for lang in languages:
        infos = {p: info for p, info in every.items() if info.lang == lang}
        cached = {p for p, e in state.entries.items() if e.lang == lang}
        changed = {p for p in infos if p not in cached or state.entries[p].fp != infos[p].fp}
        removed = cached - infos.keys()
        if not changed and not removed:
            continue
        touched = True
        full = not cached or (
            state.changes.get(lang, 0) + len(changed) + len(removed) > FULL_RECOMPUTE_SHARE * len(infos)
        )
        todo = sorted(infos if full else changed)
        counts = {p: counts_of(p, lang) for p in (progress(todo, f"Related insights ({lang})") if progress else todo)}
        if full:
            df: dict[str, int] = defaultdict(int)
            for tf in counts.values():
                for term in tf:
                    df[term] += 1
            # Terms of one insight only never count (see key_terms): not worth keeping.
            state.df[lang] = {t: d for t, d in df.items() if d > 1}
            state.n[lang] = len(counts)
        frequency, n = state.df[lang], state.n[lang]
        vectors = {p: key_terms(tf, lambda term: frequency.get(term, 1), n) for p, tf in counts.items()}
        update(state, lang, infos, vectors, removed, full)
    if touched:
        _save(path, version, state)
    return state


# Pickle, not JSON: 10,000 insights' vectors load and save 4-5 times faster, which is
# most of what a rebuild after one change pays. It is our own cache, like whoosh's
# pickled segments beside it.


def _load(path: Path, version: int) -> RelatedSet:
    try:
        with open(path, "rb") as handle:
            data = pickle.load(handle)
        if isinstance(data, dict) and data.get("schema") == version and isinstance(data.get("state"), RelatedSet):
            return data["state"]
    except Exception:  # noqa: BLE001 - missing, damaged or of an older version: start over
        pass
    return RelatedSet()


def _save(path: Path, version: int, state: RelatedSet) -> None:
    write_atomically(path, pickle.dumps({"schema": version, "state": state}, protocol=pickle.HIGHEST_PROTOCOL))


def write_atomically(path: Path, data: bytes) -> None:
    """Write then rename: a reader never sees half a file (the caches of search.py too)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(tmp, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def key_terms(tf: Mapping[str, int], df: Callable[[str], int], n: int) -> dict[str, float]:
    """The `KEY_TERMS` terms with the highest tf-idf, as a unit vector."""
    weights = []
    # In a small corpus every shared term counts; in a large one, common terms only cost.
    most = n * MAX_DF_SHARE if n >= SMALL_CORPUS else n - 1
    log = math.log
    for term, freq in tf.items():
        d = df(term)
        # A term no other insight has cannot make two insights alike.
        if 2 <= d <= most:
            weights.append(((1 + log(freq)) * log(n / d), term))
    weights.sort(reverse=True)
    top = weights[:KEY_TERMS]
    norm = math.sqrt(sum(w * w for w, _ in top)) or 1.0
    # Four decimals keep the cache small and change no ranking that matters.
    return {t: round(w / norm, 4) for w, t in top}


def update(
    state: RelatedSet,
    lang: str,
    infos: dict[str, Info],
    vectors: dict[str, dict[str, float]],
    removed: set[str],
    full: bool,
) -> int:
    """Bring `lang`'s related lists up to date after the insights in `vectors` changed
    (got new vectors) and those in `removed` went. Returns how many lists were computed."""
    before = {p: e for p, e in state.entries.items() if e.lang == lang}
    for path in removed:
        state.entries.pop(path, None)
    for path, vec in vectors.items():
        old = state.entries.get(path)
        state.entries[path] = Entry(infos[path].fp, lang, vec, old.rel if old else [], old.matches if old else 0)
    entries = {p: e for p, e in state.entries.items() if e.lang == lang}
    for path, entry in entries.items():
        entry.fp = infos[path].fp  # categories or draft may change without new vectors
    uncapped: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for path, entry in entries.items():
        for term, weight in entry.vec.items():
            uncapped[term].append((weight, path))
    postings = {term: _top(posting) for term, posting in uncapped.items()}
    members = {(term, path) for term, posting in postings.items() for _, path in posting}

    def scores(path: str) -> dict[str, float]:
        acc: dict[str, float] = {}
        get = acc.get
        for term, weight in entries[path].vec.items():
            if (term, path) in members:
                for other_weight, other in postings[term]:
                    acc[other] = get(other, 0.0) + weight * other_weight
        acc.pop(path, None)
        return acc

    if full:
        affected = set(entries)
    else:
        # Whose similarities changed: the changed insights, and those that entered or
        # left a term's capped posting list because of them.
        moved = set(vectors) | removed
        displaced: set[str] = set()
        for term in {t for p in moved for e in (before.get(p), entries.get(p)) if e for t in e.vec}:
            # The term's list before the change: today's, with the moved insights' old weights.
            listed = [(w, p) for w, p in uncapped.get(term, ()) if p not in moved]
            listed += [(before[p].vec[term], p) for p in moved if p in before and term in before[p].vec]
            was = {p for _, p in _top(listed)}
            now = {p for _, p in postings.get(term, ())}
            displaced |= was ^ now
        moved |= displaced
        affected = {p for p in moved if p in entries}
        for path, entry in entries.items():
            if entry.matches < RELATED_MIN or any(p in moved for p, _ in entry.rel):
                affected.add(path)
        # Similarity is symmetric: X enters Y's list only if sim(X, Y) reaches Y's weakest.
        for path in moved & entries.keys():
            if infos[path].draft:
                continue
            for other, score in scores(path).items():
                if other in affected:
                    continue
                entry = entries[other]
                if entry.matches < RELATED_MAX or score >= entry.rel[entry.matches - 1][1] - 10 ** -TIE_DECIMALS:
                    affected.add(other)
    for path in affected:
        entry = entries[path]
        entry.rel, entry.matches = _rank(path, scores(path), infos)
    state.changes[lang] = 0 if full else state.changes.get(lang, 0) + len(vectors) + len(removed)
    return len(affected)


def _top(posting: list[tuple[float, str]]) -> list[tuple[float, str]]:
    """A key term's `POSTING_CAP` insights that weigh it most. The cap keeps the cost
    linear in the number of insights (a common term would make it quadratic) and keeps
    similarity symmetric: a term counts for X and Y only if both hold it high."""
    return sorted(posting, reverse=True)[:POSTING_CAP] if len(posting) > POSTING_CAP else posting


def _rank(path: str, scores: dict[str, float], infos: dict[str, Info]) -> tuple[list[tuple[str, float]], int]:
    cats = set(infos[path].cats)
    scores = {p: s for p, s in scores.items() if s > 0 and not infos[p].draft}  # a draft is never linked to

    def key(other: str) -> tuple:
        return (-round(scores[other], TIE_DECIMALS), -len(cats.intersection(infos[other].cats)), other)

    # Only candidates that can tie with the fifth best need the full sort key.
    best = sorted(scores.values(), reverse=True)[:RELATED_MAX]  # C sort beats heapq here
    cutoff = best[-1] - 10 ** -TIE_DECIMALS if best else 0.0
    candidates = sorted((p for p, s in scores.items() if s >= cutoff), key=key)[:RELATED_MAX]
    rel = [(p, round(scores[p], 4)) for p in candidates]
    matches = len(rel)
    if matches < RELATED_MIN:
        # Too few alike in content (a small corpus): fill up with shared categories.
        taken = {path, *candidates}
        fill = [
            (-len(cats.intersection(info.cats)), other)
            for other, info in infos.items()
            if other not in taken and not info.draft and cats.intersection(info.cats)
        ]
        rel += [(other, 0.0) for _, other in sorted(fill)[: RELATED_MIN - matches]]
    return rel, matches
