"""The browser's stemmers (stemjs.py) stem exactly as snowballstemmer does in Python.

Parity is checked in Debian's Chromium on every word of the sample content, through
both languages' stemmers, plus hand-picked hard cases; the modules are loaded from a
page whose Content-Security-Policy forbids eval, as the site may.
"""

from __future__ import annotations

import inspect
import json
import re
import subprocess
from importlib.metadata import requires, version
from pathlib import Path

import pytest
import snowballstemmer
from conftest import ROOT, serve
from quickinsights.search import stemjs
from quickinsights.search.stemjs import StemmerTranslationError

LANGUAGES = ("english", "dutch")
HARD_CASES = {
    "dutch": [
        "organisatie",
        "organisaties",
        "klantloyaliteit",
        "medewerkers",
        "leiderschap",
        "geëngageerd",
        "ideeën",
        "knieën",
        "opgeleid",
        "gebeurtenissen",
        "zeeën",
        "vrijheid",
        "'t",
        "auto's",
        "ijverig",
        "beïnvloeden",
        "café",
        "gegeven",
        "ge",
        "geëerd",
    ],
    "english": [
        "generously",
        "organisations",
        "leadership",
        "running",
        "dying",
        "lying",
        "news",
        "skies",
        "sky",
        "proceed",
        "proceeds",
        "proceeded",
        "proceeding",
        "exceed",
        "succeeded",
        "don't",
        "o'neill's",
        "'tis",
        "dogs'",
        "yes",
        "yyy",
        "ski",
        "only",
        "communication",
        "generate",
        "universal",
        "arsenal",
        "past",
        "cried",
        "ties",
    ],
    # Characters outside the Basic Multilingual Plane are two UTF-16 units in JavaScript
    # and one code point in Python: stem() must still agree.
    "both": [
        "",
        "a",
        "'",
        "é",
        "RUNNING",
        "Organisaties",
        "𝐀running",
        "organisaties𝐀",
        "run𝐀ning",
        "y𝐀y",
        "𝐀𝐁𝐂",
        "klant😀loyaliteit",
        "\ue000running\U0001d400",
    ],
}

PAGE = """<!doctype html>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'">
<title>stemmers</title>
"""

# Loads each language's module and stems every word with it, in one round trip.
STEM_ALL = """async ([languages, words]) => {
  const out = {};
  for (const language of languages) {
    const module = await import(`./${language}.js`);
    out[language] = words.map((word) => module.stem(word));
  }
  return out;
}"""


def sample_words() -> list[str]:
    """Every distinct lower-cased word (`\\w+`) of the sample content, both languages."""
    words: set[str] = set()
    for language in ("en", "nl"):
        for path in sorted((ROOT / "content" / language).glob("*.md")):
            words.update(re.findall(r"\w+", path.read_text(encoding="utf-8").lower()))
    return sorted(words)


@pytest.fixture(scope="module")
def stem_in_browser(browser, tmp_path_factory):
    """stem_in_browser({language: module source}, words) -> {language: stems}."""
    folder = tmp_path_factory.mktemp("stemjs")
    url, server = serve(folder)
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))

    def stem(modules: dict[str, str], words: list[str]) -> dict[str, list[str]]:
        (folder / "index.html").write_text(PAGE, encoding="utf-8")
        (folder / "favicon.ico").write_bytes(b"")  # Chromium asks for one
        for language, source in modules.items():
            (folder / f"{language}.js").write_text(source, encoding="utf-8")
        page.goto(url + "index.html")
        result = page.evaluate(STEM_ALL, [list(modules), words])
        assert errors == []
        return result

    yield stem
    context.close()
    server.shutdown()


def mismatches(words: list[str], python: list[str], js: list[str]) -> str:
    rows = [f"  {w!r}: python {p!r}, js {j!r}" for w, p, j in zip(words, python, js, strict=False) if p != j]
    return f"{len(rows)} of {len(words)} words stem differently:\n" + "\n".join(rows[:50])


def test_the_browser_stems_every_word_as_python_does(stem_in_browser):
    words = sample_words()
    assert len(words) > 2000  # the sample content, not an empty folder
    words += sorted({w for cases in HARD_CASES.values() for w in cases} - set(words))
    stems = stem_in_browser({language: stemjs.javascript(language) for language in LANGUAGES}, words)
    for language in LANGUAGES:
        python = [snowballstemmer.stemmer(language).stemWord(word) for word in words]
        assert stems[language] == python, f"{language}: " + mismatches(words, python, stems[language])
    # A few stems pinned, so that stemmers doing nothing on both sides cannot pass.
    english, dutch = (dict(zip(words, stems[language], strict=True)) for language in LANGUAGES)
    assert [english[w] for w in ("generously", "organisations", "running", "skies", "dying", "news")] == [
        "generous",
        "organis",
        "run",
        "sky",
        "die",
        "news",
    ]
    assert [
        dutch[w] for w in ("organisaties", "organisatie", "medewerkers", "klantloyaliteit", "geëngageerd", "opgeleid")
    ] == ["organiseer", "organiseer", "medewerker", "klantloyaal", "engageer", "opleid"]
    assert english["𝐀running"] == "𝐀run" and dutch["organisaties𝐀"] == "organisaties𝐀"


TINY = """\
from .basestemmer import BaseStemmer
from .among import Among


class TinyStemmer(BaseStemmer):
    def _stem(self):
        try:
            while True:
                try:
                    if not self.eq_s("x"):
                        raise lab0()
                    continue
                except lab0: pass
                break
            if self.cursor == self.limit:
                raise lab0()
            self.bra = self.cursor
            self.ket = self.limit
            self.slice_from("!")
        except lab0: pass
        return True


class lab0(BaseException): pass
"""


def test_a_handler_inside_a_same_named_one_catches_its_own_raises(stem_in_browser):
    # JavaScript forbids a label inside one of the same name; the inner gets its own.
    module = stemjs.stemmer_module(TINY, "tiny_stemmer.py")
    assert "lab0_1: {" in module and "break lab0_1;" in module
    namespace = {"BaseStemmer": snowballstemmer.basestemmer.BaseStemmer}
    exec(TINY.split("\n\n\n", 1)[1], namespace)
    words = ["xxab", "xx", "ab", "", "axx"]
    python = [namespace["TinyStemmer"]().stemWord(w) for w in words]
    assert python == ["xx!", "xx", "!", "", "!"]
    assert stem_in_browser({"tiny": module}, words) == {"tiny": python}


def expected_hint() -> str:
    return (
        f"  hint: snowballstemmer {version('snowballstemmer')} changed its generated code; install a "
        "version the port is tested with (3.1.0 to 3.1.1), or update quickinsights/search/stemtranslate.py to translate it"
    )


def test_an_unknown_construct_names_file_line_and_construct():
    source = TINY.replace(
        '            self.slice_from("!")\n', '            self.slice_from("!")\n            print(self.current)\n'
    )
    with pytest.raises(StemmerTranslationError) as caught:
        stemjs.translate(source, "snowballstemmer/tiny_stemmer.py")
    assert str(caught.value).splitlines() == [
        "snowballstemmer/tiny_stemmer.py:20: cannot translate Call to JavaScript: print(self.current)",
        expected_hint(),
    ]


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            "        return True\n",
            "        with self.bra:\n            pass\n        return True\n",
            21,
            "cannot translate With to JavaScript: with self.bra:",
        ),
        (
            "        except lab0: pass\n        return True",
            "        except lab0 as e: pass\n        return True",
            20,
            "cannot translate ExceptHandler to JavaScript: except",
        ),
        (
            "            self.ket = self.limit\n",
            "            self.ket = self.limit\n            raise lab1()\n",
            19,
            "raise lab1() outside a try that catches it",
        ),
        (
            "            self.ket = self.limit\n",
            "            self.ket = self.limt\n",
            18,
            "cannot translate Attribute to JavaScript: self.limt",
        ),
        (
            "            self.ket = self.limit\n",
            "            self.ket = self.current[1:5:2]\n",
            18,
            "cannot translate Subscript to JavaScript: self.current[1:5:2]",
        ),
        (
            "        return True\n",
            "        return self.slice_from('a', 'b')\n",
            21,
            "cannot translate Call to JavaScript: self.slice_from('a', 'b')",
        ),
    ],
)
def test_other_unknown_constructs(old, new, line, message):
    assert old in TINY
    with pytest.raises(StemmerTranslationError) as caught:
        stemjs.translate(TINY.replace(old, new, 1), "tiny_stemmer.py")
    assert str(caught.value).splitlines() == [f"tiny_stemmer.py:{line}: {message}", expected_hint()]


def test_a_changed_runtime_is_not_translated_silently(monkeypatch):
    monkeypatch.setitem(stemjs.BASE_FINGERPRINTS, "BaseStemmer.eq_s", "0" * 16)
    path = Path(snowballstemmer.__file__).parent / "basestemmer.py"
    line = path.read_text(encoding="utf-8").splitlines().index("    def eq_s(self, s):") + 1
    with pytest.raises(StemmerTranslationError) as caught:
        stemjs.stemmer_module(TINY, "tiny_stemmer.py")
    assert str(caught.value).splitlines() == [
        f"{path}:{line}: BaseStemmer.eq_s changed since the JavaScript port in stemruntime.py",
        f"  hint: the port follows the runtime of snowballstemmer 3.1.0 to 3.1.1, and {version('snowballstemmer')} "
        "is installed: install one of those, or port the change to BASE_JS in quickinsights/search/stemruntime.py "
        "and update BASE_FINGERPRINTS",
    ]


def test_an_unknown_language_lists_the_known_ones():
    with pytest.raises(LookupError, match=r"^snowballstemmer has no stemmer 'klingon'; it has: arabic, .*english"):
        stemjs.javascript("klingon")


def test_the_module_is_standalone():
    module = stemjs.javascript("dutch")
    assert re.findall(r"^export .*$", module, re.M) == ["export function stem(word) {"]
    assert not re.search(r"\bimport\b|\beval\b|new Function|globalThis|window\.", module)
    assert "</" not in module and stemjs.javascript("dutch") is module  # cached


RUNTIME = Path(snowballstemmer.__file__).parent
# The Pythons the project claims (requires-python), where pyenv has them.
PYTHONS = sorted(Path.home().glob(".pyenv/versions/3.1[0-3].*/bin/python"))
FINGERPRINTED = """\
class Sample:
    @staticmethod
    def f(x):  # a comment
        \"\"\"A docstring.\"\"\"
        return f"{x!r:>{10}} {f'{x}'}" + f\"\"\"
  {x}
\"\"\"
"""


def test_the_fingerprint_ignores_layout_comments_and_docstrings_only():
    ((digest, line),) = stemjs.runtime_fingerprints(FINGERPRINTED).values()
    assert line == 3
    same = FINGERPRINTED.replace("  # a comment", "").replace('"""A docstring."""', '"""Other."""')
    same = same.replace("return f", "\n        return \\\n            f").replace("f(x)", "f( x )")
    assert stemjs.runtime_fingerprints(same) == {"Sample.f": (digest, 3)}
    for changed in (
        FINGERPRINTED.replace("{10}", "{11}"),
        FINGERPRINTED.replace("@staticmethod", "@classmethod"),
        FINGERPRINTED.replace("(x)", "(y)"),
    ):
        assert stemjs.runtime_fingerprints(changed)["Sample.f"][0] != digest


@pytest.mark.skipif(not PYTHONS, reason="no Python 3.10-3.13 under ~/.pyenv/versions")
def test_the_fingerprint_is_the_same_on_every_python():
    # ast.dump's text changed in Python 3.13, and every build failed there. The function
    # is run from its own source under each Python, on the runtime and on f-strings
    # (one token before 3.12, several since).
    sources = {name: (RUNTIME / name).read_text(encoding="utf-8") for name in ("basestemmer.py", "among.py")}
    sources["sample.py"] = FINGERPRINTED
    script = (
        "from __future__ import annotations\nimport ast, hashlib, io, json, sys, tokenize\n"
        + inspect.getsource(stemjs.runtime_fingerprints)
        + "print(json.dumps({n: runtime_fingerprints(s) for n, s in json.load(sys.stdin).items()}))\n"
    )
    here = json.loads(json.dumps({name: stemjs.runtime_fingerprints(source) for name, source in sources.items()}))
    versions = []
    for python in PYTHONS:
        run = subprocess.run(
            [str(python), "-c", script], input=json.dumps(sources), capture_output=True, text=True, check=True
        )
        assert json.loads(run.stdout) == here, python
        versions.append(python.parent.parent.name[:4])
    assert {"3.10", "3.13"} <= set(versions)
    recorded = {key: digest for name in ("basestemmer.py", "among.py") for key, (digest, _) in here[name].items()}
    assert recorded == stemjs.BASE_FINGERPRINTS


def test_the_tested_versions_are_the_ones_pyproject_allows():
    # A patch release of snowballstemmer may change the runtime the port follows, so the
    # requirement admits exactly the releases this file's tests passed with.
    (requirement,) = (r for r in requires("quickinsights") or [] if re.match(r"snowballstemmer\b", r, re.I))
    specifiers = sorted(re.sub(r"^snowballstemmer\s*|\s", "", requirement, flags=re.I).split(","))
    assert specifiers == [f"<={stemjs.TESTED_VERSIONS[-1]}", f">={stemjs.TESTED_VERSIONS[0]}"]
    lowest, highest, installed = (
        tuple(map(int, v.split("."))) for v in (*stemjs.TESTED_VERSIONS, version("snowballstemmer"))
    )
    assert lowest <= installed <= highest
