"""Rules-only, LLM-only and combined figures from one run with an LLM (`icp eval`).

With an LLM configured, each result carries `reconciliation`: per firmographic field, what the
deterministic extractors proposed, what the LLM proposed (after the grounding gate) and what
the reconciler kept (`agent.llm.reconcile`). One run therefore measures three readers:

- `rules`: the extractors' proposals alone (what `--no-llm` would have given);
- `llm`: the LLM's grounded proposals alone (a field it did not propose is null);
- `combined`: what the results hold (the reconciler's choice).

Each is compared with the labels like the main report: field accuracy over labelled values
and the hallucination rate over labelled nulls (firmographics only).
"""

from __future__ import annotations

import copy
from typing import Any, Literal

from agent.evaluation.compare import evaluate

Mode = Literal["rules", "llm", "combined"]
MODES: tuple[Mode, ...] = ("rules", "llm", "combined")


def has_reconciliation(results: list[dict[str, Any]]) -> bool:
    """Return whether any result was read by the LLM (so the three modes differ)."""
    return any(row.get("reconciliation") for row in results)


def mode_result(result: dict[str, Any], mode: Mode) -> dict[str, Any]:
    """Return a copy of one result whose firmographics are what `mode` alone proposed."""
    if mode == "combined":
        return result
    variant = copy.deepcopy(result)
    firmographics = variant.setdefault("firmographics", {})
    entries = {entry.get("field"): entry for entry in result.get("reconciliation") or []}
    for name in list(firmographics):
        entry = entries.get(f"firmographics.{name}")
        if entry is None:  # not read by the LLM: the rules' value, and nothing from the LLM
            if mode == "llm":
                firmographics[name] = None
            continue
        proposal = entry.get(mode)
        firmographics[name] = proposal if isinstance(proposal, dict) else None
    return variant


def mode_figures(results: list[dict[str, Any]], labels: list[dict[str, Any]]) -> dict[str, Any]:
    """Return field accuracy and hallucination rate per mode (firmographics only)."""
    figures: dict[str, Any] = {}
    for mode in MODES:
        report = evaluate([mode_result(row, mode) for row in results], labels,
                          measure_pains=False)  # fmt: skip
        fields = report["fields"]
        labelled = sum(counts["labelled"] for counts in fields.values())
        correct = sum(counts["correct"] for counts in fields.values())
        present = sum(1 for m in report["mismatches"]
                      if m["kind"] == "hallucinated" and m["field"] in fields)  # fmt: skip
        null_labels = sum(1 for label in labels for name in fields
                          if (label.get("firmographics") or {}).get(name) is None)  # fmt: skip
        figures[mode] = {
            "field_accuracy": round(correct / labelled, 4) if labelled else None,
            "hallucinations": present,
            "null_labels": null_labels,
            "hallucination_rate": round(present / null_labels, 4) if null_labels else None,
        }
    return figures
