"""Pydantic models of the public results contract (see README "Output format").

Every value the agent reports is a `Field`: a value plus the evidence (URL and verbatim
quote) it came from. A value without evidence is `None`; `Field.empty()` is the canonical
"unknown".
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydanticField

Method = Literal["json-ld", "meta", "rule", "llm", "input"]
TechMethod = Literal["fingerprint", "job-post", "llm"]
FundingStage = Literal[
    "bootstrapped",
    "pre-seed",
    "seed",
    "series-a",
    "series-b",
    "series-c",
    "series-d+",
    "public",
    "acquired",
]
BusinessModel = Literal["b2b", "b2c", "b2b2c", "marketplace"]
Tier = Literal["Perfect Fit", "Strong Fit", "Moderate Fit", "Weak Fit"]
Route = Literal["ae", "sdr", "nurture", "disqualify"]
AtsVendor = Literal[
    "greenhouse", "lever", "ashby", "workable", "smartrecruiters", "workday", "icims", "personio",
    "recruitee", "teamtailor", "bamboohr", "jazzhr", "rippling", "breezy", "join", "jsonld",
]
JobFunction = Literal[
    "sales_development",
    "account_executive",
    "engineering",
    "marketing",
    "customer_success",
    "other",
]
JOB_FUNCTIONS: tuple[str, ...] = JobFunction.__args__  # type: ignore[attr-defined]
Severity = Literal["critical", "important", "nice-to-have"]
SignalType = Literal[
    "funding",
    "acquisition",
    "expansion",
    "product_launch",
    "leadership_hire",
    "partnership",
    "hiring_surge",
    "tech_adopted",
    "tech_dropped",
    "headcount_change",
    "open_roles_change",
    "funding_stage_change",
]
SIGNAL_TYPES: tuple[str, ...] = SignalType.__args__  # type: ignore[attr-defined]


class Evidence(BaseModel):
    """Where a value came from: a fetched URL and a verbatim quote from that page."""

    model_config = ConfigDict(frozen=True)

    url: str
    quote: str


class Field(BaseModel):
    """One researched value with its evidence; `value is None` means unknown."""

    value: Any = None
    evidence: list[Evidence] = PydanticField(default_factory=list)
    confidence: float = 0.0
    method: Method | None = None

    @classmethod
    def empty(cls) -> Field:
        """Return the canonical unknown field."""
        return cls()

    @property
    def known(self) -> bool:
        """Whether the field holds a value backed by evidence."""
        return self.value is not None and bool(self.evidence)


class Firmographics(BaseModel):
    """Company facts; each is a `Field`, null when the agent could not prove it."""

    company_name: Field = PydanticField(default_factory=Field)
    industry: Field = PydanticField(default_factory=Field)
    employee_count: Field = PydanticField(default_factory=Field)
    hq_city: Field = PydanticField(default_factory=Field)
    hq_country: Field = PydanticField(default_factory=Field)
    founded_year: Field = PydanticField(default_factory=Field)
    funding_stage: Field = PydanticField(default_factory=Field)
    total_funding_usd: Field = PydanticField(default_factory=Field)
    business_model: Field = PydanticField(default_factory=Field)


FIRMOGRAPHIC_FIELDS: tuple[str, ...] = tuple(Firmographics.model_fields)


class Technology(BaseModel):
    """A technology the company uses, with the evidence of use."""

    name: str
    category: str
    """The main (first) Wappalyzer category, or the job-post dictionary's category."""
    evidence: list[Evidence] = PydanticField(default_factory=list)
    method: TechMethod = "fingerprint"
    categories: list[str] = PydanticField(default_factory=list)
    """Every Wappalyzer category of the technology (the job-post category for job posts)."""
    business: bool = True
    """A business tool a seller cares about (CRM, analytics, CMS …), not web plumbing (a
    JavaScript library, a CDN): the category policy of `tools.technographics.business_tools`."""


class Posting(BaseModel):
    """One open job, normalized across ATS vendors."""

    title: str
    function: JobFunction = "other"
    seniority: str | None = None
    department: str | None = None
    location: str | None = None
    country: str | None = None
    remote: bool | None = None
    employment_type: str | None = None
    url: str | None = None
    posted_at: str | None = None
    text: str = ""


class Hiring(BaseModel):
    """Hiring signals. `open_roles is None` means the job board could not be read."""

    ats: AtsVendor | None = None
    board_url: str | None = None
    status: Literal["ok", "no_open_roles", "board_not_found", "fetch_failed", "not_found"] = (
        "not_found"
    )
    open_roles: int | None = None
    by_function: dict[str, int] | None = None
    by_seniority: dict[str, int] | None = None
    locations: dict[str, int] | None = None
    """Open roles per posting location, most first."""
    countries: dict[str, int] | None = None
    remote: int | None = None
    """Open roles marked remote."""
    opened_last_30_days: int | None = None
    """Postings opened in the last 30 days (None when the board gives no dates)."""
    opened_last_90_days: int | None = None
    postings: list[Posting] = PydanticField(default_factory=list)


Persona = Literal["economic_buyer", "champion", "technical_evaluator", "user"]


class Person(BaseModel):
    """A member of the buying committee: name and title from a team page, with a persona."""

    name: str
    title: str
    persona: Persona | None = None
    evidence: list[Evidence] = PydanticField(default_factory=list)


class Signal(BaseModel):
    """A dated buying signal: what happened, when the page says it did, and the evidence.

    `date` is the event's date as the page states it (None when it states none); change
    signals are dated by the research run that saw the change.
    """

    type: SignalType
    date: str | None = None
    summary: str
    evidence: list[Evidence] = PydanticField(default_factory=list)


class Quote(BaseModel):
    """A verbatim quote from an interview note."""

    file: str
    quote: str


class Pain(BaseModel):
    """One customer pain with its category, severity and supporting quotes."""

    pain: str
    category: str
    severity: Severity
    quotes: list[Quote] = PydanticField(default_factory=list)


class Needs(BaseModel):
    """Needs assessment merged from an account's interview notes."""

    interviews: int = 0
    pains: list[Pain] = PydanticField(default_factory=list)
    current_tools: list[Any] = PydanticField(default_factory=list)
    triggers: list[Any] = PydanticField(default_factory=list)
    objections: list[Any] = PydanticField(default_factory=list)
    desired_outcomes: list[Any] = PydanticField(default_factory=list)
    decision_process: Any = None
    budget: Any = None
    timeline: Any = None


class DimensionScore(BaseModel):
    """Score of one ICP dimension with human-readable reasons."""

    weight: float
    score: float
    reasons: list[str] = PydanticField(default_factory=list)


class Score(BaseModel):
    """Weighted ICP fit score of one account."""

    icp: str
    total: float
    tier: Tier
    route: Route
    dimensions: dict[str, DimensionScore] = PydanticField(default_factory=dict)
    override: dict[str, Any] | None = None
    """A manual override laid over the model's score (reason, time, model total/tier)."""


class PageRecord(BaseModel):
    """What was fetched for an account (kept for evidence checks and the store)."""

    url: str
    final_url: str | None = None
    kind: str = "other"
    status: int | None = None
    content_type: str | None = None
    error: str | None = None
    text: str = ""
    source: str = ""
    headers: dict[str, str] = PydanticField(default_factory=dict)
    fetched_at: str | None = None
    content_hash: str | None = None


ReconcileOutcome = Literal["agree", "conflict", "rules", "llm", "none"]


class Reconciliation(BaseModel):
    """One field's two proposals and what was kept (a `results.jsonl` contract addition)."""

    field: str
    """The field's path, e.g. `firmographics.hq_city`."""
    outcome: ReconcileOutcome
    rules: Field | None = None
    """The deterministic extractors' proposal (None when they found nothing)."""
    llm: Field | None = None
    """The LLM's grounded proposal (None when it proposed nothing that passed the gate)."""
    kept: Literal["rules", "llm"] | None = None


class AccountResult(BaseModel):
    """One line of results.jsonl (the public contract)."""

    domain: str
    input: dict[str, Any] = PydanticField(default_factory=dict)
    status: Literal["ok", "error"] = "ok"
    error: str | None = None
    firmographics: Firmographics = PydanticField(default_factory=Firmographics)
    technographics: list[Technology] = PydanticField(default_factory=list)
    hiring: Hiring = PydanticField(default_factory=Hiring)
    specialized: dict[str, Field] = PydanticField(default_factory=dict)
    needs: Needs | None = None
    buying_committee: list[Person] = PydanticField(default_factory=list)
    """People named with a title on team/leadership pages, mapped to persona roles."""
    signals: list[Signal] = PydanticField(default_factory=list)
    """Dated buying signals from the site, the job board and changes since the last run."""
    researched_on: str | None = None
    """The day the research describes (YYYY-MM-DD); signal ages are counted to it."""
    score: Score | None = None
    best_icp: str | None = None
    """With several ICP files: the name of the best-fitting one (`score` is its score)."""
    scores: list[dict[str, Any]] | None = None
    """With several ICP files: every ICP's total, tier and route."""
    notes: list[str] = PydanticField(default_factory=list)
    """What went wrong on the way (pages missing, board not found ...), for people."""
    reconciliation: list[Reconciliation] = PydanticField(default_factory=list)
    """With an LLM: per firmographic field, the rules' and the LLM's proposals and the choice."""

    def contract_dict(self) -> dict[str, Any]:
        """Return the JSON-ready dict written to results.jsonl."""
        data = self.model_dump(mode="json")
        if self.scores is None:
            del data["best_icp"], data["scores"]
        if not self.reconciliation:
            del data["reconciliation"]
        data["hiring"] = self.hiring.model_dump(mode="json", exclude={"postings"})
        data["hiring"]["postings"] = [
            p.model_dump(mode="json", exclude={"text"}) for p in self.hiring.postings
        ]
        return data
