"""Compare contract-shaped results with a labelled set: the figures `icp eval` reports.

A labels file has one JSON object per account (see evalset/README.md):
`domain`, `firmographics` (each contract field: a value, null for "not stated anywhere we may
read", or `{"range": [lo, hi]}` for employee_count), `justification`, `technographics`
(`used` and `traps`: names mentioned but not used), `hiring` (`open_roles`, `by_function`),
`specialized`, and optionally `score` (`total`, `tier`) and `needs` (`pains`: categories).
A string label may be `{"any": [...]}` (several right spellings, "Loomstead Mills" or
"Loomstead"); technographics may list `optional` names (implied by what is used, such as
PHP under WordPress) that count neither as hits nor as false positives.

Matching rules:
- Strings are compared after `normalize_label`: accents folded (München → munchen), case folded,
  "&" read as "and", punctuation dropped, whitespace collapsed; company names also lose legal
  suffixes (Inc, GmbH, Ltd, SAS …). Then each side goes through `ALIASES` for its kind:
  `country` (names and codes → ISO 3166-1 alpha-2, "Deutschland" → de, "UK" → gb),
  `city` (local names → English: München → munich, Köln → cologne, NYC → new york),
  `funding_stage` ("Series B" → series b, "Series E" → series d+, "IPO" → public,
  "self-funded" → bootstrapped), `business_model` ("business-to-business" → b2b),
  `industry` ("SaaS", "Computer Software" → software; "Banking", "Lending" → financial
  services …), `technology` ("SFDC", "Salesforce CRM" → salesforce; "GA4" → google analytics)
  and `pain` ("dirty data" → data quality …).
- employee_count is right inside a labelled `range` (inclusive) or within ±15 % of a number;
  other integers must be equal; booleans accept "yes"/"no"; lists compare as sets.
- A value counts as present when it is not null; a labelled null with a present value is a
  hallucination. Values with method "input" come from the user's CSV and are not checked
  against the archive.

Figures (see `figures`): accuracy per firmographic field and overall (micro) over labelled
non-null values; hallucination rate over labelled nulls (firmographics, specialized,
hiring.open_roles); technographics precision and recall over names (markup features such as
"Open Graph" ignored) and the share of "mentioned but not used" traps reported; open_roles
exact-match rate and the mean absolute error per job function; specialized accuracy; evidence
validity (every citation of a present value found in the archive, see `agent.evaluation.archive`);
score MAE (a missing score counts as 0) and tier agreement; pains recall; and the number of
robots-disallowed URLs the run requested.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from agent.evaluation.archive import ArchiveIndex
from agent.evaluation.matching import (
    IGNORED_TECHNOLOGIES,
    domain_key,
    normalize_label,
    values_match,
)
from agent.models import FIRMOGRAPHIC_FIELDS, JOB_FUNCTIONS
from tools.technographics.business_tools import classify_named, is_business_technology


def _value(field: Any) -> Any:
    """Return the value of a contract Field dict (or a bare value), None when absent."""
    if isinstance(field, dict) and "value" in field:
        return field["value"]
    return field


def _ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


class _Tally:
    """Running counts per section, and the list of disagreements found."""

    def __init__(self) -> None:
        self.fields = {name: {"labelled": 0, "correct": 0} for name in FIRMOGRAPHIC_FIELDS}
        self.specialized = {"labelled": 0, "correct": 0}
        self.nulls = {"null_labels": 0, "present": 0}
        self.tech = {"tp": 0, "fp": 0, "fn": 0, "traps": 0, "trap_hits": 0,
                     "business_tp": 0, "business_fp": 0, "business_fn": 0}
        self.hiring: dict[str, Any] = {"labelled": 0, "exact": 0,
                                       "errors": {f: [] for f in JOB_FUNCTIONS}}  # fmt: skip
        self.score: dict[str, Any] = {"errors": [], "tiers": 0, "tier_agree": 0}
        self.pains = {"labelled": 0, "recalled": 0}
        self.evidence = {"values": 0, "valid": 0}
        self.mismatches: list[dict[str, Any]] = []

    def note(self, domain: str, field: str, kind: str, expected: Any, got: Any) -> None:
        """Record one disagreement."""
        self.mismatches.append(
            {"domain": domain, "field": field, "kind": kind, "expected": expected, "got": got}
        )

    def compare(self, domain: str, field: str, expected: Any, got: Any, counts: dict) -> None:
        """Score one labelled value: right, wrong, missing, or hallucinated (label null)."""
        if expected is None:
            self.nulls["null_labels"] += 1
            if got is not None:
                self.nulls["present"] += 1
                self.note(domain, field, "hallucinated", None, got)
            return
        counts["labelled"] += 1
        if values_match(field.rsplit(".", 1)[-1], got, expected):
            counts["correct"] += 1
        else:
            self.note(domain, field, "missing" if got is None else "wrong", expected, got)

    def add_fields(self, domain: str, label: dict[str, Any], result: dict[str, Any]) -> None:
        """Compare firmographics and specialized answers."""
        firmographics = result.get("firmographics") or {}
        for name in FIRMOGRAPHIC_FIELDS:
            expected = (label.get("firmographics") or {}).get(name)
            got = _value(firmographics.get(name))
            self.compare(domain, name, expected, got, self.fields[name])
        specialized = result.get("specialized") or {}
        for key, expected in (label.get("specialized") or {}).items():
            got = _value(specialized.get(key))
            self.compare(domain, f"specialized.{key}", expected, got, self.specialized)

    def add_technographics(self, domain: str, label: dict, result: dict) -> None:
        """Count hits, false positives, misses and traps reported."""
        tech_label = label.get("technographics") or {}
        used = _tech_names(tech_label.get("used", []))
        traps = _tech_names(tech_label.get("traps", []))
        optional = _tech_names(tech_label.get("optional", []))
        found = _tech_names(result.get("technographics", []))
        for key in set(optional) - set(used):
            found.pop(key, None)
        self.tech["tp"] += len(found.keys() & used.keys())
        self.tech["fp"] += len(found.keys() - used.keys())
        self.tech["fn"] += len(used.keys() - found.keys())
        self.tech["traps"] += len(traps)
        self.tech["trap_hits"] += len(found.keys() & traps.keys())
        for key in sorted(found.keys() & traps.keys()):
            self.note(domain, f"technographics.{traps[key]}", "trap", None, found[key])
        for key in sorted(found.keys() - used.keys() - traps.keys()):
            self.note(domain, f"technographics.{found[key]}", "false-positive", None, found[key])
        for key in sorted(used.keys() - found.keys()):
            self.note(domain, f"technographics.{used[key]}", "missing", used[key], None)
        # the same counts over business tools only (the labels' names judged by the policy)
        plumbing = {normalize_label(str(t.get("name", "")), "technology")
                    for t in result.get("technographics") or []
                    if isinstance(t, dict) and not is_business_technology(t)}  # fmt: skip
        business_found = found.keys() - plumbing
        business_used = {key for key, name in used.items() if classify_named(name, "")[2]}
        self.tech["business_tp"] += len(business_found & business_used)
        self.tech["business_fp"] += len(business_found - used.keys())
        self.tech["business_fn"] += len(business_used - found.keys())

    def add_hiring(self, domain: str, label: dict[str, Any], result: dict[str, Any]) -> None:
        """Compare open_roles (exactly) and the per-function counts (absolute error)."""
        hiring_label = label.get("hiring") or {}
        result_hiring = result.get("hiring") or {}
        expected, got = hiring_label.get("open_roles"), result_hiring.get("open_roles")
        if "open_roles" in hiring_label and expected is None:
            self.compare(domain, "hiring.open_roles", None, got, {})
        elif expected is not None:
            self.hiring["labelled"] += 1
            self.hiring["exact"] += got == expected
            if got != expected:
                self.note(domain, "hiring.open_roles", "wrong", expected, got)
        if hiring_label.get("by_function") is not None:
            got_functions = result_hiring.get("by_function") or {}
            for function in JOB_FUNCTIONS:
                wanted = hiring_label["by_function"].get(function) or 0
                error = abs((got_functions.get(function) or 0) - wanted)
                self.hiring["errors"][function].append(error)

    def add_score(self, domain: str, label: dict[str, Any], result: dict[str, Any]) -> None:
        """Compare the total (absolute error) and the tier."""
        score_label = label.get("score") or {}
        result_score = result.get("score") or {}
        if score_label.get("total") is not None:
            # A missing score is as wrong as a score of 0, so it cannot flatter the MAE.
            error = abs((result_score.get("total") or 0) - score_label["total"])
            self.score["errors"].append(error)
        if score_label.get("tier"):
            self.score["tiers"] += 1
            agree = result_score.get("tier") == score_label["tier"]
            self.score["tier_agree"] += agree
            if not agree:
                self.note(domain, "score.tier", "wrong", score_label["tier"],
                          result_score.get("tier"))  # fmt: skip

    def add_pains(self, label: dict[str, Any], result: dict[str, Any]) -> None:
        """Count the labelled pains the result's needs mention."""
        wanted = (label.get("needs") or {}).get("pains") or []
        self.pains["labelled"] += len(wanted)
        self.pains["recalled"] += _pains_recalled(wanted, result.get("needs")) if wanted else 0

    def add_evidence(self, domain: str, result: dict[str, Any], archive: ArchiveIndex) -> None:
        """Check every cited quote of every present value against the archive."""
        for name, value in _evidence_values(result):
            if value.get("method") == "input":
                continue
            self.evidence["values"] += 1
            problem = archive.evidence_problem(value.get("evidence") or [])
            if problem is None:
                self.evidence["valid"] += 1
            else:
                self.note(domain, name, "invalid-evidence", None, problem)


def _tech_names(items: Iterable[Any]) -> dict[str, str]:
    """Map normalized technology names to their spelling (markup features left out)."""
    names = (item.get("name", "") if isinstance(item, dict) else item for item in items or [])
    normalized = {normalize_label(name, "technology"): str(name) for name in names}
    return {k: v for k, v in normalized.items() if k and k not in IGNORED_TECHNOLOGIES}


def _evidence_values(result: dict[str, Any]) -> Iterable[tuple[str, dict[str, Any]]]:
    """Yield (label, Field-or-Technology dict) for every present value carrying evidence."""
    for name, field in (result.get("firmographics") or {}).items():
        if isinstance(field, dict) and field.get("value") is not None:
            yield f"firmographics.{name}", field
    for key, field in (result.get("specialized") or {}).items():
        if isinstance(field, dict) and field.get("value") is not None:
            yield f"specialized.{key}", field
    for tech in result.get("technographics") or []:
        yield f"technographics.{tech.get('name')}", tech


def _pains_recalled(labelled: list[str], needs: dict[str, Any] | None) -> int:
    found: set[str] = set()
    for pain in (needs or {}).get("pains") or []:
        found.add(normalize_label(pain.get("category", ""), "pain"))
        found.add(normalize_label(pain.get("pain", ""), "pain"))
    recalled = 0
    for label in labelled:
        wanted = normalize_label(label, "pain")
        recalled += any(wanted == item or wanted in item for item in found if item)
    return recalled


def evaluate(
    results: list[dict[str, Any]],
    labels: list[dict[str, Any]],
    archive: ArchiveIndex | None = None,
    requested_urls: Iterable[str] | None = None,
    measure_pains: bool = True,
) -> dict[str, Any]:
    """Compare results with labels; return the report (figures, per-field counts, mismatches).

    `archive` enables the evidence checks, `requested_urls` (what the run fetched) the robots
    audit; `measure_pains=False` leaves pains unmeasured when no notes were given.
    """
    by_domain = {domain_key(row.get("domain", "")): row for row in results}
    tally = _Tally()
    for label in labels:
        domain = domain_key(label["domain"])
        result = by_domain.get(domain) or {}
        if not result:
            tally.note(domain, "result", "missing", "a result row", None)
        tally.add_fields(domain, label, result)
        tally.add_technographics(domain, label, result)
        tally.add_hiring(domain, label, result)
        tally.add_score(domain, label, result)
        if measure_pains:
            tally.add_pains(label, result)
        if archive is not None:
            tally.add_evidence(domain, result, archive)
    disallowed = None
    if archive is not None and requested_urls is not None:
        disallowed = sorted({url for url in requested_urls if not archive.robots_allows(url)})
    return _report(tally, len(labels), disallowed)


def _report(tally: _Tally, accounts: int, disallowed: list[str] | None) -> dict[str, Any]:
    labelled = sum(c["labelled"] for c in tally.fields.values())
    correct = sum(c["correct"] for c in tally.fields.values())
    tech, hiring, score = tally.tech, tally.hiring, tally.score
    function_mae = {
        f: _ratio(sum(errors), len(errors)) for f, errors in hiring["errors"].items() if errors
    }
    all_errors = [e for errors in hiring["errors"].values() for e in errors]
    return {
        "accounts": accounts,
        "fields": {
            name: dict(counts, accuracy=_ratio(counts["correct"], counts["labelled"]))
            for name, counts in tally.fields.items()
        },
        "field_accuracy": _ratio(correct, labelled),
        "hallucination": dict(tally.nulls, rate=_ratio(tally.nulls["present"],
                                                      tally.nulls["null_labels"])),
        "technographics": {
            "true_positives": tech["tp"], "false_positives": tech["fp"],
            "false_negatives": tech["fn"], "traps": tech["traps"],
            "trap_false_positives": tech["trap_hits"],
            "precision": _ratio(tech["tp"], tech["tp"] + tech["fp"]),
            "recall": _ratio(tech["tp"], tech["tp"] + tech["fn"]),
            "trap_false_positive_rate": _ratio(tech["trap_hits"], tech["traps"]),
            "business_precision": _ratio(tech["business_tp"],
                                         tech["business_tp"] + tech["business_fp"]),
            "business_recall": _ratio(tech["business_tp"],
                                      tech["business_tp"] + tech["business_fn"]),
        },
        "hiring": {
            "open_roles_labelled": hiring["labelled"], "open_roles_exact": hiring["exact"],
            "open_roles_exact_rate": _ratio(hiring["exact"], hiring["labelled"]),
            "by_function_mae": function_mae,
            "by_function_mae_mean": _ratio(sum(all_errors), len(all_errors)),
        },
        "specialized": dict(tally.specialized, accuracy=_ratio(
            tally.specialized["correct"], tally.specialized["labelled"])),
        "evidence": dict(tally.evidence, validity=_ratio(tally.evidence["valid"],
                                                        tally.evidence["values"])),
        "score": {
            "labelled": len(score["errors"]),
            "mae": _ratio(sum(score["errors"]), len(score["errors"])),
            "tiers_labelled": score["tiers"],
            "tier_agreement": _ratio(score["tier_agree"], score["tiers"]),
        },
        "pains": dict(tally.pains, recall=_ratio(tally.pains["recalled"], tally.pains["labelled"])),
        "robots": {"disallowed_requests": None if disallowed is None else len(disallowed),
                   "urls": disallowed or []},
        "mismatches": tally.mismatches,
    }  # fmt: skip


def figures(report: dict[str, Any]) -> dict[str, float | None]:
    """Return the headline figures of a report, flat, as thresholds name them."""
    flat: dict[str, float | None] = {
        "field_accuracy": report["field_accuracy"],
        "hallucination_rate": report["hallucination"]["rate"],
        "technographics_precision": report["technographics"]["precision"],
        "technographics_recall": report["technographics"]["recall"],
        "technographics_business_precision": report["technographics"]["business_precision"],
        "technographics_business_recall": report["technographics"]["business_recall"],
        "trap_false_positive_rate": report["technographics"]["trap_false_positive_rate"],
        "open_roles_exact_rate": report["hiring"]["open_roles_exact_rate"],
        "by_function_mae": report["hiring"]["by_function_mae_mean"],
        "specialized_accuracy": report["specialized"]["accuracy"],
        "evidence_validity": report["evidence"]["validity"],
        "score_mae": report["score"]["mae"],
        "tier_agreement": report["score"]["tier_agreement"],
        "pains_recall": report["pains"]["recall"],
        "robots_disallowed_requests": report["robots"]["disallowed_requests"],
    }
    for name, counts in report["fields"].items():
        flat[f"accuracy.{name}"] = counts["accuracy"]
    return flat


def check_thresholds(
    measured: dict[str, float | None], thresholds: dict[str, dict[str, float]]
) -> list[str]:
    """Return one message per figure outside its `[min]`/`[max]` bound (empty when all pass)."""
    failures = []
    for bound, limits in (("min", thresholds.get("min", {})), ("max", thresholds.get("max", {}))):
        for name, limit in limits.items():
            if name not in measured:
                failures.append(f"{name}: unknown figure in thresholds")
                continue
            value = measured[name]
            if value is None:
                failures.append(f"{name}: not measured (nothing labelled or no archive)")
            elif (bound == "min" and value < limit) or (bound == "max" and value > limit):
                word = "below the minimum" if bound == "min" else "above the maximum"
                failures.append(f"{name}: {value} is {word} {limit}")
    return failures
