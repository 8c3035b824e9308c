from datetime import UTC, datetime, timedelta

from agent.freshness import freshness_confidence, research_age_days


def test_confidence_halves_with_every_window_past_the_first():
    window = timedelta(days=30)
    assert freshness_confidence(10, window) == 1.0
    assert freshness_confidence(30, window) == 1.0
    assert freshness_confidence(60, window) == 0.5
    assert freshness_confidence(90, window) == 0.25
    assert freshness_confidence(180) == 0.5  # default window: 90 days


def test_age_of_research():
    now = datetime(2026, 12, 7, tzinfo=UTC)
    assert research_age_days("2026-12-01T00:00:00+00:00", now) == 6
    assert research_age_days("2026-12-01T00:00:00", now) == 6  # naive means UTC
    assert research_age_days("2027-01-01T00:00:00+00:00", now) == 0
