"""Every setting of a run, read once at the CLI's edge: flag, else environment, else default.

`Settings.load(flags)` is the one place that reads `ICP_*` and `OPENAI_*` variables. A flag that
was given always wins, even when it equals the default (`--max-pages 12` beats
`ICP_MAX_PAGES=5`); a flag not given is passed as None (or False for a switch). The README's
configuration table lists the same settings; `tests/test_settings.py` checks it does.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import Field, dataclass, field, fields
from datetime import timedelta
from pathlib import Path
from typing import Any

from agent.errors import ConfigError
from agent.llm.settings import DEFAULT_MODEL, is_azure

DEFAULT_DB = Path("icp.db")


def _setting(default: Any, meaning: str, *, env: str | None = None, flag: str | None = None,
             parse: Callable[[str], Any] | None = None, secret: bool = False) -> Any:  # fmt: skip
    metadata = {"meaning": meaning, "env": env, "flag": flag, "parse": parse, "secret": secret}
    if isinstance(default, list | tuple):
        return field(default=tuple(default), metadata=metadata)
    return field(default=default, metadata=metadata)


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError(f"{value} is negative")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(f"{value} is not at least 1")
    return value


def _seconds(text: str) -> float:
    value = float(text)
    if not 0 <= value < float("inf"):
        raise ValueError(f"{text} is not a number of seconds")
    return value


def _timeout(text: str) -> float:
    value = float(text)
    if not 1 <= value < float("inf"):
        raise ValueError(f"{text} is not a number of seconds of at least 1")
    return value


def _price(text: str) -> float:
    value = float(text)
    if not value >= 0 or value == float("inf"):
        raise ValueError(f"{text} is not a price")
    return value


@dataclass(frozen=True, kw_only=True)
class Settings:
    """What a command runs with; each field says its flag, environment variable and default."""

    db: Path = _setting(DEFAULT_DB, "SQLite store of research and scores (HTTP cache beside it)",
                        env="ICP_DB", flag="--db", parse=Path)  # fmt: skip
    domain_column: str | None = _setting(None, "the accounts file's domain or website column",
                                         flag="--domain-column")  # fmt: skip
    icp: tuple[Path, ...] = _setting((), "ICP files; several: each account scored against each",
                                     flag="--icp")  # fmt: skip
    out: Path | None = _setting(None, "results file (.jsonl or .csv)", flag="--out")
    out_format: str | None = _setting(None, "format of --out: jsonl or csv (default: its suffix)",
                                      flag="--format")  # fmt: skip
    notes: Path | None = _setting(None, "folder of interview notes", flag="--notes")
    replay: Path | None = _setting(None, "answer every request from this WARC", flag="--replay")
    record: Path | None = _setting(None, "record every response into this WARC", flag="--record")
    concurrency: int = _setting(64, "accounts researched at once", env="ICP_CONCURRENCY",
                                flag="--concurrency", parse=_positive_int)  # fmt: skip
    per_host_delay: float | None = _setting(None, "seconds between request starts to one host",
                                            env="ICP_PER_HOST_DELAY", flag="--per-host-delay",
                                            parse=_seconds)  # fmt: skip
    per_host_concurrency: int | None = _setting(None, "requests open at once to one host",
                                                env="ICP_PER_HOST_CONCURRENCY",
                                                flag="--per-host-concurrency",
                                                parse=_positive_int)  # fmt: skip
    workers: int | None = _setting(None, "processes that parse pages and extract facts "
                                   "(default: one per core but one, at least 1; "
                                   "0: the main process)",
                                   env="ICP_WORKERS", flag="--workers", parse=_count)  # fmt: skip
    ray: str | None = _setting(None, "research on a Ray cluster: its address, `auto` (the one "
                               "`ray start` runs here) or `local` (start one in this process)",
                               env="ICP_RAY_ADDRESS", flag="--ray")  # fmt: skip
    ray_chunk: int | None = _setting(None, "accounts per Ray task, researched at once by one "
                                     "worker (default: --concurrency ÷ the cluster's CPUs)",
                                     env="ICP_RAY_CHUNK", flag="--ray-chunk",
                                     parse=_positive_int)  # fmt: skip
    ca_bundle: Path | None = _setting(None, "extra CA certificates (PEM) to trust",
                                      env="ICP_CA_BUNDLE", flag="--ca-bundle",
                                      parse=Path)  # fmt: skip
    max_pages: int = _setting(12, "page budget per account", env="ICP_MAX_PAGES",
                              flag="--max-pages", parse=_positive_int)  # fmt: skip
    account_timeout: float = _setting(600.0, "seconds one account may take (then an error row)",
                                      env="ICP_ACCOUNT_TIMEOUT", flag="--account-timeout",
                                      parse=_timeout)  # fmt: skip
    """Twelve pages at the largest Crawl-delay honoured (30 s) fit, with room for the LLM."""
    max_age: timedelta | None = _setting(None, "re-research stored accounts older than this",
                                         flag="--max-age")  # fmt: skip
    refresh: bool = _setting(False, "re-research accounts already in the store", flag="--refresh")
    allow_private_network: bool = _setting(False, "allow private/loopback addresses (SSRF guard)",
                                           flag="--allow-private-network")  # fmt: skip
    no_llm: bool = _setting(False, "deterministic extractors only", flag="--no-llm")
    no_redact: bool = _setting(False, "send interview notes to the LLM unredacted",
                               flag="--no-redact")  # fmt: skip
    llm_base_url: str | None = _setting(None, "OpenAI-compatible endpoint; alone it is enough",
                                        env="OPENAI_BASE_URL", flag="--llm-base-url")  # fmt: skip
    llm_api_key: str | None = _setting(None, "API key (AZURE_OPENAI_API_KEY for Azure hosts)",
                                       env="OPENAI_API_KEY", secret=True)  # fmt: skip
    llm_api_version: str | None = _setting(None, "Azure `api-version` (deployment URLs only)",
                                           env="OPENAI_API_VERSION")  # fmt: skip
    llm_model: str = _setting(DEFAULT_MODEL, "model or Azure deployment name",
                              env="ICP_LLM_MODEL", flag="--llm-model")  # fmt: skip
    llm_timeout: float = _setting(60.0, "seconds per LLM request", env="ICP_LLM_TIMEOUT",
                                  parse=float)  # fmt: skip
    llm_retries: int = _setting(3, "LLM retries on 429/5xx/timeouts", env="ICP_LLM_RETRIES",
                                parse=int)  # fmt: skip
    llm_concurrency: int = _setting(4, "LLM requests in flight", env="ICP_LLM_CONCURRENCY",
                                    parse=_positive_int)  # fmt: skip
    llm_token_budget: int = _setting(3000, "prompt + completion tokens per account",
                                     env="ICP_LLM_TOKEN_BUDGET", parse=int)  # fmt: skip
    llm_prices: Path | None = _setting(None, "prices TOML (`[model] input/output` per 1M tokens)",
                                       env="ICP_LLM_PRICES", parse=Path)  # fmt: skip
    llm_price_input: float | None = _setting(None, "USD per 1M prompt tokens of the model",
                                             env="ICP_LLM_PRICE_INPUT", parse=_price)  # fmt: skip
    llm_price_output: float | None = _setting(None, "USD per 1M completion tokens of the model",
                                              env="ICP_LLM_PRICE_OUTPUT", parse=_price)  # fmt: skip
    api_token: str | None = _setting(None, "bearer token `icp serve` requires of its clients",
                                     env="ICP_API_TOKEN", secret=True)  # fmt: skip
    webhook_url: str | None = _setting(None, "where `icp watch` POSTs new signals (Slack-style)",
                                       env="ICP_WEBHOOK_URL", flag="--webhook",
                                       secret=True)  # fmt: skip

    @classmethod
    def load(
        cls, flags: Mapping[str, Any] | None = None, environ: Mapping[str, str] = os.environ
    ) -> Settings:
        """Return the settings: a given flag, else its environment variable, else the default.

        A flag counts as given when it is neither None nor False nor an empty tuple.
        """
        flags = flags or {}
        unknown = set(flags) - {spec.name for spec in fields(cls)}
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        values: dict[str, Any] = {}
        for spec in fields(cls):
            value = _value(spec, flags.get(spec.name), environ)
            if value is not None:
                values[spec.name] = value
        if values.get("llm_api_key") is None and is_azure(values.get("llm_base_url") or ""):
            if key := environ.get("AZURE_OPENAI_API_KEY", "").strip():
                values["llm_api_key"] = key
        settings = cls(**values)
        if (settings.llm_price_input is None) != (settings.llm_price_output is None):
            raise ConfigError("set both ICP_LLM_PRICE_INPUT and ICP_LLM_PRICE_OUTPUT")
        return settings

    @property
    def llm_configured(self) -> bool:
        """Whether an LLM endpoint is configured (a base URL or an API key) and not switched off."""
        return not self.no_llm and (self.llm_base_url is not None or self.llm_api_key is not None)

    def public_dict(self) -> dict[str, str]:
        """Return the settings as text for the runs table, secrets left out."""
        return {
            spec.name: str(getattr(self, spec.name))
            for spec in fields(self)
            if not spec.metadata["secret"]
        }


def setting_rows() -> list[tuple[str, str | None, str | None, Any, str]]:
    """Return (name, flag, environment variable, default, meaning) of every setting."""
    return [
        (spec.name, spec.metadata["flag"], spec.metadata["env"], spec.default,
         spec.metadata["meaning"])
        for spec in fields(Settings)
    ]  # fmt: skip


def db_path(given: Path | None, environ: Mapping[str, str] = os.environ) -> Path:
    """Return the store's path: `--db` when given, else $ICP_DB, else ./icp.db."""
    spec = next(spec for spec in fields(Settings) if spec.name == "db")
    return _value(spec, given, environ) or DEFAULT_DB


def _value(spec: Field[Any], given: Any, environ: Mapping[str, str]) -> Any:
    """Return a given flag, else the parsed environment variable, else None (the default)."""
    if given is not None and given is not False and given != ():
        return tuple(given) if isinstance(given, list) else given
    if (env := spec.metadata["env"]) and (text := environ.get(env, "").strip()):
        return _parse(spec.metadata["parse"], env, text)
    return None


def _parse(parse: Callable[[str], Any] | None, env: str, text: str) -> Any:
    if parse is None:
        return text
    try:
        return parse(text)
    except ValueError as exc:
        raise ConfigError(f"{env}={text!r}: {exc}") from None
