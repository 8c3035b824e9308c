"""Choosing a stored ICP by name: exact names only, with a suggestion for a near miss.

Scores are stored per ICP name. A name that matches none of them (a typo, or a different case)
is an error naming the stored ones, never an empty report or export.
"""

from __future__ import annotations

from typing import Any

from agent.errors import ConfigError
from agent.icp import ICP
from agent.suggestions import did_you_mean


def check_icp_name(given: str, stored: list[str]) -> str:
    """Return `given` when it is one of the stored ICP names exactly.

    Raises:
        ConfigError: the name is unknown (a case mismatch too), with a "did you mean".
    """
    if given in stored:
        return given
    if not stored:
        raise ConfigError(f"unknown ICP {given!r}: the store has no scores yet (run `icp score`)")
    raise ConfigError(
        f"unknown ICP {given!r}{did_you_mean(given, stored)}; "
        f"the store has scores for: {', '.join(repr(name) for name in stored)}"
    )


def choose_icp_name(given: str | None, stored: list[str], option: str = "--icp NAME") -> str | None:
    """Return the ICP to use: the one given (checked), else the only stored one, else None.

    Raises:
        ConfigError: the name is unknown, or several ICPs are stored and none was chosen.
    """
    if given is not None:
        return check_icp_name(given, stored)
    if len(stored) <= 1:
        return stored[0] if stored else None
    raise ConfigError(
        f"the store has scores for several ICPs ({', '.join(repr(n) for n in stored)}): "
        f"choose one with {option}"
    )


def icp_settings(icps: list[ICP]) -> list[dict[str, Any]]:
    """Return the rows the store keeps per ICP: tier thresholds and routing, by name."""
    return [
        {
            "icp": icp.name,
            "perfect": icp.tiers.perfect,
            "strong": icp.tiers.strong,
            "moderate": icp.tiers.moderate,
            **{f"route_{tier}": getattr(icp.routing, tier) for tier in
               ("perfect", "strong", "moderate", "weak")},
        }
        for icp in icps
    ]  # fmt: skip
