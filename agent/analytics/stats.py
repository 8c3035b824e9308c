"""Small, exact statistics in plain Python: Fisher's exact test, Wilson intervals, q-values, AUC.

No numpy or scipy: the samples here are CRM exports (hundreds to thousands of rows), and exact
formulas over `math.lgamma` are fast enough and easy to audit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def _log_comb(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def fisher_greater(a: int, b: int, c: int, d: int) -> float:
    """Return the one-sided Fisher exact p-value that `a` is this large or larger.

    The table is [[a, b], [c, d]]: rows "has the attribute" / "has not", columns "best
    customer" / "other". A small p says best customers have the attribute more often than
    chance would make them.
    """
    if min(a, b, c, d) < 0:
        raise ValueError("table cells must be non-negative")
    row, col, total = a + b, a + c, a + b + c + d
    if total == 0:
        return 1.0
    log_denominator = _log_comb(total, col)
    p = 0.0
    for x in range(a, min(row, col) + 1):
        if col - x > total - row:
            continue
        p += math.exp(_log_comb(row, x) + _log_comb(total - row, col - x) - log_denominator)
    return min(1.0, p)


def wilson_interval(successes: int, trials: int, z: float = 1.96) -> tuple[float, float]:
    """Return the Wilson score interval (95 % by default) of a proportion."""
    if trials == 0:
        return 0.0, 1.0
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def shrunk_rate(successes: int, trials: int, prior_rate: float, prior_strength: float) -> float:
    """Return a rate pulled towards `prior_rate` as if `prior_strength` more trials had it."""
    return (successes + prior_strength * prior_rate) / (trials + prior_strength)


def q_values(p_values: Sequence[float]) -> list[float]:
    """Return Benjamini–Hochberg adjusted p-values (false discovery rate), in input order."""
    count = len(p_values)
    order = sorted(range(count), key=lambda i: p_values[i])
    adjusted = [1.0] * count
    running = 1.0
    for rank in range(count, 0, -1):
        index = order[rank - 1]
        running = min(running, p_values[index] * count / rank)
        adjusted[index] = min(1.0, running)
    return adjusted


def auc(scores: Sequence[float], labels: Sequence[bool]) -> float | None:
    """Return the ROC AUC (ties count half); None unless both classes are present."""
    pairs = sorted(zip(scores, labels, strict=True), key=lambda pair: pair[0])
    positives = sum(1 for _, label in pairs if label)
    negatives = len(pairs) - positives
    if positives == 0 or negatives == 0:
        return None
    rank_sum = 0.0
    index = 0
    while index < len(pairs):
        end = index
        while end + 1 < len(pairs) and pairs[end + 1][0] == pairs[index][0]:
            end += 1
        average_rank = (index + end) / 2 + 1
        rank_sum += average_rank * sum(1 for _, label in pairs[index : end + 1] if label)
        index = end + 1
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def quantile(values: Sequence[float], share: float) -> float:
    """Return the `share` quantile (linear interpolation) of non-empty `values`."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("quantile of no values")
    position = share * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def format_p(p: float) -> str:
    """Format a p-value for people: 0.03, 0.0012, 3e-07."""
    if p >= 0.01:
        return f"{p:.2f}"
    if p >= 0.0001:
        return f"{p:.4f}"
    return f"{p:.0e}"
