"""Render the ICP dashboard as one self-contained HTML file (inline SVG charts).

The HTML has no script, no external stylesheet, font or image, and a Content-Security-Policy
that forbids loading anything, so it opens offline, can be mailed as an attachment, and a
browser would log a console error if anything tried to reach the network.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape
from typing import Any

from agent.analytics.figures import GroupFigures, Report
from agent.analytics.report_hints import empty_panel_hints
from agent.analytics.svg_charts import ACCENT, bar_chart, share_chart

TIER_COLORS = {
    "Perfect Fit": "#1b7f3b",
    "Strong Fit": "#62a85f",
    "Moderate Fit": "#d9a12b",
    "Weak Fit": "#c8553d",
}
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

CSS = """
:root { --ink: #1f2933; --muted: #61707f; --line: #d9dee4; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
       color: var(--ink); background: var(--bg); }
main { max-width: 1180px; margin: 0 auto; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 0 0 12px; }
.muted { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr));
         gap: 12px; margin: 18px 0; }
.card, .panel { background: #fff; border: 1px solid var(--line); border-radius: 8px; }
.card { padding: 12px 14px; }
.card .value { font-size: 24px; font-weight: 600; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
.panel { padding: 16px; margin-bottom: 16px; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { color: var(--muted); font-weight: 600; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px;
          margin-right: 6px; }
.note { background: #fff8e6; border: 1px solid #f0d9a0; border-radius: 6px; padding: 8px 12px;
        margin: 8px 0; }
svg text { font: 12px system-ui, -apple-system, "Segoe UI", sans-serif; fill: var(--ink); }
svg .axis { stroke: var(--line); }
svg .small { font-size: 11px; fill: var(--muted); }
"""


def format_percent(value: float | None) -> str:
    """Format a share as a whole percentage, or – when unknown."""
    return "–" if value is None else f"{value:.0%}"


def format_money(value: float | None) -> str:
    """Format an amount as 950, 12.5k or 1.2M (– when unknown)."""
    if value is None:
        return "–"
    if abs(value) >= 1e6:
        return f"{value / 1e6:.1f}M"
    return f"{value / 1e3:.1f}k" if abs(value) >= 1e4 else f"{value:,.0f}"


def format_days(value: float | None) -> str:
    """Format a number of days (– when unknown)."""
    return "–" if value is None else f"{value:.0f} d"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _group_row(group: GroupFigures, swatch: str | None = None) -> list[str]:
    name = escape(group.name)
    if swatch:
        name = f'<span class="swatch" style="background:{swatch}"></span>{name}'
    interval = group.win_rate_interval
    ci = f" <span class='muted'>({interval[0]:.0%}–{interval[1]:.0%})</span>" if interval else ""
    return [
        name,
        str(group.accounts),
        f"{group.won}/{group.closed}",
        format_percent(group.win_rate) + ci,
        format_money(group.revenue),
        format_money(group.average_deal),
        format_days(group.median_cycle),
    ]


GROUP_HEADERS = [
    "group",
    "accounts",
    "won/closed",
    "win rate (95 % CI)",
    "revenue",
    "avg deal",
    "median cycle",
]


def render_html(
    report: Report,
    *,
    generated_at: str = "",
    overrides: list[dict[str, Any]] = (),  # type: ignore[assignment]
    changes: list[dict[str, Any]] = (),  # type: ignore[assignment]
) -> str:
    """Return the whole dashboard as one self-contained HTML document."""
    overall = report.overall
    tiers = report.tiers
    colours = [TIER_COLORS[t.name] for t in tiers]
    short = [t.name.removesuffix(" Fit") for t in tiers]
    cards = [
        ("accounts scored", str(report.accounts)),
        ("decided (won/lost)", str(overall.closed)),
        ("win rate", format_percent(overall.win_rate)),
        ("revenue", format_money(overall.revenue)),
        ("score AUC", "–" if report.auc is None else f"{report.auc:.2f}"),
        ("fields known", f"{report.overall_coverage:.0%}"),
    ]
    charts = [
        (
            "Accounts per tier",
            bar_chart(
                "Accounts per tier",
                [(s, float(t.accounts), c) for s, t, c in zip(short, tiers, colours, strict=True)],
                fmt=lambda v: f"{v:.0f}",
            ),
        ),
    ]
    if report.with_outcomes:
        rate = overall.win_rate
        reference = (rate, f"all accounts: {rate:.0%}") if rate is not None else None
        charts += [
            (
                "Win rate per tier (95 % CI)",
                bar_chart(
                    "Win rate per tier",
                    [(s, t.win_rate, c) for s, t, c in zip(short, tiers, colours, strict=True)],
                    fmt=lambda v: f"{v:.0%}",
                    top=1.0,
                    intervals=[t.win_rate_interval for t in tiers],
                    reference=reference,
                ),
            ),
            (
                "Revenue per tier",
                bar_chart(
                    "Revenue per tier",
                    [(s, t.revenue, c) for s, t, c in zip(short, tiers, colours, strict=True)],
                    fmt=format_money,
                ),
            ),
            (
                "Calibration: win rate by score decile (D1 = lowest scores)",
                bar_chart(
                    "Win rate by score decile",
                    [(d.name, d.win_rate, ACCENT) for d in report.deciles],
                    fmt=lambda v: f"{v:.0%}",
                    top=1.0,
                    reference=reference,
                ),
            ),
        ]
    charts.append(
        (
            "Coverage: share of accounts with each field known",
            share_chart("Coverage by field", [(c.field, c.share) for c in report.coverage]),
        )
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<link rel="icon" href="data:,">',
        f"<title>ICP report: {escape(report.icp)}</title><style>{CSS}</style></head>",
        f"<body><main><h1>ICP report: {escape(report.icp)}</h1>",
        f'<div class="muted">generated {escape(generated_at)} by icp report</div>',
    ]
    parts += [f'<div class="note">{escape(note)}</div>' for note in report.notes]
    hints = empty_panel_hints(report)
    if hints:
        parts.append(
            '<section class="panel hints"><h2>What would fill the empty panels</h2><ul>'
            + "".join(f"<li>{escape(hint)}</li>" for hint in hints)
            + "</ul></section>"
        )
    parts.append(
        '<div class="cards">'
        + "".join(
            f'<div class="card"><div class="muted">{escape(k)}</div><div class="value">'
            f"{escape(v)}</div></div>"
            for k, v in cards
        )
        + "</div>"
    )
    parts.append(
        '<div class="grid">'
        + "".join(
            f'<section class="panel"><h2>{escape(title)}</h2>{svg}</section>'
            for title, svg in charts
        )
        + "</div>"
    )
    tier_rows = [_group_row(t, TIER_COLORS[t.name]) for t in tiers]
    parts.append(
        f'<section class="panel"><h2>Per tier</h2>{_table(GROUP_HEADERS, tier_rows)}</section>'
    )
    icp_rows = [_group_row(g) for g in report.icp_groups]
    parts.append(
        f'<section class="panel"><h2>ICP vs non-ICP</h2>{_table(GROUP_HEADERS, icp_rows)}</section>'
    )
    if report.deciles:
        rows = [
            [
                escape(d.name),
                f"{d.low_score:.1f}–{d.high_score:.1f}",
                str(d.closed),
                str(d.won),
                format_percent(d.win_rate),
            ]
            for d in report.deciles
        ]
        parts.append(
            '<section class="panel"><h2>Score deciles</h2>'
            + _table(["decile", "score", "decided", "won", "win rate"], rows)
            + "</section>"
        )
    routes = [[escape(route), str(count)] for route, count in sorted(report.routes.items())]
    parts.append(
        f'<section class="panel"><h2>Routing</h2>{_table(["route", "accounts"], routes)}</section>'
    )
    parts.append(_what_changed(changes))
    if overrides:
        rows = [
            [
                escape(str(o["domain"])),
                escape(f"{o['model_tier']} ({o['model_total']:.0f})"),
                escape(f"{o['tier']} ({o['total']:.0f})"),
                escape(str(o["reason"])),
                escape(str(o["created_at"])),
            ]
            for o in overrides
        ]
        parts.append(
            '<section class="panel"><h2>Manual overrides</h2>'
            + _table(["account", "model", "override", "reason", "when"], rows)
            + "</section>"
        )
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def recent_changes(
    signals: list[dict[str, Any]], days: int = 30, limit: int = 50
) -> list[dict[str, Any]]:
    """Return the signals first seen within `days` of the newest one, newest first."""
    if not signals:
        return []
    newest = max(str(s["first_seen_at"]) for s in signals)
    cutoff = (datetime.fromisoformat(newest) - timedelta(days=days)).isoformat()
    fresh = [s for s in signals if str(s["first_seen_at"]) >= cutoff]
    fresh.sort(key=lambda s: (str(s["first_seen_at"]), s.get("date") or ""), reverse=True)
    return fresh[:limit]


def _what_changed(changes: list[dict[str, Any]]) -> str:
    """Return the "What changed" panel: signals first seen in the latest research runs."""
    if not changes:
        return (
            '<section class="panel"><h2>What changed</h2><p class="muted">No new signals. '
            "Re-research accounts (icp watch accounts.csv --max-age 7d) to see funding, "
            "launches, hires and changes in stack, headcount and open roles here.</p></section>"
        )
    rows = [
        [
            escape(str(c.get("name") or c["domain"])),
            escape(c["type"].replace("_", " ")),
            escape(c.get("date") or "undated"),
            escape(c["summary"]),
            escape(str(c["first_seen_at"])[:10]),
        ]
        for c in changes
    ]
    return (
        '<section class="panel"><h2>What changed</h2>'
        + _table(["account", "signal", "date", "what", "seen"], rows)
        + "</section>"
    )


def overrides_in(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the overridden scores of records as rows for the dashboard."""
    rows = []
    for record in records:
        score = record.get("score") or {}
        applied = score.get("override")
        if applied:
            rows.append(
                {
                    **applied,
                    "domain": record["domain"],
                    "tier": score["tier"],  # the tier in force, not only the one requested
                    "total": score["total"],
                }
            )
    return rows
