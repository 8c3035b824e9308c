"""The CRM exports use the CRMs' documented columns, picklist values and field lengths.

The documented lists live in docs/crm-formats.md (with the documentation URLs); these tests
read them from there, so the exporter and the documentation cannot drift apart.
"""

import csv
import io
import re

import pytest

from agent.crm.picklists import INDUSTRY_MAP, SALESFORCE_INDUSTRIES, crm_industry, our_industry
from agent.exports import STANDARD, crm_columns, crm_row
from tests.conftest import REPO_ROOT
from tools.firmographics.industries import CANONICAL_INDUSTRIES

DOC = (REPO_ROOT / "docs" / "crm-formats.md").read_text(encoding="utf-8")


def documented(block: str) -> list[str]:
    match = re.search(rf"```{block}\n(.*?)```", DOC, re.S)
    assert match, f"docs/crm-formats.md has no {block} block"
    return [line.strip() for line in match.group(1).splitlines() if line.strip()]


def test_salesforce_industry_picklist_is_the_documented_standard_value_set():
    assert list(SALESFORCE_INDUSTRIES) == sorted(documented("salesforce-industry"))
    assert len(SALESFORCE_INDUSTRIES) == 32


@pytest.mark.parametrize(("crm", "block"), [("hubspot", "hubspot-industry"),
                                            ("salesforce", "salesforce-industry"),
                                            ("salesforce-api", "salesforce-industry")])  # fmt: skip
def test_every_exported_industry_is_a_documented_option(crm, block):
    allowed = set(documented(block)) | ({""} if crm == "hubspot" else set())
    exported = {crm_industry(label, crm) for label in CANONICAL_INDUSTRIES}
    exported |= {crm_industry(value, crm) for pair in INDUSTRY_MAP.values() for value in pair}
    assert exported <= allowed, exported - allowed


def test_industry_map_covers_every_canonical_label():
    assert set(INDUSTRY_MAP) == set(CANONICAL_INDUSTRIES)


@pytest.mark.parametrize(("text", "ours"), [
    ("Hospital & Health Care", "Healthcare"), ("HOSPITAL_HEALTH_CARE", "Healthcare"),
    ("COMPUTER_SOFTWARE", "Software"), ("computer software", "Software"),
    ("NON_PROFIT_ORGANIZATION_MANAGEMENT", "Nonprofit"), ("Not For Profit", "Nonprofit"),
    ("Marketing & Advertising", "Marketing & Advertising"), ("Technology", "Software"),
])  # fmt: skip
def test_crm_industry_values_read_back_as_ours(text, ours):
    assert our_industry(text) == ours


def test_salesforce_columns_are_the_documented_labels_api_names_and_lengths():
    fields = {}
    for line in documented("salesforce-fields"):
        label, api_name, kind, length = (part.strip() for part in line.split("|"))
        fields[api_name] = (label, kind, int(length))
    for column in STANDARD:
        if column.salesforce_api not in fields:
            continue
        label, kind, length = fields[column.salesforce_api]
        assert column.salesforce == label
        if kind == "string":
            assert column.limit == length, column.key


def test_hubspot_standard_columns_are_documented_property_labels():
    hubspot = crm_columns("hubspot")[: len(STANDARD)]
    assert set(hubspot) <= set(documented("hubspot-properties"))


def test_salesforce_export_row_fits_the_documented_lengths():
    record = {"domain": "acme.com", "status": "ok",
              "input": {"Account Name": "A" * 300, "Billing City": "C" * 60,
                        "Billing Country": "Deutschland " * 10,
                        "Industry": "Hospital & Health Care"},
              "firmographics": {}, "score": {"icp": "t", "total": 50, "tier": "Moderate Fit",
                                             "route": "sdr", "dimensions": {}}}  # fmt: skip
    row = crm_row(record, "salesforce-api")
    lengths = [len(row[name]) for name in ("Name", "BillingCity", "BillingCountry")]
    assert lengths[:2] == [255, 40] and 60 < lengths[2] <= 80  # cut at a separator
    assert row["Industry"] == "Healthcare"
    stream = io.StringIO()
    writer = csv.DictWriter(stream, crm_columns("salesforce-api"))
    writer.writeheader()
    writer.writerow(row)
    assert stream.getvalue().splitlines()[0].startswith("Id,Name,Website,Industry,")
