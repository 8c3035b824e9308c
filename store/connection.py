"""Opening a store file: one SQLite connection, WAL, the schema brought up to date."""

from __future__ import annotations

import sqlite3
from pathlib import Path

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
    try:
        db = sqlite_utils.Database(path)
        db.enable_wal()
        upgrade(db)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot open the database: {exc}") from None
    except StoreError as exc:
        raise StoreError(f"{path}: {exc}") from None
    return db
