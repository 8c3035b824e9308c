"""`icp enrich` input hygiene and outputs, `icp show`, `icp runs`, `icp stale` on a tiny archive."""

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from agent.cli import cli
from tools.web.archive import build_archive

ABOUT = "<html><body><h1>About Acme</h1><p>Founded in 2014, Acme has a team of 120.</p></body>"


@pytest.fixture
def archive(tmp_path):
    site = tmp_path / "sites" / "acme.test"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<html><title>Acme</title><a href='/about'>About</a></html>")
    (site / "about.html").write_text(ABOUT)
    manifest = '[[site]]\nhost = "acme.test"\ndir = "sites/acme.test"\n'
    (tmp_path / "manifest.toml").write_text(manifest)
    path = tmp_path / "a.warc.gz"
    build_archive(tmp_path / "manifest.toml", path)
    return path


@pytest.fixture
def icp_file(tmp_path):
    path = tmp_path / "icp.toml"
    path.write_text(
        'name = "t"\n[[dimensions]]\nname = "size"\nweight = 1.0\n'
        '[[dimensions.criteria]]\nfield = "firmographics.employee_count"\nmin = 100\npoints = 1\n'
    )
    return path


def enrich(tmp_path, archive, icp_file, text, *extra):
    accounts = tmp_path / "accounts.csv"
    accounts.write_text(text, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["enrich", str(accounts), "--icp", str(icp_file),
                                      "--replay", str(archive), "--out", str(out),
                                      "--db", str(tmp_path / "icp.db"), *extra])  # fmt: skip
    assert result.exit_code == 0, result.output
    return result, [json.loads(line) for line in out.read_text().splitlines()]


def test_enrich_bad_rows_get_error_lines_in_order(tmp_path, archive, icp_file):
    text = ("domain;owner\nACME.test;ann\n;bob\nnot a domain;cy\nhttps://www.acme.test/x;dee\n"
            "missing.test;eve\n")  # fmt: skip
    result, records = enrich(tmp_path, archive, icp_file, text, "--quiet")
    assert [(r["domain"], r["status"], r["input"]["owner"]) for r in records] == [
        ("acme.test", "ok", "ann"),
        ("", "error", "bob"),
        ("not a domain", "error", "cy"),
        ("acme.test", "ok", "dee"),
        ("missing.test", "error", "eve"),
    ]
    assert records[1]["error"] == "row 3: no domain given (column 'domain')"
    assert records[2]["error"] == "row 4: column 'domain': invalid domain 'not a domain'"
    assert records[0]["firmographics"]["employee_count"]["value"] == 120
    assert records[3]["firmographics"] == records[0]["firmographics"]


def test_enrich_reports_problems_and_duplicates(tmp_path, archive, icp_file):
    text = "domain\nacme.test\nacme.test\n,\n"
    result, records = enrich(tmp_path, archive, icp_file, text)
    assert len(records) == 3
    assert "row 3: duplicate of row 2 (acme.test); researched once" in result.output
    assert "row 4: empty row" in result.output
    assert "skipped LLM research step (no endpoint configured" in result.output
    assert "done: 2 ok (0 partial), 1 error" in result.output
    assert "top error (1×): empty row" in result.output


def test_enrich_json_logs_one_line_per_account(tmp_path, archive, icp_file):
    result, _ = enrich(tmp_path, archive, icp_file, "domain\nacme.test\nnope\n", "--json-logs")
    events = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [(e["domain"], e["status"], e["done"], e["total"]) for e in events] == [
        ("acme.test", "ok", 1, 2), ("nope", "error", 2, 2)]  # fmt: skip


def test_enrich_rerun_reuses_store_and_refresh_researches(tmp_path, archive, icp_file):
    enrich(tmp_path, archive, icp_file, "domain\nacme.test\n", "--quiet")
    reused, _ = enrich(tmp_path, archive, icp_file, "domain\nacme.test\n")
    assert "1 reused from the store" in reused.output and "0 HTTP requests" in reused.output
    refreshed, _ = enrich(tmp_path, archive, icp_file, "domain\nacme.test\n", "--refresh")
    assert "reused" not in refreshed.output


def test_show_runs_and_stale(tmp_path, archive, icp_file):
    enrich(tmp_path, archive, icp_file, "domain\nacme.test\n", "--quiet")
    db = str(tmp_path / "icp.db")
    runner = CliRunner()
    shown = runner.invoke(cli, ["show", "acme.test", "--db", db])
    assert shown.exit_code == 0, shown.output
    assert "Founded in 2014" in shown.output and "employee_count" in shown.output
    as_json = json.loads(runner.invoke(cli, ["show", "acme.test", "--db", db, "--json"]).output)
    assert as_json["scores"][0]["tier"] == "Perfect Fit"
    missing = runner.invoke(cli, ["show", "nope.test", "--db", db])
    assert missing.exit_code == 1 and "nope.test: not in" in missing.output
    runs = runner.invoke(cli, ["runs", "--db", db, "--json"])
    assert json.loads(runs.output.splitlines()[0])["command"] == "enrich"
    assert runner.invoke(cli, ["stale", "--db", db, "--max-age", "30d"]).output.startswith(
        "domain,researched_at,age_days,score_confidence\n0 account"
    )
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE accounts SET researched_at = '2020-01-01T00:00:00+00:00'")
    stale = runner.invoke(cli, ["stale", "--db", db, "--max-age", "30d"])
    assert "acme.test,2020-01-01" in stale.output
    assert stale.output.splitlines()[1].endswith(",0.0")  # years past a 30-day window
    bad = runner.invoke(cli, ["stale", "--db", db, "--max-age", "soon"])
    assert bad.exit_code == 2 and "not a duration like 30d" in bad.output


def test_enrich_bad_icp_file_is_a_clean_error(tmp_path, archive):
    icp = tmp_path / "bad.toml"
    icp.write_text('name = "x"\n[[dimensions]]\nname = "a"\nweight = 0.5\n'
                   '[[dimensions.criteria]]\ntechnology = "HubSpot"\npoints = 1\n')  # fmt: skip
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("domain\nacme.test\n")
    result = CliRunner().invoke(cli, ["enrich", str(accounts), "--icp", str(icp), "--replay",
                                      str(archive), "--db", str(tmp_path / "i.db")])  # fmt: skip
    assert result.exit_code == 1
    expected = "bad.toml: (top level): dimension weights must sum to 1.0, they sum to 0.5"
    assert expected in result.output
    assert "Traceback" not in result.output


def test_enrich_summary_counts_retried_requests(capsys):
    from agent.batch import BatchSummary
    from agent.commands.enrich import report_summary

    summary = BatchSummary(run_id=1, requests=12, retries=2)
    summary.counts["ok"] = 1
    report_summary(summary, None, Path("icp.db"))
    assert "12 HTTP requests, 0 from the HTTP cache, 2 retried; run #1" in capsys.readouterr().err
    report_summary(BatchSummary(run_id=2, requests=3), None, Path("icp.db"))
    assert "retried" not in capsys.readouterr().err
