"""CRM import files: HubSpot companies, Salesforce Accounts (wizard labels or API names).

One row per stored account; Salesforce in Data Import Wizard labels (`salesforce`) or Data
Loader API names (`salesforce-api`).

Mapping (also in the README):

| our field                 | HubSpot (`hubspot`)   | Salesforce wizard (`salesforce`) | Data Loader (`salesforce-api`) |
|---------------------------|-----------------------|----------------------------------|--------------------------------|
| record ID from the input  | Record ID             | Account ID                       | Id                             |
| input name / company_name | Company name          | Account Name                     | Name                           |
| domain                    | Company Domain Name   | Website                          | Website                        |
| industry (CRM's options)  | Industry              | Industry                         | Industry                       |
| employee_count            | Number of Employees   | Employees                        | NumberOfEmployees              |
| input annual revenue      | Annual Revenue        | Annual Revenue                   | AnnualRevenue                  |
| hq_city                   | City                  | Billing City                     | BillingCity                    |
| hq_country (name)         | Country/Region        | Billing Country                  | BillingCountry                 |
| founded_year              | Year Founded          | Year Started                     | YearStarted                    |
| domain (upsert key)       | —                     | ICP Domain                       | ICP_Domain__c                  |
| ICP name, score, tier ... | icp_name, icp_score … | ICP Name, ICP Score …            | ICP_Name__c, ICP_Score__c …    |

Custom properties are prefixed (`icp_` / `ICP_..__c`) so they never collide with standard ones.
A value the user supplied in the input CSV (found by its HubSpot, Salesforce or plain header)
is exported as given, mapped to the CRM's picklist where it has one: research only fills what
the user left blank. Salesforce text is cut to its field's length (255 for the custom Text
fields, 40 for Billing City, 80 for Billing Country), at a separator, ending in "…".
"""  # noqa: E501

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from agent.analytics.onepager import field_noun
from agent.crm.amounts import parse_amount
from agent.crm.columns import candidates
from agent.crm.picklists import country_name, crm_industry
from agent.output import flatten_record

FORMATS = ("csv", "jsonl", "hubspot", "salesforce", "salesforce-api")
CRM_FORMATS = ("hubspot", "salesforce", "salesforce-api")
TEXT_LIMIT = 255


@dataclass(frozen=True)
class Column:
    """One standard column: its header in each format, the input role that may supply it."""

    key: str
    hubspot: str
    salesforce: str
    salesforce_api: str
    role: str | None
    limit: int = TEXT_LIMIT

    def header(self, crm: str) -> str:
        """Return this column's header in the given format."""
        return {"hubspot": self.hubspot, "salesforce": self.salesforce}.get(
            crm, self.salesforce_api
        )


STANDARD = (
    Column("record_id", "Record ID", "Account ID", "Id", "record_id"),
    Column("name", "Company name", "Account Name", "Name", "name"),
    Column("domain", "Company Domain Name", "Website", "Website", None),
    Column("industry", "Industry", "Industry", "Industry", "industry"),
    Column("employee_count", "Number of Employees", "Employees", "NumberOfEmployees", "employees"),
    Column("annual_revenue", "Annual Revenue", "Annual Revenue", "AnnualRevenue", "revenue"),
    Column("hq_city", "City", "Billing City", "BillingCity", "city", limit=40),
    Column("hq_country", "Country/Region", "Billing Country", "BillingCountry", "country", 80),
    Column("founded_year", "Year Founded", "Year Started", "YearStarted", "founded", limit=4),
)
CUSTOM = {
    "domain": "domain",
    "name": "icp",
    "score": "score",
    "tier": "tier",
    "route": "route",
    "reasons": "top_reasons",
    "evidence_urls": "evidence_urls",
    "technologies": "technologies",
    "open_roles": "open_roles",
    "sdr_roles": "hiring_sales_development",
    "industry": "industry",
    "override_reason": "override_reason",
}


def custom_column(crm: str, name: str) -> str:
    """Return the CRM's custom property name for one of our fields."""
    if crm == "hubspot":
        return f"icp_{name}"
    words = [part.capitalize() for part in name.split("_")]
    if crm == "salesforce":
        return "ICP " + " ".join(words)
    return "ICP_" + "_".join(words) + "__c"


def _custom_names(crm: str) -> list[str]:
    # HubSpot matches companies on their domain already; the upsert key is for Salesforce
    return [name for name in CUSTOM if not (crm == "hubspot" and name == "domain")]


def crm_columns(crm: str) -> list[str]:
    """Return the header of a CRM export."""
    return [c.header(crm) for c in STANDARD] + [custom_column(crm, n) for n in _custom_names(crm)]


def fit(value: Any, limit: int) -> Any:
    """Cut text longer than `limit` at a separator, ending in "…" (numbers pass through)."""
    if not isinstance(value, str) or len(value) <= limit:
        return value
    cut = value[: limit - 1]
    for separator in ("; ", " "):
        if separator in cut:
            cut = cut[: cut.rindex(separator)]
            break
    return cut.rstrip("; ") + "…"


def _supplied(record: dict[str, Any], role: str | None) -> str:
    given = record.get("input") or {}
    if role is None:
        return ""
    for column in candidates([str(key) for key in given], role):
        value = str(given.get(column) or "").strip()
        if value:
            return value
    return ""


def _standard_value(column: Column, record: dict[str, Any], flat: dict[str, Any], crm: str):
    supplied = _supplied(record, column.role)
    if column.key == "record_id":
        return supplied
    if column.key == "name":
        return supplied or flat.get("company_name") or record["domain"]
    if column.key == "domain":
        return record["domain"]
    if column.key == "industry":
        return crm_industry(supplied or str(flat.get("industry") or ""), crm)
    if column.key == "hq_country":
        return country_name(supplied or str(flat.get("hq_country") or ""))
    if column.key in ("employee_count", "annual_revenue") and supplied:
        number = parse_amount(supplied)
        return supplied if number is None else int(number)
    return supplied or flat.get(column.key, "")


_REASON_FIELD = re.compile(
    r"^((?:firmographics|hiring|input|specialized|needs)\.[^;]+?)(?= (?:≥|≤|=|in|between) )"
)


def plain_reason(reason: str) -> str:
    """Return a score reason as a CRM user reads it.

    `hiring.by_function.sales_development ≥ 1 (value 1) (+25)` becomes
    `Open sales development roles ≥ 1 (1)`: the field as a noun, no points.
    """
    text = re.sub(r" \(\+[\d.]+\)$", "", reason.strip()).replace("(value ", "(")
    text = _REASON_FIELD.sub(lambda match: field_noun(match.group(1)), text)
    return text[:1].upper() + text[1:]


def crm_row(record: dict[str, Any], crm: str) -> dict[str, Any]:
    """Map one contract record to a CRM import row, keeping user-supplied values."""
    flat = flatten_record(record)
    override = (record.get("score") or {}).get("override") or {}
    flat["override_reason"] = override.get("reason", "")
    flat["top_reasons"] = "; ".join(
        plain_reason(reason) for reason in str(flat.get("top_reasons") or "").split("; ") if reason
    )
    salesforce = crm != "hubspot"
    row: dict[str, Any] = {}
    for column in STANDARD:
        value = _standard_value(column, record, flat, crm)
        row[column.header(crm)] = fit(value, column.limit) if salesforce else value
    for name in _custom_names(crm):
        value = flat.get(CUSTOM[name], "")
        row[custom_column(crm, name)] = fit(value, TEXT_LIMIT) if salesforce else value
    return row
