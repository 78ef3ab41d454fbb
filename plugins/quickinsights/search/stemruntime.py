"""The runtime of the browser's stemmers: a hand port of snowballstemmer's
basestemmer.py and among.py (`BASE_JS`), the module's entry point (`EXPORT_JS`), and
the fingerprint of the Python it follows, checked on every translation so that a
changed runtime fails loudly instead of drifting. See stemjs.py for the whole story.
"""

from __future__ import annotations

import ast
import hashlib
import io
import tokenize
from importlib import metadata
from pathlib import Path

import snowballstemmer

from ..model.problems import Problem

SNOWBALL_PACKAGE = Path(snowballstemmer.__file__).parent

# What the base runtime offers the generated code, with each method's argument count
# (checked, so a call the hand port does not have fails here and not in a browser).
BASE_METHODS = {
    "set_current": 1,
    "get_current": 0,
    "in_grouping": 1,
    "go_in_grouping": 1,
    "in_grouping_b": 1,
    "go_in_grouping_b": 1,
    "out_grouping": 1,
    "go_out_grouping": 1,
    "out_grouping_b": 1,
    "go_out_grouping_b": 1,
    "eq_s": 1,
    "eq_s_b": 1,
    "find_among": 1,
    "find_among_b": 1,
    "replace_s": 3,
    "slice_from": 1,
    "slice_del": 0,
    "insert": 3,
    "slice_to": 0,
    "assign_to": 0,
}
BASE_ATTRIBUTES = {"current", "cursor", "limit", "limit_backward", "bra", "ket"}

# The snowballstemmer releases the port is tested with, the bounds in pyproject.toml (a
# test keeps the two in step). 3.0.x has another runtime: find_among resets the cursor
# after a failed routine, slice_from leaves ket, slices are checked by result, not assert.
TESTED_VERSIONS = ("3.1.0", "3.1.1")

# The fingerprint of each function of basestemmer.py and among.py that `BASE_JS`
# follows (`runtime_fingerprints`: its tokens, without comments, layout and docstring).
# Taken from snowballstemmer 3.1.1 (3.1.0's runtime is the same); update both together.
# copy_from and stemWords are not ported: the generated code never calls them
# (`BASE_METHODS` makes sure).
BASE_FINGERPRINTS = {
    "Among.__init__": "c1c4744723727c9d",
    "BaseStemmer.__init__": "400abafe559ca82d",
    "BaseStemmer.assign_to": "89498d739e6b4312",
    "BaseStemmer.copy_from": "6b302bea790e90a0",
    "BaseStemmer.eq_s": "2b210397b0ad06f9",
    "BaseStemmer.eq_s_b": "45ce6c38a6f5ed83",
    "BaseStemmer.find_among": "6f4a4dd19ea8712b",
    "BaseStemmer.find_among_b": "0824d323cb82f947",
    "BaseStemmer.get_current": "0bdf3dafdfbad06b",
    "BaseStemmer.go_in_grouping": "977a8ed697a661a9",
    "BaseStemmer.go_in_grouping_b": "aac7564f64b4fc70",
    "BaseStemmer.go_out_grouping": "2e3d0097ed72d5aa",
    "BaseStemmer.go_out_grouping_b": "bc11a7f82970d9a2",
    "BaseStemmer.in_grouping": "2048712f20b5f05a",
    "BaseStemmer.in_grouping_b": "45609c96fbab6bd6",
    "BaseStemmer.insert": "6c5e26ffcf4d8fc0",
    "BaseStemmer.out_grouping": "41c96957df61803d",
    "BaseStemmer.out_grouping_b": "285e81380b52deee",
    "BaseStemmer.replace_s": "2fd078a953d1bd4f",
    "BaseStemmer.set_current": "4ba9f5f3da155cd2",
    "BaseStemmer.slice_del": "fa603597323d5fee",
    "BaseStemmer.slice_from": "09d3018acfa9cc8a",
    "BaseStemmer.slice_to": "cd832e7329ba6805",
    "BaseStemmer.stemWord": "621e558cd8e7b69a",
    "BaseStemmer.stemWords": "1c5262cbd64be132",
}

# The hand port of basestemmer.py and among.py. Python's `s.startswith(x, a, b)` is
# `s[a:b].startswith(x)`, and JavaScript's `slice` clamps and wraps exactly like a Python
# slice, hence the slices in eq_s / eq_s_b. Groupings are sets or strings; `in` on a
# string is a substring test, which is `includes`.
BASE_JS = r"""
class Among {
  constructor(s, substring_i, result, method = null) {
    this.s = s; this.substring_i = substring_i; this.result = result; this.method = method;
  }
}
const has = (s, ch) => (typeof s === "string" ? s.includes(ch) : s.has(ch));
const check = (ok) => { if (!ok) throw new Error("stemmer: slice out of range"); };
class BaseStemmer {
  constructor() { this.set_current(""); }
  set_current(value) {
    this.current = value; this.cursor = 0; this.limit = value.length;
    this.limit_backward = 0; this.bra = this.cursor; this.ket = this.limit;
  }
  get_current() { return this.current; }
  in_grouping(s) {
    if (this.cursor >= this.limit || !has(s, this.current[this.cursor])) return false;
    this.cursor += 1; return true;
  }
  go_in_grouping(s) {
    while (this.cursor < this.limit) {
      if (!has(s, this.current[this.cursor])) return true;
      this.cursor += 1;
    }
    return false;
  }
  in_grouping_b(s) {
    if (this.cursor <= this.limit_backward || !has(s, this.current[this.cursor - 1])) return false;
    this.cursor -= 1; return true;
  }
  go_in_grouping_b(s) {
    while (this.cursor > this.limit_backward) {
      if (!has(s, this.current[this.cursor - 1])) return true;
      this.cursor -= 1;
    }
    return false;
  }
  out_grouping(s) {
    if (this.cursor >= this.limit || has(s, this.current[this.cursor])) return false;
    this.cursor += 1; return true;
  }
  go_out_grouping(s) {
    while (this.cursor < this.limit) {
      if (has(s, this.current[this.cursor])) return true;
      this.cursor += 1;
    }
    return false;
  }
  out_grouping_b(s) {
    if (this.cursor <= this.limit_backward || has(s, this.current[this.cursor - 1])) return false;
    this.cursor -= 1; return true;
  }
  go_out_grouping_b(s) {
    while (this.cursor > this.limit_backward) {
      if (has(s, this.current[this.cursor - 1])) return true;
      this.cursor -= 1;
    }
    return false;
  }
  eq_s(s) {
    if (!this.current.slice(this.cursor, this.limit).startsWith(s)) return false;
    this.cursor += s.length; return true;
  }
  eq_s_b(s) {
    if (!this.current.slice(this.limit_backward, this.cursor).endsWith(s)) return false;
    this.cursor -= s.length; return true;
  }
  find_among(v) {
    let i = 0, j = v.length;
    const c = this.cursor, l = this.limit;
    let common_i = 0, common_j = 0, first_key_inspected = false;
    for (;;) {
      const k = i + ((j - i) >> 1);
      let diff = 0, common = Math.min(common_i, common_j);
      const w = v[k];
      for (let i2 = common; i2 < w.s.length; i2++) {
        if (c + common === l) { diff = -1; break; }
        diff = this.current.charCodeAt(c + common) - w.s.charCodeAt(i2);
        if (diff !== 0) break;
        common += 1;
      }
      if (diff < 0) { j = k; common_j = common; } else { i = k; common_i = common; }
      if (j - i <= 1) {
        if (i > 0 || j === i || first_key_inspected) break;
        first_key_inspected = true;
      }
    }
    for (;;) {
      const w = v[i];
      if (common_i >= w.s.length) {
        this.cursor = c + w.s.length;
        if (w.method === null) return w.result;
        if (w.method.call(this)) { this.cursor = c + w.s.length; return w.result; }
      }
      i = w.substring_i;
      if (i < 0) return 0;
    }
  }
  find_among_b(v) {
    let i = 0, j = v.length;
    const c = this.cursor, lb = this.limit_backward;
    let common_i = 0, common_j = 0, first_key_inspected = false;
    for (;;) {
      const k = i + ((j - i) >> 1);
      let diff = 0, common = Math.min(common_i, common_j);
      const w = v[k];
      for (let i2 = w.s.length - 1 - common; i2 >= 0; i2--) {
        if (c - common === lb) { diff = -1; break; }
        diff = this.current.charCodeAt(c - 1 - common) - w.s.charCodeAt(i2);
        if (diff !== 0) break;
        common += 1;
      }
      if (diff < 0) { j = k; common_j = common; } else { i = k; common_i = common; }
      if (j - i <= 1) {
        if (i > 0 || j === i || first_key_inspected) break;
        first_key_inspected = true;
      }
    }
    for (;;) {
      const w = v[i];
      if (common_i >= w.s.length) {
        this.cursor = c - w.s.length;
        if (w.method === null) return w.result;
        if (w.method.call(this)) { this.cursor = c - w.s.length; return w.result; }
      }
      i = w.substring_i;
      if (i < 0) return 0;
    }
  }
  replace_s(c_bra, c_ket, s) {
    const adjustment = s.length - (c_ket - c_bra);
    this.current = this.current.slice(0, c_bra) + s + this.current.slice(c_ket);
    this.limit += adjustment;
    if (this.cursor >= c_ket) this.cursor += adjustment;
    else if (this.cursor > c_bra) this.cursor = c_bra;
    return adjustment;
  }
  slice_check() {
    check(this.bra >= 0 && this.bra <= this.ket && this.ket <= this.limit
      && this.limit <= this.current.length);
  }
  slice_from(s) {
    this.slice_check();
    this.replace_s(this.bra, this.ket, s);
    this.ket = this.bra + s.length;
  }
  slice_del() { this.slice_from(""); }
  insert(c_bra, c_ket, s) {
    const adjustment = this.replace_s(c_bra, c_ket, s);
    if (c_bra <= this.bra) this.bra += adjustment;
    if (c_bra <= this.ket) this.ket += adjustment;
  }
  slice_to() { this.slice_check(); return this.current.slice(this.bra, this.ket); }
  assign_to() { return this.current.slice(0, this.limit); }
  stemWord(word) { this.set_current(word); this._stem(); return this.get_current(); }
}
"""

# The module's entry point; CLASS is the translated class. See the module docstring for
# why astral characters are stood in for by private-use ones (U+E000..U+F8FF).
EXPORT_JS = r"""
const stemmer = new CLASS();
const PRIVATE_FIRST = 0xe000, PRIVATE_LAST = 0xf8ff;
export function stem(word) {
  if (!/[\ud800-\udbff][\udc00-\udfff]/.test(word)) return stemmer.stemWord(word);
  const chars = Array.from(word), used = new Set(chars), to = new Map(), back = new Map();
  let next = PRIVATE_FIRST;
  for (const ch of chars) {
    if (ch.length === 1 || to.has(ch)) continue;
    while (next <= PRIVATE_LAST && used.has(String.fromCharCode(next))) next += 1;
    if (next > PRIVATE_LAST) return word;  // thousands of distinct astral characters: no word
    const stand_in = String.fromCharCode(next++);
    to.set(ch, stand_in); back.set(stand_in, ch);
  }
  const stemmed = stemmer.stemWord(chars.map((ch) => to.get(ch) ?? ch).join(""));
  return Array.from(stemmed, (ch) => back.get(ch) ?? ch).join("");
}
"""


class StemmerTranslationError(Exception):
    """The installed snowballstemmer has code this translator does not know."""

    def __init__(self, path: str, line: int, message: str, hint: str | None = None) -> None:
        self.problem = Problem(path, line, message, hint or _default_hint())
        super().__init__(self.problem.format())


def _default_hint() -> str:
    return (
        f"snowballstemmer {version()} changed its generated code; install a version "
        f"the port is tested with ({tested()}), or update quickinsights/search/stemtranslate.py to translate it"
    )


def tested() -> str:
    return " to ".join(TESTED_VERSIONS)


def version() -> str:
    return metadata.version("snowballstemmer")


def _base_fingerprints() -> dict[tuple[str, str], tuple[str, str, int]]:
    """(class, function) -> (fingerprint, file, line) of the installed runtime's functions."""
    found: dict[tuple[str, str], tuple[str, str, int]] = {}
    for name in ("basestemmer.py", "among.py"):
        path = SNOWBALL_PACKAGE / name
        for key, (digest, line) in runtime_fingerprints(path.read_text(encoding="utf-8")).items():
            cls, fn = key.split(".")
            found[(cls, fn)] = (digest, str(path), line)
    return found


def runtime_fingerprints(source: str) -> dict[str, tuple[str, int]]:
    """The methods of `source`'s classes: "Class.method" -> (fingerprint, line of the def).

    The fingerprint is a sha256 (first 16 hex digits) of the method's tokens, comments, line
    breaks, indentation and docstring left out: a change of layout or comment passes, any
    change of code fails. Tokens, not `ast.dump`: its text changed in Python 3.13, and the
    same source must give the same fingerprint on every Python we support. An f-string is
    one token before 3.12 and several after, so it counts as its source text on all.
    Standard library only (ast, hashlib, io, tokenize): a test runs this very function
    under each installed Python and compares.
    """
    lines = source.splitlines(keepends=True)

    def position(row: int, byte_column: int) -> tuple[int, int]:
        # ast counts a column in UTF-8 bytes, tokenize in characters.
        return row, len(lines[row - 1].encode("utf-8")[:byte_column].decode("utf-8"))

    def text(start: tuple[int, int], end: tuple[int, int]) -> str:
        if start[0] == end[0]:
            return lines[start[0] - 1][start[1] : end[1]]
        return lines[start[0] - 1][start[1] :] + "".join(lines[start[0] : end[0] - 1]) + lines[end[0] - 1][: end[1]]

    layout = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
    opening = {getattr(tokenize, name) for name in ("FSTRING_START", "TSTRING_START") if hasattr(tokenize, name)}
    closing = {getattr(tokenize, name) for name in ("FSTRING_END", "TSTRING_END") if hasattr(tokenize, name)}
    tokens: list[tuple[tuple[int, int], str]] = []  # (start, string) of each code token
    depth, string_start = 0, (0, 0)
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in opening:
            if depth == 0:
                string_start = token.start
            depth += 1
        elif token.type in closing:
            depth -= 1
            if depth == 0:
                tokens.append((string_start, text(string_start, token.end)))
        elif depth == 0 and token.type not in layout:
            tokens.append((token.start, token.string))

    found: dict[str, tuple[str, int]] = {}
    for cls in ast.parse(source).body:
        if not isinstance(cls, ast.ClassDef):
            continue
        for fn in cls.body:
            if not isinstance(fn, ast.FunctionDef):
                continue
            first_row = min([fn.lineno] + [d.lineno for d in fn.decorator_list])
            end = position(fn.end_lineno or fn.lineno, fn.end_col_offset or 0)
            docstring = ((0, 0), (0, 0))
            first = fn.body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                docstring = (
                    position(first.lineno, first.col_offset),
                    position(first.end_lineno or first.lineno, first.end_col_offset or 0),
                )
            strings = [
                string
                for start, string in tokens
                if (first_row, 0) <= start < end and not docstring[0] <= start < docstring[1]
            ]
            digest = hashlib.sha256("\0".join(strings).encode("utf-8")).hexdigest()[:16]
            found[f"{cls.name}.{fn.name}"] = (digest, fn.lineno)
    return found


def check_base() -> None:
    found = _base_fingerprints()
    for (cls, fn), (digest, path, line) in sorted(found.items(), key=lambda item: item[1][1:]):
        expected = BASE_FINGERPRINTS.get(f"{cls}.{fn}")
        if expected != digest:
            change = "is new" if expected is None else "changed"
            raise StemmerTranslationError(
                path,
                line,
                f"{cls}.{fn} {change} since the JavaScript port in stemruntime.py",
                f"the port follows the runtime of snowballstemmer {tested()}, and {version()} is "
                "installed: install one of those, or port the change to BASE_JS in "
                "quickinsights/search/stemruntime.py and update BASE_FINGERPRINTS",
            )
    for key in sorted(set(BASE_FINGERPRINTS) - {f"{c}.{f}" for c, f in found}):
        raise StemmerTranslationError(
            str(SNOWBALL_PACKAGE / "basestemmer.py"),
            1,
            f"{key} is gone from snowballstemmer's runtime",
            "port the change to BASE_JS in quickinsights/search/stemruntime.py",
        )
