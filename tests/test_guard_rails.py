"""The guard rails stay complete: the folders are the layers of the import contract,
every module is bounded by it, no module grows past about 400 lines, and the package
data holds what the code reads. (`make test` runs ruff, mypy, lint-imports and zizmor
themselves before the tests.)"""

from __future__ import annotations

import re
import sys

from conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

PACKAGE = ROOT / "plugins" / "quickinsights"
LAYERS = {"cli", "site", "search", "model"}
# The plugin and the CLI are glue: what they do lives in the modules below them.
MAX_LINES = 400
# Modules still over the limit, at most this long: the list only shrinks.
OVER: dict[str, int] = {}


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _contracts() -> list[dict]:
    return _pyproject()["tool"]["importlinter"]["contracts"]


def _modules() -> set[str]:
    return {
        "quickinsights." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        for path in PACKAGE.rglob("*.py")
        if path.name != "__init__.py" and "sitetemplate" not in path.parts
    }


def _covers(names: list[str], module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in names)


def test_every_module_sits_in_a_layer_folder():
    outside = sorted(m for m in _modules() if m.split(".")[1] not in LAYERS)
    assert outside == []


def test_the_layers_contract_names_every_folder():
    (layers,) = [c for c in _contracts() if c["type"] == "layers"]
    named = {name.split(".")[1] for layer in layers["layers"] for name in re.split(r"\s*[|:]\s*", layer)}
    assert named == LAYERS


def test_every_module_is_bounded_for_mkdocs_and_whoosh():
    """A module that may import MkDocs or whoosh is one the contracts leave out on purpose."""
    for external, allowed in (
        ("mkdocs", {"quickinsights.site.plugin", "quickinsights.site.config"}),
        (
            "whoosh",
            {
                "quickinsights.search.index",
                # The model of a build keeps the related insights up to date (search/index.py).
                "quickinsights.site.build",
                "quickinsights.search.indexstore",
                "quickinsights.site.plugin",
                "quickinsights.site.config",
                "quickinsights.cli.main",
                "quickinsights.cli.search",
            },
        ),
    ):
        sources = [
            name
            for c in _contracts()
            if c["type"] == "forbidden" and external in c["forbidden_modules"]
            for name in c["source_modules"]
        ]
        unbounded = sorted(m for m in _modules() - allowed if not _covers(sources, m))
        assert unbounded == [], f"{external}: no contract bounds {unbounded}"
        gone = sorted(name for name in sources if not any(_covers([name], m) for m in _modules()))
        assert gone == [], f"{external}: a contract names modules that are gone: {gone}"


def test_only_the_plugin_and_its_config_import_mkdocs():
    importing = sorted(
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if re.search(r"^\s*(from|import) mkdocs\b", path.read_text(), re.M)
    )
    assert importing == ["site/config.py", "site/plugin.py"]


def test_no_module_grows_past_about_400_lines():
    long = sorted(
        f"{path.relative_to(PACKAGE).as_posix()}: {count} lines"
        for path in PACKAGE.rglob("*.py")
        if "sitetemplate" not in path.parts
        and (count := len(path.read_text().splitlines())) > OVER.get(path.relative_to(PACKAGE).as_posix(), MAX_LINES)
    )
    assert long == []


def test_the_package_data_globs_reach_every_file_the_code_reads():
    package_data = _pyproject()["tool"]["setuptools"]["package-data"]
    data = [
        p
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts
    ]
    missed = []
    for path in data:
        owner = _owning_package(path)
        relative = path.relative_to(ROOT / "plugins" / owner.replace(".", "/")).as_posix()
        if not any(_matches(relative, g) for g in package_data.get(owner, [])):
            missed.append(path.relative_to(PACKAGE).as_posix())
    assert missed == []


def _owning_package(path) -> str:
    """The innermost package (a folder with __init__.py) that holds `path`: setuptools
    reads package-data globs relative to it."""
    folder = path.parent
    while not (folder / "__init__.py").exists():
        folder = folder.parent
    return ".".join(folder.relative_to(ROOT / "plugins").parts)


def _matches(path: str, glob: str) -> bool:
    """setuptools' glob semantics: `**` spans folders, `*` stays within one."""
    pattern = re.escape(glob).replace(r"\*\*/", "(?:.*/)?").replace(r"\*\*", ".*").replace(r"\*", "[^/]*")
    return re.fullmatch(pattern, path) is not None
