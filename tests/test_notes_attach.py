"""Interview notes added after research attach to stored accounts, without re-research."""

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from agent.cli import cli
from tools.web.archive import build_archive

NOTE = Path(__file__).parent / "fixtures" / "notes" / "acme.com_2024-03-01_discovery.md"
HOME = "<html><title>Acme</title><p>Founded in 2014, Acme has a team of 120.</p></html>"
ICP = """name = "Needs"
[[dimensions]]
name = "firmographics"
weight = 0.5
  [[dimensions.criteria]]
  field = "firmographics.founded_year"
  min = 2010
  points = 1
[[dimensions]]
name = "needs"
weight = 0.5
  [[dimensions.criteria]]
  field = "needs.pains.category"
  in = ["data_quality", "forecasting"]
  points = 1
"""


def test_enrich_notes_attach_to_stored_accounts_and_rescore(tmp_path):
    site = tmp_path / "sites" / "acme.com"
    site.mkdir(parents=True)
    (site / "index.html").write_text(HOME)
    (tmp_path / "manifest.toml").write_text('[[site]]\nhost = "acme.com"\ndir = "sites/acme.com"\n')
    archive = tmp_path / "a.warc.gz"
    build_archive(tmp_path / "manifest.toml", archive)
    (tmp_path / "icp.toml").write_text(ICP)
    (tmp_path / "accounts.csv").write_text("domain\nacme.com\n")
    notes = tmp_path / "notes"
    notes.mkdir()
    base = ["enrich", str(tmp_path / "accounts.csv"), "--icp", str(tmp_path / "icp.toml"),
            "--db", str(tmp_path / "icp.db"), "--no-llm", "-q"]  # fmt: skip
    runner = CliRunner()
    first = runner.invoke(
        cli, [*base, "--replay", str(archive), "--out", str(tmp_path / "1.jsonl")]
    )
    assert first.exit_code == 0, first.output
    before = json.loads((tmp_path / "1.jsonl").read_text())
    assert before["needs"] is None
    assert before["score"]["dimensions"]["needs"]["score"] == 0
    shutil.copy(NOTE, notes / NOTE.name)
    # no --replay: a re-research would fail (no network), so an ok result proves reuse
    second = runner.invoke(cli, [*base, "--notes", str(notes), "--out", str(tmp_path / "2.jsonl")])
    assert second.exit_code == 0, second.output
    after = json.loads((tmp_path / "2.jsonl").read_text())
    assert after["status"] == "ok"
    assert after["firmographics"]["founded_year"]["value"] == 2014
    assert {p["category"] for p in after["needs"]["pains"]} & {"data_quality", "forecasting"}
    assert {q["file"] for p in after["needs"]["pains"] for q in p["quotes"]} == {NOTE.name}
    assert after["notes"] == before["notes"]  # the research's own notes, not the note files
    # attaching to the stored research gives what a fresh research with the notes gives
    fresh = runner.invoke(cli, [*base, "--notes", str(notes), "--replay", str(archive),
                                "--refresh", "--out", str(tmp_path / "fresh.jsonl")])  # fmt: skip
    assert fresh.exit_code == 0, fresh.output
    assert json.loads((tmp_path / "fresh.jsonl").read_text()) == after
    assert after["score"]["dimensions"]["needs"]["score"] == 100
    # and the store keeps them: `icp score` sees the needs without the notes folder
    rescored = runner.invoke(cli, ["score", "--icp", str(tmp_path / "icp.toml"), "--db",
                                   str(tmp_path / "icp.db"), "--out", str(tmp_path / "3.jsonl"),
                                   "--no-table"])  # fmt: skip
    assert rescored.exit_code == 0, rescored.output
    assert json.loads((tmp_path / "3.jsonl").read_text())["score"]["total"] == 100
