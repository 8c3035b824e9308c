"""Secrets never leave the process: API keys and tokens are cut out of every text we write.

An endpoint that answers 401 may echo the key it was sent in its error text, and the SDK puts
that text in its exception message; from there it would reach stderr, the results, the store
and every export. `redact_secrets` is applied where text leaves the process or enters the
store (log records, result and store writes, LLM error messages): it removes the values of the
secret environment variables in use and anything shaped like a bearer token or an API key.
"""

from __future__ import annotations

import logging
import os
import re
from typing import Any

SECRET_VARIABLES = ("OPENAI_API_KEY", "AZURE_OPENAI_API_KEY", "ICP_API_TOKEN")
REDACTED = "[redacted]"
_MIN_SECRET_CHARS = 8
# OpenAI-style keys (sk-..., sk-proj-...) and bearer tokens; public tokens in page URLs (a chat
# widget's ?token=) are evidence, not our secrets, and stay
_SHAPES = re.compile(
    r"(?P<key>\bsk-[A-Za-z0-9_\-]{20,})|(?P<bearer>Bearer )[A-Za-z0-9._~+/\-]{16,}=*"
)


def _replace(match: re.Match[str]) -> str:
    return (match.group("bearer") or "") + REDACTED


def _known_secrets() -> list[str]:
    values = (os.environ.get(name, "").strip() for name in SECRET_VARIABLES)
    return sorted((v for v in values if len(v) >= _MIN_SECRET_CHARS), key=len, reverse=True)


def redact_secrets(text: str) -> str:
    """Return `text` with API keys and tokens replaced by `[redacted]`."""
    if not text:
        return text
    for secret in _known_secrets():
        text = text.replace(secret, REDACTED)
    return _SHAPES.sub(_replace, text)


def redact_in(value: Any) -> Any:
    """Return a copy of a JSON-like value with every string redacted."""
    if isinstance(value, str):
        return redact_secrets(value)
    if isinstance(value, dict):
        return {key: redact_in(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [redact_in(item) for item in value]
    return value


class RedactingFilter(logging.Filter):
    """A logging filter that redacts the message (and traceback text) of every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace the record's message by its redacted rendering; keep the record."""
        record.msg = redact_secrets(record.getMessage())
        record.args = None
        if record.exc_info:
            record.exc_text = redact_secrets(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True
