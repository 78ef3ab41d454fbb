"""Full-text search and related insights, on whoosh.

This is the only module that imports whoosh, so the engine can be swapped. Everything it
keeps lives in a cache folder outside the site (default `.cache/quickinsights/` at the
project root): `search/` holds the whoosh index and `state.json` (what is indexed, per
file); `related.pickle` the related insights computed so far. The site build keeps the
related insights, and an existing index, up to date; `insights search` makes the index.

- Analysis: English is stemmed with Snowball's English (Porter2) stemmer; Dutch with
  snowballstemmer's `dutch`, which conflates inflections ("organisaties" and
  "organisatie") where whoosh's built-in Dutch Porter does not.
- Dutch compounds: "loyaliteit" finds "klantloyaliteit". Long Dutch stems are also
  indexed reversed (`rev_nl`), so "all indexed stems that end in X" is a cheap prefix
  lookup. At query time a stem X is expanded, with a lower boost, to every indexed stem
  `head + X` whose head is itself a word of the index (optionally with the linking
  `s`, `e` or `en`: "medewerkers|betrokkenheid"). The vocabulary is the index's own, so
  it is always up to date, also after an incremental update.
- Incremental: each file's (mtime, size) and a fingerprint of its article are kept; only
  changed files are parsed and re-indexed. A new `SCHEMA_VERSION` rebuilds everything.
- Damage: state.json records the size and SHA-256 of every file of the index's current
  generation, and the JSON and pickle files carry a digest of their own; a file that is
  missing, cut short or changed, or anything whoosh raises while it opens or updates the
  index, rebuilds the cache from the content, with one line that says so (`notice`).
- Related insights: `update_related` takes each changed insight's term counts (kept
  from indexing it, or analysed again from the stored text) and the index's document
  frequencies, and hands key-term vectors to `related.py`, which ranks; the result is
  kept in related.pickle, so a rebuild recomputes only what a change can affect.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import snowballstemmer
from whoosh import fields, index, qparser, query
from whoosh.analysis import CharsetFilter, Filter, LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.lang.stopwords import stoplists
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint

from . import related
from .categories import LANGUAGES, Vocabulary, load_vocabulary
from .content import PAGE_FILES, Article, display_path, load_article
from .related import Info, RelatedSet

# Bump whenever the schema, the analysis or the fingerprint changes: the index rebuilds.
# 2: related insights from the site search's analysis (quote, tags, category labels).
SCHEMA_VERSION = 2
DEFAULT_CACHE = Path(".cache") / "quickinsights"
SUBFOLDER = "search"
STATE_FILE = "state.json"
RELATED_FILE = "related.pickle"

# Compound splitting: both parts at least this long, so that "ver|trouw" is no split.
MIN_HEAD = 4
MIN_TAIL = 4
LINKING = ("s", "en", "e")
COMPOUND_BOOST = 0.5
MAX_EXPANSIONS = 30
# Documents per whoosh commit (see `_write_documents`).
BATCH = 2000
# Seconds to wait for another process that writes the index.
LOCK_TIMEOUT = 10.0
# Heads that make a separable verb or an adverb, not a compound ("terug|kijken",
# "waar|nemen", "voor|beeld"), and tails that are derivational suffixes rather than
# words ("duide|lijk", "jaren|lang", "vijf|tien"). Found by listing every expansion on
# the sample content (see benchmarks/search_bench.py --compounds).
NOT_HEADS = frozenset(
    "aan achter af bij binnen boven buiten door er erin eruit erom eromheen los mee na "
    "neer om onder op open over samen tegen terug thuis toe uit vanzelf vast voor vrij "
    "waar weg zoek kwijt klaar".split()
)
NOT_TAILS = frozenset("lijk lang wijs tien baar loos zaam schap achtig".split())

# Wraps a long loop, e.g. in a progress bar on a terminal: progress(items, label).
Progress = Callable[[Sequence, str], Iterable]


class SearchError(Exception):
    """A problem with the index that an editor can act on (message + hint)."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


class IndexBusy(SearchError):
    """Another process is writing the index."""


# -- analysis ------------------------------------------------------------------------


class SnowballFilter(Filter):
    """Stems tokens with a snowballstemmer algorithm; picklable, as whoosh stores the
    schema (with its analyzers) in the index."""

    def __init__(self, language: str):
        self.language = language
        self._stem: Callable[[str], str] | None = None
        self._cache: dict[str, str] = {}

    def __getstate__(self) -> dict:
        return {"language": self.language}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["language"])  # type: ignore[misc]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SnowballFilter) and other.language == self.language

    def stem(self, word: str) -> str:
        stemmed = self._cache.get(word)
        if stemmed is None:
            if self._stem is None:
                self._stem = snowballstemmer.stemmer(self.language).stemWord
            stemmed = self._cache[word] = self._stem(word)
        return stemmed

    def __call__(self, tokens):
        for token in tokens:
            if not token.stopped:
                token.text = self.stem(token.text)
            yield token


SNOWBALL_NAMES = {"en": "english", "nl": "dutch"}
# Shorter words are not indexed (whoosh's StopFilter minsize; the browser's too).
MIN_WORD = 2
TOKEN_PATTERN = r"\w+(?:\.?\w+)*"
_TOKEN_RE = re.compile(TOKEN_PATTERN)


def analyzer(lang: str):
    """Words, lower-cased, stop words dropped, stemmed, then accents folded (so 'één'
    and 'een' meet; the Dutch stemmer needs the accents, so they go after it).
    Whoosh runs this on queries; `Analysis` does the same, faster,
    when indexing."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | StopFilter(stoplist=stoplists[lang], minsize=MIN_WORD)
        | SnowballFilter(SNOWBALL_NAMES[lang])
        | CharsetFilter(accent_map)
    )


class Analysis:
    """`analyzer(lang)` as one function over a word cache: indexing thousands of
    insights spends most of its time here, and whoosh's token-by-token filter chain is
    several times slower. A test keeps the two in agreement."""

    def __init__(self, lang: str):
        self.stop = frozenset(stoplists[lang])
        self.stemmer = SnowballFilter(SNOWBALL_NAMES[lang])
        self.cache: dict[str, str] = {}

    def term(self, word: str) -> str:
        """The indexed term for one token, or '' when it is not indexed."""
        lower = word.lower()
        if len(lower) < MIN_WORD or lower in self.stop:
            return ""
        return self.stemmer.stem(lower).translate(accent_map)

    def cached_term(self, word: str) -> str:
        term = self.cache.get(word)
        if term is None:
            term = self.cache[word] = self.term(word)
        return term

    def counts(self, text: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        cache = self.cache
        for word in _TOKEN_RE.findall(text):
            term = cache.get(word)
            if term is None:
                term = cache[word] = self.term(word)
            if term:
                counts[term] = counts.get(term, 0) + 1
        return counts


class CountedText(fields.TEXT):
    """A TEXT field indexed from terms counted beforehand (`{term: count}`), so each
    text is analysed once; queries still go through the field's analyzer."""

    def __init__(self, analyzer, field_boost: float = 1.0, scorable: bool = True):
        super().__init__(analyzer=analyzer, phrase=False, field_boost=field_boost)
        self.scorable = scorable

    def index(self, value, **kwargs):
        if not isinstance(value, dict):
            yield from super().index(value, **kwargs)
            return
        boost = self.format.field_boost
        for term, count in value.items():
            yield term.encode("utf-8"), count, count * boost, pack_uint(count)


def make_schema() -> fields.Schema:
    schema = fields.Schema(
        path=fields.ID(stored=True, unique=True),
        lang=fields.ID(stored=True),
        slug=fields.STORED(),
        title=fields.STORED(),
        summary=fields.STORED(),
        extra=fields.STORED(),
        text=fields.STORED(),
        categories=fields.KEYWORD(stored=True),
        draft=fields.BOOLEAN(stored=True),
        # Long Dutch stems, reversed: only its term list is used (compound lookup).
        rev_nl=CountedText(analyzer("nl"), scorable=False),
    )
    for lang in LANGUAGES:
        # Per-language fields, each analysed with its own language's analyzer at index
        # and at query time. `text_*` holds title, summary and body; a title match
        # counts more through `title_*`. No positions: phrase search is not offered.
        schema.add(f"title_{lang}", CountedText(analyzer(lang), field_boost=3.0))
        schema.add(f"text_{lang}", CountedText(analyzer(lang)))
    return schema


# -- plain text of a Markdown body ------------------------------------------------------

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_FOOTNOTE = re.compile(r"\[\^[^\]]+\]:?")
_MD_TAG = re.compile(r"<[^>]+>")
_MD_MARKS = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+\.\s+)|[*_`]+|\{[:#.][^}]*\}", re.M)


def plain_text(markdown: str) -> str:
    """Markdown reduced to running text, for snippets: links keep their words."""
    text = _MD_LINK.sub(r"\1", markdown)
    text = _MD_FOOTNOTE.sub("", text)
    text = _MD_TAG.sub(" ", text)
    text = _MD_MARKS.sub("", text)
    return " ".join(text.split())


def fingerprint(article: Article) -> str:
    """Changes whenever anything the index or the related insights use changes."""
    parts = [
        article.lang,
        article.slug,
        article.title,
        article.summary,
        article.body,
        " ".join(article.categories),
        str(article.draft),
        article.quote or "",
        article.quote_author or "",
        " ".join(article.tags),
    ]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


# -- the index -------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One search result. `snippet_parts` marks the matched words (True)."""

    path: str
    lang: str
    slug: str
    title: str
    categories: tuple[str, ...]
    score: float
    snippet_parts: tuple[tuple[str, bool], ...]
    draft: bool = False

    @property
    def snippet(self) -> str:
        return "".join(text for text, _ in self.snippet_parts)


@dataclass
class SyncReport:
    indexed: int = 0
    removed: int = 0
    unreadable: list[str] = field(default_factory=list)  # files with problems, not indexed
    rebuilt: bool = False


@dataclass
class _Entry:
    """What state.json keeps of one file."""

    stamp: tuple[int, int] | None  # (mtime_ns, size) when the file was last read
    fp: str | None  # None: the file has problems and is not indexed
    lang: str
    draft: bool = False
    cats: tuple[str, ...] = ()

    def to_json(self) -> list:
        return [list(self.stamp) if self.stamp else None, self.fp, self.lang, self.draft, list(self.cats)]

    @classmethod
    def from_json(cls, data: list) -> _Entry:
        stamp, fp, lang, draft, cats = data
        return cls(tuple(stamp) if stamp else None, fp, lang, bool(draft), tuple(cats))


def default_cache_dir(root: Path) -> Path:
    return root / DEFAULT_CACHE


def terminal_progress(items: Sequence, label: str) -> Iterable:
    """A progress line on stderr for long loops on a terminal; nothing in CI, pipes or
    logs. (The CLI has its own, with click; this one is for the MkDocs build.)"""
    if len(items) < 200 or not sys.stderr.isatty() or os.environ.get("CI"):
        return items
    return _progress_line(items, label)


def _progress_line(items: Sequence, label: str) -> Iterable:
    total = len(items)
    for done, item in enumerate(items, 1):
        yield item
        if done % 100 == 0 or done == total:
            sys.stderr.write(f"\r{label}: {done}/{total}" + ("\n" if done == total else ""))
            sys.stderr.flush()


def _rebuilt_when_damaged(method):
    """Run a `SearchIndex` update; when whoosh fails on the index (damage that `_open`
    did not see), rebuild it and run the update again, once. Then say what was damaged."""

    @functools.wraps(method)
    def run(index_: SearchIndex, *args, **kwargs):
        # An iterator of articles would be empty the second time.
        args = tuple(list(a) if isinstance(a, Iterator) else a for a in args)
        try:
            report = method(index_, *args, **kwargs)
        except SearchError:
            raise
        except Exception as error:  # noqa: BLE001 - whoosh raises many kinds
            if index_._locked():
                raise IndexBusy(
                    f"the search index in {index_.folder} changed while it was read: another process is writing it",
                    "wait for the other build or search to finish, then try again",
                ) from error
            index_._damaged(f"whoosh failed on it: {_reason(error)}")
            index_._reset()
            report = method(index_, *args, **kwargs)
            report.rebuilt = True
        index_._report_damage()
        return report

    return run


class SearchIndex:
    """The whoosh index of all insights, kept in `cache_dir/search/`."""

    def __init__(
        self, cache_dir: Path, vocabulary: Vocabulary | None = None, *, notice: Callable[[str], None] | None = None
    ):
        self.cache_dir = Path(cache_dir)
        # The site's categories: their labels are searched with each insight.
        self.vocabulary = vocabulary or load_vocabulary()
        self.folder = self.cache_dir / SUBFOLDER
        self.entries: dict[str, _Entry] = {}
        # Term counts of the insights indexed by this object, for `update_related`.
        self.fresh: dict[str, dict[str, int]] = {}
        self._ix: index.Index | None = None
        self._state: dict | None = None
        # The line that says a damaged cache was rebuilt (the build passes its log).
        self.notice = notice or _print_notice
        self._damage: list[str] = []
        # The index's files as state.json records them (see `_check`).
        self._record: dict | None = None
        self._fingerprints: dict[str, tuple[Article, str]] = {}
        self._searcher = None
        self._schema: fields.Schema | None = None
        self._parsers: dict[str | None, qparser.QueryParser] = {}
        self._compounds: dict[str, list[str]] = {}

    # -- opening and rebuilding

    def _open(self) -> index.Index:
        """Open the index, or create it afresh when it is missing, of another schema
        version, or damaged: the cache can always be rebuilt from the content."""
        if self._ix is not None:
            return self._ix
        state: dict | None
        damage: str | None
        if self._state is not None:
            state, damage, self._state = self._state, None, None
        else:
            state, damage = _read_sealed(self.folder / STATE_FILE)
        if damage:
            self._damaged(f"{SUBFOLDER}/{STATE_FILE} {damage}")
        elif state is None:
            if self._index_files():
                self._damaged(f"{SUBFOLDER}/{STATE_FILE} is missing")
        elif state.get("schema") == SCHEMA_VERSION and "index" in state:
            damage = self._check(state["index"])
            if damage is None:
                try:
                    self._ix = index.open_dir(str(self.folder))
                    self.entries = {p: _Entry.from_json(e) for p, e in state["files"].items()}
                    self._record = state["index"]
                    return self._ix
                except Exception as error:  # noqa: BLE001 - whoosh raises many kinds
                    damage = f"whoosh could not open it: {_reason(error)}"
            self._damaged(damage)
        # (A state of another version, or from before the index's files were recorded,
        # is rebuilt without a word, as after an upgrade.)
        self._reset()
        assert self._ix is not None
        return self._ix

    def _check(self, record: dict) -> str | None:
        """What is wrong with the index's files, compared with `record` (None: nothing,
        or another process is writing them, which `_writer` reports as busy)."""
        if self._locked():
            return None
        generation, files = record["generation"], record["files"]
        toc = _toc_name(generation)
        if not (self.folder / toc).is_file():
            return f"{SUBFOLDER}/{toc}, the index's table of contents, is missing"
        latest = index.TOC._latest_generation(FileStorage(str(self.folder)), index._DEF_INDEX_NAME)
        if latest != generation:
            return f"{SUBFOLDER}/ holds generation {latest} of the index, {STATE_FILE} records {generation}"
        for name, (size, digest) in files.items():
            path = self.folder / name
            try:
                actual = path.stat().st_size
            except FileNotFoundError:
                return f"{SUBFOLDER}/{name} is missing"
            if actual != size:
                return f"{SUBFOLDER}/{name} has {actual} bytes, not the {size} written"
            if _file_digest(path) != digest:
                return f"{SUBFOLDER}/{name} is not as written"
        return None

    def _locked(self) -> bool:
        """Whether another process (or another writer of this one) is writing the index."""
        if not self.folder.is_dir():
            return False
        lock = FileStorage(str(self.folder)).lock(f"{index._DEF_INDEX_NAME}_WRITELOCK")
        try:
            if not lock.acquire(blocking=False):
                return True
        except OSError:
            return False  # a read-only cache: nobody writes it
        lock.release()
        return False

    def _index_files(self) -> list[str]:
        """The files that whoosh keeps in the folder (tables of contents, segments)."""
        try:
            names = os.listdir(self.folder)
        except OSError:
            return []
        prefixes = (f"_{index._DEF_INDEX_NAME}_", f"{index._DEF_INDEX_NAME}_")
        return [n for n in names if n.startswith(prefixes) and n != f"{index._DEF_INDEX_NAME}_WRITELOCK"]

    def _index_record(self) -> dict:
        """The size and digest of each file of the index's current generation: its table
        of contents and its segments' files. Segment files never change once written,
        so a digest already known for a name and size is kept."""
        ix = self._ix
        assert ix is not None
        generation = ix.latest_generation()
        if self._record is not None and self._record["generation"] == generation:
            return self._record
        toc = index.TOC.read(ix.storage, ix.indexname, generation)
        names = [_toc_name(generation), *(n for segment in toc.segments for n in segment.list_files(ix.storage))]
        known = self._record["files"] if self._record else {}
        files = {}
        for name in names:
            path = self.folder / name
            size = path.stat().st_size
            kept = known.get(name)
            files[name] = kept if kept and kept[0] == size else [size, _file_digest(path)]
        self._record = {"generation": generation, "files": files}
        return self._record

    def _damaged(self, reason: str) -> None:
        self._damage.append(reason)

    def _report_damage(self) -> None:
        """Say once what was damaged, now that it is rebuilt."""
        if self._damage:
            reasons = "; ".join(self._damage)
            self.notice(f"the search cache in {_shown(self.cache_dir)} was damaged ({reasons}); rebuilt it")
            self._damage = []

    def _reset(self) -> None:
        self._forget()
        try:
            if self.folder.exists():
                shutil.rmtree(self.folder)
            self.folder.mkdir(parents=True)
            self._ix = index.create_in(str(self.folder), make_schema())
            self._record = None
        except OSError as error:
            raise SearchError(
                f"cannot create the search index in {self.folder}: {error.strerror or error}",
                "check that the folder is writable, or delete it",
            ) from error
        self.entries = {}
        self.rebuilt = True
        self._write_state()

    def _read_json(self, name: str) -> dict | None:
        return _read_json(self.folder / name)

    def _write_json(self, name: str, data: dict) -> None:
        _write_json(self.folder / name, data)

    def exists(self) -> bool:
        """Whether an index of this schema version is there (`insights search` made one),
        also when it is damaged (then it is rebuilt by whoever opens it)."""
        if self._ix is not None:
            return True
        # Kept for `_open`, which would otherwise read the state of 10,000 files again.
        self._state, damage = _read_sealed(self.folder / STATE_FILE)
        if damage:
            return True
        if self._state is None:
            return bool(self._index_files())
        return self._state.get("schema") == SCHEMA_VERSION

    def _write_state(self) -> None:
        state = {
            "schema": SCHEMA_VERSION,
            "index": self._index_record(),
            "files": {p: e.to_json() for p, e in sorted(self.entries.items())},
        }
        self._write_json(STATE_FILE, state)

    # -- updating

    @_rebuilt_when_damaged
    def sync(self, articles: Iterable[Article], root: Path, progress: Progress | None = None) -> SyncReport:
        """Bring the index in line with `articles` (every valid insight, drafts included):
        what the MkDocs plugin calls with the corpus it has already loaded."""
        self.rebuilt = False
        self._open()
        todo: dict[str, tuple[Article, tuple[int, int] | None]] = {}
        stamps_only: dict[str, tuple[int, int] | None] = {}
        current = set()
        root_text = str(root)  # os.path, not pathlib: 10,000 Path objects cost 0.2 s
        for article in articles:
            current.add(article.path)
            stamp = _stamp(os.path.join(root_text, article.path))
            entry = self.entries.get(article.path)
            if entry is None or entry.fp != self.fingerprint(article):
                todo[article.path] = (article, stamp)
            elif entry.stamp != stamp:
                stamps_only[article.path] = stamp
        removed = [p for p in self.entries if p not in current]
        return self._apply(todo, removed, stamps_only, {}, progress)

    def fingerprint(self, article: Article) -> str:
        """`fingerprint(article)`, remembered: the build asks for every insight twice
        (index, then related insights), with the same Article objects."""
        known = self._fingerprints.get(article.path)
        if known is not None and known[0] is article:
            return known[1]
        fp = fingerprint(article)
        self._fingerprints[article.path] = (article, fp)
        return fp

    @_rebuilt_when_damaged
    def sync_files(
        self, content_dir: Path, root: Path, vocabulary: Vocabulary | None = None, progress: Progress | None = None
    ) -> SyncReport:
        """Bring the index in line with the files below `content_dir`, reading only those
        whose modification time or size changed: what `insights search` calls."""
        self.rebuilt = False
        self._open()
        todo: dict[str, tuple[Article, tuple[int, int] | None]] = {}
        stamps_only: dict[str, tuple[int, int] | None] = {}
        broken: dict[str, tuple[str, tuple[int, int] | None]] = {}
        current = set()
        to_read = []
        for lang in LANGUAGES:
            folder = content_dir / lang
            for path in sorted(folder.glob("*.md")) if folder.is_dir() else ():
                if path.name in PAGE_FILES:
                    continue
                shown = display_path(path, root)
                current.add(shown)
                stamp = _stamp(path)
                entry = self.entries.get(shown)
                if entry is None or entry.stamp != stamp:
                    to_read.append((lang, path, shown, stamp))
                elif entry.fp is None:
                    broken[shown] = (lang, stamp)
        for lang, path, shown, stamp in progress(to_read, "Reading insights") if progress else to_read:
            entry = self.entries.get(shown)
            article, _ = load_article(path, lang, shown, vocabulary)
            if article is None:
                broken[shown] = (lang, stamp)
            elif entry is None or entry.fp != fingerprint(article):
                todo[shown] = (article, stamp)
            else:
                stamps_only[shown] = stamp
        removed = [p for p in self.entries if p not in current]
        return self._apply(todo, removed, stamps_only, broken, progress)

    def _apply(self, todo, removed, stamps_only, broken, progress) -> SyncReport:
        was_indexed = {p for p, e in self.entries.items() if e.fp is not None}
        to_delete = [*removed, *(p for p in broken if p in was_indexed)]
        state_changed = bool(stamps_only or removed) or any(
            self.entries.get(p) is None or self.entries[p].stamp != stamp for p, (_, stamp) in broken.items()
        )
        report = SyncReport(len(todo), len(to_delete), sorted(broken), self.rebuilt)
        if not (todo or to_delete or state_changed):
            return report
        if todo or to_delete:
            try:
                self._write_documents(todo, to_delete, was_indexed, progress)
            except OSError as error:
                raise SearchError(
                    f"cannot write the search index in {self.folder}: {error.strerror or error}",
                    "check that the folder is writable and the disk not full, or delete the folder",
                ) from error
        for path in removed:
            del self.entries[path]
        for path, (lang, stamp) in broken.items():
            self.entries[path] = _Entry(stamp, None, lang)
        for path, stamp in stamps_only.items():
            self.entries[path].stamp = stamp
        for path, (article, stamp) in todo.items():
            self.entries[path] = _Entry(stamp, fingerprint(article), article.lang, article.draft, article.categories)
        self._write_state()
        return report

    def _write_documents(self, todo, to_delete, was_indexed, progress) -> None:
        """Write in batches of `BATCH` documents, one segment each: whoosh's posting pool
        spills to disk and merges in Python when one commit holds thousands of
        documents, which doubles a cold index's time. The state is saved after each
        batch, so that an interrupted run never adds a document twice."""
        self._forget()
        ix = self._open()
        analyses = {lang: Analysis(lang) for lang in LANGUAGES}
        paths = sorted(todo)
        batch: list[str] = []
        writer = self._writer(ix)
        try:
            for path in to_delete:
                writer.delete_by_term("path", path)
            for path in progress(paths, "Indexing insights") if progress else paths:
                article, stamp = todo[path]
                document, self.fresh[path] = _document(article, analyses[article.lang], self.vocabulary)
                # A new file needs no lookup of an old version: adding is much faster.
                if path in was_indexed:
                    writer.update_document(**document)
                else:
                    writer.add_document(**document)
                batch.append(path)
                if len(batch) == BATCH:
                    writer.commit(merge=False)
                    self._committed(batch, todo)
                    batch = []
                    writer = self._writer(ix)
            # Small updates may merge the small segments of earlier updates (MERGE_SMALL);
            # the big segments of a cold run are left alone.
            writer.commit(merge=len(paths) < BATCH)
            self._committed(batch, todo)
        except BaseException:
            writer.cancel()
            raise

    def _writer(self, ix: index.Index):
        try:
            return ix.writer(timeout=LOCK_TIMEOUT, limitmb=128)
        except LockError as error:
            raise IndexBusy(
                f"the search index in {self.folder} is locked by another process",
                "wait for the other build or search to finish, then try again",
            ) from error

    def _committed(self, paths: list[str], todo) -> None:
        for path in paths:
            article, stamp = todo[path]
            self.entries[path] = _Entry(stamp, fingerprint(article), article.lang, article.draft, article.categories)
        self._write_state()

    # -- searching

    def search(self, text: str, lang: str | None = None, category: str | None = None, limit: int = 10) -> list[Hit]:
        """Ranked hits for `text`: words, with OR, AND and NOT; best first."""
        searcher = self._current_searcher()
        try:
            parsed = _not_as_and_not(self._parser(lang).parse(text))
        except Exception as error:  # noqa: BLE001 - whoosh raises many kinds
            raise SearchError(f"cannot read the query {text!r}: {error}", "use plain words") from error
        if not lang or lang == "nl":
            parsed = parsed.accept(self._expand_compounds)
        # The language needs no filter: each language has its own fields.
        category_filter = query.Term("categories", category) if category else None
        # No `terms=True`: collecting matched terms per document disables whoosh's
        # skipping of blocks that cannot reach the top hits (5-10x slower).
        results = searcher.search(parsed, limit=limit, filter=category_filter)
        terms: dict[str, set[str]] = defaultdict(set)
        for field_name, term in parsed.all_terms():
            terms[field_name.rsplit("_", 1)[-1]].add(term.decode("utf-8") if isinstance(term, bytes) else term)
        return [_hit(hit, terms[hit["lang"]]) for hit in results]

    # One searcher, parser and compound cache for many queries: opening a searcher and
    # unpickling the schema (which whoosh does on every `ix.schema`) cost more than a
    # query. Writing drops them (`_forget`).

    def _current_searcher(self):
        if self._searcher is None:
            ix = self._open()
            self._schema = ix.schema
            self._searcher = ix.searcher()
        return self._searcher

    def _parser(self, lang: str | None) -> qparser.QueryParser:
        parser = self._parsers.get(lang)
        if parser is None:
            langs = (lang,) if lang else LANGUAGES
            field_names = [f"{kind}_{lg}" for lg in langs for kind in ("title", "text")]
            # OR with a bonus for matching more words: an editor looking for an existing
            # insight types a few words and wants the best matches, not nothing.
            parser = qparser.MultifieldParser(field_names, self._schema, group=qparser.OrGroup.factory(0.9))
            parser.remove_plugin_class(qparser.FieldsPlugin)  # "title:x" is text, not syntax
            parser.remove_plugin_class(qparser.PhrasePlugin)  # no positions are indexed
            self._parsers[lang] = parser
        return parser

    def _expand_compounds(self, node: query.Query) -> query.Query:
        """A Dutch term X becomes X OR (compounds ending in X, boosted lower). Only in
        `text_nl`, which holds the title too: a second union for the title costs more
        than the title boost of a compound is worth."""
        if isinstance(node, query.Term) and node.fieldname == "text_nl" and len(node.text) >= MIN_TAIL:
            compounds = self._compounds.get(node.text)
            if compounds is None:
                compounds = self._compounds[node.text] = _compounds_ending_in(
                    node.text, self._current_searcher().reader()
                )
            if compounds:
                alternatives = [query.Term(node.fieldname, c, boost=node.boost * COMPOUND_BOOST) for c in compounds]
                expanded = query.Or([node, *alternatives])
                # Preloading the few, short posting lists of compounds beats a tree of
                # union matchers.
                expanded.matcher_type = query.Or.ARRAY_MATCHER
                return expanded
        return node

    def _forget(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = None
        self._parsers = {}
        self._compounds = {}


def _not_as_and_not(parsed: query.Query) -> query.Query:
    """With OR as the default, whoosh reads "a NOT b" as "a OR (not b)", which matches
    everything; make it "a, but not b"."""
    if isinstance(parsed, query.Or):
        negatives = [q.query for q in parsed.subqueries if isinstance(q, query.Not)]
        if negatives:
            positives = [q for q in parsed.subqueries if not isinstance(q, query.Not)]
            base = query.Or(positives, scale=0.9) if positives else query.Every()
            return query.AndNot(base, query.Or(negatives))
    return parsed


# -- the cache's own files: sealed, so that damage is seen --------------------------------

# A JSON file of the cache is {"sha256":"<digest of DATA>","data":DATA}: its digest is
# checked on the bytes of DATA, before they are parsed.
_SEAL_START = b'{"sha256":"'
_SEAL_MIDDLE = b'","data":'
_DIGEST_LENGTH = 64


def _read_json(path: Path) -> dict | None:
    """The data of a sealed JSON file; None when it is missing or damaged."""
    return _read_sealed(path)[0]


def _read_sealed(path: Path) -> tuple[dict | None, str | None]:
    """(data, None), (None, None) when the file is missing, or (None, what is wrong
    with it). A file written before files were sealed is read as it is."""
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None, None
    except OSError as error:
        return None, f"cannot be read ({error.strerror or error})"
    data: object
    if raw.startswith(_SEAL_START):
        start = len(_SEAL_START) + _DIGEST_LENGTH
        digest, middle = raw[len(_SEAL_START) : start], raw[start : start + len(_SEAL_MIDDLE)]
        body = raw[start + len(_SEAL_MIDDLE) : -1]
        if middle != _SEAL_MIDDLE or not raw.endswith(b"}"):
            return None, "is cut short or garbled"
        if hashlib.sha256(body).hexdigest().encode("ascii") != digest:
            return None, "is not as written"
        raw = body
    try:
        data = json.loads(raw)
    except ValueError:
        return None, "is not valid JSON"
    return (data, None) if isinstance(data, dict) else (None, "is not valid JSON")


def _write_json(path: Path, data: dict) -> None:
    # json.dumps, not json.dump: only the former uses the C encoder.
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    digest = hashlib.sha256(body).hexdigest().encode("ascii")
    try:
        related.write_atomically(path, b"".join((_SEAL_START, digest, _SEAL_MIDDLE, body, b"}")))
    except OSError as error:
        raise _cannot_write(path, error) from error


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _toc_name(generation: int) -> str:
    return f"_{index._DEF_INDEX_NAME}_{generation}.toc"


def _reason(error: Exception) -> str:
    """An exception as a reason in the damage line: 'Block tag error b'ARBA''."""
    text, name = str(error), type(error).__name__
    return text if type(error) is Exception else f"{name}: {text}" if text else name


def _shown(path: Path) -> str:
    """`path` relative to the current folder when it is below it (as editors type it)."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _print_notice(message: str) -> None:
    print(message, file=sys.stderr)


def _cannot_write(path: Path, error: OSError) -> SearchError:
    return SearchError(
        f"cannot write {path}: {error.strerror or error}",
        "check that the folder is writable and the disk not full, or delete the folder",
    )


def _stamp(path: str | Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def _searchable_text(title: str, summary: str, body: str, extra: str = "") -> str:
    """What is indexed and compared of an insight (its body as plain text; `extra`:
    see `extra_text`)."""
    return f"{title}\n{summary}\n{body}\n{extra}"


def extra_text(article: Article, labels: Sequence[str] | None = None) -> str:
    """What else an insight's page shows of it, searched and compared too: its pull
    quote and the quote's author, its tags, and the `labels` of its categories in its
    language (by default from the category vocabulary)."""
    if labels is None:
        labels = load_vocabulary().labels(article.categories, article.lang)
    return " ".join(filter(None, (article.quote, article.quote_author, *article.tags, *labels)))


def _document(article: Article, analysis: Analysis, vocabulary: Vocabulary) -> tuple[dict, dict[str, int]]:
    """The whoosh document of an insight, and its term counts (for related insights)."""
    body = plain_text(article.body)
    lang = article.lang
    extra = extra_text(article, vocabulary.labels(article.categories, lang))
    counts = analysis.counts(_searchable_text(article.title, article.summary, body, extra))
    doc = {
        "path": article.path,
        "lang": lang,
        "slug": article.slug,
        "title": article.title,
        "summary": article.summary,
        "text": body,
        "extra": extra,
        "categories": " ".join(article.categories),
        "draft": article.draft,
        f"title_{lang}": analysis.counts(article.title),
        f"text_{lang}": counts,
    }
    if lang == "nl":
        doc["rev_nl"] = {term[::-1]: 1 for term in counts if len(term) >= MIN_HEAD + MIN_TAIL}
    return doc, counts


SNIPPET_WORDS = 32
_ANALYSES = {lang: Analysis(lang) for lang in LANGUAGES}


def term_counts(article: Article, labels: Sequence[str] | None = None) -> tuple[dict[str, int], dict[str, int]]:
    """An insight's terms, as this index analyses them: (in its title, in all it shows:
    title, summary, body and `extra_text`). The site search and the related insights
    use these too."""
    analysis = _ANALYSES[article.lang]
    text = _searchable_text(article.title, article.summary, plain_text(article.body), extra_text(article, labels))
    return analysis.counts(article.title), analysis.counts(text)


# The letters a browser folds after stemming: whoosh's accent map, for the Latin
# letters (up to Latin Extended-B) that English and Dutch text can hold.
FOLD_LIMIT = 0x250


def query_rules(lang: str) -> dict[str, object]:
    """What a browser needs to analyse a query exactly as `Analysis` does, but for the
    stemmer itself (stemjs.py): stop words and the accent folding of the language."""
    return {"stop": sorted(stoplists[lang]), "minLength": MIN_WORD}


def accent_folding() -> dict[str, str]:
    """whoosh's accent map below FOLD_LIMIT, as {letter: folded}."""
    letters = (chr(code) for code in range(0x80, FOLD_LIMIT))
    # Lower-case letters only: the query is lower-cased before it is stemmed.
    return {
        c: accent_map[ord(c)] for c in letters if ord(c) in accent_map and c == c.lower() and accent_map[ord(c)] != c
    }


def _hit(hit, terms: set[str]) -> Hit:
    lang = hit["lang"]
    return Hit(
        path=hit["path"],
        lang=lang,
        slug=hit["slug"],
        title=hit["title"],
        categories=tuple(hit["categories"].split()),
        score=hit.score,
        snippet_parts=snippet(hit["text"], terms, lang) or snippet(hit["summary"], terms, lang, whole=True),
        draft=bool(hit["draft"]),
    )


def snippet(text: str, terms: set[str], lang: str, whole: bool = False) -> tuple[tuple[str, bool], ...]:
    """About `SNIPPET_WORDS` words of `text` around its first matching word, the
    matching words marked. Whoosh's highlighter re-analyses the whole text of every
    hit, token object by token object: too slow for the query budget."""
    analysis = _ANALYSES[lang]
    words = list(_TOKEN_RE.finditer(text))
    first = next((i for i, m in enumerate(words) if analysis.cached_term(m.group()) in terms), None)
    if first is None and not whole:
        return ()
    start = 0 if whole or first is None else max(0, first - 8)
    end = len(words) if whole else min(len(words), start + SNIPPET_WORDS)
    if not words:
        return ((text, False),) if text else ()
    parts: list[tuple[str, bool]] = [("… ", False)] if start > 0 else []
    position = words[start].start()
    for m in words[start:end]:
        if analysis.cached_term(m.group()) in terms:
            parts += [(text[position : m.start()], False), (m.group(), True)]
            position = m.end()
    # The last word's punctuation belongs to the snippet when the text ends there.
    tail = text[position:] if end == len(words) else text[position : words[end - 1].end()]
    parts.append((tail + (" …" if end < len(words) else ""), False))
    return tuple((" ".join(t.split(" ")).replace("\n", " "), mark) for t, mark in parts if t)


# -- Dutch compounds at query time -------------------------------------------------------


def compounds_ending_in(
    stem: str, ending_with: Callable[[str], Iterable[str]], is_word: Callable[[str], bool]
) -> list[str]:
    """The Dutch stems `head + stem` among `ending_with(stem)` (indexed stems that end in
    `stem`) whose head is itself a word (`is_word`, as itself or stemmed), possibly
    with a linking s, e or en; at most MAX_EXPANSIONS. Used by `insights search` and
    by the site search's index (sitesearch.compound_postings)."""
    if stem in NOT_TAILS:
        return []
    found = []
    stemmer = _DUTCH_STEMMER
    for term in ending_with(stem):
        head = term[: -len(stem)]
        if len(head) < MIN_HEAD:
            continue
        heads = {
            head,
            *(head[: -len(link)] for link in LINKING if head.endswith(link) and len(head) - len(link) >= MIN_HEAD),
        }
        if head in NOT_HEADS or head in DUTCH_STOPWORDS:
            continue
        if any(is_word(h) or is_word(stemmer.stem(h)) for h in heads):
            found.append(term)
            if len(found) >= MAX_EXPANSIONS:
                break
    return found


def _compounds_ending_in(stem: str, reader) -> list[str]:
    """Indexed stems `head + stem` whose head is a word of the index itself."""

    def ending_with(tail: str) -> Iterable[str]:
        for reversed_term in reader.expand_prefix("rev_nl", tail[::-1]):
            yield reversed_term.decode("utf-8")[::-1] if isinstance(reversed_term, bytes) else reversed_term[::-1]

    return compounds_ending_in(stem, ending_with, lambda word: ("text_nl", word) in reader)


_DUTCH_STEMMER = SnowballFilter("dutch")
DUTCH_STOPWORDS = frozenset(stoplists["nl"])


# -- related insights ---------------------------------------------------------------------


def update_related(
    index_: SearchIndex,
    progress: Progress | None = None,
    articles: Iterable[Article] | None = None,
    counts: Mapping[str, dict[str, int]] | None = None,
) -> RelatedSet:
    """Bring the related insights up to date, computing only what the changes since
    the last call can affect, and keep them in `cache_dir/related.pickle`.

    With `articles` (the build), no whoosh index is needed: changed insights are
    analysed here, with the index's analysis, or taken from `counts` ({path: term
    counts}), which the build has made for the site search already (`term_counts`).
    Without, the insights are those of the index (call `sync` first), their text the
    stored one."""
    if articles is not None:
        by_path = {a.path: a for a in articles}
        every = {p: Info(index_.fingerprint(a), a.lang, a.categories, a.draft) for p, a in by_path.items()}

        def text_of(path: str) -> str:
            article = by_path[path]
            labels = index_.vocabulary.labels(article.categories, article.lang)
            return _searchable_text(
                article.title, article.summary, plain_text(article.body), extra_text(article, labels)
            )
    else:
        index_._open()
        every = {p: Info(e.fp, e.lang, e.cats, e.draft) for p, e in index_.entries.items() if e.fp is not None}

        def text_of(path: str) -> str:
            stored = index_._current_searcher().document(path=path) or {}
            return _searchable_text(
                stored.get("title", ""), stored.get("summary", ""), stored.get("text", ""), stored.get("extra", "")
            )

    def counts_of(path: str, lang: str) -> dict[str, int]:
        if counts is not None and path in counts:
            return counts[path]
        return index_.fresh.get(path) or _ANALYSES[lang].counts(text_of(path))

    def damaged(reason: str) -> None:
        index_._damaged(f"{RELATED_FILE} {reason}")

    related_file = index_.cache_dir / RELATED_FILE
    try:
        state = related.refresh(related_file, SCHEMA_VERSION, every, counts_of, LANGUAGES, progress, damaged)
    except OSError as error:
        raise _cannot_write(related_file, error) from error
    index_._report_damage()
    return state
