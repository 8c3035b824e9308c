"""Person names a note gives as the value of a form field, for redaction.

Interview templates name people in fields rather than in prose: `**Interviewer:** Jary
Tolentino`, `Attendees: Sam Carter, Maria Gonzalez`, a table row `| Name / Description | Sunjana
– marketing professional |`. `field_names` returns those names so `tools.notes.redact.redact` can
replace them (and their first or last name alone) wherever they occur.

A field counts when its label names a person role (`PERSON_LABEL`: interviewer, interviewee,
participant, respondent, contact, attendees, moderator, note-taker, name ...). Its value is split
at commas, semicolons, "&" and "and"; each piece counts when it starts with one to three
capitalized words that end the piece or are followed by a dash, a parenthesis, a slash or a
colon ("Sunjana – marketing", "Raj Patel (CFO)"), unless a word is a common reply
("Interviewer: Great" in a transcript is not a name, `_NOT_NAMES`). "Customer:" is not a
person-role label, so the customer's turns are never read as fields.
"""

from __future__ import annotations

import re

PERSON_LABEL = re.compile(
    r"^(?:interviewer|interviewee|interviewers|interviewees|participants?|respondents?|"
    r"contacts?(?: person| name)?|attendees?|moderator|facilitator|note[- ]?takers?|"
    r"(?:full |first |last |contact |customer |participant |interviewee )?names?"
    r"(?:\s*/\s*[\w ]{1,20})?|spoke (?:to|with)|talked (?:to|with)|who did (?:you|we) talk to\??)$",
    re.I,
)
_WORD = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?"
_LEADING_NAME = re.compile(rf"^({_WORD}(?:\s+{_WORD}){{0,2}})\s*(?:$|[–—(/:]|-\s)")
_PIECES = re.compile(r"\s*(?:[,;&]|\band\b)\s*")
_NOT_NAMES = frozenset(
    """Anonymous Unknown Customer Interviewer Interviewee Participant Respondent User Users Me
    Myself Self None Tbd Yes No Friend Friends Founder Founders Team Manager Director The Our
    My A An Male Female Right Sure Okay Ok Great Cool Yeah Yep Nope Thanks Interesting Perfect
    Wow Hmm Mhm Exactly Absolutely Totally Awesome Nice Good Fine Agreed Correct True Alright
    Really Same Hello Hi Hey Bye Understood Got It Sounds Makes Definitely Of Course""".split()
)


def _pairs(line: str) -> list[tuple[str, str]]:
    """Return (label, value) pairs of a `Label: value` line or a Markdown table row."""
    plain = re.sub(r"[*_`]+", "", line).strip()
    plain = re.sub(r"^\s*(?:[-+•]|\d{1,2}[.)])\s+", "", plain)  # a bulleted field
    if plain.startswith("|") and plain.count("|") >= 3:
        cells = [cell.strip() for cell in plain.strip("|").split("|")]
        return [(cells[i].rstrip(":"), cells[i + 1]) for i in range(len(cells) - 1)]
    label, separator, value = plain.partition(":")
    return [(label.strip(), value.strip())] if separator and len(label) <= 40 else []


def field_names(text: str) -> set[str]:
    """Return the person names given as values of person-role fields in `text`."""
    names = set()
    for line in text.split("\n"):
        for label, value in _pairs(line):
            if not value or not PERSON_LABEL.match(label):
                continue
            for piece in _PIECES.split(value):
                match = _LEADING_NAME.match(piece.strip())
                if match:
                    words = [w for w in match.group(1).split() if w not in _NOT_NAMES]
                    if words and words == match.group(1).split():
                        names.add(" ".join(words))
    return names
