"""ranking.Source over the whoosh index's reader (`IndexSource`): what `insights
search` ranks with. It reads the reader whoosh gives without importing whoosh."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from ..model.languages import LANGUAGES
from . import analysis, rankbase, ranking
from .analysis import ANALYZERS

MAX_WEIGHT = ranking.MAX_WEIGHT


class IndexSource:
    """ranking.Source over the whoosh index: the keys of the site's index
    (sitesearch.py) answered from the per-language fields."""

    def __init__(
        self,
        reader,
        glossary: Sequence[Mapping[str, Sequence[str]]],
        compounds: Callable[[list[str], list[str]], analysis.Compounds],
    ):
        self.reader = reader
        self.languages = LANGUAGES
        self.glossary = [
            {lg: [ANALYZERS[lg].terms(t) for t in entry[lg]] for lg in LANGUAGES if entry.get(lg)} for entry in glossary
        ]
        self._make_compounds = compounds
        self._compounds: analysis.Compounds | None = None
        self._live = list(reader.all_doc_ids())
        column = {name: reader.column_reader(name) for name in ("lang", "length", "order", "translation")}
        self._lang = {d: column["lang"][d] for d in self._live}
        # BM25's lengths as the site's index has them (ranking.length_code).
        self._length = {d: float(ranking.length_of(ranking.length_code(column["length"][d]))) for d in self._live}
        newest = sorted(self._live, key=lambda d: column["order"][d], reverse=True)
        self._rank = {d: number for number, d in enumerate(newest)}
        pairs: dict[str, list[int]] = defaultdict(list)
        for d in self._live:
            if column["translation"][d]:
                pairs[column["translation"][d]].append(d)
        self._translation = {
            d: next((o for o in docs if self._lang[o] != self._lang[d]), None) for docs in pairs.values() for d in docs
        }
        self._postings: dict[str, ranking.Postings | None] = {}
        self._vocabularies: dict[str, ranking.Vocabulary] = {}
        self._sequences: dict[int, list[str]] = {}

    def docs(self) -> list[int]:
        return self._live

    def lang(self, doc: int) -> str:
        return self._lang[doc]

    def length(self, doc: int) -> float:
        return self._length[doc]

    def rank(self, doc: int) -> int:
        return self._rank[doc]

    def translation(self, doc: int) -> int | None:
        return self._translation.get(doc)

    def _field(self, name: str, term: str) -> ranking.Postings | None:
        if (name, term) not in self.reader:
            return None
        found = [(d, int(w)) for d, w in self.reader.postings(name, term).items_as("weight")]
        return found or None

    def postings(self, key: str) -> ranking.Postings | None:
        if key not in self._postings:
            self._postings[key] = self._lookup(key)
        return self._postings[key]

    def _lookup(self, key: str) -> ranking.Postings | None:
        if ">" in key[:3]:
            lang, phrase = key.split(">", 1)
            terms = phrase.split(" ")
            if len(terms) == 2:
                return self._field(f"pairs_{lang}", phrase)
            pairs = list(zip(terms, terms[1:], strict=False))
            lists = [self._field(f"pairs_{lang}", f"{a} {b}") for a, b in pairs]

            def places(k: int, doc: int) -> list[int]:
                a, b = pairs[k]
                sequence = self._sequence(doc)
                return [i for i in range(len(sequence) - 1) if sequence[i] == a and sequence[i + 1] == b]

            return rankbase.phrase_postings(lists, places)
        lang, term = key.split(":", 1)
        if term.endswith(" ~"):
            merged: dict[int, int] = defaultdict(int)
            for compound in self.compounds().containing.get(term[:-2], ()):
                for doc, weight in self._field(f"terms_{lang}", compound) or ():
                    merged[doc] += weight
            return sorted((d, min(MAX_WEIGHT, w)) for d, w in merged.items()) or None
        return self._field(f"terms_{lang}", term)

    def _sequence(self, doc: int) -> list[str]:
        """An insight's terms in order, '' between blocks (docterms.DocumentTerms)."""
        if doc not in self._sequences:
            self._sequences[doc] = (self.reader.stored_fields(doc).get("sequence") or "").split(" ")
        return self._sequences[doc]

    def compounds(self) -> analysis.Compounds:
        if self._compounds is None:
            vocabulary = self.vocabulary("nl")
            self._compounds = self._make_compounds(vocabulary.words, sorted(vocabulary.known - set(vocabulary.words)))
        return self._compounds

    def parts(self, lang: str, term: str) -> list[str] | None:
        if lang not in analysis.COMPOUND_LANGUAGES or ("terms_nl", term) not in self.reader:
            return None
        return self.compounds().parts.get(term) or None

    def prefixed(self, lang: str, prefix: str) -> list[str]:
        return [_text(t) for t in self.reader.expand_prefix(f"terms_{lang}", prefix)]

    def vocabulary(self, lang: str) -> ranking.Vocabulary:
        """The words as written, most frequent first (document frequencies as whoosh
        keeps them), and every word and term: what sitesearch.vocabulary_of writes."""
        if lang not in self._vocabularies:
            frequency = {_text(t): info.doc_frequency() for t, info in self.reader.iter_field(f"words_{lang}")}
            words = sorted(frequency, key=lambda w: (-frequency[w], w))
            terms = {_text(t) for t in self.reader.lexicon(f"terms_{lang}")}
            self._vocabularies[lang] = ranking.Vocabulary(words, set(words) | terms)
        return self._vocabularies[lang]

    def matched_terms(self, keys: Iterable[str]) -> dict[str, set[str]]:
        """The terms a query matched, per language, compounds included: for snippets."""
        terms: dict[str, set[str]] = {lg: set() for lg in LANGUAGES}
        for key in keys:
            if ">" in key[:3]:
                lang, pair = key.split(">", 1)
                terms[lang].update(pair.split(" "))
                continue
            lang, term = key.split(":", 1)
            if term.endswith(" ~"):
                terms[lang].update(self.compounds().containing.get(term[:-2], ()))
            else:
                terms[lang].add(term)
        return terms


def _text(term) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term
