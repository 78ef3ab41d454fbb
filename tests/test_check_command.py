"""`insights check` as an editor runs it: a real process, exit codes and output."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FRONTMATTER = Path(__file__).parent / "fixtures" / "frontmatter"
BROKEN = sorted(c for c in FRONTMATTER.glob("*.md") if c.stem != "valid")
INSIGHTS = str(Path(sys.executable).with_name("insights"))


def run_check(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([INSIGHTS, "check", *args], cwd=project, capture_output=True, text=True)


def project_with(tmp_path: Path, *cases: Path) -> Path:
    for lang in ("en", "nl"):
        (tmp_path / "content" / lang).mkdir(parents=True)
    for case in cases:
        shutil.copy(case, tmp_path / "content" / "en" / case.name)
    return tmp_path


def test_good_content_gives_a_one_line_summary_and_exit_0(tmp_path):
    result = run_check(project_with(tmp_path, FRONTMATTER / "valid.md"))
    assert result.returncode == 0
    assert result.stdout == "1 insight file checked (1 English and 0 Dutch without errors): 0 errors, 0 warnings.\n"


@pytest.mark.parametrize("case", BROKEN, ids=[c.stem for c in BROKEN])
def test_each_kind_of_broken_article_exits_1_with_path_line_and_hint(tmp_path, case):
    result = run_check(project_with(tmp_path, case))
    assert result.returncode == 1
    expected = case.with_suffix(".expected").read_text()
    assert result.stdout.startswith(expected)
    assert result.stdout.splitlines()[0].startswith(f"content/en/{case.name}:")
    assert "\n  hint: " in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_all_problems_of_all_files_are_reported_at_once(tmp_path):
    result = run_check(project_with(tmp_path, *BROKEN, FRONTMATTER / "valid.md"))
    assert result.returncode == 1
    for case in BROKEN:
        assert f"content/en/{case.name}:" in result.stdout
    assert f"{len(BROKEN) + 1} insight files checked" in result.stdout


def test_the_sample_content_passes():
    result = run_check(Path(__file__).resolve().parent.parent)
    assert result.returncode == 0, result.stdout
    assert "0 errors" in result.stdout
