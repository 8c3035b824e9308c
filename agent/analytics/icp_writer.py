"""Writing ICP files: a commented TOML renderer and an in-place rewriter of weights and points.

`icp discover` drafts a new file with a comment on each line saying which evidence it rests on;
`icp calibrate` rewrites only the `weight =` and `points =` values of the user's own file, so
its comments, order and layout survive and the diff shows just the numbers that changed.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from agent.icp import ICP


@dataclass
class DraftCriterion:
    """One criterion to write: its TOML keys (with `points`) and the comments above it."""

    keys: dict[str, Any]
    comments: list[str] = field(default_factory=list)


@dataclass
class DraftDimension:
    """One `[[dimensions]]` block to write."""

    name: str
    weight: float
    criteria: list[DraftCriterion]
    comments: list[str] = field(default_factory=list)


def toml_value(value: Any) -> str:
    """Return `value` as a TOML literal (str, bool, int, float or a list of those)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot write {value!r} to TOML")
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, str):
        # JSON string escapes are a subset of TOML basic-string escapes
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    raise ValueError(f"cannot write {type(value).__name__} to TOML")


def normalized_weights(raw: list[float], decimals: int = 3) -> list[float]:
    """Return non-negative weights rounded to `decimals` that sum to exactly 1."""
    total = sum(max(0.0, w) for w in raw)
    if total <= 0:
        raw, total = [1.0] * len(raw), float(len(raw))
    weights = [round(max(0.0, w) / total, decimals) for w in raw]
    largest = max(range(len(weights)), key=lambda i: weights[i])
    weights[largest] = round(1.0 - sum(w for i, w in enumerate(weights) if i != largest), decimals)
    return weights


def _comment_lines(comments: list[str], indent: str = "") -> list[str]:
    return [f"{indent}# {line}".rstrip() for line in comments]


def render_icp_toml(
    *,
    name: str,
    dimensions: list[DraftDimension],
    header: list[str] = (),  # type: ignore[assignment]
    description: str | None = None,
    industries: list[str] = (),  # type: ignore[assignment]
    tiers: dict[str, float] | None = None,
    routing: dict[str, str] | None = None,
    specialized: list[dict[str, Any]] = (),  # type: ignore[assignment]
    footer: list[str] = (),  # type: ignore[assignment]
) -> str:
    """Render an ICP file with comments; the caller validates it with `parse_icp`."""
    lines = _comment_lines(list(header))
    if lines:
        lines.append("")
    lines.append(f"name = {toml_value(name)}")
    if description:
        lines.append(f"description = {toml_value(description)}")
    if industries:
        lines.append(f"industries = {toml_value(list(industries))}")
    for table, values in (("tiers", tiers), ("routing", routing)):
        if values:
            lines += ["", f"[{table}]"] + [f"{k} = {toml_value(v)}" for k, v in values.items()]
    for dimension in dimensions:
        lines += ["", *_comment_lines(dimension.comments), "[[dimensions]]"]
        lines += [
            f"name = {toml_value(dimension.name)}",
            f"weight = {toml_value(dimension.weight)}",
        ]
        for criterion in dimension.criteria:
            lines += _comment_lines(criterion.comments, "  ")
            lines.append("  [[dimensions.criteria]]")
            key_names = {"in_": "in"}
            for key, value in criterion.keys.items():
                if value is not None:
                    lines.append(f"  {key_names.get(key, key)} = {toml_value(value)}")
    for question in specialized:
        lines += ["", "[[specialized]]"]
        lines += [f"{k} = {toml_value(v)}" for k, v in question.items() if v is not None]
    if footer:
        lines += ["", *_comment_lines(list(footer))]
    return "\n".join(lines) + "\n"


def render_icp(icp: ICP, header: list[str] = ()) -> str:  # type: ignore[assignment]
    """Render a whole ICP model (used when a file cannot be rewritten in place)."""
    dimensions = [
        DraftDimension(
            d.name,
            d.weight,
            [DraftCriterion(c.model_dump(by_alias=True, exclude_none=True)) for c in d.criteria],
        )
        for d in icp.dimensions
    ]
    return render_icp_toml(
        name=icp.name,
        header=list(header),
        description=icp.description,
        industries=icp.industries,
        tiers=icp.tiers.model_dump(),
        routing=icp.routing.model_dump(),
        dimensions=dimensions,
        specialized=[q.model_dump() for q in icp.specialized],
    )


_HEADER = re.compile(r"^\s*\[\[\s*(dimensions|dimensions\.criteria)\s*\]\]\s*(#.*)?$")
_OTHER_HEADER = re.compile(r"^\s*\[")
_ASSIGN = re.compile(r"^(\s*)(weight|points)(\s*=\s*)([-+0-9.eE_]+)(\s*(#.*)?)$")


def _same_number(old: str, new: str) -> bool:
    try:
        return math.isclose(float(old.replace("_", "")), float(new), abs_tol=1e-12)
    except ValueError:
        return False


def rewrite_numbers(text: str, weights: list[float], points: list[list[float]]) -> str | None:
    """Replace each dimension's `weight` and each criterion's `points` in the file's own text.

    Returns None when the layout is not the plain `[[dimensions]]` / `[[dimensions.criteria]]`
    form this rewriter understands (e.g. inline tables), so the caller can fall back.
    """
    out = []
    dimension = -1
    criterion = -1
    section = ""
    seen_weights: set[int] = set()
    seen_points: set[tuple[int, int]] = set()
    for line in text.splitlines(keepends=True):
        header = _HEADER.match(line)
        if header:
            section = header.group(1)
            if section == "dimensions":
                dimension, criterion = dimension + 1, -1
            else:
                criterion += 1
        elif _OTHER_HEADER.match(line):
            section = "other"
        assign = _ASSIGN.match(line.rstrip("\r\n"))
        if assign and not header:
            key = assign.group(2)
            ending = line[len(line.rstrip("\r\n")) :]
            if key == "weight" and section == "dimensions" and 0 <= dimension < len(weights):
                new = toml_value(float(weights[dimension]))
                seen_weights.add(dimension)
            elif key == "points" and section == "dimensions.criteria" and criterion >= 0:
                try:
                    new = toml_value(float(points[dimension][criterion]))
                except IndexError:
                    return None
                seen_points.add((dimension, criterion))
            else:
                out.append(line)
                continue
            if _same_number(assign.group(4), new):
                out.append(line)  # unchanged: keep the author's spelling (1.0, 0.30 ...)
            else:
                out.append(assign.group(1) + key + assign.group(3) + new + assign.group(5) + ending)
            continue
        out.append(line)
    expected_points = {(d, c) for d, row in enumerate(points) for c in range(len(row))}
    if seen_weights != set(range(len(weights))) or seen_points != expected_points:
        return None
    return "".join(out)
