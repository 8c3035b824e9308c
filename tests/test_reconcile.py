"""The LLM as a full reader beside the rules, the deterministic reconciler, and eval's modes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from test_research import (
    ABOUT,
    GROUNDED_ANSWERS,
    HOME,
    acme_state,
    fact,
    page,
    researcher,
    run,
    user_message,
)

from agent.commands.eval import eval_command
from agent.evaluation.modes import mode_figures, mode_result
from agent.llm.reconcile import reconcile_field, same_value
from agent.models import AccountResult, Evidence, Field, Firmographics
from tests.llm_server import LLMTestServer, Reply


@pytest.fixture
def llm_server():
    with LLMTestServer() as server:
        yield server


def rule(value, quote, url=ABOUT, confidence=0.8):
    return Field(value=value, evidence=[Evidence(url=url, quote=quote)], confidence=confidence,
                 method="rule")  # fmt: skip


def llm(value, quote, url=ABOUT, confidence=0.7):
    return Field(value=value, evidence=[Evidence(url=url, quote=quote)], confidence=confidence,
                 method="llm")  # fmt: skip


@pytest.mark.parametrize(
    ("rules", "proposal", "outcome", "kept_value", "confidence"),
    [
        (rule(2015, "founded in 2015"), llm(2015, "Since 2015"), "agree", 2015, 0.94),
        (rule(2015, "founded in 2015"), llm(2023, "In 2023 we raised"), "conflict", 2015, 0.56),
        (rule(2015, "founded in 2015"), None, "rules", 2015, 0.8),
        (None, llm("Berlin", "headquartered in Berlin"), "llm", "Berlin", 0.7),
        (None, None, "none", None, 0.0),
        (Field(), llm("Berlin", "in Berlin"), "llm", "Berlin", 0.7),
    ],
)
def test_reconcile_field_policy(rules, proposal, outcome, kept_value, confidence):
    kept, entry = reconcile_field("firmographics.x", rules, proposal)
    assert (entry.outcome, kept.value, kept.confidence) == (outcome, kept_value, confidence)
    assert entry.rules == (rules if rules is not None and rules.known else None)
    assert entry.llm == proposal


def test_reconcile_agreement_pools_both_quotes_and_a_conflict_keeps_both():
    kept, _ = reconcile_field("f", rule("Berlin", "HQ: Berlin"), llm("berlin ", "based in Berlin"))
    assert [e.quote for e in kept.evidence] == ["HQ: Berlin", "based in Berlin"]
    kept, entry = reconcile_field("f", rule(240, "240 people"), llm(900, "900 customers"))
    assert kept.evidence == rule(240, "240 people").evidence
    assert (entry.rules.evidence[0].quote, entry.llm.evidence[0].quote) == (
        "240 people", "900 customers")


def test_same_value_normalizes_text_and_numbers():
    assert same_value("San  Francisco", "san francisco")
    assert same_value(240, 240.0)
    assert not same_value(240, 241)


FOUNDED = "Acme Ledger was founded in 2015 and is headquartered in Berlin, Germany."
TEAM = "Our team of 240 people serves 900 customers."
RAISED = "In 2023 we raised a $45M Series B led by Example Ventures."


CAREERS = "https://acme.example/careers"
BENEFIT = "Since 2019, every employee has received a yearly learning budget."


def test_full_reader_reconciles_agreement_conflict_and_a_grounded_but_wrong_value(llm_server):
    rules = Firmographics(
        founded_year=rule(2015, FOUNDED),
        employee_count=rule(240, TEAM),
        company_name=Field(value="Acme Ledger", evidence=[Evidence(url=HOME, quote="Acme Ledger")],
                           confidence=0.9, method="json-ld"),
    )  # fmt: skip
    reply = {"facts": [
        # grounded (each quote is on its page and holds the number) but wrong: a benefits
        # sentence is no founding year, and 900 are the customers, not the employees
        fact("founded_year", 2019, CAREERS, BENEFIT),
        fact("employee_count", 900, ABOUT, TEAM),
        fact("hq_city", "Berlin", ABOUT, FOUNDED),
        fact("company_name", "Acme Ledger", HOME, "Acme Ledger"),
    ], "technologies": []}  # fmt: skip
    llm_server.add(Reply.json(reply), Reply.json(GROUNDED_ANSWERS))
    careers = page(CAREERS, f"Careers\n{BENEFIT}", "careers")
    update = run(researcher(llm_server), acme_state([careers], firmographics=rules))
    asked = user_message(llm_server.requests[0])
    assert "Fields to fill: company_name, industry, employee_count" in asked  # known ones too
    firmographics = update["firmographics"]
    # the rules win both conflicts, with a lower confidence; the LLM's values are recorded
    assert (firmographics.founded_year.value, firmographics.founded_year.confidence) == (2015, 0.56)
    assert (firmographics.employee_count.value, firmographics.employee_count.confidence) == (
        240, 0.56)
    assert firmographics.company_name.value == "Acme Ledger"
    assert firmographics.company_name.confidence > 0.9  # agreement raises it
    assert firmographics.hq_city.value == "Berlin" and firmographics.hq_city.method == "llm"
    entries = {e.field: e for e in update["reconciliation"]}
    conflict = entries["firmographics.founded_year"]
    assert (conflict.outcome, conflict.kept) == ("conflict", "rules")
    assert (conflict.rules.evidence[0].quote, conflict.llm.evidence[0].quote) == (FOUNDED, BENEFIT)
    assert conflict.llm.value == 2019
    assert entries["firmographics.employee_count"].llm.value == 900
    assert entries["firmographics.company_name"].outcome == "agree"
    assert entries["firmographics.hq_city"].outcome == "llm"
    assert entries["firmographics.total_funding_usd"].outcome == "none"
    assert len(entries) == len(Firmographics.model_fields)
    drops = {d["target"]: d for d in update["llm_drops"]}
    assert drops["firmographics.founded_year"]["quote"] == BENEFIT
    assert "2015, which is kept" in drops["firmographics.founded_year"]["reason"]


def _result(firmographics, reconciliation):
    return AccountResult(domain="acme.example", firmographics=firmographics,
                         reconciliation=reconciliation).contract_dict()  # fmt: skip


def test_modes_give_rules_only_llm_only_and_combined_figures():
    founded, founded_entry = reconcile_field("firmographics.founded_year", rule(2015, FOUNDED),
                                             llm(2023, RAISED))  # fmt: skip
    city, city_entry = reconcile_field("firmographics.hq_city", None, llm("Berlin", FOUNDED))
    stage, stage_entry = reconcile_field("firmographics.funding_stage", None,
                                         llm("series-b", RAISED))  # fmt: skip
    result = _result(Firmographics(founded_year=founded, hq_city=city, funding_stage=stage),
                     [founded_entry, city_entry, stage_entry])
    label = {"domain": "acme.example", "firmographics": {
        "founded_year": 2015, "hq_city": "Berlin", "funding_stage": None}}  # fmt: skip
    assert mode_result(result, "rules")["firmographics"]["hq_city"] is None
    assert mode_result(result, "llm")["firmographics"]["founded_year"]["value"] == 2023
    figures = mode_figures([result], [label])
    assert {mode: (f["field_accuracy"], f["hallucinations"]) for mode, f in figures.items()} == {
        "rules": (0.5, 0), "llm": (0.5, 1), "combined": (1.0, 1),
    }


def test_no_llm_results_carry_no_reconciliation():
    assert "reconciliation" not in AccountResult(domain="a.com").contract_dict()


def test_icp_eval_reports_the_three_modes(tmp_path):
    founded, entry = reconcile_field("firmographics.founded_year", rule(2015, FOUNDED),
                                     llm(2023, RAISED))  # fmt: skip
    results = tmp_path / "results.jsonl"
    results.write_text(json.dumps(_result(Firmographics(founded_year=founded), [entry])) + "\n")
    labels = tmp_path / "labels.jsonl"
    labels.write_text(json.dumps({"domain": "acme.example",
                                  "firmographics": {"founded_year": 2015}}) + "\n")  # fmt: skip
    from agent.commands.eval import read_jsonl  # noqa: F401 - the command reads both files

    archive = tmp_path / "empty.warc.gz"
    from tools.web.archive import WarcRecorder

    WarcRecorder(archive).close()
    out = tmp_path / "eval.json"
    outcome = CliRunner().invoke(eval_command, [str(labels), "--replay", str(archive),
                                                "--results", str(results), "--json", str(out)],
                                 terminal_width=160)  # fmt: skip
    assert outcome.exit_code == 0, outcome.output
    assert "rules only" in outcome.output and "LLM only" in outcome.output
    modes = json.loads(out.read_text())["report"]["modes"]
    assert modes["rules"]["field_accuracy"] == 1.0 and modes["llm"]["field_accuracy"] == 0.0
