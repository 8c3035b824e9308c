"""What input would fill each empty panel of the ICP report, in plain words."""

from __future__ import annotations

from agent.analytics.figures import Report

LOW_COVERAGE = 0.5


def empty_panel_hints(report: Report) -> list[str]:
    """Return one line per empty or thin panel: what it shows and what input fills it."""
    hints: list[str] = []
    if not report.with_outcomes:
        hints.append(
            "Win rate, revenue, deal size, sales cycle and calibration are empty: give your CRM "
            "export of deals or customers with --outcomes (a domain or website column, Deal Stage "
            "or Stage won/lost, Amount, Close Date), e.g. `icp report --outcomes crm_deals.csv`."
        )
    else:
        overall = report.overall
        if overall.closed == 0:
            hints.append(
                "No account in --outcomes is won or lost yet: the outcome column holds open "
                "stages only (name the won/lost values with --won and --lost)."
            )
        if overall.won and not overall.revenue:
            hints.append(
                "Revenue and deal size are empty: the outcomes file has no value column "
                "(Amount, ACV, LTV); name it with --value-column."
            )
        if overall.closed and overall.median_cycle is None:
            hints.append(
                "Sales cycle is empty: add a days-to-close column (or name it with "
                "--cycle-column)."
            )
    for item in report.coverage:
        if item.field == "needs" and item.share < LOW_COVERAGE:
            hints.append(
                f"Needs are known for {item.known} of {item.total} accounts: add interview notes "
                "(`icp enrich accounts.csv --notes notes/`, attached without re-research)."
            )
        elif item.share < LOW_COVERAGE and item.field.startswith("specialized."):
            hints.append(
                f"{item.field} is known for {item.known} of {item.total} accounts: the LLM step "
                "answers specialized questions (set OPENAI_BASE_URL or OPENAI_API_KEY)."
            )
    return hints
