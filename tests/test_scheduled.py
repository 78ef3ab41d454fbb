"""Scheduled publishing (issue 14): an insight dated after the build day is absent from
every output (page, listings, feeds, sitemap, site search, related) until a build on
or after its date; `mkdocs serve` previews it with a banner; `insights check` lists it.
The build day comes from SOURCE_DATE_EPOCH, as reproducible builds set it."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner
from conftest import build_site, insight_text, make_project
from quickinsights.cli import main as cli

FUTURE = "2031-05-06"
BEFORE = int(dt.datetime(2031, 5, 5, 12, tzinfo=dt.timezone.utc).timestamp())
ON_THE_DAY = int(dt.datetime(2031, 5, 6, 6, tzinfo=dt.timezone.utc).timestamp())
BODY = (
    "Every team has a rhythm of meetings, and most of those meetings could be shorter. "
    "A manager who ends each meeting five minutes early gives the team back an hour a week, "
    "and the team notices that time is treated with care. Start with the weekly meeting."
)


def _project(tmp_path):
    return make_project(
        tmp_path,
        {
            "content/en/shorter-meetings.md": insight_text("Shorter meetings", FUTURE, "leadership", BODY),
            "content/en/today.md": insight_text("Meetings that end early", "2026-01-05", "leadership", BODY),
        },
    )


def _outputs(site) -> str:
    """Every text file of the built site, for a search for the scheduled insight."""
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in site.rglob("*")
        if p.is_file() and p.suffix in {".html", ".xml", ".json", ".js"}
    )


def test_a_scheduled_insight_is_absent_until_its_day(tmp_path, monkeypatch):
    project = _project(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(BEFORE))
    site = build_site(project, tmp_path / "before")
    assert not (site / "shorter-meetings").exists()
    assert (site / "today" / "index.html").is_file()
    everything = _outputs(site)
    assert "Shorter meetings" not in everything and "shorter-meetings" not in everything

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(ON_THE_DAY))
    site = build_site(project, tmp_path / "on-the-day")
    page = (site / "shorter-meetings" / "index.html").read_text(encoding="utf-8")
    assert "Scheduled:" not in page
    assert "shorter-meetings/" in (site / "insights" / "index.html").read_text(encoding="utf-8")
    assert "shorter-meetings/" in (site / "feeds" / "insights.xml").read_text(encoding="utf-8")
    assert "shorter-meetings/" in (site / "sitemap.xml").read_text(encoding="utf-8")
    entry = json.loads((site / "assets" / "search" / "index.json").read_text(encoding="utf-8"))
    cards = "\n".join(p.read_text() for p in (site / "assets" / "search" / entry["version"]).rglob("*.json"))
    assert "Shorter meetings" in cards


def test_the_preview_shows_it_with_a_banner(tmp_path, monkeypatch):
    project = _project(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(BEFORE))
    site = build_site(project, tmp_path / "preview", command="serve")
    page = (site / "shorter-meetings" / "index.html").read_text(encoding="utf-8")
    assert "Scheduled: this insight is published on 6 May 2031." in page


def test_insights_check_lists_what_is_scheduled(tmp_path, monkeypatch):
    project = _project(tmp_path)
    monkeypatch.chdir(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(BEFORE))
    result = CliRunner().invoke(cli.main, ["check"])
    assert result.exit_code == 0, result.output
    assert "content/en/shorter-meetings.md:" in result.output
    assert "scheduled: 'date' 2031-05-06 is in the future" in result.output
    assert "Scheduled: content/en/shorter-meetings.md (2031-05-06)" in result.output
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(ON_THE_DAY))
    assert "scheduled" not in CliRunner().invoke(cli.main, ["check"]).output.lower()


def test_a_broken_source_date_epoch_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(_project(tmp_path))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = CliRunner().invoke(cli.main, ["check"])
    assert result.exit_code == 1
    assert "SOURCE_DATE_EPOCH is 'yesterday', not a number of seconds" in result.output
    assert "Traceback" not in result.output
