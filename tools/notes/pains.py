"""Rule-based needs assessment of one interview note: pains, severity and buying signals.

Only the customer's words are evidence: sentences of `customer` and `unknown` utterances (see
`tools.notes.speakers`); the interviewer's questions never are. Every item found carries the
sentence it came from as a verbatim quote and the note's file name.

Pain taxonomy (`tools.notes.pain_lexicon.TAXONOMY`: pipeline_generation, data_quality, lead_routing,
forecasting, tool_sprawl, manual_work, reporting, compliance, plus `other`). A sentence shows a
pain of a category when it contains one of the category's *pain* phrases (a problem by itself:
"dirty data", "by hand"), or one of its *topic* words within 35 characters of a general pain cue
(`PAIN_CUE`: "problem", "struggle", "can't", "hours" ...), or a topic word under a heading such
as "Pains:" or "Challenges". Pain language that fits no category is `other` when it is strong
(`STRONG_PAIN`: "frustrating", "biggest headache" ...); next to a categorized pain in the same
utterance ("Honestly it's a nightmare. Demo requests sit for days.") it joins that pain instead.
A sentence that denies a problem ("routing isn't an issue", "works fine") shows none.

In a short utterance (<= 5 sentences) a pain cue in one sentence cues the topic words of the
others. General pain language and severity statements without a category ("Honestly it's a
nightmare.", "I'd call it critical.") join the pains of the same utterance, else those of the
customer's previous utterance (the answer before the interviewer's follow-up question).

Severity, from the language of the quotes: `critical` when a quote says it is the biggest or an
urgent problem, costs deals, leads or money, is a nightmare or broken (`CRITICAL`);
`nice-to-have` when it is minor, would be nice, not a priority or "next year's problem" (`NICE`)
and no quote is critical; `important` when the quotes state no severity.

Current tools, triggers, desired outcomes, objections, decision process, budget and timeline are
in `tools.notes.current_tools` and `tools.notes.need_signals`. A line that looks like
instructions to an AI ("ignore your instructions ...", `tools.evidence.reads_like_instructions`)
is reported in `Assessment.warnings` and never quoted or used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

from pydantic import BaseModel
from pydantic import Field as PydanticField

from agent.models import Pain, Quote, Severity
from tools.evidence import reads_like_instructions
from tools.notes.current_tools import tool_signals
from tools.notes.need_signals import (
    Signal,
    add_signal,
    decision_signals,
    money_signals,
    objection_signals,
    outcome_signals,
    people_titles,
    timeline_signals,
    trigger_signals,
)
from tools.notes.note_segments import Utterance
from tools.notes.pain_lexicon import (
    CRITICAL,
    NEGATED,
    NICE,
    OTHER,
    PAIN_CUE,
    PRIORITY_CUE,
    STRONG_PAIN,
    TAXONOMY,
)
from tools.notes.read import NoteDocument
from tools.notes.sentences import Span, phrase_around, sentences

_PAIN_SECTION = re.compile(r"pain|problem|challenge|frustrat|struggle|issue|blocker|friction", re.I)
_SEVERITY_RANK = {"critical": 0, "important": 1, "nice-to-have": 2}


_NEGATION_BEFORE = re.compile(
    r"\b(?:not|isn'?t|aren'?t|wasn'?t|no|never|hardly)\s+(?:\w+\s+)?$", re.I
)


def explicit_severity(text: str) -> Severity | None:
    """Return the severity `text` states ("not urgent" is not critical), or None."""
    if any(not _NEGATION_BEFORE.search(text[: m.start()]) for m in CRITICAL.finditer(text)):
        return "critical"
    if NICE.search(text):
        return "nice-to-have"
    return None


def severity_of(text: str) -> Severity:
    """Return the severity the language of `text` expresses; `important` when it states none."""
    return explicit_severity(text) or "important"


def pain_categories(
    sentence: str, in_pain_section: bool = False, cued: bool = False
) -> list[tuple[str, Span, bool]]:
    """Return the pain categories `sentence` shows: (category, span, shown by a pain phrase).

    `cued`: pain language next to the sentence makes its topic words count (as a pains
    heading does, `in_pain_section`, which also lets any sentence be an `other` pain).
    """
    if NEGATED.search(sentence) or len(sentence.split()) < 3:
        return []
    cues = [m.span() for m in PAIN_CUE.finditer(sentence)]
    found = []
    for key, category in TAXONOMY.items():
        match = category.pain.search(sentence)
        intrinsic = match is not None
        if match is None:
            # A topic word counts only close to a pain cue (or under a "Pains" heading).
            match = next(
                (
                    topic
                    for topic in category.topic.finditer(sentence)
                    if in_pain_section or cued or any(_near(topic.span(), cue) for cue in cues)
                ),
                None,
            )
        if match:
            found.append((key, match.span(), intrinsic))
    if (
        not found
        and (STRONG_PAIN.search(sentence) or in_pain_section)
        and len(sentence.split()) >= 4
    ):
        match = STRONG_PAIN.search(sentence) or PAIN_CUE.search(sentence)
        found.append((OTHER, match.span() if match else (0, len(sentence)), bool(match)))
    return found


def _near(first: Span, second: Span, distance: int = 35) -> bool:
    return first[0] - second[1] <= distance and second[0] - first[1] <= distance


class Assessment(BaseModel):
    """What one interview note says about the customer's needs (every item quoted)."""

    file: str
    account: str | None = None
    method: str = "rule"
    roles: dict[str, int] = PydanticField(default_factory=dict)
    """How many utterances each role has (interviewer, customer, unknown)."""
    pains: list[Pain] = PydanticField(default_factory=list)
    current_tools: list[Signal] = PydanticField(default_factory=list)
    triggers: list[Signal] = PydanticField(default_factory=list)
    desired_outcomes: list[Signal] = PydanticField(default_factory=list)
    objections: list[Signal] = PydanticField(default_factory=list)
    decision_process: list[Signal] = PydanticField(default_factory=list)
    budget: list[Signal] = PydanticField(default_factory=list)
    timeline: list[Signal] = PydanticField(default_factory=list)
    warnings: list[str] = PydanticField(default_factory=list)


@dataclass
class _Found:
    """Quotes of one category while a note is read."""

    category: str
    quotes: list[tuple[Severity | None, int, str, Quote]] = field(default_factory=list)
    """(explicit severity, 0 pain phrase / 1 topic word / 2 nearby pain language, phrase, quote)."""

    def pain(self) -> Pain:
        severities = {severity for severity, _, _, _ in self.quotes}
        # Explicit language wins: any "critical" quote makes it critical, a "minor" or "next
        # year's problem" one (and none critical) nice-to-have; otherwise it is important.
        severity: Severity = next(
            (s for s in ("critical", "nice-to-have") if s in severities), "important"
        )
        ranked = sorted(self.quotes, key=lambda q: (q[0] != severity, q[1]))
        phrase = next((phrase for _, kind, phrase, _ in ranked if kind < 2), ranked[0][2])
        unique = {quote.quote: quote for _, _, _, quote in reversed(ranked)}
        return Pain(pain=phrase, category=self.category, severity=severity,
                    quotes=list(unique.values())[::-1])  # fmt: skip


# (sentence, section) -> [(signal text, kind)]
Finder = Callable[[str, str], Sequence[tuple[str, str | None]]]
_FINDERS: tuple[tuple[str, Finder], ...] = (
    ("current_tools", tool_signals), ("triggers", trigger_signals),
    ("desired_outcomes", outcome_signals), ("objections", objection_signals),
    ("decision_process", decision_signals), ("budget", money_signals),
    ("timeline", timeline_signals),
)  # fmt: skip


def _lines(utterance: Utterance, warnings: list[str]) -> list[str]:
    """Return the utterance's lines, leaving out (and reporting) instruction-like ones."""
    kept = []
    for line in utterance.text.split("\n"):
        if reads_like_instructions(line):
            warnings.append(
                f"line {utterance.line}: text that reads like instructions to an AI was "
                "treated as data and not used"
            )
        else:
            kept.append(line)
    return kept


def _utterance_pains(
    utterance: Utterance, lines: list[str], file: str, pains: dict[str, _Found], previous: set[str]
) -> set[str]:
    """Add the pains of one utterance; return its categories."""
    found_sentences = [s for line in lines for s in sentences(line)]
    in_pain_section = bool(_PAIN_SECTION.search(utterance.section or ""))
    # In a short utterance, pain language in one sentence ("Inbound routes on a flow that
    # assigns by state. It's embarrassing.") cues the topic words of the others.
    cue_sentences = [i for i, s in enumerate(found_sentences) if PAIN_CUE.search(s)]
    general: list[tuple[Severity | None, Quote, bool]] = []
    categories: set[str] = set()
    for index, sentence in enumerate(found_sentences):
        quote = Quote(file=file, quote=sentence)
        severity = explicit_severity(sentence)
        cued = bool(PRIORITY_CUE.search(sentence)) or (
            len(found_sentences) <= 5 and any(i != index for i in cue_sentences)
        )
        found = pain_categories(sentence, in_pain_section, cued)
        for key, span, intrinsic in found:
            if key == OTHER:
                continue
            categories.add(key)
            pains.setdefault(key, _Found(key)).quotes.append(
                (severity, 0 if intrinsic else 1, phrase_around(sentence, span), quote)
            )
        if all(key == OTHER for key, _, _ in found) and (found or severity):
            general.append((severity, quote, bool(found)))
    # General pain language and severity statements ("Honestly it's a nightmare.", "I'd call
    # it critical.") belong to the pains of the same utterance, else of the one before when
    # they are pain language or a short severity statement (<= 8 words).
    for severity, quote, is_pain in general:
        short = len(quote.quote.split()) <= 8
        targets = categories or (previous if is_pain or short else set())
        if targets:
            for key in targets:
                pains.setdefault(key, _Found(key)).quotes.append((severity, 2, quote.quote, quote))
        elif is_pain:
            phrase = quote.quote.strip(" .!?\"'“”")
            pains.setdefault(OTHER, _Found(OTHER)).quotes.append((severity, 0, phrase, quote))
    return categories or ({OTHER} if any(is_pain for _, _, is_pain in general) else set())


def assess_note(note: NoteDocument, account: str | None = None) -> Assessment:
    """Assess one note with the documented rules; only customer/unknown words are used."""
    result = Assessment(file=note.file, account=account)
    for utterance in note.utterances:
        result.roles[utterance.role] = result.roles.get(utterance.role, 0) + 1
    pains: dict[str, _Found] = {}
    signal_lists: dict[str, dict] = {name: {} for name, _ in _FINDERS}
    previous: set[str] = set()
    finders = dict(_FINDERS)
    finders["decision_process"] = partial(decision_signals, people=people_titles(note.text))
    for utterance in note.utterances:
        if utterance.role == "interviewer":
            continue
        lines = _lines(utterance, result.warnings)
        previous = _utterance_pains(utterance, lines, note.file, pains, previous)
        for sentence in (s for line in lines for s in sentences(line)):
            quote = Quote(file=note.file, quote=sentence)
            for name, finder in finders.items():
                for text, kind in finder(sentence, utterance.section or ""):
                    add_signal(signal_lists[name], text, kind, quote)
    result.pains = sorted(
        (found.pain() for found in pains.values()),
        key=lambda p: (_SEVERITY_RANK[p.severity], -len(p.quotes), p.category),
    )
    for name, found in signal_lists.items():
        setattr(result, name, list(found.values()))
    return result


class RuleNeedsExtractor:
    """The deterministic `NeedsExtractor`: lexicon rules, no LLM, no network."""

    method = "rule"

    def assess(self, note: NoteDocument, account: str | None = None) -> Assessment:
        """Assess one note."""
        return assess_note(note, account)
