"""Manual overrides: sales sets an account's tier or score with a reason; undoable, kept apart.

Overrides live in their own table (`overrides`, migration m002) and are applied at output time
with `apply_override`, so `icp score` can re-score the research as often as it likes: the model's
score stays in `scores`, and the person's decision is laid over it, with who-knows-why attached.
Undo is a stack per account and ICP: undoing the newest override brings back the one before.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from agent.accounts import normalize_domain
from agent.errors import ConfigError, InputError
from agent.icp import ICP, TIER_NAMES, Routing, Tiers
from agent.icp_names import check_icp_name
from agent.models import Score, Tier
from agent.scoring import route_for, tier_for
from store.connection import now_iso
from store.db import Store


class Override(BaseModel):
    """One manual override as stored."""

    id: int | None = None
    domain: str
    icp: str
    tier: Tier | None = None
    score: float | None = None
    reason: str
    created_at: str
    undone_at: str | None = None


class AppliedOverride(BaseModel):
    """What an override changed, carried in the output score."""

    id: int | None
    tier: Tier | None
    score: float | None
    reason: str
    created_at: str
    model_total: float
    model_tier: Tier
    model_route: str


class OverriddenScore(Score):
    """A `Score` with the override that set it (`override` is None when there is none)."""

    # narrows the contract's plain dict to the model that produces it (pydantic validates it)
    override: AppliedOverride | None = None  # type: ignore[assignment]


def parse_tier(text: str) -> Tier:
    """Return the tier named by "Perfect Fit", "perfect" or "STRONG"; raise ConfigError."""
    wanted = text.strip().lower().removesuffix(" fit").removesuffix("-fit")
    for tier in TIER_NAMES:
        if tier.lower().removesuffix(" fit") == wanted:
            return tier
    raise ConfigError(f"unknown tier {text!r}; use one of: {', '.join(TIER_NAMES)}")


def apply_override(score: Score, override: Override | None, icp: ICP | None = None) -> Score:
    """Return the score as the override sets it (tier, score or both), with the reason.

    A score alone implies its tier through the ICP's thresholds (the defaults without `icp`);
    the route follows the tier through the ICP's routing. The dimensions stay the model's, so
    the reasons still explain what the research found.
    """
    if override is None or override.undone_at is not None:
        return score
    tiers = icp.tiers if icp else Tiers()
    routing = icp.routing if icp else Routing()
    total = score.total if override.score is None else float(override.score)
    if override.tier is not None:
        tier: Tier = override.tier
    else:
        tier = tier_for(total, tiers)
    base = score.model_dump(exclude={"override"})
    applied = AppliedOverride(
        id=override.id,
        tier=override.tier,
        score=override.score,
        reason=override.reason,
        created_at=override.created_at,
        model_total=score.total,
        model_tier=score.tier,
        model_route=score.route,
    )
    base.update(total=total, tier=tier, route=route_for(tier, routing))
    return OverriddenScore(**base, override=applied)


def _row_to_override(row: dict[str, Any]) -> Override:
    return Override.model_validate(row)


def resolve_icp_name(store: Store, domain: str, given: str | None) -> str:
    """Return the ICP an override is for: the one given (a scored one), or the only one scored."""
    if given:
        return check_icp_name(given, store.icp_names())
    names = store.icp_names(domain) or store.icp_names()
    if len(names) == 1:
        return names[0]
    if not names:
        raise ConfigError("no scores in the store yet: name the ICP with --icp NAME")
    raise ConfigError(
        f"{domain} is scored against several ICPs ({', '.join(names)}): choose one with --icp NAME"
    )


def add_override(
    store: Store,
    domain: str,
    icp: str,
    *,
    reason: str,
    tier: str | None = None,
    score: float | None = None,
    now: str | None = None,
) -> Override:
    """Store an override (tier and/or score) for one account and ICP; return it."""
    bare = normalize_domain(domain)
    if bare is None:
        raise InputError(f"{domain!r} is not a domain")
    if not reason.strip():
        raise ConfigError("an override needs a --reason (why the score is wrong)")
    if tier is None and score is None:
        raise ConfigError("give --tier, --score or both")
    if score is not None and not 0 <= score <= 100:
        raise ConfigError(f"--score must be between 0 and 100, not {score:g}")
    override = Override(
        domain=bare,
        icp=icp,
        tier=parse_tier(tier) if tier else None,
        score=score,
        reason=reason.strip(),
        created_at=now or now_iso(),
    )
    override_id = store.add_override(override.model_dump(exclude={"id"}))
    return override.model_copy(update={"id": override_id})


def list_overrides(
    store: Store, *, include_undone: bool = False, domain: str | None = None
) -> list[Override]:
    """Return overrides, newest first; undone ones only when asked."""
    if domain:
        domain = normalize_domain(domain) or domain
    rows = store.overrides(include_undone=include_undone, domain=domain)
    return [_row_to_override(row) for row in rows]


def undo_override(
    store: Store, domain: str, icp: str | None = None, *, now: str | None = None
) -> Override | None:
    """Mark the newest active override of an account (for one ICP, or any) undone; return it."""
    for override in list_overrides(store, domain=domain):
        if icp is None or override.icp == icp:
            assert override.id is not None  # rows read from the store carry their id
            store.mark_override_undone(override.id, now or now_iso())
            return override.model_copy(update={"undone_at": now or now_iso()})
    return None


def active_overrides(store: Store, icp: str | None = None) -> dict[tuple[str, str], Override]:
    """Return the newest active override per (domain, ICP name)."""
    active: dict[tuple[str, str], Override] = {}
    for override in list_overrides(store):
        if icp is None or override.icp == icp:
            active.setdefault((override.domain, override.icp), override)
    return active


def apply_overrides(
    records: list[dict[str, Any]],
    overrides: dict[tuple[str, str], Override],
    icps: list[ICP] = (),  # type: ignore[assignment]
) -> int:
    """Lay the active overrides over each record's `score` in place; return how many applied."""
    by_name = {icp.name: icp for icp in icps}
    applied = 0
    for record in records:
        score = record.get("score")
        if not score:
            continue
        override = overrides.get((record["domain"], score["icp"]))
        if override is None:
            continue
        model = Score.model_validate({k: v for k, v in score.items() if k != "override"})
        new = apply_override(model, override, by_name.get(score["icp"]))
        record["score"] = new.model_dump(mode="json")
        applied += 1
    return applied


def override_columns(record: dict[str, Any]) -> dict[str, Any]:
    """Return the CSV columns that show an override: reason, time, and the model's score."""
    applied = (record.get("score") or {}).get("override") or {}
    return {
        "override_reason": applied.get("reason", ""),
        "override_at": applied.get("created_at", ""),
        "model_score": applied.get("model_total", ""),
        "model_tier": applied.get("model_tier", ""),
    }
