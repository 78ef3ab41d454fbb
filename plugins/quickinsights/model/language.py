"""Which of the site's languages a body of Markdown is written in (English or Dutch).

py3langid (a maintained fork of langid.py) ships its trained model inside the wheel,
so nothing is downloaded at run time; restricted to the site's languages it tells
English from Dutch reliably on a paragraph or more. Markdown syntax, code and link
addresses are stripped first: they are neither language and only add noise.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from . import languages
from .languages import LANGUAGES

# Below this many words the guess is not worth an error: a two-line body full of
# names and loanwords ("Net Promoter Score") can honestly look like either language.
MIN_WORDS = 20
# The detector's probability (normalised over English and Dutch) needed to say a
# text is in the other language. Real mismatches score above 0.999; a Dutch text
# with English terms and quotes stays far below this.
MIN_CONFIDENCE = 0.95
# Characters of each of the three windows of a long text that the detector reads.
SAMPLE_WINDOW = 400

_FENCED = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_HTML = re.compile(r"<[^>\n]*>")
_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")  # keep the link text, drop the address
_REF_DEF = re.compile(r"^\s*\[[^\]\n]+\]:\s*\S+.*$", re.MULTILINE)
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\n]*\]")
_URL = re.compile(r"\b\w+://\S+")
_SYNTAX = re.compile(r"[#>*_|~=\-]+")


@dataclass(frozen=True)
class Guess:
    lang: str
    confidence: float
    words: int

    @property
    def is_sure(self) -> bool:
        return self.words >= MIN_WORDS and self.confidence >= MIN_CONFIDENCE


def prose(markdown: str) -> str:
    """The readable words of a Markdown text, without code, addresses or syntax."""
    text = _FENCED.sub(" ", markdown)
    text = _INLINE_CODE.sub(" ", text)
    text = _REF_DEF.sub(" ", text)
    text = _FOOTNOTE_REF.sub(" ", text)
    text = _LINK.sub(r"\1", text)
    text = _HTML.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _SYNTAX.sub(" ", text)
    return " ".join(text.split())


# `mkdocs serve` re-validates on every change: remember the answer per body (keyed
# by its digest, so the cache holds 20 bytes rather than the text itself).
_cache: dict[bytes, Guess] = {}


def detect(markdown: str) -> Guess:
    """The most likely of the site's languages for a Markdown text, and how sure that is."""
    digest = hashlib.sha1(markdown.encode("utf-8", "surrogatepass")).digest()
    guess = _cache.get(digest)
    if guess is None:
        text = prose(markdown)
        words = len(text.split())
        if not words:
            guess = Guess(LANGUAGES[0], 0.0, 0)
        else:
            lang, confidence = _identifier().classify(_sample(text).encode("utf-8", "replace"))
            guess = Guess(str(lang), float(confidence), words)
        _cache[digest] = guess
    return guess


def _sample(text: str) -> str:
    """Three windows of a long text: its start, middle and end.

    The detector's cost grows with the text; some two hundred words from across the
    body decide as well as all of it (a body left half untranslated still shows), at
    half the cost (0.7 instead of 1.4 ms for a 500-word insight), which adds up at
    thousands of insights.
    """
    if len(text) <= 3 * SAMPLE_WINDOW:
        return text
    middle = len(text) // 2
    windows = (
        text[:SAMPLE_WINDOW],
        text[middle - SAMPLE_WINDOW // 2 : middle + SAMPLE_WINDOW // 2],
        text[-SAMPLE_WINDOW:],
    )
    return " ".join(windows)


@lru_cache(maxsize=1)
def _identifier():
    # Loading the model takes most of a second: only when a body is actually checked.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def release() -> None:
    """Let go of the detection model (75 of the 245 MB a 2,000-per-language build held
    at its peak): a one-off build needs it only while it validates. `mkdocs serve`
    keeps it, as it validates again on every save."""
    _identifier.cache_clear()


def _forget() -> None:
    """Another set of languages: the answers and the restricted model no longer hold."""
    _cache.clear()
    _identifier.cache_clear()


languages.on_change(_forget)
