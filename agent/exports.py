"""CRM exports: HubSpot company import and Salesforce Account import column conventions.

Mapping (documented in the README):

| our field                         | HubSpot column        | Salesforce column   |
|-----------------------------------|-----------------------|---------------------|
| company_name (or input `name`)    | Company name          | Name                |
| domain                            | Company Domain Name   | Website             |
| industry                          | Industry              | Industry            |
| employee_count                    | Number of Employees   | NumberOfEmployees   |
| hq_city                           | City                  | BillingCity         |
| hq_country                        | Country/Region        | BillingCountry      |
| founded_year                      | Year Founded          | YearStarted         |
| score, tier, route                | icp_score, icp_tier, icp_route | ICP_Score__c ...     |
| met reasons, evidence URLs        | icp_reasons, icp_evidence_urls | ICP_Reasons__c ...   |
| technologies, open roles, SDRs    | icp_technologies ...           | ICP_Technologies__c  |

Custom properties are prefixed (`icp_` / `ICP_..__c`) so they never collide with standard ones.
A value the user supplied in the input CSV (a column of the same name or a known alias) is
exported as given: research only fills what the user left blank.
"""

from __future__ import annotations

from typing import Any

from agent.output import flatten_record

# standard column -> (our flattened key, input column aliases)
_STANDARD = {
    "hubspot": {
        "Company name": ("company_name", ("name", "company", "company name", "company_name")),
        "Company Domain Name": ("domain", ("domain", "website", "company domain name")),
        "Industry": ("industry", ("industry",)),
        "Number of Employees": ("employee_count", ("employees", "employee_count",
                                                   "number of employees")),
        "City": ("hq_city", ("city", "hq_city")),
        "Country/Region": ("hq_country", ("country", "hq_country", "country/region")),
        "Year Founded": ("founded_year", ("founded", "founded_year", "year founded")),
    },
    "salesforce": {
        "Name": ("company_name", ("name", "account name", "company", "company_name")),
        "Website": ("domain", ("website", "domain")),
        "Industry": ("industry", ("industry",)),
        "NumberOfEmployees": ("employee_count", ("employees", "employee_count",
                                                 "numberofemployees")),
        "BillingCity": ("hq_city", ("city", "billingcity", "hq_city")),
        "BillingCountry": ("hq_country", ("country", "billingcountry", "hq_country")),
        "YearStarted": ("founded_year", ("founded", "founded_year", "yearstarted")),
    },
}  # fmt: skip
_CUSTOM = {
    "score": "score",
    "tier": "tier",
    "route": "route",
    "reasons": "top_reasons",
    "evidence_urls": "evidence_urls",
    "technologies": "technologies",
    "open_roles": "open_roles",
    "sdr_roles": "hiring_sales_development",
    "override_reason": "override_reason",
}
FORMATS = ("csv", "jsonl", "hubspot", "salesforce")


def custom_column(crm: str, name: str) -> str:
    """Return the CRM's custom property name for one of our fields."""
    if crm == "hubspot":
        return f"icp_{name}"
    return "ICP_" + "_".join(part.capitalize() for part in name.split("_")) + "__c"


def crm_columns(crm: str) -> list[str]:
    """Return the header of a CRM export."""
    return list(_STANDARD[crm]) + [custom_column(crm, name) for name in _CUSTOM]


def crm_row(record: dict[str, Any], crm: str) -> dict[str, Any]:
    """Map one contract record to a CRM import row, keeping user-supplied values."""
    flat = flatten_record(record)
    given = {str(k).strip().lower(): v for k, v in (record.get("input") or {}).items()}
    row: dict[str, Any] = {}
    for column, (ours, aliases) in _STANDARD[crm].items():
        supplied = next((given[a] for a in aliases if str(given.get(a, "")).strip()), None)
        row[column] = supplied if supplied is not None else flat.get(ours, "")
    override = (record.get("score") or {}).get("override") or {}
    flat["override_reason"] = override.get("reason", "")
    for name, ours in _CUSTOM.items():
        row[custom_column(crm, name)] = flat.get(ours, "")
    return row
