"""What one build of the site is made of, worked out once before any page is read:
the settings, the validated content, the listings, the related insights and the
search index. The plugin's `on_pre_build` calls `prepare` and keeps the answer;
nothing here imports MkDocs, so the whole model of a build can be made and tested
without it.

The site's listings are `taxonomies` below: categories always (listing.py), then
authors (when the site has authors.yml) and tags. A new listing goes in that list.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import clock, language, sanitize, siteconfig
from ..model.authors import Authors, AuthorTaxonomy
from ..model.categories import Vocabulary
from ..model.checks import validate as validate_content
from ..model.content import PAGE_FILES, Article, Corpus
from ..model.languages import LANGUAGES
from ..model.listing import Listings
from ..model.problems import format_human
from ..model.tags import TagTaxonomy
from ..model.taxonomy import Taxonomy
from ..search import index as search
from ..search import sitesearch
from ..search.related import RelatedSet


class BuildError(Exception):
    """The build cannot go on; the message is for the editor (the plugin's PluginError)."""


def taxonomies(published: Sequence[Article], authors: Authors | None) -> list[Taxonomy]:
    """The listings beyond the categories, in the order their pages are made."""
    found: list[Taxonomy] = []
    if authors is not None:
        found.append(AuthorTaxonomy(authors))
    found.append(TagTaxonomy(published))
    return found


@dataclass
class SiteBuild:
    settings: siteconfig.SiteSettings
    vocabulary: Vocabulary
    html_policy: sanitize.Policy
    glossary: Any
    # The insights the pages show (drafts only in a preview that shows them).
    corpus: Corpus
    unpublished: set[str]
    listings: Listings
    related: RelatedSet
    site_index: Any
    # Languages with insights: the header box searches them.
    languages: list[str]
    # The site pages of each language folder (`nl/about.md`), for their alternates.
    site_pages: set[str]

    @property
    def articles(self) -> dict[str, Article]:
        return {a.src_uri: a for a in self.corpus.articles}


def prepare(
    root: Path,
    content_dir: Path,
    options: dict[str, Any],
    *,
    show_drafts: bool,
    rendering: str,
    log: Callable[[str], None],
    keep_language_model: bool = False,
) -> SiteBuild:
    """Load and validate the content and everything made from it; raises `BuildError`.

    `rendering` names what the pages are rendered with (markdown extensions and
    options), for the search index's version; `log` gets notes for the build log;
    `keep_language_model`: a preview validates again on every save, so it keeps the
    body-language model (language.py) that a one-off build lets go after validating."""
    # The same answer as `insights check` gets from mkdocs.yml (siteconfig.py).
    try:
        settings = siteconfig.resolve(root, content_dir, options)
        vocabulary = settings.vocabulary()
        authors = settings.authors()
        # The glossary's entries and the category labels: both searches look them up.
        glossary = settings.glossary().search_entries(vocabulary)
    except siteconfig.SiteConfigError as error:
        raise BuildError(str(error)) from None
    # The HTML insights may contain; the option was checked with mkdocs.yml (config.py).
    html_policy = sanitize.policy_from_options(options)
    # The same gate as `insights check`: one function decides what stops a build.
    corpus = validate_content(content_dir, root=root, vocabulary=vocabulary, html_policy=html_policy, authors=authors)
    if not keep_language_model:
        language.release()
    for warning in corpus.warnings:
        # Info, not warning: strict mode (ours, and the pull-request build) fails on
        # every logged warning, and a warning (a future date) must not block a merge.
        log(warning.format())
    if corpus.errors:
        count = len(corpus.errors)
        raise BuildError(
            f"{count} problem{'s' if count != 1 else ''} in the content; nothing was built:\n"
            + format_human(corpus.errors)
        )
    # A scheduled insight (dated after the build day) is held back as a draft is: no
    # page, no listing, feed, sitemap or site-search entry until a build on its day.
    try:
        build_day = clock.today()
    except clock.ClockError as error:
        raise BuildError(str(error)) from None
    corpus = dataclasses.replace(
        corpus,
        articles=[
            dataclasses.replace(a, draft=True) if clock.is_scheduled(a.date, build_day) and not a.draft else a
            for a in corpus.articles
        ],
    )
    # The search index holds drafts too: editors search them; pages never link them.
    every_article = corpus.articles
    unpublished: set[str] = set()
    if not show_drafts:
        unpublished = {a.src_uri for a in corpus.articles if a.draft}
        corpus = Corpus([a for a in corpus.articles if not a.draft], corpus.problems, corpus.file_count)
    # Every insight's terms, once: for the site search and the related insights.
    analysed = sitesearch.analyse(every_article, vocabulary)
    related = _update_search(
        settings, every_article, vocabulary, glossary, {p: terms.counts for p, terms in analysed.items()}, log
    )
    # The listings' terms come from what readers can open: an author whose insights
    # are all drafts, or a tag only drafts have, has no page, even in a preview that
    # shows drafts (taxonomy.TermListing).
    published = [a for a in corpus.articles if not a.draft]
    listings = Listings(corpus.articles, vocabulary, taxonomies(published, authors))
    # The search index before the pages: each page names its version. The cards get
    # each insight's sections from its page later: what they are made from goes into it.
    try:
        site_index = sitesearch.build_index(
            corpus.articles,
            vocabulary,
            analysed,
            salt=sitesearch.sections_salt(corpus.articles, rendering),
            glossary=glossary,
        )
    except sitesearch.SearchIndexError as error:
        raise BuildError(str(error)) from None
    return SiteBuild(
        settings=settings,
        vocabulary=vocabulary,
        html_policy=html_policy,
        glossary=glossary,
        corpus=corpus,
        unpublished=unpublished,
        listings=listings,
        related=related,
        site_index=site_index,
        languages=[lang for lang in LANGUAGES if any(a.lang == lang for a in corpus.articles)],
        site_pages={
            f"{path.parent.name}/{path.name}" for path in content_dir.glob("*/*.md") if path.name in PAGE_FILES
        },
    )


def rendering_of(markdown_extensions: object, mdx_configs: object, html: object) -> str:
    """What the pages are rendered with, as stable text (for the search index's version)."""
    return json.dumps(
        [markdown_extensions, mdx_configs, html], sort_keys=True, default=lambda value: type(value).__name__
    )


def _update_search(
    settings: siteconfig.SiteSettings,
    articles: list[Article],
    vocabulary: Vocabulary,
    glossary: Any,
    counts: dict[str, dict[str, int]],
    log: Callable[[str], None],
) -> RelatedSet:
    """Bring the related insights up to date, once per build (not per language),
    recomputing only what changed insights affect. The whoosh index of `insights
    search` is kept up to date too when there is one; the build never makes one:
    a cold index would cost a cold build 15-20% (10,000 insights) for no page."""
    index = search.SearchIndex(settings.cache_dir, vocabulary, glossary, notice=log)
    try:
        if index.exists():
            try:
                index.sync(articles, settings.root, progress=search.terminal_progress)
            except search.IndexBusy as busy:
                # `insights search` is indexing; the next search or build catches up.
                log(f"{busy.message}; not updated by this build")
        return search.update_related(index, progress=search.terminal_progress, articles=articles, counts=counts)
    except search.SearchError as error:
        raise BuildError(f"{error.message}\n  hint: {error.hint}") from error
