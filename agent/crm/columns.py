"""Which column of a CRM export holds what: HubSpot, Salesforce and plain spellings.

Headers are compared folded (`column_key`): case, spaces, hyphens, underscores, slashes and
the `__c` of Salesforce custom fields do not matter, so HubSpot's `Company Domain Name`,
Salesforce's Data Loader `NumberOfEmployees` and a hand-made `number_of_employees` all match.
Each role lists its spellings in order of preference; the first one present wins unless the
user names the column (`--domain-column ...`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from agent.errors import InputError

ROLE_HEADERS: dict[str, tuple[str, ...]] = {
    # accounts (HubSpot companies, Salesforce accounts)
    "domain": ("domain", "Company Domain Name", "company_domain", "Website", "Website URL",
               "Account Website", "Company Website", "url", "site", "Company Domain"),
    "name": ("name", "Company name", "Account Name", "company", "company_name", "Account"),
    "record_id": ("Record ID", "Account ID", "Company ID", "Id", "hs_object_id",
                  "Record ID - Company", "Contact ID", "Lead ID"),
    "industry": ("industry", "Industry"),
    "employees": ("employees", "Number of Employees", "NumberOfEmployees", "Employees",
                  "employee_count", "headcount", "company_size", "size"),
    "country": ("country", "Country/Region", "Billing Country", "BillingCountry", "hq_country",
                "Country Region", "Shipping Country"),
    "city": ("city", "Billing City", "BillingCity", "hq_city"),
    "revenue": ("annual_revenue", "Annual Revenue", "AnnualRevenue", "revenue"),
    "founded": ("founded_year", "Year Founded", "YearStarted", "Year Started", "founded"),
    # outcomes (deals, opportunities, customer lists)
    "outcome": ("outcome", "result", "Deal Stage", "Stage", "StageName", "deal_stage",
                "Lifecycle Stage", "status", "won", "IsWon"),
    "value": ("ltv", "lifetime_value", "acv", "arr", "Amount", "deal_value", "value",
              "Total Contract Value"),
    "churned": ("churned", "churn", "is_churned", "has_churned"),
    "cycle_days": ("sales_cycle_days", "cycle_days", "sales_cycle", "days_to_close", "cycle",
                   "Days to close", "Age"),
    "close_date": ("close_date", "Close Date", "CloseDate", "closed_at", "closed_date",
                   "date"),
    # contacts and leads
    "email": ("email", "Email", "Email Address", "work_email"),
    "first_name": ("first_name", "First Name", "FirstName"),
    "last_name": ("last_name", "Last Name", "LastName"),
    "title": ("title", "Job Title", "Title", "jobtitle"),
    "company": ("company", "Company Name", "Company", "Associated Company", "Account Name",
                "Company / Account"),
}  # fmt: skip
DOMAIN_ROLES = ("domain",)


def column_key(name: str) -> str:
    """Fold a header so spellings of one column compare equal (`Country/Region` → countryregion)."""
    folded = name.strip().lower()
    folded = re.sub(r"__c$", "", folded)
    return re.sub(r"[^a-z0-9]+", "", folded)


def candidates(header: Sequence[str], role: str) -> list[str]:
    """Return the header's columns that can hold `role`, most likely first."""
    by_key: dict[str, str] = {}
    for name in header:
        by_key.setdefault(column_key(name), name)
    found = (by_key.get(column_key(spelling)) for spelling in ROLE_HEADERS[role])
    return list(dict.fromkeys(name for name in found if name is not None))


def find_column(
    header: Sequence[str], role: str, given: str | None = None, source: str | Path = "file"
) -> str | None:
    """Return the column for `role`: the one the user named (which must exist) or the first found.

    Raises:
        InputError: the user named a column the header does not have.
    """
    if given is None:
        found = candidates(header, role)
        return found[0] if found else None
    wanted = column_key(given)
    for name in header:
        if column_key(name) == wanted:
            return name
    raise InputError(
        f"{source}: line 1: no column {given!r} (columns: {', '.join(header) or 'none'})"
    )


def missing_column(source: str | Path, role: str, header: Sequence[str], option: str) -> InputError:
    """Return the error for a file without a column for `role`, naming the option that fixes it."""
    known = ", ".join(repr(h) for h in ROLE_HEADERS[role][:4])
    return InputError(
        f"{source}: line 1: no {role.replace('_', ' ')} column (looked for {known} …; "
        f"columns: {', '.join(header) or 'none'}); name it with {option}"
    )
