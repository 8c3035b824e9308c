"""Where and how to reach the LLM: settings from flags and the environment.

Flags win over the environment. An endpoint is configured when a base URL or an API key is
given; a base URL alone (a local server) is enough. See `agent.llm.client` for the variables.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from agent.errors import ConfigError

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

    @classmethod
    def from_env(
        cls,
        model: str | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        environ: Mapping[str, str] = os.environ,
    ) -> LLMSettings | None:
        """Read settings from arguments, then the environment; None when no endpoint is set."""
        base_url = base_url or environ.get("OPENAI_BASE_URL") or None
        api_key = api_key or environ.get("OPENAI_API_KEY") or None
        if api_key is None and base_url and is_azure(base_url):
            api_key = environ.get("AZURE_OPENAI_API_KEY") or None
        if base_url is None and api_key is None:
            return None
        try:
            return cls(
                model=model or environ.get("ICP_LLM_MODEL") or DEFAULT_MODEL,
                base_url=base_url,
                api_key=api_key,
                api_version=environ.get("OPENAI_API_VERSION") or None,
                timeout=float(environ.get("ICP_LLM_TIMEOUT", cls.timeout)),
                retries=int(environ.get("ICP_LLM_RETRIES", cls.retries)),
                concurrency=max(1, int(environ.get("ICP_LLM_CONCURRENCY", cls.concurrency))),
            )
        except ValueError as exc:
            raise ConfigError(f"LLM settings: {exc}") from None


def is_configured(
    base_url: str | None = None, api_key: str | None = None, environ: Mapping[str, str] = os.environ
) -> bool:
    """Return whether an LLM endpoint is configured (a base URL or an API key)."""
    return LLMSettings.from_env(base_url=base_url, api_key=api_key, environ=environ) is not None


def is_azure(base_url: str) -> bool:
    """Return whether a base URL is an Azure OpenAI endpoint."""
    host = urlsplit(base_url).hostname or ""
    return host.endswith(".azure.com") or host.endswith(".azure-api.net")
