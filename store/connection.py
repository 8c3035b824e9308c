"""Opening a store file, and the conventions of its rows.

One SQLite connection per file, in WAL mode, its schema brought up to date on open; times are
UTC ISO 8601 text, structured values JSON text.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from agent.errors import StoreError
from store.migrations import upgrade


def open_database(path: str | Path, *, must_exist: bool = False) -> sqlite_utils.Database:
    """Open (creating unless `must_exist`) and migrate the SQLite file at `path`."""
    path = Path(path)
    if must_exist and not path.exists():
        raise StoreError(f"{path}: no such database (run `icp enrich` first)")
    if path.parent != Path("") and not path.parent.is_dir():
        raise StoreError(f"{path}: cannot create the database: {path.parent} is not a folder")
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise StoreError(f"{path}: the database is read-only (icp needs to write to it)")
    try:
        db = sqlite_utils.Database(path)
        db.enable_wal()
        upgrade(db)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot open the database: {exc}") from None
    except StoreError as exc:
        raise StoreError(f"{path}: {exc}") from None
    return db


def now_iso() -> str:
    """Return the current UTC time as an ISO 8601 string (seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def to_json(value: Any, *, sort_keys: bool = True) -> str:
    """Return `value` as the JSON text the store keeps (keys sorted unless told, UTF-8 as is)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=sort_keys)
