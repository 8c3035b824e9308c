"""Named, ordered schema migrations (sqlite-utils' `Migrations`), each run once per database.

Each migration's function name (`m001_initial` ...) is its permanent id; sqlite-utils records
applied ones in `_sqlite_migrations` under the set name `icp_agent` and runs each pending one in
a transaction. Add a table or column only through a new migration at the end of this file.

`upgrade(db)` is what opening a store calls: it adopts the registry of release 0.1.0 (table
`_migrations`), refuses a database written by a newer icp-agent, then applies what is pending.
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils import Migrations

from agent.errors import StoreError

migrations = Migrations("icp_agent")
LEGACY_TABLE = "_migrations"
"""Where release 0.1.0 recorded applied migrations (same names as now)."""


@migrations()
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


@migrations()
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


@migrations()
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


@migrations()
def m004_runs_llm_cache_hits(db: sqlite_utils.Database) -> None:
    """Add `runs.llm_cache_hits`: LLM answers served from the cache (calls not made)."""
    db.table("runs").add_column("llm_cache_hits", int)


@migrations()
def m005_llm_responses(db: sqlite_utils.Database) -> None:
    """Create `llm_responses`: validated LLM replies by (model, prompt, input hash), with cost."""
    # release 0.1.0 created this table outside the migrations, with the same columns
    db.table("llm_responses").create(
        {
            "model": str,
            "prompt": str,
            "input_hash": str,
            "response": str,
            "prompt_tokens": int,
            "completion_tokens": int,
            "fetched_at": str,
        },
        pk=("model", "prompt", "input_hash"),
        if_not_exists=True,
    )


@migrations()
def m007_leads(db: sqlite_utils.Database) -> None:
    """Create `contacts`: people scored by `icp leads`, with persona, lead score and route."""
    db.table("contacts").create(
        {
            "key": str,
            "icp": str,
            "domain": str,
            "email": str,
            "name": str,
            "title": str,
            "persona": str,
            "role": str,
            "seniority": str,
            "department": str,
            "lead_score": float,
            "route": str,
            "scored_at": str,
        },
        pk=("key", "icp"),
    )
    db.table("contacts").create_index(["domain", "icp"])


@migrations()
def m008_signals(db: sqlite_utils.Database) -> None:
    """Create `snapshots` (every research of an account), `signals` and `alerts` (sent once)."""
    db.table("snapshots").create(
        {"id": int, "domain": str, "run_id": int, "researched_at": str, "record": str},
        pk="id",
    )
    db.table("snapshots").create_index(["domain", "researched_at"])
    db.table("signals").create(
        {
            "id": int,
            "domain": str,
            "key": str,
            "type": str,
            "date": str,
            "summary": str,
            "evidence": str,
            "first_seen_at": str,
            "last_seen_at": str,
            "first_run_id": int,
        },
        pk="id",
    )
    db.table("signals").create_index(["key"], unique=True)
    db.table("signals").create_index(["type", "date"])
    db.table("alerts").create(
        {"signal_id": int, "channel": str, "sent_at": str}, pk=("signal_id", "channel")
    )


@migrations()
def m006_crm_views(db: sqlite_utils.Database) -> None:
    """Add `icp_settings`, `accounts.failures` and the `account_scores`/`account_fields` views.

    `icp_settings` keeps each scored ICP's tier thresholds and routing (so SQL applies an
    override the way the ICP file does); `accounts.failures` counts consecutive failed research
    attempts (the retry backoff of transient failures).
    """
    from store.views import create_views

    db.table("icp_settings").create(
        {
            "icp": str, "perfect": float, "strong": float, "moderate": float,
            "route_perfect": str, "route_strong": str, "route_moderate": str,
            "route_weak": str, "updated_at": str,
        },
        pk="icp",
    )  # fmt: skip
    db.table("accounts").add_column("failures", int, not_null_default=0)
    create_views(db)


def upgrade(db: sqlite_utils.Database) -> None:
    """Bring a database to this version's schema; refuse one written by a newer version."""
    _adopt_legacy_registry(db)
    known = set(_names())
    newer = [m.name for m in migrations.applied(db) if m.name not in known]
    if newer:
        raise StoreError(
            f"written by a newer icp-agent (schema {newer[-1]}; this version knows up to "
            f"{_names()[-1]}): upgrade icp-agent to use it"
        )
    migrations.apply(db)


def schema_version(db: sqlite_utils.Database) -> str | None:
    """Return the name of the newest migration applied to `db`, or None for a new file."""
    applied = migrations.applied(db)
    return applied[-1].name if applied else None


def _names() -> list[str]:
    return [m.name for m in migrations.pending(sqlite_utils.Database(memory=True))]


def _adopt_legacy_registry(db: sqlite_utils.Database) -> None:
    """Move the applied names of release 0.1.0's `_migrations` into sqlite-utils' registry."""
    legacy = db.table(LEGACY_TABLE)
    if not legacy.exists():
        return
    with db.atomic():
        migrations.ensure_migrations_table(db)
        done = {m.name for m in migrations.applied(db)}
        registry = db.table(Migrations.migrations_table)
        for row in legacy.rows_where(order_by="rowid"):
            if row["name"] not in done:
                registry.insert(
                    {"migration_set": migrations.name, "name": row["name"],
                     "applied_at": row["applied_at"]}
                )  # fmt: skip
        legacy.drop()
