"""The `quickinsights` MkDocs plugin: a thin adapter from MkDocs to our model.

mkdocs-static-i18n builds the site once per language: the first build (English) runs
the other languages' builds from its `on_post_build`, so every event below fires once
per language. The corpus is loaded and validated once per outer build.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import markupsafe
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..model import i18n, sanitize, siteconfig, urls
from ..model.content import Article, Corpus
from ..model.listing import card_files
from ..search import sitesearch
from . import alternates, build, crosslinks, feeds, reader, searchbox, seo
from .config import QuickInsightsConfig
from .render import TEMPLATES_DIR, Renderer

log = get_plugin_logger(__name__)

ASSETS_DIR = Path(__file__).with_name("assets")
ASSETS = (
    "quickinsights.css",
    "listings.css",
    "filter.js",
    "search.js",
    "engine.js",
    "ranking.js",
    "language.js",
    "highlight.js",
)
STYLESHEET = "assets/quickinsights.css"
# Breadcrumbs, tags and author profiles (templates/breadcrumb.html, tags.html, author.html).
LISTINGS_STYLESHEET = "assets/listings.css"
# Remembers the language a reader picks, for the site root's redirect.
LANGUAGE_SCRIPT = "assets/language.js"


def _set_switcher(config: MkDocsConfig, entries: list[dict[str, str]]) -> None:
    """Material's language switcher reads `config.extra.alternate`. static-i18n sets it
    both as an item and as an attribute of `extra` (Jinja prefers the attribute), so
    both are set here, to a new list: static-i18n keeps and copies its own."""
    config.extra["alternate"] = entries
    setattr(config.extra, "alternate", entries)  # noqa: B010 - an attribute MkDocs' Config does not declare


def _site_url(config: MkDocsConfig) -> str:
    """The site's address; on_config refuses a build without one."""
    return config.site_url or ""


class QuickInsightsPlugin(BasePlugin[QuickInsightsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        self.corpus: Corpus | None = None
        self.articles: dict[str, Article] = {}
        # Generated pages of the current language build: src_uri -> HTML renderer.
        self.generated: dict[str, Callable[[str], str]] = {}
        self.unpublished: set[str] = set()
        # Collected over every language build, written once at the end (issue 4).
        self.sitemap: dict[str, seo.SitemapEntry] = {}
        self.not_found: dict[str, str] = {}
        self.site_pages: set[str] = set()
        self.descriptions: dict[str, str] = {}  # static-i18n sets site_description per language
        # Each insight's sections as its page renders them, by address (sitesearch.py).
        self.sections: dict[str, list[list[str]]] = {}
        # The menu entry marked active for the page being built (_mark_section).
        self.marked: Page | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is a preview, where drafts are shown."""
        self.is_serve = command == "serve"

    def current_language(self, config: MkDocsConfig) -> str:
        i18n_plugin = config.plugins.get("i18n")
        if i18n_plugin is None:
            raise PluginError("quickinsights needs the mkdocs-static-i18n plugin ('i18n' in plugins)")
        return i18n_plugin.current_language or i18n_plugin.default_language

    def is_nested_build(self, config: MkDocsConfig) -> bool:
        """True while static-i18n builds a second language from inside the first build."""
        return bool(getattr(config.plugins.get("i18n"), "building", False))

    # Runs after static-i18n's on_config (priority -100): it resets the theme per
    # language, and our templates must stay in front of Material's.
    @event_priority(-110)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        if str(TEMPLATES_DIR) not in config.theme.dirs:
            # After the site's own overrides (theme.custom_dir), before Material's.
            custom = config.theme.custom_dir
            config.theme.dirs.insert(1 if custom and config.theme.dirs[0] == custom else 0, str(TEMPLATES_DIR))
        for stylesheet in (STYLESHEET, LISTINGS_STYLESHEET):
            if stylesheet not in config.extra_css:
                config.extra_css.append(stylesheet)
        if LANGUAGE_SCRIPT not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(LANGUAGE_SCRIPT)
        i18n_plugin = config.plugins.get("i18n")
        try:
            siteconfig.use_languages(siteconfig.site_languages(i18n_plugin.config.languages if i18n_plugin else None))
        except siteconfig.SiteConfigError as error:
            raise PluginError(str(error)) from None
        if not config.site_url:
            raise PluginError(
                "mkdocs.yml: site_url is not set; the feeds, the sitemap and the hreflang links need "
                "the site's address\n  hint: set SITE_URL=https://example.org/insights/ (or site_url in mkdocs.yml)"
            )
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Load and validate all content once per build, before any page is read
        (build.py holds the model of a build; this only adapts it to MkDocs)."""
        if not self.config.enabled or self.is_nested_build(config):
            return
        content_dir = Path(config.docs_dir)
        root = Path(config.config_file_path).parent if config.config_file_path else content_dir.parent
        try:
            built = build.prepare(
                root,
                content_dir,
                dict(self.config),
                show_drafts=self.is_serve and self.config.preview_drafts,
                rendering=build.rendering_of(config.markdown_extensions, config.mdx_configs, self.config.get("html")),
                log=log.info,
                keep_language_model=self.is_serve,
            )
        except build.BuildError as error:
            raise PluginError(str(error)) from None
        self.build = built
        self.settings, self.html_policy, self.glossary = built.settings, built.html_policy, built.glossary
        self.corpus, self.unpublished, self.related = built.corpus, built.unpublished, built.related
        self.articles = built.articles
        self.by_path = {a.path: a for a in built.corpus.articles}
        self.listings, self.languages, self.site_index = built.listings, built.languages, built.site_index
        self.renderer = Renderer(
            built.vocabulary, link_categories=True, listings=built.listings, site_url=_site_url(config)
        )
        self.sections = {}
        self.sitemap, self.not_found, self.descriptions = {}, {}, {}
        self.site_pages = built.site_pages

    # Before static-i18n's on_files (priority -100), so that its sitemap and language
    # alternates never see a draft.
    @event_priority(-90)
    def _drop_drafts(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.corpus is None:
            return None
        for file in [file for file in files if file.src_uri in self.unpublished]:
            files.remove(file)
        return files

    # After static-i18n's on_files (priority -100): it rebuilds every File from disk,
    # which would drop our in-memory pages, and lays files out for this language.
    @event_priority(-110)
    def _add_generated_pages(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.corpus is None:
            return None
        lang = self.current_language(config)
        for name in ASSETS:
            files.append(File.generated(config, f"assets/{name}", content=reader.assets(ASSETS_DIR)[name][0]))
        self.generated = {}
        self._add_listing_pages(files, config, lang)
        return files

    def _add_listing_pages(self, files: Files, config: MkDocsConfig, lang: str) -> None:
        """The overview, and every listing's index and term pages (listing.py, taxonomy.py)."""
        listings = self.listings
        self._generate(
            files,
            config,
            urls.overview_url(lang),
            i18n.t(lang, "insights"),
            lambda page_url: self.renderer.overview(listings, lang, page_url),
        )
        if not self.is_nested_build(config):
            # The filter's card lists are the same for both languages: written once.
            for path, text in card_files(listings):
                files.append(File.generated(config, path, content=text))
        for listing in listings.listings:
            self._generate(
                files,
                config,
                listing.index_url(lang),
                i18n.t(lang, listing.name),
                functools.partial(self.renderer.term_index, listing, lang),
            )
            for page in listing.pages(lang):
                title = page.term.label(lang)
                if page.number > 1:
                    title += f" ({i18n.t(lang, 'page_of', number=page.number, count=page.page_count)})"
                self._generate(
                    files, config, page.url, title, functools.partial(self.renderer.term_page, listing, page)
                )

    on_files = CombinedEvent(_drop_drafts, _add_generated_pages)

    def _generate(self, files: Files, config: MkDocsConfig, url: str, title: str, render) -> None:
        src_uri = urls.src_uri_for(url)
        # JSON is YAML: a quoted title survives any quote or colon in a label.
        content = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n"
        files.append(File.generated(config, src_uri, content=content))
        self.generated[src_uri] = render

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        """Give the header search box (templates/partials/qi-search.html) its words and
        target in this build's language; every page's header renders it."""
        if not self.config.enabled or self.corpus is None:
            return None
        env.globals["qi_search"] = searchbox.header_search(
            self.current_language(config), self.languages, self.site_index.version
        )
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Links to the other language's files become addresses before MkDocs reads them:
        each language is built on its own, so MkDocs cannot find those files."""
        if not self.config.enabled:
            return None
        return crosslinks.rewrite(markdown, page.file.src_uri, page.url)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Put our header above an insight's body, and fill in generated pages. An
        insight's body is sanitized here, once rendered and before our header and related
        list (escaped text of our own) are added: whatever the check missed is removed."""
        if not self.config.enabled or self.corpus is None:
            return None
        render = self.generated.get(page.file.src_uri)
        if render is not None:
            return render(page.url)
        article = self.articles.get(page.file.src_uri)
        if article is None:
            lang = self.current_language(config)
            if page.file.src_uri == f"{lang}/index.md":
                return (
                    self.renderer.language_chooser(lang, page.url)
                    + html
                    + self.renderer.latest(self.corpus.in_language(lang), lang, page.url)
                )
            return None
        related = [self.by_path[p] for p in self.related.get(article.path) if p in self.by_path]
        body = sanitize.sanitize(html, self.html_policy)
        # For the search results that link to a section: this language's page, its ids.
        self.sections[urls.article_url(article.lang, article.slug)] = sitesearch.page_sections(body)
        return (
            self.renderer.article_header(article, self.corpus, page.url)
            + body
            + self.renderer.related(article, related, page.url)
        )

    # After static-i18n's on_page_context (priority 50): it sets the language switcher
    # by pairing file paths, which cannot pair translations with their own slugs.
    @event_priority(-50)
    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        """Per page: switcher targets, head (hreflang, OpenGraph, feeds), sitemap entry (alternates.py, seo.py)."""
        if not self.config.enabled or self.corpus is None:
            return None
        lang = self.current_language(config)
        self.descriptions[lang] = config.site_description or ""
        meta = seo.describe_page(
            lang=lang,
            src_uri=page.file.src_uri,
            url=page.url,
            title=page.title or config.site_name,
            corpus=self.corpus,
            article=self.articles.get(page.file.src_uri),
            generated=page.file.src_uri in self.generated,
            site_pages=self.site_pages,
            listings=self.listings,
            site_url=_site_url(config),
            site_name=config.site_name,
            site_description=config.site_description or "",
        )
        _set_switcher(config, alternates.switcher_entries(meta.languages, i18n.LANGUAGE_NAMES))
        # An insight's social card, drawn into the site (reader.py, issue 16).
        site = {**config, "cache_dir": self.settings.cache_dir, "site_url": _site_url(config)}
        context["qi_head"] = reader.with_social_card(
            meta.head, self.articles.get(page.file.src_uri), self.renderer.vocabulary, site
        )
        # MkDocs renders themes without autoescaping, and Material prints the front
        # matter title as it is (in <title> and the header): a title is untrusted text.
        # Markup is not escaped twice, should this run again on the same page.
        if page.meta.get("title") is not None:
            page.meta["title"] = markupsafe.escape(page.meta["title"])
        self.sitemap[page.url] = meta.sitemap
        self._mark_section(nav, page, lang)
        return context

    def _mark_section(self, nav, page: Page, lang: str) -> None:
        """Insights and listing pages are not in the menu: its 'Insights' entry (the
        overview) is marked active on them instead, as on the overview itself. MkDocs
        marks only the page being built; on_post_page clears ours."""
        self.marked = None
        if page.file.src_uri not in self.generated and page.file.src_uri not in self.articles:
            return
        overview = urls.overview_url(lang)
        for item in nav.pages if nav is not None else []:
            if item.url == overview and item is not page:
                item.active = True
                self.marked = item

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Clear the menu entry marked for this page (_mark_section); mend the page for
        readers (reader.py, issue 16: one main landmark, fingerprinted assets)."""
        marked = self.marked
        if marked is not None:
            marked.active = False
            self.marked = None
        return reader.tidy_page(output) if self.config.enabled else None

    def on_template_context(self, context, *, template_name: str, config: MkDocsConfig):
        """The 404 page of this language: its words, and a switcher to the homes."""
        if template_name != "404.html" or not self.config.enabled or self.corpus is None:
            return None
        lang = self.current_language(config)
        base_path = urlsplit(_site_url(config)).path or "/"
        # A 404 page is served at any address: absolute paths, as MkDocs' base_url there.
        languages = alternates.for_other_page(lang, urls.home_url(lang))
        entries = alternates.switcher_entries(languages, i18n.LANGUAGE_NAMES)
        _set_switcher(config, [{**entry, "link": base_path + entry["link"]} for entry in entries])
        context["qi_not_found"] = seo.not_found_page(lang, base_path)
        context["qi_head"] = seo.not_found_head(lang, config.site_name, i18n.t(lang, "not_found_title"))
        return context

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str | None:
        """Keep each language's 404 page: every language build writes `404.html` at the
        site root, so the last would win; the end of the build puts each in its place."""
        if template_name == "404.html" and self.config.enabled and self.corpus is not None:
            self.not_found[self.current_language(config)] = reader.tidy_page(output_content)
        return None

    # After static-i18n's on_post_build (priority -100), which builds the other
    # languages: the sitemap and feeds cover every language, written once.
    @event_priority(-120)
    def _write_site_files(self, *, config: MkDocsConfig) -> None:
        """The sitemap (with every language's pages), the Atom feeds and the 404 pages."""
        if not self.config.enabled or self.corpus is None or self.is_nested_build(config):
            return
        site_dir = Path(config.site_dir)
        published = Corpus([a for a in self.corpus.articles if not a.draft], [])
        vocabulary = self.renderer.vocabulary
        site_feeds = feeds.site_feeds(published, self.listings, config.site_name, self.descriptions)
        feeds.write_feeds(site_feeds, site_dir, _site_url(config), vocabulary, published)
        seo.write_sitemap(list(self.sitemap.values()), _site_url(config), site_dir)
        for lang, html in self.not_found.items():
            path = site_dir / urls.language_root(lang) / "404.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(html, encoding="utf-8")

    # After static-i18n's on_post_build (priority -100), which builds the other
    # languages: one index holds every language's insights (sitesearch.py).
    @event_priority(-120)
    def _write_search_index(self, *, config: MkDocsConfig) -> None:
        """Write the site's search index, once per build."""
        if not self.config.enabled or self.corpus is None or self.is_nested_build(config):
            return
        try:
            # Every language is built: each card gets its insight's sections.
            index = sitesearch.with_sections(self.site_index, self.sections)
            figures = sitesearch.write_index(Path(config.site_dir), index)
        except sitesearch.SearchIndexError as error:
            raise PluginError(str(error)) from None
        log.info(
            f"Search index: {figures['insights']} insights, {figures['chunks']} chunks, {figures['bytes'] // 1024} KB"
        )

    on_post_build = CombinedEvent(_write_site_files, _write_search_index)
