import pytest
from synthetic_crm import synthetic_accounts

from agent.analytics.crm import CrmAccount
from agent.analytics.figures import build_report, coverage_fields, field_known, score_deciles
from agent.icp import parse_icp
from agent.scoring import score_record


def scored(domain, total, tier, route="ae", override=None):
    score = {"icp": "T", "total": total, "tier": tier, "route": route, "dimensions": {}}
    if override:
        score["override"] = override
    return {
        "domain": domain,
        "status": "ok",
        "firmographics": {
            "industry": {"value": "Fintech", "evidence": [{"url": "u", "quote": "q"}]},
            "employee_count": {"value": None, "evidence": []},
        },
        "technographics": [{"name": "Salesforce"}] if total > 50 else [],
        "hiring": {"open_roles": 3 if total > 50 else None, "by_function": None},
        "specialized": {},
        "needs": None,
        "score": score,
    }


def won(domain, revenue, cycle, deals=1):
    return CrmAccount(domain, deals_won=deals, revenue=revenue, cycle_days=[cycle])


def lost(domain, cycle):
    return CrmAccount(domain, deals_lost=1, cycle_days=[cycle])


@pytest.fixture
def small_report():
    records = [
        scored("a.com", 90, "Perfect Fit"),
        scored("b.com", 85, "Perfect Fit"),
        scored("c.com", 70, "Strong Fit"),
        scored("d.com", 45, "Moderate Fit", "sdr"),
        scored("e.com", 10, "Weak Fit", "disqualify", override={"reason": "x"}),
        scored("f.com", 20, "Weak Fit", "disqualify"),
    ]
    outcomes = {
        "a.com": won("a.com", 100_000, 30, deals=2),
        "b.com": lost("b.com", 60),
        "c.com": won("c.com", 40_000, 50),
        "d.com": lost("d.com", 90),
        "e.com": lost("e.com", 120),
        "x.com": won("x.com", 5, 1),
    }
    return build_report(records, outcomes, "T")


def test_report_per_tier_figures(small_report):
    assert [t.as_dict() for t in small_report.tiers] == [
        {
            "name": "Perfect Fit",
            "accounts": 2,
            "closed": 2,
            "won": 1,
            "lost": 1,
            "win_rate": 0.5,
            "win_rate_95ci": [0.0945, 0.9055],
            "revenue": 100000.0,
            "average_deal": 50000.0,
            "mean_cycle_days": 45.0,
            "median_cycle_days": 45.0,
            "score_range": None,
        },
        {
            "name": "Strong Fit",
            "accounts": 1,
            "closed": 1,
            "won": 1,
            "lost": 0,
            "win_rate": 1.0,
            "win_rate_95ci": [0.2065, 1.0],
            "revenue": 40000.0,
            "average_deal": 40000.0,
            "mean_cycle_days": 50.0,
            "median_cycle_days": 50.0,
            "score_range": None,
        },
        {
            "name": "Moderate Fit",
            "accounts": 1,
            "closed": 1,
            "won": 0,
            "lost": 1,
            "win_rate": 0.0,
            "win_rate_95ci": [0.0, 0.7935],
            "revenue": 0.0,
            "average_deal": None,
            "mean_cycle_days": 90.0,
            "median_cycle_days": 90.0,
            "score_range": None,
        },
        {
            "name": "Weak Fit",
            "accounts": 2,
            "closed": 1,
            "won": 0,
            "lost": 1,
            "win_rate": 0.0,
            "win_rate_95ci": [0.0, 0.7935],
            "revenue": 0.0,
            "average_deal": None,
            "mean_cycle_days": 120.0,
            "median_cycle_days": 120.0,
            "score_range": None,
        },
    ]


def test_report_icp_vs_non_icp_routes_and_notes(small_report):
    icp, non = small_report.icp_groups
    assert (icp.accounts, icp.won, icp.closed, icp.revenue) == (3, 2, 3, 140000.0)
    assert (non.accounts, non.won, non.closed, non.revenue) == (3, 0, 2, 0.0)
    assert small_report.routes == {"ae": 3, "sdr": 1, "disqualify": 2}
    assert small_report.overridden == 1
    assert small_report.auc == pytest.approx(5 / 6)
    assert small_report.notes == [
        "1 CRM accounts are not in the store (not counted)",
        "only 5 decided accounts: win rates are rough (see the intervals)",
    ]


def test_report_coverage_share_of_fields_known(small_report):
    coverage = {c.field: (c.known, c.total) for c in small_report.coverage}
    assert coverage["firmographics.industry"] == (6, 6)
    assert coverage["firmographics.employee_count"] == (0, 6)
    assert coverage["technographics"] == (3, 6)
    assert coverage["hiring.open_roles"] == (3, 6)
    assert coverage["needs"] == (0, 6)


@pytest.mark.parametrize(
    ("record", "path", "known"),
    [
        ({"status": "error", "technographics": [{"name": "X"}]}, "technographics", False),
        ({"status": "ok", "technographics": []}, "technographics", False),
        (
            {"status": "ok", "hiring": {"by_function": {"engineering": 0}}},
            "hiring.by_function",
            True,
        ),
        ({"status": "ok", "needs": {"pains": []}}, "needs", True),
        (
            {"status": "ok", "specialized": {"k": {"value": None, "evidence": []}}},
            "specialized.k",
            False,
        ),
    ],
)
def test_field_known(record, path, known):
    assert field_known(record, path) is known


def test_coverage_fields_include_specialized_keys():
    fields = coverage_fields([{"specialized": {"b": {}, "a": {}}}])
    assert fields[-3:] == ["specialized.a", "specialized.b", "needs"]


def test_score_deciles_split_evenly_lowest_first():
    pairs = [
        (float(i), won(f"{i}.com", 1, 1) if i >= 15 else lost(f"{i}.com", 1)) for i in range(20)
    ]
    deciles = score_deciles(pairs)
    assert [(d.name, d.low_score, d.high_score, d.won, d.closed) for d in deciles[:2]] == [
        ("D1", 0.0, 1.0, 0, 2),
        ("D2", 2.0, 3.0, 0, 2),
    ]
    assert [d.win_rate for d in deciles] == [0, 0, 0, 0, 0, 0, 0, 0.5, 1, 1]
    assert len(score_deciles(pairs[:4])) == 4


def test_report_on_synthetic_outcomes_perfect_beats_weak():
    icp = parse_icp(
        {
            "name": "Planted",
            "dimensions": [
                {
                    "name": "fit",
                    "weight": 1.0,
                    "criteria": [
                        {"field": "firmographics.industry", "equals": "Fintech", "points": 1},
                        {"field": "firmographics.employee_count", "range": [100, 500], "points": 1},
                        {"technology": "Salesforce", "points": 1},
                    ],
                }
            ],
        }
    )
    accounts = synthetic_accounts(seed=11, count=300)
    records = []
    for account in accounts:
        record = dict(account.record)
        record["score"] = score_record(icp, record).model_dump(mode="json")
        records.append(record)
    outcomes = {
        a.domain: won(a.domain, a.ltv, a.cycle_days)
        if a.outcome == "won"
        else lost(a.domain, a.cycle_days)
        for a in accounts
    }
    report = build_report(records, outcomes)
    perfect, _, _, weak = report.tiers
    assert perfect.win_rate > 0.6 > 0.35 > weak.win_rate
    assert perfect.median_cycle < weak.median_cycle
    assert report.deciles[-1].win_rate > report.deciles[0].win_rate
    assert report.icp == "Planted"


def test_read_outcomes_maps_values_and_filters_by_close_date(tmp_path):
    from datetime import datetime

    from agent.commands.crm_options import read_outcomes

    path = tmp_path / "crm.csv"
    path.write_text(
        "Account,Result,ARR,Closed\n"
        "old.com,Signed,100,2023-01-05\n"
        "new.com,Signed,200,2024-02-01\n"
        "gone.com,Dead,,2024-03-01\n"
        "open.com,Talking,,\n",
        encoding="utf-8",
    )
    options = {
        "domain_column": "Account", "outcome_column": "Result", "close_date_column": "Closed",
        "won_values": "signed", "lost_values": "dead", "since": datetime(2024, 1, 1),
    }  # fmt: skip
    outcomes = read_outcomes(path, options)
    assert {d: (a.won, a.revenue) for d, a in outcomes.items()} == {
        "new.com": (True, 200.0),
        "gone.com": (False, 0.0),
        "open.com": (None, 0.0),
    }
