"""A damaged cache (.cache/quickinsights/) is seen and rebuilt from the content, with one
line that says so, by the build and by `insights search` alike; a busy one is left
alone. The README says the cache is safe to delete; these say it is safe to damage."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import build_site, make_project
from quickinsights.cli import main as cli
from quickinsights.search import index as search
from quickinsights.search import indexstore
from test_search import FILES as SEARCH_FILES
from test_search import insight
from whoosh.filedb.filestore import FileStorage

# test_search's small bilingual site without its draft, and one more insight, so that
# "promises customers" has two answers.
FILES = {path: text for path, text in SEARCH_FILES.items() if "unfinished" not in path} | {
    "content/en/promises-kept.md": insight(
        "Promises kept", "Managers who keep promises keep customers. Small steps, every morning.", "customer-loyalty"
    ),
}
CACHE = Path(".cache") / "quickinsights"
INDEX = CACHE / "search"
QUERIES = ["organisation", "promises customers", "loyaliteit", "kanban"]


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project whose cache holds the whoosh index of `insights search` and the
    related insights of a build, as an editor's does; the current folder."""
    project = make_project(tmp_path, FILES)
    monkeypatch.chdir(project)
    assert search_command("organisation").exit_code == 0
    build_site(project, tmp_path / "first")
    assert (project / CACHE / "related.pickle").is_file()
    return project


def search_command(query: str):
    return CliRunner().invoke(cli.main, ["search", query])


def answers() -> list[str]:
    """What `insights search` prints for each of QUERIES (stdout)."""
    results = [search_command(query) for query in QUERIES]
    assert [r.exit_code for r in results] == [0] * len(QUERIES), [r.output for r in results]
    return [r.stdout for r in results]


def segment() -> Path:
    (found,) = INDEX.glob("MAIN_*.seg")
    return found


def toc() -> Path:
    (found,) = INDEX.glob("_MAIN_*.toc")
    return found


def truncate(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def overwrite_middle(path: Path) -> None:
    """The same size, 64 bytes in the middle changed (and the time kept: a bad disk
    block changes no modification time)."""
    stat = path.stat()
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = b"ARBA" * 16
    path.write_bytes(bytes(data))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


# Each kind of damage: damages the cache of the current folder, returns the reason
# that the line gives.


def segment_cut_short() -> str:
    path = segment()
    written = path.stat().st_size
    truncate(path)
    return f"search/{path.name} has {path.stat().st_size} bytes, not the {written} written"


def segment_overwritten() -> str:
    overwrite_middle(segment())
    return f"search/{segment().name} is not as written"


def segment_deleted() -> str:
    path = segment()
    path.unlink()
    return f"search/{path.name} is missing"


def toc_deleted() -> str:
    path = toc()
    path.unlink()
    return f"search/{path.name}, the index's table of contents, is missing"


def state_cut_short() -> str:
    truncate(INDEX / "state.json")
    return "search/state.json is cut short or garbled"


def state_overwritten() -> str:
    overwrite_middle(INDEX / "state.json")
    return "search/state.json is not as written"


def state_deleted() -> str:
    (INDEX / "state.json").unlink()
    return "search/state.json is missing"


def related_cut_short() -> str:
    truncate(CACHE / "related.pickle")
    return "related.pickle is not as written"


def related_overwritten() -> str:
    overwrite_middle(CACHE / "related.pickle")
    return "related.pickle is not as written"


def related_replaced() -> str:
    (CACHE / "related.pickle").write_bytes(b"\0" * 100)
    return "related.pickle is not a file of related insights"


DAMAGE: dict[str, Callable[[], str]] = {
    f.__name__: f
    for f in (
        segment_cut_short,
        segment_overwritten,
        segment_deleted,
        toc_deleted,
        state_cut_short,
        state_overwritten,
        state_deleted,
        related_cut_short,
        related_overwritten,
        related_replaced,
    )
}


def line(reason: str) -> str:
    return f"the search cache in .cache/quickinsights was damaged ({reason}); rebuilt it"


def damage_lines(messages: list[str] | str) -> list[str]:
    lines = messages.splitlines() if isinstance(messages, str) else messages
    return [m for m in lines if "was damaged" in m]


def edit(project: Path) -> None:
    path = project / "content/en/quiet-meetings.md"
    path.write_text(path.read_text().replace("board in view", "kanban board in view"))


@pytest.fixture(scope="module")
def cold_site(tmp_path_factory) -> Path:
    """The site of the edited content, built from nothing."""
    project = make_project(tmp_path_factory.mktemp("cold"), FILES)
    edit(project)
    return build_site(project)


def pages(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))}


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_insights_search_rebuilds_a_damaged_cache_and_says_so_once(project, kind):
    expected = answers()
    reason = DAMAGE[kind]()
    first = search_command(QUERIES[0])
    assert first.exit_code == 0, first.output
    assert first.stdout == expected[0]
    # related.pickle is the build's: `insights search` does not read it.
    assert damage_lines(first.stderr) == ([] if kind.startswith("related") else [line(reason)])
    assert answers() == expected
    assert all(damage_lines(search_command(q).stderr) == [] for q in QUERIES)


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_the_build_rebuilds_a_damaged_cache_and_says_so_once(project, kind, caplog, tmp_path, cold_site):
    caplog.set_level(logging.INFO)
    expected = answers()
    reason = DAMAGE[kind]()
    edit(project)
    caplog.clear()
    site = build_site(project, tmp_path / "after")  # strict: a warning would fail it
    assert damage_lines(caplog.messages) == [f"quickinsights: {line(reason)}"]
    assert [r.levelname for r in caplog.records if "was damaged" in r.getMessage()] == ["INFO"]
    # The pages are those of a build from nothing.
    assert pages(site) == pages(cold_site)
    caplog.clear()
    build_site(project, tmp_path / "again")
    assert damage_lines(caplog.messages) == []
    # The build indexed the edit, and `insights search` finds it without a word more.
    kanban = search_command("kanban")
    assert damage_lines(kanban.stderr) == []
    assert kanban.stdout.splitlines()[0] == "1. Quiet meetings (en)"
    assert answers()[:3] == expected[:3]


def test_whoosh_failing_on_an_unseen_damage_rebuilds_too(project, monkeypatch):
    """Damage that the recorded sizes and digests do not show (here: not checked) but
    whoosh trips over while it updates the index is rebuilt as well."""
    expected = answers()
    monkeypatch.setattr(search.SearchIndex, "_check", lambda self, record: None)
    truncate(segment())
    edit(project)
    result = search_command("organisation")
    assert result.exit_code == 0, result.output
    (said,) = damage_lines(result.stderr)
    assert said.startswith("the search cache in .cache/quickinsights was damaged (whoosh failed on it: ")
    assert result.stdout == expected[0]
    assert search_command("kanban").stdout.splitlines()[0] == "1. Quiet meetings (en)"


def test_a_busy_damaged_index_keeps_todays_behaviour(project, monkeypatch, caplog):
    """Another process writing the index: its files are not judged (they are changing),
    the build says the index is busy, as before, and leaves it to that process."""
    caplog.set_level(logging.INFO)
    overwrite_middle(segment())
    edit(project)
    monkeypatch.setattr(search, "LOCK_TIMEOUT", 0.1)
    lock = FileStorage(str(project / INDEX)).lock("MAIN_WRITELOCK")
    assert lock.acquire()
    try:
        files = sorted(p.name for p in (project / INDEX).iterdir())
        build_site(project)
        assert sorted(p.name for p in (project / INDEX).iterdir()) == files  # nothing rebuilt
    finally:
        lock.release()
    assert (
        f"the search index in {project / INDEX} is locked by another process; not updated by this build" in caplog.text
    )
    assert damage_lines(caplog.text) == []


def test_a_cache_of_another_version_or_none_is_made_without_a_word(project, monkeypatch):
    # From before the files were sealed: plain JSON and a bare pickle.
    state = INDEX / "state.json"
    state.write_text('{"schema": 2, "files": {}}', encoding="utf-8")
    (CACHE / "related.pickle").write_bytes(b"\x80\x05N.")
    result = search_command("organisation")
    assert (result.exit_code, damage_lines(result.stderr)) == (0, [])
    for module in (search, indexstore):  # the index's folder, related insights
        monkeypatch.setattr(module, "SCHEMA_VERSION", search.SCHEMA_VERSION + 1)
    result = search_command("organisation")
    assert (result.exit_code, damage_lines(result.stderr)) == (0, [])
    for path in CACHE.rglob("*"):
        if path.is_file():
            path.unlink()
    result = search_command("organisation")
    assert (result.exit_code, damage_lines(result.stderr)) == (0, [])


def test_every_file_of_the_index_is_recorded(project):
    """What `_check` compares: the table of contents and every segment file, after a
    cold run and after an update (a new generation, a new segment)."""
    ix = search.SearchIndex(CACHE)
    ix._open()
    first = ix._record
    assert set(first["files"]) == whoosh_files()
    edit(project)
    assert search_command("kanban").exit_code == 0
    ix = search.SearchIndex(CACHE)
    ix._open()
    assert ix._record["generation"] > first["generation"]
    assert set(ix._record["files"]) == whoosh_files()


def whoosh_files() -> set[str]:
    """What whoosh keeps in the folder: tables of contents and segment files."""
    return {p.name for p in INDEX.iterdir() if p.name.startswith(("MAIN_", "_MAIN_")) and p.name != "MAIN_WRITELOCK"}
