"""Full-text search and related insights, on whoosh.

With indexstore.py (its folder and schema), the only modules that import whoosh, so the
engine can be swapped. Everything it
keeps lives in a cache folder outside the site (default `.cache/quickinsights/` at the
project root): `search/` holds the whoosh index and `state.json` (what is indexed, per
file); `related.pickle` the related insights computed so far. The site build keeps the
related insights, and an existing index, up to date; `insights search` makes the index.

- Analysis: analysis.py's, the site search's and the related insights' too (the
  whoosh analyzer of the fields wraps it). Each insight's terms are indexed with
  their weights (title 3, summary, headings, tags and labels 2, the rest 1), its word
  pairs (phrases) and its words as written (typos, compound splitting).
- Queries: ranking.py's rules, the site search's, over whoosh's postings (indexsource.py):
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

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from whoosh import index, query
from whoosh.index import LockError

from ..model.categories import Vocabulary, load_vocabulary
from ..model.content import PAGE_FILES, Article, display_path, load_article
from ..model.languages import LANGUAGES
from . import analysis, cachefiles, ranking, related
from .analysis import ANALYZERS, MIN_WORD  # noqa: F401 - search.MIN_WORD as before
from .cachefiles import (  # noqa: F401 - search.terminal_progress, search.default_cache_dir as before
    IndexBusy,
    Progress,
    SearchError,
    default_cache_dir,
    terminal_progress,
)
from .docterms import plain_text  # search.plain_text as before
from .documents import Entry, Hit, SyncReport, extra_text, fingerprint, hit_of, searchable_text, snippet  # noqa: F401
from .documents import document as _document
from .documents import searchable_text as _searchable_text  # noqa: F401 - as before
from .indexsource import IndexSource
from .indexstore import (  # noqa: F401 - search.analyzer, search.SCHEMA_VERSION as before
    COMPOUNDS_FILE,
    RELATED_FILE,
    SCHEMA_VERSION,
    SUBFOLDER,
    IndexStore,
    _rebuilt_when_damaged,
    analyzer,
)
from .related import Info, RelatedSet

# Documents per whoosh commit (see `_write_documents`).
BATCH = 2000
# Seconds to wait for another process that writes the index.
LOCK_TIMEOUT = 10.0


class Analysis(analysis.Analyzer):
    """analysis.Analyzer, by its older name."""

    cached_term = analysis.Analyzer.term


class SearchIndex(IndexStore):
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
        # The site's glossary entries with its category labels (Glossary.search_entries),
        # as the caller read them with the site's settings (siteconfig.py): none if not given.
        self.glossary = glossary or []
        self.folder = self.cache_dir / SUBFOLDER
        self.entries: dict[str, Entry] = {}
        # Term counts of the insights indexed by this object, for `update_related`.
        self.fresh: dict[str, dict[str, int]] = {}
        self._ix: index.Index | None = None
        self._state: dict | None = None
        # The line that says a damaged cache was rebuilt (the build passes its log).
        self.notice = notice or cachefiles.print_notice
        self._damage: list[str] = []
        # The index's files as state.json records them (see `_check`).
        self._record: dict | None = None
        self._fingerprints: dict[str, tuple[Article, str]] = {}
        self._searcher = None
        self._source: IndexSource | None = None
        # What the last search would tell a reader (ranking.Notes).
        self.notes = ranking.Notes()

    # -- opening and rebuilding

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
            stamp = cachefiles.stamp(os.path.join(root_text, article.path))
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
                stamp = cachefiles.stamp(path)
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
            self.entries[path] = Entry(stamp, None, lang)
        for path, stamp in stamps_only.items():
            self.entries[path].stamp = stamp
        for path, (article, stamp) in todo.items():
            self.entries[path] = Entry(stamp, fingerprint(article), article.lang, article.draft, article.categories)
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
            self.entries[path] = Entry(stamp, fingerprint(article), article.lang, article.draft, article.categories)
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
        return [hit_of(searcher.stored_fields(d), result.scores[d], terms[source.lang(d)]) for d in wanted[:limit]]

    # One searcher and its ranking source for many queries: opening a searcher and
    # unpickling the schema cost more than a query. Writing drops them (`_forget`).

    def _current_searcher(self):
        if self._searcher is None:
            ix = self._open()
            self._searcher = ix.searcher()
        return self._searcher

    def _current_source(self) -> IndexSource:
        if self._source is None:
            searcher = self._current_searcher()
            self._source = IndexSource(searcher.reader(), self.glossary, self._compounds)
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
            return searchable_text(
                article.title, article.summary, plain_text(article.body), extra_text(article, labels)
            )
    else:
        index_._open()
        every = {p: Info(e.fp, e.lang, e.cats, e.draft) for p, e in index_.entries.items() if e.fp is not None}

        def text_of(path: str) -> str:
            stored = index_._current_searcher().document(path=path) or {}
            return searchable_text(
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
        raise cachefiles.cannot_write(related_file, error) from error
    index_._report_damage()
    return state
