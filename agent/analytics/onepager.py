"""The ICP as a one-page brief for sales and marketing, in Markdown or self-contained HTML.

Criteria in plain words with their share of the score, tier thresholds and routes, how many
accounts fall in each tier, example accounts per tier with their top reasons, and the top pains
from customer interviews (with a verbatim quote) when records carry `needs`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html import escape
from typing import Any

from agent.icp import ICP, TIER_NAMES, Criterion
from agent.models import Score
from agent.scoring import top_reasons

ROUTE_WORDS = {
    "ae": "account executive",
    "sdr": "SDR outreach",
    "nurture": "marketing nurture",
    "disqualify": "no outbound (disqualified)",
}
FIELD_NOUNS = {
    "firmographics.employee_count": "Employees",
    "firmographics.industry": "Industry",
    "firmographics.hq_country": "Headquarters country",
    "firmographics.hq_city": "Headquarters city",
    "firmographics.funding_stage": "Funding stage",
    "firmographics.total_funding_usd": "Total funding (USD)",
    "firmographics.founded_year": "Founded",
    "firmographics.business_model": "Business model",
    "firmographics.company_name": "Company name",
    "hiring.open_roles": "Open roles",
    "hiring.ats": "Applicant tracking system",
    "needs.pains.category": "Pain named in interviews",
    "needs.pains.severity": "Pain severity in interviews",
}


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    # taxonomy values read as words: "data_quality" -> "data quality"
    return _number(value) if isinstance(value, int | float) else str(value).replace("_", " ")


def field_noun(path: str, icp: ICP | None = None) -> str:
    """Return a field path as a noun phrase people read ("Open sales development roles")."""
    if path in FIELD_NOUNS:
        return FIELD_NOUNS[path]
    parts = path.split(".")
    if path.startswith("hiring.by_function."):
        return f"Open {parts[-1].replace('_', ' ')} roles"
    if parts[0] == "specialized" and icp is not None:
        for question in icp.specialized:
            if question.key == parts[1]:
                return question.question.rstrip("?")
    if parts[0] == "input":
        return f"{parts[-1].replace('_', ' ')} (from your list)".capitalize()
    return parts[-1].replace("_", " ").capitalize()


YEAR_FIELDS = frozenset({"firmographics.founded_year"})


def _year_words(criterion: Criterion) -> str:
    """Return a founding-year test as people say it ("Founded 2012 or later")."""
    low = criterion.range[0] if criterion.range else criterion.min
    high = criterion.range[1] if criterion.range else criterion.max
    if criterion.equals is not None:
        return f"Founded in {_value(criterion.equals)}".replace(",", "")
    if criterion.in_ is not None:
        return "Founded in " + ", ".join(str(int(v)) for v in criterion.in_)
    if low is not None and high is not None:
        return f"Founded {int(low)}–{int(high)}"
    if low is not None:
        return f"Founded {int(low)} or later"
    return f"Founded {int(high or 0)} or earlier"


def plain_reasons(icp: ICP, score: Score, limit: int = 3) -> list[str]:
    """Return the criteria an account meets in plain words, the weightiest first."""
    met: list[tuple[float, str]] = []
    for dimension in icp.dimensions:
        result = score.dimensions.get(dimension.name)
        if result is None:
            continue
        possible = sum(c.points for c in dimension.criteria) or 1.0
        for criterion, reason in zip(dimension.criteria, result.reasons, strict=False):
            if reason.startswith("met: "):
                share = dimension.weight * criterion.points / possible
                met.append((share, plain_words(criterion, icp)))
    met.sort(key=lambda item: -item[0])
    return [words for _, words in met[:limit]]


def plain_words(criterion: Criterion, icp: ICP | None = None) -> str:
    """Return a criterion in plain words ("Employees: 50–1,000", "Uses Salesforce")."""
    if criterion.technology:
        return f"Uses {criterion.technology}"
    if criterion.label:
        return criterion.label[:1].upper() + criterion.label[1:]
    if (criterion.field or "") in YEAR_FIELDS:
        return _year_words(criterion)
    noun = field_noun(criterion.field or "", icp)
    if criterion.range is not None:
        return f"{noun}: {_number(criterion.range[0])}–{_number(criterion.range[1])}"
    if criterion.in_ is not None:
        options = [_value(v) for v in criterion.in_]
        joined = ", ".join(options[:-1]) + f" or {options[-1]}" if len(options) > 1 else options[0]
        return f"{noun}: {joined}"
    if criterion.equals is not None:
        return f"{noun}: {_value(criterion.equals)}"
    if criterion.min is not None and criterion.max is not None:
        return f"{noun}: {_number(criterion.min)}–{_number(criterion.max)}"
    if criterion.min is not None:
        return f"{noun}: at least {_number(criterion.min)}"
    return f"{noun}: at most {_number(criterion.max or 0)}"


@dataclass
class Brief:
    """The content of the one-pager, rendered to Markdown or HTML."""

    icp: ICP
    criteria: list[tuple[str, float, list[tuple[str, float]]]]
    """(dimension, weight, [(criterion in words, share of the total score)])."""
    tier_counts: dict[str, int]
    examples: dict[str, list[tuple[str, float, list[str]]]]
    pains: list[tuple[str, int, str, str]] = field(default_factory=list)
    """(pain category, accounts, most severe severity, one quote "text" — file)."""


def build_brief(icp: ICP, records: list[dict[str, Any]], examples_per_tier: int = 3) -> Brief:
    """Collect the one-pager's content from the ICP and scored records."""
    criteria = []
    for dimension in icp.dimensions:
        possible = sum(c.points for c in dimension.criteria)
        rows = [
            (plain_words(c, icp), dimension.weight * c.points / possible)
            for c in dimension.criteria
        ]
        criteria.append((dimension.name, dimension.weight, rows))
    scored = [r for r in records if (r.get("score") or {}).get("icp") == icp.name]
    counts = Counter(r["score"]["tier"] for r in scored)
    examples: dict[str, list[tuple[str, float, list[str]]]] = defaultdict(list)
    for record in sorted(scored, key=lambda r: -r["score"]["total"]):
        tier = record["score"]["tier"]
        if len(examples[tier]) < examples_per_tier:
            score = Score.model_validate(
                {k: v for k, v in record["score"].items() if k != "override"}
            )
            name = ((record.get("firmographics") or {}).get("company_name") or {}).get("value")
            label = f"{name} ({record['domain']})" if name else record["domain"]
            reasons = plain_reasons(icp, score) if score.icp == icp.name else top_reasons(score)
            override = record["score"].get("override")
            if override:
                reasons = [f"set by sales: {override['reason']}", *reasons]
            examples[tier].append((label, record["score"]["total"], reasons))
    return Brief(
        icp, criteria, {t: counts.get(t, 0) for t in TIER_NAMES}, dict(examples), top_pains(records)
    )


def top_pains(records: list[dict[str, Any]], limit: int = 5) -> list[tuple[str, int, str, str]]:
    """Return the pain categories named by the most accounts, each with one quote."""
    accounts: Counter[str] = Counter()
    severity: dict[str, str] = {}
    quotes: dict[str, str] = {}
    order = {"critical": 0, "important": 1, "nice-to-have": 2}
    for record in records:
        seen = set()
        for pain in (record.get("needs") or {}).get("pains") or []:
            category = str(pain.get("category") or pain.get("pain") or "other")
            if category not in seen:
                accounts[category] += 1
                seen.add(category)
            level = pain.get("severity") or "nice-to-have"
            if order.get(level, 3) < order.get(severity.get(category, ""), 3):
                severity[category] = level
            for quote in pain.get("quotes") or []:
                quotes.setdefault(category, f"“{quote['quote']}” — {quote['file']}")
    ranked = sorted(accounts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [(c, n, severity.get(c, ""), quotes.get(c, "")) for c, n in ranked]


def _routes(icp: ICP) -> list[tuple[str, str, str]]:
    bounds = {
        "Perfect Fit": icp.tiers.perfect,
        "Strong Fit": icp.tiers.strong,
        "Moderate Fit": icp.tiers.moderate,
        "Weak Fit": 0,
    }
    return [
        (
            tier,
            f"≥ {bounds[tier]:g}" if bounds[tier] else f"< {icp.tiers.moderate:g}",
            ROUTE_WORDS[getattr(icp.routing, tier.split()[0].lower())],
        )
        for tier in TIER_NAMES
    ]


def render_markdown(brief: Brief) -> str:
    """Return the one-pager as Markdown."""
    icp = brief.icp
    lines = [f"# Ideal Customer Profile: {icp.name}", ""]
    if icp.description:
        lines += [icp.description, ""]
    lines += ["## Who we sell to", ""]
    for name, weight, rows in brief.criteria:
        lines.append(f"**{name.replace('_', ' ').capitalize()}** ({weight:.0%} of the score)")
        lines += [f"- {words} ({share:.0%})" for words, share in rows]
        lines.append("")
    lines += [
        "## Tiers and who works them",
        "",
        "| tier | score | route | accounts |",
        "|---|---|---|---|",
    ]
    for tier, bound, route in _routes(icp):
        lines.append(f"| {tier} | {bound} | {route} | {brief.tier_counts.get(tier, 0)} |")
    lines.append("")
    if any(brief.examples.values()):
        lines += ["## Example accounts", ""]
        for tier in TIER_NAMES:
            for label, total, reasons in brief.examples.get(tier, []):
                why = "; ".join(reasons) or "no criterion met"
                lines.append(f"- **{tier}** · {label} · {total:.0f} — {why}")
        lines.append("")
    if brief.pains:
        lines += ["## Top pains from interviews", ""]
        for category, count, severity, quote in brief.pains:
            lines.append(
                f"- **{category.replace('_', ' ')}** — {count} accounts, "
                f"up to {severity or 'unrated'}" + (f": {quote}" if quote else "")
            )
        lines.append("")
    return "\n".join(lines)


def render_html(brief: Brief) -> str:
    """Return the one-pager as a self-contained HTML page (no script, nothing external)."""
    from agent.analytics.report_html import CSP

    icp = brief.icp
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<link rel="icon" href="data:,">',
        f"<title>ICP one-pager: {escape(icp.name)}</title><style>",
        "body{font:15px/1.5 system-ui,sans-serif;max-width:820px;margin:24px auto;"
        "padding:0 16px;color:#1f2933}table{border-collapse:collapse}"
        "td,th{border-bottom:1px solid #d9dee4;padding:4px 10px;text-align:left}"
        ".muted{color:#61707f}"
        # printed: one A4/Letter page (two columns of criteria, compact type)
        "@page{size:auto;margin:11mm}"
        "@media print{body{font-size:9.5px;line-height:1.3;margin:0;max-width:none;padding:0}"
        "h1{font-size:16px;margin:0 0 4px}h2{font-size:12px;margin:7px 0 2px}"
        "h3{font-size:10px;margin:3px 0 0}p{margin:2px 0}ul{margin:0;padding-left:14px}"
        "td,th{padding:1px 6px}.criteria{column-count:2;column-gap:14px}"
        "h3{break-after:avoid}h3,li,tr{break-inside:avoid}}</style></head><body>",
        f"<h1>Ideal Customer Profile: {escape(icp.name)}</h1>",
    ]
    if icp.description:
        out.append(f"<p>{escape(icp.description)}</p>")
    out.append("<h2>Who we sell to</h2><div class='criteria'>")
    for name, weight, rows in brief.criteria:
        out.append(
            f"<h3>{escape(name.replace('_', ' ').capitalize())} "
            f"<span class='muted'>({weight:.0%} of the score)</span></h3><ul>"
        )
        out += [
            f"<li>{escape(words)} <span class='muted'>({share:.0%})</span></li>"
            for words, share in rows
        ]
        out.append("</ul>")
    out.append("</div>")
    out.append(
        "<h2>Tiers and who works them</h2><table><tr><th>tier</th><th>score</th>"
        "<th>route</th><th>accounts</th></tr>"
    )
    for tier, bound, route in _routes(icp):
        out.append(
            f"<tr><td>{tier}</td><td>{escape(bound)}</td><td>{escape(route)}</td>"
            f"<td>{brief.tier_counts.get(tier, 0)}</td></tr>"
        )
    out.append("</table>")
    if any(brief.examples.values()):
        out.append("<h2>Example accounts</h2><ul>")
        for tier in TIER_NAMES:
            for label, total, reasons in brief.examples.get(tier, []):
                why = "; ".join(reasons) or "no criterion met"
                out.append(
                    f"<li><b>{tier}</b> · {escape(label)} · {total:.0f} — {escape(why)}</li>"
                )
        out.append("</ul>")
    if brief.pains:
        out.append("<h2>Top pains from interviews</h2><ul>")
        for category, count, severity, quote in brief.pains:
            out.append(
                f"<li><b>{escape(category.replace('_', ' '))}</b> — {count} accounts, "
                f"up to {escape(severity or 'unrated')}"
                + (f": {escape(quote)}" if quote else "")
                + "</li>"
            )
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
