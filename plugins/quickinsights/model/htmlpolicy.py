"""The HTML policy of insight bodies: what may reach a reader's browser.

The allow-lists (the HTML our Markdown produces plus what an editor may write by hand),
what can never be allowed, the rules for attribute values (addresses, table alignment),
`Policy` with the nh3 Cleaner it configures, and `policy_from_options`, which adds a
site owner's extras from mkdocs.yml. sanitize.py applies the policy twice, in the check
that reports and in the sanitizer of the build, and its names are importable from there.
No MkDocs here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

import nh3

from .problems import Problem, did_you_mean

# What our Markdown produces (mkdocs.yml's markdown_extensions), then what an editor may
# add by hand: phrasing and structure that cannot load, run or submit anything.
MARKDOWN_TAGS = frozenset({
    "a", "blockquote", "br", "code", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "li", "ol",
    "p", "pre", "strong", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
})  # fmt: skip
EDITOR_TAGS = frozenset({
    "abbr", "b", "bdi", "bdo", "caption", "cite", "col", "colgroup", "dd", "del", "details", "dfn", "dl", "dt",
    "figcaption", "figure", "i", "ins", "kbd", "mark", "q", "rp", "rt", "ruby", "s", "samp", "small", "span",
    "sub", "summary", "tfoot", "time", "u", "var", "wbr",
})  # fmt: skip
DEFAULT_TAGS = MARKDOWN_TAGS | EDITOR_TAGS
# "*": on every allowed tag. attr_list and the extensions need class and id; title
# comes from [text](url "title") and abbr, lang and dir from quotes in other languages.
DEFAULT_ATTRIBUTES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "*": frozenset({"class", "id", "title", "lang", "dir"}),
        "a": frozenset({"href", "hreflang"}),
        "img": frozenset({"src", "alt", "width", "height", "loading"}),
        "ol": frozenset({"start", "reversed"}),
        "li": frozenset({"value"}),
        # style: the tables extension aligns columns with style="text-align: ..." (only that).
        "td": frozenset({"colspan", "rowspan", "headers", "style"}),
        "th": frozenset({"colspan", "rowspan", "headers", "scope", "style"}),
        "col": frozenset({"span"}),
        "colgroup": frozenset({"span"}),
        "blockquote": frozenset({"cite"}),
        "q": frozenset({"cite"}),
        "del": frozenset({"cite", "datetime"}),
        "ins": frozenset({"cite", "datetime"}),
        "time": frozenset({"datetime"}),
        "details": frozenset({"open"}),
    }
)
DEFAULT_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Attributes that hold an address (checked against the schemes), and of those the ones
# the browser loads by itself, without a click (only from the site, unless allowed).
URL_ATTRIBUTES = frozenset(
    {"href", "xlink:href", "src", "cite", "poster", "action", "formaction", "data", "longdesc", "background", "ping"}
)
MEDIA_ATTRIBUTES = frozenset({"src", "poster", "data", "background", "ping"})
TABLE_ALIGNMENTS = frozenset({"left", "right", "center", "justify", "start", "end"})
# Removed with their content: code, not text for a reader (Ammonia's default).
CLEAN_CONTENT_TAGS = frozenset({"script", "style"})

# Never allowed, not even by a site owner: each changes or scripts the whole page.
NEVER_TAGS = {
    "script": "a script in an insight runs in every reader's browser; a site owner adds scripts with extra_javascript in mkdocs.yml",
    "style": "a style sheet in an insight restyles the whole page; a site owner adds CSS with extra_css in mkdocs.yml",
    "base": "<base> changes the address of every link on the page",
    "link": "<link> loads style sheets and more into the whole page; a site owner uses extra_css in mkdocs.yml",
    "meta": "<meta> can redirect the reader to another site",
}
NEVER_ATTRIBUTES = {
    "style": "the theme decides the look of the text; a site owner adds CSS with extra_css in mkdocs.yml",
    "srcdoc": "srcdoc holds a whole HTML page, script included",
    "srcset": "srcset lists several addresses at once, which the check cannot vouch for; use src",
}
NEVER_SCHEMES = {
    "javascript": "a javascript: address runs script when it is clicked",
    "vbscript": "a vbscript: address runs script when it is clicked",
    "data": "a data: address carries a whole document, and a data:text/html one a page with script",
}

_TAG_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_ATTRIBUTE_NAME = re.compile(r"^[a-z_:][a-z0-9_:.-]*$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*$")
_URL_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


@dataclass(frozen=True, eq=False)
class Policy:
    """What may appear in an insight's HTML. `attributes` maps a tag (or "*": every
    allowed tag) to its attribute names."""

    tags: frozenset[str] = DEFAULT_TAGS
    attributes: Mapping[str, frozenset[str]] = field(default_factory=lambda: DEFAULT_ATTRIBUTES)
    url_schemes: frozenset[str] = DEFAULT_URL_SCHEMES
    # Images (and other media a site owner allows) from https addresses of other sites.
    external_media: bool = False

    def allowed_attributes(self, tag: str) -> frozenset[str]:
        return self.attributes.get("*", frozenset()) | self.attributes.get(tag, frozenset())

    @cached_property
    def link_rel(self) -> str | None:
        """With `target` allowed a link may open a new window: that page gets no handle
        on ours (older browsers do not imply noopener). Otherwise links are left alone."""
        return "noopener" if any("target" in self.allowed_attributes(t) for t in self.tags) else None

    @cached_property
    def cleaner(self) -> nh3.Cleaner:
        attributes = {tag: set(names) for tag, names in self.attributes.items()}
        return nh3.Cleaner(
            tags=set(self.tags),
            clean_content_tags=set(CLEAN_CONTENT_TAGS),
            attributes=attributes,
            attribute_filter=self._keep_value,
            url_schemes=set(self.url_schemes),
            link_rel=self.link_rel,
            strip_comments=True,
        )

    def _keep_value(self, tag: str, name: str, value: str) -> str | None:
        # The same rules as the check's, for the values nh3 does not judge itself.
        return None if value_problem(self, tag, name, value) else value


DEFAULT_POLICY = Policy()


# -- the values of allowed attributes ------------------------------------------------


def value_problem(policy: Policy, tag: str, name: str, value: str) -> tuple[str, str] | None:
    """(message, hint) when an allowed attribute has a value the policy refuses."""
    if name == "style":
        if tag in ("td", "th") and _is_alignment(value):
            return None  # what the tables extension writes for |:---|---:|
        return (
            f"the HTML attribute 'style' on <{tag}> is not allowed in an insight",
            (
                "a table cell may only be aligned, and a Markdown table does that in its separator line (|:---|---:|); "
                "the theme decides the rest of the look"
            ),
        )
    if name not in URL_ATTRIBUTES:
        return None
    url = _url_for_scheme(value)
    match = _URL_SCHEME.match(url)
    scheme = match.group(1).lower() if match else None
    what = _what(tag, name, value)
    loads_itself = name in MEDIA_ATTRIBUTES
    if scheme in NEVER_SCHEMES:
        fix = (
            "put the file next to the insight and link to it"
            if scheme == "data"
            else "link to an http(s) address, a mailto: address or a file of the site"
        )
        return f"{what}: {scheme}: addresses are not allowed in an insight", f"{NEVER_SCHEMES[scheme]}; {fix}"
    if scheme is not None and scheme not in policy.url_schemes:
        allowed = ", ".join(f"{s}:" for s in sorted(policy.url_schemes))
        return (
            f"{what}: {scheme}: addresses are not allowed in an insight",
            f"allowed: {allowed} and addresses within the site; a site owner can allow more in mkdocs.yml",
        )
    if (
        loads_itself
        and (scheme is not None or url.startswith("//"))
        and not (policy.external_media and scheme == "https")
    ):
        return (
            f"{what} is on another site; an insight shows files of the site only",
            (
                "save the file next to the insight (e.g. img/photo.jpg) and write ![what it shows](img/photo.jpg): the site "
                "loads nothing from other sites, for the readers' privacy, and so that the image cannot change or disappear"
            ),
        )
    return None


def _url_for_scheme(value: str) -> str:
    # As browsers (and nh3's URL parser) read it: leading and trailing control
    # characters and spaces are dropped, and tabs and newlines anywhere.
    return value.strip("".join(map(chr, range(0x21)))).replace("\t", "").replace("\n", "").replace("\r", "")


def _what(tag: str, name: str, value: str) -> str:
    shown = value if len(value) <= 60 else value[:57] + "..."
    if tag == "img" and name == "src":
        return f"image '{shown}'"
    if name == "href":
        return f"link to '{shown}'"
    return f"<{tag} {name}='{shown}'>"


def _is_alignment(style: str) -> bool:
    declarations = [d for d in style.split(";") if d.strip()]
    for declaration in declarations:
        prop, colon, value = declaration.partition(":")
        if not colon or prop.strip().lower() != "text-align" or value.strip().lower() not in TABLE_ALIGNMENTS:
            return False
    return bool(declarations)


# -- the site owner's options ---------------------------------------------------------


class PolicyError(ValueError):
    """The `html` option of the quickinsights plugin in mkdocs.yml cannot be used."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint

    @property
    def problem(self) -> Problem:
        return Problem("mkdocs.yml", 1, f"the quickinsights option 'html': {self.message}", self.hint)

    def __str__(self) -> str:
        return self.problem.format()


OPTION_KEYS = ("allow_tags", "allow_attributes", "allow_url_schemes", "external_media")
EXAMPLE = "html: {allow_tags: [video, source], allow_attributes: {video: [src, controls], source: [src, type]}}"


def policy_from_options(options: Mapping[str, Any] | None) -> Policy:
    """The policy of the plugin's options as written in mkdocs.yml (the whole
    `quickinsights:` mapping; its `html` entry is read). Without one, the default.
    Each extra is added to the defaults; raises `PolicyError` for a value that cannot be used."""
    html = (options or {}).get("html")
    if html is None or html == {}:
        return DEFAULT_POLICY
    if not isinstance(html, Mapping):
        raise PolicyError(f"must be a mapping of {', '.join(OPTION_KEYS)}", f"for example {EXAMPLE}")
    for key in html:
        if key not in OPTION_KEYS:
            guess = did_you_mean(str(key), OPTION_KEYS)
            raise PolicyError(
                f"unknown key '{key}'",
                (f"did you mean '{guess}'? " if guess else "") + f"the keys are: {', '.join(OPTION_KEYS)}",
            )
    tags = DEFAULT_TAGS | _names(html, "allow_tags", _TAG_NAME, "a tag name such as video")
    never = sorted(tags & NEVER_TAGS.keys())
    if never:
        raise PolicyError(f"allow_tags: <{never[0]}> can never be allowed in an insight", NEVER_TAGS[never[0]])
    attributes = {tag: set(names) for tag, names in DEFAULT_ATTRIBUTES.items()}
    extra = html.get("allow_attributes") or {}
    if not isinstance(extra, Mapping):
        raise PolicyError(
            "allow_attributes must map a tag (or '*' for every tag) to a list of attributes", f"for example {EXAMPLE}"
        )
    for tag, names in extra.items():
        tag = str(tag).lower()
        if tag != "*" and tag not in tags:
            raise PolicyError(
                f"allow_attributes names <{tag}>, which is not an allowed tag", f"add {tag} to allow_tags too"
            )
        for name in _names(
            {"names": names}, "names", _ATTRIBUTE_NAME, "an attribute name such as controls", f"allow_attributes: {tag}"
        ):
            if name.startswith("on"):
                raise PolicyError(
                    f"allow_attributes: {tag}: '{name}' can never be allowed",
                    f"{name}= is an event handler: it runs script in the reader's browser",
                )
            if name in NEVER_ATTRIBUTES:
                raise PolicyError(f"allow_attributes: {tag}: '{name}' can never be allowed", NEVER_ATTRIBUTES[name])
            attributes.setdefault(tag, set()).add(name)
    schemes = DEFAULT_URL_SCHEMES | {
        s.rstrip(":") for s in _names(html, "allow_url_schemes", None, "a scheme such as tel")
    }
    for scheme in sorted(schemes):
        if scheme in NEVER_SCHEMES:
            raise PolicyError(f"allow_url_schemes: '{scheme}:' can never be allowed", NEVER_SCHEMES[scheme])
        if not _SCHEME.match(scheme):
            raise PolicyError(
                f"allow_url_schemes: '{scheme}' is not a URL scheme",
                "write the part before the colon, e.g. tel for tel:+31...",
            )
    external = html.get("external_media", False)
    if not isinstance(external, bool):
        raise PolicyError(
            "external_media must be true or false",
            "write external_media: true to allow images from https addresses of other sites",
        )
    frozen = MappingProxyType({t: frozenset(n) for t, n in attributes.items()})
    policy = Policy(frozenset(tags), frozen, frozenset(schemes), external)
    if policy.link_rel and any("rel" in policy.allowed_attributes(t) for t in tags):
        raise PolicyError(
            "allow_attributes: 'rel' and 'target' cannot both be allowed",
            'with target allowed, the build sets rel="noopener" on links itself; remove rel',
        )
    return policy


def _names(
    mapping: Mapping[str, Any], key: str, pattern: re.Pattern[str] | None, example: str, shown: str | None = None
) -> frozenset[str]:
    value = mapping.get(key) or []
    shown = shown or key
    if isinstance(value, str) or not isinstance(value, list):
        raise PolicyError(
            f"{shown} must be a list",
            f"write a list, e.g. [{value}]" if isinstance(value, str) else f"write a list of names, each {example}",
        )
    names = set()
    for item in value:
        if not isinstance(item, str) or (pattern is not None and not pattern.match(item.lower())):
            raise PolicyError(f"{shown}: '{item}' is not {example.split(' such as ')[0]}", f"write {example}")
        names.add(item.lower())
    return frozenset(names)
