"""Alerts for new signals: JSON lines for scripts, a Slack-compatible webhook for people.

A signal is sent to a channel at most once: the store remembers what went where (`alerts`),
and a signal is marked sent only after the channel took it, so a failed POST is retried on
the next run instead of being lost. The webhook URL is a secret (Slack puts its token in the
path): only a hash of it is stored, and it is never printed.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

import httpx

from agent import __version__

RETRIES = 3
TIMEOUT = 10.0
_RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
_LABELS = {
    "funding": "Funding", "acquisition": "Acquisition", "expansion": "Expansion",
    "product_launch": "Product launch", "leadership_hire": "Leadership hire",
    "partnership": "Partnership", "hiring_surge": "Hiring surge",
    "tech_adopted": "Technology adopted", "tech_dropped": "Technology dropped",
    "headcount_change": "Headcount change", "open_roles_change": "Open roles change",
    "funding_stage_change": "Funding stage change",
}  # fmt: skip


def channel_for_webhook(url: str) -> str:
    """Return the channel name stored for a webhook: a hash, never the URL itself."""
    return "webhook:" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def alert_line(signal: dict[str, Any]) -> dict[str, Any]:
    """Return the JSON line of one stored signal (as `icp watch` prints it)."""
    return {
        "domain": signal["domain"],
        "name": signal.get("name"),
        "type": signal["type"],
        "date": signal.get("date"),
        "summary": signal["summary"],
        "evidence": signal.get("evidence") or [],
        "first_seen_at": signal.get("first_seen_at"),
    }


def slack_payload(signal: dict[str, Any]) -> dict[str, Any]:
    """Return a Slack-compatible message (`text` plus one section block) for a signal."""
    who = signal.get("name") or signal["domain"]
    label = _LABELS.get(signal["type"], signal["type"])
    when = signal.get("date") or "undated"
    source = (signal.get("evidence") or [{}])[0].get("url")
    text = f"{label} at {who} ({signal['domain']}, {when}): {signal['summary']}"
    detail = f"*{label}* at *{who}* ({signal['domain']}) — {when}\n{signal['summary']}"
    if source:
        detail += f"\n<{source}|source>"
    return {
        "text": text,
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": detail}}],
    }


class WebhookError(Exception):
    """A webhook refused a message or could not be reached after the retries."""


def post_webhook(
    client: httpx.Client,
    url: str,
    payload: dict[str, Any],
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """POST one message, retrying timeouts, connection errors, 429 and 5xx with backoff."""
    problem = ""
    for attempt in range(RETRIES):
        try:
            response = client.post(url, json=payload)
        except httpx.HTTPError as exc:
            problem = type(exc).__name__
        else:
            if response.status_code < 300:
                return
            problem = f"HTTP {response.status_code}"
            if response.status_code not in _RETRY_STATUSES:
                break
            retry_after = response.headers.get("retry-after", "")
            if retry_after.isdigit() and attempt < RETRIES - 1:
                sleep(min(float(retry_after), 30.0))
                continue
        if attempt < RETRIES - 1:
            sleep(0.5 * 2**attempt)
    raise WebhookError(f"webhook refused the message ({problem})")


def webhook_client() -> httpx.Client:
    """Return the HTTP client for webhooks (identifiable, with timeouts)."""
    return httpx.Client(
        timeout=TIMEOUT,
        headers={"User-Agent": f"icp-agent/{__version__} (alerts)"},
        follow_redirects=False,
    )
