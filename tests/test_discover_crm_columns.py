"""`icp discover` on a CRM export's own columns, with no research at all."""

import json
import random
import tomllib

from click.testing import CliRunner

from agent.analytics.attributes import candidate_families
from agent.analytics.discover import discover
from agent.cli import cli

INDUSTRIES = ["Financial Services", "Computer Software", "Retail", "Hospital & Health Care",
              "Construction", "Insurance"]  # fmt: skip
COUNTRIES = ["United States", "Germany", "France", "United Kingdom"]


def planted_export(path, count=400, seed=11):
    """HubSpot-style deals export: wins concentrate in Financial Services with 100–500 staff."""
    rng = random.Random(seed)
    lines = ["Record ID,Company name,Company Domain Name,Industry,Number of Employees,"
             "Country/Region,Type,Deal Stage,Amount,Close Date"]  # fmt: skip
    for i in range(count):
        planted = rng.random() < 0.3
        if planted:
            industry, employees = "Financial Services", rng.randint(100, 500)
        else:
            industry = rng.choice(INDUSTRIES[1:])
            employees = rng.choice([rng.randint(5, 90), rng.randint(600, 5000)])
        won = rng.random() < (0.8 if planted else 0.25)
        amount = rng.randint(40_000, 90_000) if planted else rng.randint(2_000, 20_000)
        stage = "Closed won" if won else "Closed lost"
        lines.append(
            f"{7000 + i},Company {i},company{i}.com,{industry},{employees},"
            f"{rng.choice(COUNTRIES)},{rng.choice(['Prospect', 'Partner'])},{stage},"
            f"{amount if won else ''},{rng.randint(1, 12)}/{rng.randint(1, 28)}/2024"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_discover_on_a_crm_export_without_research_ranks_the_planted_pattern_first(tmp_path):
    export = planted_export(tmp_path / "hubspot-deals.csv")
    draft = tmp_path / "draft.toml"
    result = CliRunner().invoke(
        cli, ["discover", str(export), "--db", str(tmp_path / "empty.db"), "--json",
              "--out", str(draft)],  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    top = {key for finding in data["findings"][:2] for key in finding["keys"]}
    assert "firmographics.industry=financial services" in top
    assert any(key.startswith("firmographics.employee_count:") for key in top)
    icp = tomllib.loads(draft.read_text())
    fields = [c.get("field") for d in icp["dimensions"] for c in d["criteria"]]
    assert "firmographics.industry" in fields and "firmographics.employee_count" in fields
    assert {d["name"] for d in icp["dimensions"]} <= {
        "firmographics", "technographics", "behavioural", "needs", "growth"}


def test_discover_keeps_the_outcome_columns_out_of_the_attributes(tmp_path):
    export = planted_export(tmp_path / "deals.csv")
    result = CliRunner().invoke(
        cli, ["discover", str(export), "--db", str(tmp_path / "empty.db"), "--json"]
    )
    keys = {k for f in json.loads(result.stdout)["findings"] for k in f["keys"]}
    assert not [k for k in keys if "Amount" in k or "Deal Stage" in k or "Record ID" in k]


def test_markup_and_libraries_are_never_attributes():
    records = [
        {"domain": f"a{i}.com", "status": "ok",
         "technographics": [{"name": "Open Graph", "category": "Miscellaneous"},
                            {"name": "jQuery", "category": "JavaScript libraries"},
                            {"name": "Salesforce", "category": "CRM"}]}
        for i in range(10)
    ]  # fmt: skip
    keys = {a.key for family in candidate_families(records) for a in family}
    assert "technology=salesforce" in keys
    assert not {"technology=open graph", "technology=jquery"} & keys


def test_discover_judges_accounts_without_research_on_export_columns():
    from agent.analytics.crm import CrmAccount

    crm = {
        f"c{i}.com": CrmAccount(f"c{i}.com", deals_won=int(i % 2 == 0), deals_lost=int(i % 2),
                                columns={"Industry": "Insurance" if i % 2 == 0 else "Retail"})
        for i in range(40)
    }  # fmt: skip
    discovery = discover({}, crm)
    assert discovery.population == 40 and discovery.crm_only == 40
    assert discovery.findings[0].attributes[0].key == "firmographics.industry=insurance"
