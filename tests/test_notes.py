from pathlib import Path

import pytest
from docx import Document

from agent.errors import InputError, NoteError
from tools.evidence import quote_occurs
from tools.notes.read import parse_text_note, parse_vtt, read_note, split_front_matter

NOTES = Path(__file__).parent / "fixtures" / "notes"


def who_said(note):
    return [(u.role, u.speaker, u.text) for u in note.utterances]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Interviewer: How do you route leads?\nCustomer: By hand, mostly.\n",
            [("interviewer", "Interviewer", "How do you route leads?"),
             ("customer", "Customer", "By hand, mostly.")],
        ),
        (
            "Q: What tools do you use?\nA: Salesforce and a spreadsheet.\n",
            [("interviewer", "Q", "What tools do you use?"),
             ("customer", "A", "Salesforce and a spreadsheet.")],
        ),
        (  # named speakers: the one who asks is the interviewer
            "Jane: What's hard about routing?\nBob: Leads sit for days.\n"
            "Jane: Why is that?\nBob: Nobody owns the queue.\n",
            [("interviewer", "Jane", "What's hard about routing?"),
             ("customer", "Bob", "Leads sit for days."),
             ("interviewer", "Jane", "Why is that?"),
             ("customer", "Bob", "Nobody owns the queue.")],
        ),
        (  # front matter beats the question heuristic
            "---\ninterviewer: Bob\n---\nJane: Do we start?\nBob: Tell me about routing.\n"
            "Jane: Is it bad? Very.\nBob: Thanks.\n",
            [("customer", "Jane", "Do we start?"),
             ("interviewer", "Bob", "Tell me about routing."),
             ("customer", "Jane", "Is it bad? Very."),
             ("interviewer", "Bob", "Thanks.")],
        ),
        (  # bold labels, bold question, multi-line turn
            "**Maya:** Which tool do you use?\n**Omar:** Mostly Excel.\nAnd email.\n"
            "**Maya:** And then?\n**Omar**: We copy it over.\n",
            [("interviewer", "Maya", "Which tool do you use?"),
             ("customer", "Omar", "Mostly Excel.\nAnd email."),
             ("interviewer", "Maya", "And then?"),
             ("customer", "Omar", "We copy it over.")],
        ),
        (  # timestamps around labels
            "[00:00:05] Interviewer: Any blockers?\n[00:00:09] Customer: The security review.\n",
            [("interviewer", "Interviewer", "Any blockers?"),
             ("customer", "Customer", "The security review.")],
        ),
        (  # unlabelled: bold questions are the interviewer's, answers unknown
            "**What do you use today?**\n\nMostly Excel, honestly.\n",
            [("interviewer", None, "What do you use today?"),
             ("unknown", None, "Mostly Excel, honestly.")],
        ),
        (  # block-quoted question
            "> How do you report to the board?\n\nA deck we build by hand.\n",
            [("interviewer", None, "How do you report to the board?"),
             ("unknown", None, "A deck we build by hand.")],
        ),
        (  # a plain line that asks
            "How long does it take?\nTwo days every month.\n",
            [("interviewer", None, "How long does it take?"),
             ("unknown", None, "Two days every month.")],
        ),
        (  # one bullet style for questions, another for answers; a wrapped answer line
            "● Do you use a CRM?\n○ Yes, HubSpot.\n● How is the data?\n○ Messy, lots of\n"
            "duplicates.\n● Who owns it?\n○ Nobody.\n",
            [("interviewer", None, "Do you use a CRM?"), ("unknown", None, "Yes, HubSpot."),
             ("interviewer", None, "How is the data?"),
             ("unknown", None, "Messy, lots of duplicates."),
             ("interviewer", None, "Who owns it?"), ("unknown", None, "Nobody.")],
        ),
        (  # "- question\n  A: answer" lists
            "- What do you use?\n  A: Notion\n- How often?\n  A: Daily\n- Goal: find gaps\n",
            [("interviewer", None, "What do you use?"), ("customer", "A", "Notion"),
             ("interviewer", None, "How often?"), ("customer", "A", "Daily"),
             ("unknown", None, "Goal: find gaps")],
        ),
        (  # free notes: nobody can tell, and a word used once before a colon is no speaker
            "## Pains\n- CRM is a mess\n* Problem: routing is slow\n",
            [("unknown", None, "CRM is a mess"), ("unknown", None, "Problem: routing is slow")],
        ),
        (  # a lone named voice in notes is nobody we can tell; its label speaks for its item
            '- routing is slow\n  - Ben: "we lose leads (maybe 20%?)"\n  - rules live in a sheet\n'
            '- Ben: "dupes everywhere"\n',
            [("unknown", None, "routing is slow"),
             ("unknown", "Ben", '"we lose leads (maybe 20%?)"'),
             ("unknown", None, "rules live in a sheet"),
             ("unknown", "Ben", '"dupes everywhere"')],
        ),
        (  # a table row `| label | value |` is a line with its own section
            "| **Current solution** | Notebook and a calendar |\n|---|---|\n",
            [("unknown", None, "Notebook and a calendar")],
        ),
    ],
)  # fmt: skip
def test_parse_text_note_roles(text, expected):
    assert who_said(parse_text_note(text, "note.md")) == expected


def test_parse_text_note_sections_follow_headings():
    note = parse_text_note("# Call\n## Pains\n- slow\n**Current stack:**\n- Excel\n", "n.md")
    assert [(u.section, u.text) for u in note.utterances] == [
        ("Pains", "slow"),
        ("Current stack", "Excel"),
    ]


@pytest.mark.parametrize(
    ("text", "meta", "body_start"),
    [
        ("---\naccount: acme.com\nindustry: Software\n---\nText",
         {"account": "acme.com", "industry": "Software"}, 4),
        ("\naccount: acme.com\nEmployees: 120\n\nText",
         {"account": "acme.com", "employees": "120"}, 3),
        ("**Account:** acme.com\nText", {"account": "acme.com"}, 1),
        ("Interviewer: hi there\nCustomer: hello", {}, 0),
        ("---\nno closing fence\nText", {}, 0),
    ],
)  # fmt: skip
def test_split_front_matter(text, meta, body_start):
    assert split_front_matter(text) == (meta, body_start)


def test_read_note_vtt_voices_and_prefixes():
    note = read_note(NOTES / "hooli.com_2024-04-02_interview.vtt")
    assert note.format == "vtt"
    assert note.meta == {"industry": "Software"}
    assert who_said(note) == [
        ("interviewer", "Interviewer", "What does your Monday look like?"),
        ("customer", "Priya Raman", "Every Monday I spend four hours building the pipeline "
         "report by hand in Excel, and it's still wrong half the time."),
        ("interviewer", "Interviewer", "Why is it wrong?"),
        ("customer", "Priya Raman", "Duplicate accounts. Our enrichment vendor creates dupes "
         "faster than we can merge them & nobody owns cleanup."),
    ]  # fmt: skip
    assert note.text.splitlines()[0] == "Interviewer: What does your Monday look like?"


def test_parse_vtt_classes_tags_and_unknown_speakers():
    text = (
        "WEBVTT\n\nSTYLE\n::cue { color: lime }\n\nintro\n00:01.000 --> 00:02.000\n"
        "<v.loud Dana Price><c.yellow>We lose</c> leads.</v>\n\n00:03.000 --> 00:04.000\n"
        "<i>Music plays</i>\n"
    )
    assert who_said(parse_vtt(text, "t.vtt")) == [
        ("unknown", "Dana Price", "We lose leads."),
        ("unknown", None, "Music plays"),
    ]


def write_docx(path, paragraphs, table=None):
    document = Document()
    document.add_heading("Wayne discovery call", level=1)
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    if table:
        grid = document.add_table(rows=len(table), cols=2)
        for row, (left, right) in zip(grid.rows, table, strict=True):
            row.cells[0].text, row.cells[1].text = left, right
    document.save(path)
    return path


def test_read_note_docx_paragraphs_lists_and_tables(tmp_path):
    path = write_docx(
        tmp_path / "wayne.com_2024-05-10_call.docx",
        [
            ("Interviewer: What slows your team down?", None),
            ("Customer: We copy leads from spreadsheets into HubSpot by hand.", None),
            ("Takes two people every Friday", "List Bullet"),
        ],
        table=[("Budget", "About $30k a year")],
    )
    note = read_note(path)
    assert note.format == "docx"
    assert who_said(note) == [
        ("interviewer", "Interviewer", "What slows your team down?"),
        ("customer", "Customer", "We copy leads from spreadsheets into HubSpot by hand.\n"
         "Takes two people every Friday"),
        ("unknown", None, "About $30k a year"),
    ]  # fmt: skip
    assert note.utterances[-1].section == "Budget"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.md", b"", "empty file"),
        ("blank.txt", b"  \n\n\t\n", "empty note"),
        ("front.md", b"---\naccount: acme.com\n---\n\n",
         "empty note (no text besides front matter)"),
        ("headings.md", b"# Title\n\n---\n## Part 2\n", "no interview text"),
        ("binary.txt", b"\x00\x01\x02PK", "binary content, not a text file"),
        ("notes.pdf", b"%PDF-1.4", "unsupported file type .pdf"),
        ("call.vtt", b"00:01.000 --> 00:02.000\nhello\n", "not a WebVTT file"),
        ("silent.vtt", b"WEBVTT\n\nNOTE nothing said\n", "no captions in the WebVTT file"),
        ("broken.docx", b"this is not a zip", "not a readable .docx file"),
    ],
)  # fmt: skip
def test_read_note_bad_files_raise_a_clear_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(NoteError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_note(path)
    assert issubclass(NoteError, InputError)


def test_read_note_empty_docx(tmp_path):
    path = tmp_path / "empty.docx"
    Document().save(path)
    with pytest.raises(NoteError, match="empty document"):
        read_note(path)


def test_read_note_windows_1252_and_crlf(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("Customer: It costs \x80500 \x96 too much.\r\n".encode("latin-1"))
    assert who_said(read_note(path)) == [("customer", "Customer", "It costs €500 – too much.")]


@pytest.mark.parametrize("name", sorted(p.name for p in NOTES.iterdir() if p.stat().st_size))
def test_every_utterance_occurs_in_the_note_text(name):
    note = read_note(NOTES / name)
    for utterance in note.utterances:
        for line in utterance.text.split("\n"):
            assert quote_occurs(line, note.text), line
