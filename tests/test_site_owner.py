"""What a site owner runs: the wheel in a fresh venv (no checkout on the path) building
their own site, `insights init`, and the site's own files overriding the package's.

The wheel test runs with the interpreter of the test run; `.ci/test-python` runs the
whole suite on every supported Python, so the wheel is tried on each of them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import venv
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, build_site, insight_text, make_project
from quickinsights.cli import main as cli

OWN_CATEGORIES = """\
# A site owner's own vocabulary: one category of ours, and one new.
- slug: leadership
  en: {slug: leadership, label: Leadership, description: How leaders help teams grow.}
  nl: {slug: leiderschap, label: Leiderschap, description: Hoe leiders teams laten groeien.}
- slug: purchasing
  en: {slug: purchasing, label: Purchasing, description: Buying well, from suppliers who stay.}
  nl: {slug: inkoop, label: Inkoop, description: Goed inkopen, bij leveranciers die blijven.}
"""

PURCHASING_EN = insight_text(
    "Suppliers are partners too",
    "2026-01-12",
    "purchasing",
    "A supplier that is squeezed on every order stops telling you about problems early. Meet the "
    "few suppliers that matter most twice a year, share what your customers are asking for, and "
    "ask what you could do to make their work easier. The cheapest price is rarely the lowest cost.",
)


def _env() -> dict[str, str]:
    """The environment of a site owner's shell: no checkout on the path."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        env=_env(),
    )
    (found,) = out.glob("quickinsights-*.whl")
    return found


@pytest.fixture(scope="session")
def owner_venv(tmp_path_factory, wheel) -> Path:
    """A fresh venv with a plain install of the wheel: what `pip install` gives an owner."""
    folder = tmp_path_factory.mktemp("owner") / "venv"
    venv.EnvBuilder(with_pip=True).create(folder)
    python = folder / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, env=_env())
    return folder / "bin"


def test_the_wheel_holds_every_file_the_plugin_reads(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "plugins" / "quickinsights"
    needed = [
        path.relative_to(package.parent).as_posix()
        for folder in ("site/templates", "site/assets", "cli/sitetemplate")
        for path in (package / folder).rglob("*")
        if path.is_file()
    ]
    assert "quickinsights/site/templates/partials/qi-head.html" in needed
    assert "quickinsights/cli/sitetemplate/github/workflows/pull-request.yml" in needed
    assert [name for name in needed if name not in names] == []
    assert "quickinsights/model/categories.yml" in names


def test_a_plain_install_imports_from_the_venv_not_the_checkout(owner_venv, tmp_path):
    found = subprocess.run(
        [str(owner_venv / "python"), "-c", "import quickinsights; print(quickinsights.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env=_env(),
    ).stdout.strip()
    assert found.startswith(str(owner_venv.parent)), found


def _outside_site(folder: Path) -> Path:
    """A site folder of an owner: only content/, categories.yml and mkdocs.yml."""
    content = ROOT / "content"
    for lang in ("en", "nl"):
        (folder / "content" / lang).mkdir(parents=True)
        for page in ("index.md", "about.md"):
            (folder / "content" / lang / page).write_text((content / lang / page).read_text(encoding="utf-8"))
    (folder / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    (folder / "categories.yml").write_text(OWN_CATEGORIES)
    (folder / "content" / "en" / "suppliers-are-partners-too.md").write_text(textwrap.dedent(PURCHASING_EN).lstrip())
    return folder


def test_the_installed_wheel_builds_an_outside_site_with_its_own_categories(owner_venv, tmp_path):
    site = _outside_site(tmp_path / "acme")
    check = subprocess.run(
        [str(owner_venv / "insights"), "check"], cwd=site, capture_output=True, text=True, env=_env()
    )
    assert check.returncode == 0, check.stdout + check.stderr
    built = subprocess.run(
        [str(owner_venv / "mkdocs"), "build", "--strict"], cwd=site, capture_output=True, text=True, env=_env()
    )
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stderr
    page = (site / "site" / "categories" / "purchasing" / "index.html").read_text(encoding="utf-8")
    assert "Suppliers are partners too" in page
    assert (site / "site" / "nl" / "categorieen" / "inkoop" / "index.html").is_file()
    # The package's other categories are not the owner's: no page for them.
    assert not (site / "site" / "categories" / "customer-loyalty").exists()


def test_an_init_site_from_the_installed_wheel_checks_and_builds_strictly(owner_venv, tmp_path):
    made = subprocess.run(
        [str(owner_venv / "insights"), "init", "my-site", "--name", "Acme Insights"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=_env(),
    )
    assert made.returncode == 0, made.stderr
    site = tmp_path / "my-site"
    requirement = (site / "requirements.txt").read_text()
    assert "quickinsights" in requirement
    check = subprocess.run(
        [str(owner_venv / "insights"), "check"], cwd=site, capture_output=True, text=True, env=_env()
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "0 errors, 0 warnings" in check.stdout
    built = subprocess.run(
        [str(owner_venv / "mkdocs"), "build", "--strict"], cwd=site, capture_output=True, text=True, env=_env()
    )
    assert built.returncode == 0, built.stderr
    home = (site / "site" / "index.html").read_text(encoding="utf-8")
    assert "Acme Insights" in home
    article = (site / "site" / "one-priority-a-week" / "index.html").read_text(encoding="utf-8")
    assert 'hreflang="nl"' in article and "een-prioriteit-per-week" in article


# -- insights init, in process ---------------------------------------------------------


def test_init_writes_the_whole_site(tmp_path):
    result = CliRunner().invoke(cli.main, ["init", str(tmp_path / "new"), "--name", 'Acme: "Insights"'])
    assert result.exit_code == 0, result.output
    site = tmp_path / "new"
    written = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert written == [
        ".github/workflows/publish.yml",
        ".github/workflows/pull-request.yml",
        ".gitignore",
        "README.md",
        "authors.yml",
        "categories.yml",
        "content/en/about.md",
        "content/en/index.md",
        "content/en/one-priority-a-week.md",
        "content/nl/about.md",
        "content/nl/een-prioriteit-per-week.md",
        "content/nl/index.md",
        "mkdocs.yml",
        "requirements.txt",
    ]
    import yaml

    assert yaml.safe_load((site / "mkdocs.yml").read_text().replace("!ENV", ""))["site_name"] == 'Acme: "Insights"'
    assert (site / "categories.yml").read_text() == (ROOT / "plugins/quickinsights/model/categories.yml").read_text()
    assert "{{" not in "".join((site / p).read_text() for p in written if not p.startswith(".github"))


def test_init_builds_strictly_in_process(tmp_path):
    CliRunner().invoke(cli.main, ["init", str(tmp_path / "project")], catch_exceptions=False)
    site = build_site(tmp_path / "project")
    assert (site / "nl" / "een-prioriteit-per-week" / "index.html").is_file()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(cli.main, ["init", str(tmp_path)])
    assert result.exit_code == 1
    assert f"Error: {tmp_path} is not empty (notes.txt); nothing was written" in result.output
    assert "--force" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    forced = CliRunner().invoke(cli.main, ["init", str(tmp_path), "--force"])
    assert forced.exit_code == 0
    assert (tmp_path / "notes.txt").read_text() == "mine"
    again = CliRunner().invoke(cli.main, ["init", str(tmp_path), "--force"])
    assert again.exit_code == 1
    assert "already exists; nothing was written" in again.output


def test_the_workflows_init_writes_pass_zizmor(tmp_path):
    zizmor = Path(sys.executable).with_name("zizmor")
    if not zizmor.exists():
        pytest.fail("zizmor is missing from the test environment: it comes with the 'test' extra")
    CliRunner().invoke(cli.main, ["init", str(tmp_path / "site")], catch_exceptions=False)
    for folder in (tmp_path / "site" / ".github" / "workflows", ROOT / ".github" / "workflows"):
        result = subprocess.run([str(zizmor), "--offline", str(folder)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No findings" in result.stdout + result.stderr


# -- the site's own files --------------------------------------------------------------


def test_the_site_categories_file_overrides_the_package_default(tmp_path):
    project = make_project(
        tmp_path, {"categories.yml": OWN_CATEGORIES, "content/en/suppliers-are-partners-too.md": PURCHASING_EN}
    )
    site = build_site(project)
    assert (site / "categories" / "purchasing" / "index.html").is_file()
    assert not (site / "categories" / "customer-loyalty").exists()


def _check_in(project: Path) -> tuple[int, str]:
    old = os.getcwd()
    os.chdir(project)
    try:
        result = CliRunner().invoke(cli.main, ["check"])
    finally:
        os.chdir(old)
    return result.exit_code, result.output


def test_without_a_categories_file_the_package_default_is_used(tmp_path):
    project = make_project(tmp_path, {"content/en/suppliers-are-partners-too.md": PURCHASING_EN})
    code, output = _check_in(project)
    assert code == 1
    assert "content/en/suppliers-are-partners-too.md:5: unknown category 'purchasing'" in output


def test_a_categories_file_named_in_mkdocs_yml_must_exist(tmp_path):
    project = make_project(tmp_path)
    config = (
        (project / "mkdocs.yml")
        .read_text()
        .replace("  - quickinsights\n", "  - quickinsights:\n      categories: vocab/topics.yml\n")
    )
    (project / "mkdocs.yml").write_text(config)
    code, output = _check_in(project)
    assert code == 1
    assert (
        "mkdocs.yml:1: the categories file 'vocab/topics.yml' named in the quickinsights plugin's options does not exist"
        in output
    )
    from mkdocs.exceptions import Abort, PluginError

    with pytest.raises((PluginError, Abort)):
        build_site(project)
    (project / "vocab").mkdir()
    (project / "vocab" / "topics.yml").write_text(OWN_CATEGORIES)
    assert _check_in(project)[0] == 0


BROKEN_CATEGORIES = {
    "empty": ("", "categories.yml:1: expected a list of categories, but the file is empty"),
    "not a list": ("slug: leadership\n", "categories.yml:1: expected a list of categories"),
    "bad yaml": (OWN_CATEGORIES.replace("Hoe leiders", "[Hoe leiders"), "categories.yml:4: invalid YAML"),
    "no slug": ("- en: {slug: a, label: A, description: d}\n", "categories.yml:1: this category has no 'slug'"),
    "missing language": (
        "- slug: a\n  en: {slug: a, label: A, description: d}\n",
        "categories.yml:1: category 'a' needs 'nl' with slug, label and description",
    ),
    "empty label": (
        "- slug: a\n  en: {slug: a, label: A, description: d}\n  nl: {slug: b, label: '', description: d}\n",
        "categories.yml:3: category 'a': 'nl.label' must be non-empty text",
    ),
    "duplicate slug": (
        OWN_CATEGORIES
        + "- slug: inkoop\n  en: {slug: x, label: X, description: d}\n  nl: {slug: y, label: Y, description: d}\n",
        "categories.yml:8: the slug 'inkoop' is also used by the category on line 5",
    ),
    "unknown key": (
        "- slug: a\n  labels: x\n  en: {slug: a, label: A, description: d}\n  nl: {slug: b, label: B, description: d}\n",
        "categories.yml:2: unknown key 'labels' in category 'a'",
    ),
    "not a slug": (
        "- slug: Purchasing Now\n  en: {slug: a, label: A, description: d}\n  nl: {slug: b, label: B, description: d}\n",
        "categories.yml:1: the slug 'Purchasing Now' is not a slug",
    ),
    "not utf-8": ("- slug: caf\xe9\n", "categories.yml:1: the file is not UTF-8 text (byte 0xe9)"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_CATEGORIES))
def test_a_broken_categories_file_gives_path_line_and_a_fix(tmp_path, case):
    text, expected = BROKEN_CATEGORIES[case]
    project = make_project(tmp_path)
    (project / "categories.yml").write_bytes(text.encode("latin-1" if case == "not utf-8" else "utf-8"))
    code, output = _check_in(project)
    assert code == 1
    assert expected in output, output
    assert "hint:" in output and "Traceback" not in output
    built = subprocess.run(
        [str(Path(sys.executable).with_name("mkdocs")), "build", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
        env=_env(),
    )
    assert built.returncode == 1
    assert expected in built.stderr and "Traceback" not in built.stderr


def test_insights_check_uses_the_sites_html_policy_as_the_build_does(tmp_path):
    text = (
        "---\ntitle: Show the handover\ndate: 2026-01-12\nauthor: Anna de Vries\ncategories: [leadership]\n"
        "summary: A clip says more than a procedure.\n---\n\n"
        "Short clips help a team see what a good handover looks like, far better than a written procedure can. "
        "Record one handover on the floor, agree on what made it work, and show the clip at the next team meeting.\n\n"
        "<video controls></video>\n"
    )
    project = make_project(tmp_path)
    (project / "content" / "en" / "show-the-handover.md").write_text(text)
    code, output = _check_in(project)
    assert code == 1
    assert "content/en/show-the-handover.md:11: raw HTML <video> is not allowed in an insight" in output
    config = (
        (project / "mkdocs.yml")
        .read_text()
        .replace(
            "  - quickinsights\n",
            "  - quickinsights:\n      html:\n        allow_tags: [video]\n        allow_attributes: {video: [controls]}\n",
        )
    )
    (project / "mkdocs.yml").write_text(config)
    assert _check_in(project)[0] == 0
    page = (build_site(project) / "show-the-handover" / "index.html").read_text(encoding="utf-8")
    assert "<video controls" in page
