"""A small store of scored accounts and an ICP with personas, for the lead tests."""

from __future__ import annotations

from pathlib import Path

from agent.models import AccountResult, Evidence, Person, Score
from agent.overrides import add_override
from store.db import Store

ICP_NAME = "Lead test ICP"
ICP_TOML = f'''
name = "{ICP_NAME}"

[[dimensions]]
name = "fit"
weight = 1.0
  [[dimensions.criteria]]
  field = "input.fit_points"
  min = 50
  points = 100

[[personas]]
name = "Revenue leader"
role = "decision_maker"
titles = ["vp sales", "chief revenue officer", "head of sales"]
seniority = ["c-level", "vp", "director"]
points = 100

[[personas]]
name = "Founder or CEO"
role = "decision_maker"
titles = ["chief executive officer", "founder"]
points = 70

[[personas]]
name = "RevOps"
role = "influencer"
departments = ["revenue_operations"]
points = 80

[[personas]]
name = "Sales rep"
role = "user"
departments = ["sales", "sales_development"]
seniority = ["individual", "manager"]
points = 40

[leads]
  [[leads.engagement]]
  field = "input.Number of Sessions"
  min = 3
  points = 100
'''


def _score(total: float, tier: str, route: str) -> Score:
    return Score(icp=ICP_NAME, total=total, tier=tier, route=route)  # type: ignore[arg-type]


def build_store(folder: Path) -> tuple[Path, Path]:
    """Write the ICP file and a store of four accounts; return (icp path, db path)."""
    icp = folder / "icp.toml"
    icp.write_text(ICP_TOML, encoding="utf-8")
    db = folder / "icp.db"
    store = Store(db)
    ceo = Person(
        name="Jane Roe",
        title="Chief Executive Officer",
        persona="economic_buyer",
        evidence=[Evidence(url="https://acme.com/team", quote="Jane Roe\nChief Executive Officer")],
    )
    accounts = [
        AccountResult(domain="acme.com", input={"name": "Acme Analytics", "fit_points": "90"},
                      buying_committee=[ceo], score=_score(90, "Perfect Fit", "ae")),
        AccountResult(domain="globex.com", input={"name": "Globex"},
                      score=_score(20, "Weak Fit", "disqualify")),
        AccountResult(domain="initech.com", input={"name": "Initech", "fit_points": "75"}),
        AccountResult(domain="umbrella.com", input={"name": "Umbrella Corp"},
                      score=_score(30, "Weak Fit", "disqualify")),
    ]  # fmt: skip
    for account in accounts:
        store.save_account(account, [])
    add_override(store, "umbrella.com", ICP_NAME, reason="Strategic logo for the EMEA launch",
                 tier="Perfect Fit", now="2026-11-02T10:00:00+00:00")  # fmt: skip
    store.close()
    return icp, db
