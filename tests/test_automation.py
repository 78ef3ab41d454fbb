"""Pull-request automation: the GitHub workflows and the pre-commit hook.

GitHub itself cannot run here, so the workflows are read as data and their commands
compared with the ones this suite runs for real (test_cli, test_linkcheck). The
pre-commit hook does run for real, in a throwaway git repository.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import FIXTURES, ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as true.
    data["on"] = data.pop(True, data.get("on"))
    return data


def runs(job: dict) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def uses(job: dict) -> list[str]:
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


SITE_WORKFLOWS = ROOT / "plugins" / "quickinsights" / "cli" / "sitetemplate" / "github" / "workflows"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def _checkouts(job: dict) -> list[dict]:
    return [step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout@")]


def _hardened(workflow: dict) -> None:
    """What zizmor asks (its own test runs it): actions pinned to commits, no
    permissions by default and the least per job, no credentials left in a checkout."""
    assert workflow["permissions"] == {}
    for job in workflow["jobs"].values():
        assert "permissions" in job
        for step in job["steps"]:
            if "uses" in step:
                assert PINNED.match(step["uses"]), step["uses"]
        for checkout in _checkouts(job):
            assert checkout["with"]["persist-credentials"] is False


def test_a_pull_request_is_checked_built_strictly_and_link_checked_on_every_python():
    workflow = load(WORKFLOWS / "pull-request.yml")
    assert list(workflow["on"]) == ["pull_request"]
    _hardened(workflow)
    job = workflow["jobs"]["check"]
    assert uses(job) == ["actions/checkout", "actions/setup-python"]
    assert job["strategy"]["matrix"]["python-version"] == ["3.10", "3.11", "3.12", "3.13"]
    assert runs(job) == [
        # A plain install, as a site owner's: an editable one hid a packaging defect.
        "pip install .",
        "insights check --format github",
        "mkdocs build --strict --site-dir site",
        "insights linkcheck site/ --format github",
    ]
    # The link check must read the HTML with the address the build used.
    assert job["env"]["SITE_URL"] == "http://127.0.0.1:8000/"
    assert runs(workflow["jobs"]["test"]) == ["make test"]
    wheel = workflow["jobs"]["test-wheel"]
    assert wheel["strategy"]["matrix"]["python-version"] == ["3.10", "3.11", "3.12", "3.13"]
    assert runs(wheel) == ["make system-deps", ".ci/test-python python $LOWEST"]


def test_the_pull_request_check_of_a_new_site_installs_its_requirements():
    workflow = load(SITE_WORKFLOWS / "pull-request.yml")
    _hardened(workflow)
    (job,) = workflow["jobs"].values()
    assert runs(job) == [
        "pip install -r requirements.txt",
        "insights check --format github",
        "mkdocs build --strict --site-dir site",
        "insights linkcheck site/ --format github",
    ]


def test_a_push_to_main_builds_for_the_pages_address_and_deploys():
    for folder, install in ((WORKFLOWS, "pip install ."), (SITE_WORKFLOWS, "pip install -r requirements.txt")):
        workflow = load(folder / "publish.yml")
        assert workflow["on"]["push"] == {"branches": ["main"]}
        assert workflow["on"]["schedule"] == [{"cron": "17 4 * * *"}]
        _hardened(workflow)
        build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
        assert build["permissions"] == {"contents": "read"}
        assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
        assert uses(build) == [
            "actions/checkout",
            "actions/setup-python",
            "actions/configure-pages",
            "actions/upload-pages-artifact",
        ]
        assert runs(build) == [
            install,
            "mkdocs build --strict --site-dir site",
            "insights linkcheck site/ --format github",
        ]
        for step in build["steps"]:
            if "run" in step and step["run"] != install:
                assert step["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
        upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
        assert upload["with"]["path"] == "site"
        assert deploy["needs"] == "build"
        assert deploy["environment"]["name"] == "github-pages"
        assert uses(deploy) == ["actions/deploy-pages"]


def test_the_pre_commit_files_are_valid_and_select_insight_files_only():
    for command, path in (
        ("validate-config", ".pre-commit-config.yaml"),
        ("validate-manifest", ".pre-commit-hooks.yaml"),
    ):
        result = subprocess.run([BIN / "pre-commit", command, ROOT / path], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    (repo,) = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())["repos"]
    local = next(h for h in repo["hooks"] if h["id"] == "insights-check")
    assert hook["entry"] == "insights check"
    assert local["entry"] == ".venv/bin/insights check"
    for pattern in (hook["files"], local["files"]):
        chosen = [
            p
            for p in (
                "content/en/a.md",
                "content/nl/b-c.md",
                "content/en/img/a.png",
                "docs/editors-guide.md",
                "content/en/sub/x.md",
            )
            if re.search(pattern, p)
        ]
        assert chosen == ["content/en/a.md", "content/nl/b-c.md"]


def test_the_pre_commit_hook_stops_a_commit_of_a_broken_insight(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copytree(ROOT / "content", repo / "content")
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    shutil.copy(ROOT / ".pre-commit-config.yaml", repo / ".pre-commit-config.yaml")
    (repo / ".venv").symlink_to(BIN.parent)
    shutil.copy(FIXTURES / "checks" / "english-text.md", repo / "content" / "nl" / "vergaderen.md")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    subprocess.run(["git", "init", "-q", "."], cwd=repo, check=True)
    subprocess.run(["git", "add", "."], cwd=repo, check=True)

    def pre_commit(*files: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [BIN / "pre-commit", "run", "--files", *files], cwd=repo, env=env, capture_output=True, text=True
        )

    result = pre_commit("content/nl/vergaderen.md", "content/en/strategy-on-one-page.md")
    assert result.returncode == 1
    assert (
        "content/nl/vergaderen.md:9: the text is in English, but the file is in content/nl/, the Dutch folder\n"
        "  hint: the folder decides an insight's language: move the file to content/en/, or write the text in Dutch\n"
    ) in result.stdout
    # A commit that touches only sound insights passes, even with a broken one elsewhere.
    assert pre_commit("content/en/strategy-on-one-page.md").returncode == 0
