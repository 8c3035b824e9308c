"""How much to trust a stored score as its research ages.

A score is a pure function of the stored research, so it does not change as the research
gets old; what changes is how far it can be trusted. Research within its freshness window
(`--max-age`, default `DEFAULT_WINDOW_DAYS`) has confidence 1.0; past the window the
confidence halves with every further window (0.5 at twice the window, 0.25 at three times).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

DEFAULT_WINDOW_DAYS = 90


def research_age_days(researched_at: str, now: datetime | None = None) -> float:
    """Return the age in days of research done at `researched_at` (ISO 8601)."""
    moment = datetime.fromisoformat(researched_at)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(((now or datetime.now(UTC)) - moment).total_seconds() / 86400, 0.0)


def freshness_confidence(age_days: float, window: timedelta | None = None) -> float:
    """Return the confidence (0–1) of a score whose research is `age_days` old."""
    window_days = window.total_seconds() / 86400 if window else DEFAULT_WINDOW_DAYS
    if window_days <= 0 or age_days <= window_days:
        return 1.0
    return round(0.5 ** ((age_days - window_days) / window_days), 2)
