"""Shared fixtures: building sites in tmp_path, serving them, and a real browser."""

from __future__ import annotations

import functools
import http.server
import shutil
import socketserver
import textwrap
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"
# Chromium flags for a closed network: no background calls home (see README).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def build_site(project: Path, site_dir: Path | None = None, command: str = "build") -> Path:
    """Build the project at `project` with MkDocs in strict mode; return the site folder.

    `command="serve"` builds as the preview does (drafts shown).
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site_dir = site_dir or project / "site"
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    config.plugins.on_startup(command=command, dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return site_dir


def insight_text(title: str, date: str, categories: str, body: str, summary: str = "A short summary.") -> str:
    """An insight file for `make_project`: valid front matter by Anna de Vries, then `body`."""
    return f"""
    ---
    title: "{title}"
    date: {date}
    author: Anna de Vries
    categories: [{categories}]
    summary: "{summary}"
    ---

    {body}
    """


def make_project(tmp_path: Path, files: dict[str, str] | None = None, with_sample: bool = False) -> Path:
    """A project folder: our mkdocs.yml, the site pages, and `files` (path -> text)."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    if with_sample:
        shutil.copytree(ROOT / "content", project / "content")
        # The sample's author registry sits next to mkdocs.yml (authors.py).
        shutil.copy(ROOT / "authors.yml", project / "authors.yml")
    else:
        for lang in ("en", "nl"):
            (project / "content" / lang).mkdir(parents=True)
            for page in ("index.md", "about.md"):
                shutil.copy(ROOT / "content" / lang / page, project / "content" / lang / page)
    for rel, text in (files or {}).items():
        path = project / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample content of this repository, built once for the whole session."""
    tmp = tmp_path_factory.mktemp("sample")
    project = make_project(tmp, with_sample=True)
    return build_site(project)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


def serve(folder: Path):
    """Serve `folder` on a free port of 127.0.0.1; returns (base_url, server)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def sample_url(sample_site):
    url, server = serve(sample_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (Playwright's own download is not reachable)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run 'make test', which installs it")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors and requests to other hosts."""
    context = browser.new_context()
    page = context.new_page()
    page.console_errors = []
    page.foreign_requests = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    page.on(
        "request",
        lambda req: (
            req.url.startswith(("http://", "https://"))
            and not req.url.startswith("http://127.0.0.1:")
            and page.foreign_requests.append(req.url)
        ),
    )
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _default_languages():
    """Every test starts with the default languages (English, Dutch): a build or a
    command of a site with other languages sets them for the process (languages.py)."""
    from quickinsights.model import languages

    yield
    if tuple(languages.LANGUAGES) != languages.DEFAULT_CODES:
        languages.LANGUAGES.use(languages.DEFAULT_CODES)
