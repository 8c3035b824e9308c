"""The reply schema of the `assess_interview` prompt (what the model must answer).

The JSON schema sent with each request is generated from these models (`strict_json_schema`):
only the fields below exist, and unknown keys in a reply ("score", "tier" ...) are ignored.
Kinds are the vocabularies of the rule-based extractors (`tools.notes.current_tools`,
`tools.notes.need_signals`), so LLM items merge with rule items; a kind or category outside the
vocabulary is read as no kind / `other` rather than spending a re-ask on it. Quotes are plain
strings: the file they come from is set locally, never by the model.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import BaseModel, field_validator
from pydantic import Field as PydanticField

Category = Literal[
    "pipeline_generation", "data_quality", "lead_routing", "forecasting", "tool_sprawl",
    "manual_work", "reporting", "compliance", "other",
]  # fmt: skip
"""`tools.notes.pain_lexicon.CATEGORY_KEYS` (a test keeps them equal)."""
ToolKind = Literal["tool", "workaround", "former", "evaluated"]
TriggerKind = Literal[
    "new leader", "funding", "team growth", "renewal", "migration", "missed target", "expansion",
    "acquisition", "audit", "mandate", "reorganization", "new role",
]  # fmt: skip
ObjectionKind = Literal[
    "price", "security", "integration", "incumbent", "priority", "adoption", "terms", "authority",
    "concern",
]  # fmt: skip
DecisionKind = Literal["economic buyer", "technical", "legal/procurement", "influencer", "step"]
BudgetKind = Literal["amount", "statement"]
TimelineKind = Literal["date", "urgent"]
MAX_QUOTES_PER_ITEM = 3


def _known(value: Any, kinds: Any, fallback: Any = None) -> Any:
    """Return `value` when it is one of the `Literal` kinds, else `fallback`."""
    return value if value in get_args(kinds) else fallback


def _quotes(value: Any) -> Any:
    """Accept one quote as a string; keep at most `MAX_QUOTES_PER_ITEM`."""
    if isinstance(value, str):
        value = [value]
    return value[:MAX_QUOTES_PER_ITEM] if isinstance(value, list) else value


class PainItem(BaseModel):
    """A problem the customer has."""

    pain: str
    category: Category
    severity: Literal["critical", "important", "nice-to-have"]
    quotes: list[str] = PydanticField(default_factory=list)

    _check_quotes = field_validator("quotes", mode="before")(_quotes)

    @field_validator("category", mode="before")
    @classmethod
    def _category(cls, value: Any) -> Any:
        return _known(value, Category, "other")

    @field_validator("severity", mode="before")
    @classmethod
    def _severity(cls, value: Any) -> Any:
        return _known(value, Literal["critical", "important", "nice-to-have"], "important")


class ToolItem(BaseModel):
    """A product or workaround used now, before, or evaluated."""

    text: str
    kind: ToolKind | None = None
    quotes: list[str] = PydanticField(default_factory=list)

    _check_quotes = field_validator("quotes", mode="before")(_quotes)
    _check_kind = field_validator("kind", mode="before")(lambda v: _known(v, ToolKind))


class TriggerItem(BaseModel):
    """An event that makes the customer look for a solution now."""

    text: str
    kind: TriggerKind | None = None
    quotes: list[str] = PydanticField(default_factory=list)

    _check_quotes = field_validator("quotes", mode="before")(_quotes)
    _check_kind = field_validator("kind", mode="before")(lambda v: _known(v, TriggerKind))


class OutcomeItem(BaseModel):
    """What the customer wants to achieve."""

    text: str
    quotes: list[str] = PydanticField(default_factory=list)

    _check_quotes = field_validator("quotes", mode="before")(_quotes)


class ObjectionItem(BaseModel):
    """A reason not to buy or adopt."""

    text: str
    kind: ObjectionKind | None = None
    quotes: list[str] = PydanticField(default_factory=list)

    _check_quotes = field_validator("quotes", mode="before")(_quotes)
    _check_kind = field_validator("kind", mode="before")(lambda v: _known(v, ObjectionKind))


class DecisionItem(BaseModel):
    """A buying-committee role (a job title, never a name) or a buying step."""

    text: str
    kind: DecisionKind | None = None
    quotes: list[str] = PydanticField(default_factory=list)

    _check_quotes = field_validator("quotes", mode="before")(_quotes)
    _check_kind = field_validator("kind", mode="before")(lambda v: _known(v, DecisionKind))


class BudgetItem(BaseModel):
    """A sum of money they spend or may spend, or a budget statement."""

    text: str
    kind: BudgetKind | None = None
    quotes: list[str] = PydanticField(default_factory=list)

    _check_quotes = field_validator("quotes", mode="before")(_quotes)
    _check_kind = field_validator("kind", mode="before")(lambda v: _known(v, BudgetKind))


class TimelineItem(BaseModel):
    """When the customer wants to act, or how urgently."""

    text: str
    kind: TimelineKind | None = None
    quotes: list[str] = PydanticField(default_factory=list)

    _check_quotes = field_validator("quotes", mode="before")(_quotes)
    _check_kind = field_validator("kind", mode="before")(lambda v: _known(v, TimelineKind))


class InterviewReply(BaseModel):
    """The reply to `assess_interview`: every list may be empty."""

    pains: list[PainItem] = PydanticField(default_factory=list)
    current_tools: list[ToolItem] = PydanticField(default_factory=list)
    triggers: list[TriggerItem] = PydanticField(default_factory=list)
    desired_outcomes: list[OutcomeItem] = PydanticField(default_factory=list)
    objections: list[ObjectionItem] = PydanticField(default_factory=list)
    decision_process: list[DecisionItem] = PydanticField(default_factory=list)
    budget: list[BudgetItem] = PydanticField(default_factory=list)
    timeline: list[TimelineItem] = PydanticField(default_factory=list)

    @field_validator("*", mode="before")
    @classmethod
    def _null_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value


SIGNAL_FIELDS = (
    "current_tools", "triggers", "desired_outcomes", "objections", "decision_process", "budget",
    "timeline",
)  # fmt: skip
"""The reply's lists besides pains, in the order of `tools.notes.pains.Assessment`."""
