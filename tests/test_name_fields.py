import pytest

from tools.notes.name_fields import field_names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("**Interviewer:** Jary Tolentino\n**Date:** Feb 13", {"Jary Tolentino"}),
        ("| **Name / Description** | Sunjana – marketing professional, mid-20s |", {"Sunjana"}),
        ("| Interviewer | Jary Tolentino |", {"Jary Tolentino"}),
        ("Attendees: Sam Carter, Maria Gonzalez and Raj Patel (CFO)",
         {"Sam Carter", "Maria Gonzalez", "Raj Patel"}),
        ("- Participant: Lena Fischer - VP Sales", {"Lena Fischer"}),
        ("Contact name: Anne-Marie Dubois", {"Anne-Marie Dubois"}),
        ("Customer: Salesforce, HubSpot and Excel", set()),
        ("Interviewer: What is your biggest problem?", set()),
        ("Interviewer: Great\nInterviewer: Thanks Maria.", set()),
        ("Interviewee: Anonymous\nName: N/A", set()),
        ("Company: Acme Corp\nDate: March 3", set()),
    ],
)  # fmt: skip
def test_field_names(text, names):
    assert field_names(text) == names
