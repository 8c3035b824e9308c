"""Markdown a person can paste into a doc: the themes report and one account's needs."""

from __future__ import annotations

from typing import Any

from agent.models import Needs
from tools.notes.pain_lexicon import TAXONOMY

_SECTION_TITLES = {
    "current_tools": "Current tools and workarounds",
    "objections": "Objections",
    "triggers": "Triggers (why now)",
    "desired_outcomes": "Desired outcomes",
}


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def _quote_line(quote: dict[str, str]) -> str:
    text = " ".join(quote["quote"].split())
    return f"> “{text}” — `{quote['file']}`"


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_synthesis(synthesis: dict[str, Any]) -> str:
    """Return the cross-interview synthesis as Markdown."""
    total = synthesis["interviews"]
    lines = [
        "# Interview synthesis",
        "",
        f"{total} interview(s) from `{synthesis['notes_dir']}`; "
        f"{len(synthesis['accounts'])} account(s) with notes, "
        f"{len(synthesis['unmapped'])} note(s) not mapped to an account. "
        f"Method: {', '.join(synthesis['methods']) or 'rule'}. Every quote is verbatim from "
        "the customer's side of the note it cites.",
        "",
        "## Pain themes",
        "",
    ]
    themes = synthesis["themes"]
    if not themes:
        lines += ["No pains were found in the notes.", ""]
    else:
        lines += [
            "| Theme | Interviews | Share | Critical | Important | Nice-to-have |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for theme in themes:
            severity = theme["severity"]
            lines.append(
                f"| {_cell(theme['label'])} | {theme['interviews']} | {_percent(theme['share'])} "
                f"| {severity['critical']} | {severity['important']} | {severity['nice-to-have']} |"
            )
        lines.append("")
        for theme in themes:
            description = (
                TAXONOMY[theme["key"]].description
                if theme["key"] in TAXONOMY
                else ("Pain language that fits no category of the taxonomy.")
            )
            lines += [
                f"### {theme['label']} — {theme['interviews']} of {total} interviews "
                f"({_percent(theme['share'])})",
                "",
                f"_{description}_",
                "",
            ]
            for quote in theme["quotes"]:
                lines += [_quote_line(quote), ""]
    for name, title in _SECTION_TITLES.items():
        items = synthesis.get(name) or []
        if not items:
            continue
        lines += [f"## {title}", "", "| | Interviews | Share | Example |", "|---|---:|---:|---|"]
        for item in items[:15]:
            example = item["quotes"][0] if item["quotes"] else None
            cited = (
                f"“{_cell(' '.join(example['quote'].split()))}” (`{example['file']}`)"
                if example
                else ""
            )
            lines.append(
                f"| {_cell(item['label'])} | {item['interviews']} | {_percent(item['share'])} "
                f"| {cited} |"
            )
        lines.append("")
    lines += _segment_lines(synthesis)
    lines += _surprise_lines(synthesis)
    if synthesis["problems"]:
        lines += ["## Files skipped or partly used", ""]
        lines += [f"- {_cell(problem)}" for problem in synthesis["problems"]]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _segment_lines(synthesis: dict[str, Any]) -> list[str]:
    table = synthesis["segments"]
    if not table:
        return []
    labels = {t["key"]: t["label"] for t in synthesis["themes"]}
    labels.update({t["key"]: f"Tool: {t['label']}" for t in synthesis.get("current_tools", [])})
    lines = ["## By segment", ""]
    for dimension, column in table.items():
        values = list(column)
        lines += [
            f"### {dimension.capitalize()}",
            "",
            "| Theme | "
            + " | ".join(f"{_cell(v)} (n={column[v]['interviews']})" for v in values)
            + " |",
            "|---|" + "---:|" * len(values),
        ]
        keys = [k for k in labels if any(k in column[v]["themes"] for v in values)]
        for key in keys:
            cells = []
            for value in values:
                count = column[value]["themes"].get(key, 0)
                size = column[value]["interviews"]
                cells.append(f"{count} ({_percent(count / size)})" if count else "–")
            lines.append(f"| {_cell(labels[key])} | " + " | ".join(cells) + " |")
        lines.append("")
    return lines


def _surprise_lines(synthesis: dict[str, Any]) -> list[str]:
    surprises = synthesis["surprises"]
    if not surprises:
        return []
    lines = ["## What surprised", ""]
    for item in surprises:
        what = "Pain" if item["kind"] == "pain" else "Tool"
        lines.append(
            f"- {what} **{_cell(item['label'])}** came up only in {item['dimension']} "
            f"**{_cell(item['segment'])}** ({item['interviews']} of {item['segment_interviews']} "
            f"interviews there), in none of the {item['other_interviews']} other interviews "
            f"with a known {item['dimension']}."
        )
    return [*lines, ""]


def render_account(domain: str, needs: Needs, files: list[str]) -> str:
    """Return one account's needs (merged from its interviews) as Markdown."""
    lines = [f"# Needs of {domain}", "", f"{needs.interviews} interview(s): "
             + ", ".join(f"`{f}`" for f in files), ""]  # fmt: skip
    lines += ["## Pains", ""]
    if not needs.pains:
        lines += ["No pains were found in the customer's words.", ""]
    for pain in needs.pains:
        lines += [f"### {pain.category} ({pain.severity}): {pain.pain}", ""]
        lines += [_quote_line(q.model_dump()) + "\n" for q in pain.quotes]
    for name, title in (("current_tools", "Current tools and workarounds"),
                        ("triggers", "Triggers"), ("objections", "Objections")):  # fmt: skip
        items = getattr(needs, name)
        if items:
            lines += [f"## {title}", ""]
            for item in items:
                kind = f" ({item['kind']})" if item.get("kind") else ""
                quote = item["quotes"][0]
                lines.append(f"- **{_cell(item['text'])}**{kind}: “{_cell(quote['quote'])}” "
                             f"(`{quote['file']}`)")  # fmt: skip
            lines.append("")
    for name, title in (("decision_process", "Decision process"), ("budget", "Budget"),
                        ("timeline", "Timeline")):  # fmt: skip
        summary = getattr(needs, name)
        if summary:
            lines += [f"## {title}", "", f"{_cell(summary['text'])}", ""]
            lines += [_quote_line(q) + "\n" for q in summary["quotes"]]
    return "\n".join(lines).rstrip() + "\n"
