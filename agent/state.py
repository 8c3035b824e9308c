"""Typed graph state in layers: what comes in, what nodes share, what comes out."""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from typing import Annotated, Any

from agent.llm.costs import Usage
from agent.models import (
    AccountResult,
    Field,
    Firmographics,
    Hiring,
    Needs,
    PageRecord,
    Person,
    Reconciliation,
    Score,
    Signal,
    Technology,
)
from tools.html import ParsedPage


@dataclass(kw_only=True)
class InputState:
    """One input row to research."""

    domain: str
    """Normalized bare domain, e.g. `acme.com`."""
    input: dict[str, Any] = field(default_factory=dict)
    """The CSV row as given, passed through to the results."""


@dataclass(kw_only=True)
class State(InputState):
    """Everything the nodes of one account's run read and write."""

    researched_on: str | None = None
    """The run's reference day (YYYY-MM-DD): what "today" means for dates and ages."""
    home_url: str | None = None
    """Final URL of the home page, once fetched."""
    pages: list[PageRecord] = field(default_factory=list)
    """Every page and API response fetched for the account (evidence is checked on these)."""
    parsed: list[tuple[str, ParsedPage]] = field(default_factory=list)
    """Internal: every HTML page (kind, parsed once), until the extractors have read them."""
    requested: set[str] = field(default_factory=set)
    """Internal: every URL asked so far (no later node asks one again)."""
    hiring: Hiring = field(default_factory=Hiring)
    """Job board findings."""
    job_technologies: list[Technology] = field(default_factory=list)
    """Technologies named in job descriptions."""
    firmographics: Firmographics = field(default_factory=Firmographics)
    """Company facts, each with evidence."""
    alternatives: list[tuple[str, Field]] = field(default_factory=list)
    """Losing candidates of conflicting facts, kept for the store."""
    technographics: list[Technology] = field(default_factory=list)
    """Technologies in use, with evidence."""
    specialized: dict[str, Field] = field(default_factory=dict)
    """Answers to the ICP file's `[[specialized]]` questions."""
    needs: Needs | None = None
    """Needs from interview notes, when the account has any."""
    buying_committee: list[Person] = field(default_factory=list)
    """People with titles from team/leadership pages, with persona roles."""
    signals: list[Signal] = field(default_factory=list)
    """Dated buying signals: announcements, hiring surges, changes since the last research."""
    score: Score | None = None
    """The ICP score (of the best-fitting ICP when several are given)."""
    all_scores: list[Score] = field(default_factory=list)
    """With several ICPs: every ICP's full score (all are stored)."""
    best_icp: str | None = None
    """With several ICPs: the name of the best fit."""
    scores: list[dict[str, Any]] | None = None
    """With several ICPs: the summary of every ICP's score for the results line."""
    reconciliation: list[Reconciliation] = field(default_factory=list)
    """With an LLM: per firmographic field, both proposals and what the reconciler kept."""
    llm_drops: Annotated[list[dict[str, Any]], operator.add] = field(default_factory=list)
    """LLM values the grounding gate refused: target, value, reason, url, quote."""
    usage: Usage | None = None
    """Tokens and cost of this account's LLM calls."""
    notes: Annotated[list[str], operator.add] = field(default_factory=list)
    """What went wrong or was skipped, for people (appended by each node)."""
    error: str | None = None
    """Set when the account could not be researched at all."""


@dataclass(kw_only=True)
class OutputState:
    """What a run returns."""

    result: AccountResult | None = None
    """The contract-shaped result of the account."""
