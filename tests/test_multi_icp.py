import pytest
from synthetic_crm import field

from agent.errors import ConfigError
from agent.icp import load_icps, parse_icp
from agent.scoring import score_against


def icp(name, technology):
    return parse_icp(
        {
            "name": name,
            "dimensions": [
                {
                    "name": "d",
                    "weight": 1.0,
                    "criteria": [
                        {"technology": technology, "points": 1},
                        {"field": "firmographics.industry", "equals": "Fintech", "points": 1},
                    ],
                }
            ],
        }
    )


RECORD = {
    "domain": "a.com",
    "status": "ok",
    "technographics": [{"name": "HubSpot"}],
    "firmographics": {"industry": field("a.com", "Fintech")},
}


@pytest.mark.parametrize(
    ("icps", "best"),
    [
        ([icp("Salesforce shops", "Salesforce"), icp("HubSpot shops", "HubSpot")], "HubSpot shops"),
        ([icp("A", "Salesforce"), icp("B", "Zendesk")], "A"),
        ([icp("B", "Zendesk"), icp("A", "Salesforce")], "B"),
    ],
)
def test_score_all_reports_every_icp_and_the_best_fit(icps, best):
    scored = score_against(icps, RECORD)
    scores = scored.scores
    assert [s.icp for s in scores] == [i.name for i in icps]
    assert scored.best.icp == best
    assert scored.result_fields()["score"] == scored.best
    assert scored.best_fit_fields() == {
        "best_icp": best,
        "scores": [
            {"icp": s.icp, "total": s.total, "tier": s.tier, "route": s.route} for s in scores
        ],
    }


def test_load_icps_rejects_duplicate_names(tmp_path):
    text = (
        'name = "Same"\n[[dimensions]]\nname = "d"\nweight = 1.0\n'
        '  [[dimensions.criteria]]\n  technology = "X"\n  points = 1\n'
    )
    for index in (1, 2):
        (tmp_path / f"{index}.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="ICP files 1 and 2 are both named 'Same'"):
        load_icps([tmp_path / "1.toml", tmp_path / "2.toml"])


def test_one_icp_adds_no_best_fit_fields():
    scored = score_against([icp("A", "HubSpot")], RECORD)
    assert scored.result_fields() == {"score": scored.best, "scores": None}
    assert scored.scores == [scored.best]
