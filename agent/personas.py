"""Lead-level parts of the ICP file: personas, engagement criteria, weights and lead routing.

```toml
[[personas]]
name = "Revenue leader"
role = "decision_maker"            # decision_maker | champion | influencer | user
titles = ["vp sales", "chief revenue officer", "head of sales"]
departments = ["sales"]            # optional: matches any title of these departments
seniority = ["c-level", "vp"]      # optional: c-level | vp | director | manager | individual
points = 100

[leads]                            # optional; these are the defaults
persona_weight = 0.4
account_weight = 0.4
engagement_weight = 0.2
committee_bonus = 10               # up to +10 when every persona is covered at the account
missing_decision_maker_penalty = 5 # −5 when no decision-maker persona is known there
  [leads.routing]                  # lower bounds of the lead score; below `nurture`: disqualify
  ae = 75
  sdr = 50
  nurture = 25
  [[leads.engagement]]             # criteria on input columns of the contacts file
  field = "input.Number of Pageviews"
  min = 10
  points = 50
```
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic import Field as PydanticField

from agent.suggestions import did_you_mean

if TYPE_CHECKING:  # agent.icp imports this module; it resolves the name (`model_rebuild`)
    from agent.icp import Criterion

BuyingRole = Literal["decision_maker", "champion", "influencer", "user"]
Seniority = Literal["c-level", "vp", "director", "manager", "individual"]
SENIORITY_LEVELS: tuple[str, ...] = Seniority.__args__  # type: ignore[attr-defined]
DEPARTMENTS: tuple[str, ...] = (
    "executive", "sales", "sales_development", "revenue_operations", "marketing",
    "customer_success", "engineering", "product", "data", "research", "it", "security",
    "finance", "people", "operations", "legal", "design", "procurement",
)  # fmt: skip


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PersonaSpec(_Strict):
    """Who we sell to: title patterns and/or departments, seniority, buying role, points."""

    name: str = PydanticField(min_length=1)
    role: BuyingRole = "user"
    titles: list[str] = PydanticField(default_factory=list)
    departments: list[str] = PydanticField(default_factory=list)
    seniority: list[Seniority] = PydanticField(default_factory=list)
    points: float = PydanticField(default=100, ge=0, le=100)

    @model_validator(mode="after")
    def _matches_something(self) -> PersonaSpec:
        if not self.titles and not self.departments:
            raise ValueError("a persona needs `titles` or `departments` (or both)")
        unknown = [d for d in self.departments if d not in DEPARTMENTS]
        if unknown:
            raise ValueError(
                f"unknown department {unknown[0]!r}{did_you_mean(unknown[0], DEPARTMENTS)}; "
                f"use one of: {', '.join(DEPARTMENTS)}"
            )
        if any(not t.strip() for t in self.titles):
            raise ValueError("titles must not be empty strings")
        return self


class LeadRouting(_Strict):
    """Lower bounds of the lead score for each route; below `nurture` a lead is disqualified."""

    ae: float = 75
    sdr: float = 50
    nurture: float = 25

    @model_validator(mode="after")
    def _ordered(self) -> LeadRouting:
        if not 0 <= self.nurture <= self.sdr <= self.ae <= 100:
            raise ValueError("lead routing must satisfy 0 <= nurture <= sdr <= ae <= 100")
        return self


class LeadSettings(_Strict):
    """How a lead score is put together (see README, "Lead score")."""

    persona_weight: float = PydanticField(default=0.4, ge=0)
    account_weight: float = PydanticField(default=0.4, ge=0)
    engagement_weight: float = PydanticField(default=0.2, ge=0)
    committee_bonus: float = PydanticField(default=10, ge=0, le=100)
    missing_decision_maker_penalty: float = PydanticField(default=5, ge=0, le=100)
    routing: LeadRouting = PydanticField(default_factory=LeadRouting)
    engagement: list[Criterion] = PydanticField(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> LeadSettings:
        total = self.persona_weight + self.account_weight + self.engagement_weight
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            raise ValueError(f"lead weights must sum to 1.0, they sum to {total:g}")
        for criterion in self.engagement:
            if not (criterion.field or "").startswith("input."):
                raise ValueError("engagement criteria name contacts-file columns: `input.<column>`")
        return self
