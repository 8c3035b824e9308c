"""Merge an LLM's needs assessment of one note into the rule-based one: the LLM adds, rules remain.

Policy (both assessments are grounded first, so only the customer's verbatim words take part):

- Pains, one per category: a category the rules found keeps the rules' phrase and severity
  (severity from explicit language, deterministic and documented in `tools.notes.pains`); the LLM's
  quotes are added to it. A category only the LLM found is added with the LLM's phrase and a
  severity settled by `settle_severity`: what the quotes' own words state (the rules'
  `explicit_severity`), else the LLM's grade — but never `critical` without critical words in
  the customer's quotes, so a note cannot talk a model into escalating a pain.
- Current tools, triggers, desired outcomes, objections, decision process, budget, timeline:
  an LLM item is the *same* as a rule item of its list when their kinds agree (or either has
  none) and their texts are equal ignoring case, or one contains the other as whole words
  ("Salesforce" / "Salesforce CRM"); its quotes are then added to the rule item, whose text
  and kind stay. Any other LLM item is added after the rule items.
- A quote is added only when it is new: not equal to, inside, or containing a quote the item
  already has (after `normalize_text`).
- Warnings of both are kept; the merged assessment's `method` is `rule+llm`.

So an LLM can add coverage — pains the lexicon does not know, paraphrased tools — but never
removes, relabels or re-grades what the documented rules found.
"""

from __future__ import annotations

import re

from agent.interviews.replies import SIGNAL_FIELDS
from agent.models import Pain, Quote, Severity
from tools.evidence import normalize_text
from tools.notes.need_signals import Signal
from tools.notes.pains import Assessment, explicit_severity

MERGED_METHOD = "rule+llm"


def merge_assessments(rules: Assessment, llm: Assessment) -> Assessment:
    """Return the rule-based assessment with the LLM's items and quotes added (see module)."""
    merged = rules.model_copy(deep=True)
    merged.method = MERGED_METHOD
    by_category = {pain.category: index for index, pain in enumerate(merged.pains)}
    for pain in llm.pains:
        if pain.category in by_category:
            found = merged.pains[by_category[pain.category]]
            found.quotes = add_quotes(found.quotes, pain.quotes)
        elif pain.quotes:
            by_category[pain.category] = len(merged.pains)
            merged.pains.append(settle_severity(pain))
    for name in SIGNAL_FIELDS:
        signals: list[Signal] = getattr(merged, name)
        for signal in getattr(llm, name):
            same = next((s for s in signals if same_signal(s, signal)), None)
            if same is not None:
                same.quotes = add_quotes(same.quotes, signal.quotes)
            elif signal.quotes:
                signals.append(signal.model_copy(deep=True))
    merged.warnings.extend(w for w in llm.warnings if w not in merged.warnings)
    return merged


def settle_severity(pain: Pain) -> Pain:
    """Return an LLM pain with the severity its quotes support (see module docstring)."""
    stated = explicit_severity(" ".join(q.quote for q in pain.quotes))
    severity: Severity = stated or ("important" if pain.severity == "critical" else pain.severity)
    return pain.model_copy(update={"severity": severity}, deep=True)


def same_signal(first: Signal, second: Signal) -> bool:
    """Return whether two signals of one list name the same thing (see module docstring)."""
    if first.kind and second.kind and first.kind != second.kind:
        return False
    a, b = _words(first.text), _words(second.text)
    if not a or not b:
        return False
    shorter, longer = sorted((a, b), key=len)
    return re.search(rf"(?<!\w){re.escape(shorter)}(?!\w)", longer) is not None


def add_quotes(quotes: list[Quote], more: list[Quote]) -> list[Quote]:
    """Return `quotes` followed by those of `more` that are new (not inside or around one)."""
    kept = list(quotes)
    seen = [(q.file, normalize_text(q.quote)) for q in kept]
    for quote in more:
        text = normalize_text(quote.quote)
        if any(file == quote.file and (text in old or old in text) for file, old in seen):
            continue
        kept.append(quote)
        seen.append((quote.file, text))
    return kept


def _words(text: str) -> str:
    return " ".join(re.findall(r"[\w$€£.%/-]+", text.casefold()))
