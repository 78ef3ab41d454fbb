"""Snowball stemmers for the browser, translated from the installed snowballstemmer.

The site search stems the index at build time with `snowballstemmer` (Python) and the
reader's query in the browser; a query word only meets an indexed word when both sides
stem with exactly the same algorithm. No JavaScript stemmer of Snowball 3 exists on npm,
and a copied one would drift from the Python package on its next release. So the
browser's stemmer is *translated*, at build time, from the installed package's own
generated `<language>_stemmer.py`: whatever version is installed, the two agree.

How: the generated code is very regular, so it is parsed with `ast` and every node is
mapped to JavaScript by a whitelist. `try: BODY except labN: pass` becomes a labelled
block `labN: { BODY }` and `raise labN()` a `break labN;`; `self.x` becomes `this.x`.
Anything the whitelist does not know raises `StemmerTranslationError` (file, line, the
construct): a new snowballstemmer that generates other code fails the build loudly
rather than shipping a stemmer that silently disagrees with the index.

The small runtime (basestemmer.py, among.py) is ported by hand (`_BASE_JS`); a
fingerprint of the Python it follows is checked on every translation, so a changed
runtime also fails loudly instead of drifting.

Strings: Python counts code points, JavaScript UTF-16 units. Every letter of English and
Dutch is in the Basic Multilingual Plane, where the two agree; the exported `stem` maps
any astral character (a surrogate pair) to a private-use character for the duration of
the stemming, which the stemmer treats exactly as Python treats the astral character
(it is in no grouping and no table; `_check_literals` makes sure), so even those words
stem as in Python.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import io
import json
import re
import tokenize
from importlib import metadata
from pathlib import Path

import snowballstemmer

from ..model.problems import Problem

_PACKAGE = Path(snowballstemmer.__file__).parent

# What the base runtime offers the generated code, with each method's argument count
# (checked, so a call the hand port does not have fails here and not in a browser).
_BASE_METHODS = {
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
_BASE_ATTRIBUTES = {"current", "cursor", "limit", "limit_backward", "bra", "ket"}

# The snowballstemmer releases the port is tested with, the bounds in pyproject.toml (a
# test keeps the two in step). 3.0.x has another runtime: find_among resets the cursor
# after a failed routine, slice_from leaves ket, slices are checked by result, not assert.
TESTED_VERSIONS = ("3.1.0", "3.1.1")

# The fingerprint of each function of basestemmer.py and among.py that `_BASE_JS`
# follows (`runtime_fingerprints`: its tokens, without comments, layout and docstring).
# Taken from snowballstemmer 3.1.1 (3.1.0's runtime is the same); update both together.
# copy_from and stemWords are not ported: the generated code never calls them
# (`_BASE_METHODS` makes sure).
_BASE_FINGERPRINTS = {
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
_BASE_JS = r"""
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
_EXPORT_JS = r"""
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

_IMPORTS = [("basestemmer", ["BaseStemmer"]), ("among", ["Among"])]  # what _BASE_JS provides
_JS_RESERVED = set(
    "await break case catch class const continue debugger default delete do else enum export"
    " extends false finally for function if implements import in instanceof interface let new"
    " null package private protected public return static super switch this throw true try"
    " typeof var void while with yield arguments eval undefined".split()
)
# Operator precedence, low to high, for parenthesising only where JavaScript needs it.
_OR, _AND, _EQUALITY, _RELATIONAL, _SHIFT, _ADDITIVE, _MULTIPLICATIVE, _UNARY, _ATOM = range(1, 10)
_BINARY = {
    ast.Add: ("+", _ADDITIVE),
    ast.Sub: ("-", _ADDITIVE),
    ast.Mult: ("*", _MULTIPLICATIVE),
    ast.RShift: (">>", _SHIFT),
    ast.LShift: ("<<", _SHIFT),
}
_COMPARE = {
    ast.Eq: ("===", _EQUALITY),
    ast.NotEq: ("!==", _EQUALITY),
    ast.Lt: ("<", _RELATIONAL),
    ast.LtE: ("<=", _RELATIONAL),
    ast.Gt: (">", _RELATIONAL),
    ast.GtE: (">=", _RELATIONAL),
}


class StemmerTranslationError(Exception):
    """The installed snowballstemmer has code this translator does not know."""

    def __init__(self, path: str, line: int, message: str, hint: str | None = None) -> None:
        self.problem = Problem(path, line, message, hint or _default_hint())
        super().__init__(self.problem.format())


def _default_hint() -> str:
    return (
        f"snowballstemmer {_version()} changed its generated code; install a version "
        f"the port is tested with ({_tested()}), or update quickinsights/search/stemjs.py to translate it"
    )


def _tested() -> str:
    return " to ".join(TESTED_VERSIONS)


def _version() -> str:
    return metadata.version("snowballstemmer")


@functools.cache
def javascript(language: str) -> str:
    """A standalone ES module exporting `stem(word)`, exactly snowballstemmer's `language`.

    Cached: translating takes a few tens of milliseconds and the build asks once per build.
    """
    path = _PACKAGE / f"{language}_stemmer.py"
    if not re.fullmatch(r"[a-z_]+", language) or not path.is_file():
        known = sorted(p.name[: -len("_stemmer.py")] for p in _PACKAGE.glob("*_stemmer.py"))
        raise LookupError(f"snowballstemmer has no stemmer {language!r}; it has: {', '.join(known)}")
    python_stemmer = type(snowballstemmer.stemmer(language))
    if python_stemmer.__module__ != f"snowballstemmer.{language}_stemmer":
        # PyStemmer installed: snowballstemmer then stems with its C code, whose Snowball
        # version need not be the one of the Python files translated here.
        raise StemmerTranslationError(
            str(_PACKAGE / "__init__.py"),
            1,
            f"snowballstemmer stems with {python_stemmer.__module__}, not with {path.name}",
            "uninstall PyStemmer, so that the index and the browser use the same stemmer",
        )
    return stemmer_module(path.read_text(encoding="utf-8"), str(path))


def stemmer_module(source: str, filename: str) -> str:
    """The ES module for the source text of a generated stemmer (`filename` for messages)."""
    _check_base()
    class_js, class_name = translate(source, filename)
    header = (
        f"// Generated by quickinsights/search/stemjs.py from snowballstemmer {_version()}, "
        f"{Path(filename).name}: the\n// same stemmer as the search index's. Do not edit.\n"
    )
    return header + _BASE_JS + class_js + _EXPORT_JS.replace("CLASS", class_name)


def _base_fingerprints() -> dict[tuple[str, str], tuple[str, str, int]]:
    """(class, function) -> (fingerprint, file, line) of the installed runtime's functions."""
    found: dict[tuple[str, str], tuple[str, str, int]] = {}
    for name in ("basestemmer.py", "among.py"):
        path = _PACKAGE / name
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


def _check_base() -> None:
    found = _base_fingerprints()
    for (cls, fn), (digest, path, line) in sorted(found.items(), key=lambda item: item[1][1:]):
        expected = _BASE_FINGERPRINTS.get(f"{cls}.{fn}")
        if expected != digest:
            change = "is new" if expected is None else "changed"
            raise StemmerTranslationError(
                path,
                line,
                f"{cls}.{fn} {change} since the JavaScript port in stemjs.py",
                f"the port follows the runtime of snowballstemmer {_tested()}, and {_version()} is "
                "installed: install one of those, or port the change to _BASE_JS in "
                "quickinsights/search/stemjs.py and update _BASE_FINGERPRINTS",
            )
    for key in sorted(set(_BASE_FINGERPRINTS) - {f"{c}.{f}" for c, f in found}):
        raise StemmerTranslationError(
            str(_PACKAGE / "basestemmer.py"),
            1,
            f"{key} is gone from snowballstemmer's runtime",
            "port the change to _BASE_JS in quickinsights/search/stemjs.py",
        )


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def translate(source: str, filename: str) -> tuple[str, str]:
    """The JavaScript class for one generated `<language>_stemmer.py`, and its name."""
    return _Translator(source, filename).module()


class _Translator:
    def __init__(self, source: str, filename: str) -> None:
        self.source = source
        self.filename = filename
        self.class_name = ""
        self.labels: set[str] = set()  # the module's `class labN(BaseException)`
        self.methods: set[str] = set()
        self.scalars: dict[str, ast.expr] = {}  # per-instance state: B_x (bool), I_x (int)
        self.tables: dict[str, ast.expr] = {}  # groupings, among tables, strings
        self.local_names: set[str] = set()  # of the function being translated
        self.label_stack: list[tuple[str, str]] = []  # enclosing try blocks: (Python, JS)

    def fail(self, node: ast.AST | None, message: str) -> StemmerTranslationError:
        return StemmerTranslationError(self.filename, getattr(node, "lineno", 1), message)

    def unknown(self, node: ast.AST) -> StemmerTranslationError:
        text = ast.unparse(node).splitlines()[0] if not isinstance(node, ast.excepthandler) else "except"
        text = text if len(text) <= 60 else text[:57] + "..."
        return self.fail(node, f"cannot translate {type(node).__name__} to JavaScript: {text}")

    # -- the module and the class ---------------------------------------------------------

    def module(self) -> tuple[str, str]:
        try:
            tree = ast.parse(self.source, self.filename)
        except SyntaxError as error:
            raise StemmerTranslationError(self.filename, error.lineno or 1, f"not valid Python: {error.msg}") from None
        stemmer_class = None
        for node in tree.body:
            if _is_docstring(node):
                continue
            imported = (getattr(node, "module", None), [a.name for a in getattr(node, "names", [])])
            if isinstance(node, ast.ImportFrom) and node.level == 1 and imported in _IMPORTS:
                continue
            bases = [ast.unparse(b) for b in getattr(node, "bases", [])]
            if (
                isinstance(node, ast.ClassDef)
                and bases == ["BaseException"]
                and re.fullmatch(r"lab\d+", node.name)
                and len(node.body) == 1
                and isinstance(node.body[0], ast.Pass)
            ):
                self.labels.add(node.name)
            elif (
                isinstance(node, ast.ClassDef)
                and bases == ["BaseStemmer"]
                and stemmer_class is None
                and not node.decorator_list
                and not node.keywords
            ):
                stemmer_class = node
            else:
                raise self.unknown(node)
        if stemmer_class is None:
            raise self.fail(None, "no class derived from BaseStemmer")
        return self.stemmer_class(stemmer_class), stemmer_class.name

    def stemmer_class(self, node: ast.ClassDef) -> str:
        self.class_name = node.name
        functions = []
        for item in node.body:
            if _is_docstring(item):
                continue
            if isinstance(item, ast.FunctionDef):
                args = item.args
                if (
                    item.decorator_list
                    or item.returns
                    or [a.arg for a in args.args] != ["self"]
                    or args.vararg
                    or args.kwarg
                    or args.kwonlyargs
                    or args.posonlyargs
                    or args.defaults
                ):
                    raise self.unknown(item)
                self.methods.add(item.name)
                functions.append(item)
            elif isinstance(item, ast.Assign) and len(item.targets) == 1 and isinstance(item.targets[0], ast.Name):
                name, value = item.targets[0].id, item.value
                if isinstance(value, ast.Constant) and isinstance(value.value, (bool, int)):
                    self.scalars[name] = value
                else:
                    self.tables[name] = value
            else:
                raise self.unknown(item)
        if "_stem" not in self.methods:
            raise self.fail(node, f"{node.name} has no _stem method")
        self.check_literals(node)
        lines = [f"class {node.name} extends BaseStemmer {{", "  constructor() {", "    super();"]
        # Python reads these class attributes through `self` until the instance sets its own.
        lines += [f"    this.{name} = {self.expr(value)};" for name, value in self.scalars.items()]
        lines.append("  }")
        for function in functions:
            lines += self.function(function)
        lines.append("}")
        lines += [f"{node.name}.{name} = {self.table(value)};" for name, value in self.tables.items()]
        return "\n".join(lines) + "\n"

    def check_literals(self, node: ast.ClassDef) -> None:
        """Every literal character must be one JavaScript unit, and not a stand-in of `stem`."""
        for constant in ast.walk(node):
            if isinstance(constant, ast.Constant) and isinstance(constant.value, str):
                for ch in constant.value:
                    if ord(ch) > 0xFFFF or 0xE000 <= ord(ch) <= 0xF8FF:
                        raise self.fail(constant, f"literal character U+{ord(ch):04X} outside what stem() handles")

    def table(self, node: ast.expr) -> str:
        """A class-level grouping, among table or tuple of replacement strings."""
        if isinstance(node, ast.Set) and all(self.is_str(e) for e in node.elts):
            return f"new Set([{', '.join(self.expr(e) for e in node.elts)}])"
        if isinstance(node, ast.Tuple) and all(self.is_str(e) for e in node.elts):
            return f"[{', '.join(self.expr(e) for e in node.elts)}]"
        if self.is_str(node):
            return self.expr(node)
        if isinstance(node, ast.List):
            return "[\n" + ",\n".join(f"  {self.among(e)}" for e in node.elts) + "\n]"
        raise self.unknown(node)

    def among(self, node: ast.expr) -> str:
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "Among"
            and 3 <= len(node.args) <= 4
            and not node.keywords
            and self.is_str(node.args[0])
        ):
            raise self.unknown(node)
        args = [self.expr(a) for a in node.args[:3]]
        if len(node.args) == 4:
            method = node.args[3]
            if not (isinstance(method, ast.Name) and method.id in self.methods):
                raise self.unknown(method)
            # Python's table holds the plain function; BaseStemmer calls it with the stemmer.
            args.append(f"{self.class_name}.prototype.{method.id}")
        return f"new Among({', '.join(args)})"

    @staticmethod
    def is_str(node: ast.expr) -> bool:
        return isinstance(node, ast.Constant) and isinstance(node.value, str)

    # -- functions and statements ---------------------------------------------------------

    def function(self, node: ast.FunctionDef) -> list[str]:
        self.local_names = set()
        for child in ast.walk(node):
            targets = (
                child.targets
                if isinstance(child, ast.Assign)
                else [child.target]
                if isinstance(child, (ast.AugAssign, ast.For))
                else []
            )
            for target in targets:
                if isinstance(target, ast.Name):
                    if target.id in _JS_RESERVED or target.id == "self":
                        raise self.fail(target, f"local name {target.id!r} is reserved in JavaScript")
                    self.local_names.add(target.id)
        self.label_stack = []
        lines = [f"  {node.name}() {{"]
        if self.local_names:
            lines.append(f"    let {', '.join(sorted(self.local_names))};")
        body = node.body[1:] if _is_docstring(node.body[0]) else node.body
        lines += self.block(body, 2)
        lines.append("  }")
        return lines

    def block(self, body: list[ast.stmt], depth: int) -> list[str]:
        lines: list[str] = []
        for statement in body:
            lines += self.statement(statement, depth)
        return lines

    def statement(self, node: ast.stmt, depth: int) -> list[str]:
        pad = "  " * depth
        if isinstance(node, ast.Try):
            return self.try_block(node, depth)
        if isinstance(node, ast.If):
            body = self.block(node.body, depth + 1)
            if not node.orelse and len(body) == 1:  # the usual `if (...) break labN;`, on one line
                return [f"{pad}if ({self.expr(node.test)}) {body[0].lstrip()}"]
            lines = [f"{pad}if ({self.expr(node.test)}) {{"] + body
            while len(node.orelse) == 1 and isinstance(node.orelse[0], ast.If):
                node = node.orelse[0]
                lines += [f"{pad}}} else if ({self.expr(node.test)}) {{"] + self.block(node.body, depth + 1)
            if node.orelse:
                lines += [f"{pad}}} else {{"] + self.block(node.orelse, depth + 1)
            return lines + [f"{pad}}}"]
        if isinstance(node, ast.While) and not node.orelse:
            return [f"{pad}while ({self.expr(node.test)}) {{"] + self.block(node.body, depth + 1) + [f"{pad}}}"]
        if (
            isinstance(node, ast.For)
            and not node.orelse
            and isinstance(node.target, ast.Name)
            and isinstance(node.iter, (ast.Tuple, ast.List))
            and all(isinstance(e, ast.Constant) for e in node.iter.elts)
        ):
            # `for _ in 0, 0:` repeats its body; for..of over the same values is the same loop.
            values = ", ".join(self.expr(e) for e in node.iter.elts)
            return [f"{pad}for ({node.target.id} of [{values}]) {{"] + self.block(node.body, depth + 1) + [f"{pad}}}"]
        if (
            isinstance(node, ast.Raise)
            and node.cause is None
            and isinstance(node.exc, ast.Call)
            and isinstance(node.exc.func, ast.Name)
            and not node.exc.args
            and not node.exc.keywords
        ):
            for python_label, js_label in reversed(self.label_stack):
                if python_label == node.exc.func.id:
                    return [f"{pad}break {js_label};"]
            raise self.fail(node, f"raise {node.exc.func.id}() outside a try that catches it")
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            return [f"{pad}{self.target(node.targets[0])} = {self.expr(node.value)};"]
        if isinstance(node, ast.AugAssign) and type(node.op) in (ast.Add, ast.Sub):
            op = "+=" if isinstance(node.op, ast.Add) else "-="
            return [f"{pad}{self.target(node.target)} {op} {self.expr(node.value)};"]
        if isinstance(node, ast.Return):
            return [f"{pad}return;" if node.value is None else f"{pad}return {self.expr(node.value)};"]
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            return [f"{pad}{self.expr(node.value)};"]
        if isinstance(node, (ast.Break, ast.Continue)):
            return [f"{pad}{'break' if isinstance(node, ast.Break) else 'continue'};"]
        if isinstance(node, ast.Pass):
            return []
        raise self.unknown(node)

    def try_block(self, node: ast.Try, depth: int) -> list[str]:
        """`try: BODY except labN: pass` -> `labN: { BODY }`; its raises become breaks."""
        if (
            node.orelse
            or node.finalbody
            or len(node.handlers) != 1
            or node.handlers[0].name
            or not isinstance(node.handlers[0].type, ast.Name)
            or node.handlers[0].type.id not in self.labels
            or not all(isinstance(s, ast.Pass) for s in node.handlers[0].body)
        ):
            raise self.unknown(node if len(node.handlers) != 1 else node.handlers[0])
        python_label = node.handlers[0].type.id
        # JavaScript forbids a label inside a block of the same name; Python re-raises to
        # the innermost handler, so an inner same-named one gets a fresh name.
        taken = {js for _, js in self.label_stack}
        js_label, n = python_label, 1
        while js_label in taken:
            js_label, n = f"{python_label}_{n}", n + 1
        self.label_stack.append((python_label, js_label))
        pad = "  " * depth
        lines = [f"{pad}{js_label}: {{"] + self.block(node.body, depth + 1) + [f"{pad}}}"]
        self.label_stack.pop()
        return lines

    def target(self, node: ast.expr) -> str:
        if isinstance(node, ast.Name) and node.id in self.local_names:
            return node.id
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
            and (node.attr in self.scalars or node.attr in _BASE_ATTRIBUTES)
        ):
            return f"this.{node.attr}"
        raise self.unknown(node)

    # -- expressions ------------------------------------------------------------------------

    def expr(self, node: ast.expr, context: int = 0) -> str:
        """`node` in JavaScript, in parentheses when its precedence is below `context`."""
        text, precedence = self.expression(node)
        return f"({text})" if precedence < context else text

    def expression(self, node: ast.expr) -> tuple[str, int]:
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool) or value is None:
                return {True: "true", False: "false", None: "null"}[value], _ATOM
            if isinstance(value, int):
                return str(value), _ATOM
            if isinstance(value, str):
                # JSON escapes are JavaScript escapes; "<" escaped so the module can be inlined.
                return json.dumps(value).replace("<", "\\u003c"), _ATOM
        elif isinstance(node, ast.Name) and node.id in self.local_names:
            return node.id, _ATOM
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            owner, attr = node.value.id, node.attr
            if owner == "self" and (attr in self.scalars or attr in _BASE_ATTRIBUTES):
                return f"this.{attr}", _ATOM
            if owner == self.class_name and attr in self.tables:
                return f"{owner}.{attr}", _ATOM
        elif isinstance(node, ast.Call) and not node.keywords:
            return self.call(node), _ATOM
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.USub)):
            operand = self.expr(node.operand, _UNARY)
            op = "!" if isinstance(node.op, ast.Not) else "-"
            return f"{op}{'(' + operand + ')' if operand.startswith(('-', '!')) else operand}", _UNARY
        elif isinstance(node, ast.BoolOp):
            op, precedence = ("&&", _AND) if isinstance(node.op, ast.And) else ("||", _OR)
            return f" {op} ".join(self.expr(v, precedence + 1) for v in node.values), precedence
        elif isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            op, precedence = _BINARY[type(node.op)]
            return f"{self.expr(node.left, precedence)} {op} {self.expr(node.right, precedence + 1)}", precedence
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.FloorDiv):
            return f"Math.floor({self.expr(node.left)} / {self.expr(node.right)})", _ATOM
        elif isinstance(node, ast.Compare) and all(type(op) in _COMPARE for op in node.ops):
            return self.compare(node)
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice) and node.slice.step is None:
            # JavaScript's slice clamps and counts from the end like Python's.
            lower = self.expr(node.slice.lower) if node.slice.lower else "0"
            upper = f", {self.expr(node.slice.upper)}" if node.slice.upper else ""
            return f"{self.expr(node.value, _ATOM)}.slice({lower}{upper})", _ATOM
        elif isinstance(node, ast.Subscript) and not isinstance(node.slice, (ast.Slice, ast.Tuple)):
            # at() counts negative indices from the end, as Python does.
            return f"{self.expr(node.value, _ATOM)}.at({self.expr(node.slice)})", _ATOM
        raise self.unknown(node)

    def compare(self, node: ast.Compare) -> tuple[str, int]:
        operands = [node.left, *node.comparators]
        if len(node.ops) > 1 and not all(
            isinstance(o, (ast.Name, ast.Constant, ast.Attribute)) for o in operands[1:-1]
        ):
            raise self.unknown(node)  # a chain evaluates its middle once; ours would twice
        parts = []
        for left, op, right in zip(operands, node.ops, operands[1:], strict=False):
            js_op, precedence = _COMPARE[type(op)]
            if precedence == _RELATIONAL and (self.is_str(left) or self.is_str(right)):
                raise self.unknown(node)  # orders strings: code points vs UTF-16 units
            parts.append((f"{self.expr(left, precedence)} {js_op} {self.expr(right, precedence + 1)}", precedence))
        if len(parts) == 1:
            return parts[0]
        return " && ".join(self.expr_text(text, p, _AND + 1) for text, p in parts), _AND

    @staticmethod
    def expr_text(text: str, precedence: int, context: int) -> str:
        return f"({text})" if precedence < context else text

    def call(self, node: ast.Call) -> str:
        func = node.func
        if isinstance(func, ast.Name) and func.id == "len" and len(node.args) == 1:
            return f"{self.expr(node.args[0], _ATOM)}.length"
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self":
            arity = 0 if func.attr in self.methods else _BASE_METHODS.get(func.attr)
            if arity is not None and arity == len(node.args):
                return f"this.{func.attr}({', '.join(self.expr(a) for a in node.args)})"
        raise self.unknown(node)
