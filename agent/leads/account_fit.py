"""Account fit for leads: the stored account score (with its override) and name matching.

The fit of a stored account is its stored score for this ICP (as `icp enrich` / `icp score`
wrote it); an account stored but never scored with this ICP is scored from its stored
research. An active override (`icp override`) is laid on top and its reason carried along.
Nothing here fetches: an account not in the store is reported as unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from agent.icp import ICP
from agent.leads.titles import fold
from agent.models import Score
from agent.overrides import Override, active_overrides, apply_override
from agent.scoring import score_record
from store.db import Store

_LEGAL_SUFFIXES = re.compile(
    r"\b(?:inc|incorporated|llc|ltd|limited|gmbh|ag|sa|sas|sarl|bv|nv|plc|corp|corporation|co"
    r"|company|srl|spa|oy|ab|as|kg|se|pty|pte)\b"
)


def company_key(name: str) -> str:
    """Fold a company name for matching ("Acme, Inc." and "ACME" give "acme")."""
    text = re.sub(r"[^\w\s]+", " ", fold(name))
    return " ".join(_LEGAL_SUFFIXES.sub(" ", text).split())


@dataclass(frozen=True)
class AccountFit:
    """What the store knows about a lead's account."""

    domain: str
    known: bool
    score: float | None = None
    tier: str | None = None
    route: str | None = None
    override: dict[str, Any] | None = None
    """The applied override (reason, created_at, model_total ...), when one is active."""

    def contract(self) -> dict[str, Any]:
        """Return the `account` object of a leads.jsonl line."""
        return {"domain": self.domain, "known": self.known, "score": self.score, "tier": self.tier}


class AccountDirectory:
    """Looks accounts up in the store for one ICP, caching what it read."""

    def __init__(self, store: Store, icp: ICP):
        self.store = store
        self.icp = icp
        self._overrides: dict[tuple[str, str], Override] = active_overrides(store, icp.name)
        self._fits: dict[str, AccountFit] = {}
        self._names: dict[str, str | None] | None = None

    def fit(self, domain: str) -> AccountFit:
        """Return the account fit of a domain (unknown when it is not stored)."""
        cached = self._fits.get(domain)
        if cached is None:
            cached = self._fits[domain] = self._read_fit(domain)
        return cached

    def forget(self, domain: str) -> None:
        """Drop a cached fit (after the account was researched)."""
        self._fits.pop(domain, None)

    def score(
        self, domain: str, record: dict[str, Any] | None = None, *, dimensions: bool = True
    ) -> Score:
        """Return the account's score for this ICP with the override laid on (stored first).

        Without `dimensions` a stored score comes without its per-dimension reasons (a lead
        needs only the total, tier and route; reading the reasons costs more than the rest).
        """
        stored = self.store.stored_score(domain, self.icp.name, dimensions=dimensions)
        if stored is not None:
            score = Score.model_validate(stored)
        else:
            record = record if record is not None else self.store.load_record(domain)
            if record is None:
                raise KeyError(domain)
            score = score_record(self.icp, record)
        return apply_override(score, self._overrides.get((domain, self.icp.name)), self.icp)

    def _read_fit(self, domain: str) -> AccountFit:
        try:
            final = self.score(domain, dimensions=False)
        except KeyError:
            return AccountFit(domain=domain, known=False)
        applied = getattr(final, "override", None)
        return AccountFit(
            domain=domain,
            known=True,
            score=final.total,
            tier=final.tier,
            route=final.route,
            override=applied.model_dump(mode="json") if applied is not None else None,
        )

    def domain_for_name(self, company: str) -> str | None:
        """Return the stored account whose name is `company` (None when none or several)."""
        if self._names is None:
            self._names = {}
            for domain, given, researched in self.store.account_names():
                for name in {given, researched} - {None, ""}:
                    key = company_key(str(name))
                    if key:
                        # a name shared by two accounts identifies neither
                        seen = self._names.get(key, domain)
                        self._names[key] = domain if seen == domain else None
        key = company_key(company)
        return self._names.get(key) if key else None
