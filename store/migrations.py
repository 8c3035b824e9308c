"""Named, ordered schema migrations; each runs once and is recorded in `_migrations`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import sqlite_utils

Migration = Callable[[sqlite_utils.Database], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(function: Migration) -> Migration:
    """Register a migration; its function name (m001_...) is its permanent id."""
    MIGRATIONS.append((function.__name__, function))
    return function


@migration
def m001_initial(db: sqlite_utils.Database) -> None:
    """Create accounts, pages, fields, technologies, postings, hiring, scores and runs."""
    db.table("runs").create(
        {
            "id": int,
            "command": str,
            "args": str,
            "started_at": str,
            "finished_at": str,
            "counts": str,
            "llm_calls": int,
            "prompt_tokens": int,
            "completion_tokens": int,
            "cost_usd": float,
        },
        pk="id",
    )
    db.table("accounts").create(
        {
            "domain": str,
            "name": str,
            "input": str,
            "status": str,
            "error": str,
            "record": str,
            "notes": str,
            "researched_at": str,
            "run_id": int,
        },
        pk="domain",
    )
    db.table("pages").create(
        {
            "domain": str,
            "url": str,
            "final_url": str,
            "kind": str,
            "status": int,
            "content_type": str,
            "error": str,
            "fetched_at": str,
            "content_hash": str,
            "text": str,
        },
        pk=("domain", "url"),
    )
    db.table("fields").create(
        {
            "domain": str,
            "path": str,
            "value": str,
            "confidence": float,
            "method": str,
            "evidence": str,
            "seen_at": str,
        },
        pk=("domain", "path"),
    )
    db.table("field_alternatives").create(
        {
            "domain": str,
            "path": str,
            "value": str,
            "method": str,
            "evidence": str,
            "seen_at": str,
        },
    )
    db.table("technologies").create(
        {
            "domain": str,
            "name": str,
            "category": str,
            "method": str,
            "evidence": str,
            "seen_at": str,
        },
        pk=("domain", "name"),
    )
    db.table("hiring").create(
        {
            "domain": str,
            "ats": str,
            "board_url": str,
            "status": str,
            "open_roles": int,
            "by_function": str,
            "seen_at": str,
        },
        pk="domain",
    )
    db.table("postings").create(
        {
            "domain": str,
            "position": int,
            "title": str,
            "function": str,
            "seniority": str,
            "department": str,
            "location": str,
            "country": str,
            "remote": int,
            "employment_type": str,
            "url": str,
            "posted_at": str,
            "text": str,
            "seen_at": str,
        },
        pk=("domain", "position"),
    )
    db.table("scores").create(
        {
            "domain": str,
            "icp": str,
            "total": float,
            "tier": str,
            "route": str,
            "dimensions": str,
            "scored_at": str,
        },
        pk=("domain", "icp"),
    )
    db.table("field_alternatives").create_index(["domain", "path"])


@migration
def m002_overrides(db: sqlite_utils.Database) -> None:
    """Create `overrides`: manual tier/score changes by sales, with time and reason."""
    db.table("overrides").create(
        {
            "id": int,
            "domain": str,
            "icp": str,
            "tier": str,
            "score": float,
            "reason": str,
            "created_at": str,
            "undone_at": str,
        },
        pk="id",
    )
    db.table("overrides").create_index(["domain", "icp"])


@migration
def m003_people(db: sqlite_utils.Database) -> None:
    """Create `people`: the buying committee found on team pages, with persona and evidence."""
    db.table("people").create(
        {
            "domain": str,
            "name": str,
            "title": str,
            "persona": str,
            "evidence": str,
            "seen_at": str,
        },
        pk=("domain", "name"),
    )


@migration
def m004_runs_llm_cache_hits(db: sqlite_utils.Database) -> None:
    """Add `runs.llm_cache_hits`: LLM answers served from the cache (calls not made)."""
    db.table("runs").add_column("llm_cache_hits", int)


def apply_migrations(db: sqlite_utils.Database) -> list[str]:
    """Apply every pending migration in order; return the names applied."""
    db.table("_migrations").create({"name": str, "applied_at": str}, pk="name", if_not_exists=True)
    done = {row["name"] for row in db.table("_migrations").rows}
    applied = []
    for name, function in MIGRATIONS:
        if name in done:
            continue
        with db.atomic():
            function(db)
            db.table("_migrations").insert(
                {"name": name, "applied_at": datetime.now(UTC).isoformat(timespec="seconds")}
            )
        applied.append(name)
    return applied
