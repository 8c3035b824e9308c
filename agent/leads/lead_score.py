"""The deterministic lead score and route, explained part by part.

    base       = Σ weight × part / Σ weight, over the parts that are known:
                 persona     the matched persona's points (0 when no persona matches)
                 account     the account's ICP score from the store (unknown: left out)
                 engagement  100 × points of met `[[leads.engagement]]` criteria / all their
                             points (left out when the ICP defines none)
    lead score = clamp(base + buying-committee adjustment, 0, 100)   (see agent.leads.committee)

Route: the account's override in the store, when there is one, decides (its reason is shown);
otherwise ae / sdr / nurture by the `[leads.routing]` lower bounds, disqualify below them; a
lead that matches no persona goes at most to nurture.
"""

from __future__ import annotations

from typing import Any

from agent.icp import ICP
from agent.leads.account_fit import AccountFit
from agent.leads.contacts import Contact
from agent.leads.persona_match import PersonaMatch
from agent.leads.titles import ParsedTitle
from agent.models import Route
from agent.personas import LeadRouting
from agent.scoring import evaluate_criterion

_ROUTE_RANK = {"disqualify": 0, "nurture": 1, "sdr": 2, "ae": 3}


def engagement_score(icp: ICP, properties: dict[str, Any]) -> tuple[float | None, list[str]]:
    """Return 100 × met points / all points of the engagement criteria, and their reasons."""
    criteria = icp.leads.engagement
    if not criteria:
        return None, []
    record = {"input": properties}
    earned, possible, reasons = 0.0, 0.0, []
    for criterion in criteria:
        outcome, reason = evaluate_criterion(criterion, record)
        possible += criterion.points
        earned += criterion.points if outcome == "met" else 0.0
        reasons.append(f"engagement {reason}")
    return 100.0 * earned / possible, reasons


def route_by_score(score: float, routing: LeadRouting) -> Route:
    """Return the route of a lead score by the routing lower bounds."""
    if score >= routing.ae:
        return "ae"
    if score >= routing.sdr:
        return "sdr"
    if score >= routing.nurture:
        return "nurture"
    return "disqualify"


def _route(
    icp: ICP, total: float, match: PersonaMatch, fit: AccountFit | None
) -> tuple[Route, str]:
    by_score = route_by_score(total, icp.leads.routing)
    routing = icp.leads.routing
    why = (
        f"route {by_score}: lead score {total:g} (ae ≥ {routing.ae:g}, sdr ≥ {routing.sdr:g}, "
        f"nurture ≥ {routing.nurture:g})"
    )
    if match.persona is None and _ROUTE_RANK[by_score] > _ROUTE_RANK["nurture"]:
        by_score, why = "nurture", f"route nurture: no persona matches (score alone: {by_score})"
    if fit is not None and fit.override is not None and fit.route is not None:
        override = fit.override
        route: Route = fit.route  # type: ignore[assignment]
        return route, (
            f"route {route} from the account override of {fit.domain} "
            f'("{override.get("reason")}", {override.get("created_at")}): takes precedence '
            f"over {by_score} from the lead score"
        )
    return by_score, why


def score_lead(
    icp: ICP,
    contact: Contact,
    title: ParsedTitle,
    match: PersonaMatch,
    fit: AccountFit | None,
    committee: tuple[float, str] | None,
) -> dict[str, Any]:
    """Return one leads.jsonl object for a contact."""
    if contact.problem is not None:
        return error_line(contact, contact.problem)
    settings = icp.leads
    reasons = [*contact.notes, match.reason]
    parts: list[tuple[str, float, float]] = [
        ("persona", settings.persona_weight, match.persona.points if match.persona else 0.0)
    ]
    if fit is None:
        reasons.append("no usable company: scored on persona and engagement alone")
    elif not fit.known:
        reasons.append(
            f"account {fit.domain} is not in the store (research it with --enrich): "
            "scored on persona and engagement alone"
        )
    else:
        assert fit.score is not None  # a known account always has a score
        parts.append(("account", settings.account_weight, fit.score))
        reasons.append(f"account {fit.domain}: ICP score {fit.score:g} ({fit.tier})")
    engagement, engagement_reasons = engagement_score(icp, contact.input)
    reasons.extend(engagement_reasons)
    if engagement is not None:
        parts.append(("engagement", settings.engagement_weight, engagement))
    weight = sum(w for _, w, _ in parts)
    base = sum(w * v for _, w, v in parts) / weight if weight else 0.0
    delta = 0.0
    if committee is not None and fit is not None and fit.known:
        delta, committee_reason = committee
        reasons.append(committee_reason)
    total = round(min(100.0, max(0.0, base + delta)), 1)
    formula = (
        " + ".join(f"{w / weight:.2f}×{name} {v:.0f}" for name, w, v in parts) if weight else "0"
    )
    reasons.append(
        f"lead score {total:g} = {formula}" + (f" {delta:+g} buying committee" if delta else "")
    )
    route, route_reason = _route(icp, total, match, fit)
    reasons.append(route_reason)
    persona = None
    if match.persona is not None:
        persona = {
            "name": match.persona.name,
            "role": match.persona.role,
            "seniority": title.seniority,
            "department": title.department,
        }
    return {
        "input": contact.input,
        "email": contact.email,
        "domain": fit.domain if fit is not None else None,
        "status": "ok",
        "error": None,
        "persona": persona,
        "account": fit.contract() if fit is not None else None,
        "lead_score": total,
        "route": route,
        "reasons": reasons,
    }


def error_line(contact: Contact, problem: str) -> dict[str, Any]:
    """Return the leads.jsonl object of a row that cannot be scored."""
    return {
        "input": contact.input, "email": contact.email, "domain": None, "status": "error",
        "error": problem, "persona": None, "account": None, "lead_score": 0,
        "route": "disqualify", "reasons": [problem],
    }  # fmt: skip
