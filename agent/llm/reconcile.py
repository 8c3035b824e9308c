"""The deterministic reconciler: the rules' value and the LLM's value of one field, made one.

With an LLM configured, the LLM reads the pages as a full reader and proposes every field it
finds stated, each with quotes; the deterministic extractors propose theirs. An LLM value
counts only when it passed the grounding gate (`agent.llm.grounding`: the quote occurs on the
cited page and states the value). Then, per field:

| rules | LLM (grounded) | kept | outcome |
|---|---|---|---|
| value | same value | the rules' value, confidence 1 − (1 − a)(1 − b), both quotes | `agree` |
| value | other value | the rules' value, confidence × 0.7; the LLM's recorded | `conflict` |
| value | none | the rules' value | `rules` |
| none | value | the LLM's value | `llm` |
| none | none | nothing | `none` |

Rules win a conflict because they are deterministic, tested on real phrasings and explainable,
while a grounded LLM value can still be wrong (a quote about a customer, a range of rounds); the
conflict keeps both values and both quotes for a person to settle, and the lower confidence
shows the value is contested. Values agree when equal after normalization (case and spacing of
text, the same number).
"""

from __future__ import annotations

from typing import Any, Literal

from agent.models import Field, Reconciliation

CONFLICT_CONFIDENCE_FACTOR = 0.7
MAX_EVIDENCE = 3


def _normalized(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.casefold().split())
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def same_value(first: Any, second: Any) -> bool:
    """Return whether two proposed values agree (case and spacing of text ignored)."""
    return _normalized(first) == _normalized(second)


def _merged_evidence(first: Field, second: Field) -> list[Any]:
    evidence = list(first.evidence)
    for item in second.evidence:
        if item not in evidence:
            evidence.append(item)
    return evidence[:MAX_EVIDENCE]


def reconcile_field(
    path: str, rules: Field | None, llm: Field | None
) -> tuple[Field, Reconciliation]:
    """Return the field to keep and the record of how it was chosen."""
    rules = rules if rules is not None and rules.known else None
    llm = llm if llm is not None and llm.known else None
    if rules is None and llm is None:
        return Field(), Reconciliation(field=path, outcome="none")
    if rules is None:
        assert llm is not None
        return llm, Reconciliation(field=path, outcome="llm", llm=llm, kept="llm")
    if llm is None:
        return rules, Reconciliation(field=path, outcome="rules", rules=rules, kept="rules")
    if same_value(rules.value, llm.value):
        confidence = 1 - (1 - rules.confidence) * (1 - llm.confidence)
        kept = rules.model_copy(update={"confidence": round(confidence, 3),
                                        "evidence": _merged_evidence(rules, llm)})  # fmt: skip
        return kept, Reconciliation(field=path, outcome="agree", rules=rules, llm=llm,
                                    kept="rules")  # fmt: skip
    contested = rules.model_copy(
        update={"confidence": round(rules.confidence * CONFLICT_CONFIDENCE_FACTOR, 3)}
    )
    return contested, Reconciliation(field=path, outcome="conflict", rules=rules, llm=llm,
                                     kept="rules")  # fmt: skip


def proposal(entry: dict[str, Any], source: Literal["rules", "llm"]) -> Any:
    """Return the value one source proposed in a `reconciliation` entry of results.jsonl."""
    field = entry.get(source)
    return field.get("value") if isinstance(field, dict) else None
