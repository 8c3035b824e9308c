"""Standard industry codes for the canonical labels: NAICS 2022 sectors and LinkedIn industries.

The mapping is data (`industry_taxonomy.toml`, documented in docs/industry-taxonomy.md). It lets
an ICP file name industries the way LinkedIn or NAICS do ("Software Development", "Hospitals and
Health Care", "52") and still match the labels the rules produce.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

NAICS_SECTORS = {
    "11": "Agriculture, Forestry, Fishing and Hunting",
    "21": "Mining, Quarrying, and Oil and Gas Extraction",
    "22": "Utilities",
    "23": "Construction",
    "31-33": "Manufacturing",
    "42": "Wholesale Trade",
    "44-45": "Retail Trade",
    "48-49": "Transportation and Warehousing",
    "51": "Information",
    "52": "Finance and Insurance",
    "53": "Real Estate and Rental and Leasing",
    "54": "Professional, Scientific, and Technical Services",
    "55": "Management of Companies and Enterprises",
    "56": "Administrative and Support and Waste Management and Remediation Services",
    "61": "Educational Services",
    "62": "Health Care and Social Assistance",
    "71": "Arts, Entertainment, and Recreation",
    "72": "Accommodation and Food Services",
    "81": "Other Services (except Public Administration)",
    "92": "Public Administration",
}
"""NAICS 2022 sectors: two-digit code (or range) to title."""


@dataclass(frozen=True)
class IndustryCodes:
    """A canonical label's place in the standard taxonomies."""

    label: str
    naics_sector: str
    naics_title: str
    linkedin: tuple[str, ...]
    broader: tuple[str, ...] = ()
    """Canonical labels that contain this one, nearest first (Insurance: Financial Services)."""


@cache
def taxonomy() -> dict[str, IndustryCodes]:
    """Return the canonical label -> codes mapping read from the packaged data file."""
    raw = tomllib.loads(
        files("tools.firmographics").joinpath("industry_taxonomy.toml").read_text("utf-8")
    )
    return {
        label: IndustryCodes(label, row["naics"], NAICS_SECTORS[row["naics"]],
                             tuple(row["linkedin"]), tuple(row.get("broader", ())))  # fmt: skip
        for label, row in raw.items()
    }


def codes_for(label: str) -> IndustryCodes | None:
    """Return the standard codes of a canonical label, or None for an unknown one."""
    return taxonomy().get(label)


def canonical_for_standard(name: str) -> str | None:
    """Return the canonical label a LinkedIn industry name or a NAICS sector names, or None.

    A LinkedIn name maps to the one label that lists it; a NAICS code or title only when a single
    label sits in that sector ("52" is ambiguous: Financial Services and Insurance).
    """
    wanted = name.strip().casefold()
    for codes in taxonomy().values():
        if wanted in (n.casefold() for n in codes.linkedin):
            return codes.label
    in_sector = [
        c.label
        for c in taxonomy().values()
        if wanted in (c.naics_sector.casefold(), c.naics_title.casefold())
    ]
    return in_sector[0] if len(in_sector) == 1 else None
