"""Where and how to reach the LLM: the client's knobs, built from `agent.settings.Settings`.

An endpoint is configured when a base URL or an API key is given; a base URL alone (a local
server) is enough. `agent.wiring.build_llm_client` fills these from the run's settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_MODEL = "gpt-4o-mini"


@dataclass(frozen=True)
class LLMSettings:
    """Where and how to reach the model."""

    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: str | None = None
    api_version: str | None = None
    timeout: float = 60.0
    retries: int = 3
    concurrency: int = 4
    max_output_tokens: int = 1000
    temperature: float | None = 0.0
    backoff_base: float = 1.0
    backoff_max: float = 30.0
    retry_after_max: float = 60.0


def is_azure(base_url: str) -> bool:
    """Return whether a base URL is an Azure OpenAI endpoint."""
    host = urlsplit(base_url).hostname or ""
    return host.endswith(".azure.com") or host.endswith(".azure-api.net")
