"""Typed configuration of the `quickinsights` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


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
