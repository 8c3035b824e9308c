"""The CPU half of an account's research: every deterministic extractor over its parsed pages.

`extract_account` is a plain function of picklable values, so the graph runs it in a worker
process (`agent.worker_pool`). Every extractor reads the same `ParsedPage`s, parsed once when
they were fetched; quote checks share each page's normalized text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from agent.models import Field, Firmographics, Hiring, PageRecord, Person, Signal, Technology
from tools.firmographics.extract import extract_firmographics
from tools.html import ParsedPage
from tools.jobs.hiring_signals import answer_hiring_question
from tools.page_records import with_markup
from tools.signals.extract import dedupe, hiring_surge, signals_from_feed, signals_from_pages
from tools.signals.feeds import parse_feed
from tools.team import extract_team
from tools.technographics.detect import detect_technologies, merge_technologies


@dataclass
class HiringQuestion:
    """One `[[specialized]]` question of the ICPs (the first ICP wins a shared key)."""

    key: str
    question: str
    type: str


@dataclass
class Extracted:
    """What the extractors found for one account."""

    firmographics: Firmographics
    alternatives: list[tuple[str, Field]]
    technographics: list[Technology]
    specialized: dict[str, Field] = field(default_factory=dict)
    buying_committee: list[Person] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)


def extract_account(
    pages: list[tuple[str, ParsedPage]],
    records: list[PageRecord],
    industries: list[str] | None,
    job_technologies: list[Technology],
    hiring: Hiring,
    questions: list[HiringQuestion],
    domain: str,
    today: date,
) -> Extracted:
    """Run the deterministic extractors over an account's parsed pages (kind, page)."""
    for _, page in pages:
        page.unpack()  # read by many extractors: unpacked once (these are the job's copies)
    records = with_markup(records, [page for _, page in pages])
    firmo = extract_firmographics(pages, industries)
    headers: dict[str, Any] = {record.final_url or record.url: record.headers for record in records}
    found = [
        tech for _, page in pages for tech in detect_technologies(page, headers.get(page.url, {}))
    ]
    specialized: dict[str, Field] = {}
    for question in questions:
        answer = answer_hiring_question(question.question, question.type, hiring, pages=records)
        specialized[question.key] = answer or Field.empty()
    committee: dict[str, Person] = {}
    for kind, page in pages:
        if kind in ("team", "about"):
            for person in extract_team(page):
                if person.persona is not None:
                    committee.setdefault(person.name.casefold(), person)
    company = firmo.firmographics.company_name.value
    signals = signals_from_pages(
        pages, records, domain, company if isinstance(company, str) else None
    )
    for record in records:
        if record.kind == "feed" and record.source:
            url = record.final_url or record.url
            signals += signals_from_feed(
                parse_feed(record.source, url), url, domain,
                company if isinstance(company, str) else None,
            )  # fmt: skip
    surge = hiring_surge(hiring, records, today)
    return Extracted(
        signals=dedupe(signals + ([surge] if surge else [])),
        firmographics=firmo.firmographics,
        alternatives=firmo.alternatives,
        technographics=merge_technologies(found + job_technologies),
        specialized=specialized,
        buying_committee=list(committee.values()),
    )
