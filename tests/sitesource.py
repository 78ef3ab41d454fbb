"""ranking.Source over the site's index files (sitesearch.py), in Python: the rules of
ranking.py run over exactly what the browser reads, so a test can tell a difference in
the JavaScript port (assets/ranking.js) from one in whoosh's side (search.py)."""

from __future__ import annotations

import bisect
import json

from quickinsights.search import rankbase, ranking


class SiteSource:
    def __init__(self, files: dict[str, str]):
        self.entry = entry = json.loads(files["index.json"])
        version = entry["version"]
        self.languages = entry["languages"]
        self.glossary = entry["glossary"]
        docs = entry["docs"]
        self._lang = [self.languages[int(d)] for d in docs["lang"]]
        self._length = [float(docs["lengths"][code]) for code in docs["length"]]
        self._translation = docs["translation"]
        self.values: dict[str, list] = {}
        for name, text in files.items():
            if name.startswith((f"{version}/t/", f"{version}/p/")):
                self.values.update(json.loads(text))
        self.keys = sorted(k for k in self.values if " " not in k and ">" not in k.split(":")[0])
        self._vocabulary = {lang: json.loads(files[f"{version}/v/{lang}.json"]) for lang in self.languages}

    def docs(self) -> range:
        return range(len(self._lang))

    def lang(self, doc: int) -> str:
        return self._lang[doc]

    def length(self, doc: int) -> float:
        return self._length[doc]

    def rank(self, doc: int) -> int:
        return doc

    def translation(self, doc: int) -> int | None:
        return doc + self._translation[doc] if self._translation[doc] else None

    def postings(self, key: str) -> list[tuple[int, int]] | None:
        lang, _, phrase = key.partition(">")
        if len(lang) < len(key) and ":" not in lang and phrase.count(" ") > 1:
            terms = phrase.split(" ")
            pairs = [f"{lang}>{a} {b}" for a, b in zip(terms, terms[1:], strict=False)]
            lists = [self.postings(pair) for pair in pairs]
            places = [
                dict(zip([d for d, _ in entries or ()], self.values.get(pair + "@", []), strict=False))
                for pair, entries in zip(pairs, lists, strict=True)
            ]

            def at(k: int, doc: int) -> list[int]:
                found = places[k].get(doc, [])
                return [found] if isinstance(found, int) else found

            return rankbase.phrase_postings(lists, at)
        entries = self.values.get(key)
        if not entries:
            return None
        out, doc = [], -1
        for gap, weight in zip(entries[::2], entries[1::2], strict=True):
            doc += gap + 1
            out.append((doc, weight))
        return out

    def parts(self, lang: str, term: str) -> list[str] | None:
        return self.values.get(f"{lang}:{term} =")

    def prefixed(self, lang: str, prefix: str) -> list[str]:
        start = f"{lang}:{prefix}"
        at = bisect.bisect_left(self.keys, start)
        found = []
        while at < len(self.keys) and self.keys[at].startswith(start):
            found.append(self.keys[at][len(lang) + 1 :])
            at += 1
        return found

    def vocabulary(self, lang: str) -> ranking.Vocabulary:
        v = self._vocabulary[lang]
        return ranking.Vocabulary(v["words"], set(v["words"]) | set(v["terms"]))
