"""Research snapshots, the signals seen across runs, and the alerts already sent.

`snapshots` keeps every research of an account (the contract record as it was), so changes
can be derived and history shown. `signals` holds each event once (keyed by account, type,
date and summary) with when it was first and last seen; `alerts` remembers which signal went
to which channel, so `icp watch` never sends one twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

import sqlite_utils

from agent.models import Signal


def signal_key(domain: str, signal: Signal) -> str:
    """Return the identity of an event: the same announcement seen again is not new."""
    if signal.type == "hiring_surge":
        return f"{domain}|hiring_surge|{signal.date or ''}"
    summary = " ".join(signal.summary.casefold().split())
    return f"{domain}|{signal.type}|{signal.date or ''}|{summary}"


def write_research(
    db: sqlite_utils.Database,
    domain: str,
    record: dict[str, Any],
    signals: Iterable[Signal],
    *,
    run_id: int | None,
    seen: str,
) -> None:
    """Keep a snapshot of the research and record its signals (call inside a transaction)."""
    db.table("snapshots").insert(
        {
            "domain": domain,
            "run_id": run_id,
            "researched_at": seen,
            "record": json.dumps(record, ensure_ascii=False, sort_keys=True),
        }
    )
    for signal in signals:
        key = signal_key(domain, signal)
        updated = db.execute(
            "UPDATE signals SET last_seen_at = ? WHERE key = ?", [seen, key]
        ).rowcount
        if not updated:
            db.table("signals").insert(
                {
                    "domain": domain,
                    "key": key,
                    "type": signal.type,
                    "date": signal.date,
                    "summary": signal.summary,
                    "evidence": json.dumps([e.model_dump() for e in signal.evidence]),
                    "first_seen_at": seen,
                    "last_seen_at": seen,
                    "first_run_id": run_id,
                }
            )


def _row(row: dict[str, Any]) -> dict[str, Any]:
    row = dict(row)
    row["evidence"] = json.loads(row.get("evidence") or "[]")
    return row


def signal_feed(
    db: sqlite_utils.Database,
    *,
    types: Iterable[str] = (),
    since: str | None = None,
    domain: str | None = None,
    tiers: Iterable[str] = (),
    icp: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Return stored signals, newest event first, with the account's best (or `icp`) score."""
    types, tiers = list(types), list(tiers)
    where = ["1 = 1"]
    params: list[Any] = []
    if types:
        where.append(f"s.type IN ({', '.join('?' for _ in types)})")
        params.extend(types)
    if since:
        # an undated announcement counts from when it was first seen
        where.append("COALESCE(s.date, substr(s.first_seen_at, 1, 10)) >= ?")
        params.append(since)
    if domain:
        where.append("s.domain = ?")
        params.append(domain)
    sql = f"""
        SELECT s.id, s.domain, a.name, s.type, s.date, s.summary, s.evidence, s.first_seen_at,
               s.last_seen_at, sc.icp, sc.total, sc.tier, sc.route
        FROM signals s
        LEFT JOIN accounts a ON a.domain = s.domain
        LEFT JOIN scores sc ON sc.rowid = (
            SELECT rowid FROM scores WHERE domain = s.domain AND (? IS NULL OR icp = ?)
            ORDER BY total DESC LIMIT 1)
        WHERE {" AND ".join(where)}
        ORDER BY COALESCE(s.date, substr(s.first_seen_at, 1, 10)) DESC, s.domain, s.id
    """  # noqa: S608 - the placeholders are built from counts, the values are parameters
    rows = [_row(row) for row in db.query(sql, [icp, icp, *params])]
    if tiers:
        wanted = {t.casefold() for t in tiers}
        rows = [r for r in rows if r["tier"] and _tier_matches(r["tier"], wanted)]
    return rows[:limit] if limit else rows


def _tier_matches(tier: str, wanted: set[str]) -> bool:
    return tier.casefold() in wanted or tier.split()[0].casefold() in wanted


def unsent_signals(
    db: sqlite_utils.Database, channel: str, *, first_run_ids: Iterable[int] | None = None
) -> list[dict[str, Any]]:
    """Return signals not yet sent to `channel` (optionally only those first seen in runs)."""
    params: list[Any] = [channel]
    extra = ""
    if first_run_ids is not None:
        ids = list(first_run_ids)
        if not ids:
            return []
        extra = f" AND s.first_run_id IN ({', '.join('?' for _ in ids)})"
        params.extend(ids)
    sql = (
        "SELECT s.id, s.domain, a.name, s.type, s.date, s.summary, s.evidence, s.first_seen_at "
        "FROM signals s LEFT JOIN accounts a ON a.domain = s.domain "
        "WHERE NOT EXISTS (SELECT 1 FROM alerts WHERE signal_id = s.id AND channel = ?)"
        f"{extra} ORDER BY s.domain, COALESCE(s.date, '') DESC, s.id"
    )
    return [_row(row) for row in db.query(sql, params)]


def mark_sent(db: sqlite_utils.Database, signal_id: int, channel: str, sent_at: str) -> None:
    """Remember that a signal went to a channel."""
    with db.atomic():
        db.table("alerts").insert(
            {"signal_id": signal_id, "channel": channel, "sent_at": sent_at}, replace=True
        )


def snapshots(db: sqlite_utils.Database, domain: str) -> Iterator[dict[str, Any]]:
    """Yield an account's research snapshots, oldest first (without the record)."""
    yield from db.query(
        "SELECT id, run_id, researched_at FROM snapshots WHERE domain = ? ORDER BY id", [domain]
    )
