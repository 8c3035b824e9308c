"""Reading contact and lead exports (HubSpot, Salesforce) and finding each contact's company.

Columns are recognised by header (`Email`, `First Name`/`FirstName`, `Job Title`/`Title`,
`Company Name`/`Company`, `Website URL`/`Company Domain Name`/`Website` ...) or named with
options; every column is kept as `input`. The company domain comes from the work e-mail, else
from the website column; free-mail and disposable domains are never companies.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from agent.accounts import normalize_domain
from agent.crm.columns import find_column
from agent.crm.csv_file import open_csv
from agent.errors import InputError
from agent.leads.email_domains import personal_mail_kind

CONTACT_ROLES = ("email", "first_name", "last_name", "title", "company", "website")
"""Contact roles; `website` is read with the CRM layer's `domain` headers (Website URL ...)."""
_CRM_ROLE = {"website": "domain"}


def pick_columns(header: list[str], named: dict[str, str | None], where: str) -> dict[str, str]:
    """Return {role: header name} for the contact roles found or named; raise on a bad name."""
    picked: dict[str, str] = {}
    for role in CONTACT_ROLES:
        column = find_column(header, _CRM_ROLE.get(role, role), named.get(role), where)
        if column is not None:
            picked[role] = column
    if not {"email", "title", "company", "website"} & set(picked):
        raise InputError(
            f"{where}: line 1: no contact columns (expected Email, Job Title/Title, Company "
            f"Name/Company or Website; columns: {', '.join(header) or 'none'})"
        )
    return picked


@dataclass
class Contact:
    """One data row of a contacts file, with the company found for it."""

    row: int
    """Line number in the file (the header is line 1)."""
    input: dict[str, Any]
    email: str | None = None
    name: str | None = None
    title: str = ""
    company: str | None = None
    domain: str | None = None
    """The company's domain from the e-mail or the website column (not yet from the name)."""
    notes: list[str] = field(default_factory=list)
    """How the company was found, or why not (shown in the reasons)."""
    problem: str | None = None


def website_domain(value: str) -> tuple[str | None, str | None]:
    """Return (domain, None) for a company site, or (None, why not)."""
    domain = normalize_domain(value)
    if domain is None:
        return None, f"website {value!r} is not a domain"
    kind = personal_mail_kind(domain)
    if kind is not None:
        return None, f"website {value!r} is a {kind} domain, not a company"
    return domain, None


def company_domain_of_email(email: str) -> tuple[str | None, str | None]:
    """Return (company domain, None) for a work address, or (None, why not)."""
    text = email.strip()
    if "@" not in text:
        return None, f"e-mail {text!r} has no @"
    domain, kind = _email_host(text.rsplit("@", 1)[1].lower())
    if domain is None:
        return None, f"e-mail {text!r} has no valid domain"
    if kind is not None:
        return None, f"{domain} is a {kind} domain, not a company"
    return domain, None


@lru_cache(maxsize=65536)
def _email_host(host: str) -> tuple[str | None, str | None]:
    """Return (normalized domain, "free-mail" | "disposable" | None); contacts share hosts."""
    domain = normalize_domain(host)
    return domain, (personal_mail_kind(domain) if domain else None)


def contact_from_properties(
    properties: dict[str, Any], columns: dict[str, str], row: int = 0
) -> Contact:
    """Build a `Contact` from one row (or API object) using the picked columns."""

    def cell(role: str) -> str:
        column = columns.get(role)
        value = properties.get(column) if column else None
        return str(value).strip() if value is not None else ""

    contact = Contact(row=row, input=dict(properties))
    if not any(str(v).strip() for v in properties.values() if v is not None):
        contact.problem = "empty row"
        return contact
    contact.email = cell("email") or None
    contact.name = " ".join(p for p in (cell("first_name"), cell("last_name")) if p) or None
    contact.title = cell("title")
    contact.company = cell("company") or None
    if contact.email:
        contact.domain, why = company_domain_of_email(contact.email)
        if contact.domain:
            contact.notes.append(f"company {contact.domain} from the e-mail address")
        elif why:
            contact.notes.append(why)
    if contact.domain is None and cell("website"):
        contact.domain, why = website_domain(cell("website"))
        if contact.domain:
            contact.notes.append(f"company {contact.domain} from the {columns['website']} column")
        elif why:
            contact.notes.append(why)
    return contact


def read_contacts(
    path: str | Path, named: dict[str, str | None] | None = None
) -> Iterator[Contact]:
    """Yield the contacts of a CSV export one at a time (the file is never loaded whole)."""
    source = open_csv(path, "contacts file")
    columns = pick_columns(source.header, named or {}, str(source.path))
    for row in source.rows():
        properties = {name: value.strip() for name, value in row.cells.items()}
        yield contact_from_properties(properties, columns, row.line)
