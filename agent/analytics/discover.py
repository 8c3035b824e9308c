"""Discover the ICP from the best customers: what distinguishes them, with counts and p-values.

Method (documented so a person can check it):
1. Join the CRM export to the stored research by domain; accounts whose research failed or is
   missing are counted and left out (no research is not evidence either way).
2. The *best customers* are won, not churned (unless `keep_churned`), optionally closed within
   `max_cycle_days`, and in the top `top_share` (20 %) of won accounts by value (LTV or ACV).
   Everyone else who reached a decision (lost, or won but not best) is the comparison group.
3. Every attribute the records hold (each industry, country, technology …, and the best range of
   each numeric field) gets a 2×2 table: best / other × has it / has not. Its *lift* is the best
   rate among accounts with it over the overall best rate; the *shrunk lift* first pulls that rate
   towards the overall rate as if `prior_strength` more average accounts had it, so 3 of 3 does
   not beat 30 of 40. Significance is the one-sided Fisher exact test (Bonferroni-adjusted within
   a numeric field for the range chosen), then Benjamini–Hochberg q-values across attributes.
4. An attribute is *distinctive* when at least `min_support` accounts and `min_best` best
   customers have it, q ≤ `alpha` and the shrunk lift ≥ `min_lift`. Only distinctive attributes
   become criteria of the draft; the rest are reported with the reason they were left out.
5. Segments: conjunctions of two or three distinctive attributes, scored the same way, show the
   sharpest description of the best customers ("Fintech AND 100–500 employees AND Salesforce").
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from agent.analytics.attributes import Attribute, candidate_families
from agent.analytics.crm import CrmAccount
from agent.analytics.crm_attributes import column_families, firmographic_columns, merged_record
from agent.analytics.findings import Finding
from agent.analytics.stats import fisher_greater, q_values, quantile, shrunk_rate

SMALL_SAMPLE_BEST = 30
"""Fewer best customers than this and the draft is labelled a small-sample hypothesis."""


@dataclass
class DiscoverOptions:
    """How best customers are defined and how strict the evidence must be."""

    top_share: float = 0.2
    keep_churned: bool = False
    max_cycle_days: float | None = None
    min_support: int = 5
    min_best: int = 3
    alpha: float = 0.05
    min_lift: float = 1.2
    prior_strength: float = 10.0
    max_segment_size: int = 3


@dataclass
class Discovery:
    """Everything `icp discover` found, ready to print or draft from."""

    population: int
    best_total: int
    won: int
    lost: int
    value_threshold: float | None
    best_definition: str
    findings: list[Finding]
    segments: list[Finding]
    missing: list[str] = field(default_factory=list)
    """CRM domains with no stored research."""
    failed: list[str] = field(default_factory=list)
    """CRM domains whose stored research failed (and the export says nothing else about)."""
    crm_only: int = 0
    """Accounts with no research, judged on the export's own columns alone."""
    notes: list[str] = field(default_factory=list)

    @property
    def small_sample(self) -> bool:
        """Whether there are too few best customers to trust fine distinctions."""
        return self.best_total < SMALL_SAMPLE_BEST

    @property
    def distinctive(self) -> list[Finding]:
        """The findings that become criteria of the draft."""
        return [f for f in self.findings if f.verdict == "distinctive"]


def best_customers(
    accounts: Iterable[CrmAccount], options: DiscoverOptions
) -> tuple[set[str], float | None, str]:
    """Return the best customers' domains, the value threshold and the definition in words."""
    accounts = list(accounts)
    eligible = [a for a in accounts if a.won]
    if not options.keep_churned:
        eligible = [a for a in eligible if not a.churned]
    if options.max_cycle_days is not None:
        limit = options.max_cycle_days
        eligible = [a for a in eligible if a.cycle is not None and a.cycle <= limit]
    won_values = [a.revenue for a in accounts if a.won]
    words = "won" + ("" if options.keep_churned else ", not churned")
    if options.max_cycle_days is not None:
        words += f", sales cycle ≤ {options.max_cycle_days:g} days"
    if not won_values:
        return set(), None, words
    if max(won_values) == min(won_values):
        # no value column (or one value for all): there is no top share to take
        return {a.domain for a in eligible}, None, words + " (no value differences: all of them)"
    threshold = quantile(won_values, 1 - options.top_share)
    words += f", value ≥ {threshold:,.0f} (top {options.top_share:.0%} of won accounts)"
    return {a.domain for a in eligible if a.revenue >= threshold}, threshold, words


def _finding(
    attributes: tuple[Attribute, ...],
    having: set[str],
    best: set[str],
    population: list[str],
    crm: dict[str, CrmAccount],
    options: DiscoverOptions,
) -> Finding:
    total, best_total = len(population), len(best)
    a = len(having & best)
    b = len(having) - a
    base = best_total / total if total else 0.0
    rate = a / len(having) if having else 0.0
    shrunk = shrunk_rate(a, len(having), base, options.prior_strength)
    outcomes = [crm[d] for d in having]
    cycles = [o.cycle for o in outcomes if o.cycle is not None]
    return Finding(
        attributes=attributes,
        accounts=len(having),
        best=a,
        population=total,
        best_total=best_total,
        lift=rate / base if base else 0.0,
        shrunk_lift=shrunk / base if base else 0.0,
        p_value=fisher_greater(a, b, best_total - a, total - best_total - b),
        won=sum(1 for o in outcomes if o.won),
        lost=sum(1 for o in outcomes if o.won is False),
        median_cycle=median(cycles) if cycles else None,
    )


def _supported(finding: Finding, options: DiscoverOptions) -> bool:
    return finding.accounts >= options.min_support and finding.best >= options.min_best


def crm_header(crm: dict[str, CrmAccount]) -> list[str]:
    """Return the export's columns, in the order first seen."""
    return list(dict.fromkeys(column for account in crm.values() for column in account.columns))


def discover(
    records: dict[str, dict[str, Any]],
    crm: dict[str, CrmAccount],
    options: DiscoverOptions | None = None,
) -> Discovery:
    """Find the attributes that distinguish the best customers among decided CRM accounts.

    The export's own columns count beside the research (`agent.analytics.crm_attributes`), so
    an export with no research at all is analysed on its Industry, size, country, revenue ...
    """
    options = options or DiscoverOptions()
    decided = {d: a for d, a in crm.items() if a.won is not None}
    header = crm_header(decided)
    firmographic = firmographic_columns(header)
    missing = sorted(d for d in decided if d not in records)
    failed = sorted(d for d in decided if d in records and records[d].get("status") == "error")
    records = {
        d: merged_record(d, a, records.get(d), firmographic) if a.columns else records[d]
        for d, a in decided.items()
        if a.columns or (d in records and d not in failed)
    }
    population = sorted(records)
    joined = {d: decided[d] for d in population}
    best, threshold, words = best_customers(joined.values(), options)
    rows = [records[d] for d in population]
    findings: list[Finding] = []
    for family in candidate_families(rows) + column_families(rows, header):
        candidates = []
        for attribute in family:
            having = {d for d in population if attribute.test(records[d])}
            finding = _finding((attribute,), having, best, population, joined, options)
            if finding.best and finding.lift > 1:
                candidates.append(finding)
        supported = [f for f in candidates if _supported(f, options)]
        if supported:
            chosen = min(supported, key=lambda f: (f.p_value, -f.shrunk_lift))
            chosen.tried = len(supported)
            chosen.p_value = min(1.0, chosen.p_value * len(supported))
            findings.append(chosen)
        elif len(family) == 1 and candidates:
            candidates[0].verdict = "too few accounts"
            findings.append(candidates[0])
    tested = [f for f in findings if f.verdict != "too few accounts"]
    for finding, q in zip(tested, q_values([f.p_value for f in tested]), strict=True):
        finding.q_value = q
        if q <= options.alpha and finding.shrunk_lift >= options.min_lift:
            finding.verdict = "distinctive"
    order = {"distinctive": 0, "not significant": 1, "too few accounts": 2}
    findings.sort(key=lambda f: (order[f.verdict], -f.shrunk_lift, f.p_value, f.label))
    discovery = Discovery(
        population=len(population),
        best_total=len(best),
        won=sum(1 for a in joined.values() if a.won),
        lost=sum(1 for a in joined.values() if a.won is False),
        value_threshold=threshold,
        best_definition=words,
        findings=findings,
        segments=_segments(findings, records, best, population, joined, options),
        missing=[d for d in missing if d not in records],
        failed=[d for d in failed if d not in records],
        crm_only=sum(1 for d in missing if d in records),
    )
    _add_notes(discovery, options)
    return discovery


def _segments(
    findings: list[Finding],
    records: dict[str, dict[str, Any]],
    best: set[str],
    population: list[str],
    crm: dict[str, CrmAccount],
    options: DiscoverOptions,
) -> list[Finding]:
    """Score conjunctions of the strongest distinctive attributes (one per field)."""
    seeds: list[Attribute] = []
    for finding in findings:
        attribute = finding.attributes[0]
        if finding.verdict == "distinctive" and attribute.field not in {a.field for a in seeds}:
            seeds.append(attribute)
        if len(seeds) == 8:
            break
    having = {a.key: {d for d in population if a.test(records[d])} for a in seeds}
    combos = [
        combo
        for size in range(2, options.max_segment_size + 1)
        for combo in itertools.combinations(seeds, size)
    ]
    segments = []
    for combo in combos:
        members = set.intersection(*(having[a.key] for a in combo))
        segment = _finding(combo, members, best, population, crm, options)
        if not _supported(segment, options):
            continue
        segment.tried = len(combos)
        segment.p_value = min(1.0, segment.p_value * len(combos))
        if segment.p_value <= options.alpha and segment.shrunk_lift >= options.min_lift:
            segment.verdict = "distinctive"
        segments.append(segment)
    segments.sort(key=lambda s: (s.verdict != "distinctive", -s.shrunk_lift, s.p_value))
    return segments


def _add_notes(discovery: Discovery, options: DiscoverOptions) -> None:
    notes = discovery.notes
    if discovery.missing:
        notes.append(
            f"{len(discovery.missing)} CRM accounts have no stored research and were left out "
            f"(run `icp enrich` on the export first): {', '.join(discovery.missing[:5])}"
            + (" …" if len(discovery.missing) > 5 else "")
        )
    if discovery.crm_only:
        notes.append(
            f"{discovery.crm_only} CRM accounts have no stored research: judged on the export's "
            "own columns (Industry, employees, country, revenue …) alone"
        )
    if discovery.failed:
        notes.append(f"{len(discovery.failed)} CRM accounts were left out: research failed")
    if discovery.small_sample:
        notes.append(
            f"small sample: {discovery.best_total} best customers among {discovery.population} "
            f"accounts; findings are hypotheses, and only strong effects can reach significance"
        )
    if not discovery.distinctive:
        notes.append(
            f"no attribute distinguishes the best customers at q ≤ {options.alpha:g} with "
            f"≥ {options.min_support} accounts; nothing to draft"
        )


def criterion_points(finding: Finding) -> int:
    """Return the points a drafted criterion gets: 20 × ln(shrunk lift), at least 1.

    Log-lift is the criterion's weight of evidence, so a lift of 3 is worth about twice a lift
    of 1.7 and the points of an account add up like independent evidence would.
    """
    return max(1, round(20 * math.log(max(finding.shrunk_lift, 1.0))))
