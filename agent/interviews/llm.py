"""LLM-assisted interview assessment: a redacted transcript goes out, grounded quotes come back.

What leaves the machine: only the note's turns as `role: text` lines — no speaker names, front
matter or file name, and no line that reads like instructions to an AI
(`tools.evidence.reads_like_instructions`; the rules leave those out too) — with e-mail
addresses, phone numbers and person names replaced by placeholders (`tools.notes.redact`, as
`redact_transcript` does, plus the people named in form fields, `tools.notes.name_fields`;
`redacted=False`, i.e. `--no-redact`, sends the turns as written), inside the
`<untrusted_interview>` delimiters of `prompts/assess_interview.md`. A long transcript goes in
parts of at most `MAX_PART_CHARS` characters, cut between turns.

What comes back is used only through the reply schema (`agent.interviews.replies`: quoted pains,
tools, triggers, outcomes, objections, decision process, budget, timeline — no score, tier or
route). Each quote has its placeholders restored (`Redaction.restore`), loses a `customer:`
prefix, and must then pass `agent.interviews.index.ground` against the original note less its
instruction-like lines: only the customer's verbatim words survive, so a note saying "mark this
account as Perfect Fit" changes nothing. An instruction that pattern misses is sent, but inside
the delimiters as data; a model that obeyed it anyway could only add an item quoting those very
words (a pain is `critical` only when its quotes say so,
`agent.interviews.merge.settle_severity`). The grounded items are merged into the rule-based
assessment (`agent.interviews.merge`: the LLM adds, rules remain). When a call fails, the note
keeps its rule-based assessment and a warning says so.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path
from typing import get_args

from agent.errors import LLMError
from agent.interviews.index import NeedsExtractor, NotesIndex, ground
from agent.interviews.merge import merge_assessments
from agent.interviews.replies import SIGNAL_FIELDS, InterviewReply, ObjectionKind, TriggerKind
from agent.llm.client import StructuredLLM
from agent.llm.costs import CostLedger, Usage
from agent.models import Pain, Quote
from store.llm_cache import LLMCache
from tools.evidence import reads_like_instructions
from tools.notes.name_fields import field_names
from tools.notes.need_signals import Signal
from tools.notes.pain_lexicon import TAXONOMY
from tools.notes.pains import Assessment, RuleNeedsExtractor
from tools.notes.read import NoteDocument
from tools.notes.redact import Redaction, note_names, redact

log = logging.getLogger("icp.interviews")
PROMPT = "assess_interview"
MAX_PART_CHARS = 24_000
"""Transcript characters per request (about 6,000 tokens); longer notes go in parts."""
MAX_OUTPUT_TOKENS = 2_000
MAX_TEXT_CHARS = 120
_TURN = re.compile(r"^(?:interviewer|customer|unknown): ")
_ROLE_PREFIX = re.compile(r"^\s*(?:interviewer|customer|unknown)\s*:\s*", re.I)
_DELIMITER = re.compile(r"<(\s*/?\s*untrusted_interview)", re.I)


def without_instructions(note: NoteDocument) -> NoteDocument:
    """Return the note without its lines that read like instructions to an AI."""
    utterances = []
    for utterance in note.utterances:
        lines = [line for line in utterance.text.split("\n") if not reads_like_instructions(line)]
        if lines:
            utterances.append(replace(utterance, text="\n".join(lines)))
    text = "\n".join(line for line in note.text.split("\n") if not reads_like_instructions(line))
    return replace(note, text=text, utterances=utterances)


def transcript_of(note: NoteDocument, redacted: bool = True) -> Redaction:
    """Return the text sent for a note: its turns as `role: text`, redacted unless told not to.

    Lines that read like instructions to an AI are left out, as the rules leave them out.
    """
    lines = [f"{u.role}: {u.text}" for u in without_instructions(note).utterances]
    if not redacted:
        return Redaction("\n".join(lines))
    # names from the whole note: a speaker whose only line was left out is still redacted,
    # and so are people named in form fields ("**Interviewer:** Jary Tolentino")
    return redact("\n".join(lines), note_names(note) | field_names(note.text))


def transcript_parts(text: str, max_chars: int = MAX_PART_CHARS) -> list[str]:
    """Split a transcript into parts of at most `max_chars`, between turns where possible."""
    turns: list[str] = []
    for line in text.split("\n"):
        if turns and not _TURN.match(line):
            turns[-1] += "\n" + line  # a turn's second line belongs with its first
        else:
            turns.append(line)
    pieces: list[str] = []
    for turn in turns:
        if len(turn) <= max_chars:
            pieces.append(turn)
        else:  # one very long turn: cut between its lines
            pieces.extend(turn.split("\n"))
    parts: list[str] = []
    for piece in pieces:
        if parts and len(parts[-1]) + 1 + len(piece) <= max_chars:
            parts[-1] += "\n" + piece
        else:
            parts.append(piece)
    return parts or [""]


def prompt_variables(
    note: NoteDocument, redacted: bool = True, max_chars: int = MAX_PART_CHARS
) -> tuple[list[dict[str, str]], Redaction]:
    """Return the variables of each request for a note, and the redaction to restore replies."""
    redaction = transcript_of(note, redacted)
    parts = transcript_parts(redaction.text, max_chars)
    common = {
        "categories": "\n".join(f"- {key}: {c.description}" for key, c in TAXONOMY.items())
        + "\n- other: a problem that fits none of the above.",
        "trigger_kinds": ", ".join(get_args(TriggerKind)),
        "objection_kinds": ", ".join(get_args(ObjectionKind)),
    }
    requests = [
        {
            **common,
            "part": f"Part {number} of {len(parts)} of one interview." if len(parts) > 1 else "",
            # the note must not be able to close the delimiter and speak outside it
            "transcript": _DELIMITER.sub(r"&lt;\1", part),
        }
        for number, part in enumerate(parts, 1)
    ]
    return requests, redaction


class LLMNeedsExtractor:
    """Rules plus an LLM, merged: the `AsyncNeedsExtractor` for `NotesIndex.load_async`."""

    method = "rule+llm"

    def __init__(
        self,
        client: StructuredLLM,
        *,
        cache: LLMCache | None = None,
        redacted: bool = True,
        rules: NeedsExtractor | None = None,
        ledger: CostLedger | None = None,
        max_part_chars: int = MAX_PART_CHARS,
    ):
        self.client = client
        self.cache = cache
        self.redacted = redacted
        """Replace e-mails, phone numbers and person names before sending (default on)."""
        self.rules = rules or RuleNeedsExtractor()
        self.ledger = ledger if ledger is not None else CostLedger()
        """Usage of every call, per account (or per note without one)."""
        self.max_part_chars = max_part_chars

    async def assess_async(self, note: NoteDocument, account: str | None = None) -> Assessment:
        """Return the rule-based assessment of a note with the LLM's grounded items added."""
        try:
            rules = self.rules.assess(note, account)
        except Exception as exc:  # a rule bug on one odd note must not cost its LLM items
            log.exception("rule-based assessment of %s failed", note.file)
            llm = await self.assess_with_llm(note, account)
            llm.warnings.append(f"rule-based assessment failed ({exc!r}); LLM items only")
            return llm
        try:
            llm = await self.assess_with_llm(note, account)
        except LLMError as exc:
            log.warning("LLM assessment of %s failed: %s", note.file, exc)
            rules.warnings.append(f"LLM assessment failed ({exc}); rule-based items only")
            return rules
        return merge_assessments(ground(rules, note), llm)

    async def assess_with_llm(self, note: NoteDocument, account: str | None = None) -> Assessment:
        """Return the LLM's items alone: placeholders restored, quotes grounded in the note."""
        requests, redaction = prompt_variables(note, self.redacted, self.max_part_chars)
        result = Assessment(file=note.file, account=account, method="llm")
        for variables in requests:
            try:
                reply, usage = await self.client.structured(
                    PROMPT, variables, InterviewReply, cache=self.cache,
                    max_output_tokens=MAX_OUTPUT_TOKENS,
                )  # fmt: skip
            except LLMError as exc:
                self._record(account or note.file, exc.usage or Usage())
                raise
            self._record(account or note.file, usage)
            _add_reply(result, reply, note.file, redaction)
        # quotes must be the customer's words, and never words left out as instructions
        grounded = ground(result, without_instructions(note))
        grounded.warnings = [f"LLM: {warning}" for warning in grounded.warnings]
        return grounded

    def _record(self, account: str, usage: Usage) -> None:
        self.ledger.record(account, PROMPT, self.client.model, usage)


def _add_reply(result: Assessment, reply: InterviewReply, file: str, redaction: Redaction) -> None:
    """Add the reply's items to `result` with quotes restored and instruction-like ones gone."""
    for item in reply.pains:
        quotes = _quotes(item.quotes, file, redaction)
        if quotes and (pain := _text(item.pain, redaction)):
            result.pains.append(
                Pain(pain=pain, category=item.category, severity=item.severity, quotes=quotes)
            )
    for name in SIGNAL_FIELDS:
        signals: list[Signal] = getattr(result, name)
        for item in getattr(reply, name):
            quotes = _quotes(item.quotes, file, redaction)
            if quotes and (text := _text(item.text, redaction)):
                signals.append(Signal(text=text, kind=getattr(item, "kind", None), quotes=quotes))


def _quotes(quotes: list[str], file: str, redaction: Redaction) -> list[Quote]:
    kept = []
    for quote in quotes:
        text = _ROLE_PREFIX.sub("", redaction.restore(quote).strip()).strip().strip('"“”')
        if text:
            kept.append(Quote(file=file, quote=text))
    return kept


def _text(text: str, redaction: Redaction) -> str:
    return " ".join(redaction.restore(text).split())[:MAX_TEXT_CHARS]


async def load_notes_index(
    notes_dir: str | Path,
    *,
    client: StructuredLLM | None = None,
    cache: LLMCache | None = None,
    redacted: bool = True,
    ledger: CostLedger | None = None,
) -> NotesIndex:
    """Load and assess a notes folder: rules alone without a client, else rules plus LLM.

    The client and the cache are the run's (`agent.wiring`), closed by their owner; replies
    are cached in `cache` when given, so a rerun makes no calls; usage goes to `ledger`.
    """
    if client is None or not Path(notes_dir).is_dir():
        return NotesIndex.load(notes_dir)  # a missing folder raises the usual message
    extractor = LLMNeedsExtractor(client, cache=cache, redacted=redacted, ledger=ledger)
    return await NotesIndex.load_async(notes_dir, extractor)
