"""PII redaction: e-mails, phone numbers and person names become placeholders.

Used before any note text leaves the machine for an LLM endpoint; the local store keeps the
original quotes, and `Redaction.restore` maps placeholders in an answer back to the original
words so its quotes can be verified against the note.

Method:
- e-mail addresses: `local@domain.tld` → `[EMAIL_n]`;
- phone numbers: digit groups with separators, `+country` codes or `(area)` codes, 7 to 15
  digits in all → `[PHONE_n]`; dates (2024-03-01, 03/01/2024), money ($40,000), years and
  percentages are left alone;
- person names → `[PERSON_n]`, from three sources: names the caller knows (speaker labels
  such as `Dana Whitfield:`, front matter `interviewer: ...`), names after a cue ("I'm Jane",
  "my name is", "spoke with", "Hi Jane", "Mr./Ms./Dr."), and capitalized first + last name pairs
  followed by a job title ("Dana Whitfield, VP Sales", "Raj Patel (CFO)"). Every name found is
  then redacted wherever it occurs, also as its first or last name alone.
- Each distinct original string gets its own placeholder, so `restore` is exact.

Limits: names mentioned without any cue (a bare "Priya said ..." never introduced) and names
written in lower case are not found; a capitalized non-name after a cue ("I'm Canadian") is
over-redacted; addresses, account numbers and other identifiers are not handled.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from tools.notes.read import NoteDocument
from tools.notes.speakers import label_role

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
_PHONE = re.compile(
    r"(?<![\w$€£.,/-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?"
    r"\d{2,4}(?:[ .-]\d{2,5}){1,4}(?![\w%/-])"
)
_DATE = re.compile(r"^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$")
_WORD = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?"
_NAME = rf"{_WORD}(?:\s+(?:(?:van|von|de|da|del|der|di|le|la|bin|al)\s+)?{_WORD}){{0,2}}"
_CUED = re.compile(
    r"(?:\b(?:I'm|I’m|I am|[Mm]y name is|[Tt]his is|[Cc]all me|[Nn]ame's|[Ss]poke with|[Ss]poke to|"
    r"[Tt]alked (?:to|with)|[Ss]peaking (?:to|with)|[Mm]et with|[Ii]nterview(?:ed)? with|"
    r"[Ii]nterviewed|[Aa]sk for|[Rr]each out to|[Hh]i|[Hh]ello|[Hh]ey|[Dd]ear|[Tt]hanks|"
    r"[Tt]hank you|[Ii]ntroduced (?:me )?to|[Cc]ontact(?: person)?:|[Nn]ame:|[Ii]nterviewee:|"
    r"[Pp]ing|[Cc]c:?|[Aa]ssistant|[Cc]olleague|[Cc]oworker|[Bb]oss|[Mm]anager|[Pp]artner)"
    r"|(?:Mr|Ms|Mrs|Mx|Dr|Prof)\.?)"
    rf"\s+(?P<name>{_NAME})"
)
_TITLE = (
    r"(?:VP|SVP|EVP|Vice President|Head|Director|Manager|Lead|CEO|CFO|CRO|CMO|COO|CTO|CIO|CISO|"
    r"Founder|Co-?founder|Owner|President|Chief|Senior|Sr\.?|Analyst|Engineer|Consultant|"
    r"Account Executive|AE|SDR|BDR|RevOps|Partner|Principal|Associate|Coordinator|Specialist)"
)
_TITLED = re.compile(
    rf"(?P<name>{_WORD}\s+{_WORD})\s*(?:,|\(|-|–|—|is)\s*(?:(?:our|the|their|my|a|an)\s+)?{_TITLE}\b"
)
# Capitalized words that follow the cues above without being names.
_NOT_NAMES = frozenset(
    """I Im So Not Just Really Sure Happy Glad Going Here There The A An It This That We You
    They He She Yes No Ok Okay Well Also And But Or Actually Honestly Basically Totally Still
    Good Great Fine Sorry Thanks Thank Hello Hi Hey Dear Everyone All Team Folks Guys There
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December Q1 Q2 Q3 Q4 Interviewer Customer
    Speaker Salesforce HubSpot Excel Google Slack Zoom Notion Outreach Gong Our My Your Their
    His Her What How Why When Where Who Which Do Does Did Is Are Was Were Can Could Would Will
    Should Um Uh Yeah Right Exactly Absolutely Definitely Probably Maybe Currently Today Now
    Then Like Oh Of In On At For To With From By If As Because Since Head Director Manager
    Chief Senior Founder President Lead Principal Partner Owner Vice New Old""".split()
)


@dataclass
class Redaction:
    """Redacted text and the placeholder → original map (kept locally, never sent)."""

    text: str
    replacements: dict[str, str] = field(default_factory=dict)

    def restore(self, text: str) -> str:
        """Return `text` with every placeholder replaced by the original it stands for."""
        if not self.replacements:
            return text
        pattern = re.compile("|".join(re.escape(p) for p in self.replacements))
        return pattern.sub(lambda m: self.replacements[m.group(0)], text)


def find_names(text: str, known: Iterable[str] = ()) -> set[str]:
    """Return the person names in `text`: the `known` ones, cued ones and titled pairs."""
    names = {n.strip() for n in known if n and n.strip()}
    for pattern in (_CUED, _TITLED):
        for match in pattern.finditer(text):
            words = match.group("name").split()
            while words and words[-1] in _NOT_NAMES:
                words.pop()
            if words and words[0] not in _NOT_NAMES:
                names.add(" ".join(words))
    parts: set[str] = set()
    for name in names:
        words = name.split()
        if len(words) > 1:  # later mentions use the first or the last name alone
            parts.update(w for w in (words[0], words[-1]) if len(w) > 1 and w not in _NOT_NAMES)
    return names | parts


def _is_phone(candidate: str) -> bool:
    digits = sum(ch.isdigit() for ch in candidate)
    if not 7 <= digits <= 15 or _DATE.match(candidate):
        return False
    if candidate.startswith(("+", "(")) or digits >= 10:
        return True
    return bool(re.fullmatch(r"\d{3}[-.]\d{4}", candidate))


def redact(text: str, names: Iterable[str] = ()) -> Redaction:
    """Replace e-mails, phone numbers and person names in `text` with placeholders."""
    replacements: dict[str, str] = {}
    by_original: dict[tuple[str, str], str] = {}

    def placeholder(kind: str, original: str) -> str:
        key = (kind, original)
        if key not in by_original:
            count = sum(1 for k in by_original if k[0] == kind) + 1
            by_original[key] = f"[{kind}_{count}]"
            replacements[by_original[key]] = original
        return by_original[key]

    text = _EMAIL.sub(lambda m: placeholder("EMAIL", m.group(0)), text)
    text = _PHONE.sub(
        lambda m: placeholder("PHONE", m.group(0)) if _is_phone(m.group(0)) else m.group(0), text
    )
    found = sorted(find_names(text, names), key=len, reverse=True)
    if found:
        pattern = re.compile(r"(?<![\w\[])(?:" + "|".join(map(re.escape, found)) + r")(?![\w\]])")
        text = pattern.sub(lambda m: placeholder("PERSON", m.group(0)), text)
    return Redaction(text, replacements)


def note_names(note: NoteDocument) -> set[str]:
    """Return the people a note names in its speaker labels and front matter."""
    names = {
        u.speaker
        for u in note.utterances
        if u.speaker and label_role(u.speaker) is None and not re.search(r"\d", u.speaker)
    }
    for key in ("interviewer", "interviewee", "customer", "contact", "attendees", "name"):
        names.update(n.strip() for n in re.split(r"[,;&]| and ", note.meta.get(key, "")))
    return {n for n in names if n}


def redact_note(note: NoteDocument) -> Redaction:
    """Redact a note's text with the names its labels and front matter give."""
    return redact(note.text, note_names(note))


def redact_transcript(note: NoteDocument) -> Redaction:
    """Return the note as `role: text` lines (no names in labels), redacted, for a prompt.

    Quotes an LLM returns from it go through `Redaction.restore` and then
    `agent.interviews.index.ground`, which keeps only the customer's verbatim words.
    """
    lines = [f"{u.role}: {u.text}" for u in note.utterances]
    return redact("\n".join(lines), note_names(note))
