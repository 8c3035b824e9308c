import csv
import io
import json

import pytest
from click.testing import CliRunner

from agent.cli import cli
from agent.crm.picklists import HUBSPOT_INDUSTRIES, SALESFORCE_INDUSTRIES
from agent.exports import crm_columns, crm_row, plain_reason
from agent.models import AccountResult
from agent.output import flatten_record
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
            "Record ID": "", "Company name": "ACME Corp (CRM name)",
            "Company Domain Name": "acme.com", "Industry": "Computer Software",
            "Number of Employees": 180, "Annual Revenue": "", "City": "Austin",
            "Country/Region": "United States", "Year Founded": 2016, "icp_name": "Mid",
            "icp_score": 72.5, "icp_tier": "Strong Fit", "icp_route": "ae",
            "icp_reasons": "Uses HubSpot",
            "icp_evidence_urls": "https://acme.com/about https://acme.com/",
            "icp_technologies": "HubSpot", "icp_open_roles": 5, "icp_sdr_roles": 2,
            "icp_industry": "Software", "icp_override_reason": "",
        }),
        ("salesforce", {
            "Account ID": "", "Account Name": "ACME Corp (CRM name)", "Website": "acme.com",
            "Industry": "Technology", "Employees": 180, "Annual Revenue": "",
            "Billing City": "Austin", "Billing Country": "United States", "Year Started": 2016,
            "ICP Domain": "acme.com", "ICP Name": "Mid", "ICP Score": 72.5,
            "ICP Tier": "Strong Fit", "ICP Route": "ae", "ICP Reasons": "Uses HubSpot",
            "ICP Evidence Urls": "https://acme.com/about https://acme.com/",
            "ICP Technologies": "HubSpot", "ICP Open Roles": 5, "ICP Sdr Roles": 2,
            "ICP Industry": "Software", "ICP Override Reason": "",
        }),
        ("salesforce-api", {
            "Id": "", "Name": "ACME Corp (CRM name)", "Website": "acme.com",
            "Industry": "Technology", "NumberOfEmployees": 180, "AnnualRevenue": "",
            "BillingCity": "Austin", "BillingCountry": "United States", "YearStarted": 2016,
            "ICP_Domain__c": "acme.com", "ICP_Name__c": "Mid", "ICP_Score__c": 72.5,
            "ICP_Tier__c": "Strong Fit", "ICP_Route__c": "ae",
            "ICP_Reasons__c": "Uses HubSpot",
            "ICP_Evidence_Urls__c": "https://acme.com/about https://acme.com/",
            "ICP_Technologies__c": "HubSpot", "ICP_Open_Roles__c": 5, "ICP_Sdr_Roles__c": 2,
            "ICP_Industry__c": "Software", "ICP_Override_Reason__c": "",
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


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "hubspot", "salesforce", "salesforce-api"])
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


def crm_record(domain, **input_columns):
    record = json.loads(json.dumps(RECORD))
    record["domain"] = domain
    record["input"] = input_columns
    return record


def test_crm_row_name_never_blank():
    record = crm_record("blank.io")
    record["firmographics"]["company_name"] = field(None)
    assert crm_row(record, "salesforce-api")["Name"] == "blank.io"


def test_crm_row_keeps_the_crm_record_id_and_maps_supplied_values():
    record = crm_record("acme.com", **{"Record ID": "5001", "Industry": "Computer Software",
                                       "Country/Region": "Germany", "Annual Revenue": "$12.5M",
                                       "Number of Employees": "1,200"})  # fmt: skip
    hubspot = crm_row(record, "hubspot")
    assert (hubspot["Record ID"], hubspot["Industry"], hubspot["Country/Region"]) == (
        "5001", "Computer Software", "Germany")
    assert (hubspot["Annual Revenue"], hubspot["Number of Employees"]) == (12_500_000, 1200)
    salesforce = crm_row(crm_record("acme.com", **{"Account ID": "0015g00000AbCdE",
                                                   "Industry": "Computer Software"}),
                         "salesforce-api")  # fmt: skip
    assert (salesforce["Id"], salesforce["Industry"]) == ("0015g00000AbCdE", "Technology")


def test_crm_row_salesforce_text_fits_its_field():
    record = crm_record("acme.com")
    reasons = [f"met: a much longer reason, number {i}, about what it does (+5)" for i in range(9)]
    record["score"]["dimensions"]["f"]["reasons"] = reasons
    record["firmographics"]["hq_city"] = field("Llanfair" + "pwll" * 20)
    row = crm_row(record, "salesforce-api")
    assert len(flatten_record(record)["top_reasons"]) > 255
    assert len(row["ICP_Reasons__c"]) <= 255 and row["ICP_Reasons__c"].endswith("…")
    assert len(row["BillingCity"]) <= 40
    assert all(len(v) <= 255 for v in row.values() if isinstance(v, str))


@pytest.mark.parametrize("crm", ["hubspot", "salesforce", "salesforce-api"])
def test_crm_industry_values_are_the_crm_picklist(crm):
    for industry in ["Software", "Financial Services", "Healthcare", "Fintech", "Legal"]:
        record = crm_record("acme.com")
        record["firmographics"]["industry"] = field(industry)
        value = crm_row(record, crm)["Industry"]
        allowed = HUBSPOT_INDUSTRIES if crm == "hubspot" else SALESFORCE_INDUSTRIES
        assert value in allowed or (crm == "hubspot" and value == ""), (industry, value)


def two_icp_db(tmp_path):
    db = tmp_path / "icp.db"
    store = Store(db)
    for name, total in (("Mid-market B2B SaaS", 70.0), ("Enterprise", 90.0)):
        record = json.loads(json.dumps(RECORD))
        record["score"] = {"icp": name, "total": total, "tier": "Strong Fit", "route": "ae",
                           "dimensions": {}}  # fmt: skip
        store.save_account(AccountResult.model_validate(record), [])
    store.close()
    return db


def test_export_unknown_icp_name_in_wrong_case_is_an_error(tmp_path):
    db = two_icp_db(tmp_path)
    result = CliRunner().invoke(
        cli, ["export", "--format", "hubspot", "--icp", "mid-market b2b saas", "--db", str(db)]
    )
    assert result.exit_code == 1
    assert "unknown ICP 'mid-market b2b saas' (did you mean 'Mid-market B2B SaaS'?)" in (
        result.output
    )


def test_export_one_icp_per_file_and_names_it(tmp_path):
    db = two_icp_db(tmp_path)
    runner = CliRunner()
    mixed = runner.invoke(cli, ["export", "--format", "hubspot", "--db", str(db)])
    assert mixed.exit_code == 1 and "several ICPs" in mixed.output
    chosen = runner.invoke(
        cli, ["export", "--format", "hubspot", "--icp", "Mid-market B2B SaaS", "--db", str(db)]
    )
    row = next(csv.DictReader(io.StringIO(chosen.output)))
    assert (row["icp_name"], row["icp_score"]) == ("Mid-market B2B SaaS", "70.0")
    best = runner.invoke(cli, ["export", "--all-icps", "--db", str(db)])
    row = next(csv.DictReader(io.StringIO(best.output)))
    assert (row["icp"], row["score"]) == ("Enterprise", "90.0")


@pytest.mark.parametrize(("reason", "plain"), [
    ("hiring.by_function.sales_development ≥ 1 (value 1) (+25)",
     "Open sales development roles ≥ 1 (1)"),
    ("firmographics.employee_count in 50–1000 (value 450) (+35)", "Employees in 50–1000 (450)"),
    ("input.Annual Revenue ≥ 1000000 (value $1,200,000) (+10)",
     "Annual revenue (from your list) ≥ 1000000 ($1,200,000)"),
    ("uses Salesforce (+35)", "Uses Salesforce"),
])  # fmt: skip
def test_crm_exports_write_reasons_in_plain_words(reason, plain):
    assert plain_reason(reason) == plain
