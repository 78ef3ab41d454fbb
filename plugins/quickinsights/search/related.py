"""Related insights: the insights of the same language most alike a given one.

Plain Python over key-term vectors, kept between builds in a pickle; `search.py`
supplies each insight's term counts (with the search index's analysis), so nothing
here knows the engine.

Similarity is the cosine of two insights' key-term vectors (each insight's
`KEY_TERMS` highest tf-idf terms, normalised), over the terms both hold among the
`POSTING_CAP` highest of that term. It is symmetric, which makes an incremental update
cheap and exact. An insight's key terms depend on its own term counts and on its
language's document frequencies, so an edit changes the vector of the edited insight
and may change that of every insight that holds a term whose document frequency the
edit changed (of every insight, when one is added or removed: each idf depends on
their number). Those vectors are computed again and compared with the kept ones; the
lists that the vectors which really changed can reach are ranked again: their own,
those of the insights that they pushed out of (or let into) a term's capped list,
those whose list held one of these, those whose weakest entry one of them now
reaches, and those that had too few matches. The result equals a computation from
nothing, to the byte (tests compare them).
"""

from __future__ import annotations

import hashlib
import math
import os
import pickle
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

RELATED_MIN = 3
RELATED_MAX = 5
KEY_TERMS = 20
# Per key term, only the insights it weighs most in are compared (see `_postings`).
POSTING_CAP = 50
# When this share of a language's vectors changed, ranking every list costs less than
# working out which lists the changes can reach.
FULL_RANKING_SHARE = 0.3
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
    # The tf-idf of the weakest of `vec`'s terms before normalising (0 when it has fewer
    # than KEY_TERMS): a term whose weight changes stays out of `vec` while below it.
    floor: float = 0.0


class RelatedSet:
    """Every insight's related insights, and the vectors they were computed from."""

    def __init__(
        self,
        entries: dict[str, Entry] | None = None,
        df: dict[str, dict[str, int]] | None = None,
        n: dict[str, int] | None = None,
    ):
        self.entries = entries or {}
        # Per language, the document frequencies (terms of more than one insight) and
        # the number of insights that the vectors were computed with.
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
    damaged: Callable[[str], None] | None = None,
) -> RelatedSet:
    """Bring the related insights kept in `path` in line with `every` insight now.
    When a language changed, `counts_of(path, lang)` is asked for the term counts of
    each of its insights (the build has them all at hand), for the document
    frequencies; key terms are computed only for the insights whose counts or
    frequencies changed. A damaged file is computed afresh, and `damaged` told what was
    wrong with it. Raises OSError when `path` is unwritable."""
    state, damage = _load(path, version)
    touched = damage is not None  # written again, even when nothing changed
    if damage and damaged:
        damaged(damage)
    for lang in languages:
        infos = {p: info for p, info in every.items() if info.lang == lang}
        cached = {p for p, e in state.entries.items() if e.lang == lang}
        changed = {p for p in infos if p not in cached or state.entries[p].fp != infos[p].fp}
        removed = cached - infos.keys()
        if not changed and not removed:
            continue
        touched = True
        paths = sorted(infos)
        counts = {p: counts_of(p, lang) for p in paths}
        moved = _new_vectors(state, lang, counts, changed, progress)
        full = len(moved) + len(removed) > FULL_RANKING_SHARE * len(infos)
        update(state, lang, infos, {p: vec for p, (vec, _) in moved.items()}, removed, full)
        for p, (_, floor) in moved.items():
            state.entries[p].floor = floor
    if touched:
        _save(path, version, state)
    return state


def _new_vectors(
    state: RelatedSet,
    lang: str,
    counts: dict[str, dict[str, int]],
    changed: set[str],
    progress: Callable[[Sequence, str], Iterable] | None = None,
) -> dict[str, tuple[dict[str, float], float]]:
    """The vectors (with their floor) of `changed` and of the insights whose vector the
    new document frequencies change, computed from nothing for each; keeps the
    frequencies in `state`."""
    df: Counter[str] = Counter()
    for tf in counts.values():
        df.update(tf.keys())
    # Terms of one insight only never count (see `idf`): not worth keeping.
    frequency = {t: d for t, d in df.items() if d > 1}
    n = len(counts)
    old_frequency, old_n = state.df.get(lang), state.n.get(lang)
    weights = idf(frequency, n)
    state.df[lang], state.n[lang] = frequency, n
    if old_frequency is None or old_n != n:
        # Every idf changed (or nothing is known): every vector may have.
        todo = list(counts)
    else:
        # A term's weight changed wherever its document frequency did; an insight's
        # vector changes when such a term is in it, or now weighs more than its weakest.
        shifted = {t for t in frequency.keys() | old_frequency.keys() if frequency.get(t) != old_frequency.get(t)}
        todo = []
        for path, tf in counts.items():
            if path in changed:
                todo.append(path)
                continue
            terms = shifted.intersection(tf)
            if terms:
                entry = state.entries[path]
                if any(t in entry.vec or _weight(tf[t], weights.get(t, 0.0)) >= entry.floor for t in terms):
                    todo.append(path)
    moved = {}
    for path in progress(todo, f"Related insights ({lang})") if progress else todo:
        vec, floor = _unit_vector(counts[path], weights)
        kept = state.entries.get(path)
        # Only vectors that really changed move anything (most changes of idf vanish in
        # the rounding); the order of the terms counts too, as it orders the sums.
        if path in changed or kept is None or list(vec.items()) != list(kept.vec.items()):
            moved[path] = (vec, floor)
        else:
            kept.floor = floor
    return moved


# What is kept, besides the analysis (search.SCHEMA_VERSION): 2 keeps the document
# frequencies the vectors were computed with, and each vector's floor.
FORMAT = 2

# Pickle, not JSON: 10,000 insights' vectors load and save 4-5 times faster, which is
# most of what a rebuild after one change pays. It is our own cache, like whoosh's
# pickled segments beside it. The file is HEADER, the SHA-256 of the pickle (hex), a
# newline and the pickle: the digest is checked before anything is unpickled, so that
# damage is seen (a changed byte can unpickle into other lists without an error).
HEADER = b"quickinsights related insights\n"
_DIGEST = 64


def _load(path: Path, version: int) -> tuple[RelatedSet, str | None]:
    """What `path` keeps, and what is wrong with it (None: nothing, or it is missing or
    of another version, which start over without a word)."""
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return RelatedSet(), None
    except OSError as error:
        return RelatedSet(), f"cannot be read ({error.strerror or error})"
    if not raw.startswith(HEADER):
        # Pickled without a header, before damage was checked: an older version.
        return RelatedSet(), None if raw.startswith(b"\x80") else "is not a file of related insights"
    start = len(HEADER) + _DIGEST + 1
    digest, payload = raw[len(HEADER) : start - 1], raw[start:]
    if hashlib.sha256(payload).hexdigest().encode("ascii") != digest or raw[start - 1 : start] != b"\n":
        return RelatedSet(), "is not as written"
    try:
        data = pickle.loads(payload)
    except Exception as error:  # noqa: BLE001 - as written, but not by this code
        return RelatedSet(), f"cannot be read ({type(error).__name__})"
    if (
        isinstance(data, dict)
        and (data.get("schema"), data.get("format")) == (version, FORMAT)
        and isinstance(data.get("state"), RelatedSet)
    ):
        return data["state"], None
    return RelatedSet(), None


def _save(path: Path, version: int, state: RelatedSet) -> None:
    data = {"schema": version, "format": FORMAT, "state": state}
    payload = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
    write_atomically(path, HEADER + hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload)


def write_atomically(path: Path, data: bytes) -> None:
    """Write then rename: a reader never sees half a file (the caches of search.py too)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(tmp, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def key_terms(tf: Mapping[str, int], df: Callable[[str], int], n: int) -> dict[str, float]:
    """The `KEY_TERMS` terms with the highest tf-idf, as a unit vector."""
    return _unit_vector(tf, idf({term: df(term) for term in tf}, n))[0]


def idf(df: Mapping[str, int], n: int) -> dict[str, float]:
    """The inverse document frequency of the terms that can make two of `n` insights
    alike: a term no other insight has cannot, and in a large corpus the common terms
    only cost (in a small one every shared term counts)."""
    most = n * MAX_DF_SHARE if n >= SMALL_CORPUS else n - 1
    log = math.log
    return {term: log(n / d) for term, d in df.items() if 2 <= d <= most}


# 1 + log(count), for the counts most terms have.
_LOG_TF = [0.0, *(1 + math.log(count) for count in range(1, 64))]


def _weight(count: int, idf: float) -> float:
    return (_LOG_TF[count] if count < 64 else 1 + math.log(count)) * idf


def _unit_vector(tf: Mapping[str, int], idf: Mapping[str, float]) -> tuple[dict[str, float], float]:
    """The key-term vector of the counts `tf`, and its floor (see `Entry`)."""
    get = idf.get
    log_tf = _LOG_TF
    weights = []
    for term, count in tf.items():
        w = get(term)
        if w is not None:
            # `_weight`, inline: this loop is most of the time a vector takes.
            weights.append(((log_tf[count] if count < 64 else 1 + math.log(count)) * w, term))
    weights.sort(reverse=True)
    top = weights[:KEY_TERMS]
    norm = math.sqrt(sum(w * w for w, _ in top)) or 1.0
    # Four decimals keep the cache small and change no ranking that matters.
    return {t: round(w / norm, 4) for w, t in top}, top[-1][0] if len(top) == KEY_TERMS else 0.0


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
                if entry.matches < RELATED_MAX or score >= entry.rel[entry.matches - 1][1] - 10**-TIE_DECIMALS:
                    affected.add(other)
    drafts = {p for p in entries if infos[p].draft}
    for path in affected:
        entry = entries[path]
        entry.rel, entry.matches = _rank(path, scores(path), infos, drafts)
    return len(affected)


def _top(posting: list[tuple[float, str]]) -> list[tuple[float, str]]:
    """A key term's `POSTING_CAP` insights that weigh it most. The cap keeps the cost
    linear in the number of insights (a common term would make it quadratic) and keeps
    similarity symmetric: a term counts for X and Y only if both hold it high."""
    return sorted(posting, reverse=True)[:POSTING_CAP] if len(posting) > POSTING_CAP else posting


def _rank(
    path: str, scores: dict[str, float], infos: dict[str, Info], drafts: set[str]
) -> tuple[list[tuple[str, float]], int]:
    cats = set(infos[path].cats)
    if drafts:
        scores = {p: s for p, s in scores.items() if p not in drafts}  # a draft is never linked to

    def key(other: str) -> tuple:
        return (-round(scores[other], TIE_DECIMALS), -len(cats.intersection(infos[other].cats)), other)

    # Only candidates that can tie with the fifth best need the full sort key. (A score
    # of 0, from weights rounded to 0, is no match.)
    best = [s for s in sorted(scores.values(), reverse=True)[:RELATED_MAX] if s > 0]  # C sort beats heapq here
    cutoff = max(best[-1] - 10**-TIE_DECIMALS, 0.0) if best else math.inf
    candidates = sorted((p for p, s in scores.items() if s >= cutoff and s > 0), key=key)[:RELATED_MAX]
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
