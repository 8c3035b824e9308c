import re
from pathlib import Path

import pytest

from tools.notes.read import read_note
from tools.notes.redact import find_names, note_names, redact, redact_note, redact_transcript

NOTES = Path(__file__).parent / "fixtures" / "notes"


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("Write to jane.doe+crm@acme.co.uk today.", "Write to [EMAIL_1] today."),
        ("Call +1 (415) 555-0132 or 415.555.0199.", "Call [PHONE_1] or [PHONE_2]."),
        ("Office: 020 7946 0958, desk 555-0100.", "Office: [PHONE_1], desk [PHONE_2]."),
        ("Hi Sunjana, I’m Jary from the studio.", "Hi [PERSON_1], I’m [PERSON_2] from the studio."),
        ("My name is Dana Whitfield. Dana runs RevOps.",
         "My name is [PERSON_1]. [PERSON_2] runs RevOps."),
        ("Ask Raj Patel (CFO) first; Patel signs.",
         "Ask [PERSON_1] (CFO) first; [PERSON_2] signs."),
        ("Lena Fischer, VP Sales, owns the budget.", "[PERSON_1], VP Sales, owns the budget."),
        ("We spoke with Tom Becker and Ana.", "We spoke with [PERSON_1] and Ana."),
    ],
)  # fmt: skip
def test_redact(text, redacted):
    assert redact(text).text == redacted


@pytest.mark.parametrize(
    "text",
    [
        "On 2024-03-01 and 03/15/2024 we paid $40,000 (or 1,200,000 yen).",
        "Between 2019-2021 growth was 35% and Q3 2024 looks flat.",
        "I'm Not sure. This is Salesforce data from New York.",
        "We have 40 SDRs, 12 AEs and 3 managers.",
    ],
)
def test_redact_leaves_non_pii_alone(text):
    assert redact(text).text == text


def test_redact_known_names_and_restore():
    text = "Marco Ruiz said Marco will ask Ruiz's team; mail marco@x.io or 555-0142."
    redaction = redact(text, names=["Marco Ruiz"])
    assert redaction.text == (
        "[PERSON_1] said [PERSON_2] will ask [PERSON_3]'s team; mail [EMAIL_1] or [PHONE_1]."
    )
    assert redaction.restore(redaction.text) == text
    assert redaction.restore("Quote: “[PERSON_2] will ask”") == "Quote: “Marco will ask”"


def test_find_names_from_cues_and_titles():
    text = "Thanks Priya. Our CFO is Jordan Lee, CFO. I'm Happy to help."
    assert find_names(text) == {"Priya", "Jordan Lee", "Jordan", "Lee"}


def test_redact_note_full_of_pii_leaves_none():
    note = read_note(NOTES / "umbrella.com_2024-03-12_pii.md")
    assert note_names(note) == {"Sam Carter", "Maria Gonzalez"}
    redaction = redact_note(note)
    for secret in ("Maria", "Gonzalez", "Sam", "Carter", "Tom", "Becker", "Jordan", "Lee",
                   "maria.gonzalez@umbrella.com", "jordan.lee@umbrella.com", "555-0132",
                   "415.555.0199"):  # fmt: skip
        assert not re.search(rf"\b{re.escape(secret)}\b", redaction.text), secret
    assert "lost deals because inbound requests sat for days" in redaction.text
    assert redaction.restore(redaction.text) == note.text


def test_redact_transcript_labels_roles_not_people():
    note = read_note(NOTES / "umbrella.com_2024-03-12_pii.md")
    redaction = redact_transcript(note)
    assert redaction.text.splitlines()[0] == (
        "interviewer: Thanks [PERSON_1]. What's the best way to reach you after today?"
    )
    assert redaction.text.splitlines()[3].startswith("customer: Lead routing. [PERSON_")
    for secret in ("Maria", "Tom", "Jordan", "@umbrella.com", "555-0132"):
        assert secret not in redaction.text
