"""The store, table by table: whole rows after each write, and clean errors for unusable files."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import store.accounts
import store.runs
import store.scores
from agent.cli import cli
from agent.errors import StoreError
from agent.models import (
    AccountResult,
    DimensionScore,
    Evidence,
    Field,
    Hiring,
    PageRecord,
    Person,
    Posting,
    Score,
    Technology,
)
from store.db import Store

NOW = "2026-12-01T10:00:00+00:00"
FIXTURE = Path(__file__).parent / "fixtures" / "icp-0.1.0.db"
EVIDENCE = [Evidence(url="https://acme.test/about", quote="Founded in 2014")]


@pytest.fixture
def db(tmp_path, monkeypatch):
    for module in (store.accounts, store.scores, store.runs):
        monkeypatch.setattr(module, "now_iso", lambda: NOW)
    opened = Store(tmp_path / "icp.db")
    yield opened
    opened.close()


def rows(path, table):
    with sqlite3.connect(path) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(r) for r in connection.execute(f"SELECT * FROM [{table}] ORDER BY rowid")]


def score(icp="Mid-market", total=72.5, tier="Strong Fit", route="sdr"):
    dims = {"fit": DimensionScore(weight=1.0, score=total, reasons=["met: x (+1)"])}
    return Score(icp=icp, total=total, tier=tier, route=route, dimensions=dims)


def acme(**changes):
    result = AccountResult(
        domain="acme.test",
        input={"domain": "acme.test", "name": "Acme"},
        technographics=[Technology(name="HubSpot", category="Marketing automation",
                                   evidence=EVIDENCE)],
        hiring=Hiring(ats="greenhouse", board_url="https://boards.test/acme", status="ok",
                      open_roles=1, by_function={"engineering": 1},
                      postings=[Posting(title="Engineer", function="engineering")]),
        buying_committee=[Person(name="Ann Lee", title="VP Sales", persona="economic_buyer",
                                 evidence=EVIDENCE)],
        specialized={"attends_saastr": Field(value=True, evidence=EVIDENCE, confidence=0.8,
                                             method="llm")},
        score=score(),
    )  # fmt: skip
    result.firmographics.founded_year = Field(value=2014, evidence=EVIDENCE, confidence=0.9,
                                              method="rule")  # fmt: skip
    return result.model_copy(update=changes)


def test_save_account_writes_every_table(db):
    page = PageRecord(url="https://acme.test/", final_url="https://acme.test/", kind="home",
                      status=200, content_type="text/html", text="Acme", source="<p>Acme</p>",
                      fetched_at=NOW, content_hash="h1")  # fmt: skip
    older = Field(value=2015, evidence=EVIDENCE, method="rule")
    alternative = ("firmographics.founded_year", older)
    db.save_account(acme(), [page], run_id=7, alternatives=[alternative],
                    extra_scores=[score(icp="Enterprise", total=40.0, tier="Weak Fit",
                                        route="nurture")])  # fmt: skip
    evidence = json.dumps([{"quote": "Founded in 2014", "url": "https://acme.test/about"}])
    record = acme().contract_dict()
    for key in ("score", "best_icp", "scores"):
        record.pop(key, None)
    assert rows(db.path, "accounts") == [{
        "domain": "acme.test", "name": "Acme", "input": '{"domain": "acme.test", "name": "Acme"}',
        "status": "ok", "error": None, "record": json.dumps(record),
        "notes": "[]", "researched_at": NOW, "run_id": 7, "failures": 0,
    }]  # fmt: skip
    assert rows(db.path, "pages") == [{
        "domain": "acme.test", "url": "https://acme.test/", "final_url": "https://acme.test/",
        "kind": "home", "status": 200, "content_type": "text/html", "error": None,
        "fetched_at": NOW, "content_hash": "h1", "text": "Acme",
    }]  # fmt: skip
    assert rows(db.path, "fields") == [
        {"domain": "acme.test", "path": "firmographics.founded_year", "value": "2014",
         "confidence": 0.9, "method": "rule", "evidence": evidence, "seen_at": NOW},
        {"domain": "acme.test", "path": "specialized.attends_saastr", "value": "true",
         "confidence": 0.8, "method": "llm", "evidence": evidence, "seen_at": NOW},
    ]  # fmt: skip
    assert rows(db.path, "field_alternatives") == [
        {"domain": "acme.test", "path": "firmographics.founded_year", "value": "2015",
         "method": "rule", "evidence": evidence, "seen_at": NOW},
    ]  # fmt: skip
    assert rows(db.path, "technologies") == [
        {"domain": "acme.test", "name": "HubSpot", "category": "Marketing automation",
         "method": "fingerprint", "evidence": evidence, "seen_at": NOW},
    ]  # fmt: skip
    assert rows(db.path, "people") == [
        {"domain": "acme.test", "name": "Ann Lee", "title": "VP Sales",
         "persona": "economic_buyer", "evidence": evidence, "seen_at": NOW},
    ]  # fmt: skip
    assert rows(db.path, "hiring") == [
        {"domain": "acme.test", "ats": "greenhouse", "board_url": "https://boards.test/acme",
         "status": "ok", "open_roles": 1, "by_function": '{"engineering": 1}', "seen_at": NOW},
    ]  # fmt: skip
    assert rows(db.path, "postings") == [
        {"domain": "acme.test", "position": 0, "title": "Engineer", "function": "engineering",
         "seniority": None, "department": None, "location": None, "country": None,
         "remote": None, "employment_type": None, "url": None, "posted_at": None, "text": "",
         "seen_at": NOW},
    ]  # fmt: skip
    dims = '{"fit": {"reasons": ["met: x (+1)"], "score": 72.5, "weight": 1.0}}'
    assert rows(db.path, "scores") == [
        {"domain": "acme.test", "icp": "Mid-market", "total": 72.5, "tier": "Strong Fit",
         "route": "sdr", "dimensions": dims, "scored_at": NOW},
        {"domain": "acme.test", "icp": "Enterprise", "total": 40.0, "tier": "Weak Fit",
         "route": "nurture",
         "dimensions": '{"fit": {"reasons": ["met: x (+1)"], "score": 40.0, "weight": 1.0}}',
         "scored_at": NOW},
    ]  # fmt: skip


def test_saving_again_replaces_the_account_facts(db):
    pages = [PageRecord(url="https://acme.test/a"), PageRecord(url="https://acme.test/b")]
    db.save_account(acme(), pages)
    fewer = acme(technographics=[], buying_committee=[], hiring=Hiring(status="not_found"))
    db.save_account(fewer, [PageRecord(url="https://acme.test/a")])
    assert [r["url"] for r in rows(db.path, "pages")] == ["https://acme.test/a"]
    assert rows(db.path, "technologies") == rows(db.path, "people") == []
    assert rows(db.path, "postings") == []
    assert len(rows(db.path, "accounts")) == 1


def test_account_reads(db):
    assert db.has_account("acme.test") is False
    assert db.load_record("acme.test") is db.researched_at("acme.test") is None
    db.save_account(acme(), [PageRecord(url="https://acme.test/", text="Acme")])
    assert db.has_account("acme.test") is True
    assert db.count_accounts() == 1
    assert db.load_record("acme.test")["firmographics"]["founded_year"]["value"] == 2014
    assert db.researched_at("acme.test") == NOW
    assert db.research_dates() == [("acme.test", NOW)]
    assert [p["text"] for p in db.load_pages("acme.test")] == ["Acme"]


def test_iter_records_pages_through_every_account_in_domain_order(db):
    for name in ("e", "c", "a", "d", "b"):
        db.save_account(AccountResult(domain=f"{name}.test"), [])
    assert [r["domain"] for r in db.iter_records(page_size=2)] == [
        "a.test", "b.test", "c.test", "d.test", "e.test"]  # fmt: skip


def test_scores(db, monkeypatch):
    db.save_account(acme(score=None), [])
    db.save_account(AccountResult(domain="beta.test"), [])
    db.save_scores([
        ("acme.test", score()),
        ("acme.test", score("Enterprise", 81.0, "Perfect Fit", "ae")),
        ("beta.test", score("Enterprise", 10.0, "Weak Fit", "disqualify")),
    ])  # fmt: skip
    later = "2026-12-02T10:00:00+00:00"
    monkeypatch.setattr(store.scores, "now_iso", lambda: later)
    db.save_scores([("acme.test", score(total=60.0))])  # replaces, never duplicates
    assert db.icp_names() == ["Enterprise", "Mid-market"]
    assert db.icp_names("beta.test") == ["Enterprise"]
    assert db.scores_for("acme.test") == [
        {"domain": "acme.test", "icp": "Enterprise", "total": 81.0, "tier": "Perfect Fit",
         "route": "ae", "scored_at": NOW,
         "dimensions": {"fit": {"weight": 1.0, "score": 81.0, "reasons": ["met: x (+1)"]}}},
        {"domain": "acme.test", "icp": "Mid-market", "total": 60.0, "tier": "Strong Fit",
         "route": "sdr", "scored_at": later,
         "dimensions": {"fit": {"weight": 1.0, "score": 60.0, "reasons": ["met: x (+1)"]}}},
    ]  # fmt: skip
    assert db.scores_of_icp("Enterprise") == {
        "acme.test": score("Enterprise", 81.0, "Perfect Fit", "ae"),
        "beta.test": score("Enterprise", 10.0, "Weak Fit", "disqualify"),
    }
    assert db.latest_tiers() == {"acme.test": "Strong Fit", "beta.test": "Weak Fit"}
    scored = {r["domain"]: r["score"] for r in db.iter_scored_records()}
    assert scored["acme.test"] == score("Enterprise", 81.0, "Perfect Fit", "ae").model_dump(
        exclude={"override"})
    assert db.best_score("acme.test", "Mid-market")["total"] == 60.0
    assert db.best_score("nobody.test") is None


def test_runs(db):
    first = db.start_run("enrich", {"max_pages": "12"})
    second = db.start_run("enrich", {})
    db.finish_run(first, {"ok": 2}, {"calls": 3, "cache_hits": 1, "prompt_tokens": 900,
                                     "completion_tokens": 80, "cost_usd": 0.0002})  # fmt: skip
    assert db.runs() == [
        {"id": second, "command": "enrich", "args": "{}", "started_at": NOW, "finished_at": None,
         "counts": None, "llm_calls": None, "prompt_tokens": None, "completion_tokens": None,
         "cost_usd": None, "llm_cache_hits": None},
        {"id": first, "command": "enrich", "args": '{"max_pages": "12"}', "started_at": NOW,
         "finished_at": NOW, "counts": '{"ok": 2}', "llm_calls": 3, "prompt_tokens": 900,
         "completion_tokens": 80, "cost_usd": 0.0002, "llm_cache_hits": 1},
    ]  # fmt: skip
    assert [run["id"] for run in db.runs(limit=1)] == [second]


def test_overrides(db):
    base = {"domain": "acme.test", "icp": "Mid-market", "tier": "Perfect Fit", "score": None,
            "reason": "LOI", "undone_at": None}  # fmt: skip
    first = db.add_override(base | {"created_at": "2026-12-01T09:00:00+00:00"})
    second = db.add_override(base | {"created_at": "2026-12-01T09:30:00+00:00", "score": 90.0})
    db.mark_override_undone(first, NOW)
    assert db.overrides() == [base | {"id": second, "created_at": "2026-12-01T09:30:00+00:00",
                                      "score": 90.0}]  # fmt: skip
    assert [o["id"] for o in db.overrides(include_undone=True)] == [second, first]
    assert db.overrides(include_undone=True, domain="other.test") == []
    assert db.overrides(include_undone=True)[1]["undone_at"] == NOW


def test_the_database_object_is_not_public(db):
    assert not hasattr(db, "db")


def test_data_version_changes_when_another_connection_commits(db):
    before = db.data_version()
    other = Store(db.path)
    other.start_run("enrich", {})
    other.close()
    assert db.data_version() != before


@pytest.mark.parametrize(
    "content", [b"this is not a database" * 100, b"SQLite format 3\x00" + b"\xff" * 200]
)
def test_corrupt_database_is_a_store_error(tmp_path, content):
    path = tmp_path / "icp.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match=f"^{path}: cannot open the database: "):
        Store(path)


def test_cli_corrupt_database_is_one_line(tmp_path):
    path = tmp_path / "icp.db"
    path.write_bytes(b"this is not a database" * 100)
    result = CliRunner().invoke(cli, ["runs", "--db", str(path)])
    assert (result.exit_code, result.output) == (
        1, f"Error: {path}: cannot open the database: file is not a database\n")


def test_cli_db_in_a_missing_folder_is_one_line(tmp_path):
    accounts = tmp_path / "a.csv"
    accounts.write_text("domain\nacme.test\n")
    path = tmp_path / "nowhere" / "icp.db"
    result = CliRunner().invoke(cli, ["enrich", str(accounts), "--db", str(path), "--no-llm"])
    assert (result.exit_code, result.output) == (
        1, f"Error: {path}: cannot create the database: {path.parent} is not a folder\n")


def test_cli_out_below_a_regular_file_is_one_line_and_records_no_run(tmp_path):
    accounts = tmp_path / "a.csv"
    accounts.write_text("domain\nacme.test\n")
    (tmp_path / "file.txt").write_text("x")
    out = tmp_path / "file.txt" / "results.jsonl"
    db = tmp_path / "icp.db"
    result = CliRunner().invoke(cli, ["enrich", str(accounts), "--db", str(db), "--out", str(out),
                                      "--no-llm"])  # fmt: skip
    assert (result.exit_code, result.output) == (
        1, f"Error: {out}: cannot write the results: {out.parent} is not a folder\n")
    assert rows(db, "runs") == []


def test_cli_read_only_database_is_one_line(tmp_path):
    """Run as an unprivileged user when we are root (root may write to any file)."""
    folder = tmp_path / "shared"
    folder.mkdir()
    shutil.copy(FIXTURE, folder / "icp.db")
    (folder / "a.csv").write_text("domain\nacme.test\n")
    os.chmod(folder / "icp.db", 0o444)
    command = [sys.executable, "-m", "agent", "enrich", "a.csv", "--db", "icp.db", "--no-llm"]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("root without setpriv: cannot drop privileges to test a read-only file")
        for path in (tmp_path, folder):
            os.chmod(path, 0o755)
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    env = {k: v for k, v in os.environ.items() if k != "ICP_DB"}
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, env=env, timeout=120)
    assert (done.returncode, done.stderr) == (
        1, "Error: icp.db: the database is read-only (icp needs to write to it)\n")
