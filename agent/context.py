"""Run-time configuration and injected clients, passed to every graph invocation."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, Protocol

from agent.icp import ICP
from agent.models import Needs
from store.db import Store
from tools.web.fetcher import Fetcher


class NeedsSource(Protocol):
    """Anything that can tell an account's needs from interview notes."""

    def needs_for(self, domain: str) -> Needs | None:
        """Return the merged needs of the account's interviews, or None without notes."""


@dataclass(kw_only=True)
class Context:
    """What one graph run needs besides its state; clients are built by the caller."""

    http: Fetcher = field(metadata={"description": "The shared fetcher (manners live there)."})
    store: Store | None = field(
        default=None, metadata={"description": "Where research is persisted; None = don't."}
    )
    icps: list[ICP] = field(
        default_factory=list,
        metadata={"description": "The ICPs to score against; the first one maps industries."},
    )
    llm: Any = field(
        default=None,
        metadata={"description": "LLM client, or None for the deterministic extractors alone."},
    )
    needs: NeedsSource | None = field(
        default=None, metadata={"description": "Interview-notes index for the Needs dimension."}
    )
    run_id: int | None = field(default=None, metadata={"description": "Id of the current run."})
    max_pages: int = field(
        default=12,
        metadata={"description": "Page budget per account.", "env": "ICP_MAX_PAGES"},
    )
    today: date = field(
        default_factory=date.today,
        metadata={"description": "Reference date for hiring velocity (fixed in tests)."},
    )

    @property
    def icp(self) -> ICP | None:
        """Return the primary ICP (the first given), or None."""
        return self.icps[0] if self.icps else None

    def __post_init__(self) -> None:
        """Fill fields that are at their default from environment variables (ICP_*)."""
        for spec in fields(self):
            env_name = spec.metadata.get("env")
            default: Any = spec.default  # fields with an `env` have a plain default (int ...)
            if env_name and os.environ.get(env_name) and getattr(self, spec.name) == default:
                setattr(self, spec.name, type(default)(os.environ[env_name]))
