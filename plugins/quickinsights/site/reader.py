"""The reader's side of the built pages (issue 16) that templates cannot reach: one
main landmark, the social card of each insight, our assets minified and fingerprinted.

No MkDocs here: the plugin hands each page's HTML to these functions.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import re
import shutil
from pathlib import Path
from typing import Any

import rcssmin
import rjsmin
from PIL import Image, ImageDraw, ImageFont

from ..model import i18n
from ..model.categories import Vocabulary
from ..model.content import Article
from .seo import Head, absolute

# Material's base.html wraps the navigation and the content in <main>, outside any
# block a theme can override; main.html makes the content column a <main>. Two
# main landmarks confuse screen readers (axe: landmark-no-duplicate-main), and the
# content column is the one a reader wants, so Material's becomes a plain <div>.
MATERIAL_MAIN = '<main class="md-main" data-md-component="main">'


ASSETS_DIR = Path(__file__).with_name("assets")


def tidy_page(html: str) -> str:
    """A built page with what Material's markup gets wrong for readers mended, and our
    assets' addresses fingerprinted."""
    html = fingerprint(one_main_landmark(html), ASSETS_DIR)
    # Material's table of contents has a title labelling the navigation's __toc toggle,
    # which only pages in the navigation have: insights are not (a label for nothing).
    if 'id="__toc"' not in html:
        html = html.replace('<label class="md-nav__title" for="__toc">', '<label class="md-nav__title">')
    return html


def one_main_landmark(html: str) -> str:
    """`html` with Material's <main> element as a <div> (its class and styles stay)."""
    head, found, rest = html.partition(MATERIAL_MAIN)
    if not found or "</main>" not in rest:
        return html
    # The last </main> is Material's: page content is sanitized and has no <main>.
    body, _, tail = rest.rpartition("</main>")
    return head + '<div class="md-main" data-md-component="main">' + body + "</div>" + tail


# -- social cards: the picture a link preview shows (og:image, twitter:image) ---------
# 1200x630, the size Open Graph and LinkedIn ask for. Drawn with Pillow at build time,
# no network: the font is the one Pillow ships (ImageFont.load_default, Aileron
# Regular, FreeType), so every machine draws the same card. Each card is named by the
# hash of what is drawn on it and kept in the cache between builds: a build draws only
# the cards of new or changed insights.
CARD_SIZE = (1200, 630)
CARD_VERSION = "1"  # bump when the drawing changes: every card is drawn again
CARD_COLOURS = {"background": "#1a237e", "text": "#ffffff", "muted": "#c5cae9", "en": "#3949ab", "nl": "#b34000"}


def _wrap(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int
) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        line = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(line, font=font) <= width:
            lines[-1] = line
        else:
            lines.append(word)
    return lines


def draw_card(title: str, category: str, language: str, lang: str, site_name: str) -> bytes:
    """The PNG of one insight's social card: its title, first category and language."""
    image = Image.new("RGB", CARD_SIZE, CARD_COLOURS["background"])
    draw = ImageDraw.Draw(image)
    small, big = ImageFont.load_default(34), ImageFont.load_default(68)
    left, width = 80, CARD_SIZE[0] - 160
    draw.text((left, 70), site_name, font=small, fill=CARD_COLOURS["muted"])
    lines = _wrap(draw, title, big, width)
    if len(lines) > 4:
        lines = [*lines[:3], lines[3] + "…"]
    for i, line in enumerate(lines):
        draw.text((left, 170 + i * 84), line, font=big, fill=CARD_COLOURS["text"])
    badge = lang.upper()
    badge_width = int(draw.textlength(badge, font=small)) + 32
    draw.rounded_rectangle((left, 520, left + badge_width, 570), radius=8, fill=CARD_COLOURS.get(lang, "#37474f"))
    draw.text((left + 16, 526), badge, font=small, fill=CARD_COLOURS["text"])
    draw.text((left + badge_width + 24, 526), f"{language} · {category}", font=small, fill=CARD_COLOURS["muted"])
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def social_card(article: Article, vocabulary: Vocabulary, site_name: str, site_dir: Path, cache_dir: Path) -> str:
    """Write `article`'s card into the site (drawn, or from the cache); its URL from the root."""
    category = " · ".join(vocabulary.labels(article.categories[:1], article.lang))
    language = i18n.t(article.lang, f"lang_{article.lang}")
    drawn = [CARD_VERSION, article.title, category, language, article.lang, site_name]
    name = hashlib.sha256("\0".join(drawn).encode("utf-8")).hexdigest()[:16] + ".png"
    cached = cache_dir / "social" / name
    if not cached.exists():
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(draw_card(article.title, category, language, article.lang, site_name))
    url = f"assets/social/{name}"
    (site_dir / url).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, site_dir / url)
    return url


def with_social_card(head: Head, article: Article | None, vocabulary: Vocabulary, site: dict[str, Any]) -> Head:
    """`head` with the insight's card (og:image); other pages have none. `site`: site_name,
    site_url, site_dir and cache_dir."""
    if article is None:
        return head
    url = social_card(article, vocabulary, site["site_name"], Path(site["site_dir"]), Path(site["cache_dir"]))
    return dataclasses.replace(head, image=absolute(site["site_url"], url))


# -- our own CSS and JavaScript: minified, and fingerprinted for long caching ---------
# rcssmin and rjsmin (small, long-kept pure-Python minifiers, by one author, with C
# speedups) take out comments and whitespace: our assets are commented for people,
# and a third smaller on the wire. Each file's address carries the hash of its content
# (?v=...) in every page and in the imports between our modules, so a host may cache
# them for a year and a reader still gets a changed file at once. The modules import
# one another with the same query as the pages load them with: one URL, one module.
_IMPORT = re.compile(r"""(from\s*|import\s*\(?\s*)(["'])\./([\w-]+\.js)\2""")


@functools.lru_cache(maxsize=4)
def _assets(folder: str, stamp: tuple[tuple[str, int], ...]) -> dict[str, tuple[str, str]]:
    """name -> (minified text, content hash) of every asset in `folder`; `stamp`: the
    files' names and modification times, so an edited asset is minified again."""
    texts = {}
    for name, _ in stamp:
        text = (Path(folder) / name).read_text(encoding="utf-8")
        texts[name] = rcssmin.cssmin(text) if name.endswith(".css") else rjsmin.jsmin(text)
    done: dict[str, tuple[str, str]] = {}
    # The imported first: a module's hash covers its imports' hashes (a chain of at
    # most as many links as there are modules).
    for _ in texts:
        for name, text in texts.items():
            imports = [match[2] for match in _IMPORT.findall(text)]
            if name in done or any(i not in done for i in imports if i in texts):
                continue
            text = _IMPORT.sub(
                lambda m: f"{m[1]}{m[2]}./{m[3]}?v={done[m[3]][1]}{m[2]}" if m[3] in done else m[0], text
            )
            done[name] = (text, hashlib.sha256(text.encode("utf-8")).hexdigest()[:10])
    return done


def assets(folder: Path) -> dict[str, tuple[str, str]]:
    """Our assets in `folder`, minified and hashed (cached while the files stay the same)."""
    stamp = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir() if p.suffix in (".js", ".css")))
    return _assets(str(folder), stamp)


def fingerprint(html: str, folder: Path) -> str:
    """`html` with every src= and href= to one of our assets given its content hash."""
    hashes = {name: digest for name, (_, digest) in assets(folder).items()}
    pattern = re.compile(r'((?:src|href)="[^"?#]*assets/)(' + "|".join(map(re.escape, hashes)) + r')"')
    return pattern.sub(lambda m: f'{m[1]}{m[2]}?v={hashes[m[2]]}"', html)
