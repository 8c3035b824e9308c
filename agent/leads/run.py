"""`icp leads` as a function: two streaming passes over the contacts file.

Pass one reads every contact's company and persona, to know which personas each account's
known contacts cover (the buying committee) and which accounts are missing from the store
(researched first with `--enrich`, through the ordinary batch). Pass two scores each contact
and writes it out in input order. Memory grows with the number of accounts, not contacts.
"""

from __future__ import annotations

import csv
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agent.icp import ICP, load_icp
from agent.leads.committee import Coverage
from agent.leads.contacts import read_contacts
from agent.leads.lead_output import LeadWriter
from agent.leads.scorer import LeadScorer, contact_key
from store.connection import now_iso
from store.db import Store

_SAVE_BATCH = 1000


@dataclass
class LeadsOptions:
    """Options of `icp leads`."""

    contacts: Path
    icp: Path
    db: Path = Path("icp.db")
    out: Path | None = None
    format: str = "jsonl"
    enrich: bool = False
    replay: Path | None = None
    no_llm: bool = False
    columns: dict[str, str | None] = field(default_factory=dict)
    """Column names given on the command line, by role (email, title, company, website ...)."""


@dataclass
class LeadsSummary:
    """What a leads run did."""

    rows: int = 0
    routes: Counter = field(default_factory=Counter)
    errors: int = 0
    without_company: int = 0
    unknown_accounts: int = 0
    researched: int = 0
    lines: list[dict[str, Any]] = field(default_factory=list)
    """The scored leads, when the caller asked to keep them (small files, the demo)."""


def _first_pass(options: LeadsOptions, scorer: LeadScorer) -> tuple[dict[str, Coverage], set[str]]:
    coverage: dict[str, Coverage] = {}
    domains: set[str] = set()
    for contact in read_contacts(options.contacts, options.columns):
        if contact.problem is not None:
            continue
        scorer.resolve(contact)
        if contact.domain is None:
            continue
        domains.add(contact.domain)
        _, match = scorer.persona(contact)
        if match.persona is not None:
            who = contact.name or contact.email or f"row {contact.row}"
            coverage.setdefault(contact.domain, Coverage()).add(match.persona.name, who)
    missing = domains - scorer.store.stored_domains(domains)
    return coverage, missing


def _enrich(options: LeadsOptions, missing: set[str]) -> int:
    """Research the accounts missing from the store through the ordinary batch."""
    from agent.batch import run_enrich  # the research stack loads only when asked
    from agent.settings import Settings

    with tempfile.TemporaryDirectory() as folder:
        accounts = Path(folder) / "accounts.csv"
        with accounts.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["domain"])
            writer.writerows([d] for d in sorted(missing))
        flags = {"icp": (options.icp,), "db": options.db, "replay": options.replay,
                 "no_llm": options.no_llm}  # fmt: skip
        summary = run_enrich(accounts, Settings.load(flags))
    return sum(summary.counts.get(k, 0) for k in ("ok", "error"))


def run_leads(
    options: LeadsOptions,
    *,
    keep_lines: bool = False,
    icp: ICP | None = None,
    on_line: Callable[[dict[str, Any]], None] | None = None,
) -> LeadsSummary:
    """Score every contact of the file; write the leads; store the contacts."""
    icp = icp or load_icp(options.icp)
    summary = LeadsSummary()
    store = Store(options.db)
    try:
        scorer = LeadScorer(store, icp)
        file_coverage, missing = _first_pass(options, scorer)
        if options.enrich and missing:
            store.close()
            summary.researched = _enrich(options, missing)
            store = Store(options.db)
            scorer = LeadScorer(store, icp)
        stream = open(options.out, "w", newline="", encoding="utf-8") if options.out else sys.stdout  # noqa: SIM115
        try:
            _second_pass(options, scorer, file_coverage, LeadWriter(stream, options.format),
                         summary, keep_lines, on_line)  # fmt: skip
        finally:
            if options.out:
                stream.close()
            else:
                stream.flush()
    finally:
        store.close()
    return summary


def _second_pass(
    options: LeadsOptions,
    scorer: LeadScorer,
    file_coverage: dict[str, Coverage],
    writer: LeadWriter,
    summary: LeadsSummary,
    keep_lines: bool,
    on_line: Callable[[dict[str, Any]], None] | None,
) -> None:
    pending: list[dict[str, Any]] = []
    scored_at = now_iso()
    for contact in read_contacts(options.contacts, options.columns):
        if contact.problem is None:
            scorer.resolve(contact)
        coverage = file_coverage.get(contact.domain, Coverage()) if contact.domain else None
        line = scorer.score(contact, coverage)
        writer.write(line, contact.row)
        summary.rows += 1
        summary.routes[line["route"]] += 1
        summary.errors += line["status"] == "error"
        summary.without_company += line["status"] == "ok" and line["domain"] is None
        summary.unknown_accounts += bool(line["account"]) and not line["account"]["known"]
        if keep_lines:
            summary.lines.append(line)
        if on_line is not None:
            on_line(line)
        key = contact_key(contact)
        if key is not None and line["status"] == "ok":
            persona = line["persona"] or {}
            pending.append({
                "key": key, "icp": scorer.icp.name, "domain": line["domain"],
                "email": contact.email, "name": contact.name, "title": contact.title,
                "persona": persona.get("name"), "role": persona.get("role"),
                "seniority": persona.get("seniority"), "department": persona.get("department"),
                "lead_score": line["lead_score"], "route": line["route"], "scored_at": scored_at,
            })  # fmt: skip
        if len(pending) >= _SAVE_BATCH:
            scorer.store.save_contacts(pending)
            pending = []
    if pending:
        scorer.store.save_contacts(pending)
