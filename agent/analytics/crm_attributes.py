"""A CRM export's own columns as discovery attributes, beside the researched fields.

The export's Industry, Number of Employees, Country, City and Year Founded fill the matching
firmographic fields where research does not know them (so the drafted criterion scores
researched accounts later); Annual Revenue and every other column become `input.<column>`
attributes: numeric columns as ranges, short-list text columns (Type, Lifecycle Stage, Tier …)
as values. Identifiers, names, e-mails, dates, URLs and the outcome columns themselves are left
out: a criterion on them would mean nothing (or restate the outcome).
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

from agent.analytics.attributes import Attribute, categorical_attribute, nice_ladder, range_family
from agent.analytics.crm import CrmAccount
from agent.crm.amounts import parse_amount
from agent.crm.columns import candidates
from agent.crm.picklists import our_industry
from agent.crm.values import parse_crm_date
from tools.firmographics.geo import country_code

FIRMOGRAPHIC_ROLES = {
    "industry": "industry",
    "employees": "employee_count",
    "country": "hq_country",
    "city": "hq_city",
    "founded": "founded_year",
}
LEFT_OUT_ROLES = (
    "domain", "name", "record_id", "outcome", "value", "churned", "cycle_days", "close_date",
    "email", "first_name", "last_name", "title", "company",
)  # fmt: skip
MAX_CATEGORIES = 20


def firmographic_columns(header: list[str]) -> dict[str, str]:
    """Return the export's columns that hold a firmographic field: column → field name."""
    found: dict[str, str] = {}
    for role, name in FIRMOGRAPHIC_ROLES.items():
        columns = candidates(header, role)
        if columns:
            found[columns[0]] = name
    return found


def _firmographic_value(name: str, text: str) -> Any:
    if name in ("employee_count", "founded_year"):
        number = parse_amount(text)
        return None if number is None else int(number)
    if name == "hq_country":
        return country_code(text) or text
    if name == "industry":
        return our_industry(text) or text
    return text


def merged_record(
    domain: str, account: CrmAccount, record: dict[str, Any] | None, columns: dict[str, str]
) -> dict[str, Any]:
    """Return the researched record (or an empty one) with the export's columns laid in.

    The export's columns become the record's `input`; a firmographic field research does not
    know takes the export's value (method `input`: the user's own data, not a web quote).
    """
    merged: dict[str, Any] = copy.deepcopy(record) if record else {}
    if merged.get("status") != "ok":
        # failed or absent research: the export's columns are still known
        merged = {"domain": domain, "technographics": [], "hiring": {}}
    merged["status"] = "ok"
    merged["input"] = {**(merged.get("input") or {}), **account.columns}
    firmographics = merged.setdefault("firmographics", {})
    for column, name in columns.items():
        text = account.columns.get(column, "")
        known = (firmographics.get(name) or {}).get("value")
        if known is None and text and (value := _firmographic_value(name, text)) is not None:
            firmographics[name] = {"value": value, "evidence": [], "confidence": 1.0,
                                   "method": "input"}  # fmt: skip
    return merged


def _left_out(header: list[str]) -> set[str]:
    left = {column for role in LEFT_OUT_ROLES for column in candidates(header, role)}
    return left | set(firmographic_columns(header))


def _looks_like_identifier(values: list[str]) -> bool:
    dated = sum(1 for v in values if parse_crm_date(v) is not None)
    linked = sum(1 for v in values if "@" in v or "://" in v or v.startswith("www."))
    return dated + linked > len(values) / 2


def column_families(records: list[dict[str, Any]], header: list[str]) -> list[list[Attribute]]:
    """Return attribute families for the export's other columns (`input.<column>`)."""
    families: list[list[Attribute]] = []
    revenue = set(candidates(header, "revenue"))
    left_out = _left_out(header) - revenue
    for column in header:
        if column in left_out or "." in column or not column.strip():
            continue
        values = [str((r.get("input") or {}).get(column) or "").strip() for r in records]
        values = [v for v in values if v]
        if len(values) < 5 or _looks_like_identifier(values):
            continue
        group = "firmographics" if column in revenue else "behavioural"
        path = f"input.{column}"
        numbers = [parse_amount(v) for v in values]
        if all(n is not None for n in numbers):
            observed = [n for n in numbers if n is not None]
            ladder = [c for c in nice_ladder(observed) if min(observed) <= c <= max(observed)]
            if len(ladder) >= 2:
                family = range_family(path, f"{column}: {{}}", ladder)
                families.append([replace(a, group=group) for a in family])
            continue
        distinct = {v.casefold(): v for v in values}
        if len(distinct) > MAX_CATEGORIES or len(distinct) > len(values) / 2:
            continue
        for value in sorted(distinct.values(), key=str.casefold):
            attribute = categorical_attribute(path, f"{column} is {{}}", value, value)
            families.append([replace(attribute, group=group)])
    return families
