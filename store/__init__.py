"""SQLite store: research, pages, evidence, scores and runs (see `store.db.Store`)."""

from store.db import Store

__all__ = ["Store"]
