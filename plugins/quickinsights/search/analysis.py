"""Text analysis, defined once: what a word of an insight or of a query becomes.

The site's index (sitesearch.py) and the browser (assets/engine.js, which gets these
rules in the index's entry), `insights search` (index.py, whose whoosh analyzer wraps
`Analyzer`) and the related insights (related.py, over `DocumentTerms.counts`) all use
the functions here (an insight's text: docterms.py; a query's: querytext.py), so a word meets the same term everywhere. No whoosh, no MkDocs.

- Words: `TOKEN_PATTERN` (letters and digits, a dot inside: "e.g", "a4"), lower-cased.
  Words joined by hyphens are also indexed joined ("stand-up" also as "standup"), so a
  reader who writes them together finds them.
- Stop words: our own short lists per language (`STOP_WORDS`); they and one-letter words
  are not indexed.
- Stemming: Snowball (snowballstemmer: English Porter2, Dutch Snowball 3), after a few
  spelling rules the stemmer lacks (`BEFORE_STEM`: "strategieën" as "strategie").
  Accents are folded after stemming (`FOLD`): the Dutch stemmer needs them.
- Dutch compounds (`split_compound`): a word is a head and a tail, each a word or term of
  the collection, with a linking s, en or e between ("klant|en|service",
  "leiderschap|s|stijl"); particles and suffixes are not parts ("voor|beeld",
  "duide|lijk").
- Typos: `edit_distance` (optimal string alignment: a swap of two letters is one edit)
  and `max_edits` (one for words of 5-7 letters, two from 8).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import snowballstemmer

from ..model.languages import KNOWN

TOKEN_PATTERN = r"\w+(?:\.?\w+)*"
TOKEN_RE = re.compile(TOKEN_PATTERN)
# Shorter words are not indexed.
MIN_WORD = 2
SNOWBALL = {code: language.stemmer for code, language in KNOWN.items()}

STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "a about above after again against all am an and any are as at be because been before being below "
        "between both but by can did do does doing don down during each few for from further had has have "
        "having he her here hers herself him himself his how i if in into is it its itself just me more most "
        "my myself no nor not now of off on once only or other our ours ourselves out over own s same she "
        "should so some such t than that the their theirs them themselves then there these they this those "
        "through to too under until up very was we were what when where which while who whom why will with "
        "you your yours yourself yourselves".split()
    ),
    "nl": frozenset(
        "aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus een eens "
        "en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in is ja je "
        "kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat onder ons "
        "ook op over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat werd wezen wie "
        "wil worden wordt zal ze zelf zich zij zijn zo zonder zou".split()
    ),
    "de": frozenset(
        "aber alle als am an auch auf aus bei bin bis bist da damit dann das dass dein dem den der des die "
        "dies diese dieser doch du durch ein eine einem einen einer eines er es für hat hatte ich ihr im in "
        "ist ja kann man mit nach nicht noch nur ob oder ohne sein sich sie sind so um und uns vom von vor "
        "war was wenn wer wie wir wird zu zum zur".split()
    ),
}

# Spelling the stemmer does not conflate, as (ending, replacement), tried in order on
# the lower-cased word before it is stemmed: the Dutch plural -ën after a vowel
# ("strategieën", "ideeën"; "ideeen" as typed without the diaeresis) is the word
# itself, as the stemmer makes of the other plurals.
BEFORE_STEM: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (),
    "nl": (("ieën", "ie"), ("eeën", "ee"), ("ieen", "ie"), ("eeen", "ee")),
    "de": (),
}

# Bump when a rule below changes what a word becomes or how compounds split: caches of
# its results (search.py's compounds.json) are then made again.
# 6: no tail that begins with a suffix; a linking s stays on the tail when that is a word.
RULES_VERSION = 6

# Dutch compounds. Both parts this long at least, so that "ver|trouw" is no split.
COMPOUND_LANGUAGES = tuple(code for code, language in KNOWN.items() if language.compounds)
MIN_HEAD = 4
MIN_TAIL = 4
LINKING = ("s", "en", "e")
# Heads that make a separable verb or an adverb ("terug|kijken", "voor|beeld"), and
# tails that are suffixes rather than words ("duide|lijk", "betrokken|heid").
NOT_HEADS = frozenset(
    "aan achter af bij binnen boven buiten door er erin eruit erom eromheen los mee na "
    "neer om onder op open over samen tegen terug thuis toe uit vanzelf vast voor vrij "
    "waar weg zoek kwijt klaar".split()
)
NOT_TAILS = frozenset("lijk lijke lang wijs tien baar bare loos loze zaam zame schap achtig heid heden ingen".split())
# A compound with one part unknown to the collection ("medewerkers|tevredenheid", where
# "tevredenheid" is never a word of its own) only when that part is this long and
# more than a suffix with a few letters before it ("leid|erschap", "werk|elijk").
MIN_UNKNOWN_PART = 6
# A known tail alone makes a compound only this long ("exit|gesprek"; "verhou|dingen"
# is none).
MIN_KNOWN_TAIL = 7
SUFFIXES = ("lijk", "lijke", "heid", "heden", "schap", "ing", "ingen", "baar", "zaam", "achtig", "loos")
# No tail begins with these: "duide|lijker", "werke|lijkheid" are adjectives, not compounds.
SUFFIX_STARTS = ("lijk", "elijk", "heid", "schap", "baar", "zaam", "achtig")


def _folding() -> dict[str, str]:
    """Latin letters with accents (up to Latin Extended-B) as their plain letters."""
    special = {"æ": "ae", "œ": "oe", "ø": "o", "ß": "ss", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i", "ŀ": "l"}
    folded: dict[str, str] = {}
    for code in range(0xC0, 0x250):
        letter = chr(code)
        if letter != letter.lower():
            continue
        plain = "".join(c for c in unicodedata.normalize("NFD", letter) if not unicodedata.combining(c))
        if plain != letter and plain.isascii() and plain.isalpha():
            folded[letter] = plain
    folded.update(special)
    return folded


# Lower-case letters only: words are lower-cased first.
FOLD: dict[str, str] = _folding()
_FOLD_TABLE = str.maketrans(FOLD)


def fold(text: str) -> str:
    return text.translate(_FOLD_TABLE)


def words(text: str) -> list[str]:
    """The lower-cased words of `text`."""
    return TOKEN_RE.findall(text.lower())


def max_edits(word: str) -> int:
    """How many edits a typo of `word` may have: none below 5 letters, two from 8."""
    return 0 if len(word) < 5 else 1 if len(word) < 8 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (insert, delete, substitute, swap two
    neighbours), or `limit + 1` once it is certain to exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        best = i
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            best = min(best, value)
        if best > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[len(b)]


class Analyzer:
    """One language's analysis, with a word cache: indexing thousands of insights
    spends most of its time here."""

    def __init__(self, lang: str):
        self.lang = lang
        self.stop = STOP_WORDS[lang]
        self.rules = BEFORE_STEM[lang]
        self._stem = snowballstemmer.stemmer(SNOWBALL[lang]).stemWord
        self._terms: dict[str, str] = {}
        self._stems: dict[str, str] = {}

    def stem(self, word: str) -> str:
        """`word` (lower case) stemmed and folded, stop words or not."""
        term = self._stems.get(word)
        if term is None:
            before = word
            for ending, replacement in self.rules:
                if before.endswith(ending):
                    before = before[: -len(ending)] + replacement
                    break
            term = self._stems[word] = fold(self._stem(before))
        return term

    def term(self, word: str) -> str:
        """The indexed term of one word, or '' when the word is not indexed."""
        term = self._terms.get(word)
        if term is None:
            lower = word.lower()
            term = "" if len(lower) < MIN_WORD or lower in self.stop else self.stem(lower)
            self._terms[word] = term
        return term

    def counts(self, text: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for word in TOKEN_RE.findall(text):
            term = self.term(word)
            if term:
                counts[term] = counts.get(term, 0) + 1
        return counts

    def terms(self, text: str) -> list[str]:
        """The terms of `text` in order, stop words left out."""
        return [t for t in map(self.term, TOKEN_RE.findall(text)) if t]

    def rules_for_browser(self) -> dict[str, object]:
        """What engine.js needs to analyse a query as this does, but for the stemmer
        itself (stemjs.py)."""
        return {
            "stop": sorted(self.stop),
            "minLength": MIN_WORD,
            "beforeStem": [list(rule) for rule in self.rules],
            "compounds": self.lang in COMPOUND_LANGUAGES,
        }


ANALYZERS = {lang: Analyzer(lang) for lang in KNOWN}


def compound_rules() -> dict[str, object]:
    """The rules of `split_compound`, for engine.js."""
    return {
        "minHead": MIN_HEAD,
        "minTail": MIN_TAIL,
        "linking": list(LINKING),
        "notHeads": sorted(NOT_HEADS),
        "notTails": sorted(NOT_TAILS),
        "stop": sorted(STOP_WORDS["nl"]),
        "minUnknownPart": MIN_UNKNOWN_PART,
        "minKnownTail": MIN_KNOWN_TAIL,
        "suffixes": list(SUFFIXES),
        "suffixStarts": list(SUFFIX_STARTS),
    }


# -- Dutch compounds ------------------------------------------------------------------------


@dataclass(frozen=True)
class Split:
    """A compound's two parts as written ("klanten", "service"), the linking letters
    taken off the head ("leiderschap" of "leiderschaps"), and which the collection
    knows as words or terms."""

    head: str
    tail: str
    head_known: bool
    tail_known: bool


def split_compound(
    word: str,
    known: Callable[[str], bool],
    written: Callable[[str], bool],
    stem: Callable[[str], str] | None = None,
    *,
    relaxed: bool = False,
) -> Split | None:
    """`word` (lower case, folded) as head + tail, both parts known to the collection,
    the longest head first: a head as one of its words or terms (`known`: "thuiswerk"
    of "thuiswerkbeleid" is a stem), a tail as one of its words as written (`written`:
    a stem such as "sprek", of "gesprek", would split "exitge|sprek"), or after a known
    head as a long word whose `stem` is known ("onderzoeken" of "onderzoek").

    With `relaxed`, one known part is enough when the other may be a word of its own
    (`_plausible`): a known head first ("medewerkers|tevredenheid"), else a long
    known tail ("exit|gesprek")."""
    if len(word) < MIN_HEAD + MIN_TAIL:
        return None
    stop = STOP_WORDS["nl"]
    known_head: Split | None = None
    known_tail: Split | None = None
    for at in range(len(word) - MIN_TAIL, MIN_HEAD - 1, -1):
        tail = word[at:]
        if tail in NOT_TAILS or tail.startswith(SUFFIX_STARTS):
            continue
        head = word[:at]
        # A linking letter that begins a word (or a known stem) stays with the tail:
        # "doel|stellingen", not "doel|s|tellingen".
        heads = [head] + [
            head[: -len(link)]
            for link in LINKING
            if head.endswith(link)
            and at - len(link) >= MIN_HEAD
            and not (written(link + tail) or (stem is not None and known(stem(link + tail))))
        ]
        heads = [h for h in heads if h not in NOT_HEADS and h not in stop]
        if not heads:
            continue
        tail_written = written(tail)
        for candidate in heads:
            head_known = known(candidate)
            tail_known = tail_written or (head_known and stem is not None and _plausible(tail) and known(stem(tail)))
            if head_known and tail_known:
                return Split(candidate, tail, True, True)
            if not relaxed:
                continue
            if head_known and known_head is None and _plausible(tail):
                known_head = Split(candidate, tail, True, False)
            elif tail_known and known_tail is None and len(tail) >= MIN_KNOWN_TAIL:
                known_tail = Split(candidate, tail, False, True)
    return known_head or known_tail


def _plausible(part: str) -> bool:
    """Whether a part the collection does not know may still be a word of its own."""
    if len(part) < MIN_UNKNOWN_PART:
        return False
    return not any(part.endswith(suffix) and len(part) - len(suffix) < MIN_TAIL for suffix in SUFFIXES)


@dataclass
class Compounds:
    """The compounds of a collection's vocabulary: for each compound term its split
    (the terms of its known parts), and for each part term the compound terms that
    contain it at the head or the tail."""

    parts: dict[str, list[str]] = field(default_factory=dict)
    containing: dict[str, list[str]] = field(default_factory=dict)


def find_compounds(words: Iterable[str], terms: Iterable[str], analyzer: Analyzer) -> Compounds:
    """Split every word of the vocabulary (`words` as written, `terms` as indexed)
    against the vocabulary itself. The result depends only on the vocabulary: the
    site build and `insights search` find the same compounds."""
    written = set(words)
    known = (written | set(terms)).__contains__
    out = Compounds()
    containing: dict[str, set[str]] = {}
    for word in sorted(written):
        split = split_compound(word, known, written.__contains__, analyzer.stem, relaxed=True)
        if split is None:
            continue
        compound = analyzer.term(word)
        head, tail = analyzer.stem(split.head), analyzer.stem(split.tail)
        if not compound or compound in (head, tail):
            continue
        if compound not in out.parts:
            out.parts[compound] = [part for part, ok in ((head, split.head_known), (tail, split.tail_known)) if ok]
        for part in (head, tail):
            containing.setdefault(part, set()).add(compound)
    out.containing = {part: sorted(found) for part, found in containing.items()}
    return out
