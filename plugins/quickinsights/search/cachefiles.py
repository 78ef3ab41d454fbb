"""The search cache's own files and errors, without whoosh: sealed JSON files (a
digest checked before they are parsed, so that damage is seen), file digests and
stamps, the errors an editor can act on, and the progress line of long loops."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from . import related

DEFAULT_CACHE = Path(".cache") / "quickinsights"
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


# -- sealed files ------------------------------------------------------------------------

# A JSON file of the cache is {"sha256":"<digest of DATA>","data":DATA}: its digest is
# checked on the bytes of DATA, before they are parsed.
_SEAL_START = b'{"sha256":"'
_SEAL_MIDDLE = b'","data":'
_DIGEST_LENGTH = 64


def read_json(path: Path) -> dict | None:
    """The data of a sealed JSON file; None when it is missing or damaged."""
    return read_sealed(path)[0]


def read_sealed(path: Path) -> tuple[dict | None, str | None]:
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


def write_json(path: Path, data: dict) -> None:
    # json.dumps, not json.dump: only the former uses the C encoder.
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    digest = hashlib.sha256(body).hexdigest().encode("ascii")
    try:
        related.write_atomically(path, b"".join((_SEAL_START, digest, _SEAL_MIDDLE, body, b"}")))
    except OSError as error:
        raise cannot_write(path, error) from error


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def reason(error: Exception) -> str:
    """An exception as a reason in the damage line: 'Block tag error b'ARBA''."""
    text, name = str(error), type(error).__name__
    return text if type(error) is Exception else f"{name}: {text}" if text else name


def shown(path: Path) -> str:
    """`path` relative to the current folder when it is below it (as editors type it)."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def print_notice(message: str) -> None:
    print(message, file=sys.stderr)


def cannot_write(path: Path, error: OSError) -> SearchError:
    return SearchError(
        f"cannot write {path}: {error.strerror or error}",
        "check that the folder is writable and the disk not full, or delete the folder",
    )


def stamp(path: str | Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)
