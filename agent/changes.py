"""Change signals: what differs between an account's previous research and this one.

A pure function of two snapshots. Each change is dated by the run that saw it and carries the
evidence of both sides where there are two (a headcount: the old quote and the new one). A
technology counts as dropped only when the page it was seen on was read again this time
without it, so a page that failed to load never reads as a removal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from agent.models import AccountResult, Evidence, PageRecord, Signal
from tools.signals.extract import page_showing

ROLE_CHANGE_MIN = 2
"""Open roles of one function must move by at least this many to be a signal."""
HEADCOUNT_CHANGE_MIN = 0.05
"""A headcount must move by at least 5 % (and by one person) to be a signal."""


def _evidence(items: Iterable[Any] | None) -> list[Evidence]:
    found = []
    for item in items or []:
        if isinstance(item, dict) and item.get("url") and item.get("quote"):
            found.append(Evidence(url=item["url"], quote=item["quote"]))
        elif isinstance(item, Evidence):
            found.append(item)
    return found


def _field(record: dict[str, Any], name: str) -> tuple[Any, list[Evidence]]:
    node = (record.get("firmographics") or {}).get(name) or {}
    evidence = _evidence(node.get("evidence"))
    return (node.get("value") if evidence else None), evidence


def _technology_changes(
    previous: dict[str, Any], current: AccountResult, read_urls: set[str], day: str
) -> list[Signal]:
    # business tools seen on the site: a job post or a JavaScript library is no buying signal
    before = {
        t["name"]: t
        for t in previous.get("technographics") or []
        if t.get("method") != "job-post" and t.get("business", True)
    }
    now = {t.name: t for t in current.technographics if t.method != "job-post" and t.business}
    signals = []
    for name in sorted(set(now) - set(before)):
        tech = now[name]
        signals.append(Signal(type="tech_adopted", date=day,
                              summary=f"Started using {name} ({tech.category})",
                              evidence=tech.evidence[:2]))  # fmt: skip
    for name in sorted(set(before) - set(now)):
        tech = before[name]
        seen_on = {e.url for e in _evidence(tech.get("evidence"))}
        if seen_on and seen_on <= read_urls:
            signals.append(Signal(type="tech_dropped", date=day,
                                  summary=f"No longer uses {name} ({tech.get('category', '')})"
                                  .replace(" ()", ""),
                                  evidence=_evidence(tech.get("evidence"))[:2]))  # fmt: skip
    return signals


def _headcount_change(previous: dict[str, Any], current: AccountResult, day: str) -> list[Signal]:
    old, old_evidence = _field(previous, "employee_count")
    new_field = current.firmographics.employee_count
    if not (isinstance(old, int) and isinstance(new_field.value, int) and new_field.evidence):
        return []
    new = new_field.value
    if abs(new - old) < max(1, HEADCOUNT_CHANGE_MIN * old):
        return []
    change = f"{(new - old) / old:+.0%}" if old else "new"
    return [Signal(type="headcount_change", date=day,
                   summary=f"Headcount {old:,} → {new:,} ({change})",
                   evidence=old_evidence[:1] + new_field.evidence[:1])]  # fmt: skip


def _funding_change(previous: dict[str, Any], current: AccountResult, day: str) -> list[Signal]:
    old, old_evidence = _field(previous, "funding_stage")
    new = current.firmographics.funding_stage
    if old is None or not new.known or new.value == old:
        return []
    return [Signal(type="funding_stage_change", date=day,
                   summary=f"Funding stage {old} → {new.value}",
                   evidence=old_evidence[:1] + new.evidence[:1])]  # fmt: skip


def _posting_evidence(
    postings: Iterable[Any], function: str, pages: Sequence[PageRecord], fallback: str | None
) -> list[Evidence]:
    """Quote up to two posting titles of `function`, each cited from a page that shows it."""
    found = []
    for posting in postings:
        title = posting.get("title") if isinstance(posting, dict) else posting.title
        kind = posting.get("function") if isinstance(posting, dict) else posting.function
        if kind != function or not title:
            continue
        url = page_showing(title, pages)
        if url is None:
            url = (posting.get("url") if isinstance(posting, dict) else posting.url) or fallback
        if url:
            found.append(Evidence(url=url, quote=title))
        if len(found) == 2:
            break
    return found


def _role_changes(
    previous: dict[str, Any], current: AccountResult, pages: Sequence[PageRecord], day: str
) -> list[Signal]:
    before_hiring = previous.get("hiring") or {}
    readable = ("ok", "no_open_roles")
    if before_hiring.get("status") not in readable or current.hiring.status not in readable:
        return []
    before = before_hiring.get("by_function") or {}
    now = current.hiring.by_function or {}
    signals = []
    for function in sorted(set(before) | set(now)):
        old, new = int(before.get(function) or 0), int(now.get(function) or 0)
        if abs(new - old) < ROLE_CHANGE_MIN:
            continue
        if new > old:  # the new postings, as read now
            evidence = _posting_evidence(current.hiring.postings, function, pages,
                                         current.hiring.board_url)  # fmt: skip
        else:  # the postings that closed, as the earlier research quoted them
            evidence = _posting_evidence(before_hiring.get("postings") or [], function, (),
                                         before_hiring.get("board_url"))  # fmt: skip
        if not evidence:
            continue
        direction = "up" if new > old else "down"
        signals.append(Signal(
            type="open_roles_change", date=day,
            summary=f"Open {function.replace('_', ' ')} roles {direction}: {old} → {new} "
                    f"(e.g. {evidence[0].quote})",
            evidence=evidence,
        ))  # fmt: skip
    return signals


def change_signals(
    previous: dict[str, Any] | None,
    current: AccountResult,
    pages: Sequence[PageRecord],
    day: date,
) -> list[Signal]:
    """Return the change signals between a stored record and a fresh result.

    `pages` are the pages read this time (a technology is dropped only from a page re-read).
    """
    if previous is None or previous.get("status") == "error" or current.status == "error":
        return []
    read_urls = {p.final_url or p.url for p in pages if p.text and not p.error}
    stamp = day.isoformat()
    return [
        *_technology_changes(previous, current, read_urls, stamp),
        *_headcount_change(previous, current, stamp),
        *_funding_change(previous, current, stamp),
        *_role_changes(previous, current, pages, stamp),
    ]
