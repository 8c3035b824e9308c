"""Who is speaking in an interview note: speaker labels, layout cues and role inference.

Only the customer's words are evidence of the customer's pain, so every turn of a note gets a
role: `interviewer`, `customer` or `unknown` (unknown = nobody can tell, e.g. free notes, which
are the note-taker's account of what the customer said; they count as evidence).

How a role is decided, most trusted first:

1. A role label: `Interviewer:`, `Q:`, `Me:`, `I:` ... are the interviewer; `Customer:`, `A:`,
   `Interviewee:`, `Respondent:`, `R:` ... are the customer.
2. A person's label (`Jane Doe:`, `Speaker 2:`, WebVTT `<v Jane>`): front matter naming them
   (`interviewer: Jane`) decides; else, next to a role-labelled interviewer they are the customer;
   else the speaker whose turns are most often questions is the interviewer, the others
   customers; a lone named voice in notes ("Ben: ...") is `unknown` unless most of its turns
   are questions. A label inside a bullet item speaks for that item only.
3. Layout without a label: a whole-bold or block-quoted question, a question that starts with an
   interrogative word, or a bullet style whose items are mostly questions is the interviewer's.

Limits: a transcript where the customer asks as many questions as the interviewer leaves both
named speakers `unknown`; a name used only once as a label is not taken for a speaker.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

Role = Literal["interviewer", "customer", "unknown"]

INTERVIEWER_LABELS = frozenset(
    {
        "interviewer", "interviewers", "int", "i", "q", "question", "questions", "me", "us",
        "moderator", "host", "researcher", "facilitator", "rep", "seller", "ae", "sdr", "bdr",
        "csm",
    }
)  # fmt: skip
CUSTOMER_LABELS = frozenset(
    {
        "customer", "customers", "interviewee", "respondent", "participant", "prospect",
        "client", "user", "a", "answer", "answers", "guest", "buyer", "r", "them", "cust",
    }
)  # fmt: skip
# Words that end in a colon in notes but are not people ("Problem: ...", "Next steps: ...").
_NOT_SPEAKERS = frozenset(
    """note notes problem problems pain pains quote quotes key context summary takeaway next steps
    action items budget timeline tools tool stack date time location company account role title
    goal goals update result results current solution solutions money spent surprise reaction
    signal who what why how when where example examples pros cons concern concerns objection
    objections trigger triggers insight insights observation observations decision process
    follow-up referral bonus ps p.s attendees agenda background overview status step phase part
    day week month year today tomorrow yesterday monday tuesday wednesday thursday friday saturday
    sunday january february march april may june july august september october november december
    http https www tl;dr tldr fyi re subject from to cc bcc interview call meeting session
    source sources link links pricing price cost costs risk risks need needs want wants idea
    ideas feedback issue issues challenge challenges workaround workarounds priority priorities
    outcome outcomes success metric metrics kpi kpis owner owners contact contacts email phone
    industry segment size tier employees headcount revenue funding team members the this that
    it our my your his her their yes no ok okay also and but so then""".split()
)
_NAME_TOKEN = re.compile(r"^(?:[A-Z][a-zA-Z'’.-]*|[A-Z]\.)$")
_ANONYMOUS = re.compile(r"^(?:speaker|person|voice|spk|participant|p|s)\s*\d{1,2}$", re.I)
_INTERROGATIVE = re.compile(
    r"^(?:what|what's|whats|how|why|when|where|which|who|whom|whose|do|does|did|don't|have|has|"
    r"had|is|are|was|were|can|could|would|will|should|shall|may|might|tell me|walk me|describe|"
    r"any|anything|if you|imagine|say|suppose|in your|on a scale|out of)\b",
    re.I,
)


def label_role(label: str) -> Role | None:
    """Return the role a speaker label names by itself, or None for a person's label."""
    key = re.sub(r"\s*#?\d{1,2}$", "", label.strip().casefold()).strip(" .")
    if key in INTERVIEWER_LABELS:
        return "interviewer"
    if key in CUSTOMER_LABELS and not _ANONYMOUS.match(label.strip()):
        return "customer"
    return None


def is_speaker_label(label: str) -> bool:
    """Return whether `label` (the text before a colon) can name a speaker at all."""
    label = label.strip()
    if label_role(label) or _ANONYMOUS.match(label):
        return True
    tokens = label.split()
    if not 1 <= len(tokens) <= 3 or len(label) > 40:
        return False
    return all(_NAME_TOKEN.match(t) for t in tokens) and not any(
        t.casefold().strip(".") in _NOT_SPEAKERS for t in tokens
    )


def needs_repeating(label: str) -> bool:
    """Return whether a label must occur twice before it is trusted (person names do)."""
    return label_role(label) is None and not _ANONYMOUS.match(label.strip())


def is_question(text: str) -> bool:
    """Return whether a line reads like an interviewer's question."""
    core = text.strip().strip("*_\"'“”‘’> ").rstrip("\\ ")
    core = re.sub(r"\s*\([^()]*\)$", "", core)  # "What do you do? (student / working)"
    return core.endswith("?") and bool(_INTERROGATIVE.match(core))


@dataclass
class Turn:
    """One turn while a note is being segmented (before roles are resolved)."""

    text: str
    line: int
    speaker: str | None = None
    section: str | None = None
    hint: Role | None = None
    """A role known from layout alone (a bold question, a question bullet style)."""
    bullet: str | None = None
    """The bullet style of the item, e.g. `0:●`; None for a plain line."""
    quoted: bool = False
    """Whether the turn is a Markdown block quote (`> ...`)."""


def resolve_roles(turns: list[Turn], meta: dict[str, str]) -> dict[str, Role]:
    """Return the role of every labelled speaker of `turns`."""
    speakers = list(dict.fromkeys(t.speaker for t in turns if t.speaker))
    roles: dict[str, Role] = {}
    named = {
        role: {
            n.strip().casefold()
            for key in keys
            for n in re.split(r"[,;&]| and ", meta.get(key, ""))
        }
        - {""}
        for role, keys in (
            ("interviewer", ("interviewer", "interviewers", "host")),
            ("customer", ("interviewee", "customer", "participant", "contact", "attendees")),
        )
    }
    for speaker in speakers:
        role = label_role(speaker)
        if role is None:
            folded = speaker.casefold()
            for candidate, names in named.items():
                if any(
                    folded == n or folded == n.split()[0] or n == folded.split()[0] for n in names
                ):
                    role = candidate  # type: ignore[assignment]
        if role:
            roles[speaker] = role
    unresolved = [s for s in speakers if s not in roles]
    if not unresolved:
        return roles
    known = set(roles.values())
    if "interviewer" in known:
        return roles | {s: "customer" for s in unresolved}
    if known == {"customer"} and len(unresolved) == 1:
        return roles | {unresolved[0]: "interviewer"}
    asked = Counter(t.speaker for t in turns if t.speaker in unresolved and _asks(t.text))
    spoke = Counter(t.speaker for t in turns if t.speaker in unresolved)
    shares = sorted(((asked[s] / spoke[s], s) for s in unresolved), reverse=True)
    best_share, best = shares[0]
    if len(shares) == 1:  # one named voice in notes ("Ben: ..."): only a clear asker is one
        clear = best_share >= 0.6 and spoke[best] >= 2
        return roles | {best: "interviewer" if clear else "unknown"}
    if best_share >= 0.3 and best_share - shares[1][0] >= 0.15:
        return roles | {s: ("interviewer" if s == best else "customer") for s in unresolved}
    return roles | {s: "unknown" for s in unresolved}


_QUESTION_MARK = re.compile(r"\?(?=[\"'”’*_\s]|$)")


def _asks(text: str) -> bool:
    """Return whether a turn asks something ("(customer?)" inside a sentence does not)."""
    return bool(_QUESTION_MARK.search(text))


def question_bullets(turns: list[Turn]) -> set[str]:
    """Return the bullet styles used for questions: >= 3 items, >= 60 % of them questions."""
    items = Counter(t.bullet for t in turns if t.bullet)
    asked = Counter(t.bullet for t in turns if t.bullet and "?" in t.text)
    styles = {b for b, n in items.items() if n >= 3 and asked[b] / n >= 0.6}
    # A style is only "the questions" if something else in the note holds the answers.
    others = [t for t in turns if t.bullet not in styles and t.speaker is None]
    return styles if others else set()
