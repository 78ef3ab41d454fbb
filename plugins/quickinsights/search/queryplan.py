"""A query's plan (see ranking.py): its slots, one per word or "quoted phrase" and
language, with the alternatives known without the index (the word, its compounds,
joined neighbours, the glossary), and the help for a word that matched nothing
(compound splitting, the words it begins or ends, corrections)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from . import analysis, querytext
from .analysis import ANALYZERS, fold
from .querytext import Query
from .rankbase import COMPOUND, GLOSSARY, JOIN, MAX_CORRECTIONS, MAX_EXPANSIONS, MIN_JOIN, PART, SPLIT, Slot, Source


def plan(
    query: Query, lang: str, glossary: Sequence[Mapping[str, Sequence[Sequence[str]]]]
) -> tuple[list[Slot], list[str]]:
    """The slots of `query` in `lang` with the alternatives known without the index,
    and the keys of its negated words."""
    analyzer = ANALYZERS[lang]
    tokens = query.tokens
    terms = [analyzer.term(t.text) for t in tokens]
    compounds = lang in analysis.COMPOUND_LANGUAGES
    slots: list[Slot] = []
    by_position: dict[int, Slot] = {}
    phrases: dict[int, list[int]] = {}
    for token, term in zip(tokens, terms, strict=True):
        if token.negated or not term:
            continue
        if token.phrase >= 0:
            phrases.setdefault(token.phrase, []).append(token.position)
            continue
        slot = Slot(token.position, token.text)
        slot.add((f"{lang}:{term}",), 1.0)
        if compounds:
            slot.add((f"{lang}:{term} ~",), COMPOUND)
        by_position[token.position] = slot
        slots.append(slot)
    for number, positions in phrases.items():
        phrase_terms = [terms[p] for p in positions]
        words = [t for t in tokens if t.phrase == number]
        # At the phrase's first word, stop word or not: the same place in every language.
        slot = Slot(words[0].position, '"' + " ".join(t.text for t in words) + '"', phrase=True)
        if len(phrase_terms) == 1:
            slot.add((f"{lang}:{phrase_terms[0]}",), 1.0)
        else:
            # Two words: their pair; more: the whole phrase (rankbase.phrase_postings).
            slot.add((f"{lang}>{' '.join(phrase_terms)}",), 1.0)
        slots.append(slot)
    slots.sort(key=lambda s: s.position)
    free = [t for t in tokens if t.phrase < 0 and not t.negated]
    # Neighbours written as one word ("work load": "workload").
    for first, second in zip(free, free[1:], strict=False):
        if second.position != first.position + 1 or len(first.text) + len(second.text) < MIN_JOIN:
            continue
        joined = analyzer.term(first.text + second.text)
        covered = [by_position[p] for p in (first.position, second.position) if p in by_position]
        if joined and covered:
            for slot in covered:
                slot.add((f"{lang}:{joined}",), JOIN / len(covered))
    # Words joined by hyphens, as the index also holds them ("one-to-one": "onetoone").
    chain: list[querytext.Token] = []
    for token in free:
        chain.append(token)
        if token.hyphen:
            continue
        if len(chain) > 2:
            joined = analyzer.term("".join(t.text for t in chain))
            covered = [by_position[t.position] for t in chain if t.position in by_position]
            if joined and covered:
                for slot in covered:
                    slot.add((f"{lang}:{joined}",), JOIN / len(covered))
        chain = []
    # The glossary: a term of any language in the query brings its equivalents.
    usable = {t.position for t in free}
    for entry in glossary:
        for other, sequences in entry.items():
            if other not in ANALYZERS:
                continue
            other_terms = [ANALYZERS[other].term(t.text) if t.position in usable else "" for t in tokens]
            for number, start, end in querytext.glossary_matches(sequences, other_terms):
                covered = [s for p, s in by_position.items() if start <= p <= end]
                if not covered:
                    continue
                for index, equivalent in enumerate(entry.get(lang, ())):
                    if (other == lang and index == number) or not equivalent:
                        continue
                    for slot in covered:
                        slot.add(tuple(f"{lang}:{t}" for t in equivalent), GLOSSARY / len(covered), glossary=True)
                        # A Dutch equivalent in compounds too ("verpleegkundige": "wijkverpleegkundigen").
                        if compounds and len(equivalent) == 1:
                            slot.add((f"{lang}:{equivalent[0]} ~",), GLOSSARY * COMPOUND / len(covered), glossary=True)
    negated = [f"{lang}:{term}" for token, term in zip(tokens, terms, strict=True) if token.negated and term]
    return slots, negated


def add_parts(slot: Slot, lang: str, parts: Sequence[str]) -> None:
    """A compound's parts: together (SPLIT), and each on its own (PART):
    "thuiswerkbeleid" also finds a text on thuiswerken that says nothing of beleid."""
    if len(parts) > 1:
        slot.add(tuple(f"{lang}:{part}" for part in parts), SPLIT)
    for part in parts:
        slot.add((f"{lang}:{part}",), PART)


def matches(source: Source, slot: Slot, itself: bool = False) -> bool:
    """Whether any alternative of `slot` matches an insight; `itself`: leaving the
    glossary's translations out."""
    return any(
        (any if a.union else all)(source.postings(k) for k in a.keys)
        for a in slot.alternatives
        if not (itself and a.glossary)
    )


def unknown(source: Source, lang: str, slot: Slot) -> None:
    """Alternatives for a word that matched nothing: a compound of known words, or the
    words of the collection that begin or end with it."""
    word = fold(slot.word)
    analyzer = ANALYZERS[lang]
    vocabulary = source.vocabulary(lang)
    split = analysis.split_compound(
        word, vocabulary.known.__contains__, vocabulary.words_set.__contains__, analyzer.stem
    )
    if split is not None:
        add_parts(slot, lang, [analyzer.stem(split.head), analyzer.stem(split.tail)])
    found: list[str] = []
    for other in vocabulary.words:
        if len(other) >= len(word) + 3 and _contains(other, word):
            key = f"{lang}:{analyzer.term(other)}"
            if key != f"{lang}:" and key not in found:
                found.append(key)
                if len(found) >= MAX_EXPANSIONS:
                    break
    slot.add(tuple(found), COMPOUND, union=True)


def _contains(other: str, word: str) -> bool:
    """Whether `other` begins with `word` and the rest may be a word, or ends with it
    after a head that may be one: "voorbeeld" is no compound of "beeld"."""
    if other.startswith(word) and word not in analysis.NOT_HEADS and other[len(word) :] not in analysis.NOT_TAILS:
        return True
    # A suffix is no word whose compounds to find ("lijk" in "duidelijk").
    if other.endswith(word) and word not in analysis.NOT_TAILS:
        head = other[: -len(word)]
        heads = [head] + [head[: -len(link)] for link in analysis.LINKING if head.endswith(link)]
        return not any(h in analysis.NOT_HEADS or h in analysis.STOP_WORDS["nl"] for h in heads)
    return False


def relaxed(source: Source, lang: str, slot: Slot) -> None:
    """The last resort for a word that matched nothing: a compound with one part the
    collection knows ("besluitvorming": "besluit")."""
    vocabulary = source.vocabulary(lang)
    split = analysis.split_compound(
        fold(slot.word),
        vocabulary.known.__contains__,
        vocabulary.words_set.__contains__,
        ANALYZERS[lang].stem,
        relaxed=True,
    )
    if split is not None:
        for part, known in ((split.head, split.head_known), (split.tail, split.tail_known)):
            if known:
                slot.add((f"{lang}:{ANALYZERS[lang].stem(part)}",), SPLIT)


def corrections_of(source: Source, languages: Sequence[str], word: str) -> list[tuple[str, str]]:
    """The nearest words to `word` in the languages' vocabularies: (language, word),
    at most MAX_CORRECTIONS, the most frequent first."""
    limit = analysis.max_edits(word)
    best = limit + 1
    found: list[tuple[int, str, str]] = []
    for lang in languages:
        for other in source.vocabulary(lang).words:
            if abs(len(other) - len(word)) > min(limit, best) or other == word:
                continue
            distance = analysis.edit_distance(word, other, min(limit, best))
            if distance <= limit and distance <= best:
                best = distance
                found.append((distance, lang, other))
    return [(lang, other) for distance, lang, other in found if distance == best][:MAX_CORRECTIONS]
