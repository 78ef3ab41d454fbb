"""The benchmark corpus generator (benchmarks/generate.py): what the benchmarks and the
search tests build on must be valid content, deterministic for a seed."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest
from quickinsights.model.checks import validate

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def generate():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    # Its dataclasses look their module up by name.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_same_files_other_seed_other_files(generate, tmp_path):
    generate.generate(tmp_path / "a", 12, seed=7)
    generate.generate(tmp_path / "b", 12, seed=7)
    generate.generate(tmp_path / "c", 12, seed=8)
    a, b, c = tree(tmp_path / "a"), tree(tmp_path / "b"), tree(tmp_path / "c")
    assert a == b
    assert a != c
    assert a["mkdocs.yml"] == (ROOT / "mkdocs.yml").read_bytes()
    for lang in ("en", "nl"):
        for page in ("index.md", "about.md"):
            assert a[f"content/{lang}/{page}"] == (ROOT / "content" / lang / page).read_bytes()


def test_corpus_passes_insights_check(generate, tmp_path):
    site = tmp_path / "site"
    counts = generate.generate(site, 30, seed=1)
    assert counts == {"en": 30, "nl": 30}
    corpus = validate(site / "content", site, today=dt.date(2026, 1, 1))
    assert [p.format() for p in corpus.problems] == []
    assert len(corpus.in_language("en")) == 30
    assert len(corpus.in_language("nl")) == 30

    by_key: dict[str, dict[str, str]] = {}
    for article in corpus.articles:
        assert article.date < generate.LAST_DATE + dt.timedelta(days=1)
        if article.translation_key:
            by_key.setdefault(article.translation_key, {})[article.lang] = article.slug
    # Translated pairs: both languages, each with its own slug; about half of all.
    assert all(set(slugs) == {"en", "nl"} and slugs["en"] != slugs["nl"] for slugs in by_key.values())
    assert 8 <= len(by_key) <= 22


def test_body_length_and_real_word_forms(generate, tmp_path):
    site = tmp_path / "site"
    generate.generate(site, 10, seed=3)
    corpus = validate(site / "content", site, today=dt.date(2026, 1, 1))
    banks = {lang: generate.harvest(ROOT / "content", lang) for lang in ("en", "nl")}
    bank = {lang: set(" ".join(b.sentences + b.headings + b.titles).split()) for lang, b in banks.items()}
    for article in corpus.articles:
        words = [w for w in article.body.split() if not w.startswith(("#", "-"))]
        assert 300 <= len(words) <= 720, article.path
        # Every word of the body comes from our own sample text in that language.
        assert set(w.strip("*") for w in words) <= bank[article.lang] | {""}, article.path
