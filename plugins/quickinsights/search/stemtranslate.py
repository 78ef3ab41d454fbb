"""The translation of a generated `<language>_stemmer.py` to a JavaScript class: its
`ast`, node by node, through a whitelist (see stemjs.py); anything else raises
`StemmerTranslationError` with the file, the line and the construct."""

from __future__ import annotations

import ast
import json
import re

from .stemruntime import BASE_ATTRIBUTES, BASE_METHODS, StemmerTranslationError

_IMPORTS = [("basestemmer", ["BaseStemmer"]), ("among", ["Among"])]  # what BASE_JS provides
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
            and (node.attr in self.scalars or node.attr in BASE_ATTRIBUTES)
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
            if owner == "self" and (attr in self.scalars or attr in BASE_ATTRIBUTES):
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
            arity = 0 if func.attr in self.methods else BASE_METHODS.get(func.attr)
            if arity is not None and arity == len(node.args):
                return f"this.{func.attr}({', '.join(self.expr(a) for a in node.args)})"
        raise self.unknown(node)
