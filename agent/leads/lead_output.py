"""Writing scored leads: JSONL, flat CSV, HubSpot contact import, Salesforce Lead import.

| ours                  | HubSpot contact import | Salesforce Lead import |
|-----------------------|------------------------|------------------------|
| input Record ID / Id  | Record ID              | Id                     |
| e-mail                | Email                  | Email                  |
| first / last name     | First Name / Last Name | FirstName / LastName   |
| job title             | Job Title              | Title                  |
| company name          | Company Name           | Company                |
| company domain        | Website URL            | Website                |
| lead score, route     | icp_lead_score, icp_lead_route | ICP_Lead_Score__c, ICP_Lead_Route__c |
| persona, buying role  | icp_persona, icp_buying_role   | ICP_Persona__c, ICP_Buying_Role__c   |
| account score         | icp_account_score      | ICP_Account_Score__c   |
| reasons               | icp_lead_reasons       | ICP_Lead_Reasons__c (≤ 255 characters) |

The website is the company's domain as found, never a free-mail or disposable address.
Salesforce requires a Lead's Company: without one it gets "[not provided]", the value
Salesforce itself uses for web-to-lead leads without a company.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Any

from agent.crm.columns import candidates

FORMATS = ("jsonl", "csv", "hubspot", "salesforce")
CSV_COLUMNS = (
    "row", "email", "name", "title", "company", "domain", "status", "error", "persona", "role",
    "seniority", "department", "account_known", "account_score", "account_tier", "lead_score",
    "route", "reasons",
)  # fmt: skip
_CRM_COLUMNS = {
    "hubspot": ("Record ID", "Email", "First Name", "Last Name", "Job Title", "Company Name",
                "Website URL", "icp_lead_score", "icp_lead_route", "icp_persona",
                "icp_buying_role", "icp_account_score", "icp_lead_reasons"),
    "salesforce": ("Id", "Email", "FirstName", "LastName", "Title", "Company", "Website",
                   "ICP_Lead_Score__c", "ICP_Lead_Route__c", "ICP_Persona__c",
                   "ICP_Buying_Role__c", "ICP_Account_Score__c", "ICP_Lead_Reasons__c"),
}  # fmt: skip
_CRM_ROLE = {"id": "record_id"}
_SALESFORCE_TEXT_LIMIT = 255


def _role_value(line: dict[str, Any], role: str) -> str:
    """Return the input cell holding `role` (first_name, title, company, id ...), or ""."""
    given = line.get("input") or {}
    for column in candidates(list(given), _CRM_ROLE.get(role, role)):
        value = given.get(column)
        if value not in (None, ""):
            return str(value)
    return ""


def flat_lead(line: dict[str, Any], row: int | None = None) -> dict[str, Any]:
    """Return one lead as a flat CSV row (input columns as `input.<name>`)."""
    persona = line.get("persona") or {}
    account = line.get("account") or {}
    flat: dict[str, Any] = {
        "row": row if row is not None else "",
        "email": line.get("email") or "",
        "name": " ".join(
            p for p in (_role_value(line, "first_name"), _role_value(line, "last_name")) if p
        ),
        "title": _role_value(line, "title"),
        "company": _role_value(line, "company"),
        "domain": line.get("domain") or "",
        "status": line["status"],
        "error": line.get("error") or "",
        "persona": persona.get("name", ""),
        "role": persona.get("role", ""),
        "seniority": persona.get("seniority") or "",
        "department": persona.get("department") or "",
        "account_known": account.get("known", ""),
        "account_score": "" if account.get("score") is None else account["score"],
        "account_tier": account.get("tier") or "",
        "lead_score": line["lead_score"],
        "route": line["route"],
        "reasons": "; ".join(line.get("reasons") or []),
    }
    for key, value in (line.get("input") or {}).items():
        flat[f"input.{key}"] = value if isinstance(value, str) else json.dumps(value)
    return flat


def crm_lead_row(line: dict[str, Any], crm: str) -> dict[str, Any]:
    """Return one lead as a HubSpot contact or Salesforce Lead import row."""
    persona = line.get("persona") or {}
    account = line.get("account") or {}
    reasons = "; ".join(line.get("reasons") or [])
    company = _role_value(line, "company")
    values = [
        _role_value(line, "id"), line.get("email") or "", _role_value(line, "first_name"),
        _role_value(line, "last_name"), _role_value(line, "title"), company,
        line.get("domain") or "", line["lead_score"], line["route"], persona.get("name", ""),
        persona.get("role", ""), "" if account.get("score") is None else account["score"], reasons,
    ]  # fmt: skip
    if crm == "salesforce":
        values[5] = company or "[not provided]"
        if len(reasons) > _SALESFORCE_TEXT_LIMIT:
            values[-1] = reasons[: _SALESFORCE_TEXT_LIMIT - 1] + "…"
    return dict(zip(_CRM_COLUMNS[crm], values, strict=True))


def format_for(path: Path | None, given: str | None) -> str:
    """Return the output format: the one given, else by the file's suffix (default jsonl)."""
    if given:
        return given
    return "csv" if path is not None and path.suffix.lower() == ".csv" else "jsonl"


class LeadWriter:
    """Streams scored leads to a file or stdout in one of `FORMATS`."""

    def __init__(self, stream: IO[str], fmt: str):
        self.stream = stream
        self.format = fmt
        self._csv: csv.DictWriter | None = None

    def write(self, line: dict[str, Any], row: int | None = None) -> None:
        """Write one lead."""
        if self.format == "jsonl":
            self.stream.write(json.dumps(line, ensure_ascii=False) + "\n")
            return
        if self.format in _CRM_COLUMNS:
            data = crm_lead_row(line, self.format)
            columns = list(_CRM_COLUMNS[self.format])
        else:
            data = flat_lead(line, row)
            columns = list(CSV_COLUMNS) + [k for k in data if k not in CSV_COLUMNS]
        if self._csv is None:
            self._csv = csv.DictWriter(self.stream, columns, extrasaction="ignore")
            self._csv.writeheader()
        self._csv.writerow(data)
