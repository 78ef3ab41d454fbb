"""Generate a complete Quick Insights site folder with N insights per language.

    python benchmarks/generate.py OUT_DIR --per-language 1000 --seed 1

writes OUT_DIR/mkdocs.yml (ours, copied), OUT_DIR/content/{en,nl}/index.md and
about.md (copied) and N generated insights per language. The text is recombined from
the sentences of our own sample content in content/, so it has real English and Dutch
word forms, inflections included (stemming matters to search). About half of the
insights are translated pairs linked by `translation_key`, each with its own slug.

The output depends only on the seed and on the sample content it harvests: the same
seed on the same commit gives byte-identical files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "nl")
PAGE_FILES = ("index.md", "about.md")
# Folders next to mkdocs.yml that a site configuration may refer to.
SITE_EXTRAS = ("overrides", "hooks")
# Fixed window, so that the output never depends on today's date; all in the past.
FIRST_DATE = dt.date(2016, 1, 4)
LAST_DATE = dt.date(2025, 12, 31)
WORDS = (300, 700)
PAIRED_SHARE = 0.5

AUTHORS = (
    "Anna de Vries",
    "Eva Kramer",
    "Marleen Jansen",
    "Pieter Bakker",
    "Sanne Visser",
    "Joost Mulder",
    "Ingrid Hoekstra",
    "Tom Hendriks",
    "Fatima El Amrani",
    "Daan Smit",
    "Lotte van Dijk",
    "Ruben de Graaf",
)
QUOTE_ROLES = {
    "en": ("service manager", "team lead", "operations director", "HR adviser", "plant manager"),
    "nl": ("servicemanager", "teamleider", "operationeel directeur", "hr-adviseur", "vestigingsmanager"),
}

LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]*\)")
FOOTNOTE_RE = re.compile(r"\[\^[^\]]+\]:?")
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[\"'A-Z0-9À-Ý])")
LIST_MARK_RE = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")


@dataclass
class Bank:
    """What one language's sample content offers to recombine."""

    sentences: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def plain(text: str) -> str:
    """Inline Markdown reduced to plain text: harvested bits are recombined freely, and
    an emphasis or link cut in half would be broken Markdown."""
    text = LINK_RE.sub(r"\1", text)
    text = FOOTNOTE_RE.sub("", text)
    text = text.replace("**", "").replace("__", "").replace("`", "")
    text = re.sub(r"(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)", "", text)
    return " ".join(text.split())


def harvest(content_dir: Path, lang: str) -> Bank:
    bank = Bank()
    for path in sorted((content_dir / lang).glob("*.md")):
        if path.name in PAGE_FILES:
            continue
        text = path.read_text(encoding="utf-8")
        parts = text.split("\n---\n", 1)
        if not text.startswith("---\n") or len(parts) != 2:
            continue
        try:
            front = yaml.safe_load(parts[0][4:]) or {}
        except yaml.YAMLError:
            continue  # a broken sample file is someone else's work in progress
        if not isinstance(front, dict):
            continue
        for key, target in (("title", bank.titles), ("summary", bank.summaries), ("quote", bank.quotes)):
            if isinstance(front.get(key), str):
                target.append(plain(front[key]))
        if isinstance(front.get("tags"), list):
            bank.tags.extend(str(t) for t in front["tags"])
        for block in re.split(r"\n\s*\n", parts[1]):
            lines = [ln for ln in block.strip().splitlines() if ln.strip()]
            if not lines or lines[0].startswith(("```", "|", ">", "[^", "<", "!!!")):
                continue
            if lines[0].startswith("#"):
                # "1. Bring the customer in" numbers a step; as a title it reads badly.
                bank.headings.append(re.sub(r"^\d+\.\s*", "", plain(lines[0].lstrip("#"))))
                lines = lines[1:]
            # A list item is a sentence of its own; continuation lines join it.
            items: list[str] = []
            for line in lines:
                if LIST_MARK_RE.match(line) or not items:
                    items.append(LIST_MARK_RE.sub("", line))
                else:
                    items[-1] += " " + line.strip()
            for item in items:
                for sentence in SENTENCE_END_RE.split(plain(item)):
                    # Whole sentences only: a fragment after a colon starts lower-case.
                    if len(sentence.split()) >= 4 and sentence[-1] in '.!?"' and not sentence[0].islower():
                        bank.sentences.append(sentence)
    bank.sentences = sorted(set(bank.sentences))
    bank.headings = sorted(set(h for h in bank.headings if h))
    bank.tags = sorted(set(bank.tags))
    if len(bank.sentences) < 50 or not bank.titles:
        raise SystemExit(f"too little sample content in {content_dir / lang} to generate from")
    return bank


def slugify(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def make_body(rng: random.Random, bank: Bank) -> str:
    """300-700 words: a lead paragraph, then sections with paragraphs and lists."""
    # Headings and the lead count too, so aim a little below the upper bound.
    target = rng.randint(WORDS[0], WORDS[1] - 60)
    blocks: list[str] = []
    words = 0

    def take(n: int) -> list[str]:
        # Stop at the target, so that no body overshoots it by more than a sentence.
        nonlocal words
        chosen = []
        for sentence in rng.sample(bank.sentences, n):
            if chosen and words >= target:
                break
            chosen.append(sentence)
            words += len(sentence.split())
        return chosen

    def paragraph(n: int) -> None:
        blocks.append(wrap(" ".join(take(n))))

    paragraph(rng.randint(2, 4))
    while words < target:
        blocks.append("## " + rng.choice(bank.headings or bank.titles))
        for _ in range(rng.randint(1, 2)):
            if words >= target:
                break
            if rng.random() < 0.25:
                items = take(rng.randint(3, 4))
                first = rng.randrange(len(items))
                lines = []
                for i, item in enumerate(items):
                    # Some emphasis, as editors write it.
                    text = f"**{item}**" if i == first else item
                    lines.append(wrap("- " + text, indent="  "))
                blocks.append("\n".join(lines))
            else:
                paragraph(rng.randint(2, 5))
    return "\n\n".join(blocks) + "\n"


def wrap(text: str, width: int = 88, indent: str = "") -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = indent + word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


@dataclass
class Plan:
    """What the two languages' versions of one insight share."""

    index: int
    categories: list[str]
    paired: bool
    date: dt.date


def load_categories() -> list[dict]:
    return yaml.safe_load((REPO / "plugins/quickinsights/model/categories.yml").read_text(encoding="utf-8"))


def unique_title(rng: random.Random, bank: Bank, used: set[str], index: int) -> str:
    """A title no other insight of the language has: `insights check` refuses
    duplicates, as readers could not tell the two apart."""
    headings = bank.headings or bank.titles
    title = ""
    for attempt in range(30):
        base = rng.choice(bank.titles + headings)
        other = rng.choice(headings)
        # A sample title alone first, then recombined with a section heading.
        if attempt == 0 and rng.random() < 0.3 or base.casefold() == other.casefold():
            title = base
        else:
            title = f"{base}: {other[0].lower()}{other[1:]}"
        if len(title) <= 120 and title.casefold() not in used:
            break
    else:
        title = f"{rng.choice(bank.titles)[:100]} ({index + 1})"
    used.add(title.casefold())
    return title


def article_text(
    rng: random.Random, bank: Bank, lang: str, plan: Plan, categories: dict[str, dict], used_titles: set[str]
) -> tuple[str, str]:
    title = unique_title(rng, bank, used_titles, plan.index)
    slug = f"{slugify(title)[:70].strip('-')}-{plan.index:05d}"
    date = plan.date + dt.timedelta(days=rng.randint(0, 20) if lang == "nl" and plan.paired else 0)
    date = min(date, LAST_DATE)
    names = []
    for canonical in plan.categories:
        # Editors may write the canonical slug or the slug of their own language.
        names.append(categories[canonical][lang]["slug"] if rng.random() < 0.5 else canonical)
    summary = " ".join(rng.sample(bank.sentences, rng.randint(1, 2)))
    while len(summary) > 300:
        summary = rng.choice(bank.sentences)
    front = [
        "---",
        f"title: {q(title)}",
        f"date: {date.isoformat()}",
        f"author: {q(rng.choice(AUTHORS))}",
        "categories:",
        *[f"  - {name}" for name in names],
        f"summary: {q(summary)}",
    ]
    if plan.paired:
        front.append(f"translation_key: pair-{plan.index:05d}")
    if rng.random() < 0.3:
        front.append(f"quote: {q(rng.choice(bank.quotes or bank.sentences))}")
        front.append(f"quote_author: {q(rng.choice(AUTHORS) + ', ' + rng.choice(QUOTE_ROLES[lang]))}")
    if rng.random() < 0.2:
        updated = min(date + dt.timedelta(days=rng.randint(1, 400)), LAST_DATE)
        if updated > date:
            front.append(f"updated: {updated.isoformat()}")
    if bank.tags and rng.random() < 0.5:
        tags = rng.sample(bank.tags, min(len(bank.tags), rng.randint(1, 3)))
        front.append("tags: [" + ", ".join(q(t) for t in tags) + "]")
    front.append("---")
    return slug, "\n".join(front) + "\n\n" + make_body(rng, bank)


def generate(out: Path, per_language: int, seed: int, repo: Path = REPO) -> dict[str, int]:
    """Write the site folder; returns the number of insights written per language."""
    content = repo / "content"
    banks = {lang: harvest(content, lang) for lang in LANGUAGES}
    vocabulary = load_categories()
    categories = {c["slug"]: c for c in vocabulary}
    slugs = [c["slug"] for c in vocabulary]
    rng = random.Random(seed)

    if out.exists():
        shutil.rmtree(out)
    for lang in LANGUAGES:
        (out / "content" / lang).mkdir(parents=True)
        for name in PAGE_FILES:
            shutil.copyfile(content / lang / name, out / "content" / lang / name)
    shutil.copyfile(repo / "mkdocs.yml", out / "mkdocs.yml")
    for extra in SITE_EXTRAS:
        if (repo / extra).is_dir():
            shutil.copytree(repo / extra, out / extra)

    span = (LAST_DATE - FIRST_DATE).days
    plans = []
    for index in range(per_language):
        # Mostly one category, sometimes two or three, as in the sample content.
        k = rng.choices((1, 2, 3), weights=(5, 4, 1))[0]
        plans.append(
            Plan(
                index,
                rng.sample(slugs, k),
                rng.random() < PAIRED_SHARE,
                FIRST_DATE + dt.timedelta(days=rng.randint(0, span)),
            )
        )
    counts = {}
    for lang in LANGUAGES:
        # One RNG per language, so both languages' texts are independent of each other.
        lang_rng = random.Random(f"{seed}-{lang}")
        used_titles: set[str] = set()
        for plan in plans:
            slug, text = article_text(lang_rng, banks[lang], lang, plan, categories, used_titles)
            (out / "content" / lang / f"{slug}.md").write_text(text, encoding="utf-8")
        counts[lang] = len(plans)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the site folder to write (replaced if it exists)")
    parser.add_argument("--per-language", type=int, default=200, help="insights per language (default 200)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    if args.per_language < 1:
        parser.error("--per-language must be at least 1")
    counts = generate(args.out, args.per_language, args.seed)
    print(f"wrote {counts['en']} English and {counts['nl']} Dutch insights to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
