"""Where a site keeps its files: the one answer for the plugin and the `insights` CLI.

A site is a folder with `mkdocs.yml`. The plugin gets its options from MkDocs; the CLI
reads the same options from `mkdocs.yml` here, without importing MkDocs, so that
`insights check` and `mkdocs build` always look at the same content folder, the same
categories and the same HTML policy.

What is looked up where (docs/site-owners.md tells site owners the same):

- the content: MkDocs' `docs_dir` (relative to mkdocs.yml; MkDocs' default `docs`);
- the categories: the plugin option `categories` (default `categories.yml` next to
  mkdocs.yml). Without that file the package's own vocabulary is used; a file named
  in the option must exist;
- the glossary: the plugin option `glossary` (default `glossary.yml` next to
  mkdocs.yml). Without that file the site has no glossary; a file named in the option
  must exist;
- the authors: the plugin option `authors` (default `authors.yml` next to mkdocs.yml).
  Without that file the site has no author pages and any `author` is accepted; a
  file named in the option must exist;
- the caches: the plugin option `cache_dir` (default `.cache/quickinsights`);
- the HTML policy: the plugin option `html` (sanitize.py; default the strict policy).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import languages, sanitize
from .authors import Authors, AuthorsError, load_authors
from .categories import VOCABULARY_FILE, Vocabulary, VocabularyError, load_vocabulary
from .glossary import Glossary, GlossaryError, load_glossary
from .problems import Problem

PLUGIN_NAME = "quickinsights"
DEFAULT_CATEGORIES = "categories.yml"
DEFAULT_GLOSSARY = "glossary.yml"
DEFAULT_AUTHORS = "authors.yml"
DEFAULT_CACHE_DIR = ".cache/quickinsights"
MKDOCS_DOCS_DIR = "docs"


class SiteConfigError(Exception):
    """mkdocs.yml, or a file it names, cannot be used."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem

    def __str__(self) -> str:
        return self.problem.format()


@dataclass(frozen=True)
class SiteSettings:
    root: Path
    content_dir: Path
    # The categories file in use, and whether it is the site's own or the package's.
    categories_file: Path
    categories_are_default: bool
    cache_dir: Path
    # The plugin's options as written in mkdocs.yml (for the HTML policy and the like).
    options: dict[str, Any] = field(default_factory=dict)
    # The glossary file in use, or None: the site has none.
    glossary_file: Path | None = None
    # The authors file in use, or None: the site has no author registry.
    authors_file: Path | None = None

    def authors(self) -> Authors | None:
        """The site's authors (None without a file); raises `SiteConfigError` with path:line."""
        if self.authors_file is None:
            return None
        try:
            return load_authors(self.authors_file, _shown(self.authors_file, self.root), self.content_dir)
        except AuthorsError as error:
            raise SiteConfigError(error.problem) from None

    def vocabulary(self) -> Vocabulary:
        """The site's category vocabulary; raises `SiteConfigError` with path:line."""
        shown = (
            "categories.yml (the package's default)"
            if self.categories_are_default
            else _shown(self.categories_file, self.root)
        )
        try:
            return load_vocabulary(self.categories_file, shown)
        except VocabularyError as error:
            raise SiteConfigError(error.problem) from None

    def glossary(self) -> Glossary:
        """The site's glossary (empty without one); raises `SiteConfigError` with path:line."""
        if self.glossary_file is None:
            return Glossary()
        try:
            return load_glossary(self.glossary_file, _shown(self.glossary_file, self.root))
        except GlossaryError as error:
            raise SiteConfigError(error.problem) from None

    def html_policy(self) -> sanitize.Policy:
        """The HTML an insight may contain (the plugin's `html` option, sanitize.py)."""
        try:
            return sanitize.policy_from_options(self.options)
        except sanitize.PolicyError as error:
            raise SiteConfigError(error.problem) from None


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def resolve(root: Path, docs_dir: str | Path, options: dict[str, Any]) -> SiteSettings:
    """The settings of the site in `root`, from its docs_dir and the plugin's options."""
    named = options.get("categories")
    categories = root / (named or DEFAULT_CATEGORIES)
    is_default = False
    if not categories.is_file():
        if named:
            raise SiteConfigError(
                Problem(
                    "mkdocs.yml",
                    1,
                    f"the categories file '{named}' named in the quickinsights plugin's options does not exist",
                    f"create {named} (insights init writes an example), or remove the 'categories' option to use the package's default",
                )
            )
        categories, is_default = VOCABULARY_FILE, True
    named_glossary = options.get("glossary")
    glossary_path = root / (named_glossary or DEFAULT_GLOSSARY)
    glossary = glossary_path if glossary_path.is_file() else None
    if glossary is None:
        if named_glossary:
            raise SiteConfigError(
                Problem(
                    "mkdocs.yml",
                    1,
                    f"the glossary file '{named_glossary}' named in the quickinsights plugin's options does not exist",
                    f"create {named_glossary}, or remove the 'glossary' option (a site without {DEFAULT_GLOSSARY} has no glossary)",
                )
            )
    authors = _optional_file(root, options.get("authors"), DEFAULT_AUTHORS, "authors file", "authors")
    cache = Path(options.get("cache_dir") or DEFAULT_CACHE_DIR)
    return SiteSettings(
        root=root,
        content_dir=root / docs_dir,
        categories_file=categories,
        categories_are_default=is_default,
        cache_dir=cache if cache.is_absolute() else root / cache,
        options=dict(options),
        glossary_file=glossary,
        authors_file=authors,
    )


def _optional_file(root: Path, named: str | None, default: str, what: str, option: str) -> Path | None:
    """A site file that may be absent (then None), unless the plugin's options name it."""
    path = root / (named or default)
    if path.is_file():
        return path
    if named:
        raise SiteConfigError(
            Problem(
                "mkdocs.yml",
                1,
                f"the {what} '{named}' named in the quickinsights plugin's options does not exist",
                f"create {named}, or remove the '{option}' option (a site without {default} has none)",
            )
        )
    return None


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml as MkDocs does for what we need: `!ENV` is resolved, any other
    tag (`!!python/name:...` in Material's examples, `!relative`) is kept as text."""


def _env(loader: _Loader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        values = loader.construct_sequence(node)  # type: ignore[arg-type]
        names, default = values[:-1], values[-1] if len(values) > 1 else None
    for name in names:
        if str(name) in os.environ:
            return yaml.safe_load(os.environ[str(name)]) if os.environ[str(name)] else ""
    return default


def _other_tag(loader: _Loader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("!", _other_tag)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _other_tag)


def plugin_options(config: dict[str, Any], plugin: str = PLUGIN_NAME) -> dict[str, Any]:
    """A plugin's options in a loaded mkdocs.yml (plugins as a list or a mapping)."""
    plugins = config.get("plugins") or []
    items = (
        plugins.items()
        if isinstance(plugins, dict)
        else (next(iter(entry.items())) if isinstance(entry, dict) else (entry, None) for entry in plugins)
    )
    for name, options in items:
        if name == plugin:
            return dict(options or {})
    return {}


def site_languages(entries: Any) -> list[str]:
    """The language codes of mkdocs-static-i18n's `languages` (mappings with `locale`
    and `default`, or objects with those attributes), the default one first."""
    codes: list[tuple[bool, int, str]] = []
    for entry in entries or []:
        get = entry.get if isinstance(entry, dict) else lambda key, entry=entry: getattr(entry, key, None)
        code = get("locale")
        if isinstance(code, str) and code != "null":
            codes.append((not get("default"), len(codes), code))
    return [code for _, _, code in sorted(codes)] or list(languages.DEFAULT_CODES)


def use_languages(codes: list[str]) -> None:
    """Make `codes` the languages of everything this process reads and builds."""
    try:
        languages.LANGUAGES.use(codes)
    except languages.UnknownLanguage as error:
        raise SiteConfigError(
            Problem(
                "mkdocs.yml",
                1,
                f"the i18n plugin's {error}",
                "remove that language from the i18n plugin's languages, or add it to the table in "
                "quickinsights/model/languages.py (with its words in model/i18n.py)",
            )
        ) from None


def load(root: Path) -> SiteSettings:
    """The settings of the site whose mkdocs.yml is in `root` (defaults without one)."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        use_languages(list(languages.DEFAULT_CODES))
        return resolve(root, "content", {})
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise SiteConfigError(
            Problem(
                "mkdocs.yml",
                mark.line + 1 if mark else 1,
                f"invalid YAML: {error.problem or error.context}",
                "check the indentation and quotes on this line",
            )
        ) from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise SiteConfigError(
            Problem("mkdocs.yml", 1, f"cannot read mkdocs.yml: {error}", "save it as UTF-8 YAML")
        ) from None
    if not isinstance(config, dict):
        raise SiteConfigError(
            Problem("mkdocs.yml", 1, "mkdocs.yml is not a mapping of settings", "see docs/site-owners.md")
        )
    use_languages(site_languages(plugin_options(config, "i18n").get("languages")))
    return resolve(root, str(config.get("docs_dir") or MKDOCS_DOCS_DIR), plugin_options(config))
