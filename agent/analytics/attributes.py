"""Attributes of researched accounts that an ICP criterion can test, in plain words.

An `Attribute` is one testable statement about an account ("industry is Fintech", "100–500
employees", "uses Salesforce", "hiring ≥ 2 sales development roles") together with the ICP
criterion that tests exactly the same thing, so what `icp discover` measures is what the drafted
ICP file scores. Candidates come from the stored records themselves (the values they hold), never
from a fixed list of industries or tools.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from agent.crm.amounts import parse_amount
from agent.models import JOB_FUNCTIONS
from agent.scoring import resolve_path
from tools.technographics.business_tools import business_tools

EMPLOYEE_LADDER = (1, 10, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 50000)
FUNDING_LADDER = tuple(int(m * 1_000_000) for m in (1, 2, 5, 10, 20, 50, 100, 250, 500, 1000, 5000))
COUNT_THRESHOLDS = (1, 2, 3, 5, 10, 20, 50)

CATEGORICAL_FIELDS: dict[str, str] = {
    "firmographics.industry": "industry is {}",
    "firmographics.hq_country": "headquartered in {}",
    "firmographics.hq_city": "based in {}",
    "firmographics.funding_stage": "funding stage {}",
    "firmographics.business_model": "business model {}",
    "hiring.ats": "job board on {}",
    "needs.pains.category": "interviews name the pain {}",
}
RANGE_FIELDS: dict[str, str] = {
    "firmographics.employee_count": "{} employees",
    "firmographics.founded_year": "founded {}",
    "firmographics.total_funding_usd": "raised {} (USD)",
}
COUNT_FIELDS: dict[str, str] = {
    "hiring.open_roles": "{} open roles",
    **{
        f"hiring.by_function.{name}": "hiring {} " + name.replace("_", " ") + " roles"
        for name in JOB_FUNCTIONS
    },
}


@dataclass(frozen=True)
class Attribute:
    """A testable statement about an account, and the ICP criterion that tests it."""

    key: str
    """Stable identifier, e.g. `firmographics.industry=fintech` or `technology=salesforce`."""
    label: str
    """Plain words: "industry is Fintech", "100–500 employees"."""
    group: str
    """The ICP dimension it belongs to: firmographics, technographics, hiring, specialized..."""
    field: str
    """The record path it reads (`technographics` for a technology)."""
    criterion: dict[str, Any]
    """The ICP criterion (without points) that is met exactly when the attribute holds."""
    test: Callable[[dict[str, Any]], bool | None]
    """Return True/False for a record, None when the field is unknown."""


GROWTH_FIELDS = frozenset({
    "hiring.open_roles", "firmographics.funding_stage", "firmographics.total_funding_usd",
    "firmographics.founded_year",
})  # fmt: skip


def group_of(path: str) -> str:
    """Return which of the five ICP dimensions a field path belongs to.

    firmographics (who they are), technographics (what they run), behavioural (what they do:
    hiring by function, the CRM's own activity columns, specialized answers), needs (what the
    interviews say) and growth (open roles, funding, age).
    """
    if path in GROWTH_FIELDS:
        return "growth"
    root = path.split(".")[0]
    if root in ("firmographics", "technographics", "needs"):
        return root
    return "behavioural"


# Markup, protocols and libraries say nothing about a buyer: never a drafted criterion.
NOISE_TECHNOLOGIES = frozenset({
    "open graph", "hsts", "http/2", "http/3", "http 2", "http 3", "rss", "pwa", "jquery",
    "google font api", "font awesome",
})  # fmt: skip
NOISE_CATEGORIES = frozenset({
    "miscellaneous", "javascript libraries", "javascript frameworks", "font scripts",
    "programming languages", "web servers", "web frameworks", "cdn", "reverse proxies",
    "caching", "ui frameworks", "web server extensions", "static site generator",
    "ssl/tls certificate authorities", "performance", "development", "security",
    "cookie compliance", "rum", "maps", "operating systems", "databases",
})  # fmt: skip


def meaningful_technology(name: str, category: str | None) -> bool:
    """Return whether using this technology can describe a customer (not Open Graph, jQuery)."""
    if name.strip().casefold() in NOISE_TECHNOLOGIES:
        return False
    categories = {c.strip().casefold() for c in (category or "").split(",")}
    return not categories or not categories <= NOISE_CATEGORIES


def as_number(value: Any) -> float | None:
    """Return a number from an int, float or numeric string (not a bool), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        return parse_amount(value) if value.strip() else None
    return None


def known_values(record: dict[str, Any], path: str) -> list[Any] | None:
    """Return the values at `path`, or None when unknown (also for failed research)."""
    if record.get("status") == "error":
        return None
    if path == "technographics":  # what sellers target: business tools, not web plumbing
        return [t.get("name") for t in business_tools(record) if t.get("name")]
    return resolve_path(record, path)


def fmt_number(value: float, path: str = "") -> str:
    """Format a threshold for people: 250, 2010, $10M."""
    if path.endswith("total_funding_usd"):
        if value >= 1e9:
            return f"${value / 1e9:g}B"
        return f"${value / 1e6:g}M" if value >= 1e6 else f"${value:,.0f}"
    return f"{int(value)}" if float(value).is_integer() else f"{value:g}"


def categorical_attribute(path: str, template: str, value: Any, shown: str) -> Attribute:
    """Return the attribute "value at `path` equals `value`" (case-insensitive)."""
    wanted = str(value).strip().casefold()

    def test(record: dict[str, Any]) -> bool | None:
        values = known_values(record, path)
        if values is None:
            return None
        return any(str(v).strip().casefold() == wanted for v in values)

    label = template.format(
        {True: "yes", False: "no"}.get(value, shown) if isinstance(value, bool) else shown
    )
    return Attribute(
        f"{path}={wanted}",
        label,
        group_of(path),
        path,
        {"field": path, "equals": value, "label": label},
        test,
    )


def technology_attribute(name: str) -> Attribute:
    """Return the attribute "uses NAME" (matched by name, case-insensitive)."""
    wanted = name.casefold()

    def test(record: dict[str, Any]) -> bool | None:
        values = known_values(record, "technographics")
        if values is None:
            return None
        return any(str(v).casefold() == wanted for v in values)

    return Attribute(
        f"technology={wanted}",
        f"uses {name}",
        "technographics",
        "technographics",
        {"technology": name},
        test,
    )


def numeric_attribute(path: str, template: str, low: float | None, high: float | None) -> Attribute:
    """Return the attribute "value within [low, high]" (either end may be open)."""
    if low is not None and high is not None:
        words = f"{fmt_number(low, path)}–{fmt_number(high, path)}"
        test_spec: dict[str, Any] = {"range": [low, high]}
    elif low is not None:
        words = f"≥ {fmt_number(low, path)}"
        test_spec = {"min": low}
    elif high is not None:
        words = f"≤ {fmt_number(high, path)}"
        test_spec = {"max": high}
    else:
        raise ValueError("give low, high or both")
    lower = -math.inf if low is None else low
    upper = math.inf if high is None else high

    def test(record: dict[str, Any]) -> bool | None:
        values = known_values(record, path)
        if values is None:
            return None
        numbers = [n for n in map(as_number, values) if n is not None]
        if values and not numbers:
            return None
        return any(lower <= n <= upper for n in numbers)

    label = template.format(words)
    ends = ("" if end is None else fmt_number(end) for end in (low, high))
    key = f"{path}:[{','.join(ends)}]"
    criterion = {"field": path, **test_spec, "label": label}
    return Attribute(key, label, group_of(path), path, criterion, test)


def nice_ladder(values: Iterable[float]) -> list[float]:
    """Return round cut points (1, 2, 2.5, 5 × 10^k) spanning the observed values."""
    numbers = [v for v in values if v > 0]
    if not numbers:
        return []
    low, high = min(numbers), max(numbers)
    cuts = []
    for exponent in range(math.floor(math.log10(low)) - 1, math.ceil(math.log10(high)) + 2):
        for mantissa in (1, 2, 2.5, 5):
            cut = mantissa * 10**exponent
            if low / 10 <= cut <= high * 10:
                cuts.append(float(cut))
    return cuts


def _year_ladder(values: Iterable[float]) -> list[float]:
    years = [v for v in values if 1000 < v < 3000]
    if not years:
        return []
    start = int(min(years)) // 5 * 5
    return [float(y) for y in range(start, int(max(years)) + 6, 5)]


def range_family(path: str, template: str, ladder: list[float]) -> list[Attribute]:
    """Return every interval [a, b] and open end (≥ a, ≤ b) over the ladder's cut points."""
    family = [
        numeric_attribute(path, template, a, b)
        for i, a in enumerate(ladder)
        for b in ladder[i + 1 :]
    ]
    family += [numeric_attribute(path, template, a, None) for a in ladder[1:]]
    family += [numeric_attribute(path, template, None, b) for b in ladder[:-1]]
    return family


def _observed(records: list[dict[str, Any]], path: str) -> list[Any]:
    found: list[Any] = []
    for record in records:
        found.extend(known_values(record, path) or [])
    return found


def _shown_values(values: list[Any]) -> dict[str, tuple[Any, str]]:
    """Group values case-insensitively; keep the most common spelling for display."""
    spellings: dict[str, dict[str, int]] = {}
    originals: dict[str, Any] = {}
    for value in values:
        if value is None or value == "" or isinstance(value, dict | list):
            continue
        text = str(value).strip()
        folded = text.casefold()
        spellings.setdefault(folded, {}).setdefault(text, 0)
        spellings[folded][text] += 1
        originals.setdefault(folded, value)
    return {k: (originals[k], max(v, key=v.__getitem__)) for k, v in spellings.items()}


def candidate_families(records: list[dict[str, Any]]) -> list[list[Attribute]]:
    """Return the attributes to test, in families: pick at most one attribute per family.

    A categorical value or a technology is a family of one; the ranges of one numeric field are
    one family (the best range is chosen, so its p-value is adjusted for the choice).
    """
    families: list[list[Attribute]] = []
    paths = dict(CATEGORICAL_FIELDS)
    numeric: dict[str, tuple[str, list[float]]] = {}
    for path, template in RANGE_FIELDS.items():
        observed = [n for n in map(as_number, _observed(records, path)) if n is not None]
        if path.endswith("employee_count"):
            ladder = [float(c) for c in EMPLOYEE_LADDER]
        elif path.endswith("total_funding_usd"):
            ladder = [float(c) for c in FUNDING_LADDER]
        else:
            ladder = _year_ladder(observed)
        numeric[path] = (template, _trim(ladder, observed))
    for key in sorted({k for r in records for k in (r.get("specialized") or {})}):
        path = f"specialized.{key}"
        values = _observed(records, path)
        numbers = [as_number(v) for v in values]
        if values and all(n is not None for n in numbers):
            observed = [n for n in numbers if n is not None]
            numeric[path] = (
                f"{key.replace('_', ' ')}: {{}}",
                _trim(nice_ladder(observed), observed),
            )
        else:
            paths[path] = f"{key.replace('_', ' ')}: {{}}"
    for path, template in paths.items():
        for _, (value, shown) in sorted(_shown_values(_observed(records, path)).items()):
            families.append([categorical_attribute(path, template, value, shown)])
    categories = {
        str(t.get("name")).casefold(): t.get("category")
        for r in records
        for t in r.get("technographics") or []
    }
    for key, (_, name) in sorted(_shown_values(_observed(records, "technographics")).items()):
        if meaningful_technology(name, categories.get(key)):
            families.append([technology_attribute(name)])
    for path, (template, ladder) in numeric.items():
        if len(ladder) >= 2:
            families.append(range_family(path, template, ladder))
    for path, template in COUNT_FIELDS.items():
        family = [numeric_attribute(path, template, float(t), None) for t in COUNT_THRESHOLDS]
        families.append(family)
    return families


def _trim(ladder: list[float], observed: list[float]) -> list[float]:
    """Keep the cut points inside the observed span (plus one either side)."""
    if not observed:
        return []
    low, high = min(observed), max(observed)
    inside = [i for i, cut in enumerate(ladder) if low <= cut <= high]
    if not inside:
        return []
    return ladder[max(0, inside[0] - 1) : inside[-1] + 2]
