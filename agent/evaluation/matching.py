"""Matching a result value with a labelled one: normalization, aliases and tolerances.

The rules are documented in `agent.evaluation.compare`; `ALIASES` is the alias table itself.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

EMPLOYEE_TOLERANCE = 0.15
LEGAL_SUFFIXES = frozenset(
    "inc incorporated llc ltd limited gmbh ag sa sas sarl bv nv plc corp corporation co "
    "company oy ab as aps srl spa pty kg".split()
)
IGNORED_TECHNOLOGIES = frozenset({"open graph", "hsts", "http 2", "http 3", "rss", "pwa"})
"""Markup and protocol features, not products: neither a hit nor a false positive."""

ALIASES: dict[str, dict[str, str]] = {
    "country": {
        "united states": "us", "united states of america": "us", "usa": "us", "u s": "us",
        "america": "us", "united kingdom": "gb", "uk": "gb", "great britain": "gb",
        "england": "gb", "britain": "gb", "germany": "de", "deutschland": "de",
        "france": "fr", "netherlands": "nl", "the netherlands": "nl", "nederland": "nl",
        "holland": "nl", "canada": "ca", "spain": "es", "espana": "es", "italy": "it",
        "ireland": "ie", "switzerland": "ch", "schweiz": "ch", "suisse": "ch", "austria": "at",
        "osterreich": "at", "portugal": "pt", "sweden": "se", "australia": "au",
    },
    "city": {
        "munchen": "munich", "koln": "cologne", "wien": "vienna", "nurnberg": "nuremberg",
        "nyc": "new york", "new york city": "new york", "sf": "san francisco",
        "den haag": "the hague", "lisboa": "lisbon", "milano": "milan", "roma": "rome",
    },
    "funding_stage": {
        "preseed": "pre seed", "series d": "series d+", "series e": "series d+",
        "series f": "series d+", "series g": "series d+", "late stage": "series d+",
        "ipo": "public", "publicly traded": "public", "listed": "public",
        "self funded": "bootstrapped", "bootstrap": "bootstrapped", "profitable": "bootstrapped",
        "acquisition": "acquired",
    },
    "business_model": {
        "business to business": "b2b", "b2b saas": "b2b", "enterprise": "b2b",
        "business to consumer": "b2c", "consumer": "b2c", "d2c": "b2c", "dtc": "b2c",
        "two sided marketplace": "marketplace", "platform marketplace": "marketplace",
    },
    "industry": {
        "saas": "software", "computer software": "software", "software development": "software",
        "internet software": "software", "enterprise software": "software",
        "banking": "financial services", "lending": "financial services",
        "finance": "financial services", "hospital and health care": "healthcare",
        "health care": "healthcare", "medical practices": "healthcare",
        "transportation": "logistics", "freight": "logistics",
        "logistics and supply chain": "logistics", "textiles": "manufacturing",
        "industrial machinery": "manufacturing", "machinery": "manufacturing",
        "e commerce": "retail", "ecommerce": "retail", "consumer goods": "retail",
        "e learning": "education", "edtech": "education", "education management": "education",
    },
    "technology": {
        "sfdc": "salesforce", "salesforce com": "salesforce", "salesforce crm": "salesforce",
        "salesforce sales cloud": "salesforce", "hubspot crm": "hubspot",
        "hubspot marketing hub": "hubspot", "ga4": "google analytics",
        "google analytics 4": "google analytics", "universal analytics": "google analytics",
        "gtm": "google tag manager", "twilio segment": "segment", "segment io": "segment",
        "marketo engage": "marketo", "adobe marketo": "marketo", "aws": "amazon web services",
        "postgres": "postgresql", "salesloft cadence": "salesloft",
    },
    "pain": {
        "dirty data": "data quality", "data hygiene": "data quality", "crm hygiene": "data quality",
        "duplicate records": "data quality", "lead assignment": "lead routing",
        "routing": "lead routing", "prospecting": "pipeline generation",
        "lead generation": "pipeline generation", "pipeline": "pipeline generation",
        "manual process": "manual work", "manual data entry": "manual work",
        "too many tools": "tool sprawl",
    },
}  # fmt: skip
"""Per kind of value, normalized spelling → canonical normalized spelling."""

_FIELD_KIND = {"hq_country": "country", "hq_city": "city", "funding_stage": "funding_stage",
               "business_model": "business_model", "industry": "industry"}  # fmt: skip
_NOT_WORD = re.compile(r"[^\w+]+")


def normalize_label(text: Any, kind: str | None = None) -> str:
    """Normalize a string for comparison and map it through the alias table of `kind`."""
    folded = unicodedata.normalize("NFKD", str(text))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    folded = folded.replace("&", " and ").replace("_", " ")
    words = _NOT_WORD.sub(" ", folded).split()
    if kind == "company":
        while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
            words.pop()
        if len(words) > 1 and words[0] == "the":
            words.pop(0)
    normalized = " ".join(words)
    return ALIASES.get(kind or "", {}).get(normalized, normalized)


def domain_key(domain: str) -> str:
    """Return the comparable form of a domain or URL: bare host, lower case, no www."""
    host = re.sub(r"^[a-z]+://", "", str(domain).strip().lower()).split("/")[0].split(":")[0]
    return host.removeprefix("www.")


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).replace(",", "").strip())
    except ValueError:
        return None


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    return {"yes": True, "true": True, "no": False, "false": False}.get(normalize_label(value))


def values_match(field: str, got: Any, expected: Any) -> bool:
    """Return whether a result value matches a labelled (non-null) value of `field`."""
    if got is None:
        return False
    if isinstance(expected, dict) and "any" in expected:
        return any(values_match(field, got, choice) for choice in expected["any"])
    if isinstance(expected, dict) and "range" in expected:
        number = _as_number(got)
        low, high = expected["range"]
        return number is not None and low <= number <= high
    if isinstance(expected, bool):
        return _as_bool(got) is expected
    if isinstance(expected, int | float):
        number = _as_number(got)
        if number is None:
            return False
        if field == "employee_count":
            return abs(number - expected) <= EMPLOYEE_TOLERANCE * expected
        return number == expected
    if isinstance(expected, list):
        if not isinstance(got, list):
            return False
        return {normalize_label(v) for v in got} == {normalize_label(v) for v in expected}
    kind = "company" if field == "company_name" else _FIELD_KIND.get(field)
    return normalize_label(got, kind) == normalize_label(expected, kind)
