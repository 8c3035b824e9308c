"""Buying-committee fit: which ICP personas are covered at an account, and what that adds.

Coverage counts the personas matched by known people at the account: contacts in the file
being scored, contacts scored earlier (the `contacts` table) and people found on the
account's team pages during research. The adjustment to every lead score of the account is

    committee_bonus × covered / personas  −  missing_decision_maker_penalty (when the ICP has
                                              decision-maker personas and none is covered)

with both numbers from `[leads]` in the ICP file (defaults 10 and 5).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from agent.icp import ICP
from agent.leads.persona_match import match_persona
from agent.leads.titles import parse_title
from store.db import Store


@dataclass
class Coverage:
    """Personas covered at one account, each with who covers it."""

    covered: dict[str, list[str]] = field(default_factory=dict)

    def add(self, persona: str, who: str) -> None:
        """Record that `who` covers `persona` (the first few names are kept)."""
        people = self.covered.setdefault(persona, [])
        if who not in people and len(people) < 3:
            people.append(who)


def stored_coverage(store: Store, icp: ICP, domain: str) -> Coverage:
    """Return the personas covered by the account's team-page people and stored contacts."""
    coverage = Coverage()
    for name, title in store.team_titles(domain):
        match = match_persona(parse_title(title), icp.personas)
        if match.persona is not None:
            coverage.add(match.persona.name, f"{name} (team page)")
    for persona, who in store.contact_personas(domain, icp.name):
        coverage.add(persona, who)
    return coverage


def committee_adjustment(icp: ICP, coverage: Coverage) -> tuple[float, str]:
    """Return the lead-score adjustment for an account's coverage, and the reason."""
    names = [p.name for p in icp.personas]
    if not names:
        return 0.0, "buying committee: the ICP defines no personas"
    covered = [n for n in names if n in coverage.covered]
    missing = [n for n in names if n not in coverage.covered]
    settings = icp.leads
    bonus = settings.committee_bonus * len(covered) / len(names)
    deciders = [p.name for p in icp.personas if p.role == "decision_maker"]
    penalty = 0.0
    if deciders and not any(n in coverage.covered for n in deciders):
        penalty = settings.missing_decision_maker_penalty
    delta = round(bonus - penalty, 2)
    shown = "; ".join(f"{n}: {', '.join(coverage.covered[n])}" for n in covered) or "none"
    reason = (
        f"buying committee: {len(covered)}/{len(names)} personas covered ({shown}); "
        f"missing: {', '.join(missing) or 'none'} → {delta:+g} "
        f"({settings.committee_bonus:g} × {len(covered)}/{len(names)}"
        + (f" − {penalty:g} no decision maker known" if penalty else "")
        + ")"
    )
    return delta, reason
