"""Interview notes of accounts: load a folder, assess every note, merge each account's needs.

Mapping (public contract): a note belongs to the account whose domain its file name starts with
(`acme.com_2024-03-01_discovery.md`) or that a front-matter line names (`account: acme.com`;
front matter wins when both are present); other notes count in the cross-account synthesis
only. Sub-folders are read too; a note is cited by its path relative to the notes folder.

An assessment comes from a `NeedsExtractor` (the rule-based `tools.notes.pains.RuleNeedsExtractor`
by default; `NotesIndex.load_async` takes an `AsyncNeedsExtractor` such as the LLM-backed
`agent.interviews.llm.LLMNeedsExtractor`). Whatever produced it, `ground` keeps only
quotes that occur (normalized) in the note's text *and* in the customer's or an unknown
speaker's words, and drops items left without a quote — so an extractor can never cite the
interviewer, another file, or words nobody wrote.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from agent.accounts import normalize_domain
from agent.errors import InputError, NoteError
from agent.models import Needs, Pain, Quote
from tools.evidence import normalize_text
from tools.notes.need_signals import Signal
from tools.notes.pain_lexicon import CATEGORY_KEYS
from tools.notes.pains import Assessment, RuleNeedsExtractor
from tools.notes.read import SUPPORTED_SUFFIXES, NoteDocument, read_note

log = logging.getLogger("icp.interviews")

MAX_QUOTES = 5
"""Quotes kept per merged item (spread over the account's interviews)."""
_SEVERITY_RANK = {"critical": 0, "important": 1, "nice-to-have": 2}
_LONG_TLDS = frozenset(
    """com net org io ai app dev tech info biz xyz cloud health finance software systems solutions
    agency digital online site store shop global group company services network media studio works
    tools capital ventures partners consulting inc llc ltd gmbh bank insurance energy care legal
    law edu gov travel money security""".split()
)
_NAME_DOMAIN = re.compile(
    r"^((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,63}))(?=[_\s.~-]|$)"
)
_SIGNAL_FIELDS = ("current_tools", "triggers", "objections")
_NoteOfAccount = tuple[NoteDocument, str | None]


class NeedsExtractor(Protocol):
    """Anything that turns one parsed note into an `Assessment` (rules, an LLM ...)."""

    method: str

    def assess(self, note: NoteDocument, account: str | None = None) -> Assessment:
        """Return the needs assessment of one note; every item must carry quotes."""


class AsyncNeedsExtractor(Protocol):
    """An extractor that awaits a remote model (see `agent.interviews.llm.LLMNeedsExtractor`)."""

    method: str

    async def assess_async(self, note: NoteDocument, account: str | None = None) -> Assessment:
        """Return the needs assessment of one note; every item must carry quotes."""


def domain_in_name(file_name: str) -> str | None:
    """Return the domain a note's file name starts with (`acme.com_call.md` → acme.com)."""
    stem = Path(file_name).name.lower()
    suffix = Path(stem).suffix
    if suffix in SUPPORTED_SUFFIXES:
        stem = stem[: -len(suffix)]
    match = _NAME_DOMAIN.match(stem)
    if not match:
        return None
    tld = match.group(2)
    if len(tld) > 2 and tld not in _LONG_TLDS:
        return None  # "meeting.notes_x.md" is not a domain
    return normalize_domain(match.group(1))


def account_of(file_name: str, meta: dict[str, str]) -> tuple[str | None, str | None]:
    """Return (account domain or None, a problem to report or None) for one note."""
    declared = next((meta[k] for k in ("account", "domain", "company_domain") if meta.get(k)), None)
    if declared:
        domain = normalize_domain(declared)
        if domain:
            return domain, None
        problem = f"front matter names account {declared!r}, which is not a domain"
        return domain_in_name(file_name), problem
    return domain_in_name(file_name), None


def note_files(notes_dir: Path) -> list[Path]:
    """Return every file under `notes_dir` except hidden ones and Office lock files."""
    return sorted(
        path
        for path in notes_dir.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(notes_dir).parts)
        and not path.name.startswith("~$")
    )


class _Verifier:
    """`tools.evidence.quote_occurs` against one note, with the note normalized only once."""

    def __init__(self, note: NoteDocument):
        self.file = note.file
        self.text = normalize_text(note.text)
        # NUL never survives normalization of a quote, so no quote spans two utterances.
        self.customer_words = "\0".join(normalize_text(t) for t in note.evidence_texts())

    def keep(self, quotes: list[Quote]) -> list[Quote]:
        kept = []
        for quote in quotes:
            needle = normalize_text(quote.quote)
            if needle and quote.file == self.file and needle in self.text:
                if needle in self.customer_words and "\0" not in needle:
                    kept.append(quote)
        return kept


def ground(assessment: Assessment, note: NoteDocument) -> Assessment:
    """Return the assessment with unverifiable quotes, and items left without one, removed."""
    verifier = _Verifier(note)
    grounded = assessment.model_copy(deep=True)
    before = _quote_count(grounded)
    grounded.pains = [
        pain.model_copy(update={"quotes": quotes})
        for pain in grounded.pains
        if pain.category in CATEGORY_KEYS and (quotes := verifier.keep(pain.quotes))
    ]
    for name in (*_SIGNAL_FIELDS, "desired_outcomes", "decision_process", "budget", "timeline"):
        signals: list[Signal] = getattr(grounded, name)
        setattr(grounded, name, [
            s.model_copy(update={"quotes": quotes})
            for s in signals
            if (quotes := verifier.keep(s.quotes))
        ])  # fmt: skip
    dropped = before - _quote_count(grounded)
    if dropped:
        grounded.warnings.append(
            f"{dropped} quote(s) dropped: not found in the customer's words in this note"
        )
    return grounded


def _quote_count(assessment: Assessment) -> int:
    items: list[Any] = list(assessment.pains)
    for name in (*_SIGNAL_FIELDS, "desired_outcomes", "decision_process", "budget", "timeline"):
        items.extend(getattr(assessment, name))
    return sum(len(item.quotes) for item in items)


def _spread(quote_lists: Iterable[list[Quote]], limit: int = MAX_QUOTES) -> list[Quote]:
    """Interleave quotes of several interviews so each one is represented; drop duplicates."""
    queues = [list(q) for q in quote_lists]
    picked: dict[str, Quote] = {}
    while queues and len(picked) < limit:
        for queue in queues:
            if queue and len(picked) < limit:
                quote = queue.pop(0)
                picked.setdefault(f"{quote.file}\n{quote.quote}", quote)
        queues = [q for q in queues if q]
    return list(picked.values())


def _merge_signals(assessments: list[Assessment], name: str) -> list[dict[str, Any]]:
    groups: dict[tuple, list[Signal]] = {}
    for assessment in assessments:
        for signal in getattr(assessment, name):
            groups.setdefault((signal.kind, signal.text.casefold()), []).append(signal)
    merged = [
        {
            "text": signals[0].text,
            "kind": signals[0].kind,
            "interviews": len({q.file for s in signals for q in s.quotes}),
            "quotes": [q.model_dump() for q in _spread(s.quotes for s in signals)],
        }
        for signals in groups.values()
    ]
    return sorted(merged, key=lambda item: (-item["interviews"], item["text"].casefold()))


def _summary(assessments: list[Assessment], name: str) -> dict[str, Any] | None:
    signals = [s for a in assessments for s in getattr(a, name)]
    if not signals:
        return None
    texts = list(dict.fromkeys(s.text for s in signals))
    summary: dict[str, Any] = {
        "text": "; ".join(texts),
        "quotes": [q.model_dump() for q in _spread(s.quotes for s in signals)],
    }
    if name == "decision_process":
        roles = {(s.text.casefold(), s.kind): s.text for s in signals if s.kind != "step"}
        summary["roles"] = [{"role": text, "kind": kind} for (_, kind), text in roles.items()]
        summary["steps"] = list(
            dict.fromkeys(s.text.casefold() for s in signals if s.kind == "step")
        )
    elif name == "budget":
        summary["amounts"] = list(dict.fromkeys(s.text for s in signals if s.kind == "amount"))
    elif name == "timeline":
        summary["urgent"] = any(s.kind == "urgent" for s in signals)
    return summary


def merge_needs(assessments: list[Assessment]) -> Needs:
    """Merge the assessments of one account's interviews into the contract's `needs`."""
    by_category: dict[str, list[Pain]] = {}
    for assessment in assessments:
        for pain in assessment.pains:
            by_category.setdefault(pain.category, []).append(pain)
    pains = []
    for category, found in by_category.items():
        found.sort(key=lambda p: _SEVERITY_RANK[p.severity])
        pains.append(
            Pain(
                pain=found[0].pain,
                category=category,
                severity=found[0].severity,
                quotes=_spread(p.quotes for p in found),
            )
        )
    pains.sort(key=lambda p: (_SEVERITY_RANK[p.severity], -len(p.quotes), p.category))
    return Needs(
        interviews=len(assessments),
        pains=pains,
        current_tools=_merge_signals(assessments, "current_tools"),
        triggers=_merge_signals(assessments, "triggers"),
        objections=_merge_signals(assessments, "objections"),
        desired_outcomes=_merge_signals(assessments, "desired_outcomes"),
        decision_process=_summary(assessments, "decision_process"),
        budget=_summary(assessments, "budget"),
        timeline=_summary(assessments, "timeline"),
    )


@dataclass
class NotesIndex:
    """Every usable note of a folder, its assessment, and which account it belongs to."""

    notes_dir: Path
    notes: dict[str, NoteDocument] = field(default_factory=dict)
    assessments: dict[str, Assessment] = field(default_factory=dict)
    """Per note (relative path), the grounded assessment."""
    problems: list[str] = field(default_factory=list)
    """Files skipped or partly used, each as `file: reason`."""

    @classmethod
    def load(cls, notes_dir: str | Path, extractor: NeedsExtractor | None = None) -> NotesIndex:
        """Read and assess every note under `notes_dir`; bad files go to `problems`."""
        extractor = extractor or RuleNeedsExtractor()
        index, notes = cls._read(notes_dir)
        for note, account in notes:
            try:
                assessment = extractor.assess(note, account)
            except Exception as exc:  # one note never stops the others
                index._failed(note, exc)
                continue
            index.add(note, assessment.model_copy(update={"account": account}))
        return index

    @classmethod
    async def load_async(cls, notes_dir: str | Path, extractor: AsyncNeedsExtractor) -> NotesIndex:
        """Read every note under `notes_dir` and assess them concurrently (an LLM extractor)."""
        index, notes = cls._read(notes_dir)

        async def assess(note: NoteDocument, account: str | None) -> Assessment | Exception:
            try:
                return await extractor.assess_async(note, account)
            except Exception as exc:  # one note never stops the others
                return exc

        results = await asyncio.gather(*(assess(note, account) for note, account in notes))
        for (note, account), result in zip(notes, results, strict=True):
            if isinstance(result, Exception):
                index._failed(note, result)
            else:
                index.add(note, result.model_copy(update={"account": account}))
        return index

    @classmethod
    def _read(cls, notes_dir: str | Path) -> tuple[NotesIndex, list[_NoteOfAccount]]:
        """Return an empty index (with reading problems) and the readable notes with accounts."""
        root = Path(notes_dir)
        if not root.is_dir():
            raise InputError(f"{root}: notes folder not found")
        index = cls(notes_dir=root)
        notes = []
        for path in note_files(root):
            file = path.relative_to(root).as_posix()
            try:
                note = read_note(path, file)
            except NoteError as exc:
                index.problems.append(f"{file}: skipped: {exc}")
                continue
            account, problem = account_of(file, note.meta)
            if problem:
                index.problems.append(f"{file}: {problem}")
            notes.append((note, account))
        return index, notes

    def _failed(self, note: NoteDocument, exc: Exception) -> None:
        log.error("assessing %s failed", note.file, exc_info=exc)
        self.problems.append(f"{note.file}: skipped: assessment failed ({exc})")

    def add(self, note: NoteDocument, assessment: Assessment) -> None:
        """Add one note with its assessment (grounded here, whoever produced it)."""
        self.notes[note.file] = note
        self.assessments[note.file] = grounded = ground(assessment, note)
        self.problems.extend(f"{note.file}: {warning}" for warning in grounded.warnings)

    def accounts(self) -> list[str]:
        """Return the domains that have at least one note."""
        return sorted({a.account for a in self.assessments.values() if a.account})

    def files_for(self, domain: str) -> list[str]:
        """Return the notes of one account, in file order."""
        key = normalize_domain(domain) or domain.strip().lower()
        return sorted(f for f, a in self.assessments.items() if a.account == key)

    def needs_for(self, domain: str) -> Needs | None:
        """Return the merged needs of the account's interviews, or None without notes."""
        files = self.files_for(domain)
        if not files:
            return None
        return merge_needs([self.assessments[f] for f in files])
