import pytest

from agent.icp import parse_icp
from agent.scoring import evaluate_criterion, resolve_path, score_record


def field(value):
    evidence = [] if value is None else [{"url": "https://a.com/", "quote": str(value)}]
    return {"value": value, "evidence": evidence, "confidence": 0.9, "method": "rule"}


def record(**overrides):
    base = {
        "domain": "a.com",
        "status": "ok",
        "input": {"web_visits_30d": "1,200", "demo_requested": "yes", "empty": ""},
        "firmographics": {
            "employee_count": field(120),
            "hq_country": field("DE"),
            "industry": field("Software"),
            "founded_year": field(None),
            "funding_stage": field("series-b"),
        },
        "technographics": [{"name": "HubSpot", "category": "Marketing automation"}],
        "hiring": {"open_roles": 7, "by_function": {"sales_development": 2, "engineering": 5}},
        "specialized": {"attends_saastr": field(True)},
        "needs": {
            "interviews": 1,
            "pains": [
                {"pain": "p", "category": "data_quality", "severity": "critical", "quotes": []},
                {"pain": "q", "category": "reporting", "severity": "important", "quotes": []},
            ],
        },
    }
    base.update(overrides)
    return base


def icp_with(*criteria, weights=None, tiers=None):
    dimensions = [{"name": "d", "weight": 1.0, "criteria": list(criteria)}]
    if weights:
        dimensions = [
            {"name": name, "weight": w, "criteria": [c]}
            for (name, w), c in zip(weights.items(), criteria, strict=True)
        ]
    data = {"name": "test", "dimensions": dimensions}
    if tiers:
        data["tiers"] = tiers
    return parse_icp(data)


@pytest.mark.parametrize(
    ("criterion", "outcome"),
    [
        ({"field": "firmographics.employee_count", "range": [50, 1000]}, "met"),
        ({"field": "firmographics.employee_count", "range": [120, 120]}, "met"),
        ({"field": "firmographics.employee_count", "range": [121, 500]}, "not met"),
        ({"field": "firmographics.employee_count", "min": 100}, "met"),
        ({"field": "firmographics.employee_count", "max": 100}, "not met"),
        ({"field": "firmographics.hq_country", "in": ["US", "de"]}, "met"),
        ({"field": "firmographics.hq_country", "equals": "US"}, "not met"),
        ({"field": "firmographics.founded_year", "min": 2000}, "unknown"),
        ({"field": "firmographics.total_funding_usd", "min": 1}, "unknown"),
        ({"technology": "hubspot"}, "met"),
        ({"technology": "Salesforce"}, "not met"),
        ({"field": "hiring.by_function.sales_development", "min": 2}, "met"),
        ({"field": "hiring.by_function.marketing", "min": 1}, "unknown"),
        ({"field": "hiring.open_roles", "min": 8}, "not met"),
        ({"field": "input.web_visits_30d", "min": 1000}, "met"),
        ({"field": "input.demo_requested", "equals": True}, "met"),
        ({"field": "input.demo_requested", "equals": "yes"}, "met"),
        ({"field": "input.empty", "min": 1}, "unknown"),
        ({"field": "input.missing", "equals": "x"}, "unknown"),
        ({"field": "specialized.attends_saastr", "equals": True}, "met"),
        ({"field": "needs.pains.category", "in": ["data_quality", "lead_routing"]}, "met"),
        ({"field": "needs.pains.severity", "equals": "nice-to-have"}, "not met"),
        ({"field": "firmographics.industry", "min": 3}, "unknown"),
    ],
)
def test_evaluate_criterion_each_kind(criterion, outcome):
    icp = icp_with({**criterion, "points": 10})
    got, reason = evaluate_criterion(icp.dimensions[0].criteria[0], record())
    assert got == outcome
    assert reason.startswith(outcome + ":")


def test_evaluate_criterion_needs_unknown_without_notes():
    icp = icp_with({"field": "needs.pains.category", "in": ["data_quality"], "points": 1})
    assert evaluate_criterion(icp.dimensions[0].criteria[0], record(needs=None))[0] == "unknown"


def test_evaluate_criterion_no_pains_is_known_and_unmet():
    icp = icp_with({"field": "needs.pains.category", "in": ["data_quality"], "points": 1})
    needs = {"interviews": 2, "pains": []}
    assert evaluate_criterion(icp.dimensions[0].criteria[0], record(needs=needs))[0] == "not met"


def test_resolve_path_fans_out_lists():
    assert resolve_path(record(), "needs.pains.category") == ["data_quality", "reporting"]
    assert resolve_path(record(), "firmographics.employee_count") == [120]
    assert resolve_path(record(), "firmographics.founded_year") is None


def test_score_record_hand_computed():
    # dimension a: 40 of 40+60 points -> 40; dimension b: 30 of 30 -> 100; c: unknown -> 0
    icp = parse_icp(
        {
            "name": "hand",
            "dimensions": [
                {"name": "a", "weight": 0.5, "criteria": [
                    {"field": "firmographics.employee_count", "range": [50, 1000], "points": 40},
                    {"technology": "Salesforce", "points": 60},
                ]},
                {"name": "b", "weight": 0.3, "criteria": [
                    {"field": "hiring.by_function.sales_development", "min": 2, "points": 30},
                ]},
                {"name": "c", "weight": 0.2, "criteria": [
                    {"field": "firmographics.founded_year", "min": 2010, "points": 5},
                ]},
            ],
        }
    )  # fmt: skip
    score = score_record(icp, record())
    assert score.dimensions["a"].score == 40.0
    assert score.dimensions["b"].score == 100.0
    assert score.dimensions["c"].score == 0.0
    assert score.total == 0.5 * 40 + 0.3 * 100  # 50.0
    assert score.tier == "Moderate Fit"
    assert score.route == "sdr"
    assert score.dimensions["c"].reasons == [
        "unknown: firmographics.founded_year ≥ 2010 (no value) (0/5)"
    ]
    assert score.dimensions["a"].reasons[1] == "not met: uses Salesforce (not detected) (0/60)"


@pytest.mark.parametrize(
    ("met_points", "tier", "route"),
    [
        (3999, "Weak Fit", "disqualify"),
        (4000, "Moderate Fit", "sdr"),
        (5999, "Moderate Fit", "sdr"),
        (6000, "Strong Fit", "ae"),
        (7999, "Strong Fit", "ae"),
        (8000, "Perfect Fit", "ae"),
        (10000, "Perfect Fit", "ae"),
        (0, "Weak Fit", "disqualify"),
    ],
)
def test_score_record_tier_edges(met_points, tier, route):
    # total = 100 * met / 10000: 3999 points -> 39.99, 4000 -> 40.0, 8000 -> 80.0
    criteria = [{"technology": "HubSpot", "points": met_points}] if met_points else []
    if met_points < 10000:
        criteria.append({"technology": "Salesforce", "points": 10000 - met_points})
    score = score_record(parse_icp({"name": "t", "dimensions": [
        {"name": "d", "weight": 1.0, "criteria": criteria}]}), record())  # fmt: skip
    assert score.total == met_points / 100
    assert (score.tier, score.route) == (tier, route)


def test_score_record_custom_tiers_and_routing():
    icp = parse_icp({
        "name": "t", "tiers": {"perfect": 90, "strong": 70, "moderate": 50},
        "routing": {"strong": "sdr", "moderate": "nurture"},
        "dimensions": [{"name": "d", "weight": 1.0, "criteria": [
            {"technology": "HubSpot", "points": 60}, {"technology": "Marketo", "points": 40}]}],
    })  # fmt: skip
    score = score_record(icp, record())
    assert (score.total, score.tier, score.route) == (60.0, "Moderate Fit", "nurture")


def test_score_record_is_pure_and_deterministic():
    icp = icp_with({"field": "firmographics.employee_count", "min": 10, "points": 1})
    data = record()
    snapshot = repr(data)
    assert score_record(icp, data) == score_record(icp, data)
    assert repr(data) == snapshot


def test_score_record_research_failed_technology_is_unknown():
    icp = icp_with({"technology": "HubSpot", "points": 1})
    failed = record(status="error", technographics=[])
    assert evaluate_criterion(icp.dimensions[0].criteria[0], failed)[0] == "unknown"
