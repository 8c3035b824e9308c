import pytest

from agent.errors import ConfigError
from agent.icp import parse_icp
from agent.scoring import score_record
from agent.signal_scoring import decay


def _icp(criterion: str) -> dict:
    import tomllib

    return tomllib.loads(
        'name = "signals"\n[[dimensions]]\nname = "behavioural"\nweight = 1.0\n'
        f"[[dimensions.criteria]]\n{criterion}\npoints = 100\n"
    )


def _record(*signals, researched_on="2026-12-07"):
    return {"domain": "acme.com", "status": "ok", "researched_on": researched_on,
            "signals": [{"type": t, "date": d, "summary": s, "evidence": []}
                        for t, d, s in signals]}  # fmt: skip


WITHIN = 'signal = "funding"\nwithin_days = 180'


def test_funding_within_180_days_matches_30_days_old_not_3_years_old():
    icp = parse_icp(_icp(WITHIN))
    fresh = score_record(icp, _record(("funding", "2026-11-07", "Acme raises $40M Series B")))
    old = score_record(icp, _record(("funding", "2023-12-07", "Acme raises $5M seed")))
    assert fresh.dimensions["behavioural"].reasons == [
        "met: funding signal in the last 180 days (Acme raises $40M Series B — 2026-11-07, "
        "30 days old) (+94.46 of 100)"
    ]
    assert fresh.total == 94.46
    assert old.total == 0
    assert old.dimensions["behavioural"].reasons == [
        "not met: funding signal in the last 180 days (1 older) (0/100)"
    ]


def test_freshest_signal_counts_and_decay_is_documented():
    icp = parse_icp(_icp('signal = "funding"'))
    record = _record(("funding", "2025-12-07", "old round"), ("funding", "2026-12-07", "new round"))
    assert score_record(icp, record).total == 100
    assert decay(365, None) == 0.5
    assert decay(730, 365) == 0.25
    assert decay(1000, 0) == 1.0


def test_age_counts_to_the_research_date_not_the_clock():
    icp = parse_icp(_icp(WITHIN))
    record = _record(("funding", "2020-01-01", "round"), researched_on="2020-02-01")
    assert score_record(icp, record).dimensions["behavioural"].score > 90


def test_undated_signal_cannot_prove_recency():
    within = parse_icp(_icp(WITHIN))
    anytime = parse_icp(_icp('signal = "funding"'))
    record = _record(("funding", None, "Acme secures seed funding"))
    assert score_record(within, record).total == 0
    assert score_record(anytime, record).total == 100
    assert "undated" in score_record(anytime, record).dimensions["behavioural"].reasons[0]


@pytest.mark.parametrize(
    "criterion, problem",
    [
        ('signal = "fundraising"', "unknown signal type 'fundraising'"),
        ('signal = "funding"\nmin = 2', "a `signal` criterion takes no range"),
        ('field = "firmographics.employee_count"\nmin = 2\nwithin_days = 3', "go with a `signal`"),
        ('signal = "funding"\nwithin_days = 0', "greater than 0"),
    ],
)
def test_signal_criteria_are_validated(criterion, problem):
    with pytest.raises(ConfigError, match=problem):
        parse_icp(_icp(criterion))
