"""End to end on the bundled sample: enrich from the WARC, re-score, demo."""

import csv
import json
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from agent.cli import cli
from agent.commands.demo import sample_path
from agent.evaluation.archive import ArchiveIndex
from tools.evidence import quote_occurs
from tools.web.archive import WarcArchive

CONTRACT_KEYS = {"domain", "input", "status", "error", "firmographics", "technographics",
                 "hiring", "specialized", "needs", "score"}  # fmt: skip
FIRMOGRAPHICS = {
    "company_name", "industry", "employee_count", "hq_city", "hq_country", "founded_year",
    "funding_stage", "total_funding_usd", "business_model",
}  # fmt: skip


@pytest.fixture(scope="module")
def sample_archive():
    return ArchiveIndex(WarcArchive.load(sample_path("sample.warc.gz")))


@pytest.fixture(scope="module")
def enriched(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("enrich")
    out, db = tmp / "r.jsonl", tmp / "icp.db"
    result = CliRunner().invoke(cli, [
        "enrich", str(sample_path("accounts.csv")), "--icp", str(sample_path("icp.toml")),
        "--replay", str(sample_path("sample.warc.gz")), "--out", str(out), "--db", str(db),
        "--notes", str(sample_path("notes")), "--quiet",
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    return records, db


def archived_texts(archive: ArchiveIndex, url: str):
    """Return the visible text, raw body and header lines archived for `url` (None: none)."""
    return archive.texts(url)


def test_enrich_writes_one_contract_line_per_row_in_order(enriched):
    records, _ = enriched
    with open(sample_path("accounts.csv"), encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(records) == len(rows)
    for row, record in zip(rows, records, strict=True):
        assert set(record) >= CONTRACT_KEYS
        assert record["input"] == row
        assert set(record["firmographics"]) == FIRMOGRAPHICS
        assert record["score"]["tier"] in ("Perfect Fit", "Strong Fit", "Moderate Fit", "Weak Fit")
        assert 0 <= record["score"]["total"] <= 100
        assert record["status"] in ("ok", "error")


def test_enrich_every_value_has_evidence_found_in_the_archive(enriched, sample_archive):
    records, _ = enriched
    checked = 0
    for record in records:
        fields = list(record["firmographics"].values()) + list(record["specialized"].values())
        for field in fields:
            if field["value"] is None:
                assert field["evidence"] == []
                continue
            assert field["evidence"], field
            for evidence in field["evidence"]:
                texts = archived_texts(sample_archive, evidence["url"])
                assert texts is not None, evidence["url"]
                assert quote_occurs(evidence["quote"], *texts), evidence
                checked += 1
        for person in record["buying_committee"]:
            assert person["persona"] in ("economic_buyer", "champion", "technical_evaluator",
                                         "user")  # fmt: skip
            for evidence in person["evidence"]:
                texts = archived_texts(sample_archive, evidence["url"])
                assert texts is not None and quote_occurs(evidence["quote"], *texts), evidence
                assert quote_occurs(person["name"], evidence["quote"])
                checked += 1
        for tech in record["technographics"]:
            assert tech["evidence"]
            for evidence in tech["evidence"]:
                texts = archived_texts(sample_archive, evidence["url"])
                assert texts is not None and quote_occurs(evidence["quote"], *texts), evidence
                checked += 1
    assert checked >= 50


def test_enrich_sample_finds_real_research(enriched):
    records, _ = enriched
    known = sum(f["value"] is not None for r in records for f in r["firmographics"].values())
    assert known >= 4 * len(records)
    assert {r["hiring"]["ats"] for r in records} >= {"greenhouse", "lever", "ashby", "workable",
                                                     "smartrecruiters", "jsonld"}  # fmt: skip
    assert sum(bool(r["technographics"]) for r in records) >= len(records) // 2
    assert len({r["score"]["tier"] for r in records}) >= 3
    assert sum(bool(r["buying_committee"]) for r in records) >= len(records) // 2
    hiring = [r["hiring"] for r in records if r["hiring"]["open_roles"]]
    assert all(sum(h["by_function"].values()) == h["open_roles"] for h in hiring)
    assert any(h["opened_last_90_days"] for h in hiring)
    assert any(h["locations"] for h in hiring)


def test_enrich_unarchived_domain_completes_with_error_status(enriched):
    records, _ = enriched
    failed = [r for r in records if r["status"] == "error"]
    assert failed
    for record in failed:
        assert "not available" in record["error"] or "invalid" in record["error"]
        assert all(f["value"] is None for f in record["firmographics"].values())
        assert record["score"] is not None


def test_score_after_weight_edit_changes_scores_without_http(enriched, tmp_path, monkeypatch):
    records, db = enriched
    icp_text = sample_path("icp.toml").read_text(encoding="utf-8")
    weights = {}
    # swap the weights of the first two dimensions
    import tomllib

    spec = tomllib.loads(icp_text)
    first, second = spec["dimensions"][0], spec["dimensions"][1]
    weights[first["name"]], weights[second["name"]] = second["weight"], first["weight"]
    edited = icp_text.replace(f"weight = {first['weight']}", "weight = __A__", 1)
    edited = edited.replace(f"weight = {second['weight']}", f"weight = {first['weight']}", 1)
    edited = edited.replace("weight = __A__", f"weight = {second['weight']}", 1)
    icp_file = tmp_path / "icp.toml"
    icp_file.write_text(edited, encoding="utf-8")

    def no_http(*args, **kwargs):
        raise AssertionError("icp score must not make HTTP requests")

    monkeypatch.setattr(httpx.AsyncClient, "send", no_http)
    monkeypatch.setattr(httpx.Client, "send", no_http)
    out = tmp_path / "rescored.jsonl"
    result = CliRunner().invoke(cli, ["score", "--icp", str(icp_file), "--db", str(db),
                                      "--out", str(out), "--no-table"])  # fmt: skip
    assert result.exit_code == 0, result.output
    rescored = {
        json.loads(line)["domain"]: json.loads(line) for line in out.read_text().splitlines()
    }
    before = {r["domain"]: r["score"] for r in records}
    changed = [d for d in rescored if rescored[d]["score"]["total"] != before[d]["total"]]
    assert changed
    for record in rescored.values():
        dims = record["score"]["dimensions"]
        assert dims[first["name"]]["weight"] == second["weight"]
        expected = sum(d["weight"] * d["score"] for d in dims.values())
        assert record["score"]["total"] == pytest.approx(expected, abs=0.01)


def test_demo_prints_ranked_table_and_writes_outputs(tmp_path):
    result = CliRunner().invoke(cli, ["demo", "--out-dir", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output
    assert "ICP fit" in result.output
    for name in ("icp.db", "results.jsonl", "results.csv"):
        assert (tmp_path / "demo" / name).exists()
    lines = (tmp_path / "demo" / "results.jsonl").read_text().splitlines()
    with open(tmp_path / "demo" / "results.csv", encoding="utf-8") as stream:
        assert len(list(csv.DictReader(stream))) == len(lines)


def test_sample_warc_is_built_from_the_sources(tmp_path):
    from tools.web.archive import build_archive

    rebuilt = tmp_path / "sample.warc.gz"
    build_archive(sample_path("manifest.toml"), rebuilt)
    assert rebuilt.read_bytes() == Path(sample_path("sample.warc.gz")).read_bytes()
