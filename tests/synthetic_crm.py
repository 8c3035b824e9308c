"""A seeded synthetic CRM export and matching stored research, with a planted pattern.

The planted pattern: wins concentrate in Fintech companies with 100–500 employees that use
Salesforce. Those accounts win 80 % of the time with high LTV, low churn and short cycles; every
other account wins 25 % of the time with small LTV. Everything else (country, funding stage,
other technologies, hiring) is noise, and some fields are unknown or research failed.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agent.models import AccountResult
from store.db import Store

INDUSTRIES = ["Fintech", "Software", "Healthcare", "Retail", "Manufacturing", "Insurance"]
COUNTRIES = ["US", "DE", "GB", "FR"]
STAGES = ["seed", "series-a", "series-b", "series-c", "public"]
TECHNOLOGIES = {
    "Salesforce": ("CRM", 0.4),
    "HubSpot": ("Marketing automation", 0.4),
    "Google Analytics": ("Analytics", 0.7),
    "Stripe": ("Payment processors", 0.3),
    "Zendesk": ("Live chat", 0.3),
}
PAINS = ["data quality", "lead routing", "reporting", "pipeline visibility"]


@dataclass
class SyntheticAccount:
    domain: str
    record: dict[str, Any]
    fits: bool
    outcome: str  # "won" | "lost"
    ltv: float
    churned: bool
    cycle_days: int
    close_date: str


def field(domain: str, value: Any) -> dict[str, Any]:
    if value is None:
        return {"value": None, "evidence": [], "confidence": 0.0, "method": None}
    evidence = [{"url": f"https://{domain}/about", "quote": str(value)}]
    return {"value": value, "evidence": evidence, "confidence": 0.9, "method": "rule"}


def make_record(rng: random.Random, domain: str, planted: bool) -> dict[str, Any]:
    if planted:
        industry, employees = "Fintech", rng.randint(100, 500)
    else:
        industry = rng.choice(INDUSTRIES)
        employees = round(10 ** rng.uniform(1.0, 3.7))
    if rng.random() < 0.08:
        industry = None
    technologies = [
        {
            "name": name,
            "category": category,
            "method": "fingerprint",
            "evidence": [{"url": f"https://{domain}/", "quote": name.lower()}],
        }
        for name, (category, share) in TECHNOLOGIES.items()
        if (planted and name == "Salesforce") or rng.random() < share
    ]
    sdr = rng.choice([0, 0, 1, 2, 3])
    engineers = rng.randint(0, 8)
    needs = None
    if rng.random() < 0.3:
        pain = rng.choice(PAINS)
        needs = {
            "interviews": 1,
            "pains": [
                {
                    "pain": f"{pain} is hard",
                    "category": pain.replace(" ", "_"),
                    "severity": "critical",
                    "quotes": [{"file": f"{domain}_call.md", "quote": f"our {pain} hurts"}],
                }
            ],
        }
    return {
        "domain": domain,
        "input": {"domain": domain},
        "status": "ok",
        "firmographics": {
            "company_name": field(domain, domain.split(".")[0].title()),
            "industry": field(domain, industry),
            "employee_count": field(domain, employees),
            "hq_country": field(domain, rng.choice(COUNTRIES)),
            "funding_stage": field(domain, rng.choice(STAGES) if rng.random() < 0.8 else None),
            "founded_year": field(domain, rng.randint(1995, 2021)),
        },
        "technographics": technologies,
        "hiring": {
            "ats": rng.choice(["greenhouse", "lever", None]),
            "status": "ok",
            "open_roles": sdr + engineers,
            "by_function": {"sales_development": sdr, "engineering": engineers},
            "postings": [],
        },
        "specialized": {"attends_saastr": field(domain, rng.random() < 0.3)},
        "needs": needs,
    }


def fits_pattern(record: dict[str, Any]) -> bool:
    if record["status"] != "ok":
        return False
    firmographics = record["firmographics"]
    return (
        firmographics["industry"]["value"] == "Fintech"
        and 100 <= (firmographics["employee_count"]["value"] or 0) <= 500
        and any(t["name"] == "Salesforce" for t in record["technographics"])
    )


def synthetic_accounts(seed: int = 7, count: int = 300) -> list[SyntheticAccount]:
    rng = random.Random(seed)
    accounts = []
    for index in range(count):
        domain = f"company{index:03d}.com"
        record = make_record(rng, domain, planted=rng.random() < 0.25)
        if rng.random() < 0.04:
            record = {
                "domain": domain,
                "input": {"domain": domain},
                "status": "error",
                "error": "site unreachable",
            }
        fits = fits_pattern(record)
        won = rng.random() < (0.8 if fits else 0.25)
        accounts.append(
            SyntheticAccount(
                domain=domain,
                record=record,
                fits=fits,
                outcome="won" if won else "lost",
                ltv=round(rng.uniform(90_000, 240_000) if fits else rng.uniform(5_000, 80_000)),
                churned=won and rng.random() < (0.05 if fits else 0.3),
                cycle_days=rng.randint(20, 45) if fits else rng.randint(40, 150),
                close_date=f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            )
        )
    return accounts


def build_store(path: Path, accounts: list[SyntheticAccount]) -> Path:
    store = Store(path)
    try:
        for account in accounts:
            store.save_account(AccountResult.model_validate(account.record), pages=[])
    finally:
        store.close()
    return path


CRM_HEADER = ["Website", "Deal Stage", "LTV", "Churned", "Sales Cycle Days", "Close Date"]


def write_crm_csv(path: Path, accounts: list[SyntheticAccount]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(CRM_HEADER)
        for account in accounts:
            writer.writerow(
                [
                    f"https://www.{account.domain}/",
                    "Closed Won" if account.outcome == "won" else "Closed Lost",
                    f"${account.ltv:,.0f}" if account.outcome == "won" else "",
                    "yes" if account.churned else "no",
                    account.cycle_days,
                    account.close_date,
                ]
            )
    return path
