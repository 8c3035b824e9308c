import pytest
from click.testing import CliRunner
from synthetic_crm import build_store, synthetic_accounts

from agent.analytics.onepager import (
    build_brief,
    plain_words,
    render_html,
    render_markdown,
    top_pains,
)
from agent.commands.onepager import onepager_command
from agent.icp import Criterion, parse_icp
from agent.scoring import score_record

ICP = parse_icp(
    {
        "name": "Fintech mid-market",
        "description": "Growing fintechs that sell with a CRM.",
        "dimensions": [
            {
                "name": "firmographics",
                "weight": 0.6,
                "criteria": [
                    {"field": "firmographics.industry", "equals": "Fintech", "points": 2},
                    {"field": "firmographics.employee_count", "range": [100, 500], "points": 1},
                ],
            },
            {
                "name": "technographics",
                "weight": 0.4,
                "criteria": [{"technology": "Salesforce", "points": 1}],
            },
        ],
        "specialized": [
            {"key": "attends_saastr", "question": "Does the company attend SaaStr?", "type": "bool"}
        ],
    }
)


@pytest.mark.parametrize(
    ("criterion", "words"),
    [
        ({"technology": "HubSpot"}, "Uses HubSpot"),
        ({"field": "firmographics.employee_count", "range": [50, 1000]}, "Employees: 50–1,000"),
        (
            {"field": "firmographics.hq_country", "in": ["US", "CA", "GB"]},
            "Headquarters country: US, CA or GB",
        ),
        (
            {"field": "hiring.by_function.sales_development", "min": 2},
            "Open sales development roles: at least 2",
        ),
        ({"field": "hiring.open_roles", "max": 10}, "Open roles: at most 10"),
        (
            {"field": "specialized.attends_saastr", "equals": True},
            "Does the company attend SaaStr: yes",
        ),
        (
            {"field": "input.web_visits_30d", "min": 1000},
            "Web visits 30d (from your list): at least 1,000",
        ),
        (
            {"field": "firmographics.industry", "equals": "Fintech", "label": "a fintech"},
            "A fintech",
        ),
    ],
)
def test_plain_words(criterion, words):
    assert plain_words(Criterion.model_validate({**criterion, "points": 1}), ICP) == words


@pytest.fixture(scope="module")
def records():
    scored = []
    for account in synthetic_accounts(seed=21, count=80):
        record = dict(account.record)
        record["score"] = score_record(ICP, record).model_dump(mode="json")
        scored.append(record)
    return scored


def test_brief_criteria_shares_and_tier_counts(records):
    brief = build_brief(ICP, records)
    assert brief.criteria == [
        (
            "firmographics",
            0.6,
            [("Industry: Fintech", pytest.approx(0.4)), ("Employees: 100–500", pytest.approx(0.2))],
        ),
        ("technographics", 0.4, [("Uses Salesforce", pytest.approx(0.4))]),
    ]
    assert sum(brief.tier_counts.values()) == len(records)
    perfect = brief.examples["Perfect Fit"]
    assert len(perfect) == 3 and all(total == 100 for _, total, _ in perfect)


def test_top_pains_counts_accounts_and_quotes(records):
    pains = top_pains(records)
    counted = {}
    for record in records:
        for pain in (record.get("needs") or {}).get("pains", []):
            counted[pain["category"]] = counted.get(pain["category"], 0) + 1
    assert [(c, n) for c, n, _, _ in pains] == sorted(counted.items(), key=lambda i: (-i[1], i[0]))
    category, _, severity, quote = pains[0]
    assert severity == "critical"
    assert quote.startswith(f"“our {category.replace('_', ' ')} hurts” — ")


def test_markdown_and_html_brief(records):
    brief = build_brief(ICP, records)
    markdown = render_markdown(brief)
    assert markdown.startswith("# Ideal Customer Profile: Fintech mid-market\n")
    assert "- Industry: Fintech (40%)" in markdown
    assert "| Moderate Fit | ≥ 40 | SDR outreach |" in markdown
    assert "## Top pains from interviews" in markdown
    html = render_html(brief)
    assert "<script" not in html and "http://" not in html and "https://" not in html
    assert "<li>Industry: Fintech <span class='muted'>(40%)</span></li>" in html


def test_onepager_command_markdown_stdout_and_html_file(tmp_path):
    accounts = synthetic_accounts(seed=21, count=40)
    db = build_store(tmp_path / "icp.db", accounts)
    icp_path = tmp_path / "icp.toml"
    icp_path.write_text(
        'name = "T"\n[[dimensions]]\nname = "tech"\nweight = 1.0\n'
        '  [[dimensions.criteria]]\n  technology = "Salesforce"\n  points = 1\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(onepager_command, ["--icp", str(icp_path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    salesforce = sum(
        any(t["name"] == "Salesforce" for t in a.record.get("technographics", [])) for a in accounts
    )
    assert f"| Perfect Fit | ≥ 80 | account executive | {salesforce} |" in result.stdout
    out = tmp_path / "brief.html"
    result = CliRunner().invoke(
        onepager_command, ["--icp", str(icp_path), "--db", str(db), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
