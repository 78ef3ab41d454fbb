"""Links from an insight to a file in the other language, made to work in the build.

mkdocs-static-i18n builds each language on its own, so while the English pages are
built the Dutch files are not among MkDocs' files: a link `../nl/x.md` in an English
insight is "not found" (a warning that fails the strict build) and would be left as a
dead `.md` address. Editors link to files (the guide says so, and `insights check`
resolves such links across both folders), so before MkDocs reads the Markdown each
such link becomes the page's relative address, `../nl/x/`, which MkDocs leaves alone.
"""

from __future__ import annotations

import posixpath

from ..model import urls
from ..model.languages import LANGUAGES
from ..model.links import SCHEME, find_links

# The forms in which `find_links` finds a target; the target is replaced only there.
_PREFIXES = ("](", "](<", "]: ", "]:", "]: <", 'href="', "href='", 'src="', "src='")


def page_url_of(src_uri: str) -> str:
    """The address of the page built from `en/x.md` ('x/'), `nl/index.md` ('nl/'), ..."""
    lang, _, name = src_uri.partition("/")
    slug = name.removesuffix(".md")
    if slug == "index":
        return urls.home_url(lang)
    return f"{urls.language_root(lang)}{slug}/"


def rewrite(markdown: str, src_uri: str, page_url: str) -> str:
    """`markdown` of the page `src_uri` with links to other-language files as addresses."""
    lang = src_uri.split("/", 1)[0]
    if lang not in LANGUAGES or ".md" not in markdown:
        return markdown
    lines = markdown.split("\n")
    for target, line in find_links(markdown, 0):
        address = _address(target, lang, page_url)
        if address is None:
            continue
        text = lines[line]
        for prefix in _PREFIXES:
            text = text.replace(prefix + target, prefix + address)
        lines[line] = text
    return "\n".join(lines)


def _address(target: str, lang: str, page_url: str) -> str | None:
    """The relative address for a link to a file of another language, else None."""
    if not target or target.startswith(("#", "/")) or SCHEME.match(target):
        return None
    path, hash_, fragment = target.partition("#")
    if not path.endswith(".md"):
        return None
    source = posixpath.normpath(posixpath.join(lang, path))
    other, _, name = source.partition("/")
    if other == lang or other not in LANGUAGES or "/" in name:
        return None
    return urls.relative_url(page_url_of(source), page_url) + hash_ + fragment
