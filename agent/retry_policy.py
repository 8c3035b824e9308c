"""Which failed research is worth trying again, and when.

A failure that may pass (a timeout, a network error, HTTP 429 or 5xx, an internal error) is
retried by the next run that meets the account, with a backoff: the first retry at once, then
after 1, 4 and 16 hours, then once a day. A failure that will not pass by waiting (an invalid
domain, a 404, a robots.txt refusal, a private address, a page that is not HTML) is final until
`--refresh` or `--max-age` asks again.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

_TRANSIENT = re.compile(
    r"\((?:timeout|network)\b|\bHTTP (?:408|425|429|5\d\d)\b|^internal error\b|site not reachable",
    re.IGNORECASE,
)
MAX_DELAY = timedelta(days=1)


def is_transient(error: str | None) -> bool:
    """Return whether a research error may pass by itself (worth a retry)."""
    return bool(error) and bool(_TRANSIENT.search(error or ""))


def retry_delay(failures: int) -> timedelta:
    """Return how long to wait after `failures` failed attempts in a row before the next."""
    if failures <= 1:
        return timedelta(0)
    return min(MAX_DELAY, timedelta(hours=4 ** (failures - 2)))


def retry_due(
    error: str | None, failures: int, last_attempt: str | None, now: datetime | None = None
) -> bool:
    """Return whether stored failed research should be attempted again now."""
    if not is_transient(error):
        return False
    if last_attempt is None:
        return True
    waited = (now or datetime.now(UTC)) - datetime.fromisoformat(last_attempt)
    return waited >= retry_delay(max(failures, 1))
