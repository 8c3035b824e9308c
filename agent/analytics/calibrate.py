"""Suggest new ICP weights from outcomes: L2-regularized logistic regression, in plain Python.

Each criterion of the ICP becomes a 0/1 feature (met or not, exactly as the scorer decides);
the label is won (1) or lost (0). A logistic regression with an L2 penalty (the intercept is not
penalized) is fitted by Newton's method, which converges in a handful of steps for the few dozen
features an ICP has. A criterion's suggested share of the total is its positive coefficient
over the sum of positive coefficients: its points within the dimension are that coefficient,
and a dimension's weight is its share of all points, so `total` becomes 100 × (weight of
evidence matched) / (all positive evidence). Criteria that do not predict wins keep a token
point (the file format needs points > 0) and say so in the diff.

Predictive power before and after is measured on held-out rows (a stratified split with a fixed
seed): AUC of the total, and the win rate of the top tiers (Perfect + Strong). The suggestion
itself is then refitted the same way on all rows. Nothing is written unless asked.
"""

from __future__ import annotations

import difflib
import math
import random
import tomllib
from dataclasses import dataclass, field
from typing import Any

from agent.analytics.icp_writer import normalized_weights, render_icp, rewrite_numbers
from agent.analytics.stats import auc
from agent.errors import InputError
from agent.icp import ICP, parse_icp
from agent.scoring import evaluate_criterion, score_record

TOP_TIERS = ("Perfect Fit", "Strong Fit")
MIN_PER_CLASS = 10
TOKEN_POINTS = 1.0


@dataclass
class Metrics:
    """Predictive power of one ICP on a set of rows."""

    auc: float | None
    top_tier_accounts: int
    top_tier_won: int
    top_fifth_accounts: int = 0
    top_fifth_won: int = 0

    @property
    def top_tier_win_rate(self) -> float | None:
        """Win rate of the accounts the ICP puts in Perfect or Strong Fit."""
        return self.top_tier_won / self.top_tier_accounts if self.top_tier_accounts else None

    @property
    def top_fifth_win_rate(self) -> float | None:
        """Win rate of the fifth of accounts with the highest totals (same size for any ICP)."""
        return self.top_fifth_won / self.top_fifth_accounts if self.top_fifth_accounts else None


@dataclass
class Calibration:
    """A suggested re-weighting with its evidence."""

    icp: ICP
    suggested: ICP
    coefficients: list[float]
    """One per criterion, in file order (dimension by dimension)."""
    labels: list[str]
    before: Metrics
    after: Metrics
    train_rows: int
    test_rows: int
    rows: int
    won: int
    notes: list[str] = field(default_factory=list)


def features(icp: ICP, record: dict[str, Any]) -> list[float]:
    """Return 1.0 for each criterion the record meets, else 0.0 (file order)."""
    return [
        1.0 if evaluate_criterion(criterion, record)[0] == "met" else 0.0
        for dimension in icp.dimensions
        for criterion in dimension.criteria
    ]


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Solve a small linear system by Gaussian elimination with partial pivoting."""
    size = len(vector)
    rows = [row[:] + [vector[i]] for i, row in enumerate(matrix)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(rows[r][col]))
        if abs(rows[pivot][col]) < 1e-12:
            rows[pivot][col] += 1e-9  # a tiny ridge keeps a constant feature from stopping us
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(col + 1, size):
            factor = rows[r][col] / rows[col][col]
            if factor:
                for c in range(col, size + 1):
                    rows[r][c] -= factor * rows[col][c]
    solution = [0.0] * size
    for r in range(size - 1, -1, -1):
        total = rows[r][size] - sum(rows[r][c] * solution[c] for c in range(r + 1, size))
        solution[r] = total / rows[r][r]
    return solution


def _sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1.0 + exp)


def fit_logistic(
    rows: list[list[float]], labels: list[bool], l2: float = 1.0, iterations: int = 50
) -> tuple[float, list[float]]:
    """Fit an L2-regularized logistic regression by Newton's method; return (intercept, β)."""
    width = len(rows[0]) + 1 if rows else 1
    design = [[1.0, *row] for row in rows]
    beta = [0.0] * width
    for _ in range(iterations):
        gradient = [0.0] * width
        hessian = [[0.0] * width for _ in range(width)]
        for x, label in zip(design, labels, strict=True):
            p = _sigmoid(sum(b * v for b, v in zip(beta, x, strict=True)))
            residual = (1.0 if label else 0.0) - p
            weight = p * (1 - p)
            for i in range(width):
                if x[i]:
                    gradient[i] += residual * x[i]
                    for j in range(width):
                        hessian[i][j] += weight * x[i] * x[j]
        for i in range(1, width):
            gradient[i] -= l2 * beta[i]
            hessian[i][i] += l2
        step = _solve(hessian, gradient)
        beta = [b + s for b, s in zip(beta, step, strict=True)]
        if max(abs(s) for s in step) < 1e-9:
            break
    return beta[0], beta[1:]


def reweighted(icp: ICP, coefficients: list[float]) -> ICP:
    """Return the ICP with points ∝ positive coefficients and weights = share of points."""
    positive = [max(0.0, c) for c in coefficients]
    top = max(positive) or 1.0
    points = [max(TOKEN_POINTS, round(100 * c / top)) for c in positive]
    data = icp.model_dump(by_alias=True, exclude_none=True)
    index = 0
    raw_weights = []
    for dimension in data["dimensions"]:
        total = 0.0
        for criterion in dimension["criteria"]:
            criterion["points"] = float(points[index])
            total += points[index] if positive[index] > 0 else 0.0
            index += 1
        raw_weights.append(total)
    for dimension, weight in zip(data["dimensions"], normalized_weights(raw_weights), strict=True):
        dimension["weight"] = weight
    return parse_icp(data, source="suggested weights")


def measure(icp: ICP, records: list[dict[str, Any]], labels: list[bool]) -> Metrics:
    """Return AUC, top-tier and top-fifth win rates of an ICP's totals on labelled records."""
    scores = [score_record(icp, record) for record in records]
    top = [label for score, label in zip(scores, labels, strict=True) if score.tier in TOP_TIERS]
    # a stable sort keeps ties in input order, so the top fifth is deterministic
    ranked = sorted(zip(scores, labels, strict=True), key=lambda pair: -pair[0].total)
    fifth = [label for _, label in ranked[: max(1, round(len(ranked) / 5))]] if ranked else []
    return Metrics(
        auc([s.total for s in scores], labels), len(top), sum(top), len(fifth), sum(fifth)
    )


def stratified_split(labels: list[bool], holdout: float, seed: int) -> tuple[list[int], list[int]]:
    """Return (train, test) row indices; each class is split in the same proportion."""
    rng = random.Random(seed)
    train: list[int] = []
    test: list[int] = []
    for value in (True, False):
        members = [i for i, label in enumerate(labels) if label is value]
        rng.shuffle(members)
        cut = round(len(members) * holdout)
        test += members[:cut]
        train += members[cut:]
    return sorted(train), sorted(test)


def calibrate(
    icp: ICP,
    records: list[dict[str, Any]],
    won: dict[str, bool],
    *,
    l2: float = 1.0,
    holdout: float = 0.3,
    seed: int = 7,
    min_per_class: int = MIN_PER_CLASS,
) -> Calibration:
    """Fit new weights from won/lost outcomes; measure before/after on held-out rows."""
    rows = [r for r in records if r["domain"] in won and r.get("status") != "error"]
    labels = [won[r["domain"]] for r in rows]
    wins = sum(labels)
    if wins < min_per_class or len(labels) - wins < min_per_class:
        raise InputError(
            f"calibration needs at least {min_per_class} won and {min_per_class} lost accounts "
            f"with research; found {wins} won and {len(labels) - wins} lost "
            "(--min-per-class lowers the bar for a first look)"
        )
    matrix = [features(icp, record) for record in rows]
    train, test = stratified_split(labels, holdout, seed)
    _, train_beta = fit_logistic([matrix[i] for i in train], [labels[i] for i in train], l2)
    held_out = [rows[i] for i in test]
    held_labels = [labels[i] for i in test]
    before = measure(icp, held_out, held_labels)
    after = measure(reweighted(icp, train_beta), held_out, held_labels)
    _, beta = fit_logistic(matrix, labels, l2)
    labels_of = [f"{d.name}: {c.describe()}" for d in icp.dimensions for c in d.criteria]
    result = Calibration(
        icp,
        reweighted(icp, beta),
        beta,
        labels_of,
        before,
        after,
        len(train),
        len(test),
        len(rows),
        wins,
    )
    if len(test) < 60:
        result.notes.append(
            f"only {len(test)} held-out accounts: the before/after figures are rough"
        )
    useless = [label for label, c in zip(labels_of, beta, strict=True) if c <= 0]
    if useless:
        result.notes.append(
            f"{len(useless)} criteria did not predict wins and keep a token point: "
            + "; ".join(useless)
        )
    return result


def suggested_text(original: str, calibration: Calibration, source: str = "ICP file") -> str:
    """Return the ICP file with the suggested numbers (its own layout kept when possible)."""
    icp = calibration.suggested
    weights = [d.weight for d in icp.dimensions]
    points = [[c.points for c in d.criteria] for d in icp.dimensions]
    text = rewrite_numbers(original, weights, points)
    if text is None:
        text = render_icp(icp, [f"Weights suggested by `icp calibrate` for {source}."])
    parse_icp(tomllib.loads(text), source="suggested")  # a suggestion that does not load is a bug
    return text


def unified_diff(original: str, suggested: str, path: str) -> str:
    """Return the unified diff from the ICP file to the suggestion."""
    return "".join(
        difflib.unified_diff(
            original.splitlines(keepends=True),
            suggested.splitlines(keepends=True),
            fromfile=path,
            tofile=f"{path} (suggested)",
        )
    )
