"""Cross-interview synthesis for product marketing: themes, segments and what surprised.

A theme is a pain category (or a current tool, objection, trigger) and its weight is the number
of interviews — notes — that show it, and their share of all interviews read. Each theme keeps a
few representative quotes, one per interview first, strongest first.

Segments: an interview's `industry`, `size` (employee band) and `tier` come from the enriched
record of its account when `segments_from_records` is given one (`icp interviews --db`), else
from the note's front matter (`industry:`, `employees:` or `size:`, `tier:`, and a free
`segment:`). "What surprised" lists themes that at least `min_interviews` interviews of one
segment show and no interview of another known segment of the same dimension does.

`synthesize` returns a JSON-ready dict; `agent.interviews.report.render_synthesis` turns it
into Markdown.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from agent.interviews.index import NotesIndex
from agent.models import Quote
from tools.notes.pain_lexicon import OTHER, TAXONOMY
from tools.notes.pains import Assessment

SIZE_BANDS = ((10, "1-10"), (50, "11-50"), (200, "51-200"), (500, "201-500"), (1000, "501-1000"),
              (5000, "1001-5000"))  # fmt: skip
DIMENSIONS = ("industry", "size", "tier", "segment")
_SEVERITIES = ("critical", "important", "nice-to-have")
_LIST_THEMES = ("current_tools", "objections", "triggers", "desired_outcomes")


def size_band(employees: Any) -> str | None:
    """Return the employee band of a head count ("51-200"), or None when unknown."""
    try:
        count = int(str(employees).replace(",", "").strip())
    except (TypeError, ValueError):
        return str(employees).strip() or None if employees else None
    return next((band for top, band in SIZE_BANDS if count <= top), "5001+")


def _value(node: Any) -> Any:
    return node.get("value") if isinstance(node, dict) else node


def segments_from_records(
    records: Iterable[dict[str, Any]], tiers: dict[str, str] | None = None
) -> dict[str, dict[str, str]]:
    """Return {domain: {industry, size, tier}} from enriched contract records."""
    segments: dict[str, dict[str, str]] = {}
    for record in records:
        firmographics = record.get("firmographics") or {}
        score = record.get("score") or {}
        found = {
            "industry": _value(firmographics.get("industry")),
            "size": size_band(_value(firmographics.get("employee_count"))),
            "tier": score.get("tier") or (tiers or {}).get(record.get("domain", "")),
        }
        segments[record.get("domain", "")] = {k: str(v) for k, v in found.items() if v}
    return segments


def note_segments(
    index: NotesIndex, account_segments: dict[str, dict[str, str]] | None = None
) -> dict[str, dict[str, str]]:
    """Return each note's segment values: enriched account, then front matter of its notes."""
    from_meta: dict[str, dict[str, str]] = {}
    for file in index.assessments:
        meta = index.notes[file].meta
        found = {
            "industry": meta.get("industry"),
            "size": size_band(meta.get("employees") or meta.get("size")),
            "tier": meta.get("tier"),
            "segment": meta.get("segment"),
        }
        from_meta[file] = {k: v for k, v in found.items() if v}
    by_account: dict[str, dict[str, str]] = {}
    for file, assessment in sorted(index.assessments.items()):
        if assessment.account:  # one note's front matter speaks for the account's other notes
            for key, value in from_meta[file].items():
                by_account.setdefault(assessment.account, {}).setdefault(key, value)
    result = {}
    for file, assessment in index.assessments.items():
        account = assessment.account or ""
        values = {**by_account.get(account, {}), **from_meta[file]}
        values.update((account_segments or {}).get(account, {}))
        result[file] = values
    return result


def _representative(quotes: list[tuple[int, Quote]], limit: int = 3) -> list[dict[str, str]]:
    """Pick quotes of different interviews first, strongest first, readable length preferred."""
    ranked = sorted(quotes, key=lambda item: (item[0], not 30 <= len(item[1].quote) <= 220))
    picked: list[Quote] = []
    for distinct_files in (True, False):
        for _, quote in ranked:
            if len(picked) >= limit or quote in picked:
                continue
            if distinct_files and quote.file in {q.file for q in picked}:
                continue
            picked.append(quote)
    return [q.model_dump() for q in picked]


def _pain_themes(assessments: dict[str, Assessment], total: int) -> list[dict[str, Any]]:
    themes: dict[str, dict[str, Any]] = {}
    for file, assessment in assessments.items():
        for pain in assessment.pains:
            theme = themes.setdefault(pain.category, {
                "key": pain.category,
                "label": TAXONOMY[pain.category].label if pain.category in TAXONOMY else "Other",
                "kind": "pain", "files": [], "severity": dict.fromkeys(_SEVERITIES, 0),
                "_quotes": [],
            })  # fmt: skip
            theme["files"].append(file)
            theme["severity"][pain.severity] += 1
            rank = _SEVERITIES.index(pain.severity)
            theme["_quotes"].extend((rank, quote) for quote in pain.quotes[:2])
    return _finish(themes, total)


def _list_themes(assessments: dict[str, Assessment], name: str, total: int) -> list[dict[str, Any]]:
    themes: dict[str, dict[str, Any]] = {}
    for file, assessment in assessments.items():
        for signal in getattr(assessment, name):
            by_text = name in ("current_tools", "desired_outcomes")  # others group by kind
            key = signal.text.casefold() if by_text else (signal.kind or "other")
            label = signal.text if by_text else (signal.kind or "other")
            theme = themes.setdefault(key, {"key": key, "label": label, "kind": name,
                                            "files": [], "_quotes": []})  # fmt: skip
            if file not in theme["files"]:
                theme["files"].append(file)
            theme["_quotes"].extend((0, quote) for quote in signal.quotes[:1])
    return _finish(themes, total)


def _finish(themes: dict[str, dict[str, Any]], total: int) -> list[dict[str, Any]]:
    for theme in themes.values():
        theme["interviews"] = len(set(theme["files"]))
        theme["share"] = round(theme["interviews"] / total, 3) if total else 0.0
        theme["quotes"] = _representative(theme.pop("_quotes"))
    return sorted(themes.values(), key=lambda t: (-t["interviews"], t["key"] == OTHER, t["key"]))


def _segments(themes: list[dict[str, Any]], segments: dict[str, dict[str, str]]):
    table: dict[str, dict[str, dict[str, Any]]] = {}
    for dimension in DIMENSIONS:
        values = {file: seg[dimension] for file, seg in segments.items() if seg.get(dimension)}
        if not values:
            continue
        column: dict[str, dict[str, Any]] = {}
        for value in sorted(values.values()):
            column.setdefault(value, {"interviews": 0, "themes": {}})["interviews"] += 1
        for theme in themes:
            for file in set(theme["files"]):
                if file in values:
                    counts = column[values[file]]["themes"]
                    counts[theme["key"]] = counts.get(theme["key"], 0) + 1
        table[dimension] = dict(sorted(column.items()))
    return table


def _surprises(
    themes: list[dict[str, Any]], table: dict[str, Any], min_interviews: int
) -> list[dict[str, Any]]:
    found = []
    for dimension, column in table.items():
        if len(column) < 2:
            continue
        for theme in themes:
            showing = {v: c["themes"].get(theme["key"], 0) for v, c in column.items()}
            present = [v for v, n in showing.items() if n]
            if len(present) == 1 and showing[present[0]] >= min_interviews:
                value = present[0]
                found.append({
                    "theme": theme["key"], "label": theme["label"], "kind": theme["kind"],
                    "dimension": dimension, "segment": value,
                    "interviews": showing[value],
                    "segment_interviews": column[value]["interviews"],
                    "other_interviews": sum(
                        c["interviews"] for v, c in column.items() if v != value
                    ),
                })  # fmt: skip
    return found


def synthesize(
    index: NotesIndex,
    account_segments: dict[str, dict[str, str]] | None = None,
    *,
    min_interviews: int = 2,
) -> dict[str, Any]:
    """Return the cross-interview synthesis of a notes folder as a JSON-ready dict."""
    assessments = index.assessments
    total = len(assessments)
    pains = _pain_themes(assessments, total)
    lists = {name: _list_themes(assessments, name, total) for name in _LIST_THEMES}
    table = _segments(pains + lists["current_tools"], note_segments(index, account_segments))
    return {
        "notes_dir": str(index.notes_dir),
        "interviews": total,
        "accounts": index.accounts(),
        "unmapped": sorted(f for f, a in assessments.items() if not a.account),
        "methods": sorted({a.method for a in assessments.values()}),
        "themes": pains,
        **lists,
        "segments": table,
        "surprises": _surprises(pains + lists["current_tools"], table, min_interviews),
        "problems": list(index.problems),
    }
