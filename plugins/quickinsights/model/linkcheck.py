"""Check a built site offline: every internal link and resource leads to a file.

A pull request's last gate, after the build. MkDocs checks links between Markdown
files, but not what templates, plugins and themes put in the HTML (our cards, the
language switcher, hreflang alternates, stylesheets). This reads the HTML as a browser
would, resolves each `href`, `src` and `srcset` against the page, and looks for the
file on disk, and for the anchor in the target page. No network: links to other
hosts are counted, not followed.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .links import SCHEME
from .problems import Problem

_NOT_LINKS = ("mailto:", "tel:", "javascript:", "data:", "blob:")
_DOUBLE_SLASH = "the template joins two parts of the address with one slash too many"


@dataclass
class PageLinks:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, int]] = field(default_factory=list)  # (address, line)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageLinks()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.page.ids.add(value)
            elif name in ("href", "src") and not (tag == "a" and name == "href" and value == ""):
                self.page.links.append((value, line))
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.page.links.append((candidate.split()[0], line))

    handle_startendtag = handle_starttag


def read_page(html: str) -> PageLinks:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.page


@dataclass
class Report:
    problems: list[Problem]
    pages: int
    internal: int
    external: int


def check_site(
    site_dir: Path,
    site_url: str = "",
    shown_as: str | None = None,
    progress: Callable[[Sequence[Path], str], Iterable[Path]] | None = None,
) -> Report:
    """Every broken internal link of the HTML pages below `site_dir`.

    `site_url` is the address the site was built for: absolute links to it (canonical
    and hreflang links) are internal, and a link to `/x/` must stay below its path.
    """
    shown = (shown_as or site_dir.as_posix()).rstrip("/")
    base = urlsplit(site_url)
    base_path = base.path if base.path.endswith("/") else base.path + "/"
    site_prefix = f"{base.scheme}://{base.netloc}" if base.netloc else None
    pages: dict[str, PageLinks] = {}
    files = sorted(site_dir.rglob("*.html"))
    for path in progress(files, "Reading pages") if progress else files:
        rel = path.relative_to(site_dir).as_posix()
        pages[rel] = read_page(path.read_text(encoding="utf-8", errors="replace"))

    problems: list[Problem] = []
    internal = external = 0
    for rel in sorted(pages):
        for address, line in pages[rel].links:
            address = address.strip()
            if not address or address.lower().startswith(_NOT_LINKS):
                continue
            if site_prefix and address.startswith(site_prefix + "/"):
                address = address[len(site_prefix) :]
            elif address.startswith("//") and "." not in address[2:].split("/", 1)[0]:
                # '//assets/x.js' is a host named 'assets' to a browser: a template that
                # joined '/' and '/assets/...' (MkDocs' base_url on the 404 page is '/').
                internal += 1
                host = address[2:].split("/", 1)[0]
                problems.append(
                    Problem(
                        f"{shown}/{rel}",
                        line,
                        f"broken link '{address}': browsers read '{host}' as another host",
                        _DOUBLE_SLASH,
                    )
                )
                continue
            elif address.startswith("//") or SCHEME.match(address):
                external += 1
                continue
            internal += 1
            broken = _resolve(site_dir, pages, rel, address, base_path)
            if broken:
                problems.append(Problem(f"{shown}/{rel}", line, f"broken link '{address}': {broken[0]}", broken[1]))
    return Report(problems, len(pages), internal, external)


def _resolve(
    site_dir: Path, pages: dict[str, PageLinks], page: str, address: str, base_path: str
) -> tuple[str, str] | None:
    """(what is wrong, hint) for a broken internal `address` on `page`, else None."""
    parts = urlsplit(address)
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if "//" in path:
        return ("the address contains '//'", _DOUBLE_SLASH)
    if not path:
        target = page
    else:
        if path.startswith("/"):
            if not path.startswith(base_path):
                return (f"it leads outside the site, which is published at {base_path}", "use a relative link")
            target = path[len(base_path) :]
        else:
            target = posixpath.join(posixpath.dirname(page), path)
        target = posixpath.normpath(target) if target not in ("", ".") else ""
        if target == "." or target == "":
            target = ""
        if target.startswith("../") or target == "..":
            return ("it leads above the site's root folder", "use a link inside the site")
        file = site_dir / target if target else site_dir
        if file.is_dir() or path.endswith("/"):
            target = posixpath.join(target, "index.html") if target else "index.html"
            file = site_dir / target
        if not file.is_file():
            return (f"there is no file {target}", "check the page or template that makes this link")
    if fragment and target in pages and fragment not in pages[target].ids:
        return (f"{target} has no element with id '{fragment}'", "link to a heading or element that exists")
    return None
