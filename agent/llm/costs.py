"""Token and cost accounting of LLM calls, per call, per account and per run.

Prices are USD per million tokens, per model. A model without a known price has an *unknown*
cost (`None`), never zero, so a report never claims a run was free when it was not. Prices
come from, in order:

1. `ICP_LLM_PRICE_INPUT` / `ICP_LLM_PRICE_OUTPUT` (USD per 1M tokens) for the configured model
   (e.g. `0` and `0` for a local server), read by `agent.settings`;
2. a TOML file named by `ICP_LLM_PRICES`::

       ["gpt-4o-mini"]
       input = 0.15     # USD per 1M prompt tokens
       output = 0.60    # USD per 1M completion tokens

3. `DEFAULT_PRICES` below. A dated model name ("gpt-4o-mini-2024-07-18") uses the price of
   its longest listed prefix.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from agent.errors import ConfigError


class Price(BaseModel):
    """List price of one model in USD per million tokens."""

    input: float
    output: float

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        """Return the USD cost of the given token counts."""
        return (prompt_tokens * self.input + completion_tokens * self.output) / 1_000_000


# Published list prices when this was written; they change, so override rather than trust.
DEFAULT_PRICES: dict[str, Price] = {
    "gpt-4o-mini": Price(input=0.15, output=0.60),
    "gpt-4o": Price(input=2.50, output=10.00),
    "gpt-4.1": Price(input=2.00, output=8.00),
    "gpt-4.1-mini": Price(input=0.40, output=1.60),
    "gpt-4.1-nano": Price(input=0.10, output=0.40),
}


class Prices:
    """A price table: exact model names, then the longest `name-` prefix."""

    def __init__(self, table: Mapping[str, Price] | None = None):
        self.table = dict(DEFAULT_PRICES if table is None else table)

    @classmethod
    def configured(
        cls,
        model: str | None = None,
        prices_file: str | Path | None = None,
        price_input: float | None = None,
        price_output: float | None = None,
    ) -> Prices:
        """Build the table from the defaults, a prices file and the configured model's price."""
        prices = cls()
        if prices_file is not None:
            prices.table.update(load_prices(prices_file))
        if model and price_input is not None and price_output is not None:
            prices.table[model] = Price(input=price_input, output=price_output)
        return prices

    def price_for(self, model: str) -> Price | None:
        """Return the price of `model`, or None when it is unknown."""
        if model in self.table:
            return self.table[model]
        # a dated snapshot ("gpt-4o-mini-2024-07-18") costs what its model costs
        prefixes = [name for name in self.table if re.match(rf"{re.escape(name)}-\d", model)]
        return self.table[max(prefixes, key=len)] if prefixes else None

    def cost(self, model: str, prompt_tokens: int, completion_tokens: int) -> float | None:
        """Return the USD cost of one call, or None when the model's price is unknown."""
        price = self.price_for(model)
        return None if price is None else price.cost(prompt_tokens, completion_tokens)


def load_prices(path: str | Path) -> dict[str, Price]:
    """Read a prices TOML file (`[model] input = .., output = ..`)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: prices file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    table = {}
    for model, entry in data.items():
        try:
            table[model] = Price.model_validate(entry)
        except ValidationError:
            raise ConfigError(
                f"{path}: [{model}]: expected `input` and `output` in USD per 1M tokens"
            ) from None
    return table


class Usage(BaseModel):
    """Tokens and cost of one or more LLM calls; `cost_usd is None` means unknown."""

    calls: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = 0.0
    saved_tokens: int = 0
    """Tokens the cache hits cost when they were first asked (not spent again)."""

    @property
    def total_tokens(self) -> int:
        """Return prompt plus completion tokens spent."""
        return self.prompt_tokens + self.completion_tokens

    @property
    def budget_tokens(self) -> int:
        """Return spent plus saved tokens: what budgets count, so a rerun plans like a run."""
        return self.total_tokens + self.saved_tokens

    def __add__(self, other: Usage) -> Usage:
        cost = None if self.cost_usd is None or other.cost_usd is None else (
            self.cost_usd + other.cost_usd
        )  # fmt: skip
        return Usage(
            calls=self.calls + other.calls,
            cache_hits=self.cache_hits + other.cache_hits,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            cost_usd=cost,
            saved_tokens=self.saved_tokens + other.saved_tokens,
        )

    def run_dict(self) -> dict[str, Any]:
        """Return the usage as `Store.finish_run` stores it."""
        return {
            "calls": self.calls,
            "cache_hits": self.cache_hits,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "cost_usd": self.cost_usd,
        }


def format_cost(cost: float | None) -> str:
    """Return a cost for people: `$0.0123`, or `unknown` when the price is not known."""
    if cost is None or math.isnan(cost):
        return "unknown"
    return f"${cost:.4f}"


@dataclass(frozen=True)
class CallRecord:
    """Usage of one structured LLM request (a call, its re-ask, or a cache hit)."""

    account: str
    prompt: str
    model: str
    usage: Usage


@dataclass
class CostLedger:
    """Every call of a run, summed per account and for the run."""

    records: list[CallRecord] = field(default_factory=list)

    def record(self, account: str, prompt: str, model: str, usage: Usage) -> None:
        """Add one call's usage."""
        self.records.append(CallRecord(account, prompt, model, usage))

    def total(self) -> Usage:
        """Return the run's usage."""
        return sum((r.usage for r in self.records), Usage())

    def by_account(self) -> dict[str, Usage]:
        """Return the usage of each account, in first-call order."""
        accounts: dict[str, Usage] = {}
        for record in self.records:
            accounts[record.account] = accounts.get(record.account, Usage()) + record.usage
        return accounts

    def summary(self) -> str:
        """Return a one-line summary of the run's LLM usage for people."""
        total = self.total()
        accounts = len(self.by_account())
        per_account = total.total_tokens / accounts if accounts else 0
        return (
            f"LLM: {total.calls} calls, {total.cache_hits} cache hits, "
            f"{total.prompt_tokens} prompt + {total.completion_tokens} completion tokens "
            f"({per_account:.0f} per account), cost {format_cost(total.cost_usd)}"
        )
