"""ICP criteria on the accounts file's own columns (`input.<column>`) against the columns there are.

A criterion on a column no account has is "unknown" for every account. When the name is a
near miss of a column that is there (`web_visit_30d` for `web_visits_30d`) it is a typo and
an error with the suggestion, like a mistyped field path; a column that is simply absent
(a list without web-visit data) is a note, and the criterion scores as unknown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from agent.crm.amounts import is_blank, parse_amount
from agent.errors import ConfigError
from agent.icp import ICP
from agent.suggestions import closest


def check_input_columns(
    icps: Sequence[ICP], files: Sequence[str], columns: Iterable[str], source: str
) -> list[str]:
    """Return notes for `input.<column>` criteria whose column `source` lacks.

    Args:
        icps: the ICPs whose criteria are checked, read from `files` (same order).
        files: the ICP files, named in messages.
        columns: the input columns there are (the accounts file's header, or every column
            stored accounts came with).
        source: what holds the columns ("accounts.csv", "the accounts stored in icp.db").

    Raises:
        ConfigError: a criterion names a near miss of a column that is there (a typo).
    """
    known = sorted(set(columns))
    notes: list[str] = []
    for icp, file in zip(icps, files, strict=True):
        for d_index, dimension in enumerate(icp.dimensions):
            for c_index, criterion in enumerate(dimension.criteria):
                field = criterion.field or ""
                name = field.removeprefix("input.")
                if not field.startswith("input.") or name in known:
                    continue
                where = f"{file}: dimensions[{d_index}].criteria[{c_index}]"
                if (match := closest(name, known)) is not None:
                    raise ConfigError(f"{where}: no column {name!r} in {source} "
                                      f"(did you mean {match!r}?)")  # fmt: skip
                notes.append(f"{where}: no column {name!r} in {source}; the criterion is "
                             "unknown for every account")  # fmt: skip
    return notes


def numeric_input_columns(icps: Sequence[ICP]) -> set[str]:
    """Return the input columns criteria compare as numbers (`range`, `min`, `max`)."""
    return {
        criterion.field.removeprefix("input.")
        for icp in icps
        for dimension in icp.dimensions
        for criterion in dimension.criteria
        if criterion.field and criterion.field.startswith("input.")
        and (criterion.range is not None or criterion.min is not None
             or criterion.max is not None)
    }  # fmt: skip


def amount_problems(columns: Iterable[str], given: dict[str, Any]) -> list[str]:
    """Return a problem for each of `columns` whose cell in `given` states no number."""
    problems = []
    for column in sorted(columns):
        text = str(given.get(column) or "")
        if not is_blank(text) and parse_amount(text) is None:
            problems.append(f"column {column!r}: {text!r} is not a number or amount (like "
                            "1200000, $1,200,000, 1.2M); criteria on it are unknown")  # fmt: skip
    return problems
