"""The guard rails stay complete: every module is under an import contract, and the
package data holds what the code reads. (`make test` runs ruff, mypy, lint-imports and
zizmor themselves before the tests.)"""

from __future__ import annotations

import sys

from conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

PACKAGE = ROOT / "plugins" / "quickinsights"
TOP = {"quickinsights.plugin", "quickinsights.config", "quickinsights.cli"}


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _modules() -> set[str]:
    return {
        "quickinsights." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        for path in PACKAGE.rglob("*.py")
        if path.name != "__init__.py"
    }


def test_every_module_is_under_an_import_contract():
    contracts = _pyproject()["tool"]["importlinter"]["contracts"]
    layered = {m for c in contracts if c["name"].startswith("Nothing imports") for m in c["source_modules"]}
    bounded = {
        m
        for c in contracts
        if c["type"] == "forbidden" and "mkdocs" in c["forbidden_modules"]
        for m in c["source_modules"]
    }
    assert sorted(_modules() - TOP - layered) == []
    assert sorted(_modules() - TOP - bounded) == []
    assert sorted((layered | bounded) - _modules()) == []  # no contract names a module that is gone


def test_only_the_plugin_and_its_config_import_mkdocs():
    importing = sorted(
        path.name
        for path in PACKAGE.rglob("*.py")
        if "from mkdocs" in path.read_text() or "import mkdocs" in path.read_text()
    )
    assert importing == ["config.py", "plugin.py"]


def test_the_package_data_globs_reach_every_file_the_code_reads():
    globs = _pyproject()["tool"]["setuptools"]["package-data"]["quickinsights"]
    data = [
        p
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts
    ]
    missed = [
        p.relative_to(PACKAGE).as_posix()
        for p in data
        if not any(_matches(p.relative_to(PACKAGE).as_posix(), g) for g in globs)
    ]
    assert missed == []


def _matches(path: str, glob: str) -> bool:
    """setuptools' glob semantics: `**` spans folders, `*` stays within one."""
    import re

    pattern = re.escape(glob).replace(r"\*\*/", "(?:.*/)?").replace(r"\*\*", ".*").replace(r"\*", "[^/]*")
    return re.fullmatch(pattern, path) is not None
