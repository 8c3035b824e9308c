import csv
import io
import json

import pytest
from click.testing import CliRunner

from agent.cli import cli
from agent.exports import crm_columns, crm_row
from agent.models import AccountResult
from store.db import Store


def field(value, url="https://acme.com/about", quote="q"):
    return {"value": value, "evidence": [{"url": url, "quote": quote}], "confidence": 0.9,
            "method": "rule"}  # fmt: skip


RECORD = {
    "domain": "acme.com",
    "input": {"domain": "acme.com", "name": "ACME Corp (CRM name)", "Industry": "",
              "web_visits_30d": "40"},  # fmt: skip
    "status": "ok",
    "error": None,
    "firmographics": {
        "company_name": field("Acme"), "industry": field("Software"),
        "employee_count": field(180), "hq_city": field("Austin"), "hq_country": field("US"),
        "founded_year": field(2016, url="https://acme.com/"),
    },  # fmt: skip
    "technographics": [{"name": "HubSpot", "category": "Marketing automation",
                        "evidence": [{"url": "https://acme.com/", "quote": "hs-scripts"}],
                        "method": "fingerprint"}],  # fmt: skip
    "hiring": {"ats": "greenhouse", "open_roles": 5,
               "by_function": {"sales_development": 2, "account_executive": 1, "engineering": 2,
                               "marketing": 0, "customer_success": 0, "other": 0},
               "postings": []},  # fmt: skip
    "specialized": {},
    "needs": None,
    "score": {"icp": "Mid", "total": 72.5, "tier": "Strong Fit", "route": "ae",
              "dimensions": {"f": {"weight": 1.0, "score": 72.5,
                                   "reasons": ["met: uses HubSpot (+30)", "not met: x (0/10)"]}}},
}  # fmt: skip


@pytest.mark.parametrize(
    ("crm", "expected"),
    [
        ("hubspot", {
            "Company name": "ACME Corp (CRM name)", "Company Domain Name": "acme.com",
            "Industry": "Software", "Number of Employees": 180, "City": "Austin",
            "Country/Region": "US", "Year Founded": 2016, "icp_score": 72.5,
            "icp_tier": "Strong Fit", "icp_route": "ae", "icp_reasons": "uses HubSpot (+30)",
            "icp_evidence_urls": "https://acme.com/about https://acme.com/",
            "icp_technologies": "HubSpot", "icp_open_roles": 5, "icp_sdr_roles": 2,
            "icp_override_reason": "",
        }),
        ("salesforce", {
            "Name": "ACME Corp (CRM name)", "Website": "acme.com", "Industry": "Software",
            "NumberOfEmployees": 180, "BillingCity": "Austin", "BillingCountry": "US",
            "YearStarted": 2016, "ICP_Score__c": 72.5, "ICP_Tier__c": "Strong Fit",
            "ICP_Route__c": "ae", "ICP_Reasons__c": "uses HubSpot (+30)",
            "ICP_Evidence_Urls__c": "https://acme.com/about https://acme.com/",
            "ICP_Technologies__c": "HubSpot", "ICP_Open_Roles__c": 5, "ICP_Sdr_Roles__c": 2,
            "ICP_Override_Reason__c": "",
        }),
    ],
)  # fmt: skip
def test_crm_row_maps_columns_and_keeps_user_values(crm, expected):
    assert crm_row(RECORD, crm) == expected
    assert crm_columns(crm) == list(expected)


@pytest.fixture
def stored_db(tmp_path):
    db = tmp_path / "icp.db"
    store = Store(db)
    result = AccountResult.model_validate(RECORD)
    store.save_account(result, [])
    store.close()
    return db


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "hubspot", "salesforce"])
def test_export_command_formats(stored_db, fmt):
    result = CliRunner().invoke(cli, ["export", "--format", fmt, "--db", str(stored_db)])
    assert result.exit_code == 0, result.output
    if fmt == "jsonl":
        record = json.loads(result.output)
        assert record["score"]["total"] == 72.5
        assert record["firmographics"]["employee_count"]["value"] == 180
        return
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 1
    if fmt == "csv":
        assert (rows[0]["domain"], rows[0]["score"], rows[0]["tier"]) == ("acme.com", "72.5",
                                                                         "Strong Fit")  # fmt: skip
        assert rows[0]["input.web_visits_30d"] == "40"
    else:
        assert list(rows[0]) == crm_columns(fmt)


def test_export_shows_override_with_reason(stored_db):
    runner = CliRunner()
    added = runner.invoke(cli, ["override", "acme.com", "--tier", "perfect", "--reason",
                                "Champion moved here", "--db", str(stored_db)])  # fmt: skip
    assert added.exit_code == 0, added.output
    result = runner.invoke(cli, ["export", "--format", "hubspot", "--db", str(stored_db)])
    row = next(csv.DictReader(io.StringIO(result.output)))
    assert (row["icp_tier"], row["icp_override_reason"]) == ("Perfect Fit", "Champion moved here")
