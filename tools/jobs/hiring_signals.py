"""Hiring signals from normalized postings: counts, locations, velocity and direct answers."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from agent.models import JOB_FUNCTIONS, Evidence, Field, Hiring, PageRecord, Posting
from tools.evidence import quote_occurs
from tools.jobs.job_titles import LEADERSHIP_LEVELS

QUOTED_TITLES = 5
_CONFIDENCE = {"jsonld": 0.8, None: 0.6}
_QUESTION_FUNCTIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("sales_development", re.compile(
        r"\b(?:sdrs?|bdrs?|adrs?|sales development|business development rep\w*"
        r"|(?:account|lead|market) development rep\w*|outbound reps?)\b", re.I)),
    ("account_executive", re.compile(
        r"\b(?:aes?|account executives?|closers?|quota[- ]carrying|sales reps?)\b", re.I)),
    ("engineering", re.compile(r"\b(?:engineers?|engineering|developers?|software)\b", re.I)),
    ("marketing", re.compile(r"\b(?:marketing|marketers?|demand gen\w*)\b", re.I)),
    ("customer_success", re.compile(
        r"\b(?:customer success|csms?|customer support|support|account managers?)\b", re.I)),
)  # fmt: skip
_HIRING_WORDS = re.compile(
    r"\b(?:hiring|hire|hires|open|opening|openings|postings?|vacanc\w+|jobs?|roles?|positions?"
    r"|recruit\w*|reqs?)\b",
    re.I,
)
_ALL_ROLES = re.compile(
    r"\b(?:open (?:roles|positions|jobs)|job (?:openings|postings)|hiring)\b", re.I
)
_LEADERSHIP = re.compile(
    r"\b(?:managers?|leaders?|leadership|head|directors?|vps?|lead)\b", re.I
)
_EMPTY_BOARD = re.compile(r'"(?:jobs|content|results|postings)"\s*:\s*\[\s*\]|^\s*\[\s*\]\s*$')
_OPENINGS = r"(?:open |current )?(?:positions|openings|roles|vacancies|jobs|job openings)"
NO_OPENINGS = re.compile(
    rf"[^.!\n]*(?:\bno {_OPENINGS}|\b(?:don't|do not|doesn't|does not) have any {_OPENINGS}"
    r"|\b(?:not|aren't|isn't) (?:currently )?hiring)\b[^.!\n]*[.!]?",
    re.I,
)
"""A careers-page sentence saying there is nothing open ("We don't have any open roles")."""


def summarize_postings(postings: list[Posting], today: date) -> dict[str, Any]:
    """Return counts per function and seniority, locations, countries and 30/90-day velocity."""
    dated = [date.fromisoformat(p.posted_at[:10]) for p in postings if p.posted_at]
    by_function = dict.fromkeys(JOB_FUNCTIONS, 0)
    by_function.update(Counter(p.function for p in postings))
    locations = Counter(p.location for p in postings if p.location)

    def opened_within(days: int) -> int | None:
        return sum(d >= today - timedelta(days=days) for d in dated) if dated else None

    return {
        "open_roles": len(postings),
        "by_function": by_function,
        "by_seniority": dict(Counter(p.seniority for p in postings if p.seniority)),
        "locations": dict(locations.most_common()),
        "countries": dict(Counter(p.country for p in postings if p.country).most_common()),
        "remote": sum(1 for p in postings if p.remote),
        "dated_postings": len(dated),
        "opened_last_30_days": opened_within(30),
        "opened_last_90_days": opened_within(90),
    }


def _wanted(question: str) -> tuple[set[str], bool] | None:
    """Return (functions asked about, leadership only) or None when not a hiring question."""
    if not _HIRING_WORDS.search(question):
        return None
    functions = {name for name, pattern in _QUESTION_FUNCTIONS if pattern.search(question)}
    if not functions and not _ALL_ROLES.search(question):
        return None
    return functions or set(JOB_FUNCTIONS), bool(functions) and bool(_LEADERSHIP.search(question))


def _source_url(title: str, hiring: Hiring, pages: Sequence[PageRecord]) -> str | None:
    for record in pages:
        if quote_occurs(title, record.text, record.source):
            return record.url
    return hiring.board_url if not pages else None


def _empty_board_evidence(hiring: Hiring, pages: Sequence[PageRecord]) -> list[Evidence]:
    for record in pages:
        if record.url != hiring.board_url:
            continue
        for text in (record.source, record.text):
            match = _EMPTY_BOARD.search(text) or NO_OPENINGS.search(text)
            if match:
                return [Evidence(url=record.url, quote=match.group(0).strip())]
    return []


def answer_hiring_question(question: str, answer_type: str, hiring: Hiring,
                           pages: Sequence[PageRecord] = ()) -> Field | None:  # fmt: skip
    """Answer "How many SDR roles are open?"-style questions from the postings, without an LLM.

    Returns None when the question is not about open roles or the board could not be read.
    Evidence quotes posting titles from the fetched board; pass the research's page records
    so each title is attributed to the exact response it came from.
    """
    wanted = _wanted(question)
    if wanted is None or hiring.open_roles is None:
        return None
    functions, leaders_only = wanted
    matching = [p for p in hiring.postings if p.function in functions
                and (not leaders_only or p.seniority in LEADERSHIP_LEVELS)]  # fmt: skip
    quoted = matching or hiring.postings  # with no match, show what *is* open
    evidence: list[Evidence] = []
    for posting in quoted:
        url = _source_url(posting.title, hiring, pages)
        item = Evidence(url=url, quote=posting.title) if url else None
        if item and item not in evidence:
            evidence.append(item)
        if len(evidence) >= QUOTED_TITLES:
            break
    if not hiring.postings:
        evidence = _empty_board_evidence(hiring, pages)
    if not evidence:
        return Field.empty()
    count = len(matching)
    titles = [p.title for p in matching]
    text = f"{count} open: " + "; ".join(titles) if titles else "0 open"
    value = {"int": count, "bool": count > 0, "list": titles}.get(answer_type, text)
    confidence = _CONFIDENCE.get(hiring.ats, 0.9)
    return Field(value=value, evidence=evidence, confidence=confidence, method="rule")
