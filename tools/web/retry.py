"""When to try again: the wait a server asks for (Retry-After), else a jittered exponential backoff.

Shared by the fetcher (`tools/web/fetcher.py`) and the LLM client (`agent/llm/client.py`), so
both treat 429/503 answers and outages the same way.
"""

from __future__ import annotations

import email.utils
import math
import random
from collections.abc import Mapping
from datetime import UTC, datetime


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Return the wait the answer asks for, in seconds, or None when it asks for none.

    Reads `retry-after-ms` (OpenAI-compatible servers), then `retry-after` as seconds or as an
    HTTP date; a date in the past or a negative number means 0. Header names are lower case.
    """
    if (value := headers.get("retry-after-ms")) is not None:
        try:
            return max(0.0, float(value) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


def backoff(retry: int, base: float, cap: float = math.inf) -> float:
    """Return the wait before retry number `retry` (0 for the first): base · 2^retry, capped.

    The wait is drawn between half and all of that, so concurrent retries spread out.
    """
    delay = min(cap, base * 2**retry)
    return delay * (0.5 + random.random() / 2)
