"""Full-text search and related insights, on whoosh.

This is the only module that imports whoosh, so the engine can be swapped. Everything it
keeps lives in a cache folder outside the site (default `.cache/quickinsights/` at the
project root): `search/` holds the whoosh index and `state.json` (what is indexed, per
file); `related.pickle` the related insights computed so far. The site build keeps the
related insights, and an existing index, up to date; `insights search` makes the index.

- Analysis: analysis.py's, the site search's and the related insights' too (the
  whoosh analyzer of the fields wraps it). Each insight's terms are indexed with
  their weights (title 3, summary, headings, tags and labels 2, the rest 1), its word
  pairs (phrases) and its words as written (typos, compound splitting).
- Queries: ranking.py's rules, the site search's, over whoosh's postings (`_Source`):
  insights with every word first, then those with most; Dutch compounds both ways,
  typos, the glossary, and translations when both languages are searched. The Dutch
  compounds of the index's vocabulary (analysis.find_compounds) are kept in
  `search/compounds.json`, made again when the index changed.
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
import shutil
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import fields, index, query
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.system import pack_uint

from ..model import siteconfig
from ..model.categories import Vocabulary, load_vocabulary
from ..model.content import PAGE_FILES, Article, display_path, load_article
from ..model.languages import LANGUAGES
from . import analysis, ranking, related
from .analysis import ANALYZERS, MIN_WORD, TOKEN_PATTERN, plain_text  # noqa: F401 - search.MIN_WORD, search.plain_text as before
from .related import Info, RelatedSet

# Bump whenever the schema, the analysis or the fingerprint changes: the index rebuilds.
# 2: related insights from the site search's analysis (quote, tags, category labels).
# 3: analysis.py's analysis, weighted terms, word pairs and words; ranking.py's queries.
SCHEMA_VERSION = 3
DEFAULT_CACHE = Path(".cache") / "quickinsights"
SUBFOLDER = "search"
STATE_FILE = "state.json"
COMPOUNDS_FILE = "compounds.json"
RELATED_FILE = "related.pickle"

# Documents per whoosh commit (see `_write_documents`).
BATCH = 2000
# Seconds to wait for another process that writes the index.
LOCK_TIMEOUT = 10.0
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


class AnalysisFilter(Filter):
    """analysis.py's analysis of one language as a whoosh filter: the fields' analyzer,
    for text whoosh would analyse itself. Picklable, as whoosh stores the schema."""

    def __init__(self, lang: str):
        self.lang = lang

    def __getstate__(self) -> dict:
        return {"lang": self.lang}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["lang"])  # type: ignore[misc]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AnalysisFilter) and other.lang == self.lang

    def __call__(self, tokens):
        term = ANALYZERS[self.lang].term
        for token in tokens:
            token.text = term(token.text)
            if token.text:
                yield token


def analyzer(lang: str):
    """Words, lower-cased, then analysis.py's term of each (stop words dropped)."""
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | AnalysisFilter(lang)


class Analysis(analysis.Analyzer):
    """analysis.Analyzer, by its older name."""

    cached_term = analysis.Analyzer.term


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
        # Columns: what ranking reads of every insight (language, length, newest
        # first, translation), without loading the stored fields of thousands.
        lang=fields.ID(stored=True, sortable=True),
        length=fields.NUMERIC(sortable=True),
        order=fields.ID(sortable=True),
        translation=fields.ID(sortable=True),
        slug=fields.STORED(),
        title=fields.STORED(),
        summary=fields.STORED(),
        extra=fields.STORED(),
        text=fields.STORED(),
        categories=fields.KEYWORD(stored=True),
        draft=fields.BOOLEAN(stored=True),
    )
    for lang in LANGUAGES:
        # Per language, as the site's index keys them (sitesearch.py): `terms_*` with
        # each term's weight, `pairs_*` the neighbouring terms ("a b", phrases),
        # `words_*` the words as written (typos, compounds).
        schema.add(f"terms_{lang}", CountedText(analyzer(lang)))
        schema.add(f"pairs_{lang}", CountedText(analyzer(lang), scorable=False))
        schema.add(f"words_{lang}", CountedText(analyzer(lang), scorable=False))
    return schema


# -- what is indexed of an insight ----------------------------------------------------


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
        self,
        cache_dir: Path,
        vocabulary: Vocabulary | None = None,
        glossary: Sequence[Mapping[str, Sequence[str]]] | None = None,
        *,
        notice: Callable[[str], None] | None = None,
    ):
        self.cache_dir = Path(cache_dir)
        # The site's categories: their labels are searched with each insight.
        self.vocabulary = vocabulary or load_vocabulary()
        # The site's glossary (glossary.py): None until given or read with the site
        # by `sync_files`.
        self.glossary = glossary
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
        self._source: _Source | None = None
        # What the last search would tell a reader (ranking.Notes).
        self.notes = ranking.Notes()

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
        whose modification time or size changed: what `insights search` calls. Without
        a glossary given, the site's in `root` is searched with (siteconfig.py)."""
        if self.glossary is None:
            self.glossary = _site_glossary(root, vocabulary or self.vocabulary)
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
        paths = sorted(todo)
        batch: list[str] = []
        writer = self._writer(ix)
        try:
            for path in to_delete:
                writer.delete_by_term("path", path)
            for path in progress(paths, "Indexing insights") if progress else paths:
                article, stamp = todo[path]
                document, self.fresh[path] = _document(article, self.vocabulary)
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

    def search(
        self,
        text: str,
        lang: str | None = None,
        category: str | None = None,
        limit: int = 10,
        correct: bool = True,
        preferred: str | None = None,
    ) -> list[Hit]:
        """Ranked hits for `text`, best first, by the site search's rules (ranking.py):
        every language is searched, as the site's overview does, then narrowed to
        `lang` and `category`; equal scores list `preferred` (default `lang`) first.
        `correct=False`: no typo correction. What the reader would be told
        (corrections, words not found) is kept in `self.notes`."""
        source = self._current_source()
        result = ranking.search(source, text, LANGUAGES, preferred or lang, correct=correct)
        self.notes = result.notes
        searcher = self._current_searcher()
        wanted = result.ids
        if lang:
            wanted = [d for d in wanted if source.lang(d) == lang]
        if category:
            members = set(searcher.docs_for_query(query.Term("categories", category)))
            wanted = [d for d in wanted if d in members]
        terms = source.matched_terms(result.keys)
        return [_hit(searcher.stored_fields(d), result.scores[d], terms[source.lang(d)]) for d in wanted[:limit]]

    # One searcher and its ranking source for many queries: opening a searcher and
    # unpickling the schema cost more than a query. Writing drops them (`_forget`).

    def _current_searcher(self):
        if self._searcher is None:
            ix = self._open()
            self._searcher = ix.searcher()
        return self._searcher

    def _current_source(self) -> _Source:
        if self._source is None:
            searcher = self._current_searcher()
            self._source = _Source(searcher.reader(), self.glossary or (), self._compounds)
        return self._source

    def _compounds(self, words: list[str], terms: list[str]) -> analysis.Compounds:
        """The Dutch compounds of the index's vocabulary, kept in COMPOUNDS_FILE for
        the index's generation: splitting 10,000 insights' words costs a second."""
        generation = self._open().latest_generation()
        kept = self._read_json(COMPOUNDS_FILE)
        if kept and kept.get("rules") == analysis.RULES_VERSION and kept.get("generation") == generation:
            return analysis.Compounds(kept["parts"], kept["containing"])
        found = analysis.find_compounds(words, terms, ANALYZERS["nl"])
        try:
            self._write_json(
                COMPOUNDS_FILE,
                {
                    "rules": analysis.RULES_VERSION,
                    "generation": generation,
                    "parts": found.parts,
                    "containing": found.containing,
                },
            )
        except SearchError:
            pass  # a read-only cache still searches, only slower
        return found

    def _forget(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = None
        self._source = None


class _Source:
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
            lang, pair = key.split(">", 1)
            return self._field(f"pairs_{lang}", pair)
        lang, term = key.split(":", 1)
        if term.endswith(" ~"):
            merged: dict[int, int] = defaultdict(int)
            for compound in self.compounds().containing.get(term[:-2], ()):
                for doc, weight in self._field(f"terms_{lang}", compound) or ():
                    merged[doc] += weight
            return sorted((d, min(MAX_WEIGHT, w)) for d, w in merged.items()) or None
        return self._field(f"terms_{lang}", term)

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


def _site_glossary(root: Path, vocabulary: Vocabulary) -> list[dict[str, list[str]]]:
    """The glossary entries of the site in `root`, with its category labels, as the
    build searches with them."""
    try:
        return siteconfig.load(root).glossary().search_entries(vocabulary)
    except siteconfig.SiteConfigError as error:
        problem = error.problem
        raise SearchError(f"{problem.path}:{problem.line}: {problem.message}", problem.hint) from None


def _text(term) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


# -- the cache's own files: sealed, so that damage is seen --------------------------------

# A JSON file of the cache is {"sha256":"<digest of DATA>","data":DATA}: its digest is
# checked on the bytes of DATA, before they are parsed.
_SEAL_START = b'{"sha256":"'
_SEAL_MIDDLE = b'","data":'
_DIGEST_LENGTH = 64


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


def _document(article: Article, vocabulary: Vocabulary) -> tuple[dict, dict[str, int]]:
    """The whoosh document of an insight, and its term counts (for related insights)."""
    lang = article.lang
    labels = vocabulary.labels(article.categories, lang)
    found = analysis.document_terms(article, labels)
    doc = {
        "path": article.path,
        "lang": lang,
        "length": sum(min(MAX_WEIGHT, w) for w in found.weights.values()),
        # listing.newest_first's order (date, title, language), as one sortable text.
        "order": f"{article.date.isoformat()}\x1f{article.title}\x1f{lang}",
        "translation": article.translation_key or "",
        "slug": article.slug,
        "title": article.title,
        "summary": article.summary,
        "text": plain_text(article.body),
        "extra": extra_text(article, labels),
        "categories": " ".join(article.categories),
        "draft": article.draft,
        f"terms_{lang}": {t: min(MAX_WEIGHT, w) for t, w in found.weights.items()},
        f"pairs_{lang}": {p: min(MAX_WEIGHT, w) for p, w in found.pairs.items()},
        f"words_{lang}": dict.fromkeys(found.words, 1),
    }
    return doc, found.counts


SNIPPET_WORDS = 32
# The site's index caps a weight at this too: the same postings.
MAX_WEIGHT = ranking.MAX_WEIGHT


def _hit(hit, score: float, terms: set[str]) -> Hit:
    lang = hit["lang"]
    return Hit(
        path=hit["path"],
        lang=lang,
        slug=hit["slug"],
        title=hit["title"],
        categories=tuple(hit["categories"].split()),
        score=score,
        snippet_parts=snippet(hit["text"], terms, lang) or snippet(hit["summary"], terms, lang, whole=True),
        draft=bool(hit["draft"]),
    )


def snippet(text: str, terms: set[str], lang: str, whole: bool = False) -> tuple[tuple[str, bool], ...]:
    """About `SNIPPET_WORDS` words of `text` around its first matching word, the
    matching words marked. Whoosh's highlighter re-analyses the whole text of every
    hit, token object by token object: too slow for the query budget."""
    term = ANALYZERS[lang].term
    words = list(analysis.TOKEN_RE.finditer(text))
    first = next((i for i, m in enumerate(words) if term(m.group()) in terms), None)
    if first is None and not whole:
        return ()
    start = 0 if whole or first is None else max(0, first - 8)
    end = len(words) if whole else min(len(words), start + SNIPPET_WORDS)
    if not words:
        return ((text, False),) if text else ()
    parts: list[tuple[str, bool]] = [("… ", False)] if start > 0 else []
    position = words[start].start()
    for m in words[start:end]:
        if term(m.group()) in terms:
            parts += [(text[position : m.start()], False), (m.group(), True)]
            position = m.end()
    # The last word's punctuation belongs to the snippet when the text ends there.
    tail = text[position:] if end == len(words) else text[position : words[end - 1].end()]
    parts.append((tail + (" …" if end < len(words) else ""), False))
    return tuple((" ".join(t.split(" ")).replace("\n", " "), mark) for t, mark in parts if t)


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
        return index_.fresh.get(path) or ANALYZERS[lang].counts(text_of(path))

    def damaged(reason: str) -> None:
        index_._damaged(f"{RELATED_FILE} {reason}")

    related_file = index_.cache_dir / RELATED_FILE
    try:
        state = related.refresh(related_file, SCHEMA_VERSION, every, counts_of, LANGUAGES, progress, damaged)
    except OSError as error:
        raise _cannot_write(related_file, error) from error
    index_._report_damage()
    return state
