"""The whoosh index's folder: its schema, opening it, seeing damage and rebuilding.

The index lives in `cache_dir/search/` with `state.json` (what is indexed, per file,
and the size and SHA-256 of every file of the index's current generation). A file that
is missing, cut short or changed, or anything whoosh raises while it opens or updates
the index, rebuilds the cache from the content, with one line that says so (`notice`).
`SearchIndex` (index.py) adds updating and searching.
"""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

from whoosh import fields, index
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer
from whoosh.filedb.filestore import FileStorage
from whoosh.system import pack_uint

from ..model.languages import LANGUAGES
from . import cachefiles
from .analysis import ANALYZERS, TOKEN_PATTERN
from .cachefiles import IndexBusy, SearchError
from .documents import Entry

# Bump whenever the schema, the analysis or the fingerprint changes: the index rebuilds.
# 2: related insights from the site search's analysis (quote, tags, category labels).
# 3: analysis.py's analysis, weighted terms, word pairs and words; ranking.py's queries.
# 4: each insight's term sequence (phrases of three or more words).
SCHEMA_VERSION = 4
SUBFOLDER = "search"
STATE_FILE = "state.json"
COMPOUNDS_FILE = "compounds.json"
RELATED_FILE = "related.pickle"


# -- the schema ------------------------------------------------------------------------


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
        # Its terms in order, '' between blocks: where a phrase of 3+ words stands.
        sequence=fields.STORED(),
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


def _rebuilt_when_damaged(method):
    """Run a `SearchIndex` update; when whoosh fails on the index (damage that `_open`
    did not see), rebuild it and run the update again, once. Then say what was damaged."""

    @functools.wraps(method)
    def run(index_: IndexStore, *args, **kwargs):
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
            index_._damaged(f"whoosh failed on it: {cachefiles.reason(error)}")
            index_._reset()
            report = method(index_, *args, **kwargs)
            report.rebuilt = True
        index_._report_damage()
        return report

    return run


class IndexStore:
    """The folder of the whoosh index: opened, checked against state.json, rebuilt when
    damaged. `SearchIndex` sets these in its `__init__`."""

    cache_dir: Path
    folder: Path
    entries: dict[str, Entry]
    notice: Callable[[str], None]
    rebuilt: bool
    _ix: index.Index | None
    _state: dict | None
    _damage: list[str]
    _record: dict | None

    def _forget(self) -> None:
        """Drop what was read of the index (the searcher): `SearchIndex` has one."""

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
            state, damage = cachefiles.read_sealed(self.folder / STATE_FILE)
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
                    self.entries = {p: Entry.from_json(e) for p, e in state["files"].items()}
                    self._record = state["index"]
                    return self._ix
                except Exception as error:  # noqa: BLE001 - whoosh raises many kinds
                    damage = f"whoosh could not open it: {cachefiles.reason(error)}"
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
            if cachefiles.file_digest(path) != digest:
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
            files[name] = kept if kept and kept[0] == size else [size, cachefiles.file_digest(path)]
        self._record = {"generation": generation, "files": files}
        return self._record

    def _damaged(self, reason: str) -> None:
        self._damage.append(reason)

    def _report_damage(self) -> None:
        """Say once what was damaged, now that it is rebuilt."""
        if self._damage:
            reasons = "; ".join(self._damage)
            self.notice(f"the search cache in {cachefiles.shown(self.cache_dir)} was damaged ({reasons}); rebuilt it")
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
        return cachefiles.read_json(self.folder / name)

    def _write_json(self, name: str, data: dict) -> None:
        cachefiles.write_json(self.folder / name, data)

    def exists(self) -> bool:
        """Whether an index of this schema version is there (`insights search` made one),
        also when it is damaged (then it is rebuilt by whoever opens it)."""
        if self._ix is not None:
            return True
        # Kept for `_open`, which would otherwise read the state of 10,000 files again.
        self._state, damage = cachefiles.read_sealed(self.folder / STATE_FILE)
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


def _toc_name(generation: int) -> str:
    return f"_{index._DEF_INDEX_NAME}_{generation}.toc"
