"""The API's response shapes (they are also its OpenAPI schema)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


class LeadPersona(BaseModel):
    """The persona a contact matched."""

    name: str
    role: str
    seniority: str | None
    department: str | None


class LeadAccount(BaseModel):
    """The contact's account as the store knows it."""

    domain: str
    known: bool
    score: float | None
    tier: str | None


class LeadLine(BaseModel):
    """One scored lead: the same object as a line of leads.jsonl (plus `queued`)."""

    input: dict[str, Any]
    email: str | None
    domain: str | None
    status: Literal["ok", "error"]
    error: str | None
    persona: LeadPersona | None
    account: LeadAccount | None
    lead_score: float
    route: Literal["ae", "sdr", "nurture", "disqualify"]
    reasons: list[str]
    queued: bool = False
    """True when the account was unknown and has been queued for research (`--queue-file`)."""


class AccountRecord(BaseModel):
    """A stored account: the results.jsonl object (domain, firmographics, ..., score)."""

    model_config = ConfigDict(extra="allow")

    domain: str
    score: dict[str, Any] | None = None


class Health(BaseModel):
    """Liveness and what the server serves."""

    status: Literal["ok"]
    icp: str
    accounts: int


class ErrorBody(BaseModel):
    """Every error answer: a status code and one clear sentence."""

    error: str
