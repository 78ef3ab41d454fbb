"""Typed configuration of the `quickinsights` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..model import sanitize


class HtmlPolicyOption(c.OptionallyRequired[dict]):
    """`html`: what an insight's HTML may contain beyond the strict default. Read by
    sanitize.policy_from_options, the same function `insights check` uses, so both
    accept and refuse the same values, with the same message."""

    def run_validation(self, value: object) -> dict:
        try:
            sanitize.policy_from_options({"html": value})
        except sanitize.PolicyError as error:
            raise c.ValidationError(f"{error.message}\n  hint: {error.hint}") from None
        return dict(value) if isinstance(value, dict) else {}


class QuickInsightsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # Show drafts (marked as such) in `mkdocs serve`; `mkdocs build` never publishes them.
    preview_drafts = c.Type(bool, default=True)
    # Where the search index and the related insights are kept between builds
    # (default: .cache/quickinsights/ next to mkdocs.yml); relative to mkdocs.yml.
    cache_dir = c.Optional(c.Type(str))
    # The site's category vocabulary, relative to mkdocs.yml. Without that file the
    # package's default vocabulary is used; a file named here must exist (siteconfig.py).
    categories = c.Optional(c.Type(str))
    # The site's bilingual glossary of key terms, relative to mkdocs.yml (default
    # glossary.yml; without that file, none). A file named here must exist.
    glossary = c.Optional(c.Type(str))
    # The site's authors (authors.yml next to mkdocs.yml by default; without that file,
    # no author pages and no check of `author`). A file named here must exist.
    authors = c.Optional(c.Type(str))
    # Extra HTML an insight may contain: {allow_tags: [...], allow_attributes: {tag: [...]},
    # allow_url_schemes: [...], external_media: false}; each adds to sanitize.py's
    # strict default (the default: nothing added).
    html = HtmlPolicyOption(default={})
